/* x86_longmode.c: GDT, control registers and segments for a 64-bit entry. */
#include "x86_longmode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

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

/* Flat descriptors: 64-bit code (L=1) and read/write data. */
static const uint64_t gdt[3] = {
    0,
    0x00af9b000000ffffULL, /* 0x08: present, DPL 0, code exec/read, L */
    0x00cf93000000ffffULL, /* 0x10: present, DPL 0, data read/write, D/B, G */
};

static struct kvm_segment seg(uint16_t sel, uint8_t type, int code)
{
    struct kvm_segment s = {
        .base = 0,
        .limit = 0xffffffff,
        .selector = sel,
        .type = type,
        .present = 1,
        .dpl = 0,
        .db = code ? 0 : 1,
        .s = 1,
        .l = code ? 1 : 0,
        .g = 1,
    };
    return s;
}

int x86_enter_long_mode(struct kvm_vm *vm, const struct x86_lm_entry *e,
                        char *err, size_t errlen)
{
    if (!gmem_write(&vm->mem, e->gdt_gpa, gdt, sizeof(gdt))) {
        snprintf(err, errlen, "GDT does not fit in guest memory");
        return -1;
    }
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        goto ioctl_failed;
    s.cs = seg(X86_SEL_CODE64, 11, 1);
    s.ds = s.es = s.fs = s.gs = s.ss = seg(X86_SEL_DATA, 3, 0);
    s.tr = (struct kvm_segment){.limit = 0x67, .type = 11, .present = 1};
    s.ldt = (struct kvm_segment){.unusable = 1, .type = 2, .present = 1};
    s.gdt.base = e->gdt_gpa;
    s.gdt.limit = sizeof(gdt) - 1;
    s.idt.base = 0;
    s.idt.limit = 0;
    s.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
    s.cr3 = e->cr3;
    s.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT |
            (vm->fsgsbase ? CR4_FSGSBASE : 0);
    s.efer = EFER_LME | EFER_LMA | EFER_NXE;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        goto ioctl_failed;
    struct kvm_regs r = {
        .rip = e->rip, .rsp = e->rsp, .rdi = e->rdi, .rflags = 0x2};
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
        goto ioctl_failed;
    return 0;
ioctl_failed:
    snprintf(err, errlen, "setting vCPU registers: %s", strerror(errno));
    return -1;
}
