/*
 * test_virtio_regs.c: the legacy virtio register block (virtio_regs_io)
 * and a device's failure and interrupt paths, on a device built by hand
 * around a test kind, with eventfds standing in for KVM's ioeventfds and
 * irqfd.
 */
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "virtio/host_virtio.h"
#include "virtio/virtio_pci.h"
#include "unit.h"

#define MEM_SIZE (1ULL << 20)

static int status_calls;

static int t_init(struct virtio_dev *d, char *err, size_t errlen)
{
    (void)d, (void)err, (void)errlen;
    return 0;
}

static unsigned t_config(struct virtio_dev *d, uint8_t *cfg, unsigned max)
{
    (void)d;
    cr_assert(max >= 4);
    memcpy(cfg, "\x11\x22\x33\x44", 4);
    return 4;
}

static void t_notify(struct virtio_dev *d, unsigned q)
{
    (void)d, (void)q;
}

static void t_status(struct virtio_dev *d)
{
    (void)d;
    status_calls++;
}

static const struct virtio_kind test_kind = {
    .type = MFT_DEV_NET_BASIC,
    .name = "virtio-test",
    .nqueues = 2,
    .queue_name = {"q0", "q1"},
    .features = 0x28,
    .init = t_init,
    .config = t_config,
    .notify = t_notify,
    .status = t_status,
};

struct fx {
    struct vmm v;
    struct pc pc;
    struct guest_mem mem;
    struct mft_entry e;
    struct virtio_dev d;
};

static void fx_init(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    f->mem = (struct guest_mem){calloc(1, MEM_SIZE), MEM_SIZE};
    cr_assert(f->mem.base);
    f->pc.v = &f->v;
    f->v.target = &f->pc;
    struct virtio_dev *d = &f->d;
    d->kind = &test_kind;
    d->e = &f->e;
    d->pc = &f->pc;
    d->mem = &f->mem;
    d->pci.slot = 3;
    snprintf(d->label, sizeof(d->label), "virtio-test:t0");
    pthread_mutex_init(&d->lock, NULL);
    d->irqfd = eventfd(0, EFD_NONBLOCK);
    d->kick.w.fd = eventfd(0, EFD_NONBLOCK);
    status_calls = 0;
}

static void fx_free(struct fx *f)
{
    close(f->d.irqfd);
    close(f->d.kick.w.fd);
    free(f->mem.base);
}

/* The eventfd's count (and reset it). */
static uint64_t count(int fd)
{
    uint64_t n = 0;
    if (read(fd, &n, sizeof(n)) != sizeof(n))
        return 0;
    return n;
}

static uint32_t rd(struct fx *f, uint16_t off, unsigned size)
{
    uint32_t v = 0;
    cr_assert_eq(virtio_regs_io(&f->pc, &f->d, off, size, false, &v),
                 EXIT_HANDLED);
    return v;
}

static void wr(struct fx *f, uint16_t off, unsigned size, uint32_t v)
{
    cr_assert_eq(virtio_regs_io(&f->pc, &f->d, off, size, true, &v),
                 EXIT_HANDLED);
}

Test(virtio_regs, features_queues_and_config)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(rd(&f, VIRTIO_PCI_HOST_FEATURES, 4), 0x28);
    wr(&f, VIRTIO_PCI_GUEST_FEATURES, 4, 0xffffffff);
    cr_assert_eq(rd(&f, VIRTIO_PCI_GUEST_FEATURES, 4), 0x28,
                 "only offered features are taken");
    cr_assert_eq(rd(&f, VIRTIO_PCI_QUEUE_NUM, 2), VIRTIO_QUEUE_NUM);
    wr(&f, VIRTIO_PCI_QUEUE_PFN, 4, 0x10);
    cr_assert_eq(f.d.q[0].num, VIRTIO_QUEUE_NUM);
    cr_assert_eq(f.d.q[0].gpa, 0x10000);
    cr_assert_eq(rd(&f, VIRTIO_PCI_QUEUE_PFN, 4), 0x10);
    wr(&f, VIRTIO_PCI_QUEUE_SEL, 2, 1);
    cr_assert_eq(rd(&f, VIRTIO_PCI_QUEUE_PFN, 4), 0, "queue 1 not set");
    wr(&f, VIRTIO_PCI_QUEUE_SEL, 2, 7);
    cr_assert_eq(rd(&f, VIRTIO_PCI_QUEUE_NUM, 2), 0, "no queue 7");
    wr(&f, VIRTIO_PCI_QUEUE_PFN, 4, 0x20); /* ignored */
    cr_assert_eq(rd(&f, VIRTIO_PCI_QUEUE_PFN, 4), 0);
    cr_assert_eq(rd(&f, VIRTIO_PCI_CONFIG, 4), 0x44332211);
    cr_assert_eq(rd(&f, VIRTIO_PCI_CONFIG + 2, 1), 0x33);
    cr_assert_eq(rd(&f, VIRTIO_PCI_CONFIG + 8, 4), 0, "past the config");
    wr(&f, VIRTIO_PCI_HOST_FEATURES, 4, 0); /* read-only */
    cr_assert_eq(rd(&f, VIRTIO_PCI_HOST_FEATURES, 4), 0x28);
    fx_free(&f);
}

Test(virtio_regs, notify_status_and_reset)
{
    struct fx f;
    fx_init(&f);
    /* Notifications that exit kick the I/O thread (KVM's ioeventfds are
     * for those that do not). */
    wr(&f, VIRTIO_PCI_QUEUE_NOTIFY, 2, 1);
    cr_assert_eq(count(f.d.kick.w.fd), 1);
    wr(&f, VIRTIO_PCI_QUEUE_NOTIFY, 4, 0); /* a 32-bit write too */
    cr_assert_eq(count(f.d.kick.w.fd), 1);
    wr(&f, VIRTIO_PCI_QUEUE_NOTIFY, 2, 2); /* no such queue */
    cr_assert_eq(count(f.d.kick.w.fd), 0);

    wr(&f, VIRTIO_PCI_STATUS, 1,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    cr_assert_eq(status_calls, 0);
    cr_assert_not(virtio_ready(&f.d));
    wr(&f, VIRTIO_PCI_STATUS, 1, 7);
    cr_assert_eq(rd(&f, VIRTIO_PCI_STATUS, 1), 7);
    cr_assert(virtio_ready(&f.d));
    cr_assert_eq(status_calls, 1);
    cr_assert_eq(count(f.d.kick.w.fd), 1, "queued work is served");

    wr(&f, VIRTIO_PCI_QUEUE_PFN, 4, 0x10);
    wr(&f, VIRTIO_PCI_GUEST_FEATURES, 4, 0x8);
    wr(&f, VIRTIO_PCI_STATUS, 1, 0);
    cr_assert_eq(status_calls, 2);
    cr_assert_eq(f.d.q[0].num, 0, "reset forgets the queues");
    cr_assert_eq(rd(&f, VIRTIO_PCI_GUEST_FEATURES, 4), 0);
    cr_assert_eq(rd(&f, VIRTIO_PCI_STATUS, 1), 0);
    fx_free(&f);
}

Test(virtio_regs, isr_reads_clear)
{
    struct fx f;
    fx_init(&f);
    f.d.isr = VIRTIO_ISR_QUEUE;
    cr_assert_eq(rd(&f, VIRTIO_PCI_STATUS, 1), 0, "status: ISR untouched");
    cr_assert_eq(f.d.isr, VIRTIO_ISR_QUEUE);
    cr_assert_eq(rd(&f, VIRTIO_PCI_ISR, 1), VIRTIO_ISR_QUEUE);
    cr_assert_eq(rd(&f, VIRTIO_PCI_ISR, 1), 0);
    f.d.isr = VIRTIO_ISR_QUEUE;
    cr_assert_eq(rd(&f, VIRTIO_PCI_STATUS, 2) >> 8, VIRTIO_ISR_QUEUE,
                 "a 16-bit read covering the ISR clears it too");
    cr_assert_eq(f.d.isr, 0);
    fx_free(&f);
}

Test(virtio_regs, bad_ring_fails_the_device_not_the_host)
{
    struct fx f;
    struct capture c;
    fx_init(&f);
    wr(&f, VIRTIO_PCI_STATUS, 1, 7);
    capture_start(&c, 2);
    wr(&f, VIRTIO_PCI_QUEUE_PFN, 4, 0xffffff); /* past guest memory */
    char *msg = capture_end(&c, NULL);
    assert_has(msg, "vmm: virtio-test:t0 (PCI 00:03.0): q0: ring at "
                    "0xffffff000");
    assert_has(msg, "the device stops until the driver resets it");
    free(msg);
    cr_assert(f.d.failed);
    cr_assert_not(virtio_ready(&f.d));
    cr_assert(rd(&f, VIRTIO_PCI_STATUS, 1) & VIRTIO_STATUS_NEEDS_RESET);
    cr_assert_eq(count(f.d.irqfd), 1, "a config interrupt");
    cr_assert_eq(rd(&f, VIRTIO_PCI_ISR, 1), VIRTIO_ISR_CONFIG);
    wr(&f, VIRTIO_PCI_STATUS, 1, 0);
    cr_assert_not(f.d.failed, "a reset clears the failure");
    cr_assert_eq(rd(&f, VIRTIO_PCI_STATUS, 1), 0);
    fx_free(&f);
}

Test(virtio, interrupts_unless_suppressed)
{
    struct fx f;
    char err[256];
    fx_init(&f);
    cr_assert_eq(virtq_setup(&f.d.q[0], &f.mem, 8, 0x10000, err, 256), 0);
    virtio_interrupt(&f.d, 0);
    cr_assert_eq(count(f.d.irqfd), 1);
    cr_assert_eq(f.d.isr, VIRTIO_ISR_QUEUE);
    cr_assert_eq(f.d.n_irq, 1);
    uint16_t no_int = VIRTQ_AVAIL_F_NO_INTERRUPT;
    memcpy(f.mem.base + 0x10000 + virtq_avail_off(8), &no_int, 2);
    f.d.isr = 0;
    virtio_interrupt(&f.d, 0);
    cr_assert_eq(count(f.d.irqfd), 0);
    cr_assert_eq(f.d.isr, 0);
    fx_free(&f);
}
