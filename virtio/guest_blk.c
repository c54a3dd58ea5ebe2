/*
 * guest_blk.c: legacy virtio-blk driver, polled.
 *
 * Capacity (in 512-byte sectors) at device config offset 0. With
 * VIRTIO_BLK_F_BLK_SIZE the device's block size (config offset 20) is the
 * Solo5 block size, when it is a power of two from 512 to 32768 dividing
 * the capacity; else 512. One request at a time, as a three-descriptor
 * chain 0 -> 1 -> 2: the request header (device reads), the caller's
 * buffer itself (device reads for a write, writes for a read; guest memory
 * is identity-mapped) and a status byte (device writes). Requests larger
 * than CHUNK are split. The driver spins on the used ring until the
 * request comes back, giving up after WAIT_NSECS. Its record, at the end,
 * makes it the BLOCK_BASIC driver of the virtio and xen-pvh runtimes.
 */
#include "guest_virtio.h"

#define CHUNK (1U << 20) /* a multiple of every block size taken */
#define WAIT_NSECS 30000000000ULL
#define BLK_SIZE_MAX 32768 /* mft_block_basic.block_size: 16 bits */

struct vblk {
    struct virtio_pci_dev dev;
    struct vq q;
    struct virtio_blk_req_hdr *hdr;
    volatile uint8_t *status;
    uint32_t bs; /* block size: offsets and sizes are multiples */
    bool failed;
};

static solo5_result_t fail(struct vblk *b, const char *why)
{
    if (!b->failed) {
        rt_printf("%s: device error: %s; disabled\n", b->dev.name, why);
        virtio_dev_fail(&b->dev);
        b->failed = true;
    }
    return SOLO5_R_EUNSPEC;
}

/* The block size device d offers (with features f), if usable; else 512. */
static uint32_t vblk_block_size(const struct virtio_pci_dev *d, uint32_t f,
                                uint64_t sectors)
{
    if (!(f & VIRTIO_BLK_F_BLK_SIZE))
        return VIRTIO_BLK_SECTOR_SIZE;
    uint32_t bs = inl(d->iobase + VIRTIO_PCI_CONFIG + VIRTIO_BLK_CFG_BLK_SIZE);
    uint32_t per = bs / VIRTIO_BLK_SECTOR_SIZE;
    if (bs >= VIRTIO_BLK_SECTOR_SIZE && bs <= BLK_SIZE_MAX &&
        (bs & (bs - 1)) == 0 && sectors % per == 0)
        return bs;
    rt_printf("%s: ignoring block size %u (not a power of two from 512 to "
              "%u dividing the capacity); using 512\n",
              d->name, bs, BLK_SIZE_MAX);
    return VIRTIO_BLK_SECTOR_SIZE;
}

static struct vblk *vblk_init(const struct virtio_pci_dev *d,
                              uint64_t *capacity)
{
    struct vblk *b = pc_alloc(sizeof *b, 16);
    uint16_t cfg = d->iobase + VIRTIO_PCI_CONFIG + VIRTIO_BLK_CFG_CAPACITY;

    b->dev = *d;
    uint32_t f = virtio_dev_begin(d, VIRTIO_BLK_F_BLK_SIZE);
    uint64_t sectors = inl(cfg) | (uint64_t)inl(cfg + 4) << 32;
    b->bs = vblk_block_size(d, f, sectors);
    if (!vq_init(&b->q, d->iobase, 0) || b->q.num < 3) {
        fail(b, "no usable request queue");
        return NULL;
    }
    if (sectors > UINT64_MAX / VIRTIO_BLK_SECTOR_SIZE) {
        fail(b, "capacity out of range");
        return NULL;
    }
    b->hdr = pc_alloc(sizeof *b->hdr, 16);
    b->status = pc_alloc(1, 1);
    b->q.avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    virtio_dev_ready(d);
    *capacity = sectors * VIRTIO_BLK_SECTOR_SIZE;
    return b;
}

static solo5_result_t request(struct vblk *b, bool write, uint64_t sector,
                              uint8_t *buf, uint32_t len)
{
    volatile struct virtq_desc *d = b->q.desc;
    uint32_t id, used_len;
    int r;

    b->hdr->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
    b->hdr->ioprio = 0;
    b->hdr->sector = sector;
    *b->status = 0xff;
    d[0].addr = (uintptr_t)b->hdr;
    d[0].len = sizeof *b->hdr;
    d[0].flags = VIRTQ_DESC_F_NEXT;
    d[0].next = 1;
    d[1].addr = (uintptr_t)buf;
    d[1].len = len;
    d[1].flags =
        (uint16_t)((write ? 0 : VIRTQ_DESC_F_WRITE) | VIRTQ_DESC_F_NEXT);
    d[1].next = 2;
    d[2].addr = (uintptr_t)b->status;
    d[2].len = 1;
    d[2].flags = VIRTQ_DESC_F_WRITE;
    d[2].next = 0;
    vq_publish(&b->q, 0);
    vq_notify(&b->q);

    solo5_time_t until = solo5_clock_monotonic() + WAIT_NSECS;
    while ((r = vq_take_used(&b->q, &id, &used_len)) == 0) {
        __asm__ __volatile__("pause");
        if (solo5_clock_monotonic() > until)
            return fail(b, "request not completed in 30 s");
    }
    if (r < 0 || id != 0)
        return fail(b, "used ring names no pending request");
    return *b->status == VIRTIO_BLK_S_OK ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

static solo5_result_t vblk_io(struct vblk *b, bool write, uint64_t offset,
                              uint8_t *buf, size_t size)
{
    if (b->failed)
        return SOLO5_R_EUNSPEC;
    if (offset % b->bs || size % b->bs)
        return SOLO5_R_EINVAL;
    while (size) {
        uint32_t n = size < CHUNK ? (uint32_t)size : CHUNK;
        solo5_result_t rc =
            request(b, write, offset / VIRTIO_BLK_SECTOR_SIZE, buf, n);
        if (rc != SOLO5_R_OK)
            return rc;
        offset += n;
        buf += n;
        size -= n;
    }
    return SOLO5_R_OK;
}

/* Is [buf, buf + size) guest RAM a device may use (not page 0)? */
static bool dma_ok(const void *buf, size_t size)
{
    uintptr_t a = (uintptr_t)buf;

    return a >= RT_PAGE_SIZE && a <= pc_mem_end && size <= pc_mem_end - a;
}

/* The Solo5 API's way here: the device of an acquired handle. */
static solo5_result_t blk_write(solo5_handle_t h, solo5_off_t offset,
                                const uint8_t *buf, size_t size)
{
    struct vblk *b = virtio_device(h);

    if (b == NULL || !dma_ok(buf, size))
        return SOLO5_R_EINVAL;
    /* The device only reads the buffer for a write. */
    return vblk_io(b, true, offset, (uint8_t *)(uintptr_t)buf, size);
}

static solo5_result_t blk_read(solo5_handle_t h, solo5_off_t offset,
                               uint8_t *buf, size_t size, size_t *read_size)
{
    struct vblk *b = virtio_device(h);

    (void)read_size;
    if (b == NULL || !dma_ok(buf, size))
        return SOLO5_R_EINVAL;
    return vblk_io(b, false, offset, buf, size);
}

static void *blk_attach(struct mft_entry *e, const struct virtio_pci_dev *d)
{
    uint64_t capacity;
    struct vblk *b = vblk_init(d, &capacity);

    if (b) {
        e->u.block_basic.capacity = capacity;
        e->u.block_basic.block_size = (uint16_t)b->bs;
    }
    return b;
}

static const struct virtio_driver blk_driver = {
    .rt = {MFT_DEV_BLOCK_BASIC, blk_write, blk_read},
    .virtio_id = VIRTIO_ID_BLK,
    .name = "virtio-blk",
    .attach = blk_attach,
};
VIRTIO_DRIVER(blk_driver);
