/*
 * platform.c: the xen-pvh transport behind the plat_* interface. On Xen
 * (xen_pvh_on_xen): the Xen console, Xen's wall clock, sleeping on Xen's
 * timer, SCHEDOP_shutdown. Without Xen: the PC services, as on virtio.
 * Block and network I/O always go to virtio-PCI devices (on real Xen
 * there are none: the manifest's devices stay unattached).
 */
#include "guest_platform.h"

/* With network devices, sleep on Xen in slices this long to poll them. */
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
    bool poll = pc_net_present();
    for (;;) {
        solo5_handle_set_t ready = pc_net_ready();
        if (ready)
            return ready;
        solo5_time_t now = solo5_clock_monotonic();
        if (now >= deadline)
            return 0;
        uint64_t until = deadline;
        if (poll && deadline - now > NET_POLL_NSECS)
            until = now + NET_POLL_NSECS;
        xen_sleep_until(until);
    }
}

void plat_halt(int status)
{
    if (xen_pvh_on_xen) {
        pc_net_drain();
        xen_console_flush();
        xen_shutdown(status, &xen_pvh_cpuid);
        rt_printf("xen-pvh: SCHEDOP_shutdown returned; trying the PC's "
                  "exits\n");
    }
    pc_halt(status);
}

solo5_result_t plat_block_write(solo5_handle_t h, solo5_off_t offset,
                                const uint8_t *buf, size_t size)
{
    return pc_block_write(h, offset, buf, size);
}

solo5_result_t plat_block_read(solo5_handle_t h, solo5_off_t offset,
                               uint8_t *buf, size_t size)
{
    return pc_block_read(h, offset, buf, size);
}

solo5_result_t plat_net_write(solo5_handle_t h, const uint8_t *buf, size_t size)
{
    return pc_net_write(h, buf, size);
}

solo5_result_t plat_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
                             size_t *read_size)
{
    return pc_net_read(h, buf, size, read_size);
}
