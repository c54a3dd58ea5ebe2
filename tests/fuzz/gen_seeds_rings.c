/*
 * gen_seeds_rings.c: the seeds of fuzz_virtq (rings with chains, loops,
 * indices that jump) and fuzz_hypercalls (hvt hypercall sequences with good
 * and bad arguments).
 */
#include <string.h>

#define HVT_HOST /* guest pointers as plain addresses */
#include "hvt_abi.h"
#include "virtio/virtio_ring.h"

#include "gen_seeds.h"

/* ---- virtqueue ---------------------------------------------------------- */

#define VQ_HDR 39 /* fuzz_virtq.c's header */

struct vq {
    struct buf f;
    unsigned num;
    uint64_t ring;
};

/* Header fields as fuzz_virtq.c reads them; ring at page `page`. */
static void vq_init(struct vq *q, uint8_t nlog2, uint8_t pages, uint8_t page,
                    uint16_t start, uint8_t steps)
{
    memset(q, 0, sizeof(*q));
    q->num = 1u << nlog2;
    q->ring = 4096ULL * page;
    uint8_t h[VQ_HDR] = {nlog2, (uint8_t)(pages - 1), page, 0,
                         (uint8_t)start, (uint8_t)(start >> 8), steps};
    for (unsigned i = 0; i < 16; i++) { /* offsets, iovecs, unpop per step */
        uint16_t arg = (uint16_t)(i * 37 + 5) | (uint16_t)((i % 8) << 8) |
                       (uint16_t)((i & 1) << 11) |
                       (uint16_t)((i % 3) << 12);
        h[7 + 2 * i] = (uint8_t)arg;
        h[8 + 2 * i] = (uint8_t)(arg >> 8);
    }
    put(&q->f, 0, h, sizeof(h));
}

static void vq_desc(struct vq *q, uint16_t i, uint64_t addr, uint32_t len,
                    uint16_t flags, uint16_t next)
{
    struct virtq_desc d = {addr, len, flags, next};
    put(&q->f, VQ_HDR + q->ring + 16ULL * i, &d, sizeof(d));
}

/* Offer heads[0..n) starting at avail index start. */
static void vq_offer(struct vq *q, uint16_t start, const uint16_t *heads,
                     unsigned n)
{
    uint64_t avail = VQ_HDR + q->ring + virtq_avail_off(q->num);
    for (unsigned i = 0; i < n; i++) {
        uint16_t slot = (uint16_t)((start + i) & (q->num - 1));
        put(&q->f, avail + 4 + 2ULL * slot, &heads[i], 2);
    }
    uint16_t idx = (uint16_t)(start + n);
    put(&q->f, avail + 2, &idx, 2);
}

void virtq(void)
{
    struct vq q;
    uint16_t heads[4];

    /* Queue of 8 at page 1 of 16: a tx chain (2 readable), an rx buffer,
     * a block request (header, data, status). */
    vq_init(&q, 3, 16, 1, 0, 4);
    vq_desc(&q, 0, 0x8000, 12, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x8100, 60, 0, 0);
    vq_desc(&q, 2, 0x9000, 1526, VIRTQ_DESC_F_WRITE, 0);
    vq_desc(&q, 3, 0xa000, 16, VIRTQ_DESC_F_NEXT, 5);
    vq_desc(&q, 5, 0xa100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 7);
    vq_desc(&q, 7, 0xa400, 1, VIRTQ_DESC_F_WRITE, 0);
    heads[0] = 0, heads[1] = 2, heads[2] = 3;
    vq_offer(&q, 0, heads, 3);
    save("virtq", "three-chains.bin", &q.f);

    /* The same with the indices about to wrap at 2^16. */
    vq_init(&q, 3, 16, 1, 0xfffe, 4);
    vq_desc(&q, 0, 0x8000, 12, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x8100, 60, 0, 0);
    vq_desc(&q, 2, 0x9000, 1526, VIRTQ_DESC_F_WRITE, 0);
    vq_desc(&q, 3, 0xa000, 16, VIRTQ_DESC_F_NEXT, 5);
    vq_desc(&q, 5, 0xa100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 7);
    vq_desc(&q, 7, 0xa400, 1, VIRTQ_DESC_F_WRITE, 0);
    vq_offer(&q, 0xfffe, heads, 3);
    save("virtq", "index-wrap.bin", &q.f);

    /* Queue of 256 at page 0 of 32 pages: one chain through 8 entries. */
    vq_init(&q, 8, 32, 0, 0, 2);
    for (uint16_t i = 0; i < 8; i++)
        vq_desc(&q, (uint16_t)(i * 31), 0x10000 + 0x100ULL * i, 0x80,
                (uint16_t)(VIRTQ_DESC_F_NEXT | (i >= 4 ? VIRTQ_DESC_F_WRITE
                                                       : 0)),
                (uint16_t)((i + 1) * 31));
    vq_desc(&q, 8 * 31, 0x10800, 0x80, VIRTQ_DESC_F_WRITE, 0);
    heads[0] = 0;
    vq_offer(&q, 0, heads, 1);
    save("virtq", "long-chain.bin", &q.f);

    /* Malformed: a loop, an address past memory, a zero length, a
     * readable buffer after a writable one, an index far ahead. */
    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x2100, 8, VIRTQ_DESC_F_NEXT, 0);
    heads[0] = 0;
    vq_offer(&q, 0, heads, 1);
    save("virtq", "loop.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x3ff0, 0x20, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "past-memory.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 0, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "zero-length.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    vq_desc(&q, 1, 0x2100, 8, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "read-after-write.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, 0, 0);
    vq_offer(&q, 0, heads, 1);
    uint16_t far = 9;
    put(&q.f, VQ_HDR + virtq_avail_off(4) + 2, &far, 2);
    save("virtq", "index-ahead.bin", &q.f);
}

/* ---- hypercalls --------------------------------------------------------- */

#define HC_HDR 37 /* fuzz_hypercalls.c's header */
#define ARG0 0x40ULL
#define ARG_STEP 0x40ULL
#define DATA0 0x200ULL

struct hc {
    struct buf f;
    unsigned n;
};

static void hc_init(struct hc *c)
{
    memset(c, 0, sizeof(*c));
    c->f.len = HC_HDR;
}

/* Call number nr with its argument struct placed at ARG0 + i * ARG_STEP. */
static void hc_call(struct hc *c, unsigned nr, const void *arg, size_t len)
{
    uint64_t gpa = ARG0 + c->n * ARG_STEP;
    c->f.b[0] = (uint8_t)c->n;
    c->f.b[1 + 9 * c->n] = (uint8_t)nr;
    memcpy(c->f.b + 2 + 9 * c->n, &gpa, 8);
    put(&c->f, HC_HDR + gpa, arg, len);
    c->n++;
}

static void hc_data(struct hc *c, uint64_t gpa, const void *p, size_t n)
{
    put(&c->f, HC_HDR + gpa, p, n);
}

void hypercalls(void)
{
    struct hc c;
    static const char hello[] = "Hello from a fuzz seed\n";

    hc_init(&c);
    /* Argument structs zeroed whole, padding included (seeds are stable). */
    struct hvt_hc_walltime wt;
    struct hvt_hc_puts puts_;
    struct hvt_hc_poll poll;
    struct hvt_hc_halt halt;
    struct hvt_hc_block_write bw;
    struct hvt_hc_block_read br;
    struct hvt_hc_net_write nw;
    struct hvt_hc_net_read nr;
    memset(&wt, 0, sizeof(wt));
    memset(&puts_, 0, sizeof(puts_));
    memset(&poll, 0, sizeof(poll));
    memset(&halt, 0, sizeof(halt));
    memset(&bw, 0, sizeof(bw));
    memset(&br, 0, sizeof(br));
    memset(&nw, 0, sizeof(nw));
    memset(&nr, 0, sizeof(nr));
    puts_.data = DATA0;
    puts_.len = sizeof(hello) - 1;
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    hc_call(&c, HVT_HYPERCALL_PUTS, &puts_, sizeof(puts_));
    hc_call(&c, HVT_HYPERCALL_POLL, &poll, sizeof(poll));
    hc_call(&c, HVT_HYPERCALL_HALT, &halt, sizeof(halt));
    hc_data(&c, DATA0, hello, sizeof(hello) - 1);
    save("hypercalls", "console-poll-halt.bin", &c.f);

    hc_init(&c);
    bw.handle = br.handle = 1;
    bw.offset = br.offset = 512;
    bw.data = 0x1000;
    br.data = 0x2000;
    bw.len = br.len = 1024;
    bw.ret = br.ret = 77;
    hc_call(&c, HVT_HYPERCALL_BLOCK_WRITE, &bw, sizeof(bw));
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    br.handle = 4; /* declared, not attached */
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    bw.offset = 16 * 512 - 512; /* the last sector */
    bw.len = 512;
    hc_call(&c, HVT_HYPERCALL_BLOCK_WRITE, &bw, sizeof(bw));
    save("hypercalls", "block.bin", &c.f);

    hc_init(&c);
    nw.handle = 2;
    nw.data = DATA0;
    nw.len = 60;
    nr.handle = 3;
    nr.data = 0x1000;
    nr.len = 1514;
    nw.ret = nr.ret = 77;
    hc_call(&c, HVT_HYPERCALL_NET_WRITE, &nw, sizeof(nw));
    hc_call(&c, HVT_HYPERCALL_NET_READ, &nr, sizeof(nr));
    nw.handle = 3;
    hc_call(&c, HVT_HYPERCALL_NET_WRITE, &nw, sizeof(nw));
    nr.handle = 2;
    hc_call(&c, HVT_HYPERCALL_NET_READ, &nr, sizeof(nr));
    save("hypercalls", "net.bin", &c.f);

    hc_init(&c);
    halt.cookie = 0x1000;
    halt.exit_status = 255;
    hc_call(&c, HVT_HYPERCALL_HALT, &halt, sizeof(halt));
    save("hypercalls", "halt-abort-cookie.bin", &c.f);

    /* Bad arguments: a buffer wrapping 2^64, one past memory, an argument
     * struct straddling the end of memory, an unknown number. */
    hc_init(&c);
    puts_.data = UINT64_MAX - 4;
    puts_.len = 16;
    hc_call(&c, HVT_HYPERCALL_PUTS, &puts_, sizeof(puts_));
    save("hypercalls", "puts-wrap.bin", &c.f);

    hc_init(&c);
    br.handle = 1;
    br.data = 0x10000 - 512;
    br.len = 1024;
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    save("hypercalls", "block-read-past-memory.bin", &c.f);

    hc_init(&c);
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    uint64_t edge = 0x10000 - 4;
    memcpy(c.f.b + 2, &edge, 8);
    save("hypercalls", "arg-straddles-end.bin", &c.f);

    hc_init(&c);
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    hc_call(&c, 9, &wt, sizeof(wt));
    save("hypercalls", "unknown-number.bin", &c.f);
}
