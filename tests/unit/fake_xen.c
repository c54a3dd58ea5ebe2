/*
 * fake_xen.c: the Xen shim over a fake guest memory for the unit tests
 * (fake_xen.h).
 */
#include <stdlib.h>

#include "fake_xen.h"
#include "unit.h"

struct xen_fake xf;

static void inject(void *ctx, uint8_t vector)
{
    (void)ctx;
    xf.injected++;
    xf.last_vector = vector;
}

static const struct xen_host host = {.inject = inject};

void xf_setup(void)
{
    memset(&xf, 0, sizeof(xf));
    xf.mem.size = XF_MEM;
    xf.mem.base = calloc(1, XF_MEM);
    cr_assert(xf.mem.base);
    cr_assert_eq(
        xen_init(&xf.x, &xf.mem, XF_CONSOLE, &xf.console, 3000000000ULL), 0);
    xf.x.host = &host;
}

void xf_teardown(void)
{
    xen_destroy(&xf.x);
    free(xf.mem.base);
}

enum xen_verdict xf_call_v(unsigned nr, uint64_t a0, uint64_t a1,
                           uint64_t rflags, int64_t *ret)
{
    struct xen_call c = {.arg = {a0, a1, 0, 0, 0}, .rflags = rflags};
    enum xen_verdict v = xen_hypercall(&xf.x, nr, &c);
    *ret = c.ret;
    return v;
}

int64_t xf_call(unsigned nr, uint64_t a0, const void *arg, size_t len)
{
    int64_t r;
    if (arg)
        memcpy(xf.mem.base + XF_ARG, arg, len);
    cr_assert_eq(xf_call_v(nr, a0, XF_ARG, 0, &r), XEN_RESUME);
    if (arg)
        memcpy((void *)(uintptr_t)arg, xf.mem.base + XF_ARG, len);
    return r;
}

struct shared_info *xf_map_shinfo(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = XF_SHINFO >> 12};
    cr_assert_eq(
        xf_call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &a, sizeof(a)),
        0);
    return (struct shared_info *)(xf.mem.base + XF_SHINFO);
}

uint32_t xf_bind_timer(void)
{
    struct evtchn_bind_virq b = {.virq = VIRQ_TIMER, .vcpu = 0};
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &b,
                         sizeof(b)),
                 0);
    return b.port;
}

void xf_set_vector(uint8_t v)
{
    struct xen_hvm_evtchn_upcall_vector u = {.vcpu = 0, .vector = v};
    cr_assert_eq(xf_call(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
                         &u, sizeof(u)),
                 0);
}
