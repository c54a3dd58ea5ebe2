/*
 * gen_seeds_vdev.c: the seeds of fuzz_vdev: register sequences that set
 * up virtio-blk and virtio-net, requests on their queues, and drivers that
 * break the queue contract.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio/virtio_pci.h"
#include "virtio/virtio_ring.h"

#include "gen_seeds.h"

/* ---- virtio devices ----------------------------------------------------- */

#define VD_OPS 63
#define VD_HDR (4 + 8 * VD_OPS) /* fuzz_vdev.c's header */
#define VD_ACK VIRTIO_STATUS_ACKNOWLEDGE
#define VD_DRV (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER)
#define VD_OK (VD_DRV | VIRTIO_STATUS_DRIVER_OK)
#define VD_W VIRTQ_DESC_F_WRITE
#define VD_N VIRTQ_DESC_F_NEXT
#define VD_RING 0x1000ULL                /* page 1 (PFN 0: no queue) */
#define VD_AVAIL (VD_RING + VIRTQ_ALIGN) /* its avail ring (256) */
#define VD_TX_RING 0x4000ULL             /* virtio-net's second queue */

enum { VD_BLK, VD_BLK_RO, VD_NET };
enum { VD_READ, VD_WRITE, VD_NOTIFY, VD_IO, VD_MEM, VD_FRAME, VD_OFFER };

struct vd {
    struct buf f;
    unsigned n;
};

/* Guest memory of `pages` 4 KiB pages; `frames` 1514-byte frames waiting. */
static void vd_init(struct vd *s, uint8_t pages, uint8_t flags, uint8_t frames)
{
    memset(s, 0, sizeof(*s));
    uint8_t h[4] = {(uint8_t)(pages - 1), flags, 0, frames};
    put(&s->f, 0, h, sizeof(h));
    s->f.len = VD_HDR;
}

static void vd_op(struct vd *s, uint8_t op, uint8_t x, uint16_t y, uint32_t v)
{
    if (s->n == VD_OPS) {
        fprintf(stderr, "gen_seeds: more than %d vdev operations\n", VD_OPS);
        exit(1);
    }
    uint8_t o[8] = {op, x, (uint8_t)y, (uint8_t)(y >> 8)};
    memcpy(o + 4, &v, 4);
    put(&s->f, 4 + 8 * s->n, o, sizeof(o));
    s->f.b[2] = (uint8_t)++s->n;
}

/* Register accesses: x is the device and the size (1, 2, 4: 0, 1, 2). */
static uint8_t vd_x(unsigned dev, unsigned size)
{
    return (uint8_t)(dev | (size == 1 ? 0 : size == 2 ? 1 : 2) << 2);
}

static void vd_rd(struct vd *s, unsigned dev, uint16_t off, unsigned size)
{
    vd_op(s, VD_READ, vd_x(dev, size), off, 0);
}

static void vd_wr(struct vd *s, unsigned dev, uint16_t off, unsigned size,
                  uint32_t v)
{
    vd_op(s, VD_WRITE, vd_x(dev, size), off, v);
}

static void vd_notify(struct vd *s, unsigned dev, unsigned q)
{
    vd_op(s, VD_NOTIFY, (uint8_t)(dev | q << 2), 0, 0);
}

static void vd_io(struct vd *s)
{
    vd_op(s, VD_IO, 0, 0, 0);
}

/* The driver writes 2 or 4 bytes of guest memory below 4 MiB. */
static void vd_mem(struct vd *s, uint32_t gpa, unsigned size, uint32_t v)
{
    vd_op(s, VD_MEM, (uint8_t)((size == 2 ? 1 : 2) | (gpa >> 16) << 2),
          (uint16_t)gpa, v);
}

static void vd_frame(struct vd *s, uint16_t len)
{
    vd_op(s, VD_FRAME, 0, (uint16_t)(len - 1), len);
}

static void vd_offer(struct vd *s, unsigned dev, unsigned q, uint16_t head)
{
    vd_op(s, VD_OFFER, (uint8_t)(dev | q << 2), head, 0);
}

/* Guest memory from the input. */
static void vd_data(struct vd *s, uint64_t gpa, const void *p, size_t n)
{
    put(&s->f, VD_HDR + gpa, p, n);
}

static void vd_desc(struct vd *s, uint64_t ring, uint16_t i, uint64_t addr,
                    uint32_t len, uint16_t flags, uint16_t next)
{
    struct virtq_desc d = {addr, len, flags, next};
    vd_data(s, ring + 16ULL * i, &d, sizeof(d));
}

static void vd_blk_hdr(struct vd *s, uint64_t gpa, uint32_t type,
                       uint64_t sector)
{
    struct virtio_blk_req_hdr h = {type, 0, sector};
    vd_data(s, gpa, &h, sizeof(h));
}

/* A driver's set-up up to DRIVER_OK: features, rings at pages pfn[q]. */
static void vd_setup(struct vd *s, unsigned dev, unsigned nq,
                     const uint32_t *pfn, uint32_t features)
{
    vd_wr(s, dev, VIRTIO_PCI_STATUS, 1, VD_ACK);
    vd_wr(s, dev, VIRTIO_PCI_STATUS, 1, VD_DRV);
    vd_rd(s, dev, VIRTIO_PCI_HOST_FEATURES, 4);
    vd_wr(s, dev, VIRTIO_PCI_GUEST_FEATURES, 4, features);
    for (unsigned q = 0; q < nq; q++) {
        vd_wr(s, dev, VIRTIO_PCI_QUEUE_SEL, 2, q);
        vd_rd(s, dev, VIRTIO_PCI_QUEUE_NUM, 2);
        vd_wr(s, dev, VIRTIO_PCI_QUEUE_PFN, 4, pfn[q]);
    }
}

static void vd_start(struct vd *s, unsigned dev, unsigned nq,
                     const uint32_t *pfn, uint32_t features)
{
    vd_setup(s, dev, nq, pfn, features);
    vd_wr(s, dev, VIRTIO_PCI_STATUS, 1, VD_OK);
}

/*
 * A request in descriptors i..i+2 of the ring at VD_RING: a 16-byte header
 * at hdr, data at data, the status byte at hdr + 0x10.
 */
static void vd_blk_req(struct vd *s, uint16_t i, uint64_t hdr, uint32_t type,
                       uint64_t sector, uint64_t data, uint32_t len)
{
    bool out = type == VIRTIO_BLK_T_OUT;
    vd_blk_hdr(s, hdr, type, sector);
    vd_desc(s, VD_RING, i, hdr, 16, VD_N, (uint16_t)(i + 1));
    vd_desc(s, VD_RING, (uint16_t)(i + 1), data, len,
            (uint16_t)(VD_N | (out ? 0 : VD_W)), (uint16_t)(i + 2));
    vd_desc(s, VD_RING, (uint16_t)(i + 2), hdr + 0x10, 1, VD_W, 0);
}

static const uint32_t vd_blk_pfn[] = {VD_RING >> 12},
                      vd_net_pfns[] = {VD_RING >> 12, VD_TX_RING >> 12};

void vdev_blk(void)
{
    struct vd s;
    uint8_t data[1024];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 11 + 3);

    /* Reads: two sectors into one buffer; the last sector into two
     * buffers with the status byte at the end of the second. Capacity
     * read from the device config. */
    vd_init(&s, 32, 0, 0);
    vd_blk_req(&s, 0, 0x800, VIRTIO_BLK_T_IN, 2, 0x4000, 1024);
    vd_blk_hdr(&s, 0x820, VIRTIO_BLK_T_IN, 15);
    vd_desc(&s, VD_RING, 3, 0x820, 16, VD_N, 4);
    vd_desc(&s, VD_RING, 4, 0x5000, 256, VD_W | VD_N, 5);
    vd_desc(&s, VD_RING, 5, 0x5100, 257, VD_W, 0);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_CONFIG, 4);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_CONFIG + 4, 4);
    vd_offer(&s, VD_BLK, 0, 0);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 2, 0); /* ioeventfd */
    vd_io(&s);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_ISR, 1);
    vd_offer(&s, VD_BLK, 0, 3);
    vd_notify(&s, VD_BLK, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 2); /* status and ISR */
    save("vdev", "blk-read.bin", &s.f);

    /* Writes (no ioeventfds: notifications exit), read back; a write
     * past the capacity, one not a whole sector, interrupts suppressed. */
    vd_init(&s, 32, 1, 0);
    vd_data(&s, 0x400, data, sizeof(data));
    vd_blk_req(&s, 0, 0x800, VIRTIO_BLK_T_OUT, 4, 0x400, 1024);
    vd_blk_req(&s, 3, 0x820, VIRTIO_BLK_T_IN, 4, 0x4000, 1024);
    vd_blk_req(&s, 6, 0x840, VIRTIO_BLK_T_OUT, 15, 0x400, 1024);
    vd_blk_req(&s, 9, 0x860, VIRTIO_BLK_T_OUT, 1, 0x400, 513);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0xffffffff);
    vd_offer(&s, VD_BLK, 0, 0);
    vd_offer(&s, VD_BLK, 0, 3);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 2, 0);
    vd_io(&s);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_ISR, 1);
    vd_mem(&s, VD_AVAIL, 2, VIRTQ_AVAIL_F_NO_INTERRUPT);
    vd_offer(&s, VD_BLK, 0, 6);
    vd_offer(&s, VD_BLK, 0, 9);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 4, 0);
    vd_io(&s);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_ISR, 1);
    save("vdev", "blk-write.bin", &s.f);

    /* Types vmm does not serve (flush, get-id, garbage): UNSUPP; a read
     * without data; a request without a status byte (fails). */
    vd_init(&s, 32, 0, 0);
    vd_blk_hdr(&s, 0x800, 4, 0); /* VIRTIO_BLK_T_FLUSH */
    vd_desc(&s, VD_RING, 0, 0x800, 16, VD_N, 1);
    vd_desc(&s, VD_RING, 1, 0x810, 1, VD_W, 0);
    vd_blk_req(&s, 2, 0x820, 8, 0, 0x4000, 20); /* VIRTIO_BLK_T_GET_ID */
    vd_blk_req(&s, 5, 0x840, 0x12345678, 0, 0x4000, 512);
    vd_blk_hdr(&s, 0x860, VIRTIO_BLK_T_IN, 0);
    vd_desc(&s, VD_RING, 8, 0x860, 16, VD_N, 9);
    vd_desc(&s, VD_RING, 9, 0x870, 1, VD_W, 0);
    vd_desc(&s, VD_RING, 10, 0x880, 16, 0, 0);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_offer(&s, VD_BLK, 0, 0);
    vd_offer(&s, VD_BLK, 0, 2);
    vd_offer(&s, VD_BLK, 0, 5);
    vd_offer(&s, VD_BLK, 0, 8);
    vd_notify(&s, VD_BLK, 0);
    vd_offer(&s, VD_BLK, 0, 10);
    vd_notify(&s, VD_BLK, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    save("vdev", "blk-flush-get-id.bin", &s.f);

    /* The read-only disk: F_RO offered; a write refused, a read served. */
    vd_init(&s, 32, 0, 0);
    vd_data(&s, 0x400, data, sizeof(data));
    vd_blk_req(&s, 0, 0x800, VIRTIO_BLK_T_OUT, 0, 0x400, 1024);
    vd_blk_req(&s, 3, 0x820, VIRTIO_BLK_T_IN, 0, 0x4000, 1024);
    vd_start(&s, VD_BLK_RO, 1, vd_blk_pfn, VIRTIO_BLK_F_RO);
    vd_rd(&s, VD_BLK_RO, VIRTIO_PCI_GUEST_FEATURES, 4);
    vd_offer(&s, VD_BLK_RO, 0, 0);
    vd_offer(&s, VD_BLK_RO, 0, 3);
    vd_wr(&s, VD_BLK_RO, VIRTIO_PCI_QUEUE_NOTIFY, 2, 0);
    vd_io(&s);
    save("vdev", "blk-read-only.bin", &s.f);

    /* The file cut to 8.5 sectors under the device: a read across its
     * end comes short, then fails; a write past it extends the file. */
    vd_init(&s, 32, 2, 0);
    vd_data(&s, 0x400, data, sizeof(data));
    vd_blk_req(&s, 0, 0x800, VIRTIO_BLK_T_IN, 7, 0x4000, 1024);
    vd_blk_req(&s, 3, 0x820, VIRTIO_BLK_T_OUT, 14, 0x400, 1024);
    vd_blk_req(&s, 6, 0x840, VIRTIO_BLK_T_IN, 15, 0x4000, 512);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_offer(&s, VD_BLK, 0, 0);
    vd_offer(&s, VD_BLK, 0, 3);
    vd_offer(&s, VD_BLK, 0, 6);
    vd_notify(&s, VD_BLK, 0);
    save("vdev", "blk-file-cut.bin", &s.f);

    /* A full ring: 256 requests at once (head 0 in every entry), then
     * 256 more, then an index 257 ahead (fails the device). */
    vd_init(&s, 32, 0, 0);
    vd_blk_req(&s, 0, 0x800, VIRTIO_BLK_T_IN, 1, 0x4000, 512);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_mem(&s, VD_AVAIL + 2, 2, 256);
    vd_notify(&s, VD_BLK, 0);
    vd_mem(&s, VD_AVAIL + 2, 2, 512);
    vd_notify(&s, VD_BLK, 0);
    vd_mem(&s, VD_AVAIL + 2, 2, 769);
    vd_notify(&s, VD_BLK, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    save("vdev", "blk-full-ring.bin", &s.f);

    /* A descriptor loop fails the device; it ignores notifications until
     * the driver resets it, then serves the repaired chain. */
    vd_init(&s, 32, 0, 0);
    vd_blk_hdr(&s, 0x800, VIRTIO_BLK_T_IN, 3);
    vd_desc(&s, VD_RING, 0, 0x800, 16, VD_N, 1);
    vd_desc(&s, VD_RING, 1, 0x4000, 512, VD_W | VD_N, 2);
    vd_desc(&s, VD_RING, 2, 0x810, 1, VD_W | VD_N, 1);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_offer(&s, VD_BLK, 0, 0);
    vd_notify(&s, VD_BLK, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_ISR, 1);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_STATUS, 1, VD_OK);
    vd_notify(&s, VD_BLK, 0);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 2, 0);
    vd_io(&s);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_STATUS, 1, 0); /* reset */
    /* desc 2 ends the chain */
    vd_mem(&s, VD_RING + 0x2c, 4, VD_W);
    vd_start(&s, VD_BLK, 1, vd_blk_pfn, 0);
    vd_io(&s);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_ISR, 1);
    save("vdev", "blk-loop-reset.bin", &s.f);
}

void vdev_net(void)
{
    struct vd s;
    uint8_t frame[64];
    for (size_t i = 0; i < sizeof(frame); i++)
        frame[i] = (uint8_t)(0xff - i);

    /* Transmit: header and frame apart, together, a chain shorter than
     * the header, a frame over the MTU (both dropped); MAC, link and MTU
     * read from the config. */
    vd_init(&s, 32, 0, 0);
    vd_desc(&s, VD_TX_RING, 0, 0x800, 10, VD_N, 1);
    vd_desc(&s, VD_TX_RING, 1, 0x810, 60, 0, 0);
    vd_desc(&s, VD_TX_RING, 2, 0x900, 74, 0, 0);
    vd_desc(&s, VD_TX_RING, 3, 0xa00, 5, 0, 0);
    vd_desc(&s, VD_TX_RING, 4, 0x10000, 10 + 2000, 0, 0);
    vd_data(&s, 0x810, frame, 60);
    vd_data(&s, 0x90a, frame, 64);
    vd_start(&s, VD_NET, 2, vd_net_pfns, VIRTIO_NET_F_MAC | VIRTIO_NET_F_MTU);
    vd_rd(&s, VD_NET, VIRTIO_PCI_CONFIG, 4);
    vd_rd(&s, VD_NET, VIRTIO_PCI_CONFIG + 4, 2);
    vd_rd(&s, VD_NET, VIRTIO_PCI_CONFIG + VIRTIO_NET_CFG_STATUS, 2);
    vd_rd(&s, VD_NET, VIRTIO_PCI_CONFIG + VIRTIO_NET_CFG_MTU, 2);
    vd_io(&s);
    vd_offer(&s, VD_NET, 1, 0);
    vd_offer(&s, VD_NET, 1, 2);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_NOTIFY, 2, 1); /* ioeventfd */
    vd_io(&s);
    vd_rd(&s, VD_NET, VIRTIO_PCI_ISR, 1);
    vd_offer(&s, VD_NET, 1, 3);
    vd_offer(&s, VD_NET, 1, 4);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_NOTIFY, 4, 1); /* exits */
    vd_io(&s);
    save("vdev", "net-tx.bin", &s.f);

    /* Receive: two frames waiting when the driver says DRIVER_OK, then
     * one arriving; buffers with the header apart, and one too small for
     * the frame. */
    vd_init(&s, 32, 0, 2);
    vd_desc(&s, VD_RING, 0, 0x10000, 1524, VD_W, 0);
    vd_desc(&s, VD_RING, 1, 0x10800, 10, VD_W | VD_N, 2);
    vd_desc(&s, VD_RING, 2, 0x10900, 1514, VD_W, 0);
    vd_desc(&s, VD_RING, 3, 0x11000, 64, VD_W, 0);
    vd_setup(&s, VD_NET, 2, vd_net_pfns, VIRTIO_NET_F_MAC);
    vd_offer(&s, VD_NET, 0, 0);
    vd_wr(&s, VD_NET, VIRTIO_PCI_STATUS, 1, VD_OK);
    vd_io(&s);
    vd_offer(&s, VD_NET, 0, 1);
    vd_notify(&s, VD_NET, 0);
    vd_offer(&s, VD_NET, 0, 3);
    vd_io(&s);
    vd_notify(&s, VD_NET, 0);
    vd_frame(&s, 100);
    vd_io(&s);
    vd_frame(&s, 60);
    vd_io(&s);
    vd_rd(&s, VD_NET, VIRTIO_PCI_ISR, 1);
    save("vdev", "net-rx.bin", &s.f);

    /* A reset while receive buffers wait for a frame; the frame arrives
     * meanwhile and is taken after the restart. Then a transmit ring
     * outside memory fails the device while it waits for frames; after
     * another reset, the receive ring is taken away while it waits. */
    vd_init(&s, 32, 0, 0);
    vd_desc(&s, VD_RING, 0, 0x10000, 1524, VD_W, 0);
    vd_desc(&s, VD_RING, 1, 0x10800, 1524, VD_W, 0);
    vd_setup(&s, VD_NET, 2, vd_net_pfns, 0);
    vd_offer(&s, VD_NET, 0, 0);
    vd_wr(&s, VD_NET, VIRTIO_PCI_STATUS, 1, VD_OK);
    vd_io(&s);
    vd_wr(&s, VD_NET, VIRTIO_PCI_STATUS, 1, 0);
    vd_frame(&s, 1514);
    vd_io(&s);
    vd_start(&s, VD_NET, 2, vd_net_pfns, 0);
    vd_io(&s);
    vd_offer(&s, VD_NET, 0, 1);
    vd_notify(&s, VD_NET, 0);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_SEL, 2, 1);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_PFN, 4, 0x100000);
    vd_rd(&s, VD_NET, VIRTIO_PCI_STATUS, 1);
    vd_frame(&s, 200);
    vd_io(&s);
    vd_wr(&s, VD_NET, VIRTIO_PCI_STATUS, 1, 0);
    vd_start(&s, VD_NET, 2, vd_net_pfns, 0);
    vd_io(&s);
    /* The receive queue taken away (PFN 0) while it waits for a frame. */
    vd_notify(&s, VD_NET, 0);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_SEL, 2, 0);
    vd_wr(&s, VD_NET, VIRTIO_PCI_QUEUE_PFN, 4, 0);
    vd_frame(&s, 300);
    vd_io(&s);
    save("vdev", "net-reset-mid.bin", &s.f);

    /* Receive and transmit rings on the same page. */
    vd_init(&s, 32, 0, 1);
    vd_desc(&s, VD_RING, 0, 0x10000, 1524, VD_W, 0);
    vd_desc(&s, VD_RING, 1, 0x800, 70, 0, 0);
    static const uint32_t same[] = {VD_RING >> 12, VD_RING >> 12};
    vd_start(&s, VD_NET, 2, same, 0);
    vd_offer(&s, VD_NET, 0, 0);
    vd_offer(&s, VD_NET, 1, 1);
    vd_io(&s);
    save("vdev", "net-shared-ring.bin", &s.f);
}

/* Registers: every offset and size, queues that do not exist, rings past
 * memory, writes to read-only registers; and a memory too small. */
void vdev_regs(void)
{
    struct vd s;
    vd_init(&s, 4, 0, 0);
    for (uint16_t off = 0; off < 24; off += 4)
        vd_rd(&s, VD_NET, off, 4);
    vd_rd(&s, VD_BLK_RO, VIRTIO_PCI_HOST_FEATURES, 4);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_CONFIG + 1, 2);
    vd_rd(&s, VD_BLK, 0x3f, 1);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_HOST_FEATURES, 4, 0xffffffff);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_CONFIG, 4, 0xffffffff);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_STATUS, 2, VD_OK);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_SEL, 2, 7);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_QUEUE_NUM, 2);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_PFN, 4, 1);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 2, 7);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_SEL, 2, 0);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_PFN, 4, 1);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_QUEUE_PFN, 4);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_PFN, 4, 0);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_QUEUE_PFN, 4, 2); /* ring past memory */
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_STATUS, 1, VD_OK);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_QUEUE_NOTIFY, 4);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    vd_io(&s);
    vd_wr(&s, VD_BLK, VIRTIO_PCI_STATUS, 1, 0);
    vd_rd(&s, VD_BLK, VIRTIO_PCI_STATUS, 1);
    save("vdev", "registers.bin", &s.f);

    vd_init(&s, 1, 0, 1);
    vd_start(&s, VD_NET, 2, vd_net_pfns, 0);
    vd_io(&s);
    save("vdev", "memory-one-page.bin", &s.f);
}
