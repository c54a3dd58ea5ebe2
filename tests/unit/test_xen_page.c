/*
 * test_xen_page.c: the hypercall page's stubs and the pvclock scale.
 */
#include <stdlib.h>

#include "unit.h"
#include "xen-pvh/host_xen.h"

#define MEM (2ULL << 20)

Test(xen_page, stubs_and_refusals)
{
    struct guest_mem m = {calloc(1, MEM), MEM};
    cr_assert_eq(xen_write_hypercall_page(&m, 0x5000), 0);
    static const uint8_t stub29[] = {0xb8, 29, 0, 0, 0, 0xe6, XEN_SHIM_PORT,
                                     0xc3, 0xcc};
    cr_assert_eq(memcmp(m.base + 0x5000 + 29 * 32, stub29, sizeof(stub29)), 0);
    cr_assert_eq(m.base[0x5000 + 127 * 32], 0xb8);
    cr_assert_eq(m.base[0x5000 + 127 * 32 + 1], 127);
    cr_assert_eq(xen_write_hypercall_page(&m, 0x6001), -1, "page index 1");
    cr_assert_eq(xen_write_hypercall_page(&m, MEM), -1);
    cr_assert_eq(xen_write_hypercall_page(&m, UINT64_MAX & ~0xfffULL), -1);
    free(m.base);
}

Test(xen_pvclock, scale_matches_the_frequency)
{
    static const uint64_t hz[] = {1000000ULL,    999999999ULL,
                                  1000000000ULL, 1000000001ULL,
                                  2500000000ULL, 3999999999ULL,
                                  5000000000ULL};
    for (size_t i = 0; i < sizeof(hz) / sizeof(hz[0]); i++) {
        uint32_t mul;
        int8_t shift;
        xen_pvclock_params(hz[i], &mul, &shift);
        cr_assert_geq(mul, 1u << 31, "%lu Hz", (unsigned long)hz[i]);
        uint64_t ns = xen_pvclock_scale(hz[i] * 10, mul, shift);
        uint64_t want = 10000000000ULL;
        uint64_t diff = ns > want ? ns - want : want - ns;
        cr_assert_leq(diff, 20, "%lu Hz: 10 s of ticks give %lu ns",
                      (unsigned long)hz[i], (unsigned long)ns);
    }
}
