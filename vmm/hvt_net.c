/* hvt_net.c: tap-backed network devices (NET_READ, NET_WRITE) and POLL. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "hvt.h"

#define NET_MTU 1500
#define ETH_HLEN 14
enum { R_OK_ = 0, R_AGAIN = 1, R_EINVAL = 2, R_EUNSPEC = 3 };

static int tap_open(const char *name, char *err, size_t errlen)
{
    if (strlen(name) >= IFNAMSIZ) {
        snprintf(err, errlen, "tap device name '%s' is too long", name);
        return -1;
    }
    /* Attach only to an existing tap; never create one behind the user. */
    if (if_nametoindex(name) == 0) {
        snprintf(err, errlen,
                 "tap device '%s' does not exist (create it first, e.g. "
                 "ip tuntap add %s mode tap)",
                 name, name);
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    memcpy(ifr.ifr_name, name, strlen(name));
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(err, errlen, "tap device '%s': %s (is it a tap, and free?)",
                 name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int net_attach(struct mft_entry *e, const char *tap, char *err,
                      size_t errlen)
{
    int fd = tap_open(tap, err, errlen);
    if (fd < 0)
        return -1;
    uint8_t *mac = e->u.net_basic.mac;
    if (getrandom(mac, 6, 0) != 6) {
        snprintf(err, errlen, "getrandom: %s", strerror(errno));
        close(fd);
        return -1;
    }
    mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02); /* unicast, locally admin. */
    e->u.net_basic.mtu = NET_MTU;
    e->b.hostfd = fd;
    return 0;
}

static const struct hvt_device net_device = {MFT_DEV_NET_BASIC, "--net",
                                             net_attach};
HVT_DEVICE(net_device);

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
