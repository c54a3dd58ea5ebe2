/*
 * fuzz_hypercalls.c: the hvt hypercall handlers (vmm/hvt_*.c) as a hostile
 * guest drives them: the fuzzer picks the hypercall numbers, the argument
 * addresses and all of guest memory (argument structs, their pointers and
 * lengths, buffers).
 *
 * The guest is a fake one, built as tests/unit/fake_hvt.c builds it: a
 * calloc'd struct vmm with vCPU fds of -1 and an exactly-sized guest
 * memory, so AddressSanitizer reports any access past it. Its manifest
 * declares every kind of device, most of them attached to harmless fds so
 * the handlers run their whole paths:
 *   1 disk   BLOCK_BASIC  a 16-sector memfd, attached by vmm's own attach
 *   2 net0   NET_BASIC    /dev/null (writes vanish, reads return 0 bytes)
 *   3 net1   NET_BASIC    a SOCK_SEQPACKET pair, one 1514-byte frame waiting
 *   4 spare  BLOCK_BASIC  declared, not attached
 *   5 spare2 NET_BASIC    declared, not attached
 *
 * Input (little-endian; missing bytes read as zero):
 *   u8   calls: 1 + b % 4
 *   4 x  { u8 number (b % 64: the port window vmm serves), u64 argument
 *          address }   (fixed size: the header is 37 bytes)
 *   ...  guest memory from address 0; zeros past the input
 * The calls run in order until one stops the guest, as vmm's run loop
 * does; an unknown number stops it too.
 *
 * Oracles: a handler stops the guest exactly when it sets an exit status;
 * the disk never grows (no write past its capacity).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "hvt/host_hvt.h"
#include "vmm/devices.h"

#define MEM_SIZE 0x10000ULL
#define DISK_SIZE (16 * 512)
#define FRAME 1514
#define NCALLS 4

static struct vmm v;
static struct hvt h;
static int disk_fd, net1_peer;

static const char *const names[] = {"disk", "net0", "net1", "spare",
                                    "spare2"};
static const mft_type_t types[] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC,
                                   MFT_DEV_NET_BASIC, MFT_DEV_BLOCK_BASIC,
                                   MFT_DEV_NET_BASIC};
#define NDEV (sizeof(names) / sizeof(names[0]))

static void need(bool ok, const char *what)
{
    if (!ok) {
        perror(what);
        abort();
    }
}

static void attach_disk(struct mft_entry *e)
{
    disk_fd = memfd_create("fuzz-disk", MFD_CLOEXEC);
    need(disk_fd >= 0 && ftruncate(disk_fd, DISK_SIZE) == 0, "memfd");
    char path[64], err[256];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", disk_fd);
    const struct device_kind *d = device_kind_find(MFT_DEV_BLOCK_BASIC);
    need(d != NULL, "no block device registered");
    if (d->attach(e, path, err, sizeof(err)) < 0) {
        fprintf(stderr, "attach %s: %s\n", path, err);
        abort();
    }
    e->attached = true;
}

static void attach_net(struct mft_entry *e, int fd)
{
    need(fd >= 0, "net fd");
    e->b.hostfd = fd;
    e->u.net_basic.mtu = 1500;
    memcpy(e->u.net_basic.mac, "\x02\x00\x00\x00\x00\x01", 6);
    e->attached = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet_stdout(); /* PUTS */
    v.vm.kvm_fd = v.vm.vm_fd = v.vm.vcpu_fd = -1;
    v.vm.mem.base = fuzz_guest_new(MEM_SIZE, 0);
    v.vm.mem.size = MEM_SIZE;
    v.image = "fuzz.hvt";
    h.v = &v;
    h.mft_size = sizeof(struct mft) + (NDEV + 1) * sizeof(struct mft_entry);
    h.mft = calloc(1, h.mft_size);
    need(h.mft != NULL, "calloc");
    h.mft->version = MFT_VERSION;
    h.mft->entries = NDEV + 1;
    h.mft->e[0].type = MFT_RESERVED_FIRST;
    for (unsigned i = 0; i <= NDEV; i++)
        h.mft->e[i].b.hostfd = -1;
    for (unsigned i = 1; i <= NDEV; i++) {
        h.mft->e[i].type = types[i - 1];
        strcpy(h.mft->e[i].name, names[i - 1]);
    }
    attach_disk(&h.mft->e[1]);
    attach_net(&h.mft->e[2], open("/dev/null", O_RDWR | O_NONBLOCK));
    int sv[2];
    need(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    0, sv) == 0,
         "socketpair");
    attach_net(&h.mft->e[3], sv[0]);
    net1_peer = sv[1];
    return 0;
}

static void drain(int fd)
{
    char buf[2048];
    while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
        ;
}

/* The same devices for every input: blank disk, one frame waiting. */
static void reset_devices(void)
{
    need(ftruncate(disk_fd, 0) == 0 && ftruncate(disk_fd, DISK_SIZE) == 0,
         "ftruncate");
    drain(net1_peer);
    drain(h.mft->e[3].b.hostfd);
    static uint8_t frame[FRAME];
    for (size_t i = 0; i < FRAME; i++)
        frame[i] = (uint8_t)(i * 7 + 1);
    need(send(net1_peer, frame, sizeof(frame), MSG_DONTWAIT) == FRAME,
         "send");
}

/* With FUZZ_TRACE: the outcome, and the ret the guest reads back. */
static void trace_call(const struct hvt_hc_def *d, uint64_t gpa,
                       enum hc_result r)
{
    size_t at = 0;
    switch (d->nr) {
    case HVT_HYPERCALL_BLOCK_READ:
    case HVT_HYPERCALL_BLOCK_WRITE:
        at = offsetof(struct hvt_hc_block_read, ret);
        break;
    case HVT_HYPERCALL_NET_READ:
    case HVT_HYPERCALL_NET_WRITE:
        at = offsetof(struct hvt_hc_net_read, ret);
        break;
    case HVT_HYPERCALL_POLL:
        at = offsetof(struct hvt_hc_poll, ret);
        break;
    }
    int ret = 0;
    bool has_ret = at && r == HC_CONTINUE &&
                   gmem_read(&v.vm.mem, gpa + at, &ret, sizeof(ret));
    char rets[32] = "";
    if (has_ret)
        snprintf(rets, sizeof(rets), ", ret %d", ret);
    fuzz_trace("%s(0x%llx): %s, status %d%s", d->name,
               (unsigned long long)gpa, r == HC_STOP ? "stop" : "continue",
               v.status, rets);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    unsigned ncalls = 1 + fuzz_u8(&in) % NCALLS;
    unsigned nr[NCALLS];
    uint64_t gpa[NCALLS];
    for (unsigned i = 0; i < NCALLS; i++) {
        nr[i] = fuzz_u8(&in) % 64;
        gpa[i] = fuzz_u64(&in);
    }
    memset(v.vm.mem.base, 0, MEM_SIZE);
    memcpy(v.vm.mem.base, in.p, in.n < MEM_SIZE ? in.n : MEM_SIZE);
    reset_devices();

    for (unsigned i = 0; i < ncalls; i++) {
        const struct hvt_hc_def *d = hvt_hypercall_find(nr[i]);
        if (!d) {
            fuzz_trace("hypercall %u: unknown, stop", nr[i]);
            break; /* vmm stops the guest: unknown hypercall */
        }
        FUZZ_CHECK(d->nr == nr[i] && d->fn && d->name, "bad entry for %u",
                   nr[i]);
        v.status = -1;
        enum hc_result r = d->fn(&h, gpa[i]);
        FUZZ_CHECK(r == HC_CONTINUE || r == HC_STOP, "%s returned %d",
                   d->name, (int)r);
        FUZZ_CHECK((r == HC_STOP) == (v.status != -1),
                   "%s returned %s with status %d", d->name,
                   r == HC_STOP ? "STOP" : "CONTINUE", v.status);
        if (fuzz_tracing)
            trace_call(d, gpa[i], r);
        struct stat st;
        need(fstat(disk_fd, &st) == 0, "fstat");
        FUZZ_CHECK(st.st_size == DISK_SIZE, "%s: the disk is now %lld bytes",
                   d->name, (long long)st.st_size);
        if (r == HC_STOP)
            break;
    }
    return 0;
}
