/*
 * host_xen_version.c: xen_version: XENVER_version (Xen 4.17),
 * XENVER_extraversion ("-vmm"), XENVER_get_features (submap 0: the HVM
 * callback vector and a safe pvclock) and XENVER_pagesize. Others -ENOSYS.
 */
#include <string.h>

#include "host_xen.h"

#define XENVER_extraversion 1
#define XENVER_get_features 6
#define XENVER_pagesize 7
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock 9

struct xen_feature_info {
    uint32_t submap_idx; /* IN */
    uint32_t submap;     /* OUT */
};

static int64_t features(struct xen *x, uint64_t arg)
{
    struct xen_feature_info f;
    if (!xen_copy_in(x, arg, &f, sizeof(f)))
        return -XEN_EFAULT;
    f.submap = f.submap_idx == 0 ? (1u << XENFEAT_hvm_callback_vector) |
                                       (1u << XENFEAT_hvm_safe_pvclock)
                                 : 0;
    return xen_copy_out(x, arg, &f, sizeof(f)) ? 0 : -XEN_EFAULT;
}

static enum xen_verdict hc_xen_version(struct xen *x, struct xen_call *c)
{
    char extra[16] = "-vmm";
    switch ((uint32_t)c->arg[0]) {
    case XENVER_version:
        c->ret = XEN_SHIM_VERSION;
        break;
    case XENVER_extraversion:
        c->ret = xen_copy_out(x, c->arg[1], extra, sizeof(extra))
                     ? 0
                     : -XEN_EFAULT;
        break;
    case XENVER_get_features:
        c->ret = features(x, c->arg[1]);
        break;
    case XENVER_pagesize:
        c->ret = 4096;
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_xen_version, "xen_version", hc_xen_version);
