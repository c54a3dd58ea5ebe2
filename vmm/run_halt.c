/*
 * run_halt.c: the run loop's look, at each vCPU tick, for a vCPU halted
 * with interrupts disabled in KVM's in-kernel irqchip (halt_watch.h).
 */
#include <sys/ioctl.h>

#include "exit_status.h"
#include "vmm.h"

#define RFLAGS_IF (1ULL << 9)

enum exit_result halt_on_tick(struct vmm *v)
{
    struct kvm_mp_state mp;
    struct kvm_regs r;
    if (ioctl(v->vm.vcpu_fd, KVM_GET_MP_STATE, &mp) < 0 ||
        ioctl(v->vm.vcpu_fd, KVM_GET_REGS, &r) < 0)
        return EXIT_HANDLED;
    if (!halt_watch_dead(&v->halt, mp.mp_state == KVM_MP_STATE_HALTED,
                         r.rflags & RFLAGS_IF, stats_total(&v->stats)))
        return EXIT_HANDLED;
    stats_count(&v->stats, "halted");
    return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                    "guest halted the CPU with interrupts disabled (hlt "
                    "before rip 0x%llx, RFLAGS.IF clear, for %d s): nothing "
                    "can wake it (a kernel that cannot power off ends so)",
                    r.rip, HALT_WATCH_TICKS * VCPU_TICK_SECONDS);
}
