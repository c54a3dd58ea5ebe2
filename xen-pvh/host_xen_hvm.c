/*
 * host_xen_hvm.c: hvm_op: HVMOP_get_param/set_param and
 * HVMOP_set_evtchn_upcall_vector.
 *
 * Params vmm defines: CONSOLE_PFN (the console ring page, reserved in the
 * memory map) and CONSOLE_EVTCHN (its port), read-only; STORE_PFN and
 * STORE_EVTCHN read 0 (no xenstore) and are read-only too; CALLBACK_IRQ is
 * kept, and a vector-type value (bits 63:56 = 2) names the upcall vector
 * when no per-vCPU vector is set. Other params below XEN_NR_PARAMS are kept
 * as written (0 until then), as Xen keeps them; larger indexes are -EINVAL.
 */
#include "host_xen.h"

#define MIN_VECTOR 0x10

static bool read_only(uint32_t index)
{
    return index == HVM_PARAM_CONSOLE_PFN ||
           index == HVM_PARAM_CONSOLE_EVTCHN ||
           index == HVM_PARAM_STORE_PFN || index == HVM_PARAM_STORE_EVTCHN;
}

static uint64_t param_value(const struct xen *x, uint32_t index)
{
    switch (index) {
    case HVM_PARAM_CONSOLE_PFN:
        return x->console_gpa >> 12;
    case HVM_PARAM_CONSOLE_EVTCHN:
        return x->port[x->console_port].kind == XEN_PORT_CONSOLE
                   ? x->console_port
                   : 0;
    default:
        return x->param[index];
    }
}

static int64_t param(struct xen *x, uint64_t arg, bool set)
{
    struct xen_hvm_param p;
    if (!xen_copy_in(x, arg, &p, sizeof(p)))
        return -XEN_EFAULT;
    if (p.domid != DOMID_SELF)
        return -XEN_ESRCH;
    if (p.index >= XEN_NR_PARAMS)
        return -XEN_EINVAL;
    if (!set) {
        p.value = param_value(x, p.index);
        return xen_copy_out(x, arg, &p, sizeof(p)) ? 0 : -XEN_EFAULT;
    }
    if (read_only(p.index))
        return -XEN_EPERM;
    x->param[p.index] = p.value;
    if (p.index == HVM_PARAM_CALLBACK_IRQ)
        xen_upcall_kick(x);
    return 0;
}

static int64_t upcall_vector(struct xen *x, uint64_t arg)
{
    struct xen_hvm_evtchn_upcall_vector u;
    if (!xen_copy_in(x, arg, &u, sizeof(u)))
        return -XEN_EFAULT;
    if (u.vcpu != 0)
        return -XEN_ENOENT;
    if (u.vector < MIN_VECTOR)
        return -XEN_EINVAL;
    x->upcall_vector = u.vector;
    xen_upcall_kick(x); /* an event may have waited for a vector */
    return 0;
}

static enum xen_verdict hc_hvm_op(struct xen *x, struct xen_call *c)
{
    switch (c->arg[0]) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        c->ret = param(x, c->arg[1], c->arg[0] == HVMOP_set_param);
        break;
    case HVMOP_set_evtchn_upcall_vector:
        c->ret = upcall_vector(x, c->arg[1]);
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_hvm_op, "hvm_op", hc_hvm_op);
