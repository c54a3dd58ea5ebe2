/*
 * guest_events.c: the shared info page, event channels and the upcall.
 *
 * The shared info page is placed over a page of .bss with XENMEM_add_to_
 * physmap (XENMAPSPACE_shared_info). Event channels use the 2-level ABI
 * (bitmaps in shared info): every port starts masked; only the VIRQ_TIMER
 * port is unmasked (EVTCHNOP_unmask, so an event already pending raises
 * the upcall). Xen signals a pending, unmasked port by setting the port's
 * bit, its word's bit in vcpu_info.evtchn_pending_sel and
 * evtchn_upcall_pending, and, with HVMOP_set_evtchn_upcall_vector, by an
 * interrupt on vector 32 through the local APIC, which must be enabled
 * (MSR IA32_APIC_BASE bit 11, then the spurious vector register's enable
 * bit) and is acknowledged with a write to its EOI register. The APIC page
 * is mapped uncached. xen_upcall() clears the two summary flags so the
 * next event raises a new upcall; the port bits themselves are consumed by
 * whoever waits for them (xen_evtchn_take()).
 */
#include "guest_xen.h"

#define MSR_APIC_BASE 0x1bU
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_ADDR_MASK 0xffffff000ULL
#define APIC_DEFAULT_BASE 0xfee00000ULL
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_SVR_ENABLE (1U << 8)
#define CALLBACK_VIA_GSI1 1 /* the value Xen's own PVH guests set */

extern const char xen_upcall_entry[], xen_spurious_entry[]; /* upcall.S */
extern volatile uint8_t xen_blocking; /* guest_hypercall_page.S */

static union {
    struct shared_info s;
    uint8_t page[RT_PAGE_SIZE];
} shared __attribute__((aligned(RT_PAGE_SIZE)));
static volatile uint32_t *apic;
static uint32_t timer_port;

struct shared_info *xen_shared_info(void)
{
    return &shared.s;
}

uint32_t xen_timer_port(void)
{
    return timer_port;
}

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                         : "memory");
}

static bool apic_init(const char **why)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    base = rdmsr(MSR_APIC_BASE);
    if (!(base & APIC_BASE_ENABLE) ||
        (base & APIC_BASE_ADDR_MASK) != APIC_DEFAULT_BASE) {
        *why = "no local APIC at 0xfee00000 to deliver the upcall";
        return false;
    }
    pc_paging_map(APIC_DEFAULT_BASE, RT_PAGE_SIZE, true);
    apic = (volatile uint32_t *)(uintptr_t)APIC_DEFAULT_BASE;
    cpu_irq_gate(XEN_SPURIOUS_VECTOR, (uintptr_t)xen_spurious_entry);
    apic[APIC_SVR / 4] =
        (apic[APIC_SVR / 4] & ~0xffU) | APIC_SVR_ENABLE | XEN_SPURIOUS_VECTOR;
    return true;
}

bool xen_events_init(const char **why)
{
    struct xen_add_to_physmap map = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = (uintptr_t)&shared >> 12,
    };
    if (xen_hypercall_ptr(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
                          &map) != 0) {
        *why = "XENMEM_add_to_physmap refused the shared info page";
        return false;
    }
    for (unsigned i = 0; i < XEN_EVTCHN_WORDS; i++)
        __atomic_store_n(&shared.s.evtchn_mask[i], ~0ULL, __ATOMIC_SEQ_CST);

    if (!apic_init(why))
        return false;
    cpu_irq_gate(XEN_UPCALL_VECTOR, (uintptr_t)xen_upcall_entry);
    struct xen_hvm_evtchn_upcall_vector up = {.vcpu = 0,
                                              .vector = XEN_UPCALL_VECTOR};
    if (xen_hypercall_ptr(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
                          &up) != 0) {
        *why = "HVMOP_set_evtchn_upcall_vector refused vector 32";
        return false;
    }
    /* Tells the toolstack the guest handles events; not fatal if refused. */
    struct xen_hvm_param cb = {.domid = DOMID_SELF,
                               .index = HVM_PARAM_CALLBACK_IRQ,
                               .value = CALLBACK_VIA_GSI1};
    (void)xen_hypercall_ptr(__HYPERVISOR_hvm_op, HVMOP_set_param, &cb);

    struct evtchn_bind_virq bind = {.virq = VIRQ_TIMER, .vcpu = 0};
    if (xen_hypercall_ptr(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
                          &bind) != 0 ||
        bind.port >= XEN_EVTCHN_WORDS * 64) {
        *why = "EVTCHNOP_bind_virq(VIRQ_TIMER) failed";
        return false;
    }
    timer_port = bind.port;
    struct evtchn_unmask unmask = {.port = timer_port};
    if (xen_hypercall_ptr(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask,
                          &unmask) != 0) {
        *why = "EVTCHNOP_unmask refused the timer port";
        return false;
    }
    return true;
}

bool xen_evtchn_take(uint32_t port)
{
    uint64_t bit = 1ULL << (port % 64);
    uint64_t old = __atomic_fetch_and(&shared.s.evtchn_pending[port / 64], ~bit,
                                      __ATOMIC_SEQ_CST);
    return (old & bit) != 0;
}

/* No SSE here: the interrupted code's vector registers are not saved. */
__attribute__((target("general-regs-only"))) void
xen_upcall(struct xen_irq_frame *f)
{
    struct vcpu_info *v = &shared.s.vcpu_info[0];
    uint64_t stub = (uintptr_t)xen_hypercall_page + __HYPERVISOR_sched_op * 32;

    __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    (void)__atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    if (xen_blocking && f->rip - stub < 32) {
        /* Return from the stub at once, as if SCHEDOP_block had. */
        f->rip = *(const uint64_t *)(uintptr_t)f->rsp;
        f->rsp += 8;
        f->rax = 0;
    }
    apic[APIC_EOI / 4] = 0;
}
