/*
 * host_kvm_bios.c: the in-kernel PIC and PIT as a PC BIOS (SeaBIOS) leaves
 * them when it boots a kernel, since no firmware runs before vmm's guests:
 *   - PIT channel 0 counting in mode 2 (rate generator) with low/high byte
 *     access, count 65536 (18.2 Hz), as command 0x34 and two zero bytes
 *     leave it. KVM's own reset state is an unprogrammed channel (no mode,
 *     no access mode), where count bytes alone start nothing: Solo5's
 *     virtio binding, which writes only the count where it has kvmclock
 *     (tscclock.c, cpu_block), then waits in `hlt` for good;
 *   - every PIC line masked but the cascade (IRQ2), vectors 0x08 and 0x70,
 *     as a BIOS has them before it unmasks the lines it serves itself (it
 *     serves none here). The ticking PIT thus reaches no guest that did not
 *     program the PIC and unmask IRQ0 (guest-rt's xen-pvh runtime on Xen
 *     leaves the PIC alone and enables interrupts for its upcalls).
 * The LAPIC's LINT0/LINT1 are set per vCPU (host_kvm.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "host_pc.h"

#define PIT_MODE_RATE 2   /* mode 2: rate generator */
#define PIT_ACCESS_LOHI 3 /* low byte, then high byte */
#define PIT_COUNT_MAX 0x10000
#define PIC_MASTER_MASK 0xfb /* all but IRQ2, the cascade */
#define PIC_SLAVE_MASK 0xff
#define PIC_MASTER_BASE 0x08
#define PIC_SLAVE_BASE 0x70

static int pic_bios_state(struct kvm_vm *vm, uint32_t chip, uint8_t imr,
                          uint8_t base)
{
    struct kvm_irqchip c;
    memset(&c, 0, sizeof(c));
    c.chip_id = chip;
    if (ioctl(vm->vm_fd, KVM_GET_IRQCHIP, &c) < 0)
        return -1;
    c.chip.pic.imr = imr;
    c.chip.pic.irq_base = base;
    return ioctl(vm->vm_fd, KVM_SET_IRQCHIP, &c);
}

static int pit_bios_state(struct kvm_vm *vm)
{
    struct kvm_pit_state2 ps;
    if (ioctl(vm->vm_fd, KVM_GET_PIT2, &ps) < 0)
        return -1;
    struct kvm_pit_channel_state *c = &ps.channels[0];
    c->mode = PIT_MODE_RATE;
    c->rw_mode = c->read_state = c->write_state = PIT_ACCESS_LOHI;
    c->bcd = 0;
    c->count = PIT_COUNT_MAX;
    return ioctl(vm->vm_fd, KVM_SET_PIT2, &ps); /* loads it: counting */
}

int pc_kvm_bios_state(struct kvm_vm *vm, char *err, size_t errlen)
{
    if (pic_bios_state(vm, KVM_IRQCHIP_PIC_MASTER, PIC_MASTER_MASK,
                       PIC_MASTER_BASE) < 0 ||
        pic_bios_state(vm, KVM_IRQCHIP_PIC_SLAVE, PIC_SLAVE_MASK,
                       PIC_SLAVE_BASE) < 0) {
        snprintf(err, errlen, "setting the PIC as a BIOS leaves it: %s",
                 strerror(errno));
        return -1;
    }
    if (pit_bios_state(vm) < 0) {
        snprintf(err, errlen, "setting PIT channel 0 as a BIOS leaves it: %s",
                 strerror(errno));
        return -1;
    }
    return 0;
}
