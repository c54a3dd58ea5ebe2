/*
 * test_hc_net.c: NET_READ, NET_WRITE and POLL. Opening a tap needs
 * privileges, so the attached entries get one end of a non-blocking
 * SOCK_SEQPACKET socket pair as their host fd instead (one frame per read,
 * like a tap); the test plays the network on the other end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vmm/exit_status.h"
#include "fake_hvt.h"
#include "unit.h"

#define FRAME_MAX 1514 /* MTU 1500 + Ethernet header */
enum { R_OK_ = 0, R_AGAIN = 1, R_EINVAL = 2, R_EUNSPEC = 3 };

static const char *const names[] = {"disk", "net0", "net1", "spare"};
static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC,
                                 MFT_DEV_NET_BASIC, MFT_DEV_NET_BASIC};

struct net {
    struct fake f;
    int peer[5]; /* the network's end, by handle */
};

/* net0 (handle 2) and net1 (3) attached; spare (4) declared only. */
static void setup(struct net *n)
{
    fake_init(&n->f, 4, names, types);
    for (unsigned h = 2; h <= 3; h++) {
        int sv[2];
        cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0,
                                sv),
                     0);
        struct mft_entry *e = &n->f.h.mft->e[h];
        e->b.hostfd = sv[0];
        e->u.net_basic.mtu = 1500;
        e->attached = true;
        n->peer[h] = sv[1];
    }
}

static void teardown(struct net *n)
{
    close(n->peer[2]);
    close(n->peer[3]);
    fake_free(&n->f);
}

static int net_read(struct net *n, uint64_t handle, uint64_t data,
                    uint64_t len, uint64_t *out_len, enum hc_result *r,
                    char **msg)
{
    struct hvt_hc_net_read a = {.handle = handle, .data = data, .len = len,
                                .ret = 77};
    fake_put(&n->f, FAKE_ARG, &a, sizeof(a));
    *r = fake_call(&n->f, HVT_HYPERCALL_NET_READ, FAKE_ARG, msg);
    fake_get(&n->f, FAKE_ARG, &a, sizeof(a));
    if (out_len)
        *out_len = a.len;
    return a.ret;
}

static int net_write(struct net *n, uint64_t handle, uint64_t data,
                     uint64_t len, enum hc_result *r, char **msg)
{
    struct hvt_hc_net_write a = {.handle = handle, .data = data, .len = len,
                                 .ret = 77};
    fake_put(&n->f, FAKE_ARG, &a, sizeof(a));
    *r = fake_call(&n->f, HVT_HYPERCALL_NET_WRITE, FAKE_ARG, msg);
    fake_get(&n->f, FAKE_ARG, &a, sizeof(a));
    return a.ret;
}

static struct hvt_hc_poll poll_call(struct net *n, uint64_t timeout_ns)
{
    struct hvt_hc_poll a = {.timeout_nsecs = timeout_ns,
                            .ready_set = 0xdead,
                            .ret = 77};
    fake_put(&n->f, FAKE_ARG, &a, sizeof(a));
    cr_assert_eq(fake_call(&n->f, HVT_HYPERCALL_POLL, FAKE_ARG, NULL),
                 HC_CONTINUE);
    fake_get(&n->f, FAKE_ARG, &a, sizeof(a));
    return a;
}

Test(net_attach, refusals_without_privileges)
{
    const struct device_kind *d = device_kind_find(MFT_DEV_NET_BASIC);
    struct mft_entry e;
    char err[256] = "";
    memset(&e, 0, sizeof(e));
    cr_assert_eq(d->attach(&e, "tap-name-far-too-long", err, sizeof(err)), -1);
    assert_has(err, "'tap-name-far-too-long' is too long");
    cr_assert_eq(d->attach(&e, "vmmnotap0", err, sizeof(err)), -1);
    assert_has(err, "tap device 'vmmnotap0' does not exist");
}

Test(net_read, nothing_pending_is_again)
{
    struct net n;
    enum hc_result r;
    uint64_t len;
    setup(&n);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, &len, &r, NULL),
                 R_AGAIN);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(n.f.v.status, -1);
    teardown(&n);
}

Test(net_read, one_frame_per_call)
{
    struct net n;
    enum hc_result r;
    uint64_t len;
    uint8_t f1[60], f2[FRAME_MAX];
    setup(&n);
    for (unsigned i = 0; i < sizeof(f1); i++)
        f1[i] = (uint8_t)(i + 1);
    memset(f2, 0x42, sizeof(f2));
    cr_assert_eq(write(n.peer[2], f1, sizeof(f1)), (ssize_t)sizeof(f1));
    cr_assert_eq(write(n.peer[2], f2, sizeof(f2)), (ssize_t)sizeof(f2));
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, &len, &r, NULL), R_OK_);
    cr_assert_eq(len, sizeof(f1));
    cr_assert(memcmp(n.f.mem + FAKE_BUF, f1, sizeof(f1)) == 0);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, 4096, &len, &r, NULL), R_OK_);
    cr_assert_eq(len, sizeof(f2));
    cr_assert(memcmp(n.f.mem + FAKE_BUF, f2, sizeof(f2)) == 0);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, &len, &r, NULL),
                 R_AGAIN);
    cr_assert_eq(net_read(&n, 3, FAKE_BUF, FRAME_MAX, &len, &r, NULL),
                 R_AGAIN, "the frames were for net0 only");
    teardown(&n);
}

Test(net_read, buffer_smaller_than_a_frame_is_einval)
{
    struct net n;
    enum hc_result r;
    setup(&n);
    cr_assert_eq(write(n.peer[2], "x", 1), 1);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX - 1, NULL, &r, NULL),
                 R_EINVAL);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, 0, NULL, &r, NULL), R_EINVAL);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, NULL, &r, NULL), R_OK_,
                 "the frame is still there");
    teardown(&n);
}

Test(net, bad_handles_are_einval)
{
    const uint64_t bad[] = {0, 1 /* block */, 4 /* not attached */,
                            5 /* past the manifest */, 1ULL << 40};
    struct net n;
    enum hc_result r;
    setup(&n);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(net_read(&n, bad[i], FAKE_BUF, FRAME_MAX, NULL, &r, NULL),
                     R_EINVAL, "read, handle %llu",
                     (unsigned long long)bad[i]);
        cr_assert_eq(r, HC_CONTINUE);
        cr_assert_eq(net_write(&n, bad[i], FAKE_BUF, 60, &r, NULL), R_EINVAL,
                     "write, handle %llu", (unsigned long long)bad[i]);
        cr_assert_eq(r, HC_CONTINUE);
    }
    char c;
    cr_assert_eq(read(n.peer[2], &c, 1), -1, "nothing sent");
    cr_assert_eq(n.f.v.status, -1);
    teardown(&n);
}

Test(net_write, sends_the_exact_frame)
{
    struct net n;
    enum hc_result r;
    uint8_t got[4096];
    setup(&n);
    for (unsigned i = 0; i < FRAME_MAX; i++)
        n.f.mem[FAKE_BUF + i] = (uint8_t)(i * 3);
    cr_assert_eq(net_write(&n, 3, FAKE_BUF, 60, &r, NULL), R_OK_);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(read(n.peer[3], got, sizeof(got)), 60);
    cr_assert(memcmp(got, n.f.mem + FAKE_BUF, 60) == 0);
    cr_assert_eq(net_write(&n, 3, FAKE_BUF, FRAME_MAX, &r, NULL), R_OK_);
    cr_assert_eq(read(n.peer[3], got, sizeof(got)), FRAME_MAX);
    cr_assert(memcmp(got, n.f.mem + FAKE_BUF, FRAME_MAX) == 0);
    cr_assert_eq(net_write(&n, 3, FAKE_BUF, FRAME_MAX + 1, &r, NULL),
                 R_EINVAL, "larger than MTU + header");
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(read(n.peer[3], got, sizeof(got)), -1, "nothing sent");
    teardown(&n);
}

Test(net_write, full_queue_drops_the_frame)
{
    struct net n;
    enum hc_result r;
    uint8_t frame[FRAME_MAX] = {0};
    setup(&n);
    int fd = n.f.h.mft->e[2].b.hostfd;
    /* Fill the queue towards the network until a frame would block. */
    while (write(fd, frame, sizeof(frame)) > 0)
        ;
    cr_assert_eq(errno, EAGAIN);
    cr_assert_eq(net_write(&n, 2, FAKE_BUF, FRAME_MAX, &r, NULL), R_OK_);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(n.f.v.status, -1);
    teardown(&n);
}

Test(net, host_errors_are_eunspec)
{
    struct net n;
    enum hc_result r;
    setup(&n);
    struct mft_entry *e = &n.f.h.mft->e[2];
    close(e->b.hostfd);
    e->b.hostfd = open("/dev/null", O_RDONLY);
    cr_assert_eq(net_write(&n, 2, FAKE_BUF, 60, &r, NULL), R_EUNSPEC);
    close(e->b.hostfd);
    e->b.hostfd = open("/dev/null", O_WRONLY);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, NULL, &r, NULL),
                 R_EUNSPEC);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(n.f.v.status, -1);
    teardown(&n);
}

Test(net, data_outside_memory_stops_the_guest)
{
    const uint64_t bad[] = {FAKE_MEM_SIZE, FAKE_MEM_SIZE - 100,
                            UINT64_MAX - 10};
    for (unsigned i = 0; i < 3; i++) {
        for (unsigned w = 0; w < 2; w++) {
            struct net n;
            enum hc_result r;
            char *msg;
            setup(&n);
            cr_assert_eq(write(n.peer[2], "frame", 5), 5);
            if (w)
                net_write(&n, 2, bad[i], 200, &r, &msg);
            else
                net_read(&n, 2, bad[i], FRAME_MAX, NULL, &r, &msg);
            cr_assert_eq(r, HC_STOP, "data %u", i);
            cr_assert_eq(n.f.v.status, VMM_EXIT_BAD_HYPERCALL);
            assert_has(msg, w ? "hypercall NET_WRITE:"
                              : "hypercall NET_READ:");
            free(msg);
            teardown(&n);
        }
    }
}

Test(poll, nothing_ready)
{
    struct net n;
    setup(&n);
    struct hvt_hc_poll a = poll_call(&n, 0);
    cr_assert_eq(a.ret, 0);
    cr_assert_eq(a.ready_set, 0);
    teardown(&n);
}

Test(poll, waits_for_the_timeout)
{
    struct net n;
    struct timespec t0, t1;
    setup(&n);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct hvt_hc_poll a = poll_call(&n, 30 * 1000000ULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    cr_assert_eq(a.ret, 0);
    cr_assert_geq(ms, 29.0, "returned after %.1f ms", ms);
    teardown(&n);
}

Test(poll, ready_set_names_the_handles_with_input)
{
    struct net n;
    setup(&n);
    cr_assert_eq(write(n.peer[3], "frame", 5), 5);
    struct hvt_hc_poll a = poll_call(&n, 1000000000ULL);
    cr_assert_eq(a.ret, 1);
    cr_assert_eq(a.ready_set, 1ULL << 3);
    cr_assert_eq(write(n.peer[2], "frame", 5), 5);
    a = poll_call(&n, 0);
    cr_assert_eq(a.ready_set, (1ULL << 2) | (1ULL << 3));
    /* Reading the frames clears them. */
    enum hc_result r;
    net_read(&n, 2, FAKE_BUF, FRAME_MAX, NULL, &r, NULL);
    net_read(&n, 3, FAKE_BUF, FRAME_MAX, NULL, &r, NULL);
    a = poll_call(&n, 0);
    cr_assert_eq(a.ret, 0);
    cr_assert_eq(a.ready_set, 0);
    teardown(&n);
}

Test(net, checks_follow_the_devices_mtu)
{
    const unsigned jumbo = 9000 + 14;
    struct net n;
    enum hc_result r;
    uint64_t len;
    static uint8_t got[16384];
    setup(&n);
    n.f.h.mft->e[2].u.net_basic.mtu = 9000; /* the tap's, as attached */
    for (unsigned i = 0; i < jumbo; i++)
        n.f.mem[FAKE_BUF + i] = (uint8_t)(i * 7);
    cr_assert_eq(net_write(&n, 2, FAKE_BUF, jumbo, &r, NULL), R_OK_);
    cr_assert_eq(read(n.peer[2], got, sizeof(got)), jumbo);
    cr_assert_eq(net_write(&n, 2, FAKE_BUF, jumbo + 1, &r, NULL), R_EINVAL,
                 "larger than MTU 9000 + header");
    cr_assert_eq(net_write(&n, 3, FAKE_BUF, FRAME_MAX + 1, &r, NULL),
                 R_EINVAL, "net1 keeps MTU 1500");
    cr_assert_eq(write(n.peer[2], got, jumbo), jumbo);
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, FRAME_MAX, NULL, &r, NULL),
                 R_EINVAL, "a buffer for MTU 1500 is too small now");
    cr_assert_eq(net_read(&n, 2, FAKE_BUF, jumbo, &len, &r, NULL), R_OK_);
    cr_assert_eq(len, jumbo);
    cr_assert(memcmp(n.f.mem + FAKE_BUF, got, jumbo) == 0);
    teardown(&n);
}
