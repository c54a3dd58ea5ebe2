/* zeropage: page 0 is unmapped, so a NULL dereference faults. */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    /* volatile: the compiler may not assume what the pointer holds. */
    volatile int *volatile null = 0;

    (void)si;
    rt_printf("zeropage: reading address 0\n");
    int v = *null;
    rt_printf("zeropage: survived, read %d\n", v);
    return SOLO5_EXIT_FAILURE;
}
