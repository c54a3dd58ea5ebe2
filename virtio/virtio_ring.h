/*
 * virtio_ring.h: the split virtqueue in guest memory (virtio 1.x section
 * 2.7 "Split Virtqueues"; legacy layout), read by the guest drivers and the
 * host device models alike. Self-contained C99.
 *
 * Legacy layout of a queue of `num` entries (num a power of two), starting
 * at a 4096-aligned guest-physical address:
 *   desc[num]        16 bytes each
 *   avail            flags, idx, ring[num], used_event
 *   padding to the next 4096 boundary
 *   used             flags, idx, ring[num] {id, len}, avail_event
 */
#ifndef VMM_VIRTIO_RING_H
#define VMM_VIRTIO_RING_H

#include <stddef.h>
#include <stdint.h>

#define VIRTQ_ALIGN 4096

#define VIRTQ_DESC_F_NEXT 1     /* chain continues in .next */
#define VIRTQ_DESC_F_WRITE 2    /* device writes (else reads) the buffer */
#define VIRTQ_DESC_F_INDIRECT 4 /* not offered by vmm */

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_desc {
    uint64_t addr;  /* IN: guest-physical buffer address */
    uint32_t len;   /* IN: buffer length */
    uint16_t flags; /* IN: VIRTQ_DESC_F_* */
    uint16_t next;  /* IN: next descriptor when F_NEXT */
};

struct virtq_avail {
    uint16_t flags; /* IN: VIRTQ_AVAIL_F_* */
    uint16_t idx;   /* IN: where the driver puts the next ring entry */
    uint16_t ring[];
};

struct virtq_used_elem {
    uint32_t id;  /* OUT: head descriptor of the chain */
    uint32_t len; /* OUT: bytes the device wrote */
};

struct virtq_used {
    uint16_t flags; /* OUT: VIRTQ_USED_F_* */
    uint16_t idx;   /* OUT: where the device puts the next ring entry */
    struct virtq_used_elem ring[];
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc layout");
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail layout");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem layout");
_Static_assert(sizeof(struct virtq_used) == 4, "virtq_used layout");

/* Byte offsets of the three parts from the queue's base (legacy layout). */
static inline uint64_t virtq_avail_off(uint32_t num)
{
    return 16ULL * num;
}

static inline uint64_t virtq_used_off(uint32_t num)
{
    uint64_t end_avail = 16ULL * num + 6 + 2ULL * num;
    return (end_avail + VIRTQ_ALIGN - 1) & ~(uint64_t)(VIRTQ_ALIGN - 1);
}

/* Total bytes of a legacy queue of num entries. */
static inline uint64_t virtq_size(uint32_t num)
{
    uint64_t used = 6 + 8ULL * num;
    return virtq_used_off(num) +
           ((used + VIRTQ_ALIGN - 1) & ~(uint64_t)(VIRTQ_ALIGN - 1));
}

#endif /* VMM_VIRTIO_RING_H */
