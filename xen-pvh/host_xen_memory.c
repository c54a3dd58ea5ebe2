/*
 * host_xen_memory.c: memory_op: XENMEM_add_to_physmap of the shared info
 * page (the only space vmm has) and XENMEM_memory_map (the E820 map of
 * hvm_start_info, as 20-byte entries).
 *
 * The shared info page lives in vmm (a shadow) until the guest places it;
 * from then on it is the guest page at the frame given, its old contents
 * replaced by the shared info (moved there from where it was), with the
 * time and the wall clock filled in.
 */
#include <string.h>

#include "host_pvh.h"
#include "host_xen.h"

#define MEMOP_CMD_MASK 0x3f /* the rest of cmd is a continuation index */

struct e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct e820_entry) == 20, "e820 entry");

static int64_t add_to_physmap(struct xen *x, uint64_t arg)
{
    struct xen_add_to_physmap a;
    if (!xen_copy_in(x, arg, &a, sizeof(a)))
        return -XEN_EFAULT;
    if (a.domid != DOMID_SELF)
        return -XEN_ESRCH;
    if (a.space != XENMAPSPACE_shared_info)
        return -XEN_ENOSYS; /* grant tables and the rest: not offered */
    if (a.idx != 0)
        return -XEN_EINVAL;
    uint64_t gpa = a.gpfn << 12;
    void *page = gmem_ptr(x->mem, gpa, PVH_PAGE);
    if (!page || a.gpfn >> 52)
        return -XEN_EINVAL; /* not RAM: vmm's area or beyond memory */
    if (page != (void *)x->shinfo) {
        memcpy(page, x->shinfo, PVH_PAGE);
        x->shinfo = page;
        x->shinfo_gpa = gpa;
    }
    xen_time_update(x);
    xen_wallclock_update(x);
    return 0;
}

static int64_t memory_map(struct xen *x, uint64_t arg)
{
    struct xen_memory_map mm;
    struct hvm_memmap_table_entry map[PVH_MAX_MEMMAP];
    struct e820_entry e[PVH_MAX_MEMMAP];
    if (!xen_copy_in(x, arg, &mm, sizeof(mm)))
        return -XEN_EFAULT;
    /* only the shim answers this call: Xen PVH, its page in the map */
    unsigned n = pvh_memory_map(x->mem->size, true, map);
    if (mm.nr_entries < n)
        n = mm.nr_entries;
    for (unsigned i = 0; i < n; i++)
        e[i] = (struct e820_entry){map[i].addr, map[i].size, map[i].type};
    if (!xen_copy_out(x, mm.buffer, e, n * sizeof(e[0])))
        return -XEN_EFAULT;
    mm.nr_entries = n;
    return xen_copy_out(x, arg, &mm, sizeof(mm)) ? 0 : -XEN_EFAULT;
}

static enum xen_verdict hc_memory_op(struct xen *x, struct xen_call *c)
{
    switch (c->arg[0] & MEMOP_CMD_MASK) {
    case XENMEM_add_to_physmap:
        c->ret = add_to_physmap(x, c->arg[1]);
        break;
    case XENMEM_memory_map:
        c->ret = memory_map(x, c->arg[1]);
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_memory_op, "memory_op", hc_memory_op);
