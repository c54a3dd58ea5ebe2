/*
 * x86_flat.c: flat segments and control registers for a vCPU's entry, in
 * 64-bit long mode (x86_longmode.h) or 32-bit protected mode
 * (x86_protmode.h).
 */
#include "x86_flat.h"
#include "x86_longmode.h"
#include "x86_protmode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#define GDT_CODE64 0x00af9b000000ffffULL /* present, DPL 0, exec/read, L */
#define GDT_CODE32 0x00cf9b000000ffffULL /* present, DPL 0, exec/read, D, G */
#define GDT_DATA 0x00cf93000000ffffULL   /* present, DPL 0, read/write, B, G */

static struct kvm_segment flat(uint16_t sel, uint8_t type, int code64)
{
    struct kvm_segment s = {
        .base = 0,
        .limit = 0xffffffff,
        .selector = sel,
        .type = type,
        .present = 1,
        .dpl = 0,
        .db = code64 ? 0 : 1,
        .s = 1,
        .l = code64 ? 1 : 0,
        .g = 1,
    };
    return s;
}

int x86_load_flat(struct kvm_vm *vm, const struct x86_flat_state *st,
                  char *err, size_t errlen)
{
    const uint64_t gdt[3] = {0, st->long_mode ? GDT_CODE64 : GDT_CODE32,
                             GDT_DATA};
    if (!gmem_write(&vm->mem, st->gdt_gpa, gdt, sizeof(gdt))) {
        snprintf(err, errlen, "GDT does not fit in guest memory");
        return -1;
    }
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        goto ioctl_failed;
    s.cs = flat(X86_SEL_CODE, 11, st->long_mode);
    s.ds = s.es = s.fs = s.gs = s.ss = flat(X86_SEL_DATA, 3, 0);
    s.tr = (struct kvm_segment){.limit = 0x67, .type = 11, .present = 1};
    s.ldt = (struct kvm_segment){.unusable = 1, .type = 2, .present = 1};
    s.gdt.base = st->gdt_gpa;
    s.gdt.limit = sizeof(gdt) - 1;
    s.idt.base = 0;
    s.idt.limit = 0;
    s.cr0 = st->cr0;
    s.cr3 = st->cr3;
    s.cr4 = st->cr4;
    s.efer = st->efer;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        goto ioctl_failed;
    struct kvm_regs r = st->regs;
    r.rflags = 0x2;
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
        goto ioctl_failed;
    return 0;
ioctl_failed:
    snprintf(err, errlen, "setting vCPU registers: %s", strerror(errno));
    return -1;
}

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
