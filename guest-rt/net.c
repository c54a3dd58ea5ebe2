/*
 * net.c: Solo5 network API (NET_BASIC devices), checked here before the
 * target's driver (struct rt_driver).
 *
 * A frame to send may be at most mtu + SOLO5_NET_HLEN bytes; a receive
 * buffer must hold at least that much, so no frame is ever truncated.
 */
#include "kernel.h"

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_net_info *info)
{
    const struct mft_entry *e;
    solo5_handle_t h;

    if (info == NULL)
        return SOLO5_R_EINVAL;
    solo5_result_t rc = mft_acquire(name, MFT_DEV_NET_BASIC, "network", &h,
                                    &e);
    if (rc != SOLO5_R_OK)
        return rc;
    memcpy(info->mac_address, e->u.net_basic.mac, SOLO5_NET_ALEN);
    info->mtu = e->u.net_basic.mtu;
    *handle = h;
    return SOLO5_R_OK;
}

/* Largest frame the device handles, header included; 0 if not usable. */
static size_t frame_max(solo5_handle_t handle)
{
    const struct mft_entry *e = mft_device(handle, MFT_DEV_NET_BASIC);

    return e ? (size_t)e->u.net_basic.mtu + SOLO5_NET_HLEN : 0;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
                               size_t size)
{
    const struct rt_driver *d = rt_driver_find(MFT_DEV_NET_BASIC);
    size_t max = frame_max(handle);

    if (d == NULL || max == 0 || buf == NULL || size > max)
        return SOLO5_R_EINVAL;
    return d->write(handle, 0, buf, size);
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
                              size_t *read_size)
{
    const struct rt_driver *d = rt_driver_find(MFT_DEV_NET_BASIC);
    size_t max = frame_max(handle);

    if (d == NULL || max == 0 || buf == NULL || read_size == NULL ||
        size < max)
        return SOLO5_R_EINVAL;
    return d->read(handle, 0, buf, size, read_size);
}
