/*
 * kvm_pvm_watch.c: a guest whose code sits in a mapping without U/S can
 * leave kvm_pvm re-faulting on it for good ("refault livelock"): KVM_RUN
 * never returns; or, in long mode on such tables, run in kvm_pvm's
 * emulator for good (pvm_watch_emulated). On kvm_pvm the vCPU tick
 * (vcpu_tick.h) interrupts KVM_RUN once a second; the run loop then
 * looks whether the vCPU moved since the last tick (pvm_watch_stuck) and,
 * if not, whether kvm_pvm's rules fail where it stands; and whether they
 * failed at rip at the last ticks (pvm_watch_emulated). (Seen: a guest whose PML4 entry
 * lacks U/S takes #PF on its handler's first fetch, again and again, one
 * frame further down its stack each time; 512 MiB of stack lasted 3 min.)
 */
#include "kvm_pvm.h"

bool pvm_watch_stuck(struct pvm_fallback *f, const struct kvm_regs *r,
                     uint64_t exits)
{
    /*
     * The same rip and no exit: a loop in place (its business), a halt,
     * or kvm_pvm delivering #PF to a handler it cannot fetch either, over
     * and over, the stack going down a frame each time (the caller tells
     * these apart by the mapping at rip).
     */
    bool stuck = f->have_tick && f->tick_exits == exits &&
                 f->tick_rip == r->rip;
    f->have_tick = true;
    f->tick_exits = exits;
    f->tick_rip = r->rip;
    return stuck;
}

bool pvm_watch_emulated(struct pvm_fallback *f, enum pvm_rule rule)
{
    if (rule != PVM_NO_USER && rule != PVM_EVEN_CR3) {
        f->emulated_ticks = 0;
        return false;
    }
    return ++f->emulated_ticks >= PVM_EMULATED_TICKS;
}
