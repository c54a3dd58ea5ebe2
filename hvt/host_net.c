/* host_net.c: the hvt network hypercalls (NET_READ, NET_WRITE) on the tap
 * backend (vmm/dev_tap.c); POLL is host_poll.c's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
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
