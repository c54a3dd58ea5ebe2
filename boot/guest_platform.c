/*
 * platform.c: the virtio transport behind the plat_* interface: the PC
 * services of virtio/guest_services.c, every one of them. Device I/O goes
 * to the virtio drivers' records (virtio/guest_devices.c).
 */
#include "virtio/guest_devices.h"

void plat_console_write(const char *buf, size_t size)
{
    pc_console_write(buf, size);
}

uint64_t plat_wall_nsecs(void)
{
    return pc_wall_nsecs();
}

solo5_handle_set_t plat_yield(solo5_time_t deadline)
{
    return pc_yield(deadline);
}

void plat_halt(int status)
{
    pc_halt(status);
}
