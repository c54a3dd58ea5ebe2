/*
 * test_xen_sched.c: the Xen shim's timer and sched_op over a fake guest
 * memory (no KVM): shutdown reasons and vmm's exit statuses, a past
 * deadline firing at once, SCHEDOP_block waiting for the timer (or halting
 * in KVM with interrupts on), a block nothing can end, SCHEDOP_poll.
 */
#include <stdlib.h>

#include "vmm/exit_status.h"
#include "fake_xen.h"
#include "unit.h"

static enum xen_verdict shutdown(uint32_t reason, int64_t *ret)
{
    struct sched_shutdown s = {.reason = reason};
    memcpy(xf.mem.base + XF_ARG, &s, sizeof(s));
    return xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_shutdown, XF_ARG, 0, ret);
}

Test(xen_sched, shutdown_reasons_and_statuses, .init = xf_setup,
     .fini = xf_teardown)
{
    static const struct {
        uint32_t reason;
        int status;
        bool regs;
        const char *msg;
    } stops[] = {
        {SHUTDOWN_poweroff, 0, false, ""},
        {SHUTDOWN_reboot, 1, false, "reboot"},
        {SHUTDOWN_crash, VMM_EXIT_ABORT, true, "crashed"},
        {4, VMM_EXIT_ABORT, true, "watchdog"},
        {VMM_SHUTDOWN_STATUS + 0, 0, false, ""},
        {VMM_SHUTDOWN_STATUS + 7, 7, false, ""},
        {VMM_SHUTDOWN_STATUS + 249, 249, false, ""},
        {VMM_SHUTDOWN_STATUS + 252, 1, false, "status 252 is reserved"},
        {VMM_SHUTDOWN_STATUS + 255, VMM_EXIT_ABORT, true, "aborted"},
    };
    int64_t r;
    for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
        cr_assert_eq(shutdown(stops[i].reason, &r), XEN_STOP, "reason 0x%x",
                     stops[i].reason);
        cr_assert_eq(xf.x.status, stops[i].status, "reason 0x%x",
                     stops[i].reason);
        cr_assert_eq(xf.x.stop_regs, stops[i].regs);
        assert_has(xf.x.stop_msg, stops[i].msg);
    }
    cr_assert_eq(shutdown(SHUTDOWN_suspend, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_ENOSYS);
    cr_assert_eq(shutdown(99, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_EINVAL);
    cr_assert_eq(shutdown(VMM_SHUTDOWN_STATUS + 256, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_EINVAL);
}

Test(xen_timer, past_deadline_fires_now, .init = xf_setup, .fini = xf_teardown)
{
    struct shared_info *s = xf_map_shinfo();
    uint32_t port = xf_bind_timer();
    int64_t r;
    cr_assert_eq(xf_call_v(__HYPERVISOR_set_timer_op, 1, 0, 0, &r), XEN_RESUME);
    cr_assert_eq(r, 0);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(xf.x.timer, 0, "disarmed once fired");
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = 1, .flags = 1};
    memcpy(xf.mem.base + XF_ARG, &t, sizeof(t));
    struct xen_call c = {.arg = {VCPUOP_set_singleshot_timer, 0, XF_ARG}};
    xen_hypercall(&xf.x, __HYPERVISOR_vcpu_op, &c);
    cr_assert_eq(c.ret, -XEN_ETIME, "VCPU_SSHOTTMR_future in the past");
}

/* What the guest's upcall handler does: take every event. */
static void take_events(struct shared_info *s)
{
    s->vcpu_info[0].evtchn_upcall_pending = 0;
    s->vcpu_info[0].evtchn_pending_sel = 0;
    s->evtchn_pending[0] = 0;
}

/* Block with a timer ms from now; returns the verdict (rflags as given). */
static enum xen_verdict block_for(uint64_t ms, uint64_t rflags)
{
    int64_t r;
    xf_call_v(__HYPERVISOR_set_timer_op, xen_now(&xf.x) + ms * XF_MS, 0, 0, &r);
    enum xen_verdict v = xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0,
                                rflags, &r);
    cr_assert_eq(r, 0);
    return v;
}

Test(xen_sched, block_waits_for_the_timer, .init = xf_setup, .fini = xf_teardown)
{
    struct shared_info *s = xf_map_shinfo();
    uint32_t port = xf_bind_timer();
    uint64_t start = xen_now(&xf.x);
    cr_assert_eq(block_for(5, 0), XEN_RESUME);
    cr_assert_geq(xen_now(&xf.x), start + 5 * XF_MS);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 1);
    /* Interrupts on and a vector: still in vmm, without devices. */
    take_events(s);
    xf_set_vector(32);
    start = xen_now(&xf.x);
    cr_assert_eq(block_for(2, 1 << 9), XEN_RESUME);
    cr_assert_geq(xen_now(&xf.x), start + 2 * XF_MS);
    cr_assert_eq(xf.injected, 1, "the upcall went to the local APIC");
    /* With a device, the vCPU halts in KVM, where its interrupts arrive. */
    xf.x.has_devices = true;
    take_events(s);
    cr_assert_eq(block_for(1000, 1 << 9), XEN_HALT);
    cr_assert_eq(block_for(2, 0), XEN_RESUME,
                 "interrupts off: vmm waits for the timer");
    cr_assert_eq(xf.injected, 2);
}

Test(xen_sched, block_with_nothing_to_wake_it_stops, .init = xf_setup,
     .fini = xf_teardown)
{
    int64_t r;
    xf_map_shinfo();
    cr_assert_eq(xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0, &r),
                 XEN_STOP);
    cr_assert_eq(xf.x.status, VMM_EXIT_UNEXPECTED);
    assert_has(xf.x.stop_msg, "nothing to wake it");
    xf_set_vector(32);
    cr_assert_eq(xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 1 << 9, &r),
                 XEN_STOP, "interrupts on, but no device");
    xf.x.has_devices = true; /* a device's interrupt may wake it */
    cr_assert_eq(xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 1 << 9, &r),
                 XEN_HALT);
}

Test(xen_sched, poll_timeout_and_pending_port, .init = xf_setup,
     .fini = xf_teardown)
{
    struct shared_info *s = xf_map_shinfo();
    uint32_t port = xf_bind_timer();
    uint32_t ports[1] = {port};
    memcpy(xf.mem.base + XF_ARG + 0x100, ports, sizeof(ports));
    struct sched_poll p = {.ports = XF_ARG + 0x100, .nr_ports = 1,
                           .timeout = xen_now(&xf.x) + 3 * XF_MS};
    int64_t r;
    memcpy(xf.mem.base + XF_ARG, &p, sizeof(p));
    s->evtchn_mask[0] = ~0ULL;
    cr_assert_eq(xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_poll, XF_ARG, 0, &r),
                 XEN_RESUME);
    cr_assert_eq(r, 0);
    cr_assert_geq(xen_now(&xf.x), p.timeout);
    /* No timeout: the (masked) timer port becoming pending ends it. */
    p.timeout = 0;
    memcpy(xf.mem.base + XF_ARG, &p, sizeof(p));
    xf_call_v(__HYPERVISOR_set_timer_op, xen_now(&xf.x) + 2 * XF_MS, 0, 0, &r);
    cr_assert_eq(xf_call_v(__HYPERVISOR_sched_op, SCHEDOP_poll, XF_ARG, 0, &r),
                 XEN_RESUME);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 0, "masked");
}
