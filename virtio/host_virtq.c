/* host_virtq.c: walking a split virtqueue with every driver value checked. */
#include "host_virtq.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vmm/errmsg.h"

int virtq_setup(struct virtq *q, const struct guest_mem *m, uint16_t num,
                uint64_t gpa, char *err, size_t errlen)
{
    virtq_reset(q);
    if (num == 0 || (num & (num - 1)) != 0)
        return errmsg(err, errlen, "queue size %u is not a power of two", num);
    if (gpa % VIRTQ_ALIGN != 0)
        return errmsg(err, errlen,
                      "ring address 0x%" PRIx64 " is not 4096-aligned", gpa);
    if (!gmem_check(m, gpa, virtq_size(num)))
        return errmsg(err, errlen,
                      "ring at 0x%" PRIx64 " (0x%" PRIx64 " bytes for %u "
                      "entries) is outside guest memory (0x%" PRIx64 " bytes)",
                      gpa, virtq_size(num), num, m->size);
    q->num = num;
    q->gpa = gpa;
    return 0;
}

void virtq_reset(struct virtq *q)
{
    memset(q, 0, sizeof(*q));
}

/* The ring was checked to lie inside guest memory by virtq_setup(). */
static uint16_t *avail_field(const struct virtq *q, const struct guest_mem *m,
                             uint64_t off)
{
    return gmem_ptr(m, q->gpa + virtq_avail_off(q->num) + off, 2);
}

static uint16_t avail_idx(const struct virtq *q, const struct guest_mem *m)
{
    /* Acquire: the ring entries and descriptors are read after it. */
    return __atomic_load_n(avail_field(q, m, 2), __ATOMIC_ACQUIRE);
}

bool virtq_no_interrupt(const struct virtq *q, const struct guest_mem *m)
{
    return q->num && (__atomic_load_n(avail_field(q, m, 0), __ATOMIC_RELAXED) &
                      VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool virtq_pending(const struct virtq *q, const struct guest_mem *m)
{
    return q->num && avail_idx(q, m) != q->last_avail;
}

static int read_desc(const struct virtq *q, const struct guest_mem *m,
                     uint16_t i, struct virtq_desc *d)
{
    const struct virtq_desc *p = gmem_ptr(m, q->gpa + 16ULL * i, sizeof(*d));
    if (!p)
        return -1;
    memcpy(d, p, sizeof(*d));
    return 0;
}

static int add_buf(const struct guest_mem *m, struct virtq_chain *c, uint16_t i,
                   const struct virtq_desc *d, char *err, size_t errlen)
{
    bool write = d->flags & VIRTQ_DESC_F_WRITE;
    if (d->flags & VIRTQ_DESC_F_INDIRECT)
        return errmsg(err, errlen,
                      "descriptor %u: indirect descriptors were not offered",
                      i);
    if (d->len == 0)
        return errmsg(err, errlen, "descriptor %u: zero-length buffer", i);
    if (!gmem_check(m, d->addr, d->len))
        return errmsg(err, errlen,
                      "descriptor %u: buffer 0x%" PRIx64 " + 0x%x is outside "
                      "guest memory (0x%" PRIx64 " bytes)",
                      i, d->addr, d->len, m->size);
    if (!write && c->n > c->nread)
        return errmsg(err, errlen,
                      "descriptor %u: a device-readable buffer after a "
                      "device-writable one",
                      i);
    if (c->n == c->max)
        return errmsg(err, errlen,
                      "descriptor chain from %u has more than %u buffers",
                      c->head, c->max);
    c->buf[c->n++] = (struct virtq_buf){d->addr, d->len, write};
    if (write)
        c->wr_len += d->len;
    else {
        c->nread++;
        c->rd_len += d->len;
    }
    return 0;
}

int virtq_pop(struct virtq *q, const struct guest_mem *m, struct virtq_chain *c,
              char *err, size_t errlen)
{
    if (!q->num)
        return 0;
    uint16_t idx = avail_idx(q, m);
    uint16_t ahead = (uint16_t)(idx - q->last_avail);
    if (ahead == 0)
        return 0;
    if (ahead > q->num)
        return errmsg(err, errlen,
                      "avail index %u is %u entries ahead of the device's %u "
                      "(queue size %u)",
                      idx, ahead, q->last_avail, q->num);
    uint16_t slot = q->last_avail & (q->num - 1);
    uint16_t i =
        __atomic_load_n(avail_field(q, m, 4 + 2ULL * slot), __ATOMIC_RELAXED);
    if (i >= q->num)
        return errmsg(err, errlen,
                      "avail ring entry %u: descriptor index %u out of range "
                      "(queue size %u)",
                      slot, i, q->num);
    c->head = i;
    c->n = c->nread = 0;
    c->rd_len = c->wr_len = 0;
    for (;;) {
        struct virtq_desc d;
        if (read_desc(q, m, i, &d) < 0)
            return errmsg(err, errlen, "descriptor table outside guest memory");
        if (add_buf(m, c, i, &d, err, errlen) < 0)
            return -1;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            break;
        if (d.next >= q->num)
            return errmsg(err, errlen,
                          "descriptor %u: next index %u out of range (queue "
                          "size %u)",
                          i, d.next, q->num);
        if (c->n == q->num)
            return errmsg(err, errlen,
                          "descriptor chain from %u is longer than the queue "
                          "(%u entries): a loop",
                          c->head, q->num);
        i = d.next;
    }
    q->last_avail++;
    return 1;
}

void virtq_unpop(struct virtq *q)
{
    q->last_avail--;
}

int virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head,
               uint32_t len, char *err, size_t errlen)
{
    uint64_t used = q->gpa + virtq_used_off(q->num);
    uint16_t slot = q->used_idx & (q->num - 1);
    struct virtq_used_elem e = {head, len};
    if (!q->num || !gmem_write(m, used + 4 + 8ULL * slot, &e, sizeof(e)))
        return errmsg(err, errlen, "used ring outside guest memory");
    uint16_t *idx = gmem_ptr(m, used + 2, 2);
    q->used_idx++;
    /* Release: the entry is visible before the index that publishes it. */
    __atomic_store_n(idx, q->used_idx, __ATOMIC_RELEASE);
    return 0;
}

/* Copy between the host and the chain's buffers of one direction. */
static uint64_t chain_copy(const struct virtq_chain *c,
                           const struct guest_mem *m, bool to_guest,
                           uint64_t skip, uint8_t *dst, const uint8_t *src,
                           uint64_t len)
{
    uint64_t done = 0;
    for (unsigned b = 0; b < c->n && done < len; b++) {
        const struct virtq_buf *vb = &c->buf[b];
        if (vb->write != to_guest)
            continue;
        if (skip >= vb->len) {
            skip -= vb->len;
            continue;
        }
        uint64_t n = vb->len - skip;
        if (n > len - done)
            n = len - done;
        uint8_t *g = gmem_ptr(m, vb->gpa + skip, n);
        if (!g)
            break;
        if (to_guest)
            memcpy(g, src + done, n);
        else
            memcpy(dst + done, g, n);
        done += n;
        skip = 0;
    }
    return done;
}

uint64_t virtq_chain_write(const struct virtq_chain *c,
                           const struct guest_mem *m, uint64_t skip,
                           const void *src, uint64_t len)
{
    return chain_copy(c, m, true, skip, NULL, src, len);
}

uint64_t virtq_chain_read(const struct virtq_chain *c,
                          const struct guest_mem *m, uint64_t skip, void *dst,
                          uint64_t len)
{
    return chain_copy(c, m, false, skip, dst, NULL, len);
}

unsigned virtq_chain_iov(const struct virtq_chain *c, const struct guest_mem *m,
                         bool write, uint64_t skip, uint64_t len,
                         struct iovec *iov, unsigned max, uint64_t *total)
{
    unsigned n = 0;
    *total = 0;
    for (unsigned b = 0; b < c->n && n < max && *total < len; b++) {
        const struct virtq_buf *vb = &c->buf[b];
        if (vb->write != write)
            continue;
        if (skip >= vb->len) {
            skip -= vb->len;
            continue;
        }
        uint64_t piece = vb->len - skip;
        if (piece > len - *total)
            piece = len - *total;
        void *p = gmem_ptr(m, vb->gpa + skip, piece);
        if (!p)
            break;
        iov[n++] = (struct iovec){p, (size_t)piece};
        *total += piece;
        skip = 0;
    }
    return n;
}
