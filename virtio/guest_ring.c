/*
 * guest_ring.c: the driver's side of a legacy split virtqueue.
 *
 * Set-up (legacy interface): select the queue, read its size (the device
 * fixes it; 0 means no such queue), allocate virtq_size(num) bytes on a
 * 4096 boundary, and write the page frame number to QUEUE_PFN. x86 keeps
 * stores in order and loads in order, so compiler barriers suffice except
 * between publishing avail.idx and reading used.flags (a store then a
 * load), which takes a full fence.
 */
#include "guest_virtio.h"

#define barrier() __asm__ __volatile__("" : : : "memory")

bool vq_init(struct vq *q, uint16_t iobase, uint16_t index)
{
    outw(iobase + VIRTIO_PCI_QUEUE_SEL, index);
    uint16_t num = inw(iobase + VIRTIO_PCI_QUEUE_NUM);

    if (num == 0 || (num & (num - 1)) != 0 || num > 32768)
        return false;
    uint8_t *base = pc_alloc((size_t)virtq_size(num), VIRTQ_ALIGN);
    uint64_t pfn = (uintptr_t)base >> VIRTIO_PCI_QUEUE_ADDR_SHIFT;
    if (pfn > 0xffffffffULL)
        return false;

    q->iobase = iobase;
    q->index = index;
    q->num = num;
    q->avail_idx = 0;
    q->last_used = 0;
    q->desc = (volatile struct virtq_desc *)(void *)base;
    q->avail =
        (volatile struct virtq_avail *)(void *)(base + virtq_avail_off(num));
    q->used =
        (volatile struct virtq_used *)(void *)(base + virtq_used_off(num));
    outl(iobase + VIRTIO_PCI_QUEUE_PFN, (uint32_t)pfn);
    return true;
}

void vq_publish(struct vq *q, uint16_t head)
{
    q->avail->ring[q->avail_idx & (q->num - 1)] = head;
    barrier(); /* the ring entry (and the descriptors) before the index */
    q->avail_idx++;
    q->avail->idx = q->avail_idx;
}

void vq_notify(struct vq *q)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
        outw(q->iobase + VIRTIO_PCI_QUEUE_NOTIFY, q->index);
}

bool vq_has_used(const struct vq *q)
{
    return q->used->idx != q->last_used;
}

int vq_take_used(struct vq *q, uint32_t *id, uint32_t *len)
{
    uint16_t used_idx = q->used->idx;

    if (used_idx == q->last_used)
        return 0;
    if ((uint16_t)(used_idx - q->last_used) > q->num)
        return -1;
    barrier(); /* the index before the entry it covers */
    volatile struct virtq_used_elem *e =
        &q->used->ring[q->last_used & (q->num - 1)];
    *id = e->id;
    *len = e->len;
    q->last_used++;
    return 1;
}
