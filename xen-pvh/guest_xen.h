/*
 * guest_xen.h: the guest side of Xen for guest-rt's xen-pvh binding
 * (guest-rt/xen-pvh/): finding Xen, hypercalls through the hypercall
 * page, the console, event channels with their upcall, the clocks of the
 * shared info page, and the shutdown. Linked into guest images only; vmm's
 * Xen shim is xen-pvh/host_*.c. Wire layouts: xen_abi.h.
 *
 * Interrupts stay disabled except inside xen_sched_block(), so the upcall
 * interrupts nothing but that call.
 */
#ifndef XEN_PVH_GUEST_XEN_H
#define XEN_PVH_GUEST_XEN_H

#include "pc/guest_pc.h"
#include "xen_abi.h"

/* guest_hypercall.c and guest_hypercall_page.S */
struct xen_cpuid {
    uint32_t base; /* the leaf with "XenVMMXenVMM" */
    bool vmm;      /* vmm's signature leaf is there too */
};
/* Scan the hypervisor CPUID leaves for Xen (with at least 2 more leaves). */
bool xen_detect(struct xen_cpuid *out);
/* Install the hypercall page; false (with *why) if Xen did not fill it. */
bool xen_hypercall_init(const struct xen_cpuid *cpuid, const char **why);

extern uint8_t xen_hypercall_page[4096];

/* Hypercall (nr) with up to three arguments; Xen's result (<0: -errno). */
static inline long xen_hypercall(unsigned nr, uint64_t a1, uint64_t a2,
                                 uint64_t a3)
{
    long ret;

    __asm__ __volatile__("call *%[stub]"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
                         : [stub] "r"(xen_hypercall_page + nr * 32)
                         : "rcx", "r8", "r10", "r11", "memory");
    return ret;
}

static inline long xen_hypercall_ptr(unsigned nr, uint64_t a1, void *p)
{
    return xen_hypercall(nr, a1, (uintptr_t)p, 0);
}

/*
 * SCHEDOP_block with interrupts enabled for the call only: entered and
 * left with IF clear. An upcall taken between the `sti` and the call
 * itself makes the call return at once (xen_upcall() moves it past it),
 * so no wake-up is lost.
 */
void xen_sched_block(void);

/* guest_console.c: console_io until the ring is set up, then the ring. */
void xen_console_write(const char *buf, size_t size);
/*
 * Switch to the console ring of HVM_PARAM_CONSOLE_PFN/EVTCHN. Pages below
 * mem_end that the runtime uses are refused (the ring stays off, with a
 * console line); pages elsewhere get mapped.
 */
void xen_console_ring_init(uint64_t runtime_start, uint64_t mem_end);
/* Wait (bounded) until the console backend has read everything. */
void xen_console_flush(void);

/* guest_events.c */
/*
 * Map the shared info page, mask every event channel, enable the local
 * APIC, route the upcall to vector XEN_UPCALL_VECTOR on vCPU 0 and bind
 * VIRQ_TIMER. False (with *why) if Xen refused a step.
 */
#define XEN_UPCALL_VECTOR 32
#define XEN_SPURIOUS_VECTOR 63
bool xen_events_init(const char **why);
/* Clear (port)'s pending bit; was it set? */
bool xen_evtchn_take(uint32_t port);
uint32_t xen_timer_port(void);
struct shared_info *xen_shared_info(void);
/* The interrupt entry (guest_upcall.S) calls this with the saved state. */
struct xen_irq_frame {
    uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
void xen_upcall(struct xen_irq_frame *f);

/* guest_time.c */
/* vCPU 0's time area in the shared info page (after xen_events_init()). */
const volatile struct rt_pvclock *xen_pvclock(void);
uint64_t xen_wall_nsecs(void); /* wc_* + system time, ns since the epoch */
/*
 * Sleep until system time (until) with a single-shot timer and
 * SCHEDOP_block; returns early on any upcall.
 */
void xen_sleep_until(uint64_t until);

/* guest_domain.c: calls about the whole domain. */
/*
 * SCHEDOP_shutdown for exit status (status): poweroff for 0, crash for
 * 255, VMM_SHUTDOWN_STATUS + status under vmm (cpuid->vmm), else poweroff.
 * Returns only if Xen refused.
 */
void xen_shutdown(int status, const struct xen_cpuid *cpuid);

/* E820-style memory map from XENMEM_memory_map; entries written or -errno. */
long xen_memory_map(void *buf, uint32_t max_entries);

#endif /* XEN_PVH_GUEST_XEN_H */
