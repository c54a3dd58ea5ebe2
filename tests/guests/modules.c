/*
 * modules: the boot modules the loader passed (rt_boot_modules(): PVH's
 * module list on xen-pvh, none elsewhere): one line per module with its
 * size, command line and first bytes, each module checked to lie outside
 * the heap.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    const struct rt_module *m;
    size_t n = rt_boot_modules(&m);
    int ok = 1;

    rt_printf("modules: %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = (const uint8_t *)(uintptr_t)m[i].addr;
        uint64_t end = m[i].addr + m[i].size;
        int clear = end <= si->heap_start ||
                    m[i].addr >= si->heap_start + si->heap_size;

        rt_printf("module %zu: addr=0x%lx size=%lu cmdline=\"%s\" first=%02x%02x%02x%02x "
                  "outside_heap=%d\n",
                  i, m[i].addr, m[i].size, m[i].cmdline, m[i].size > 0 ? p[0] : 0,
                  m[i].size > 1 ? p[1] : 0, m[i].size > 2 ? p[2] : 0,
                  m[i].size > 3 ? p[3] : 0, clear);
        ok &= clear;
    }
    rt_printf("modules: %s\n", ok ? "ok" : "FAIL");
    return ok ? SOLO5_EXIT_SUCCESS : SOLO5_EXIT_FAILURE;
}
