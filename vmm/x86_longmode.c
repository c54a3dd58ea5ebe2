/* x86_longmode.c: GDT, control registers and segments for a 64-bit entry. */
#include "x86_longmode.h"

#include "x86_flat.h"

#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_FSGSBASE (1ULL << 16)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)

int x86_enter_long_mode(struct kvm_vm *vm, const struct x86_lm_entry *e,
                        char *err, size_t errlen)
{
    struct x86_flat_state st = {
        .long_mode = true,
        .gdt_gpa = e->gdt_gpa,
        .cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG,
        .cr3 = e->cr3,
        .cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT |
               (vm->fsgsbase ? CR4_FSGSBASE : 0),
        .efer = EFER_LME | EFER_LMA | EFER_NXE,
        .regs = {.rip = e->rip, .rsp = e->rsp, .rdi = e->rdi},
    };
    return x86_load_flat(vm, &st, err, errlen);
}
