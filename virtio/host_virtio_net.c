/*
 * host_virtio_net.c: virtio-net over the tap --net:NAME=TAP names. Offers
 * F_MAC (the manifest entry's MAC) and F_MTU (the tap's MTU, config offset
 * 10: feature bit 3 is in the 32 bits a legacy device offers, and the
 * config field follows max_virtqueue_pairs, which a legacy driver skips
 * without F_MQ); no mergeable buffers, so a receive chain must hold the
 * 10-byte header and MTU + 14 bytes of frame. Queue 0 receives,
 * queue 1 transmits; every frame carries the 10-byte virtio_net_hdr
 * (zeroed on receive, skipped on transmit). Frames go between the tap and
 * the guest's buffers directly (readv/writev), in the I/O thread; the tap
 * is watched only while the driver has receive buffers.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>

#include "host_virtio.h"
#include "virtio_pci.h"

#define CLASS_NETWORK_ETHERNET 0x020000
#define HDR_LEN sizeof(struct virtio_net_hdr)
#define MAX_IOV VIRTIO_QUEUE_NUM

struct net {
    struct io_watch tap;
    bool watching;
};

static struct net nets[PCI_MAX_SLOTS];
static struct virtq_buf bufs[VIRTIO_QUEUE_NUM]; /* I/O thread only */

static void watch_tap(struct virtio_dev *d, bool on)
{
    struct net *n = d->priv;
    if (n->watching != on)
        iothread_rewatch(d->io, &n->tap, on ? EPOLLIN : 0);
    n->watching = on;
}

/* Frames from the tap into receive buffers, while there are both. */
static void rx(struct virtio_dev *d)
{
    static const struct virtio_net_hdr zero_hdr;
    struct virtq *q = &d->q[VIRTIO_NET_Q_RX];
    struct virtq_chain c = {.buf = bufs, .max = VIRTIO_QUEUE_NUM};
    struct iovec iov[MAX_IOV];
    char err[256];
    bool used = false, wait_frame = false;
    while (virtio_ready(d) && q->num) {
        int r = virtq_pop(q, d->mem, &c, err, sizeof(err));
        if (r < 0)
            virtio_fail(d, "rx queue", err);
        if (r <= 0)
            break; /* no buffers: wait for the driver to add some */
        if (c.nread || c.wr_len <= HDR_LEN) {
            virtio_fail(d, "rx queue",
                        "a receive chain that is not device-writable or "
                        "cannot hold the virtio-net header");
            break;
        }
        uint64_t room;
        int n = (int)virtq_chain_iov(&c, d->mem, true, HDR_LEN, c.wr_len, iov,
                                     MAX_IOV, &room);
        ssize_t len;
        do
            len = readv(d->e->b.hostfd, iov, n);
        while (len < 0 && errno == EINTR);
        if (len < 0) {
            virtq_unpop(q);
            wait_frame = errno == EAGAIN; /* buffers ready: wait for one */
            break;
        }
        virtq_chain_write(&c, d->mem, 0, &zero_hdr, HDR_LEN);
        if (virtq_push(q, d->mem, c.head, (uint32_t)(HDR_LEN + len), err,
                       sizeof(err)) < 0)
            break;
        used = true;
    }
    watch_tap(d, wait_frame);
    if (used)
        virtio_interrupt(d, VIRTIO_NET_Q_RX);
}

/* Frames from transmit buffers to the tap; a full tap drops the frame. */
static void tx(struct virtio_dev *d)
{
    struct virtq *q = &d->q[VIRTIO_NET_Q_TX];
    struct virtq_chain c = {.buf = bufs, .max = VIRTIO_QUEUE_NUM};
    struct iovec iov[MAX_IOV];
    char err[256];
    bool used = false;
    int r;
    while ((r = virtq_pop(q, d->mem, &c, err, sizeof(err))) == 1) {
        uint64_t len;
        int n = (int)virtq_chain_iov(&c, d->mem, false, HDR_LEN, c.rd_len, iov,
                                     MAX_IOV, &len);
        if (len > 0 && len <= (uint64_t)d->e->u.net_basic.mtu + 14 + 4) {
            ssize_t w;
            do
                w = writev(d->e->b.hostfd, iov, n);
            while (w < 0 && errno == EINTR);
        }
        if (virtq_push(q, d->mem, c.head, 0, err, sizeof(err)) < 0)
            break;
        used = true;
    }
    if (r < 0)
        virtio_fail(d, "tx queue", err);
    if (used)
        virtio_interrupt(d, VIRTIO_NET_Q_TX);
}

static void on_tap(struct io_watch *w)
{
    struct virtio_dev *d = w->arg;
    pthread_mutex_lock(&d->lock);
    rx(d);
    pthread_mutex_unlock(&d->lock);
}

static int net_init(struct virtio_dev *d, char *err, size_t errlen)
{
    struct net *n = &nets[d->pci.slot];
    *n = (struct net){{d->e->b.hostfd, on_tap, d}, false};
    d->priv = n;
    return iothread_watch(d->io, &n->tap, 0, err, errlen);
}

static unsigned net_config(struct virtio_dev *d, uint8_t *cfg, unsigned max)
{
    uint16_t status = 1, pairs = 1, mtu = d->e->u.net_basic.mtu; /* up */
    if (max < 12)
        return 0;
    memcpy(cfg + VIRTIO_NET_CFG_MAC, d->e->u.net_basic.mac, 6);
    memcpy(cfg + VIRTIO_NET_CFG_STATUS, &status, 2);
    memcpy(cfg + 8, &pairs, 2); /* max_virtqueue_pairs */
    memcpy(cfg + VIRTIO_NET_CFG_MTU, &mtu, 2);
    return 12;
}

static void net_notify(struct virtio_dev *d, unsigned q)
{
    if (q == VIRTIO_NET_Q_RX)
        rx(d);
    else
        tx(d);
}

static void net_status(struct virtio_dev *d)
{
    /* DRIVER_OK: the rx notification set_status() sends starts rx. */
    if (!virtio_ready(d))
        watch_tap(d, false);
}

static const struct virtio_kind net_kind = {
    .type = MFT_DEV_NET_BASIC,
    .name = "virtio-net",
    .pci_device = VIRTIO_PCI_DEVICE_NET,
    .virtio_id = VIRTIO_ID_NET,
    .class_code = CLASS_NETWORK_ETHERNET,
    .nqueues = 2,
    .queue_name = {"rx queue", "tx queue"},
    .features = VIRTIO_NET_F_MAC | VIRTIO_NET_F_MTU,
    .init = net_init,
    .config = net_config,
    .notify = net_notify,
    .status = net_status,
};
VIRTIO_KIND(net_kind);
