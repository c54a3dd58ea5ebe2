/*
 * halt_watch.h: a vCPU halted for good. With KVM's in-kernel irqchip a
 * `hlt` stays in the kernel until an interrupt comes, and KVM_RUN does
 * not return; with interrupts disabled (RFLAGS.IF clear) only an NMI,
 * SMI or INIT could wake it, and vmm sends none. A kernel that cannot
 * power off ends so (Linux with acpi=off: "reboot: Power down", then
 * `cli; hlt` for good), and so does a guest's last resort after a fatal
 * error. QEMU and Firecracker wait for ever; vmm stops the guest (252)
 * and says so. At each vCPU tick (vcpu_tick.h) the run loop reads the
 * vCPU's state; halt_watch_dead() says when the tick found it halted
 * with interrupts disabled HALT_WATCH_TICKS times in a row, with no exit
 * in between.
 */
#ifndef VMM_HALT_WATCH_H
#define VMM_HALT_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#define HALT_WATCH_TICKS 2

struct halt_watch {
    unsigned ticks;  /* ticks in a row that found it so */
    uint64_t exits;  /* exits served at the last tick */
};

/* A tick found the vCPU halted or not, interrupts enabled or not, with
 * exits served so far: is it halted for good? */
bool halt_watch_dead(struct halt_watch *h, bool halted, bool interrupts_on,
                     uint64_t exits);

#endif
