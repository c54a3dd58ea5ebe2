/*
 * host_virtio.c: creating the virtio-PCI devices, wiring their queue
 * notifications (KVM_IOEVENTFD) and interrupts (KVM_IRQFD), failing them
 * on a broken ring, and what --stats reports of them.
 */
#include "host_virtio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>

#include "pc/host_pci_intx.h"
#include "virtio_pci.h"

VMM_REGISTRY(virtio_kinds, struct virtio_kind);

static struct virtio_dev devs[PCI_MAX_SLOTS];
static unsigned ndevs;

static const struct virtio_kind *kind_find(mft_type_t type)
{
    VMM_FOREACH(virtio_kinds, struct virtio_kind, k)
        if (k->type == type)
            return k;
    return NULL;
}

void virtio_interrupt(struct virtio_dev *d, unsigned q)
{
    if (virtq_no_interrupt(&d->q[q], d->mem))
        return;
    __atomic_or_fetch(&d->isr, VIRTIO_ISR_QUEUE, __ATOMIC_RELEASE);
    __atomic_add_fetch(&d->n_irq, 1, __ATOMIC_RELAXED);
    iothread_kick(d->irqfd);
}

void virtio_fail(struct virtio_dev *d, const char *what, const char *why)
{
    if (d->failed)
        return;
    pc_uart_flush(d->pc);
    fprintf(stderr,
            "vmm: %s (PCI 00:%02x.0): %s: %s; the device stops until the "
            "driver resets it\n",
            d->label, d->pci.slot, what, why);
    d->failed = true;
    d->status |= VIRTIO_STATUS_NEEDS_RESET;
    __atomic_or_fetch(&d->isr, VIRTIO_ISR_CONFIG, __ATOMIC_RELEASE);
    iothread_kick(d->irqfd);
}

/* KVM_IOEVENTFD for QUEUE_NOTIFY writes of queue q at base (or undo it). */
static int ioeventfd(struct virtio_dev *d, unsigned q, uint16_t base,
                     bool assign)
{
    struct kvm_ioeventfd io = {
        .datamatch = q,
        .addr = (uint64_t)base + VIRTIO_PCI_QUEUE_NOTIFY,
        .len = 2,
        .fd = d->notify[q].w.fd,
        .flags = KVM_IOEVENTFD_FLAG_PIO | KVM_IOEVENTFD_FLAG_DATAMATCH |
                 (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
    };
    return ioctl(d->pc->v->vm.vm_fd, KVM_IOEVENTFD, &io);
}

/* BAR 0 moved (or was placed): its ports and its ioeventfds follow. */
static void bar0_moved(struct pci_function *f, uint16_t old, uint16_t new)
{
    struct virtio_dev *d = f->opaque;
    char err[256];
    for (unsigned q = 0; q < d->kind->nqueues; q++) {
        if (old)
            ioeventfd(d, q, old, false);
        if (new &&ioeventfd(d, q, new, true) < 0)
            fprintf(stderr,
                    "vmm: %s: KVM_IOEVENTFD: %s (notifications will "
                    "exit to vmm)\n",
                    d->label, strerror(errno));
    }
    if (old)
        pc_io_remove(d->pc, old, d);
    if (new &&pc_io_add(d->pc, new, VIRTIO_BAR_SIZE, d->label, virtio_regs_io,
                        d, err, sizeof(err)) < 0)
        fprintf(stderr, "vmm: %s: BAR 0 not moved: %s\n", d->label, err);
}

/* I/O thread: queue q was notified (its ioeventfd), or the device kicked. */
static void on_notify(struct io_watch *w)
{
    struct virtio_notify *n = w->arg;
    struct virtio_dev *d = n->d;
    uint64_t count = iothread_drain(w->fd);
    if (n->q != VIRTIO_ALL_QUEUES) /* KVM's count: notifies without exits */
        __atomic_add_fetch(&d->n_notify, count, __ATOMIC_RELAXED);
    pthread_mutex_lock(&d->lock);
    for (unsigned q = 0; q < d->kind->nqueues; q++)
        if ((n->q == VIRTIO_ALL_QUEUES || n->q == q) && !d->failed &&
            d->q[q].num)
            d->kind->notify(d, q);
    pthread_mutex_unlock(&d->lock);
}

static int watch(struct virtio_dev *d, struct virtio_notify *n, unsigned q,
                 char *err, size_t errlen)
{
    *n = (struct virtio_notify){{-1, on_notify, n}, d, q};
    n->w.fd = iothread_eventfd(err, errlen);
    if (n->w.fd < 0)
        return -1;
    return iothread_watch(d->io, &n->w, EPOLLIN, err, errlen);
}

static int wire(struct virtio_dev *d, char *err, size_t errlen)
{
    d->irqfd = iothread_eventfd(err, errlen);
    if (d->irqfd < 0)
        return -1;
    struct kvm_irqfd irqfd = {.fd = (uint32_t)d->irqfd, .gsi = d->irq};
    if (ioctl(d->pc->v->vm.vm_fd, KVM_IRQFD, &irqfd) < 0) {
        snprintf(err, errlen, "%s: KVM_IRQFD: %s", d->label, strerror(errno));
        return -1;
    }
    for (unsigned q = 0; q < d->kind->nqueues; q++)
        if (watch(d, &d->notify[q], q, err, errlen) < 0)
            return -1;
    return watch(d, &d->kick, VIRTIO_ALL_QUEUES, err, errlen);
}

static int create(struct pc *pc, struct iothread *io, struct mft_entry *e,
                  char *err, size_t errlen)
{
    const struct virtio_kind *k = kind_find(e->type);
    if (!k) {
        snprintf(err, errlen, "device '%s': no virtio device for its type",
                 e->name);
        return -1;
    }
    struct virtio_dev *d = &devs[ndevs];
    uint16_t base = (uint16_t)(VIRTIO_IO_BASE + ndevs * VIRTIO_BAR_SIZE);
    *d = (struct virtio_dev){.kind = k, .e = e, .pc = pc, .io = io};
    d->mem = &pc->v->vm.mem;
    /* pci_add_function() fills the slots from 1 on, in this order. */
    d->irq = pc_pci_slot_irq(ndevs + 1);
    snprintf(d->label, sizeof(d->label), "%s:%s", k->name, e->name);
    snprintf(d->stat_notify, sizeof(d->stat_notify),
             "%s:%s queue notifications (ioeventfd)", k->name, e->name);
    snprintf(d->stat_irq, sizeof(d->stat_irq), "%s:%s interrupts (irqfd)",
             k->name, e->name);
    pthread_mutex_init(&d->lock, NULL);
    pci_function_init(&d->pci, d->label, VIRTIO_PCI_VENDOR, k->pci_device,
                      k->class_code, VIRTIO_PCI_VENDOR, k->virtio_id, base,
                      VIRTIO_BAR_SIZE, d->irq);
    d->pci.bar0_moved = bar0_moved;
    d->pci.opaque = d;
    if (pci_add_function(&d->pci, err, errlen) < 0 ||
        wire(d, err, errlen) < 0 || k->init(d, err, errlen) < 0)
        return -1;
    ndevs++;
    bar0_moved(&d->pci, 0, base);
    return 0;
}

int virtio_devices_create(struct pc *pc, struct iothread *io, struct mft *mft,
                          char *err, size_t errlen)
{
    ndevs = 0;
    for (uint32_t i = 1; i < mft->entries; i++) {
        if (ndevs == PCI_MAX_SLOTS - 1) {
            snprintf(err, errlen,
                     "%u devices declared; PCI bus 0 holds at most %d",
                     mft->entries - 1, PCI_MAX_SLOTS - 1);
            return -1;
        }
        if (create(pc, io, &mft->e[i], err, errlen) < 0)
            return -1;
    }
    return 0;
}

void virtio_devices_stats(struct stats *s)
{
    for (unsigned i = 0; i < ndevs; i++) {
        stats_quiet(s, devs[i].stat_notify,
                    __atomic_load_n(&devs[i].n_notify, __ATOMIC_RELAXED));
        stats_quiet(s, devs[i].stat_irq,
                    __atomic_load_n(&devs[i].n_irq, __ATOMIC_RELAXED));
    }
}
