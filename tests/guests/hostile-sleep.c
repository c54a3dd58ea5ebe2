/*
 * hostile-sleep [SECONDS]: say "hostile-sleep: ready", sleep SECONDS
 * (default 3) in solo5_yield(), say "hostile-sleep: done" and exit 0. The
 * guest that idles while hostile-host-check reads the running vmm's
 * /proc/PID/status (and its threads' and its reaper child's): capabilities,
 * no_new_privs, seccomp mode. Sleeping takes each target's waiting path
 * (hvt POLL, the PC's PIT and hlt, Xen's timer and SCHEDOP_block).
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    uint64_t secs = 0;
    for (const char *p = si->cmdline; *p >= '0' && *p <= '9'; p++)
        secs = secs * 10 + (uint64_t)(*p - '0');
    if (!secs)
        secs = 3;
    rt_printf("hostile-sleep: ready\n");
    solo5_time_t until = solo5_clock_monotonic() + secs * 1000000000ULL;
    while (solo5_clock_monotonic() < until)
        solo5_yield(until, NULL);
    rt_printf("hostile-sleep: done\n");
    return SOLO5_EXIT_SUCCESS;
}
