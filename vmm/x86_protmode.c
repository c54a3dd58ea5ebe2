/* x86_protmode.c: GDT, control registers and segments for a 32-bit entry. */
#include "x86_protmode.h"

#include "x86_flat.h"

#define CR0_PE (1ULL << 0)
#define CR0_ET (1ULL << 4)

int x86_enter_protected_mode(struct kvm_vm *vm, const struct x86_pm_entry *e,
                             char *err, size_t errlen)
{
    struct x86_flat_state st = {
        .long_mode = false,
        .gdt_gpa = e->gdt_gpa,
        .cr0 = CR0_PE | CR0_ET,
        .regs = {.rip = e->eip, .rsp = e->esp, .rax = e->eax, .rbx = e->ebx},
    };
    return x86_load_flat(vm, &st, err, errlen);
}
