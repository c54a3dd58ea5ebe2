/*
 * vcpu_tick.h: a timer that interrupts KVM_RUN once a VCPU_TICK_SECONDS,
 * so that the run loop can look at a vCPU KVM keeps to itself: one that
 * kvm_pvm re-faults or emulates for good (kvm_pvm.h), one halted in the
 * kernel's irqchip with interrupts disabled (halt_watch.h). Its signal
 * (SIGALRM, aimed at the calling thread) makes KVM_RUN return EINTR.
 */
#ifndef VMM_VCPU_TICK_H
#define VMM_VCPU_TICK_H

#include <stdbool.h>
#include <stddef.h>

#define VCPU_TICK_SECONDS 1

/* Arm the timer for the calling thread (the vCPU's, before the sandbox:
 * once armed it needs no system call). 0, or -1 with err. */
int vcpu_tick_start(char *err, size_t errlen);
/* Did a tick come since the last call? */
bool vcpu_tick_fired(void);

#endif
