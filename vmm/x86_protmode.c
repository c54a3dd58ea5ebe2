/* x86_protmode.c: GDT, control registers and segments for a 32-bit entry. */
#include "x86_protmode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#define CR0_PE (1ULL << 0)
#define CR0_ET (1ULL << 4)

/* Flat descriptors: 32-bit code (D=1) and read/write data, 4 GiB. */
static const uint64_t gdt[3] = {
    0, 0x00cf9b000000ffffULL, /* 0x08: present, DPL 0, code exec/read, D, G */
    0x00cf93000000ffffULL,    /* 0x10: present, DPL 0, data read/write, B, G */
};

static struct kvm_segment flat(uint16_t sel, uint8_t type)
{
    struct kvm_segment s = {
        .base = 0,
        .limit = 0xffffffff,
        .selector = sel,
        .type = type,
        .present = 1,
        .dpl = 0,
        .db = 1,
        .s = 1,
        .l = 0,
        .g = 1,
    };
    return s;
}

int x86_enter_protected_mode(struct kvm_vm *vm, const struct x86_pm_entry *e,
                             char *err, size_t errlen)
{
    if (!gmem_write(&vm->mem, e->gdt_gpa, gdt, sizeof(gdt))) {
        snprintf(err, errlen, "GDT does not fit in guest memory");
        return -1;
    }
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        goto ioctl_failed;
    s.cs = flat(X86_SEL_CODE32, 11);
    s.ds = s.es = s.fs = s.gs = s.ss = flat(X86_SEL_DATA32, 3);
    s.tr = (struct kvm_segment){.limit = 0x67, .type = 11, .present = 1};
    s.ldt = (struct kvm_segment){.unusable = 1, .type = 2, .present = 1};
    s.gdt.base = e->gdt_gpa;
    s.gdt.limit = sizeof(gdt) - 1;
    s.idt.base = 0;
    s.idt.limit = 0;
    s.cr0 = CR0_PE | CR0_ET;
    s.cr3 = 0;
    s.cr4 = 0;
    s.efer = 0;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        goto ioctl_failed;
    struct kvm_regs r = {.rip = e->eip,
                         .rsp = e->esp,
                         .rax = e->eax,
                         .rbx = e->ebx,
                         .rflags = 0x2};
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
        goto ioctl_failed;
    return 0;
ioctl_failed:
    snprintf(err, errlen, "setting vCPU registers: %s", strerror(errno));
    return -1;
}
