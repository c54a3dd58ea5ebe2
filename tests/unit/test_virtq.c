/*
 * test_virtq.c: the device side of the split virtqueue (virtio/host_virtq.c)
 * over a fake guest memory: well-formed chains, and malformed rings
 * (loops, out-of-range and wrapping addresses, bad indices, zero-length
 * buffers, oversized chains), each refused with a message and nothing
 * consumed.
 */
#include <stdlib.h>

#include "virtio/host_virtq.h"
#include "unit.h"

#define MEM_SIZE (1ULL << 20)
#define RING 0x10000ULL
#define NUM 8
#define BUF 0x40000ULL

struct fx {
    struct guest_mem m;
    struct virtq q;
    struct virtq_buf bufs[NUM];
    struct virtq_chain c;
    char err[256];
};

static void fx_init(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    f->m.base = calloc(1, MEM_SIZE);
    f->m.size = MEM_SIZE;
    cr_assert(f->m.base);
    cr_assert_eq(virtq_setup(&f->q, &f->m, NUM, RING, f->err, 256), 0, "%s",
                 f->err);
    f->c.buf = f->bufs;
    f->c.max = NUM;
}

static void fx_free(struct fx *f)
{
    free(f->m.base);
}

static void desc(struct fx *f, uint16_t i, uint64_t addr, uint32_t len,
                 uint16_t flags, uint16_t next)
{
    struct virtq_desc d = {addr, len, flags, next};
    memcpy(f->m.base + RING + 16ULL * i, &d, sizeof(d));
}

static uint16_t *avail(struct fx *f, unsigned field)
{
    return (uint16_t *)(f->m.base + RING + virtq_avail_off(NUM) + 2 * field);
}

/* Offer the chain starting at head: ring entry, then the index. */
static void offer(struct fx *f, uint16_t head)
{
    uint16_t idx = *avail(f, 1);
    *avail(f, 2 + (idx % NUM)) = head;
    *avail(f, 1) = (uint16_t)(idx + 1);
}

static struct virtq_used *used(struct fx *f)
{
    return (struct virtq_used *)(f->m.base + RING + virtq_used_off(NUM));
}

static int pop(struct fx *f)
{
    f->err[0] = '\0';
    return virtq_pop(&f->q, &f->m, &f->c, f->err, sizeof(f->err));
}

/* The ring is refused with sub in the message, and nothing is consumed. */
static void malformed(struct fx *f, const char *sub)
{
    uint16_t before = f->q.last_avail;
    cr_assert_eq(pop(f), -1, "accepted; expected \"%s\"", sub);
    assert_has(f->err, sub);
    cr_assert_eq(f->q.last_avail, before, "consumed a malformed chain");
}

Test(virtq_setup, refusals)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(virtq_setup(&f.q, &f.m, 6, RING, f.err, 256), -1);
    assert_has(f.err, "queue size 6 is not a power of two");
    cr_assert_eq(virtq_setup(&f.q, &f.m, 0, RING, f.err, 256), -1);
    cr_assert_eq(virtq_setup(&f.q, &f.m, NUM, RING + 8, f.err, 256), -1);
    assert_has(f.err, "ring address 0x10008 is not 4096-aligned");
    cr_assert_eq(virtq_setup(&f.q, &f.m, NUM, MEM_SIZE - 0x1000, f.err, 256),
                 -1);
    assert_has(f.err, "ring at 0xff000 (0x2000 bytes for 8 entries) is "
                      "outside guest memory (0x100000 bytes)");
    cr_assert_eq(f.q.num, 0, "a refused queue stays unset");
    cr_assert_eq(virtq_setup(&f.q, &f.m, 256, 0xfffffffff000ULL, f.err, 256),
                 -1);
    cr_assert_eq(virtq_setup(&f.q, &f.m, 32768, 0x80000, f.err, 256), -1,
                 "0xd2000 bytes from 0x80000 do not fit in 1 MiB");
    assert_has(f.err, "0xd2000 bytes for 32768 entries");
    cr_assert_eq(
        virtq_setup(&f.q, &f.m, 256, MEM_SIZE - virtq_size(256), f.err, 256), 0,
        "%s", f.err);
    fx_free(&f);
}

Test(virtq_pop, nothing_offered_or_not_set_up)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(pop(&f), 0);
    cr_assert_not(virtq_pending(&f.q, &f.m));
    virtq_reset(&f.q);
    offer(&f, 0);
    cr_assert_eq(pop(&f), 0, "a reset queue offers nothing");
    cr_assert_not(virtq_pending(&f.q, &f.m));
    fx_free(&f);
}

Test(virtq_pop, chain_readable_then_writable)
{
    struct fx f;
    fx_init(&f);
    desc(&f, 5, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
    desc(&f, 2, BUF + 0x100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 7);
    desc(&f, 7, BUF + 0x400, 1, VIRTQ_DESC_F_WRITE, 0);
    offer(&f, 5);
    cr_assert(virtq_pending(&f.q, &f.m));
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    cr_assert_eq(f.c.head, 5);
    cr_assert_eq(f.c.n, 3);
    cr_assert_eq(f.c.nread, 1);
    cr_assert_eq(f.c.rd_len, 16);
    cr_assert_eq(f.c.wr_len, 513);
    cr_assert_eq(f.c.buf[1].gpa, BUF + 0x100);
    cr_assert(f.c.buf[2].write);
    cr_assert_not(f.c.buf[0].write);
    cr_assert_eq(f.q.last_avail, 1);
    cr_assert_eq(pop(&f), 0, "taken once only");

    cr_assert_eq(virtq_push(&f.q, &f.m, 5, 513, f.err, 256), 0);
    cr_assert_eq(used(&f)->idx, 1);
    cr_assert_eq(used(&f)->ring[0].id, 5);
    cr_assert_eq(used(&f)->ring[0].len, 513);
    fx_free(&f);
}

Test(virtq_pop, whole_queue_as_one_chain)
{
    struct fx f;
    fx_init(&f);
    for (uint16_t i = 0; i < NUM; i++)
        desc(&f, i, BUF + 0x100 * i, 8, i + 1 < NUM ? VIRTQ_DESC_F_NEXT : 0,
             (uint16_t)(i + 1));
    offer(&f, 0);
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    cr_assert_eq(f.c.n, NUM);
    fx_free(&f);
}

Test(virtq_pop, loops)
{
    struct fx f;
    fx_init(&f);
    desc(&f, 0, BUF, 8, VIRTQ_DESC_F_NEXT, 1);
    desc(&f, 1, BUF, 8, VIRTQ_DESC_F_NEXT, 0);
    offer(&f, 0);
    malformed(&f, "descriptor chain from 0 is longer than the queue (8 "
                  "entries): a loop");
    fx_free(&f);

    fx_init(&f);
    desc(&f, 3, BUF, 8, VIRTQ_DESC_F_NEXT, 3); /* to itself */
    offer(&f, 3);
    malformed(&f, "a loop");
    fx_free(&f);
}

Test(virtq_pop, chain_longer_than_the_device_takes)
{
    struct fx f;
    fx_init(&f);
    f.c.max = 2;
    desc(&f, 0, BUF, 8, VIRTQ_DESC_F_NEXT, 1);
    desc(&f, 1, BUF, 8, VIRTQ_DESC_F_NEXT, 2);
    desc(&f, 2, BUF, 8, 0, 0);
    offer(&f, 0);
    malformed(&f, "descriptor chain from 0 has more than 2 buffers");
    fx_free(&f);
}

Test(virtq_pop, bad_indices)
{
    struct fx f;
    fx_init(&f);
    offer(&f, NUM);
    malformed(&f, "avail ring entry 0: descriptor index 8 out of range "
                  "(queue size 8)");
    fx_free(&f);

    fx_init(&f);
    desc(&f, 0, BUF, 8, VIRTQ_DESC_F_NEXT, 9);
    offer(&f, 0);
    malformed(&f, "descriptor 0: next index 9 out of range");
    fx_free(&f);

    fx_init(&f);
    desc(&f, 0, BUF, 8, 0, 0);
    *avail(&f, 1) = NUM + 1; /* more entries than the queue holds */
    malformed(&f, "avail index 9 is 9 entries ahead of the device's 0");
    *avail(&f, 1) = NUM;
    cr_assert_eq(pop(&f), 1, "a full ring is fine: %s", f.err);
    fx_free(&f);
}

Test(virtq_pop, out_of_range_and_wrapping_addresses)
{
    static const struct {
        uint64_t addr;
        uint32_t len;
    } bad[] = {
        {MEM_SIZE, 1},
        {MEM_SIZE - 8, 9},
        {UINT64_MAX - 3, 16},
        {UINT64_MAX, 1},
        {0x8000000000000000ULL, 0x1000},
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        struct fx f;
        fx_init(&f);
        desc(&f, 0, BUF, 8, VIRTQ_DESC_F_NEXT, 1);
        desc(&f, 1, bad[k].addr, bad[k].len, VIRTQ_DESC_F_WRITE, 0);
        offer(&f, 0);
        malformed(&f, "descriptor 1: buffer 0x");
        assert_has(f.err, "is outside guest memory (0x100000 bytes)");
        fx_free(&f);
    }
    struct fx f;
    fx_init(&f);
    desc(&f, 0, MEM_SIZE - 8, 8, 0, 0); /* the last bytes are fine */
    offer(&f, 0);
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    fx_free(&f);
}

Test(virtq_pop, zero_length_indirect_and_order)
{
    struct fx f;
    fx_init(&f);
    desc(&f, 0, BUF, 0, 0, 0);
    offer(&f, 0);
    malformed(&f, "descriptor 0: zero-length buffer");
    fx_free(&f);

    fx_init(&f);
    desc(&f, 4, BUF, 16, VIRTQ_DESC_F_INDIRECT, 0);
    offer(&f, 4);
    malformed(&f, "descriptor 4: indirect descriptors were not offered");
    fx_free(&f);

    fx_init(&f);
    desc(&f, 0, BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(&f, 1, BUF, 16, 0, 0);
    offer(&f, 0);
    malformed(&f, "descriptor 1: a device-readable buffer after a "
                  "device-writable one");
    fx_free(&f);
}

Test(virtq_pop, indices_wrap_at_16_bits)
{
    struct fx f;
    fx_init(&f);
    f.q.last_avail = 0xffff;
    f.q.used_idx = 0xffff;
    *avail(&f, 1) = 0xffff;
    desc(&f, 1, BUF, 8, 0, 0);
    desc(&f, 2, BUF, 8, 0, 0);
    offer(&f, 1); /* ring slot 7, index 0 */
    offer(&f, 2); /* ring slot 0, index 1 */
    cr_assert_eq(*avail(&f, 1), 1);
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    cr_assert_eq(f.c.head, 1);
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    cr_assert_eq(f.c.head, 2);
    cr_assert_eq(pop(&f), 0);
    cr_assert_eq(virtq_push(&f.q, &f.m, 1, 0, f.err, 256), 0);
    cr_assert_eq(used(&f)->ring[7].id, 1);
    cr_assert_eq(used(&f)->idx, 0);
    cr_assert_eq(virtq_push(&f.q, &f.m, 2, 0, f.err, 256), 0);
    cr_assert_eq(used(&f)->ring[0].id, 2);
    cr_assert_eq(used(&f)->idx, 1);
    fx_free(&f);
}

Test(virtq_push, unset_queue)
{
    struct fx f;
    fx_init(&f);
    virtq_reset(&f.q);
    cr_assert_eq(virtq_push(&f.q, &f.m, 0, 0, f.err, 256), -1);
    assert_has(f.err, "used ring outside guest memory");
    fx_free(&f);
}

Test(virtq, no_interrupt_flag)
{
    struct fx f;
    fx_init(&f);
    cr_assert_not(virtq_no_interrupt(&f.q, &f.m));
    *avail(&f, 0) = VIRTQ_AVAIL_F_NO_INTERRUPT;
    cr_assert(virtq_no_interrupt(&f.q, &f.m));
    fx_free(&f);
}

Test(virtq_chain, copies_across_buffers_with_skip)
{
    struct fx f;
    fx_init(&f);
    desc(&f, 0, BUF, 4, VIRTQ_DESC_F_NEXT, 1);
    desc(&f, 1, BUF + 0x10, 4, VIRTQ_DESC_F_NEXT, 2);
    desc(&f, 2, BUF + 0x100, 3, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 3);
    desc(&f, 3, BUF + 0x200, 5, VIRTQ_DESC_F_WRITE, 0);
    memcpy(f.m.base + BUF, "abcd", 4);
    memcpy(f.m.base + BUF + 0x10, "efgh", 4);
    offer(&f, 0);
    cr_assert_eq(pop(&f), 1, "%s", f.err);

    char out[16] = {0};
    cr_assert_eq(virtq_chain_read(&f.c, &f.m, 2, out, sizeof(out)), 6);
    cr_assert_str_eq(out, "cdefgh");
    cr_assert_eq(virtq_chain_write(&f.c, &f.m, 1, "1234567", 7), 7);
    cr_assert(memcmp(f.m.base + BUF + 0x100,
                     "\0"
                     "12",
                     3) == 0);
    cr_assert(memcmp(f.m.base + BUF + 0x200, "34567", 5) == 0);
    cr_assert_eq(virtq_chain_write(&f.c, &f.m, 0, "0123456789", 10), 8,
                 "at most the writable bytes");
    cr_assert_eq(virtq_chain_read(&f.c, &f.m, 8, out, 4), 0, "all skipped");
    fx_free(&f);
}

Test(virtq_chain, iovecs_and_unpop)
{
    struct fx f;
    struct iovec iov[4];
    uint64_t total;
    fx_init(&f);
    desc(&f, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(&f, 1, BUF + 0x100, 10, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    desc(&f, 2, BUF + 0x200, 100, VIRTQ_DESC_F_WRITE, 0);
    offer(&f, 0);
    cr_assert_eq(pop(&f), 1, "%s", f.err);
    /* Skip a 10-byte header: the rest of the writable buffers. */
    cr_assert_eq(
        virtq_chain_iov(&f.c, &f.m, true, 10, UINT64_MAX, iov, 4, &total), 1);
    cr_assert_eq(total, 100);
    cr_assert_eq(iov[0].iov_base, f.m.base + BUF + 0x200);
    /* Writable bytes but the last (a status byte). */
    cr_assert_eq(virtq_chain_iov(&f.c, &f.m, true, 0, 109, iov, 4, &total), 2);
    cr_assert_eq(total, 109);
    cr_assert_eq(iov[1].iov_len, 99);
    /* Readable after a header of 8: the rest of buffer 0. */
    cr_assert_eq(
        virtq_chain_iov(&f.c, &f.m, false, 8, UINT64_MAX, iov, 4, &total), 1);
    cr_assert_eq(total, 8);
    cr_assert_eq(
        virtq_chain_iov(&f.c, &f.m, true, 0, UINT64_MAX, iov, 1, &total), 1,
        "at most max iovecs");
    cr_assert_eq(total, 10);

    virtq_unpop(&f.q);
    cr_assert_eq(f.q.last_avail, 0);
    cr_assert_eq(pop(&f), 1, "the same chain again");
    cr_assert_eq(f.c.head, 0);
    fx_free(&f);
}
