/* x86_protmode.h: put the vCPU in 32-bit protected mode (Multiboot entry). */
#ifndef VMM_X86_PROTMODE_H
#define VMM_X86_PROTMODE_H

#include <stddef.h>
#include <stdint.h>

#include "kvm.h"

struct x86_pm_entry {
    uint64_t gdt_gpa; /* where to write the 3-entry GDT (24 bytes) */
    uint32_t eip, esp;
    uint32_t eax, ebx;
};

/*
 * The machine state the Multiboot spec gives an OS image: CR0.PE set and
 * paging off, CS a flat 32-bit read/execute code segment, DS/ES/FS/GS/SS
 * flat 32-bit read/write data segments, EFLAGS with IF and VM clear, A20
 * on, EFER and CR4 zero. 0, or -1 with the reason in err.
 */
int x86_enter_protected_mode(struct kvm_vm *vm, const struct x86_pm_entry *e,
                             char *err, size_t errlen);

#endif
