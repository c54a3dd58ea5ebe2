/*
 * host_xen.h: vmm's Xen hypercall shim, in userspace (the kernels vmm runs
 * on build KVM without its Xen support).
 *
 * The guest finds Xen's CPUID leaves, writes the hypercall-page MSR, and
 * vmm fills that page with stubs `mov $nr, %eax; out %al, $XEN_SHIM_PORT;
 * ret`, each in its 32-byte slot. The port write exits to vmm, which reads
 * the number and the arguments (rdi, rsi, rdx, r10, r8) from the registers,
 * runs the handler registered for the number and writes the result to rax.
 *
 * Handlers register themselves with XEN_HYPERCALL() (a linker section) and
 * are pure over struct xen: guest memory through xen_copy_in/out, which
 * translate guest-virtual addresses page by page and return false for any
 * address that is unmapped or outside memory (the handler then returns
 * -EFAULT to the guest), and everything KVM does through struct xen_host,
 * which unit tests leave NULL. State shared with the I/O thread (which
 * fires the timer) is guarded by x->lock, held around every handler.
 */
#ifndef XEN_PVH_HOST_XEN_H
#define XEN_PVH_HOST_XEN_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm/guest_mem.h"
#include "vmm/registry.h"
#include "vmm/stats.h"
#include "xen_abi.h"

#define XEN_SHIM_PORT 0xe5 /* 8-bit I/O port of the stubs; nothing else */
#define XEN_SHIM_VERSION ((4u << 16) | 17u) /* reported as Xen 4.17 */
#define XEN_MAX_PORTS 64                    /* event channels 1..63 */
#define XEN_NR_PARAMS 64                    /* HVM params kept */
#define XEN_NR_VIRQS 24

/* More errno values Xen returns (negated), beside xen_abi.h's. */
#define XEN_ESRCH 3
#define XEN_EEXIST 17
#define XEN_ENOSPC 28
#define XEN_ETIME 62

/* What KVM does for the shim; the unit tests use none (NULL). */
struct xen_host {
    /* Guest-virtual to guest-physical (write: the page must be writable). */
    bool (*translate)(void *ctx, uint64_t gva, bool write, uint64_t *gpa);
    /* The guest's TSC now (0 when unknown). */
    uint64_t (*guest_tsc)(void *ctx);
    /* Raise `vector` in the vCPU's local APIC (any thread). */
    void (*inject)(void *ctx, uint8_t vector);
    /* Fire xen_timer_expire at host CLOCK_MONOTONIC mono_ns (0: never). */
    void (*arm_timer)(void *ctx, uint64_t mono_ns);
    /* Write out buffered guest output (COM1) before the shim's. */
    void (*flush)(void *ctx);
    void *ctx;
};

enum xen_port_kind { XEN_PORT_FREE, XEN_PORT_CONSOLE, XEN_PORT_VIRQ };

struct xen {
    struct guest_mem *mem;
    struct guest_mem extra;  /* memory outside RAM (base: host address) */
    uint64_t extra_gpa;      /* ... at this guest address; 0: none */
    struct stats *stats;     /* may be NULL */
    const struct xen_host *host; /* may be NULL */
    bool has_devices;        /* an interrupt other than ours may wake it */
    pthread_mutex_t lock;
    pthread_cond_t wake; /* an upcall became pending, or the timer fired */
    /* Shared info: the shadow page until the guest maps it (add_to_physmap). */
    struct shared_info *shinfo;
    uint64_t shinfo_gpa; /* 0 while unmapped */
    uint64_t boot_ns;    /* host CLOCK_MONOTONIC at Xen system time 0 */
    uint64_t tsc_hz;
    uint32_t tsc_mul;
    int8_t tsc_shift;
    uint64_t last_tsc, last_sys; /* the values last given to the guest */
    uint32_t time_version, wc_version;
    uint64_t timer; /* single-shot deadline, system time; 0: none */
    struct {
        enum xen_port_kind kind;
        uint32_t virq;
    } port[XEN_MAX_PORTS];
    uint32_t console_port;
    uint64_t console_gpa; /* struct xencons_interface page, for the guest */
    struct xencons_interface *console; /* the same page, for vmm */
    uint64_t param[XEN_NR_PARAMS];
    uint8_t upcall_vector; /* HVMOP_set_evtchn_upcall_vector; 0: none */
    /* Set when a handler stops the guest: */
    int status;
    bool stop_regs; /* print the vCPU registers with stop_msg */
    char stop_msg[160];
    _Alignas(4096) uint8_t shadow[4096];
};

/* One hypercall: what the registers held; the handler sets ret. */
struct xen_call {
    uint64_t arg[5]; /* rdi, rsi, rdx, r10, r8 */
    uint64_t rflags;
    int64_t ret;
};

enum xen_verdict {
    XEN_RESUME, /* rax = ret, go on */
    XEN_STOP,   /* stop the guest with x->status */
    XEN_HALT,   /* rax = ret, then halt the vCPU until an interrupt */
};

typedef enum xen_verdict (*xen_hc_fn)(struct xen *x, struct xen_call *c);

struct xen_hc_def {
    unsigned nr;
    const char *name; /* Xen's name, for --stats */
    xen_hc_fn fn;
};

#define XEN_HYPERCALL(nr_, name_, fn_)                                         \
    static const struct xen_hc_def xen_hc_##fn_ = {nr_, name_, fn_};           \
    VMM_REGISTER(xen_hypercalls, xen_hc_##fn_)

/*
 * Set up the shim's state: console port 1 and its ring page at console_gpa
 * (outside RAM; console: its host address), system time 0 now, TSC
 * frequency tsc_hz. 0, or -1 (out of resources).
 */
int xen_init(struct xen *x, struct guest_mem *mem, uint64_t console_gpa,
             void *console, uint64_t tsc_hz);
void xen_destroy(struct xen *x);

/* Guest memory outside RAM hypercalls may name too (vmm's PVH area). */
void xen_add_memory(struct xen *x, uint64_t gpa, void *host, uint64_t size);

/* The registered handler for nr, or NULL. */
const struct xen_hc_def *xen_hypercall_find(unsigned nr);

/*
 * Run hypercall nr (takes x->lock): -ENOSYS for unknown numbers, counted
 * in --stats as "unknown-hypercall"; known ones are counted by name, and
 * every -ENOSYS they return as well.
 */
enum xen_verdict xen_hypercall(struct xen *x, unsigned nr, struct xen_call *c);

/* Guest-virtual copies, page by page; false when any byte is not there. */
bool xen_copy_in(struct xen *x, uint64_t gva, void *dst, uint64_t len);
bool xen_copy_out(struct xen *x, uint64_t gva, const void *src, uint64_t len);
/* Call fn on each host piece of [gva, gva + len) after checking them all. */
bool xen_guest_range(struct xen *x, uint64_t gva, uint64_t len,
                     void (*fn)(void *arg, const void *p, size_t n),
                     void *arg);

/* Stop the guest with status; msg (may be NULL) printed by the caller. */
enum xen_verdict xen_stop(struct xen *x, int status, bool regs,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Event channels (host_xen_evtchn.c), lock held. */
void xen_evtchn_set_pending(struct xen *x, uint32_t port);
bool xen_upcall_pending(const struct xen *x);
/* The port bound to virq, or 0. */
uint32_t xen_virq_port(const struct xen *x, uint32_t virq);
/* Deliver the upcall if one is pending (after a vector was set). */
void xen_upcall_kick(struct xen *x);
/* Drain the console ring to stdout (host_xen_console.c), lock held. */
void xen_console_drain(struct xen *x);

/* Time (host_xen_time.c). */
uint64_t xen_now(const struct xen *x); /* system time, ns */
/* Refresh vcpu_time_info (vCPU thread, lock held). */
void xen_time_update(struct xen *x);
/* The wall clock at system time 0 into shared info (lock held). */
void xen_wallclock_update(struct xen *x);
/* Arm the single-shot timer at system time deadline (0: cancel). */
void xen_timer_set(struct xen *x, uint64_t deadline);
/* Fire the timer if its deadline has passed (any thread, lock held). */
void xen_timer_expire(struct xen *x);
/* ns = ((tsc_delta << shift) * mul) >> 32, as pvclock computes it. */
uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift);
/* mul and shift for a TSC of hz (> 0) counting in ns. */
void xen_pvclock_params(uint64_t hz, uint32_t *mul, int8_t *shift);

/*
 * The hypercall page (host_xen_page.c): validate the MSR value (gpa of a
 * page in memory, page index 0) and write the stubs; 0, or -1 (#GP).
 */
int xen_write_hypercall_page(struct guest_mem *m, uint64_t msr_value);

#endif
