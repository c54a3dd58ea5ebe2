/* host_net.c: the hvt network hypercalls (NET_READ, NET_WRITE) and POLL on
 * the tap backend (vmm/dev_tap.c). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host_hvt.h"

#define ETH_HLEN 14
enum { R_OK_ = 0, R_AGAIN = 1, R_EINVAL = 2, R_EUNSPEC = 3 };


static enum hc_result hc_net_write(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_net_write a;
    if (hvt_arg_in(h, "NET_WRITE", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    struct mft_entry *e = hvt_device_entry(h, a.handle, MFT_DEV_NET_BASIC);
    if (!e || a.len > (size_t)e->u.net_basic.mtu + ETH_HLEN) {
        a.ret = R_EINVAL;
    } else {
        const void *buf = hvt_buf(h, "NET_WRITE", a.data, a.len);
        if (!buf)
            return HC_STOP;
        ssize_t n;
        do
            n = write(e->b.hostfd, buf, a.len);
        while (n < 0 && errno == EINTR);
        /* A full tap queue drops the frame, as Solo5 defines. */
        a.ret = (n == (ssize_t)a.len || (n < 0 && errno == EAGAIN))
                    ? R_OK_
                    : R_EUNSPEC;
    }
    hvt_arg_out(h, gpa, &a, sizeof(a));
    return HC_CONTINUE;
}
HVT_HYPERCALL(HVT_HYPERCALL_NET_WRITE, "NET_WRITE", hc_net_write);

static enum hc_result hc_net_read(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_net_read a;
    if (hvt_arg_in(h, "NET_READ", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    struct mft_entry *e = hvt_device_entry(h, a.handle, MFT_DEV_NET_BASIC);
    if (!e || a.len < (size_t)e->u.net_basic.mtu + ETH_HLEN) {
        a.ret = R_EINVAL;
    } else {
        void *buf = hvt_buf(h, "NET_READ", a.data, a.len);
        if (!buf)
            return HC_STOP;
        ssize_t n;
        do
            n = read(e->b.hostfd, buf, a.len);
        while (n < 0 && errno == EINTR);
        if (n >= 0) {
            a.len = (size_t)n;
            a.ret = R_OK_;
        } else {
            a.ret = errno == EAGAIN ? R_AGAIN : R_EUNSPEC;
        }
    }
    hvt_arg_out(h, gpa, &a, sizeof(a));
    return HC_CONTINUE;
}
HVT_HYPERCALL(HVT_HYPERCALL_NET_READ, "NET_READ", hc_net_read);

static enum hc_result hc_poll(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_poll a;
    if (hvt_arg_in(h, "POLL", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    struct pollfd fds[MFT_MAX_ENTRIES];
    uint32_t handle[MFT_MAX_ENTRIES];
    nfds_t n = 0;
    for (uint32_t i = 1; i < h->mft->entries; i++) {
        const struct mft_entry *e = &h->mft->e[i];
        if (e->type == MFT_DEV_NET_BASIC && e->attached) {
            fds[n] = (struct pollfd){.fd = e->b.hostfd, .events = POLLIN};
            handle[n++] = i;
        }
    }
    struct timespec ts = {.tv_sec = (time_t)(a.timeout_nsecs / 1000000000ULL),
                          .tv_nsec = (long)(a.timeout_nsecs % 1000000000ULL)};
    int r = ppoll(fds, n, &ts, NULL);
    a.ready_set = 0;
    for (nfds_t i = 0; r > 0 && i < n; i++)
        if (fds[i].revents & POLLIN)
            a.ready_set |= 1ULL << handle[i];
    a.ret = a.ready_set ? 1 : 0;
    hvt_arg_out(h, gpa, &a, sizeof(a));
    return HC_CONTINUE;
}
HVT_HYPERCALL(HVT_HYPERCALL_POLL, "POLL", hc_poll);
