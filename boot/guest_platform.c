/*
 * platform.c: the virtio transport behind the plat_* interface: the PC
 * services of guest-rt/pc/services.c, every one of them.
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

solo5_result_t plat_net_write(solo5_handle_t h, const uint8_t *buf,
                              size_t size)
{
    return pc_net_write(h, buf, size);
}

solo5_result_t plat_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
                             size_t *read_size)
{
    return pc_net_read(h, buf, size, read_size);
}
