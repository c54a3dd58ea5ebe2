/*
 * platform.c: the xen-pvh transport behind the plat_* interface. On Xen
 * (xen_pvh_on_xen): the Xen console, Xen's wall clock, sleeping on Xen's
 * timer, SCHEDOP_shutdown. Without Xen: the PC services, as on virtio.
 * Device I/O always goes to virtio-PCI devices, through their drivers'
 * records (on real Xen there are none: the manifest's devices stay
 * unattached).
 */
#include "guest_platform.h"

/* With devices that have input, sleep on Xen in slices this long to poll
 * them. */
#define NET_POLL_NSECS 2000000ULL

void plat_console_write(const char *buf, size_t size)
{
    if (xen_pvh_on_xen)
        xen_console_write(buf, size);
    else
        pc_console_write(buf, size);
}

uint64_t plat_wall_nsecs(void)
{
    return xen_pvh_on_xen ? xen_wall_nsecs() : pc_wall_nsecs();
}

solo5_handle_set_t plat_yield(solo5_time_t deadline)
{
    if (!xen_pvh_on_xen)
        return pc_yield(deadline);
    bool poll = pc_devices_input();
    solo5_handle_set_t ready;
    solo5_time_t now;
    while (!pc_wait_over(deadline, &ready, &now)) {
        uint64_t until = deadline;
        if (poll && deadline - now > NET_POLL_NSECS)
            until = now + NET_POLL_NSECS;
        xen_sleep_until(until);
    }
    return ready;
}

void plat_halt(int status)
{
    if (xen_pvh_on_xen) {
        pc_devices_drain();
        xen_console_flush();
        xen_shutdown(status, &xen_pvh_cpuid);
        rt_printf("xen-pvh: SCHEDOP_shutdown returned; trying the PC's "
                  "exits\n");
    }
    pc_halt(status);
}
