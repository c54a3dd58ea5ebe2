/*
 * host_xen_sched.c: sched_op: yield, block, poll and shutdown.
 *
 * Blocking waits for an event: SCHEDOP_block returns once an upcall is
 * pending (the timer fired, the console answered); vmm waits for the
 * timer's deadline itself. When virtio devices are attached and the guest
 * blocks with interrupts on and an upcall vector set, the vCPU halts in
 * KVM instead (XEN_HALT), so a device's interrupt wakes it as well as the
 * upcall. SCHEDOP_poll waits in vmm for a polled port, an upcall or its
 * timeout. A wait nothing can end (no timer, no timeout, no device
 * interrupt) stops the guest with status 252.
 *
 * Shutdown reasons and vmm's exit status: SHUTDOWN_poweroff 0;
 * SHUTDOWN_crash and SHUTDOWN_watchdog 255 (an abort: registers printed);
 * SHUTDOWN_reboot 1, with a message (vmm does not restart guests);
 * VMM_SHUTDOWN_STATUS + n (vmm's extension) n, under the isa-debug-exit
 * rules: 0..249 the guest's status, 255 an abort, 250..254 give 1 with a
 * message. SHUTDOWN_suspend and soft_reset return -ENOSYS; other reasons
 * -EINVAL.
 */
#include <time.h>

#include "vmm/exit_status.h"
#include "host_xen.h"

#define RFLAGS_IF (1ULL << 9)
#define SHUTDOWN_watchdog 4
#define SHUTDOWN_soft_reset 5
#define POLL_MAX_PORTS 128
#define GUEST_STATUS_MAX 249
#define NSEC 1000000000ULL

static bool any_pending(const struct xen *x, const uint32_t *ports, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (__atomic_load_n(&x->shinfo->evtchn_pending[ports[i] / 64],
                            __ATOMIC_SEQ_CST) &
            (1ULL << (ports[i] % 64)))
            return true;
    return false;
}

/* Wait (lock held) for an upcall, a polled port, or timeout (0: none). */
static enum xen_verdict wait_event(struct xen *x, const char *what,
                                   const uint32_t *ports, unsigned n,
                                   uint64_t timeout)
{
    for (;;) {
        xen_timer_expire(x);
        if (xen_upcall_pending(x) || any_pending(x, ports, n))
            return XEN_RESUME;
        uint64_t until = x->timer;
        if (timeout && (!until || timeout < until))
            until = timeout;
        if (!until)
            return xen_stop(x, VMM_EXIT_UNEXPECTED, true,
                            "guest blocked (%s) with nothing to wake it: no "
                            "timer set%s",
                            what,
                            x->has_devices ? " and interrupts off" : "");
        if (xen_now(x) >= until)
            return XEN_RESUME; /* the timeout passed (the timer fired above) */
        uint64_t at = x->boot_ns + until;
        if (until > UINT64_MAX - x->boot_ns)
            at = UINT64_MAX - NSEC;
        struct timespec ts = {(time_t)(at / NSEC), (long)(at % NSEC)};
        pthread_cond_timedwait(&x->wake, &x->lock, &ts);
    }
}

static enum xen_verdict do_block(struct xen *x, struct xen_call *c)
{
    xen_timer_expire(x);
    if (xen_upcall_pending(x))
        return XEN_RESUME;
    /* A device's interrupt must wake it too: only KVM sees those. */
    if (x->has_devices && (c->rflags & RFLAGS_IF) && x->host &&
        (x->upcall_vector || (x->param[HVM_PARAM_CALLBACK_IRQ] >> 56) == 2))
        return XEN_HALT;
    return wait_event(x, "SCHEDOP_block", NULL, 0, 0);
}

static enum xen_verdict do_poll(struct xen *x, struct xen_call *c)
{
    struct sched_poll p;
    uint32_t ports[POLL_MAX_PORTS];
    if (!xen_copy_in(x, c->arg[1], &p, sizeof(p))) {
        c->ret = -XEN_EFAULT;
        return XEN_RESUME;
    }
    if (p.nr_ports > POLL_MAX_PORTS) {
        c->ret = -XEN_EINVAL;
        return XEN_RESUME;
    }
    if (!xen_copy_in(x, p.ports, ports, p.nr_ports * sizeof(ports[0]))) {
        c->ret = -XEN_EFAULT;
        return XEN_RESUME;
    }
    for (unsigned i = 0; i < p.nr_ports; i++)
        if (ports[i] >= XEN_MAX_PORTS) {
            c->ret = -XEN_EINVAL;
            return XEN_RESUME;
        }
    return wait_event(x, "SCHEDOP_poll", ports, p.nr_ports, p.timeout);
}

static enum xen_verdict exit_with(struct xen *x, uint32_t status)
{
    if (status == 255)
        return xen_stop(x, VMM_EXIT_ABORT, true,
                        "guest aborted (SCHEDOP_shutdown, status 255)");
    if (status > GUEST_STATUS_MAX)
        return xen_stop(x, 1, false,
                        "guest exit status %u is reserved (guests use "
                        "0..%d); exiting with 1",
                        status, GUEST_STATUS_MAX);
    return xen_stop(x, (int)status, false, NULL);
}

static enum xen_verdict do_shutdown(struct xen *x, struct xen_call *c)
{
    struct sched_shutdown s;
    if (!xen_copy_in(x, c->arg[1], &s, sizeof(s))) {
        c->ret = -XEN_EFAULT;
        return XEN_RESUME;
    }
    switch (s.reason) {
    case SHUTDOWN_poweroff:
        return xen_stop(x, 0, false, NULL);
    case SHUTDOWN_reboot:
        return xen_stop(x, 1, false,
                        "guest asked to reboot (SCHEDOP_shutdown); vmm does "
                        "not restart guests: exiting with 1");
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog:
        return xen_stop(x, VMM_EXIT_ABORT, true,
                        "guest %s (SCHEDOP_shutdown reason %u)",
                        s.reason == SHUTDOWN_crash ? "crashed"
                                                   : "watchdog fired",
                        s.reason);
    case SHUTDOWN_suspend:
    case SHUTDOWN_soft_reset:
        c->ret = -XEN_ENOSYS;
        return XEN_RESUME;
    default:
        if (s.reason >= VMM_SHUTDOWN_STATUS &&
            s.reason - VMM_SHUTDOWN_STATUS <= 255)
            return exit_with(x, s.reason - VMM_SHUTDOWN_STATUS);
        c->ret = -XEN_EINVAL;
        return XEN_RESUME;
    }
}

static enum xen_verdict hc_sched_op(struct xen *x, struct xen_call *c)
{
    xen_time_update(x);
    c->ret = 0;
    switch ((uint32_t)c->arg[0]) {
    case SCHEDOP_yield:
        xen_timer_expire(x);
        return XEN_RESUME;
    case SCHEDOP_block:
        return do_block(x, c);
    case SCHEDOP_poll:
        return do_poll(x, c);
    case SCHEDOP_shutdown:
        return do_shutdown(x, c);
    default:
        c->ret = -XEN_ENOSYS;
        return XEN_RESUME;
    }
}
XEN_HYPERCALL(__HYPERVISOR_sched_op, "sched_op", hc_sched_op);
