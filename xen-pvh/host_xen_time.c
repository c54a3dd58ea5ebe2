/*
 * host_xen_time.c: Xen time: system time (ns since the VM started, on the
 * host's CLOCK_MONOTONIC), vcpu_time_info in shared info for the guest's
 * pvclock (from its TSC and the TSC frequency KVM reports), the wall clock
 * at system time 0 (wc_sec/wc_nsec), and the single-shot timer that
 * set_timer_op and VCPUOP_set_singleshot_timer arm: at its deadline the
 * port bound to VIRQ_TIMER becomes pending.
 */
#include <time.h>

#include "host_xen.h"

#define NSEC 1000000000ULL
#define VCPU_SSHOTTMR_future 1   /* fail with -ETIME when already past */
#define PVCLOCK_TSC_STABLE 0x01  /* vcpu_time_info.flags */

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

uint64_t xen_now(const struct xen *x)
{
    return clock_ns(CLOCK_MONOTONIC) - x->boot_ns;
}

uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* The TSC scaled by 2^shift lands in (1e9, 2e9]: mul in [2^31, 2^32). */
void xen_pvclock_params(uint64_t hz, uint32_t *mul, int8_t *shift)
{
    int s = 0;
    uint64_t scaled = hz;
    while (scaled <= NSEC) {
        scaled <<= 1;
        s++;
    }
    while (scaled > 2 * NSEC) {
        scaled >>= 1;
        s--;
    }
    *mul = (uint32_t)((NSEC << 32) / scaled);
    *shift = (int8_t)s;
}

void xen_time_update(struct xen *x)
{
    struct vcpu_time_info *t = &x->shinfo->vcpu_info[0].time;
    uint64_t tsc = 0;
    if (x->host && x->host->guest_tsc)
        tsc = x->host->guest_tsc(x->host->ctx);
    uint64_t sys = xen_now(x);
    /* Never behind what the previous values give at this TSC. */
    if (x->last_tsc && tsc >= x->last_tsc) {
        uint64_t was = x->last_sys + xen_pvclock_scale(tsc - x->last_tsc,
                                                       x->tsc_mul,
                                                       x->tsc_shift);
        if (was > sys)
            sys = was;
    }
    x->last_tsc = tsc;
    x->last_sys = sys;
    uint32_t v = (x->time_version + 1) | 1;
    __atomic_store_n(&t->version, v, __ATOMIC_SEQ_CST);
    t->tsc_timestamp = tsc;
    t->system_time = sys;
    t->tsc_to_system_mul = x->tsc_mul;
    t->tsc_shift = x->tsc_shift;
    t->flags = PVCLOCK_TSC_STABLE;
    x->time_version = v + 1;
    __atomic_store_n(&t->version, v + 1, __ATOMIC_SEQ_CST);
}

void xen_wallclock_update(struct xen *x)
{
    struct shared_info *s = x->shinfo;
    uint64_t wall = clock_ns(CLOCK_REALTIME) - xen_now(x);
    uint32_t v = (x->wc_version + 1) | 1;
    __atomic_store_n(&s->wc_version, v, __ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)(wall / NSEC);
    s->wc_sec_hi = (uint32_t)(wall / NSEC >> 32);
    s->wc_nsec = (uint32_t)(wall % NSEC);
    x->wc_version = v + 1;
    __atomic_store_n(&s->wc_version, v + 1, __ATOMIC_SEQ_CST);
}

static void arm(struct xen *x, uint64_t deadline)
{
    uint64_t mono = 0;
    if (deadline && deadline < UINT64_MAX - x->boot_ns)
        mono = x->boot_ns + deadline;
    if (x->host && x->host->arm_timer)
        x->host->arm_timer(x->host->ctx, mono);
}

void xen_timer_expire(struct xen *x)
{
    if (!x->timer || xen_now(x) < x->timer)
        return;
    x->timer = 0;
    uint32_t port = xen_virq_port(x, VIRQ_TIMER);
    if (port)
        xen_evtchn_set_pending(x, port);
    pthread_cond_broadcast(&x->wake);
}

void xen_timer_set(struct xen *x, uint64_t deadline)
{
    x->timer = deadline;
    arm(x, deadline);
    xen_timer_expire(x); /* a deadline already past fires now, as on Xen */
}

static enum xen_verdict hc_set_timer_op(struct xen *x, struct xen_call *c)
{
    xen_time_update(x);
    xen_timer_set(x, c->arg[0]);
    c->ret = 0;
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_set_timer_op, "set_timer_op", hc_set_timer_op);

static int64_t singleshot(struct xen *x, uint64_t arg)
{
    struct vcpu_set_singleshot_timer t;
    if (!xen_copy_in(x, arg, &t, sizeof(t)))
        return -XEN_EFAULT;
    if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < xen_now(x))
        return -XEN_ETIME;
    xen_timer_set(x, t.timeout_abs_ns);
    return 0;
}

static enum xen_verdict hc_vcpu_op(struct xen *x, struct xen_call *c)
{
    xen_time_update(x);
    if ((uint32_t)c->arg[1] != 0) {
        c->ret = -XEN_ENOENT; /* vCPU 0 is the only one */
        return XEN_RESUME;
    }
    switch ((uint32_t)c->arg[0]) {
    case VCPUOP_set_singleshot_timer:
        c->ret = singleshot(x, c->arg[2]);
        break;
    case VCPUOP_stop_singleshot_timer:
        xen_timer_set(x, 0);
        c->ret = 0;
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_vcpu_op, "vcpu_op", hc_vcpu_op);
