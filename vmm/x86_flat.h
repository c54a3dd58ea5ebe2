/*
 * x86_flat.h: the vCPU state both entry modes share: a 3-entry flat GDT
 * written into guest memory (null, code at 0x08, data at 0x10), flat
 * segments, a busy TSS and no LDT, no IDT, interrupts off, and the control
 * registers and general registers the entry mode asks for.
 */
#ifndef VMM_X86_FLAT_H
#define VMM_X86_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kvm.h"

#define X86_SEL_CODE 0x08
#define X86_SEL_DATA 0x10

struct x86_flat_state {
    bool long_mode;   /* 64-bit code segment (L) rather than 32-bit (D) */
    uint64_t gdt_gpa; /* where the 24-byte GDT goes */
    uint64_t cr0, cr3, cr4, efer;
    struct kvm_regs regs; /* rflags is forced to 0x2 */
};

/* 0, or -1 with the reason in err. */
int x86_load_flat(struct kvm_vm *vm, const struct x86_flat_state *st,
                  char *err, size_t errlen);

#endif
