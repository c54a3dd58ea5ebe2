/*
 * hvt.h: the hvt target: Solo5 hvt ABI v2 images, hypercalls by port I/O.
 *
 * Hypercall handlers and device kinds register themselves with
 * HVT_HYPERCALL() and HVT_DEVICE() (a linker section each), so adding one
 * touches only its own file.
 */
#ifndef VMM_HVT_H
#define VMM_HVT_H

#define HVT_HOST
#include "hvt_abi.h"
#include "mft_abi.h"
#include "vmm/registry.h"
#include "vmm/vmm.h"

struct hvt {
    struct vmm *v;
    struct mft *mft; /* host's own copy; hostfd of attached devices */
    size_t mft_size;
};

/* A handler's verdict: resume the guest, or stop with v->status set. */
enum hc_result { HC_CONTINUE = 0, HC_STOP = 1 };

typedef enum hc_result (*hvt_hc_fn)(struct hvt *h, hvt_gpa_t arg);

struct hvt_hc_def {
    unsigned nr;
    const char *name;
    hvt_hc_fn fn;
};

#define HVT_HYPERCALL(nr_, name_, fn_)                                         \
    static const struct hvt_hc_def hvt_hc_##fn_ = {nr_, name_, fn_};           \
    VMM_REGISTER(hvt_hypercalls, hvt_hc_##fn_)

/* The registered handler for nr, or NULL. */
const struct hvt_hc_def *hvt_hypercall_find(unsigned nr);

/* Copy a hypercall's argument struct in; on a bad address stop the guest. */
enum hc_result hvt_arg_in(struct hvt *h, const char *hc, hvt_gpa_t gpa,
                          void *arg, size_t len);
/* Write the struct back (same address, already checked by hvt_arg_in). */
void hvt_arg_out(struct hvt *h, hvt_gpa_t gpa, const void *arg, size_t len);
/* Host pointer for a guest buffer, or NULL after stopping the guest. */
void *hvt_buf(struct hvt *h, const char *hc, hvt_gpa_t gpa, uint64_t len);
/* Stop the guest: hypercall `hc` was given a bad argument. */
enum hc_result hvt_bad(struct hvt *h, const char *hc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The attached device entry for handle of type t, or NULL. */
struct mft_entry *hvt_device_entry(struct hvt *h, uint64_t handle,
                                   mft_type_t t);

#endif
