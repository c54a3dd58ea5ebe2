/*
 * fuzz_virtq.c: the device side of the split virtqueue (virtio/host_virtq.c)
 * over a fake guest memory the fuzzer writes, as a hostile driver would.
 *
 * Input (little-endian; missing bytes read as zero):
 *   u8   queue size: bit 7 clear: 1 << (b % 16); set: b & 0x7f as is (0,
 *        odd sizes: refused by virtq_setup)
 *   u8   guest memory: 4 KiB * (1 + b % 32), AddressSanitizer watching
 *        both ends
 *   u16  ring address: bit 15 clear: 4 KiB * (v & 0xff); set: v * 0x10001
 *        (unaligned, or past memory)
 *   u16  where the device's avail and used indices start (a queue that has
 *        run for a while; they wrap at 2^16)
 *   u8   steps (up to 16), then 16 u16 step arguments (a fixed-size header
 *        of 39 bytes, so guest memory does not move when steps change)
 *   ...  the rest: guest memory from address 0 (rings, descriptors,
 *        buffers), zeros past the input
 * Each step: virtq_pending, virtq_no_interrupt, virtq_pop; a chain taken
 * may be given back (virtq_unpop) and taken again, is read and written
 * (virtq_chain_read/write) and mapped to iovecs (virtq_chain_iov) from
 * offsets the step argument picks, and pushed back. The walk stops at the
 * first malformed ring, as the devices do.
 *
 * Oracles: a chain taken holds only buffers inside guest memory, readable
 * ones first, no more than the queue size, lengths adding up; a refusal
 * (or nothing new) consumes nothing; a chain given back comes back the
 * same; copies move exactly the bytes the chain offers, iovecs cover
 * exactly them (inside guest memory, at most as many as asked); a push
 * publishes its entry and index.
 */
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "virtio/host_virtq.h"

#define MAX_STEPS 16
#define MAX_PAGES 32
#define MAX_IOV 8
#define COPY_MAX (1u << 18) /* host buffer for chain reads and writes */

/*
 * Allocated once (a malloc and free of up to 128 KiB per input cost more
 * than the walk itself). Each input uses the tail of each buffer, so an
 * access past its end still hits AddressSanitizer's redzone; the unused
 * front of guest memory is poisoned too.
 */
static uint8_t *mem_all;
static uint8_t host_src[COPY_MAX], host_dst[COPY_MAX];
static struct virtq_buf bufs_all[VIRTQ_MAX_NUM];
static struct iovec iov_all[MAX_IOV];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mem_all = fuzz_guest_new(MAX_PAGES * 4096, 0);
    for (size_t i = 0; i < sizeof(host_src); i++)
        host_src[i] = (uint8_t)(i * 13 + 7);
    return 0;
}

/* Guest memory of size bytes: the end of mem_all, zeroed. */
static uint8_t *guest_mem_tail(uint64_t size)
{
    uint64_t skip = MAX_PAGES * 4096 - size;
    ASAN_UNPOISON_MEMORY_REGION(mem_all, MAX_PAGES * 4096);
    ASAN_POISON_MEMORY_REGION(mem_all, skip);
    memset(mem_all + skip, 0, size);
    return mem_all + skip;
}

static void check_chain(const struct virtq *q, const struct guest_mem *m,
                        const struct virtq_chain *c)
{
    FUZZ_CHECK(c->head < q->num, "head %u, queue size %u", c->head, q->num);
    FUZZ_CHECK(c->n >= 1 && c->n <= c->max && c->n <= q->num,
               "%u buffers (max %u, queue %u)", c->n, c->max, q->num);
    FUZZ_CHECK(c->nread <= c->n, "nread %u > n %u", c->nread, c->n);
    uint64_t rd = 0, wr = 0;
    for (unsigned i = 0; i < c->n; i++) {
        const struct virtq_buf *b = &c->buf[i];
        FUZZ_CHECK(b->len > 0, "buffer %u: empty", i);
        FUZZ_CHECK(gmem_check(m, b->gpa, b->len),
                   "buffer %u: 0x%llx + 0x%x outside memory (0x%llx)", i,
                   (unsigned long long)b->gpa, b->len,
                   (unsigned long long)m->size);
        FUZZ_CHECK(b->write == (i >= c->nread),
                   "buffer %u: direction out of order", i);
        if (b->write)
            wr += b->len;
        else
            rd += b->len;
    }
    FUZZ_CHECK(rd == c->rd_len && wr == c->wr_len,
               "lengths %llu/%llu, buffers add up to %llu/%llu",
               (unsigned long long)c->rd_len, (unsigned long long)c->wr_len,
               (unsigned long long)rd, (unsigned long long)wr);
}

static uint64_t expect_copy(uint64_t total, uint64_t skip, uint64_t len)
{
    uint64_t left = skip < total ? total - skip : 0;
    return left < len ? left : len;
}

/* Map one direction of the chain to at most max iovecs and check them. */
static void check_iov(const struct guest_mem *m, const struct virtq_chain *c,
                      bool write, uint64_t skip, uint64_t len, unsigned max)
{
    struct iovec *iov = iov_all + MAX_IOV - max; /* ASan sees overruns */
    uint64_t total = ~0ULL, sum = 0;
    unsigned n = virtq_chain_iov(c, m, write, skip, len, iov, max, &total);
    FUZZ_CHECK(n <= max, "chain_iov: %u iovecs, max %u", n, max);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *p = iov[i].iov_base;
        FUZZ_CHECK(iov[i].iov_len > 0, "iovec %u empty", i);
        FUZZ_CHECK(p >= m->base && p <= m->base + m->size &&
                       iov[i].iov_len <= (size_t)(m->base + m->size - p),
                   "iovec %u outside guest memory", i);
        sum += iov[i].iov_len;
    }
    FUZZ_CHECK(sum == total, "chain_iov: iovecs cover %llu, total says %llu",
               (unsigned long long)sum, (unsigned long long)total);
    uint64_t want = expect_copy(write ? c->wr_len : c->rd_len, skip, len);
    FUZZ_CHECK(n == max ? total <= want : total == want,
               "chain_iov(%s, skip %llu, len %llu, max %u): %llu bytes in %u "
               "iovecs, want %llu",
               write ? "write" : "read", (unsigned long long)skip,
               (unsigned long long)len, max, (unsigned long long)total, n,
               (unsigned long long)want);
}

/*
 * What a device does with a chain, as the step argument says: bits 0-3 and
 * 4-7 pick where reading and writing start, 8-10 how many iovecs may be
 * used (1..8), 12-13 how much of each direction to map, 14-15 how much to
 * copy (all of it, or a half, a quarter, an eighth).
 */
static uint32_t use_chain(const struct guest_mem *m,
                          const struct virtq_chain *c, uint16_t arg)
{
    unsigned cshift = (arg >> 14) & 3;
    uint64_t rskip = (uint64_t)(arg & 0x0f) * 61;
    uint64_t len = c->rd_len >> cshift;
    len = len < COPY_MAX ? len : COPY_MAX;
    uint8_t *dst = host_dst + COPY_MAX - len; /* ASan sees overruns */
    uint64_t got = virtq_chain_read(c, m, rskip, dst, len);
    FUZZ_CHECK(got == expect_copy(c->rd_len, rskip, len),
               "chain_read: %llu bytes of %llu (skip %llu)",
               (unsigned long long)got, (unsigned long long)c->rd_len,
               (unsigned long long)rskip);

    uint64_t wskip = (uint64_t)((arg >> 4) & 0x0f) * 509;
    len = c->wr_len >> cshift;
    len = len < COPY_MAX ? len : COPY_MAX;
    uint64_t put = virtq_chain_write(c, m, wskip, host_src, len);
    FUZZ_CHECK(put == expect_copy(c->wr_len, wskip, len),
               "chain_write: %llu bytes of %llu (skip %llu)",
               (unsigned long long)put, (unsigned long long)c->wr_len,
               (unsigned long long)wskip);

    unsigned max = 1 + ((arg >> 8) & 7);
    unsigned shift = (arg >> 12) & 3;
    check_iov(m, c, false, rskip, c->rd_len >> shift, max);
    check_iov(m, c, true, wskip, c->wr_len >> shift, max);
    return (uint32_t)put;
}

/* Give the chain back and take it again: the same chain (memory unchanged). */
static void unpop_repop(struct virtq *q, const struct guest_mem *m,
                        struct virtq_chain *c)
{
    struct virtq_chain was = *c;
    uint16_t after = q->last_avail;
    virtq_unpop(q);
    FUZZ_CHECK(q->last_avail == (uint16_t)(after - 1), "unpop: index %u",
               q->last_avail);
    FUZZ_CHECK(virtq_pending(q, m), "unpop: nothing pending");
    char err[256];
    int r = virtq_pop(q, m, c, err, sizeof(err));
    FUZZ_CHECK(r == 1, "pop after unpop: %d %s", r, r < 0 ? err : "");
    FUZZ_CHECK(q->last_avail == after && c->head == was.head &&
                   c->n == was.n && c->nread == was.nread &&
                   c->rd_len == was.rd_len && c->wr_len == was.wr_len,
               "pop after unpop took another chain");
}

static void check_pushed(const struct virtq *q, const struct guest_mem *m,
                         uint16_t head, uint32_t len)
{
    uint64_t used = q->gpa + virtq_used_off(q->num);
    uint16_t slot = (uint16_t)(q->used_idx - 1) & (q->num - 1);
    struct virtq_used_elem e;
    uint16_t idx;
    FUZZ_CHECK(gmem_read(m, used + 4 + 8ULL * slot, &e, sizeof(e)) &&
                   gmem_read(m, used + 2, &idx, sizeof(idx)),
               "used ring outside guest memory");
    FUZZ_CHECK(e.id == head && e.len == len, "used entry {%u, %u}, pushed "
               "{%u, %u}", e.id, e.len, head, len);
    FUZZ_CHECK(idx == q->used_idx, "used idx %u, device's %u", idx,
               q->used_idx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    uint8_t nsel = fuzz_u8(&in);
    uint16_t num = (nsel & 0x80) ? (uint16_t)(nsel & 0x7f)
                                 : (uint16_t)(1u << (nsel % 16));
    uint64_t mem_size = 4096ULL * (1 + fuzz_u8(&in) % MAX_PAGES);
    uint16_t g = fuzz_u16(&in);
    uint64_t gpa = (g & 0x8000) ? (uint64_t)g * 0x10001 : 4096ULL * (g & 0xff);
    uint16_t start = fuzz_u16(&in);
    unsigned nsteps = fuzz_u8(&in) % (MAX_STEPS + 1);
    uint16_t args[MAX_STEPS];
    for (unsigned i = 0; i < MAX_STEPS; i++)
        args[i] = fuzz_u16(&in);

    struct guest_mem m = {guest_mem_tail(mem_size), mem_size};
    memcpy(m.base, in.p, in.n < mem_size ? in.n : mem_size);

    struct virtq q;
    char err[256];
    fuzz_trace("queue of %u at 0x%llx in 0x%llx bytes, indices from %u, "
               "%u steps",
               num, (unsigned long long)gpa, (unsigned long long)mem_size,
               start, nsteps);
    if (virtq_setup(&q, &m, num, gpa, err, sizeof(err)) < 0) {
        fuzz_check_err(err, sizeof(err), "virtq_setup");
        fuzz_trace("setup refused: %s", err);
        FUZZ_CHECK(q.num == 0, "refused queue left set up");
        struct virtq_chain none = {0};
        FUZZ_CHECK(virtq_pop(&q, &m, &none, err, sizeof(err)) == 0,
                   "pop from a queue not set up");
        return 0;
    }
    FUZZ_CHECK(q.num == num && q.gpa == gpa, "setup kept %u@0x%llx", q.num,
               (unsigned long long)q.gpa);
    q.last_avail = q.used_idx = start;

    struct virtq_chain c = {.buf = bufs_all + VIRTQ_MAX_NUM - num,
                            .max = num};
    for (unsigned i = 0; i < nsteps; i++) {
        (void)virtq_no_interrupt(&q, &m);
        bool pending = virtq_pending(&q, &m);
        uint16_t before = q.last_avail;
        int r = virtq_pop(&q, &m, &c, err, sizeof(err));
        FUZZ_CHECK(r >= -1 && r <= 1, "virtq_pop returned %d", r);
        FUZZ_CHECK(r != 1 || pending, "popped a chain when none was pending");
        fuzz_trace("pop: %d %s", r, r < 0 ? err : "");
        if (r != 1) {
            FUZZ_CHECK(q.last_avail == before, "consumed on %d", r);
            if (r < 0)
                fuzz_check_err(err, sizeof(err), "virtq_pop");
            break;
        }
        FUZZ_CHECK(q.last_avail == (uint16_t)(before + 1), "took %u entries",
                   (uint16_t)(q.last_avail - before));
        check_chain(&q, &m, &c);
        fuzz_trace("chain from %u: %u buffers (%u readable), %llu + %llu "
                   "bytes",
                   c.head, c.n, c.nread, (unsigned long long)c.rd_len,
                   (unsigned long long)c.wr_len);
        if (args[i] & 0x800)
            unpop_repop(&q, &m, &c);
        uint32_t len = use_chain(&m, &c, args[i]);
        uint16_t head = c.head;
        FUZZ_CHECK(virtq_push(&q, &m, head, len, err, sizeof(err)) == 0,
                   "push refused: %s", err);
        check_pushed(&q, &m, head, len);
    }
    return 0;
}
