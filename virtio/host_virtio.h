/*
 * host_virtio.h: legacy virtio-PCI devices (virtio_pci.h register block in
 * I/O BAR 0, INTx through the in-kernel PIC), one PCI function per device
 * the image declares, in manifest order. Device kinds (net, blk) register
 * themselves with VIRTIO_KIND() and do their queue work in the I/O thread.
 *
 * Threads: the vCPU thread serves register accesses; the I/O thread serves
 * queue notifications (KVM_IOEVENTFD on QUEUE_NOTIFY, one eventfd per
 * queue; a notification that did exit, and DRIVER_OK, signal the device's
 * kick eventfd instead) and taps. Both hold d->lock while touching the device
 * state. Interrupts go through KVM_IRQFD: ISR bit set, then the eventfd
 * signalled.
 */
#ifndef VIRTIO_HOST_VIRTIO_H
#define VIRTIO_HOST_VIRTIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/iothread.h"
#include "vmm/registry.h"
#include "pc/host_pci.h"
#include "host_virtq.h"
#include "mft_abi.h"
#include "pc/host_pc.h"

#define VIRTIO_MAX_QUEUES 2
#define VIRTIO_QUEUE_NUM 256 /* entries of every queue */
#define VIRTIO_BAR_SIZE 0x40 /* 20 bytes of registers + device config */
#define VIRTIO_IO_BASE 0xc000

struct virtio_dev;

struct virtio_kind {
    mft_type_t type;
    const char *name; /* "virtio-net" */
    uint16_t pci_device, virtio_id;
    uint32_t class_code;
    unsigned nqueues;
    const char *queue_name[VIRTIO_MAX_QUEUES]; /* "rx queue"... */
    uint32_t features;
    /* Device state (d->priv); 0, or -1 with err. */
    int (*init)(struct virtio_dev *d, char *err, size_t errlen);
    /* Device config (from VIRTIO_PCI_CONFIG on) into cfg; returns bytes. */
    unsigned (*config)(struct virtio_dev *d, uint8_t *cfg, unsigned max);
    /* Queue q has new buffers (I/O thread, d->lock held). */
    void (*notify)(struct virtio_dev *d, unsigned q);
    /* The driver set DRIVER_OK or reset the device (d->lock held). */
    void (*status)(struct virtio_dev *d);
};

#define VIRTIO_KIND(var_) VMM_REGISTER(virtio_kinds, var_)

#define VIRTIO_ALL_QUEUES (~0u)

struct virtio_notify {
    struct io_watch w; /* the queue's ioeventfd, or the device's kick */
    struct virtio_dev *d;
    unsigned q; /* VIRTIO_ALL_QUEUES for the kick */
};

struct virtio_dev {
    const struct virtio_kind *kind;
    struct mft_entry *e; /* name, properties, host fd */
    char label[96];      /* "virtio-net:service": messages, --stats */
    char stat_notify[128], stat_irq[128];
    struct pci_function pci;
    struct pc *pc;
    struct guest_mem *mem;
    struct iothread *io;
    void *priv;
    pthread_mutex_t lock;
    /* Guarded by lock: */
    uint32_t guest_features;
    uint32_t extra_features; /* offered besides kind->features (init) */
    uint8_t status;
    uint16_t queue_sel;
    bool failed;
    struct virtq q[VIRTIO_MAX_QUEUES];
    uint32_t pfn[VIRTIO_MAX_QUEUES];
    /* Set up once: */
    struct virtio_notify notify[VIRTIO_MAX_QUEUES]; /* KVM signals these */
    struct virtio_notify kick; /* vmm signals this: serve every queue */
    int irqfd;
    uint8_t irq;
    /* Atomic: */
    uint8_t isr;
    uint64_t n_notify, n_irq;
};

/*
 * One device per attached manifest entry, PCI slots 1.. in manifest order,
 * BAR 0 at VIRTIO_IO_BASE + i * VIRTIO_BAR_SIZE. 0, or -1 with err.
 */
int virtio_devices_create(struct pc *pc, struct iothread *io, struct mft *mft,
                          char *err, size_t errlen);

/* What the I/O thread did without a VM exit, for --stats. */
void virtio_devices_stats(struct stats *s);

/* Ready for queue work: DRIVER_OK set and not failed (lock held). */
bool virtio_ready(const struct virtio_dev *d);

/* Used ring of q updated: ISR bit 0 and an interrupt, unless suppressed. */
void virtio_interrupt(struct virtio_dev *d, unsigned q);

/*
 * The driver broke the queue contract: print "vmm: <label>: <what>: <why>",
 * set NEEDS_RESET and stop serving the device until the driver resets it
 * (lock held). The guest keeps running.
 */
void virtio_fail(struct virtio_dev *d, const char *what, const char *why);

/* The BAR 0 register block (vCPU thread; host_virtio_regs.c). */
enum exit_result virtio_regs_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val);

#endif
