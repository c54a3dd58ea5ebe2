/*
 * host_poll.c: the hvt POLL hypercall: wait until the timeout for input on
 * the attached devices of the kinds that deliver some (device_kind.input:
 * the taps of network devices); the ready set has bit N for handle N.
 */
#include <poll.h>
#include <time.h>

#include "vmm/devices.h"
#include "host_hvt.h"

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
        const struct device_kind *k = device_kind_find(e->type);
        if (e->attached && k && k->input) {
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
