/* wx-text: code is mapped read-only; writing to a function faults. */
#include "solo5.h"
#include "guest-rt/rt.h"

__attribute__((noinline)) int wx_target(int x)
{
    return x * 3 + 1;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile uint8_t *code = (volatile uint8_t *)(uintptr_t)&wx_target;

    (void)si;
    rt_printf("wx-text: writing to wx_target at 0x%016lx\n",
              (unsigned long)(uintptr_t)code);
    *code = 0xc3; /* ret */
    rt_printf("wx-text: survived, wx_target(1) = %d\n", wx_target(1));
    return SOLO5_EXIT_FAILURE;
}
