/*
 * fuzz_vdev.c: the legacy virtio-PCI device models as a hostile guest
 * drives them: the BAR 0 register block the vCPU thread serves
 * (virtio_regs_io) and the queue work the I/O thread does (the kinds'
 * notify, the tap handler), over rings, descriptors and buffers the
 * fuzzer writes into an exactly-sized guest memory.
 *
 * Three devices, built by hand as tests/unit/test_virtio_regs.c builds
 * one (eventfds stand in for KVM's ioeventfds and irqfd) but with the real
 * kinds, found in their registration section, on real host fds:
 *   0 virtio-blk:disk    a 16-sector memfd, attached by vmm's own --block
 *   1 virtio-blk:rodisk  a 16-sector memfd attached FILE:ro; its fd is then
 *                        replaced by a writable one of the same file, so
 *                        only the device's own check keeps the file as is
 *   2 virtio-net:net0    one end of a non-blocking SOCK_SEQPACKET pair (a
 *                        tap: one frame per read, cut to the buffers)
 * The I/O thread is not started: its epoll set (queue eventfds, kicks, the
 * tap) is polled here and its handlers run on this thread. The queue
 * eventfds are served as host_virtio.c's on_notify serves them (static
 * there, so repeated below): d->lock held, every queue asked for that is
 * set up, none while the device is failed.
 *
 * Input (little-endian; missing bytes read as zero):
 *   u8   guest memory: 4 KiB * (1 + b % 32)
 *   u8   flags: bit 0: no ioeventfds (a 16-bit QUEUE_NOTIFY write exits to
 *        the register block too, as when KVM_IOEVENTFD failed); bit 1: the
 *        disk's file was cut to 8.5 sectors behind vmm's back (reads past
 *        its end come short, then fail)
 *   u8   operations: b % 64
 *   u8   frames waiting on the tap at the start: b % 4, of 1514 bytes
 *   63 x { u8 op, u8 x, u16 y, u32 v }   (fixed size: the header is 508
 *        bytes, so guest memory does not move when operations change)
 *   ...  guest memory from address 0; zeros past the input
 * Operations (op % 7), on device dev = (x & 3) % 3:
 *   0 read BAR 0: size 1, 2, 4, 4 by (x >> 2) & 3, offset y % (65 - size)
 *   1 write BAR 0: the same, value v; a 16-bit QUEUE_NOTIFY write naming
 *     one of the device's queues goes to that queue's ioeventfd instead
 *   2 notify queue (x >> 2) % queues directly (the I/O thread's handler)
 *   3 run the I/O thread until it has nothing to do
 *   4 the driver writes v to guest memory at (x >> 2) << 16 | y, 1, 2, 4
 *     or 4 bytes by x & 3 (nothing when outside memory)
 *   5 a frame of 1 + y % 2048 bytes arrives on the tap
 *   6 the driver offers chain head y on queue (x >> 2) % queues: avail
 *     ring entry and index at the address it wrote to QUEUE_PFN
 * The I/O thread runs once more after the last operation.
 *
 * Oracles:
 * - Registers read as the legacy layout says (host features: none, F_RO
 *   for the read-only disk, F_MAC | F_MTU; queue size 256; capacity, MAC,
 *   link up, MTU 1500); reading the ISR clears it; a write changes only
 *   what it names (features masked to those offered, a PFN sets the queue
 *   up or fails the device, status 0 resets everything); DRIVER_OK and a
 *   QUEUE_NOTIFY that exits kick the I/O thread.
 * - A failed device reads NEEDS_RESET, got a config interrupt, and does no
 *   queue work until reset: guest memory, its queues and its disk stay
 *   as they are.
 * - Queue work returns every chain it takes (device not failed), pushes no
 *   more than it took, takes at most the queue size per notify unless its
 *   own writes moved the avail index, and publishes its last used entry
 *   (blk: 1 + whole sectors inside the disk; rx: header + at most the
 *   frame it took; tx: 0); interrupts only with an ISR bit set.
 * - The disk never changes size (a cut one never grows past its
 *   capacity); the read-only disk never changes.
 * - The tap gets frames of 1..1518 bytes, no more than transmit chains
 *   given back; every frame taken from it reaches a receive chain.
 * - The I/O thread goes idle: it never spins on a ready fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/devices.h"
#include "fuzz_util.h"
#include "hvt/host_hvt.h"
#include "virtio/host_virtio.h"
#include "virtio/virtio_pci.h"

#define MAX_PAGES 32
#define MAX_OPS 63
#define DISK_SIZE (16 * VIRTIO_BLK_SECTOR_SIZE)
#define DISK_CUT (8 * VIRTIO_BLK_SECTOR_SIZE + 256)
#define FRAME 1514             /* the frames waiting at the start */
#define FRAME_MAX 2048         /* the largest one an operation sends */
#define TX_MAX (1500 + 14 + 4) /* the largest virtio-net puts on the tap */
#define NET_HDR sizeof(struct virtio_net_hdr)
#define NUM VIRTIO_QUEUE_NUM
#define CFG_LEN (VIRTIO_BAR_SIZE - VIRTIO_PCI_CONFIG)
#define TAP_MAX 128 /* frames the harness keeps on the tap at most */

enum { BLK, BLK_RO, NET, NDEV };
enum { OP_READ, OP_WRITE, OP_NOTIFY, OP_IO, OP_MEM, OP_FRAME, OP_OFFER, NOPS };

static const char *const op_names[NOPS] = {"read", "write", "notify", "io",
                                           "mem",  "frame", "offer"};
static const unsigned sizes[4] = {1, 2, 4, 4};
static const char *const names[NDEV] = {"disk", "rodisk", "net0"};
static const mft_type_t types[NDEV] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_BLOCK_BASIC,
                                       MFT_DEV_NET_BASIC};
static const uint8_t mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

extern const struct virtio_kind *const __start_vmm_virtio_kinds[];
extern const struct virtio_kind *const __stop_vmm_virtio_kinds[];

static struct vmm v;
static struct pc pc;
static struct iothread io;
static struct guest_mem mem;
static struct mft_entry ents[NDEV];
static struct virtio_dev devs[NDEV];
static int disk_fd[2]; /* the harness's own fds of the two disks' files */
static int tap_peer;
/* Frames on the tap the device has not taken yet: their lengths, FIFO. */
static uint16_t tap_len[TAP_MAX];
static unsigned tap_first, tap_queued, tap_last; /* tap_last: last taken */
static bool no_ioeventfd, disk_cut;
static uint8_t pattern[DISK_SIZE], disk_copy[DISK_SIZE], disk_now[DISK_SIZE];

/*
 * Allocated once; each input uses the tail of mem_all (AddressSanitizer
 * watches its end, the unused front is poisoned).
 */
static uint8_t *mem_all;
static uint8_t mem_copy[MAX_PAGES * 4096];

static void need(bool ok, const char *what, const char *why)
{
    if (!ok) {
        fprintf(stderr, "fuzz_vdev: %s: %s\n", what,
                why ? why : strerror(errno));
        abort();
    }
}

static uint32_t host_features(unsigned i)
{
    if (i == NET)
        return VIRTIO_NET_F_MAC | VIRTIO_NET_F_MTU;
    return VIRTIO_BLK_F_BLK_SIZE | (i == BLK_RO ? VIRTIO_BLK_F_RO : 0);
}

/* The device config the guest must read (virtio_pci.h). */
static void config_of(unsigned i, uint8_t cfg[CFG_LEN])
{
    memset(cfg, 0, CFG_LEN);
    if (i == NET) {
        uint16_t up = 1, pairs = 1, mtu = 1500;
        memcpy(cfg + VIRTIO_NET_CFG_MAC, mac, 6);
        memcpy(cfg + VIRTIO_NET_CFG_STATUS, &up, 2);
        memcpy(cfg + 8, &pairs, 2);
        memcpy(cfg + VIRTIO_NET_CFG_MTU, &mtu, 2);
    } else {
        uint64_t sectors = DISK_SIZE / VIRTIO_BLK_SECTOR_SIZE;
        uint32_t bs = VIRTIO_BLK_SECTOR_SIZE;
        memcpy(cfg + VIRTIO_BLK_CFG_CAPACITY, &sectors, 8);
        memcpy(cfg + VIRTIO_BLK_CFG_BLK_SIZE, &bs, 4);
    }
}

/* ---- the I/O thread ----------------------------------------------------- */

/* Serve queue `which` (or all) as host_virtio.c's on_notify does. */
static void serve(struct virtio_dev *d, unsigned which)
{
    pthread_mutex_lock(&d->lock);
    for (unsigned q = 0; q < d->kind->nqueues; q++)
        if ((which == VIRTIO_ALL_QUEUES || which == q) && !d->failed &&
            d->q[q].num)
            d->kind->notify(d, q);
    pthread_mutex_unlock(&d->lock);
}

static void on_notify(struct io_watch *w)
{
    struct virtio_notify *n = w->arg;
    iothread_drain(w->fd);
    serve(n->d, n->q);
}

static void watch(struct virtio_dev *d, struct virtio_notify *n, unsigned q)
{
    char err[256] = "";
    *n = (struct virtio_notify){{-1, on_notify, n}, d, q};
    n->w.fd = iothread_eventfd(err, sizeof(err));
    need(n->w.fd >= 0 &&
             iothread_watch(&io, &n->w, EPOLLIN, err, sizeof(err)) == 0,
         "watch", err);
}

static bool readable(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* ---- set-up -------------------------------------------------------------- */

/* vmm's own --block attach of the file behind fd (path suffix ":ro"...). */
static void attach_disk(struct mft_entry *e, int fd, const char *suffix)
{
    char path[64], err[256] = "";
    snprintf(path, sizeof(path), "/proc/self/fd/%d%s", fd, suffix);
    const struct device_kind *hd = device_kind_find(MFT_DEV_BLOCK_BASIC);
    need(hd != NULL, "--block", "no block device registered");
    need(hd->attach(e, path, err, sizeof(err)) == 0, path, err);
    e->attached = true;
}

static int new_disk(void)
{
    int fd = memfd_create("fuzz-vdev-disk", MFD_CLOEXEC);
    need(fd >= 0 && ftruncate(fd, DISK_SIZE) == 0, "memfd", NULL);
    return fd;
}

static void create(unsigned i)
{
    struct virtio_dev *d = &devs[i];
    struct mft_entry *e = &ents[i];
    const struct virtio_kind *k = NULL;
    for (const struct virtio_kind *const *p = __start_vmm_virtio_kinds;
         p < __stop_vmm_virtio_kinds; p++)
        if ((*p)->type == e->type)
            k = *p;
    need(k && k->nqueues <= VIRTIO_MAX_QUEUES, e->name, "no virtio kind");
    *d = (struct virtio_dev){
        .kind = k, .e = e, .pc = &pc, .mem = &mem, .io = &io};
    snprintf(d->label, sizeof(d->label), "%s:%s", k->name, e->name);
    d->pci.slot = (uint8_t)(i + 1);
    pthread_mutex_init(&d->lock, NULL);
    char err[256] = "";
    d->irqfd = iothread_eventfd(err, sizeof(err));
    need(d->irqfd >= 0, "irqfd", err);
    for (unsigned q = 0; q < k->nqueues; q++)
        watch(d, &d->notify[q], q);
    watch(d, &d->kick, VIRTIO_ALL_QUEUES);
    need(k->init(d, err, sizeof(err)) == 0, d->label, err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[256] = "";
    mem_all = fuzz_guest_new(MAX_PAGES * 4096, 0);
    pc.v = &v;
    v.target = &pc;
    v.vm.kvm_fd = v.vm.vm_fd = v.vm.vcpu_fd = -1;
    need(iothread_init(&io, err, sizeof(err)) == 0, "iothread", err);
    for (size_t i = 0; i < DISK_SIZE; i++)
        pattern[i] = (uint8_t)(i / VIRTIO_BLK_SECTOR_SIZE * 16 + i % 251);
    for (unsigned i = 0; i < NDEV; i++) {
        strcpy(ents[i].name, names[i]);
        ents[i].type = types[i];
        ents[i].b.hostfd = -1;
    }
    disk_fd[BLK] = new_disk();
    disk_fd[BLK_RO] = new_disk();
    attach_disk(&ents[BLK], disk_fd[BLK], "");
    attach_disk(&ents[BLK_RO], disk_fd[BLK_RO], ":ro");
    /* The same file writable under the read-only fd's number. */
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", disk_fd[BLK_RO]);
    int rw = open(path, O_RDWR | O_CLOEXEC);
    int ro_fd = ents[BLK_RO].b.hostfd;
    need(rw >= 0 && dup3(rw, ro_fd, O_CLOEXEC) == ro_fd, path, NULL);
    close(rw);
    need(devices_read_only(ro_fd), "rodisk", "not read-only");
    int sv[2];
    need(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                    sv) == 0,
         "socketpair", NULL);
    ents[NET].b.hostfd = sv[0];
    ents[NET].u.net_basic.mtu = 1500;
    memcpy(ents[NET].u.net_basic.mac, mac, 6);
    ents[NET].attached = true;
    tap_peer = sv[1];
    for (unsigned i = 0; i < NDEV; i++)
        create(i);
    return 0;
}

/* ---- oracles ------------------------------------------------------------- */

/* The file's bytes (zeros past its end: it may have been cut). */
static void read_disk(int fd, uint8_t *buf)
{
    memset(buf, 0, DISK_SIZE);
    need(pread(fd, buf, DISK_SIZE, 0) >= 0, "pread", NULL);
}

static off_t disk_size(int fd)
{
    struct stat st;
    need(fstat(fd, &st) == 0, "fstat", NULL);
    return st.st_size;
}

static void check_disks(const char *after)
{
    off_t rw = disk_size(disk_fd[BLK]), ro = disk_size(disk_fd[BLK_RO]);
    FUZZ_CHECK(rw <= DISK_SIZE && (disk_cut || rw == DISK_SIZE),
               "after %s: the disk is %lld bytes", after, (long long)rw);
    FUZZ_CHECK(ro == DISK_SIZE, "after %s: the read-only disk is %lld bytes",
               after, (long long)ro);
    read_disk(disk_fd[BLK_RO], disk_now);
    FUZZ_CHECK(memcmp(disk_now, pattern, DISK_SIZE) == 0,
               "after %s: the read-only disk was written", after);
}

/* What the guest can see of a device, and its queues. */
struct regs {
    uint32_t guest_features;
    uint8_t status;
    uint16_t queue_sel;
    bool failed;
    uint32_t pfn[VIRTIO_MAX_QUEUES];
    struct virtq q[VIRTIO_MAX_QUEUES];
};

static struct regs regs_of(const struct virtio_dev *d)
{
    struct regs r;
    memset(&r, 0, sizeof(r));
    r.guest_features = d->guest_features;
    r.status = d->status;
    r.queue_sel = d->queue_sel;
    r.failed = d->failed;
    for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++) {
        r.pfn[q] = d->pfn[q];
        r.q[q] = d->q[q];
    }
    return r;
}

static bool regs_equal(const struct regs *a, const struct regs *b)
{
    if (a->guest_features != b->guest_features || a->status != b->status ||
        a->queue_sel != b->queue_sel || a->failed != b->failed)
        return false;
    for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++)
        if (a->pfn[q] != b->pfn[q] || a->q[q].num != b->q[q].num ||
            a->q[q].gpa != b->q[q].gpa ||
            a->q[q].last_avail != b->q[q].last_avail ||
            a->q[q].used_idx != b->q[q].used_idx)
            return false;
    return true;
}

/* What a register write must leave (virtio_pci.h, host_virtio.h). */
static struct regs expect_write(unsigned i, struct regs r, uint16_t off,
                                unsigned size, uint32_t val)
{
    unsigned nq = devs[i].kind->nqueues, s = r.queue_sel;
    if (off == VIRTIO_PCI_GUEST_FEATURES && size == 4) {
        r.guest_features = val & host_features(i);
    } else if (off == VIRTIO_PCI_QUEUE_PFN && size == 4 && s < nq) {
        uint64_t gpa = (uint64_t)val << VIRTIO_PCI_QUEUE_ADDR_SHIFT;
        r.pfn[s] = val;
        memset(&r.q[s], 0, sizeof(r.q[s]));
        if (val && gmem_check(&mem, gpa, virtq_size(NUM))) {
            r.q[s].num = NUM;
            r.q[s].gpa = gpa;
        } else if (val) {
            r.failed = true;
            r.status |= VIRTIO_STATUS_NEEDS_RESET;
        }
    } else if (off == VIRTIO_PCI_QUEUE_SEL && size == 2) {
        r.queue_sel = (uint16_t)val;
    } else if (off == VIRTIO_PCI_STATUS && size == 1) {
        if ((uint8_t)val == 0)
            memset(&r, 0, sizeof(r));
        else
            r.status = (uint8_t)((uint8_t)val |
                                 (r.failed ? VIRTIO_STATUS_NEEDS_RESET : 0));
    }
    return r;
}

/* The 64 bytes of BAR 0 a read must see, before it clears the ISR. */
static void expect_bar(unsigned i, const struct regs *r, uint8_t isr,
                       uint8_t bar[VIRTIO_BAR_SIZE])
{
    bool q_ok = r->queue_sel < devs[i].kind->nqueues;
    uint32_t host = host_features(i);
    uint32_t pfn = q_ok ? r->pfn[r->queue_sel] : 0;
    uint16_t num = q_ok ? NUM : 0;
    memset(bar, 0, VIRTIO_BAR_SIZE);
    memcpy(bar + VIRTIO_PCI_HOST_FEATURES, &host, 4);
    memcpy(bar + VIRTIO_PCI_GUEST_FEATURES, &r->guest_features, 4);
    memcpy(bar + VIRTIO_PCI_QUEUE_PFN, &pfn, 4);
    memcpy(bar + VIRTIO_PCI_QUEUE_NUM, &num, 2);
    memcpy(bar + VIRTIO_PCI_QUEUE_SEL, &r->queue_sel, 2);
    bar[VIRTIO_PCI_STATUS] = r->status;
    bar[VIRTIO_PCI_ISR] = isr;
    config_of(i, bar + VIRTIO_PCI_CONFIG);
}

/* After every operation: what holds of every device at all times. */
static void check_devices(const char *after)
{
    for (unsigned i = 0; i < NDEV; i++) {
        const struct virtio_dev *d = &devs[i];
        FUZZ_CHECK(!d->failed || (d->status & VIRTIO_STATUS_NEEDS_RESET),
                   "after %s: %s failed without NEEDS_RESET (status 0x%x)",
                   after, d->label, d->status);
        FUZZ_CHECK((d->guest_features & ~host_features(i)) == 0,
                   "after %s: %s accepted features 0x%x", after, d->label,
                   d->guest_features);
        for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++) {
            const struct virtq *vq = &d->q[q];
            if (!vq->num)
                continue;
            FUZZ_CHECK(q < d->kind->nqueues && vq->num == NUM &&
                           vq->gpa == (uint64_t)d->pfn[q] << 12 &&
                           gmem_check(&mem, vq->gpa, virtq_size(NUM)),
                       "after %s: %s queue %u set up as %u at 0x%llx (PFN "
                       "0x%x)",
                       after, d->label, q, vq->num, (unsigned long long)vq->gpa,
                       d->pfn[q]);
        }
    }
    check_disks(after);
}

/* ---- queue work ---------------------------------------------------------- */

/* A device's state before the I/O thread works on it. */
struct work {
    struct virtio_dev *d;
    const char *what;
    bool failed;
    uint8_t isr;
    struct virtq q[VIRTIO_MAX_QUEUES];
    uint16_t avail[VIRTIO_MAX_QUEUES]; /* avail index in guest memory */
    off_t disk_size;
};

static uint16_t avail_idx(const struct virtq *q)
{
    uint16_t idx = 0;
    if (q->num)
        gmem_read(&mem, q->gpa + virtq_avail_off(q->num) + 2, &idx, 2);
    return idx;
}

static void work_begin(struct work *w, struct virtio_dev *d, const char *what)
{
    w->d = d;
    w->what = what;
    w->failed = d->failed;
    w->isr = d->isr;
    for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++) {
        w->q[q] = d->q[q];
        w->avail[q] = avail_idx(&d->q[q]);
    }
    if (w->failed) {
        memcpy(mem_copy, mem.base, mem.size);
        if (d != &devs[NET]) {
            read_disk(disk_fd[d - devs], disk_copy);
            w->disk_size = disk_size(disk_fd[d - devs]);
        }
    }
}

/* Frames the device put on the tap since the last look. */
static unsigned tap_sent(const char *what)
{
    static uint8_t frame[FRAME_MAX + 1];
    unsigned n = 0;
    ssize_t len;
    while ((len = recv(tap_peer, frame, sizeof(frame),
                       MSG_DONTWAIT | MSG_TRUNC)) >= 0) {
        FUZZ_CHECK(len >= 1 && len <= TX_MAX,
                   "%s: a frame of %zd bytes on the tap", what, len);
        n++;
    }
    return n;
}

/* The last used entry of q, as the guest reads it, checked. */
static void check_used(const struct work *w, unsigned qi)
{
    const struct virtio_dev *d = w->d;
    const struct virtq *q = &d->q[qi];
    uint64_t used = q->gpa + virtq_used_off(q->num);
    uint16_t idx;
    struct virtq_used_elem e;
    uint16_t slot = (uint16_t)(q->used_idx - 1) & (q->num - 1);
    FUZZ_CHECK(gmem_read(&mem, used + 2, &idx, 2) &&
                   gmem_read(&mem, used + 4 + 8ULL * slot, &e, sizeof(e)),
               "%s: %s queue %u: used ring outside memory", w->what, d->label,
               qi);
    FUZZ_CHECK(idx == q->used_idx,
               "%s: %s queue %u: used index %u, the device's %u", w->what,
               d->label, qi, idx, q->used_idx);
    FUZZ_CHECK(e.id < q->num, "%s: %s queue %u: used id %u", w->what, d->label,
               qi, e.id);
    fuzz_trace("%s: %s queue %u: last used {%u, %u}", w->what, d->label, qi,
               e.id, e.len);
    bool ok;
    if (d == &devs[NET])
        ok = qi == VIRTIO_NET_Q_TX
                 ? e.len == 0
                 : e.len >= NET_HDR && e.len <= NET_HDR + tap_last;
    else
        ok = e.len >= 1 && (e.len - 1) % VIRTIO_BLK_SECTOR_SIZE == 0 &&
             e.len - 1 <= DISK_SIZE;
    FUZZ_CHECK(ok, "%s: %s queue %u: used length %u", w->what, d->label, qi,
               e.len);
}

/*
 * Queues are served in order: a later one that gave chains back wrote its
 * used ring last, over q's if the driver made the rings overlap.
 */
static bool overwritten(const struct virtio_dev *d, unsigned q,
                        const unsigned *gave)
{
    uint64_t used = d->q[q].gpa + virtq_used_off(NUM);
    for (unsigned l = q + 1; l < d->kind->nqueues; l++)
        if (gave[l] && d->q[l].gpa < used + virtq_size(NUM) &&
            used < d->q[l].gpa + virtq_size(NUM))
            return true;
    return false;
}

static void work_end(const struct work *w)
{
    struct virtio_dev *d = w->d;
    uint64_t irq = iothread_drain(d->irqfd);
    uint8_t isr = d->isr;
    unsigned gave[VIRTIO_MAX_QUEUES] = {0};
    for (unsigned qi = 0; qi < d->kind->nqueues; qi++) {
        const struct virtq *q = &d->q[qi], *was = &w->q[qi];
        FUZZ_CHECK(q->num == was->num && q->gpa == was->gpa,
                   "%s: %s queue %u set up anew", w->what, d->label, qi);
        if (!q->num)
            continue;
        uint16_t took = (uint16_t)(q->last_avail - was->last_avail);
        gave[qi] = (uint16_t)(q->used_idx - was->used_idx);
        fuzz_trace("%s: %s queue %u: took %u, gave back %u%s", w->what,
                   d->label, qi, took, gave[qi], d->failed ? " (failed)" : "");
        FUZZ_CHECK(gave[qi] <= took, "%s: %s queue %u: gave back %u of %u",
                   w->what, d->label, qi, gave[qi], took);
        FUZZ_CHECK(d->failed || q->last_avail == q->used_idx,
                   "%s: %s queue %u: kept %u chains", w->what, d->label, qi,
                   (uint16_t)(q->last_avail - q->used_idx));
        FUZZ_CHECK(took <= q->num || avail_idx(q) != w->avail[qi],
                   "%s: %s queue %u: took %u chains", w->what, d->label, qi,
                   took);
    }
    if (d == &devs[NET]) {
        unsigned rx = gave[VIRTIO_NET_Q_RX], tx = tap_sent(w->what);
        FUZZ_CHECK(rx <= tap_queued, "%s: %u frames received, %u were sent",
                   w->what, rx, tap_queued);
        for (unsigned f = 0; f < rx; f++) {
            tap_last = tap_len[tap_first];
            tap_first = (tap_first + 1) % TAP_MAX;
            tap_queued--;
        }
        FUZZ_CHECK(tx <= gave[VIRTIO_NET_Q_TX],
                   "%s: %u frames on the tap from %u transmit chains", w->what,
                   tx, gave[VIRTIO_NET_Q_TX]);
    }
    for (unsigned qi = 0; qi < d->kind->nqueues; qi++)
        if (gave[qi] && !overwritten(d, qi, gave))
            check_used(w, qi);
    if (w->failed) {
        FUZZ_CHECK(d->failed, "%s: %s no longer failed", w->what, d->label);
        for (unsigned qi = 0; qi < VIRTIO_MAX_QUEUES; qi++)
            FUZZ_CHECK(d->q[qi].last_avail == w->q[qi].last_avail &&
                           d->q[qi].used_idx == w->q[qi].used_idx,
                       "%s: %s failed, still served queue %u", w->what,
                       d->label, qi);
        FUZZ_CHECK(memcmp(mem_copy, mem.base, mem.size) == 0,
                   "%s: %s failed, still wrote guest memory", w->what,
                   d->label);
        if (d != &devs[NET]) {
            read_disk(disk_fd[d - devs], disk_now);
            FUZZ_CHECK(memcmp(disk_copy, disk_now, DISK_SIZE) == 0 &&
                           disk_size(disk_fd[d - devs]) == w->disk_size,
                       "%s: %s failed, still wrote the disk", w->what,
                       d->label);
        }
    }
    if (d->failed && !w->failed) {
        fuzz_trace("%s: %s failed", w->what, d->label);
        FUZZ_CHECK((isr & VIRTIO_ISR_CONFIG) && irq > 0,
                   "%s: %s failed without a config interrupt", w->what,
                   d->label);
    }
    FUZZ_CHECK(irq == 0 || isr != 0, "%s: %s interrupt with ISR 0", w->what,
               d->label);
    FUZZ_CHECK((w->isr & VIRTIO_ISR_QUEUE) || !(isr & VIRTIO_ISR_QUEUE) ||
                   irq > 0,
               "%s: %s ISR set without an interrupt", w->what, d->label);
    check_devices(w->what);
}

static struct virtio_dev *dev_of(struct io_watch *w)
{
    if (w->fn == on_notify)
        return ((struct virtio_notify *)w->arg)->d;
    /* host_virtio_net.c's tap watch: its argument is the device. */
    FUZZ_CHECK(w->arg == &devs[NET] && w->fd == ents[NET].b.hostfd,
               "the I/O thread woke for an unknown fd %d", w->fd);
    return &devs[NET];
}

/* Run the I/O thread's handlers until none is ready. */
static void io_run(void)
{
    for (unsigned round = 0;; round++) {
        struct epoll_event ev[32];
        int n = epoll_wait(io.epfd, ev, 32, 0);
        need(n >= 0, "epoll_wait", NULL);
        if (n == 0)
            return;
        FUZZ_CHECK(round < 8, "the I/O thread still busy after %u rounds",
                   round);
        for (int i = 0; i < n; i++) {
            struct io_watch *w = ev[i].data.ptr;
            FUZZ_CHECK(w != NULL, "the I/O thread was stopped");
            struct work wk;
            struct virtio_dev *d = dev_of(w);
            const char *what = w->fn == on_notify ? "notify event" : "tap";
            fuzz_trace("io: %s of %s", what, d->label);
            work_begin(&wk, d, what);
            w->fn(w);
            work_end(&wk);
        }
    }
}

/* ---- operations ---------------------------------------------------------- */

static void reg_read(unsigned i, uint16_t off, unsigned size)
{
    struct virtio_dev *d = &devs[i];
    struct regs before = regs_of(d);
    uint8_t isr = d->isr, bar[VIRTIO_BAR_SIZE];
    uint32_t got = 0xdeadbeef, want = 0;
    FUZZ_CHECK(virtio_regs_io(&pc, d, off, size, false, &got) == EXIT_HANDLED,
               "read refused");
    expect_bar(i, &before, isr, bar);
    for (unsigned b = 0; b < size; b++)
        want |= (uint32_t)bar[off + b] << (8 * b);
    fuzz_trace("read %s +%u/%u: 0x%x", d->label, off, size, got);
    FUZZ_CHECK(got == want, "%s: read of %u bytes at %u: 0x%x, want 0x%x",
               d->label, size, off, got, want);
    struct regs after = regs_of(d);
    FUZZ_CHECK(regs_equal(&before, &after), "%s: a read at %u changed it",
               d->label, off);
    bool isr_read = off <= VIRTIO_PCI_ISR && off + size > VIRTIO_PCI_ISR;
    FUZZ_CHECK(d->isr == (isr_read ? 0 : isr),
               "%s: ISR 0x%x after a read at %u", d->label, d->isr, off);
    FUZZ_CHECK(iothread_drain(d->irqfd) == 0, "%s: a read interrupted",
               d->label);
}

static void reg_write(unsigned i, uint16_t off, unsigned size, uint32_t val)
{
    struct virtio_dev *d = &devs[i];
    unsigned nq = d->kind->nqueues;
    if (size < 4)
        val &= (1u << (8 * size)) - 1; /* what the port access carries */
    if (!no_ioeventfd && off == VIRTIO_PCI_QUEUE_NOTIFY && size == 2 &&
        val < nq) {
        /* KVM's ioeventfd takes it: no exit, the I/O thread wakes. */
        fuzz_trace("write %s +%u/%u: 0x%x (ioeventfd)", d->label, off, size,
                   val);
        iothread_kick(d->notify[val].w.fd);
        return;
    }
    struct regs before = regs_of(d);
    uint8_t isr = d->isr;
    bool kicked = readable(d->kick.w.fd);
    uint32_t arg = val;
    FUZZ_CHECK(virtio_regs_io(&pc, d, off, size, true, &arg) == EXIT_HANDLED,
               "write refused");
    struct regs after = regs_of(d);
    struct regs want = expect_write(i, before, off, size, val);
    uint64_t irq = iothread_drain(d->irqfd);
    fuzz_trace("write %s +%u/%u: 0x%x: status 0x%x%s", d->label, off, size, val,
               d->status, d->failed ? " (failed)" : "");
    FUZZ_CHECK(regs_equal(&want, &after),
               "%s: write of 0x%x (%u bytes) at %u: status 0x%x sel %u "
               "features 0x%x failed %d, want 0x%x %u 0x%x %d",
               d->label, val, size, off, after.status, after.queue_sel,
               after.guest_features, after.failed, want.status, want.queue_sel,
               want.guest_features, want.failed);
    if (off == VIRTIO_PCI_STATUS && size == 1 && (uint8_t)val == 0)
        FUZZ_CHECK(d->isr == 0 && irq == 0, "%s: reset left ISR 0x%x", d->label,
                   d->isr);
    else if (after.failed && !before.failed)
        FUZZ_CHECK(irq > 0 && (d->isr & VIRTIO_ISR_CONFIG),
                   "%s: failed without a config interrupt", d->label);
    else
        FUZZ_CHECK(irq == 0 && d->isr == isr, "%s: a write at %u interrupted",
                   d->label, off);
    bool driver_ok = off == VIRTIO_PCI_STATUS && size == 1 &&
                     (val & VIRTIO_STATUS_DRIVER_OK) &&
                     !(before.status & VIRTIO_STATUS_DRIVER_OK);
    bool notify =
        off == VIRTIO_PCI_QUEUE_NOTIFY && size >= 2 && (val & 0xffff) < nq;
    if (driver_ok || notify)
        FUZZ_CHECK(readable(d->kick.w.fd), "%s: %s did not kick the I/O thread",
                   d->label, driver_ok ? "DRIVER_OK" : "notify");
    else
        FUZZ_CHECK(readable(d->kick.w.fd) == kicked,
                   "%s: a write at %u kicked the I/O thread", d->label, off);
}

static void notify(unsigned i, unsigned q)
{
    struct virtio_dev *d = &devs[i];
    struct work w;
    fuzz_trace("notify %s queue %u", d->label, q);
    work_begin(&w, d, "notify");
    serve(d, q);
    work_end(&w);
}

static void mem_write(uint64_t gpa, unsigned size, uint32_t val)
{
    fuzz_trace("mem 0x%llx/%u: 0x%x%s", (unsigned long long)gpa, size, val,
               gmem_check(&mem, gpa, size) ? "" : " (outside)");
    gmem_write(&mem, gpa, &val, size);
}

static void tap_send(size_t len, uint32_t seed)
{
    static uint8_t frame[FRAME_MAX];
    for (size_t i = 0; i < len; i++)
        frame[i] = (uint8_t)(seed + i * 7);
    bool sent = tap_queued < TAP_MAX &&
                send(tap_peer, frame, len, MSG_DONTWAIT) == (ssize_t)len;
    fuzz_trace("frame of %zu bytes%s", len, sent ? "" : " (tap full)");
    if (sent)
        tap_len[(tap_first + tap_queued++) % TAP_MAX] = (uint16_t)len;
}

/* The driver adds head to the avail ring at the PFN it gave queue q. */
static void offer(unsigned i, unsigned q, uint16_t head)
{
    const struct virtio_dev *d = &devs[i];
    uint64_t avail = ((uint64_t)d->pfn[q] << VIRTIO_PCI_QUEUE_ADDR_SHIFT) +
                     virtq_avail_off(NUM);
    uint16_t idx;
    fuzz_trace("offer %s queue %u: head %u", d->label, q, head);
    if (!gmem_read(&mem, avail + 2, &idx, 2) ||
        !gmem_check(&mem, avail + 4, 2 * NUM))
        return;
    gmem_write(&mem, avail + 4 + 2ULL * (idx % NUM), &head, 2);
    idx++;
    gmem_write(&mem, avail + 2, &idx, 2);
}

/* ---- one input ----------------------------------------------------------- */

static void drain_fd(int fd)
{
    static uint8_t buf[FRAME_MAX + 1];
    while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
        ;
}

/* The same devices for every input: reset, pristine disks, tap as said. */
static void reset_devices(unsigned frames)
{
    for (unsigned i = 0; i < NDEV; i++) {
        struct virtio_dev *d = &devs[i];
        uint32_t zero = 0;
        virtio_regs_io(&pc, d, VIRTIO_PCI_STATUS, 1, true, &zero);
        iothread_drain(d->irqfd);
        iothread_drain(d->kick.w.fd);
        for (unsigned q = 0; q < d->kind->nqueues; q++)
            iothread_drain(d->notify[q].w.fd);
        d->n_notify = d->n_irq = 0;
    }
    for (unsigned i = BLK; i <= BLK_RO; i++)
        need(ftruncate(disk_fd[i], 0) == 0 &&
                 ftruncate(disk_fd[i], DISK_SIZE) == 0 &&
                 pwrite(disk_fd[i], pattern, DISK_SIZE, 0) == DISK_SIZE,
             "disk", NULL);
    if (disk_cut)
        need(ftruncate(disk_fd[BLK], DISK_CUT) == 0, "disk", NULL);
    drain_fd(tap_peer);
    drain_fd(ents[NET].b.hostfd);
    tap_first = tap_queued = tap_last = 0;
    for (unsigned f = 0; f < frames; f++)
        tap_send(FRAME, f);
}

/* Guest memory of size bytes: the end of mem_all. */
static void guest_mem_tail(uint64_t size)
{
    uint64_t skip = MAX_PAGES * 4096 - size;
    ASAN_UNPOISON_MEMORY_REGION(mem_all, MAX_PAGES * 4096);
    ASAN_POISON_MEMORY_REGION(mem_all, skip);
    mem.base = mem_all + skip;
    mem.size = size;
    memset(mem.base, 0, size);
}

struct op {
    uint8_t op, x;
    uint16_t y;
    uint32_t v;
};

static void run_op(const struct op *o)
{
    unsigned i = (o->x & 3) % NDEV;
    unsigned nq = devs[i].kind->nqueues, size = sizes[(o->x >> 2) & 3];
    uint16_t off = (uint16_t)(o->y % (VIRTIO_BAR_SIZE - size + 1));
    switch (o->op % NOPS) {
    case OP_READ:
        reg_read(i, off, size);
        break;
    case OP_WRITE:
        reg_write(i, off, size, o->v);
        break;
    case OP_NOTIFY:
        notify(i, (o->x >> 2) % nq);
        break;
    case OP_IO:
        io_run();
        break;
    case OP_MEM:
        mem_write((uint64_t)(o->x >> 2) << 16 | o->y, sizes[o->x & 3], o->v);
        break;
    case OP_FRAME:
        tap_send(1 + o->y % FRAME_MAX, o->v);
        break;
    case OP_OFFER:
        offer(i, (o->x >> 2) % nq, o->y);
        break;
    }
    check_devices(op_names[o->op % NOPS]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    uint64_t mem_size = 4096ULL * (1 + fuzz_u8(&in) % MAX_PAGES);
    uint8_t flags = fuzz_u8(&in);
    no_ioeventfd = flags & 1;
    disk_cut = flags & 2;
    unsigned nops = fuzz_u8(&in) % (MAX_OPS + 1);
    unsigned frames = fuzz_u8(&in) % 4;
    struct op ops[MAX_OPS];
    for (unsigned i = 0; i < MAX_OPS; i++) {
        ops[i].op = fuzz_u8(&in);
        ops[i].x = fuzz_u8(&in);
        ops[i].y = fuzz_u16(&in);
        ops[i].v = fuzz_u32(&in);
    }
    guest_mem_tail(mem_size);
    memcpy(mem.base, in.p, in.n < mem_size ? in.n : mem_size);
    reset_devices(frames);
    fuzz_trace("memory 0x%llx bytes, %u operations, %u frames waiting%s%s",
               (unsigned long long)mem_size, nops, frames,
               no_ioeventfd ? ", no ioeventfds" : "",
               disk_cut ? ", disk cut" : "");

    for (unsigned i = 0; i < nops; i++)
        run_op(&ops[i]);
    io_run();
    /* Every frame the tap had is still there or reached a receive chain. */
    unsigned left = 0;
    static uint8_t buf[FRAME_MAX + 1];
    while (recv(ents[NET].b.hostfd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
        left++;
    FUZZ_CHECK(left == tap_queued, "%u frames left on the tap, want %u", left,
               tap_queued);
    return 0;
}
