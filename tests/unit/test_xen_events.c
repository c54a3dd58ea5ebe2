/*
 * test_xen_events.c: the Xen shim with valid arguments, over a fake guest
 * memory (no KVM): shared info placement, event channels and their 2-level
 * bitmaps, the upcall and its vector, the console ring and console_io.
 */
#include <stdlib.h>

#include "vmm/exit_status.h"
#include "fake_xen.h"
#include "unit.h"

Test(xen_shinfo, placed_with_time_and_wallclock, .init = xf_setup,
     .fini = xf_teardown)
{
    memset(xf.mem.base + XF_SHINFO, 0xee, 4096);
    struct shared_info *s = xf_map_shinfo();
    cr_assert_eq(xf.x.shinfo_gpa, XF_SHINFO);
    cr_assert_eq(s->evtchn_pending[0], 0, "old contents replaced");
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_mask, 1);
    const struct vcpu_time_info *t = &s->vcpu_info[0].time;
    cr_assert_eq(t->version % 2, 0);
    cr_assert_neq(t->version, 0);
    cr_assert_eq(t->tsc_to_system_mul, xf.x.tsc_mul);
    cr_assert_eq(t->tsc_shift, xf.x.tsc_shift);
    cr_assert_eq(s->wc_version % 2, 0);
    cr_assert_gt(s->wc_sec, 1577836800u, "wall clock after 2020");
    /* Events set before the move travel with the page. */
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = (XF_SHINFO >> 12) + 1};
    s->evtchn_pending[1] = 5;
    cr_assert_eq(xf_call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &a,
                      sizeof(a)),
                 0);
    cr_assert_eq(((struct shared_info *)(xf.mem.base + XF_SHINFO + 4096))
                     ->evtchn_pending[1],
                 5);
}

Test(xen_evtchn, bind_send_unmask_close, .init = xf_setup, .fini = xf_teardown)
{
    struct shared_info *s = xf_map_shinfo();
    uint32_t port = xf_bind_timer();
    cr_assert_eq(port, 2, "port 1 is the console");
    struct evtchn_bind_virq b = {.virq = VIRQ_TIMER, .vcpu = 0};
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &b,
                      sizeof(b)),
                 -XEN_EEXIST);
    struct evtchn_send sd = {.port = port};
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd,
                      sizeof(sd)),
                 -XEN_EINVAL, "no sending on a VIRQ");
    /* Masked: pending, but no upcall; unmask raises it. */
    xf_set_vector(32);
    s->evtchn_mask[0] = 1ULL << port;
    xen_evtchn_set_pending(&xf.x, port);
    cr_assert_eq(s->evtchn_pending[0], 1ULL << port);
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 0);
    cr_assert_eq(xf.injected, 0);
    struct evtchn_unmask um = {.port = port};
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, &um,
                      sizeof(um)),
                 0);
    cr_assert_eq(s->evtchn_mask[0], 0);
    cr_assert_eq(s->vcpu_info[0].evtchn_pending_sel, 1);
    cr_assert_eq(s->vcpu_info[0].evtchn_upcall_pending, 1);
    cr_assert_eq(xf.injected, 1);
    cr_assert_eq(xf.last_vector, 32);
    /* Already pending: no second upcall. */
    xen_evtchn_set_pending(&xf.x, 5);
    cr_assert_eq(xf.injected, 1);
    struct evtchn_send closed = {.port = port};
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &closed,
                      sizeof(closed)),
                 0);
    cr_assert_eq(xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &closed,
                      sizeof(closed)),
                 -XEN_EINVAL, "closed twice");
    cr_assert_eq(xen_virq_port(&xf.x, VIRQ_TIMER), 0);
}

Test(xen_evtchn, vector_set_late_delivers_what_waited, .init = xf_setup,
     .fini = xf_teardown)
{
    xf_map_shinfo();
    xen_evtchn_set_pending(&xf.x, 3);
    cr_assert_eq(xf.injected, 0, "no vector yet");
    xf_set_vector(0x40);
    cr_assert_eq(xf.injected, 1);
    cr_assert_eq(xf.last_vector, 0x40);
}

Test(xen_evtchn, callback_irq_vector_type, .init = xf_setup, .fini = xf_teardown)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CALLBACK_IRQ,
                              .value = 2ULL << 56 | 0x33};
    cr_assert_eq(xf_call(__HYPERVISOR_hvm_op, HVMOP_set_param, &p, sizeof(p)),
                 0);
    xen_evtchn_set_pending(&xf.x, 4);
    cr_assert_eq(xf.injected, 1);
    cr_assert_eq(xf.last_vector, 0x33);
    p.value = 0;
    cr_assert_eq(xf_call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, 2ULL << 56 | 0x33);
}

Test(xen_console, params_and_ring, .init = xf_setup, .fini = xf_teardown)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CONSOLE_PFN};
    cr_assert_eq(xf_call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, XF_CONSOLE >> 12);
    p.index = HVM_PARAM_CONSOLE_EVTCHN;
    cr_assert_eq(xf_call(__HYPERVISOR_hvm_op, HVMOP_get_param, &p, sizeof(p)),
                 0);
    cr_assert_eq(p.value, 1);
    struct xencons_interface *r = &xf.console;
    memset(r, 0, sizeof(*r));
    r->out_cons = r->out_prod = 0xfffffffe; /* indices wrap */
    const char *msg = "ring text\r\n";
    for (size_t i = 0; msg[i]; i++)
        r->out[r->out_prod++ % sizeof(r->out)] = msg[i];
    struct capture cap;
    struct evtchn_send sd = {.port = 1};
    capture_start(&cap, 1);
    int64_t ret = xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd,
                       sizeof(sd));
    char *out = capture_end(&cap, NULL);
    cr_assert_eq(ret, 0);
    cr_assert_str_eq(out, "ring text\r\n");
    free(out);
    cr_assert_eq(r->out_cons, r->out_prod);
    cr_assert(xf.x.shinfo->evtchn_pending[0] & 2, "the backend answered");
    /* Indices that claim more than the ring holds: dropped, said. */
    r->out_prod = r->out_cons + 4000;
    capture_start(&cap, 2);
    ret = xf_call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &sd, sizeof(sd));
    out = capture_end(&cap, NULL);
    assert_has(out, "more than the ring holds");
    free(out);
    cr_assert_eq(r->out_cons, r->out_prod);
}

Test(xen_console, console_io_write, .init = xf_setup, .fini = xf_teardown)
{
    struct capture cap;
    memcpy(xf.mem.base + XF_MEM - 5, "abcde", 5);
    capture_start(&cap, 1);
    int64_t r;
    struct xen_call c = {.arg = {CONSOLEIO_write, 5, XF_MEM - 5}};
    xen_hypercall(&xf.x, __HYPERVISOR_console_io, &c);
    r = c.ret;
    char *out = capture_end(&cap, NULL);
    cr_assert_eq(r, 0);
    cr_assert_str_eq(out, "abcde");
    free(out);
}
