/* x86_flat.c: flat segments and control registers for a vCPU's entry. */
#include "x86_flat.h"

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
