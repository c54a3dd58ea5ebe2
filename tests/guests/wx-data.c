/* wx-data: writable data is not executable; calling into it faults. */
#include "solo5.h"
#include "guest-rt/rt.h"

uint8_t data_ret[16] = {0xc3}; /* ret */

int solo5_app_main(const struct solo5_start_info *si)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)data_ret;

    (void)si;
    rt_printf("wx-data: calling data_ret at 0x%016lx\n",
              (unsigned long)(uintptr_t)data_ret);
    fn();
    rt_printf("wx-data: survived, executed data\n");
    return SOLO5_EXIT_FAILURE;
}
