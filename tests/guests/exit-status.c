/*
 * exit-status: exits with the status given as its only argument (decimal),
 * to check that each target carries it to the host exactly (hvt HALT,
 * isa-debug-exit, Xen's SCHEDOP_shutdown with vmm's status extension).
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    int status = 0;

    for (const char *p = si->cmdline; *p >= '0' && *p <= '9'; p++)
        status = status * 10 + (*p - '0');
    rt_printf("exit-status: exiting with %d\n", status);
    solo5_exit(status);
}
