/* wx-rodata: read-only data is not executable; calling into it faults. */
#include "solo5.h"
#include "guest-rt/rt.h"

const uint8_t rodata_ret[16] = {0xc3}; /* ret */

int solo5_app_main(const struct solo5_start_info *si)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)rodata_ret;

    (void)si;
    rt_printf("wx-rodata: calling rodata_ret at 0x%016lx\n",
              (unsigned long)(uintptr_t)rodata_ret);
    fn();
    rt_printf("wx-rodata: survived, executed rodata\n");
    return SOLO5_EXIT_FAILURE;
}
