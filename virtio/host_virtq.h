/*
 * host_virtq.h: the device side of a split virtqueue (legacy layout, see
 * virtio_ring.h), pure over struct guest_mem so tests can drive it with a
 * fake guest memory.
 *
 * Nothing the driver wrote is trusted: the avail index, every descriptor
 * index, address, length and flag, and the chain length are checked before
 * a buffer is handed to a device. A malformed ring makes virtq_pop() fail
 * with a message naming the problem; the device then marks itself failed
 * (virtio status NEEDS_RESET) instead of touching anything.
 */
#ifndef VIRTIO_HOST_VIRTQ_H
#define VIRTIO_HOST_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "vmm/guest_mem.h"
#include "virtio_ring.h"

#define VIRTQ_MAX_NUM 32768 /* the largest queue size the spec allows */

struct virtq {
    uint16_t num;        /* entries (a power of two); 0: not set up */
    uint64_t gpa;        /* guest-physical base of the rings */
    uint16_t last_avail; /* next avail ring entry the device takes */
    uint16_t used_idx;   /* next used ring entry the device fills */
};

/* One buffer of a chain; [gpa, gpa + len) is inside guest memory. */
struct virtq_buf {
    uint64_t gpa;
    uint32_t len;
    bool write; /* the device writes it (else reads it) */
};

/* A descriptor chain taken from the avail ring, readable buffers first. */
struct virtq_chain {
    uint16_t head;         /* goes back in the used ring */
    unsigned n;            /* buffers */
    unsigned nread;        /* the first nread buffers are device-readable */
    uint64_t rd_len;       /* bytes in the readable buffers */
    uint64_t wr_len;       /* bytes in the writable buffers */
    struct virtq_buf *buf; /* the caller's array of max entries */
    unsigned max;          /* at least the queue size */
};

/*
 * Set the queue up at gpa with num entries: num a power of two up to
 * VIRTQ_MAX_NUM, gpa 4096-aligned and the whole ring (virtq_size(num))
 * inside guest memory. 0, or -1 with the reason in err.
 */
int virtq_setup(struct virtq *q, const struct guest_mem *m, uint16_t num,
                uint64_t gpa, char *err, size_t errlen);

/* Forget the queue (device reset or a PFN of 0). */
void virtq_reset(struct virtq *q);

/*
 * Take the next available chain into *c (c->buf and c->max set by the
 * caller). 1 when one was taken, 0 when the driver has offered nothing
 * new, -1 when the ring is malformed (err says where; nothing consumed).
 */
int virtq_pop(struct virtq *q, const struct guest_mem *m, struct virtq_chain *c,
              char *err, size_t errlen);

/* Give back the chain virtq_pop() just took (the device could not use it). */
void virtq_unpop(struct virtq *q);

/*
 * Return chain `head` to the driver with `len` bytes written, publishing
 * the used index after the entry. 0, or -1 with err.
 */
int virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head,
               uint32_t len, char *err, size_t errlen);

/* The driver asked for no interrupts (VIRTQ_AVAIL_F_NO_INTERRUPT). */
bool virtq_no_interrupt(const struct virtq *q, const struct guest_mem *m);

/* The driver has offered chains the device has not taken yet. */
bool virtq_pending(const struct virtq *q, const struct guest_mem *m);

/*
 * Copy up to len bytes from src into the chain's device-writable buffers
 * (virtq_chain_write), or from its device-readable buffers into dst
 * (virtq_chain_read), starting skip bytes into them. Returns the bytes
 * copied.
 */
uint64_t virtq_chain_write(const struct virtq_chain *c,
                           const struct guest_mem *m, uint64_t skip,
                           const void *src, uint64_t len);
uint64_t virtq_chain_read(const struct virtq_chain *c,
                          const struct guest_mem *m, uint64_t skip, void *dst,
                          uint64_t len);

/*
 * Host iovecs for the chain's device-writable (write) or device-readable
 * buffers, from skip bytes in and at most len bytes in all. Returns the
 * number of iovecs (at most max); *total gets the bytes they cover.
 */
unsigned virtq_chain_iov(const struct virtq_chain *c, const struct guest_mem *m,
                         bool write, uint64_t skip, uint64_t len,
                         struct iovec *iov, unsigned max, uint64_t *total);

#endif
