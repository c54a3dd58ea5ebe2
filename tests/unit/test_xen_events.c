/*
 * test_xen_events.c: the Xen shim with valid arguments, over a fake guest
 * memory (no KVM): shared info placement, event channels and their 2-level
 * bitmaps, the upcall and its vector, the console ring and console_io.
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

Test(xen_shinfo, placed_with_time_and_wallclock, .init = setup,
     .fini = teardown)
{
    memset(mem.base + SHINFO, 0xee, 4096);
    struct shared_info *s = map_shinfo();
    cr_assert_eq(x.shinfo_gpa, SHINFO);
    cr_assert_eq(s->evtchn_pending[0], 0, "old contents replaced");
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_mask, 1);
    const struct vcpu_time_info *t = &s->vcpu_info[0].time;
    cr_assert_eq(t->version % 2, 0);
    cr_assert_neq(t->version, 0);
    cr_assert_eq(t->tsc_to_system_mul, x.tsc_mul);
    cr_assert_eq(t->tsc_shift, x.tsc_shift);
    cr_assert_eq(s->wc_version % 2, 0);
    cr_assert_gt(s->wc_sec, 1577836800u, "wall clock after 2020");
    /* Events set before the move travel with the page. */
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = (SHINFO >> 12) + 1};
    s->evtchn_pending[1] = 5;
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &a,
                      sizeof(a)),
                 0);
    cr_assert_eq(((struct shared_info *)(mem.base + SHINFO + 4096))
                     ->evtchn_pending[1],
                 5);
}

Test(xen_evtchn, bind_send_unmask_close, .init = setup, .fini = teardown)
{
    struct shared_info *s = map_shinfo();
    uint32_t port = bind_timer();
    cr_assert_eq(port, 2, "port 1 is the console");
    struct evtchn_bind_virq b = {.virq = VIRQ_TIMER, .vcpu = 0};
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &b,
                      sizeof(b)),
                 -XEN_EEXIST);
    struct evtchn_send sd = {.port = port};
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd,
                      sizeof(sd)),
                 -XEN_EINVAL, "no sending on a VIRQ");
    /* Masked: pending, but no upcall; unmask raises it. */
    set_vector(32);
    s->evtchn_mask[0] = 1ULL << port;
    xen_evtchn_set_pending(&x, port);
    cr_assert_eq(s->evtchn_pending[0], 1ULL << port);
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 0);
    cr_assert_eq(injected, 0);
    struct evtchn_unmask um = {.port = port};
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, &um,
                      sizeof(um)),
                 0);
    cr_assert_eq(s->evtchn_mask[0], 0);
    cr_assert_eq(s->vcpu_info[0].evtchn_pending_sel, 1);
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 1);
    cr_assert_eq(injected, 1);
    cr_assert_eq(last_vector, 32);
    /* Already pending: no second upcall. */
    xen_evtchn_set_pending(&x, 5);
    cr_assert_eq(injected, 1);
    struct evtchn_send closed = {.port = port};
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &closed,
                      sizeof(closed)),
                 0);
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &closed,
                      sizeof(closed)),
                 -XEN_EINVAL, "closed twice");
    cr_assert_eq(xen_virq_port(&x, VIRQ_TIMER), 0);
}

Test(xen_evtchn, vector_set_late_delivers_what_waited, .init = setup,
     .fini = teardown)
{
    map_shinfo();
    xen_evtchn_set_pending(&x, 3);
    cr_assert_eq(injected, 0, "no vector yet");
    set_vector(0x40);
    cr_assert_eq(injected, 1);
    cr_assert_eq(last_vector, 0x40);
}

Test(xen_evtchn, callback_irq_vector_type, .init = setup, .fini = teardown)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CALLBACK_IRQ,
                              .value = 2ULL << 56 | 0x33};
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_set_param, &p, sizeof(p)),
                 0);
    xen_evtchn_set_pending(&x, 4);
    cr_assert_eq(injected, 1);
    cr_assert_eq(last_vector, 0x33);
    p.value = 0;
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, 2ULL << 56 | 0x33);
}

Test(xen_console, params_and_ring, .init = setup, .fini = teardown)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CONSOLE_PFN};
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, CONSOLE >> 12);
    p.index = HVM_PARAM_CONSOLE_EVTCHN;
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, 1);
    struct xencons_interface *r = &console;
    memset(r, 0, sizeof(*r));
    r->out_cons = r->out_prod = 0xfffffffe; /* indices wrap */
    const char *msg = "ring text\r\n";
    for (size_t i = 0; msg[i]; i++)
        r->out[r->out_prod++ % sizeof(r->out)] = msg[i];
    struct capture cap;
    struct evtchn_send sd = {.port = 1};
    capture_start(&cap, 1);
    int64_t ret = call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd,
                       sizeof(sd));
    char *out = capture_end(&cap, NULL);
    cr_assert_eq(ret, 0);
    cr_assert_str_eq(out, "ring text\r\n");
    free(out);
    cr_assert_eq(r->out_cons, r->out_prod);
    cr_assert(x.shinfo->evtchn_pending[0] & 2, "the backend answered");
    /* Indices that claim more than the ring holds: dropped, said. */
    r->out_prod = r->out_cons + 4000;
    capture_start(&cap, 2);
    ret = call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd, sizeof(sd));
    out = capture_end(&cap, NULL);
    assert_has(out, "more than the ring holds");
    free(out);
    cr_assert_eq(r->out_cons, r->out_prod);
}

Test(xen_console, console_io_write, .init = setup, .fini = teardown)
{
    struct capture cap;
    memcpy(mem.base + MEM - 5, "abcde", 5);
    capture_start(&cap, 1);
    int64_t r;
    struct xen_call c = {.arg = {CONSOLEIO_write, 5, MEM - 5}};
    xen_hypercall(&x, __HYPERVISOR_console_io, &c);
    r = c.ret;
    char *out = capture_end(&cap, NULL);
    cr_assert_eq(r, 0);
    cr_assert_str_eq(out, "abcde");
    free(out);
}
