/*
 * guest_net.c: the network devices' driver on hvt (RT_DRIVER): the
 * NET_WRITE and NET_READ hypercalls, which vmm serves on the device's tap
 * (hvt/host_net.c). Waiting for frames is solo5_yield's POLL.
 */
#include "guest-rt/kernel.h"
#include "hvt_abi.h"

static solo5_result_t net_write(solo5_handle_t h, solo5_off_t offset,
                                const uint8_t *buf, size_t size)
{
    struct hvt_hc_net_write w = {.handle = h, .data = buf, .len = size};

    (void)offset;
    hvt_do_hypercall(HVT_HYPERCALL_NET_WRITE, &w);
    return (solo5_result_t)w.ret;
}

static solo5_result_t net_read(solo5_handle_t h, solo5_off_t offset,
                               uint8_t *buf, size_t size, size_t *read_size)
{
    struct hvt_hc_net_read r = {.handle = h, .data = buf, .len = size};

    (void)offset;
    hvt_do_hypercall(HVT_HYPERCALL_NET_READ, &r);
    if (r.ret == SOLO5_R_OK)
        *read_size = r.len;
    return (solo5_result_t)r.ret;
}

static const struct rt_driver net_driver = {MFT_DEV_NET_BASIC, net_write,
                                            net_read};
RT_DRIVER(net_driver);
