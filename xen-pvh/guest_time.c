/*
 * guest_time.c: Xen's clocks and timer.
 *
 * System time (ns since the domain started) comes from vCPU 0's
 * vcpu_time_info in the shared info page, a pvclock area (rt_pvclock);
 * the wall clock at system time 0 is wc_sec (+ wc_sec_hi << 32) and
 * wc_nsec, read under wc_version like the pvclock fields. Sleeping arms
 * Xen's single-shot timer (set_timer_op, absolute system time), whose
 * VIRQ_TIMER event wakes SCHEDOP_block.
 */
#include "guest_xen.h"

#define NSEC_PER_SEC 1000000000ULL

_Static_assert(sizeof(struct vcpu_time_info) == sizeof(struct rt_pvclock),
               "vcpu_time_info is a pvclock area");

const volatile struct rt_pvclock *xen_pvclock(void)
{
    const volatile void *t = &xen_shared_info()->vcpu_info[0].time;

    return t;
}

uint64_t xen_wall_nsecs(void)
{
    const volatile struct shared_info *s = xen_shared_info();
    uint32_t version, nsec;
    uint64_t sec;

    do {
        version = s->wc_version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sec = (uint64_t)s->wc_sec_hi << 32 | s->wc_sec;
        nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != s->wc_version);
    return sec * NSEC_PER_SEC + nsec + rt_pvclock_read(xen_pvclock());
}

void xen_sleep_until(uint64_t until)
{
    uint32_t port = xen_timer_port();

    (void)xen_hypercall(__HYPERVISOR_set_timer_op, until, 0, 0);
    /* A timer event already there (an earlier, shorter sleep) ends it. */
    if (!xen_evtchn_take(port))
        xen_sched_block();
    (void)xen_evtchn_take(port);
}
