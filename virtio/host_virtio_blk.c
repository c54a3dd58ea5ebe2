/*
 * host_virtio_blk.c: virtio-blk over the file --block:NAME=FILE names:
 * 512-byte sectors, capacity in sectors at config offset 0, the device's
 * block size (512, or --block-sector-size's) offered with
 * VIRTIO_BLK_F_BLK_SIZE at config offset 20; requests (aligned to that
 * block size, else VIRTIO_BLK_S_IOERR, as QEMU does) T_IN (read) and
 * T_OUT (write) served in the I/O thread, anything else answered
 * VIRTIO_BLK_S_UNSUPP. A request is: a 16-byte header the device
 * reads, the data, and a status byte the device writes last. A file
 * attached read-only (FILE:ro) offers VIRTIO_BLK_F_RO and answers T_OUT
 * VIRTIO_BLK_S_IOERR without touching the file. The status byte goes back
 * only after preadv/pwritev moved every byte (short transfers continued).
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "host_virtio.h"
#include "vmm/devices.h"
#include "virtio_pci.h"

#define CLASS_STORAGE_SCSI 0x010000
#define MAX_IOV VIRTIO_QUEUE_NUM

static int blk_init(struct virtio_dev *d, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    if (devices_read_only(d->e->b.hostfd))
        d->extra_features |= VIRTIO_BLK_F_RO;
    return 0;
}

/* The device's block size: the entry's, 512 when it has none. */
static uint32_t block_size(const struct virtio_dev *d)
{
    uint32_t bs = d->e->u.block_basic.block_size;
    return bs ? bs : VIRTIO_BLK_SECTOR_SIZE;
}

static unsigned blk_config(struct virtio_dev *d, uint8_t *cfg, unsigned max)
{
    uint64_t sectors = d->e->u.block_basic.capacity / VIRTIO_BLK_SECTOR_SIZE;
    uint32_t bs = block_size(d);
    if (max < VIRTIO_BLK_CFG_BLK_SIZE + 4)
        return 0;
    memcpy(cfg + VIRTIO_BLK_CFG_CAPACITY, &sectors, 8);
    memcpy(cfg + VIRTIO_BLK_CFG_BLK_SIZE, &bs, 4);
    return VIRTIO_BLK_CFG_BLK_SIZE + 4;
}

/* preadv/pwritev until all of iov is done; 0, or -1 on error or EOF. */
static int full_io(int fd, struct iovec *iov, int n, off_t off, bool write)
{
    while (n > 0) {
        ssize_t r = write ? pwritev(fd, iov, n, off) : preadv(fd, iov, n, off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        off += r;
        while (n > 0 && (size_t)r >= iov->iov_len) {
            r -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + r;
            iov->iov_len -= (size_t)r;
        }
    }
    return 0;
}

/* Serve one request; returns the status byte to write. */
static uint8_t request(struct virtio_dev *d, const struct virtq_chain *c,
                       const struct virtio_blk_req_hdr *h, uint32_t *written)
{
    struct iovec iov[MAX_IOV];
    uint64_t len, cap = d->e->u.block_basic.capacity;
    bool out = h->type == VIRTIO_BLK_T_OUT;
    if (h->type != VIRTIO_BLK_T_IN && !out)
        return VIRTIO_BLK_S_UNSUPP;
    if (out && devices_read_only(d->e->b.hostfd))
        return VIRTIO_BLK_S_IOERR;
    uint64_t want = out ? c->rd_len - sizeof(*h) : c->wr_len - 1;
    /* Data the device reads (T_OUT) follows the header; T_IN fills the
     * device-writable buffers up to the status byte. */
    int n = (int)virtq_chain_iov(c, d->mem, !out, out ? sizeof(*h) : 0, want,
                                 iov, MAX_IOV, &len);
    uint64_t bs = block_size(d);
    if (len != want || want % bs != 0 ||
        h->sector > cap / VIRTIO_BLK_SECTOR_SIZE ||
        h->sector * VIRTIO_BLK_SECTOR_SIZE % bs != 0 ||
        want > cap - h->sector * VIRTIO_BLK_SECTOR_SIZE)
        return VIRTIO_BLK_S_IOERR;
    if (full_io(d->e->b.hostfd, iov, n,
                (off_t)(h->sector * VIRTIO_BLK_SECTOR_SIZE), out) < 0)
        return VIRTIO_BLK_S_IOERR;
    *written = out ? 0 : (uint32_t)want;
    return VIRTIO_BLK_S_OK;
}

static void blk_notify(struct virtio_dev *d, unsigned qi)
{
    static struct virtq_buf bufs[VIRTIO_QUEUE_NUM];
    struct virtq *q = &d->q[qi];
    struct virtq_chain c = {.buf = bufs, .max = VIRTIO_QUEUE_NUM};
    char err[256];
    bool used = false;
    int r;
    while ((r = virtq_pop(q, d->mem, &c, err, sizeof(err))) == 1) {
        struct virtio_blk_req_hdr h;
        if (c.rd_len < sizeof(h) || c.wr_len < 1) {
            virtio_fail(d, "request queue",
                        "a request without its 16-byte header or status byte");
            return;
        }
        virtq_chain_read(&c, d->mem, 0, &h, sizeof(h));
        uint32_t written = 0;
        uint8_t status = request(d, &c, &h, &written);
        virtq_chain_write(&c, d->mem, c.wr_len - 1, &status, 1);
        if (virtq_push(q, d->mem, c.head, written + 1, err, sizeof(err)) < 0)
            break;
        used = true;
    }
    if (r < 0)
        virtio_fail(d, "request queue", err);
    if (used)
        virtio_interrupt(d, qi);
}

static void blk_status(struct virtio_dev *d)
{
    (void)d; /* requests arrive by notification only */
}

static const struct virtio_kind blk_kind = {
    .type = MFT_DEV_BLOCK_BASIC,
    .name = "virtio-blk",
    .pci_device = VIRTIO_PCI_DEVICE_BLK,
    .virtio_id = VIRTIO_ID_BLK,
    .class_code = CLASS_STORAGE_SCSI,
    .nqueues = 1,
    .queue_name = {"request queue"},
    .features = VIRTIO_BLK_F_BLK_SIZE,
    .init = blk_init,
    .config = blk_config,
    .notify = blk_notify,
    .status = blk_status,
};
VIRTIO_KIND(blk_kind);
