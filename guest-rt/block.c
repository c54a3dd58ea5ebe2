/*
 * block.c: Solo5 block API (BLOCK_BASIC devices), checked here before the
 * target's driver (struct rt_driver).
 *
 * Offsets and sizes must be multiples of the device's block size and the
 * range must lie inside the device; anything else is SOLO5_R_EINVAL without
 * bothering the host (which checks again on its side).
 */
#include "kernel.h"

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
                                   struct solo5_block_info *info)
{
    const struct mft_entry *e;
    solo5_handle_t h;

    if (info == NULL)
        return SOLO5_R_EINVAL;
    solo5_result_t rc = mft_acquire(name, MFT_DEV_BLOCK_BASIC, "block", &h,
                                    &e);
    if (rc != SOLO5_R_OK)
        return rc;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = e->u.block_basic.block_size;
    *handle = h;
    return SOLO5_R_OK;
}

/* Is [offset, offset + size) a whole number of blocks inside the device? */
static bool block_range_ok(solo5_handle_t handle, solo5_off_t offset,
                           const void *buf, size_t size)
{
    const struct mft_entry *e = mft_device(handle, MFT_DEV_BLOCK_BASIC);

    if (e == NULL || buf == NULL)
        return false;
    uint64_t bs = e->u.block_basic.block_size;
    uint64_t cap = e->u.block_basic.capacity;
    if (bs == 0 || offset % bs != 0 || size % bs != 0)
        return false;
    return offset <= cap && size <= cap - offset;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
                                 const uint8_t *buf, size_t size)
{
    const struct rt_driver *d = rt_driver_find(MFT_DEV_BLOCK_BASIC);

    if (d == NULL || !block_range_ok(handle, offset, buf, size))
        return SOLO5_R_EINVAL;
    if (size == 0)
        return SOLO5_R_OK;
    return d->write(handle, offset, buf, size);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
                                uint8_t *buf, size_t size)
{
    const struct rt_driver *d = rt_driver_find(MFT_DEV_BLOCK_BASIC);

    if (d == NULL || !block_range_ok(handle, offset, buf, size))
        return SOLO5_R_EINVAL;
    if (size == 0)
        return SOLO5_R_OK;
    return d->read(handle, offset, buf, size, NULL);
}
