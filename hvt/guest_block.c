/*
 * guest_block.c: the block devices' driver on hvt (RT_DRIVER): the
 * BLOCK_WRITE and BLOCK_READ hypercalls, which vmm serves on the device's
 * file (hvt/host_block.c).
 */
#include "guest-rt/kernel.h"
#include "hvt_abi.h"

static solo5_result_t block_write(solo5_handle_t h, solo5_off_t offset,
                                  const uint8_t *buf, size_t size)
{
    struct hvt_hc_block_write w = {
        .handle = h, .offset = offset, .data = buf, .len = size};

    hvt_do_hypercall(HVT_HYPERCALL_BLOCK_WRITE, &w);
    return (solo5_result_t)w.ret;
}

static solo5_result_t block_read(solo5_handle_t h, solo5_off_t offset,
                                 uint8_t *buf, size_t size, size_t *read_size)
{
    struct hvt_hc_block_read r = {
        .handle = h, .offset = offset, .data = buf, .len = size};

    (void)read_size;
    hvt_do_hypercall(HVT_HYPERCALL_BLOCK_READ, &r);
    return (solo5_result_t)r.ret;
}

static const struct rt_driver block_driver = {MFT_DEV_BLOCK_BASIC,
                                              block_write, block_read};
RT_DRIVER(block_driver);
