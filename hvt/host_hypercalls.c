/* hvt_hypercalls.c: hypercall dispatch by port and argument checking. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "vmm/errmsg.h"
#include "vmm/exit_status.h"
#include "host_hvt.h"

VMM_REGISTRY(hvt_hypercalls, struct hvt_hc_def);

const struct hvt_hc_def *hvt_hypercall_find(unsigned nr)
{
    VMM_FOREACH(hvt_hypercalls, struct hvt_hc_def, c)
        if (c->nr == nr)
            return c;
    return NULL;
}

enum hc_result hvt_bad(struct hvt *h, const char *hc, const char *fmt, ...)
{
    char what[64];
    va_list ap;
    snprintf(what, sizeof(what), "hypercall %s", hc);
    va_start(ap, fmt);
    vmm_vsay(what, fmt, ap);
    va_end(ap);
    kvm_dump_regs(&h->v->vm);
    h->v->status = VMM_EXIT_BAD_HYPERCALL;
    return HC_STOP;
}

static enum hc_result bad_range(struct hvt *h, const char *hc, hvt_gpa_t gpa,
                                uint64_t len)
{
    return hvt_bad(h, hc,
                   "guest address 0x%" PRIx64 " (+len 0x%" PRIx64
                   ") is outside guest memory (0x%" PRIx64 " bytes)",
                   gpa, len, h->v->vm.mem.size);
}

enum hc_result hvt_arg_in(struct hvt *h, const char *hc, hvt_gpa_t gpa,
                          void *arg, size_t len)
{
    if (!gmem_read(&h->v->vm.mem, gpa, arg, len))
        return bad_range(h, hc, gpa, len);
    return HC_CONTINUE;
}

void hvt_arg_out(struct hvt *h, hvt_gpa_t gpa, const void *arg, size_t len)
{
    gmem_write(&h->v->vm.mem, gpa, arg, len);
}

void *hvt_buf(struct hvt *h, const char *hc, hvt_gpa_t gpa, uint64_t len)
{
    void *p = gmem_ptr(&h->v->vm.mem, gpa, len);
    if (!p)
        bad_range(h, hc, gpa, len);
    return p;
}

struct mft_entry *hvt_device_entry(struct hvt *h, uint64_t handle,
                                   mft_type_t t)
{
    if (handle == 0 || handle >= h->mft->entries)
        return NULL;
    struct mft_entry *e = &h->mft->e[handle];
    return e->type == t && e->attached ? e : NULL;
}
