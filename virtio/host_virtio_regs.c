/*
 * host_virtio_regs.c: the legacy virtio register block in I/O BAR 0, as
 * the vCPU thread serves it: features, queue address (PFN), size, select,
 * notify (when the access misses the ioeventfd), status and ISR.
 */
#include <stdio.h>
#include <string.h>

#include "host_virtio.h"
#include "virtio_pci.h"

#define REGS_LEN VIRTIO_PCI_CONFIG

bool virtio_ready(const struct virtio_dev *d)
{
    return (d->status & VIRTIO_STATUS_DRIVER_OK) && !d->failed;
}

static void reset(struct virtio_dev *d)
{
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
        virtq_reset(&d->q[i]);
        d->pfn[i] = 0;
    }
    d->guest_features = 0;
    d->queue_sel = 0;
    d->failed = false;
    d->status = 0;
    __atomic_store_n(&d->isr, 0, __ATOMIC_RELAXED);
    d->kind->status(d);
}

static void set_status(struct virtio_dev *d, uint8_t v)
{
    if (v == 0) {
        reset(d);
        return;
    }
    bool was_ok = d->status & VIRTIO_STATUS_DRIVER_OK;
    d->status = (uint8_t)(v | (d->failed ? VIRTIO_STATUS_NEEDS_RESET : 0));
    if (!was_ok && (v & VIRTIO_STATUS_DRIVER_OK)) {
        d->kind->status(d);
        /* Serve whatever the driver queued before it said DRIVER_OK. */
        iothread_kick(d->kick.w.fd);
    }
}

static void set_pfn(struct virtio_dev *d, uint32_t pfn)
{
    char err[256];
    unsigned i = d->queue_sel;
    if (i >= d->kind->nqueues)
        return;
    d->pfn[i] = pfn;
    if (pfn == 0) {
        virtq_reset(&d->q[i]);
        return;
    }
    if (virtq_setup(&d->q[i], d->mem, VIRTIO_QUEUE_NUM,
                    (uint64_t)pfn << VIRTIO_PCI_QUEUE_ADDR_SHIFT, err,
                    sizeof(err)) < 0)
        virtio_fail(d, d->kind->queue_name[i], err);
}

static void reg_write(struct virtio_dev *d, uint16_t off, unsigned size,
                      uint32_t v)
{
    if (off == VIRTIO_PCI_GUEST_FEATURES && size == 4)
        d->guest_features = v & (d->kind->features | d->extra_features);
    else if (off == VIRTIO_PCI_QUEUE_PFN && size == 4)
        set_pfn(d, v);
    else if (off == VIRTIO_PCI_QUEUE_SEL && size == 2)
        d->queue_sel = (uint16_t)v;
    else if (off == VIRTIO_PCI_QUEUE_NOTIFY && size >= 2) {
        /* Writes the ioeventfd did not match (e.g. 32-bit) land here. */
        if ((v & 0xffff) < d->kind->nqueues)
            iothread_kick(d->kick.w.fd);
    } else if (off == VIRTIO_PCI_STATUS && size == 1)
        set_status(d, (uint8_t)v);
    /* Anything else (read-only registers, device config) is ignored. */
}

static uint32_t reg_read(struct virtio_dev *d, uint16_t off, unsigned size)
{
    uint8_t r[VIRTIO_BAR_SIZE] = {0};
    unsigned i = d->queue_sel;
    bool q_ok = i < d->kind->nqueues;
    uint32_t host = d->kind->features | d->extra_features;
    uint32_t pfn = q_ok ? d->pfn[i] : 0;
    uint16_t num = q_ok ? VIRTIO_QUEUE_NUM : 0;
    memcpy(r + VIRTIO_PCI_HOST_FEATURES, &host, 4);
    memcpy(r + VIRTIO_PCI_GUEST_FEATURES, &d->guest_features, 4);
    memcpy(r + VIRTIO_PCI_QUEUE_PFN, &pfn, 4);
    memcpy(r + VIRTIO_PCI_QUEUE_NUM, &num, 2);
    memcpy(r + VIRTIO_PCI_QUEUE_SEL, &d->queue_sel, 2);
    r[VIRTIO_PCI_STATUS] = d->status;
    /* Reading the ISR acknowledges the interrupt: it clears. */
    if (off <= VIRTIO_PCI_ISR && off + size > VIRTIO_PCI_ISR)
        r[VIRTIO_PCI_ISR] = __atomic_exchange_n(&d->isr, 0, __ATOMIC_ACQ_REL);
    d->kind->config(d, r + REGS_LEN, VIRTIO_BAR_SIZE - REGS_LEN);
    uint32_t v = 0;
    for (unsigned b = 0; b < size; b++)
        v |= (uint32_t)r[off + b] << (8 * b);
    return v;
}

enum exit_result virtio_regs_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val)
{
    struct virtio_dev *d = opaque;
    (void)pc;
    pthread_mutex_lock(&d->lock);
    if (write)
        reg_write(d, off, size, *val);
    else
        *val = reg_read(d, off, size);
    pthread_mutex_unlock(&d->lock);
    return EXIT_HANDLED;
}
