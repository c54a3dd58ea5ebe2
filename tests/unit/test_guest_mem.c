/* test_guest_mem.c: bounds checks on guest-physical ranges. */
#include <stdlib.h>

#include "vmm/guest_mem.h"
#include "unit.h"

#define SIZE 0x10000ULL

static struct guest_mem mem(void)
{
    struct guest_mem m = {calloc(1, SIZE), SIZE};
    cr_assert(m.base);
    return m;
}

Test(gmem_check, ranges)
{
    struct guest_mem m = mem();
    cr_assert(gmem_check(&m, 0, SIZE));
    cr_assert(gmem_check(&m, 0, 0));
    cr_assert(gmem_check(&m, SIZE, 0), "an empty range at the end");
    cr_assert(gmem_check(&m, SIZE - 1, 1));
    cr_assert_not(gmem_check(&m, SIZE - 1, 2), "straddles the end");
    cr_assert_not(gmem_check(&m, 0, SIZE + 1));
    cr_assert_not(gmem_check(&m, SIZE + 1, 0));
    cr_assert_not(gmem_check(&m, SIZE, 1));
    cr_assert_not(gmem_check(&m, UINT64_MAX, 2), "wraps");
    cr_assert_not(gmem_check(&m, 16, UINT64_MAX - 8), "wraps");
    cr_assert_not(gmem_check(&m, UINT64_MAX, 0));
    free(m.base);
}

Test(gmem_ptr, host_pointer_or_null)
{
    struct guest_mem m = mem();
    cr_assert_eq(gmem_ptr(&m, 0x100, 16), m.base + 0x100);
    cr_assert_eq(gmem_ptr(&m, SIZE, 0), m.base + SIZE);
    cr_assert_null(gmem_ptr(&m, SIZE - 8, 16));
    cr_assert_null(gmem_ptr(&m, UINT64_MAX - 7, 16));
    free(m.base);
}

Test(gmem_read_write, copy_in_range_nothing_otherwise)
{
    struct guest_mem m = mem();
    uint8_t buf[16], out[16];
    memset(buf, 0xab, sizeof(buf));
    cr_assert(gmem_write(&m, SIZE - 16, buf, 16));
    cr_assert_eq(m.base[SIZE - 16], 0xab);
    cr_assert_eq(m.base[SIZE - 1], 0xab);
    cr_assert_not(gmem_write(&m, SIZE - 15, buf, 16));
    cr_assert_eq(m.base[SIZE - 17], 0, "nothing written on refusal");
    memset(out, 0x11, sizeof(out));
    cr_assert_not(gmem_read(&m, SIZE - 8, out, 16));
    cr_assert_eq(out[0], 0x11, "nothing read on refusal");
    cr_assert(gmem_read(&m, SIZE - 16, out, 16));
    cr_assert(memcmp(out, buf, 16) == 0);
    cr_assert_not(gmem_read(&m, UINT64_MAX - 3, out, 8));
    free(m.base);
}

Test(gmem_map, maps_and_unmaps)
{
    struct guest_mem m;
    cr_assert(gmem_map(&m, 4ULL << 20));
    cr_assert_eq(m.size, 4ULL << 20);
    m.base[0] = 1;
    m.base[m.size - 1] = 2;
    gmem_unmap(&m);
    cr_assert_null(m.base);
    cr_assert_eq(m.size, 0);
}
