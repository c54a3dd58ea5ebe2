/* x86_longmode.h: put the vCPU straight into 64-bit long mode. */
#ifndef VMM_X86_LONGMODE_H
#define VMM_X86_LONGMODE_H

#include <stddef.h>
#include <stdint.h>

#include "kvm.h"

struct x86_lm_entry {
    uint64_t gdt_gpa; /* where to write the 3-entry GDT (24 bytes) */
    uint64_t cr3;     /* page tables from paging_build() */
    uint64_t rip, rsp, rdi;
};

/*
 * CR0 = PE|MP|ET|NE|WP|PG, CR4 = PAE|OSFXSR|OSXMMEXCPT (+FSGSBASE when the
 * CPU has it), EFER = LME|LMA|NXE, flat 64-bit CS and data segments,
 * interrupts off. 0, or -1 with the reason in err.
 */
int x86_enter_long_mode(struct kvm_vm *vm, const struct x86_lm_entry *e,
                        char *err, size_t errlen);

#endif
