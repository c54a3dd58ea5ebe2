/*
 * hostile-loop: say "hostile-loop: spinning" and spin forever with
 * interrupts off, never exiting to vmm. vmm must still die promptly of
 * SIGTERM (hostile-host-check sends it after a second and wants the
 * process gone within a few seconds, status 143: 128 + SIGTERM).
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    rt_printf("hostile-loop: spinning\n");
    __asm__ __volatile__("cli");
    for (;;)
        __asm__ __volatile__("pause");
}
