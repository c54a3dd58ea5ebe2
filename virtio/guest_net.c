/*
 * guest_net.c: legacy virtio-net driver.
 *
 * Features: VIRTIO_NET_F_MAC (required: the MAC comes from the device) and
 * VIRTIO_NET_F_MTU when offered (else the MTU is 1500). No mergeable
 * buffers, so each packet has a 10-byte struct virtio_net_hdr in front.
 * Queue 0 receives, queue 1 transmits; slot s of either queue owns the
 * descriptor pair 2s (header) -> 2s+1 (frame), so a used id names its slot.
 * Every receive slot is posted at start and re-posted after its frame was
 * copied out. A frame to send is copied into a free transmit slot (slots
 * come back through the used ring, polled: transmit interrupts are off), so
 * the caller's buffer is free again on return; before the guest exits,
 * vnet_tx_pending() lets it wait for queued frames to leave (a host like
 * QEMU sends them asynchronously). Receive interrupts come
 * through the PCI INTx line and the 8259 (guest_devices.c, pc/). The
 * driver's record, at the end, makes it the NET_BASIC driver of the virtio
 * and xen-pvh runtimes.
 */
#include "guest_virtio.h"

#define NET_HDR_LEN sizeof(struct virtio_net_hdr)
#define ETH_HLEN 14
#define MTU_DEFAULT 1500
#define MTU_MIN 68
#define MTU_MAX 9216
#define TX_WAIT_NSECS 1000000000ULL

struct vnet {
    struct virtio_pci_dev dev;
    struct vq rx, tx;
    uint16_t nrx, ntx; /* slots per queue */
    size_t frame_max;  /* mtu + Ethernet header */
    struct virtio_net_hdr *rx_hdr, *tx_hdr;
    uint8_t *rx_buf, *tx_buf; /* slot s at s * frame_max */
    bool *rx_posted, *tx_busy;
    bool failed;
};

static solo5_result_t fail(struct vnet *n, const char *why)
{
    if (!n->failed) {
        rt_printf("%s: device error: %s; disabled\n", n->dev.name, why);
        virtio_dev_fail(&n->dev);
        n->failed = true;
    }
    return SOLO5_R_EUNSPEC;
}

static void rx_post(struct vnet *n, uint16_t s)
{
    volatile struct virtq_desc *d = &n->rx.desc[2 * s];

    d[0].addr = (uintptr_t)&n->rx_hdr[s];
    d[0].len = NET_HDR_LEN;
    d[0].flags = VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT;
    d[0].next = (uint16_t)(2 * s + 1);
    d[1].addr = (uintptr_t)(n->rx_buf + s * n->frame_max);
    d[1].len = (uint32_t)n->frame_max;
    d[1].flags = VIRTQ_DESC_F_WRITE;
    d[1].next = 0;
    n->rx_posted[s] = true;
    vq_publish(&n->rx, (uint16_t)(2 * s));
}

static struct vnet *vnet_init(const struct virtio_pci_dev *d, uint8_t mac[6],
                              uint16_t *mtu)
{
    struct vnet *n = pc_alloc(sizeof *n, 16);
    uint16_t cfg = d->iobase + VIRTIO_PCI_CONFIG;

    n->dev = *d;
    uint32_t f = virtio_dev_begin(d, VIRTIO_NET_F_MAC | VIRTIO_NET_F_MTU);
    if (!(f & VIRTIO_NET_F_MAC)) {
        fail(n, "no MAC address (VIRTIO_NET_F_MAC) offered");
        return NULL;
    }
    for (unsigned i = 0; i < 6; i++)
        mac[i] = inb(cfg + VIRTIO_NET_CFG_MAC + i);
    *mtu = MTU_DEFAULT;
    if (f & VIRTIO_NET_F_MTU) {
        uint16_t m = inw(cfg + VIRTIO_NET_CFG_MTU);
        if (m >= MTU_MIN && m <= MTU_MAX)
            *mtu = m;
        else
            rt_printf("%s: ignoring MTU %u (not in %u..%u)\n", d->name, m,
                      MTU_MIN, MTU_MAX);
    }
    if (!vq_init(&n->rx, d->iobase, VIRTIO_NET_Q_RX) ||
        !vq_init(&n->tx, d->iobase, VIRTIO_NET_Q_TX) || n->rx.num < 2 ||
        n->tx.num < 2) {
        fail(n, "no usable receive and transmit queues");
        return NULL;
    }
    n->nrx = n->rx.num / 2;
    n->ntx = n->tx.num / 2;
    n->frame_max = (size_t)*mtu + ETH_HLEN;
    n->rx_hdr = pc_alloc(n->nrx * NET_HDR_LEN, 16);
    n->tx_hdr = pc_alloc(NET_HDR_LEN, 16);
    n->rx_buf = pc_alloc(n->nrx * n->frame_max, 64);
    n->tx_buf = pc_alloc(n->ntx * n->frame_max, 64);
    n->rx_posted = pc_alloc(n->nrx * sizeof(bool), 1);
    n->tx_busy = pc_alloc(n->ntx * sizeof(bool), 1);

    n->tx.avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    for (uint16_t s = 0; s < n->nrx; s++)
        rx_post(n, s);
    virtio_dev_ready(d);
    vq_notify(&n->rx);
    return n;
}

static void vnet_irq_ack(void *dev)
{
    struct vnet *n = dev;

    (void)inb(n->dev.iobase + VIRTIO_PCI_ISR);
}

static bool vnet_rx_ready(void *dev)
{
    struct vnet *n = dev;

    return !n->failed && vq_has_used(&n->rx);
}

static solo5_result_t vnet_read(struct vnet *n, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    uint32_t id, len;
    int r;

    while (!n->failed && (r = vq_take_used(&n->rx, &id, &len)) != 0) {
        if (r < 0)
            return fail(n, "receive used index ran ahead of the ring");
        if (id >= n->rx.num || (id & 1) || !n->rx_posted[id / 2])
            return fail(n, "receive used id names no posted buffer");
        uint16_t s = (uint16_t)(id / 2);
        n->rx_posted[s] = false;
        size_t frame = len >= NET_HDR_LEN ? len - NET_HDR_LEN : 0;
        bool ok = len >= NET_HDR_LEN && frame <= n->frame_max && frame <= size;
        if (ok)
            memcpy(buf, n->rx_buf + s * n->frame_max, frame);
        rx_post(n, s);
        vq_notify(&n->rx);
        if (ok) {
            *read_size = frame;
            return SOLO5_R_OK;
        }
        /* A length the buffer cannot hold: drop that frame, try the next. */
    }
    return n->failed ? SOLO5_R_EUNSPEC : SOLO5_R_AGAIN;
}

/* Take back the transmit slots the device is done with. */
static solo5_result_t tx_reclaim(struct vnet *n)
{
    uint32_t id, len;
    int r;

    while ((r = vq_take_used(&n->tx, &id, &len)) != 0) {
        if (r < 0)
            return fail(n, "transmit used index ran ahead of the ring");
        if (id >= n->tx.num || (id & 1) || !n->tx_busy[id / 2])
            return fail(n, "transmit used id names no pending frame");
        n->tx_busy[id / 2] = false;
    }
    return SOLO5_R_OK;
}

static bool vnet_tx_pending(void *dev)
{
    struct vnet *n = dev;

    if (n->failed || tx_reclaim(n) != SOLO5_R_OK)
        return false;
    for (uint16_t s = 0; s < n->ntx; s++)
        if (n->tx_busy[s])
            return true;
    return false;
}

static int tx_free_slot(struct vnet *n)
{
    for (uint16_t s = 0; s < n->ntx; s++)
        if (!n->tx_busy[s])
            return s;
    return -1;
}

static solo5_result_t vnet_write(struct vnet *n, const uint8_t *buf,
                                 size_t size)
{
    if (n->failed || tx_reclaim(n) != SOLO5_R_OK)
        return SOLO5_R_EUNSPEC;
    if (size > n->frame_max)
        return SOLO5_R_EINVAL;
    int slot = tx_free_slot(n);
    if (slot < 0) {
        /* All slots in flight: give the device a moment to send some. */
        solo5_time_t until = solo5_clock_monotonic() + TX_WAIT_NSECS;
        while (slot < 0 && solo5_clock_monotonic() < until) {
            __asm__ __volatile__("pause");
            if (tx_reclaim(n) != SOLO5_R_OK)
                return SOLO5_R_EUNSPEC;
            slot = tx_free_slot(n);
        }
        if (slot < 0)
            return SOLO5_R_AGAIN;
    }
    uint16_t s = (uint16_t)slot;
    uint8_t *frame = n->tx_buf + s * n->frame_max;
    volatile struct virtq_desc *d = &n->tx.desc[2 * s];

    memcpy(frame, buf, size);
    d[0].addr = (uintptr_t)n->tx_hdr;
    d[0].len = NET_HDR_LEN;
    d[0].flags = VIRTQ_DESC_F_NEXT;
    d[0].next = (uint16_t)(2 * s + 1);
    d[1].addr = (uintptr_t)frame;
    d[1].len = (uint32_t)size;
    d[1].flags = 0;
    d[1].next = 0;
    n->tx_busy[s] = true;
    vq_publish(&n->tx, (uint16_t)(2 * s));
    vq_notify(&n->tx);
    return SOLO5_R_OK;
}

/* The Solo5 API's way here: the device of an acquired handle. */
static solo5_result_t net_write(solo5_handle_t h, solo5_off_t offset,
                                const uint8_t *buf, size_t size)
{
    struct vnet *n = virtio_device(h);

    (void)offset;
    return n ? vnet_write(n, buf, size) : SOLO5_R_EINVAL;
}

static solo5_result_t net_read(solo5_handle_t h, solo5_off_t offset,
                               uint8_t *buf, size_t size, size_t *read_size)
{
    struct vnet *n = virtio_device(h);

    (void)offset;
    return n ? vnet_read(n, buf, size, read_size) : SOLO5_R_EINVAL;
}

static void *net_attach(struct mft_entry *e, const struct virtio_pci_dev *d)
{
    uint16_t mtu;
    struct vnet *n = vnet_init(d, e->u.net_basic.mac, &mtu);

    if (n)
        e->u.net_basic.mtu = mtu;
    return n;
}

static const struct virtio_driver net_driver = {
    .rt = {MFT_DEV_NET_BASIC, net_write, net_read},
    .virtio_id = VIRTIO_ID_NET,
    .name = "virtio-net",
    .attach = net_attach,
    .ready = vnet_rx_ready,
    .irq_ack = vnet_irq_ack,
    .busy = vnet_tx_pending,
};
VIRTIO_DRIVER(net_driver);
