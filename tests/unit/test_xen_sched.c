/*
 * test_xen_sched.c: the Xen shim's timer and sched_op over a fake guest
 * memory (no KVM): shutdown reasons and vmm's exit statuses, a past
 * deadline firing at once, SCHEDOP_block waiting for the timer (or halting
 * in KVM with interrupts on), a block nothing can end, SCHEDOP_poll.
 */
#include <stdlib.h>

#include "exit_status.h"
#include "unit.h"
#include "xen-pvh/host_pvh.h"
#include "xen-pvh/host_xen.h"

#define MEM (2ULL << 20)
#define CONSOLE (PVH_AREA_GPA + PVH_AREA_CONSOLE)
#define ARG 0x10000ULL   /* where the tests put argument structs */
#define SHINFO 0x20000ULL /* the guest's shared info frame */
#define MS 1000000ULL

static struct xen x;
static struct xencons_interface console;
static struct guest_mem mem;
static unsigned injected;
static uint8_t last_vector;

static void inject(void *ctx, uint8_t vector)
{
    (void)ctx;
    injected++;
    last_vector = vector;
}

static const struct xen_host host = {.inject = inject};

static void setup(void)
{
    mem.size = MEM;
    mem.base = calloc(1, MEM);
    cr_assert(mem.base);
    cr_assert_eq(xen_init(&x, &mem, CONSOLE, &console, 3000000000ULL), 0);
    x.host = &host;
    injected = 0;
}

static void teardown(void)
{
    xen_destroy(&x);
    free(mem.base);
}

static enum xen_verdict call_v(unsigned nr, uint64_t a0, uint64_t a1,
                               uint64_t rflags, int64_t *ret)
{
    struct xen_call c = {.arg = {a0, a1, 0, 0, 0}, .rflags = rflags};
    enum xen_verdict v = xen_hypercall(&x, nr, &c);
    *ret = c.ret;
    return v;
}

static int64_t call(unsigned nr, uint64_t a0, const void *arg, size_t len)
{
    int64_t r;
    if (arg)
        memcpy(mem.base + ARG, arg, len);
    cr_assert_eq(call_v(nr, a0, ARG, 0, &r), XEN_RESUME);
    if (arg)
        memcpy((void *)(uintptr_t)arg, mem.base + ARG, len);
    return r;
}

static struct shared_info *map_shinfo(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = SHINFO >> 12};
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &a,
                      sizeof(a)),
                 0);
    return (struct shared_info *)(mem.base + SHINFO);
}

static uint32_t bind_timer(void)
{
    struct evtchn_bind_virq b = {.virq = VIRQ_TIMER, .vcpu = 0};
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &b,
                      sizeof(b)),
                 0);
    return b.port;
}

static void set_vector(uint8_t v)
{
    struct xen_hvm_evtchn_upcall_vector u = {.vcpu = 0, .vector = v};
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector, &u,
                      sizeof(u)),
                 0);
}

static enum xen_verdict shutdown(uint32_t reason, int64_t *ret)
{
    struct sched_shutdown s = {.reason = reason};
    memcpy(mem.base + ARG, &s, sizeof(s));
    return call_v(__HYPERVISOR_sched_op, SCHEDOP_shutdown, ARG, 0, ret);
}

Test(xen_sched, shutdown_reasons_and_statuses, .init = setup,
     .fini = teardown)
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
        cr_assert_eq(x.status, stops[i].status, "reason 0x%x",
                     stops[i].reason);
        cr_assert_eq(x.stop_regs, stops[i].regs);
        assert_has(x.stop_msg, stops[i].msg);
    }
    cr_assert_eq(shutdown(SHUTDOWN_suspend, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_ENOSYS);
    cr_assert_eq(shutdown(99, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_EINVAL);
    cr_assert_eq(shutdown(VMM_SHUTDOWN_STATUS + 256, &r), XEN_RESUME);
    cr_assert_eq(r, -XEN_EINVAL);
}

Test(xen_timer, past_deadline_fires_now, .init = setup, .fini = teardown)
{
    struct shared_info *s = map_shinfo();
    uint32_t port = bind_timer();
    int64_t r;
    cr_assert_eq(call_v(__HYPERVISOR_set_timer_op, 1, 0, 0, &r), XEN_RESUME);
    cr_assert_eq(r, 0);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(x.timer, 0, "disarmed once fired");
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = 1, .flags = 1};
    memcpy(mem.base + ARG, &t, sizeof(t));
    struct xen_call c = {.arg = {VCPUOP_set_singleshot_timer, 0, ARG}};
    xen_hypercall(&x, __HYPERVISOR_vcpu_op, &c);
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
    call_v(__HYPERVISOR_set_timer_op, xen_now(&x) + ms * MS, 0, 0, &r);
    enum xen_verdict v = call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0,
                                rflags, &r);
    cr_assert_eq(r, 0);
    return v;
}

Test(xen_sched, block_waits_for_the_timer, .init = setup, .fini = teardown)
{
    struct shared_info *s = map_shinfo();
    uint32_t port = bind_timer();
    uint64_t start = xen_now(&x);
    cr_assert_eq(block_for(5, 0), XEN_RESUME);
    cr_assert_geq(xen_now(&x), start + 5 * MS);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 1);
    /* Interrupts on and a vector: still in vmm, without devices. */
    take_events(s);
    set_vector(32);
    start = xen_now(&x);
    cr_assert_eq(block_for(2, 1 << 9), XEN_RESUME);
    cr_assert_geq(xen_now(&x), start + 2 * MS);
    cr_assert_eq(injected, 1, "the upcall went to the local APIC");
    /* With a device, the vCPU halts in KVM, where its interrupts arrive. */
    x.has_devices = true;
    take_events(s);
    cr_assert_eq(block_for(1000, 1 << 9), XEN_HALT);
    cr_assert_eq(block_for(2, 0), XEN_RESUME,
                 "interrupts off: vmm waits for the timer");
    cr_assert_eq(injected, 2);
}

Test(xen_sched, block_with_nothing_to_wake_it_stops, .init = setup,
     .fini = teardown)
{
    int64_t r;
    map_shinfo();
    cr_assert_eq(call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0, &r),
                 XEN_STOP);
    cr_assert_eq(x.status, VMM_EXIT_UNEXPECTED);
    assert_has(x.stop_msg, "nothing to wake it");
    set_vector(32);
    cr_assert_eq(call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 1 << 9, &r),
                 XEN_STOP, "interrupts on, but no device");
    x.has_devices = true; /* a device's interrupt may wake it */
    cr_assert_eq(call_v(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 1 << 9, &r),
                 XEN_HALT);
}

Test(xen_sched, poll_timeout_and_pending_port, .init = setup,
     .fini = teardown)
{
    struct shared_info *s = map_shinfo();
    uint32_t port = bind_timer();
    uint32_t ports[1] = {port};
    memcpy(mem.base + ARG + 0x100, ports, sizeof(ports));
    struct sched_poll p = {.ports = ARG + 0x100, .nr_ports = 1,
                           .timeout = xen_now(&x) + 3 * MS};
    int64_t r;
    memcpy(mem.base + ARG, &p, sizeof(p));
    s->evtchn_mask[0] = ~0ULL;
    cr_assert_eq(call_v(__HYPERVISOR_sched_op, SCHEDOP_poll, ARG, 0, &r),
                 XEN_RESUME);
    cr_assert_eq(r, 0);
    cr_assert_geq(xen_now(&x), p.timeout);
    /* No timeout: the (masked) timer port becoming pending ends it. */
    p.timeout = 0;
    memcpy(mem.base + ARG, &p, sizeof(p));
    call_v(__HYPERVISOR_set_timer_op, xen_now(&x) + 2 * MS, 0, 0, &r);
    cr_assert_eq(call_v(__HYPERVISOR_sched_op, SCHEDOP_poll, ARG, 0, &r),
                 XEN_RESUME);
    cr_assert(s->evtchn_pending[0] & (1ULL << port));
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 0, "masked");
}
