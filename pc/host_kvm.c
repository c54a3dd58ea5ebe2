/*
 * host_kvm.c: the parts of the PC KVM emulates in the kernel: the 8259 PIC
 * pair, the IOAPIC and the local APIC (KVM_CREATE_IRQCHIP), the 8254 PIT
 * (KVM_CREATE_PIT2, with port 0x61 handled there too), and the kvmclock
 * CPUID leaves. Queue notifications (KVM_IOEVENTFD) and interrupts
 * (KVM_IRQFD) need capabilities as well; all are checked up front.
 * The PIC and PIT start as a BIOS leaves them (host_kvm_bios.c).
 *
 * Interrupt routing as on a PC (and as the MADT says, host_acpi_madt.c):
 * KVM's GSIs 0-15 reach the PIC inputs of the same number and the IOAPIC
 * pins 0-23 theirs, except that GSI 0 (the PIT) reaches IOAPIC pin 2 and
 * nothing takes GSI 2 (the cascade). KVM's default would wire the PIT to
 * pin 0, which no ACPI PC describes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "host_pc.h"

#define KVM_CPUID_SIGNATURE_LEAF 0x40000000u
#define KVM_CPUID_FEATURES_LEAF 0x40000001u
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_MODE_EXTINT 0x700
#define APIC_MODE_NMI 0x400

#define IOAPIC_PINS 24
#define PIT_IOAPIC_PIN 2

static const int caps[] = {KVM_CAP_IRQCHIP,    KVM_CAP_PIT2,
                           KVM_CAP_PIT_STATE2, KVM_CAP_IOEVENTFD,
                           KVM_CAP_IRQFD,      KVM_CAP_IRQ_ROUTING};
static const char *const cap_names[] = {
    "KVM_CAP_IRQCHIP",   "KVM_CAP_PIT2",  "KVM_CAP_PIT_STATE2",
    "KVM_CAP_IOEVENTFD", "KVM_CAP_IRQFD", "KVM_CAP_IRQ_ROUTING"};

static void route(struct kvm_irq_routing *r, unsigned gsi, unsigned chip,
                  unsigned pin)
{
    struct kvm_irq_routing_entry *e = &r->entries[r->nr++];
    memset(e, 0, sizeof(*e));
    e->gsi = gsi;
    e->type = KVM_IRQ_ROUTING_IRQCHIP;
    e->u.irqchip.irqchip = chip;
    e->u.irqchip.pin = pin;
}

static int irq_routing(struct kvm_vm *vm, char *err, size_t errlen)
{
    /* The table and its entries in one buffer (entries[] is flexible). */
    union {
        struct kvm_irq_routing r;
        uint8_t bytes[sizeof(struct kvm_irq_routing) +
                      (16 + IOAPIC_PINS) * sizeof(struct kvm_irq_routing_entry)];
    } t;
    memset(&t, 0, sizeof(t));
    for (unsigned gsi = 0; gsi < 16; gsi++)
        if (gsi != 2)
            route(&t.r, gsi,
                  gsi < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE,
                  gsi % 8);
    for (unsigned gsi = 0; gsi < IOAPIC_PINS; gsi++)
        if (gsi != 2)
            route(&t.r, gsi, KVM_IRQCHIP_IOAPIC,
                  gsi == 0 ? PIT_IOAPIC_PIN : gsi);
    if (ioctl(vm->vm_fd, KVM_SET_GSI_ROUTING, &t.r) < 0) {
        snprintf(err, errlen, "KVM_SET_GSI_ROUTING: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int pc_kvm_setup(struct kvm_vm *vm, char *err, size_t errlen)
{
    if (kvm_require_caps(vm, caps, cap_names, sizeof(caps) / sizeof(caps[0]),
                         err, errlen) < 0)
        return -1;
    if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
        snprintf(err, errlen, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
        return -1;
    }
    vm->irqchip = true;
    if (irq_routing(vm, err, errlen) < 0)
        return -1;
    struct kvm_pit_config pit = {.flags = KVM_PIT_SPEAKER_DUMMY};
    if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0) {
        snprintf(err, errlen, "KVM_CREATE_PIT2: %s", strerror(errno));
        return -1;
    }
    return pc_kvm_bios_state(vm, err, errlen);
}

/*
 * As a PC's firmware leaves it: LINT0 takes the PIC's interrupts (ExtINT),
 * LINT1 is the NMI line. Without this the in-kernel LAPIC masks the PIC.
 */
static int lapic_lints(struct kvm_vm *vm, char *err, size_t errlen)
{
    struct kvm_lapic_state l;
    uint32_t lvt0 = APIC_MODE_EXTINT, lvt1 = APIC_MODE_NMI;
    if (ioctl(vm->vcpu_fd, KVM_GET_LAPIC, &l) < 0)
        goto fail;
    memcpy(l.regs + APIC_LVT0, &lvt0, 4);
    memcpy(l.regs + APIC_LVT1, &lvt1, 4);
    if (ioctl(vm->vcpu_fd, KVM_SET_LAPIC, &l) < 0)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "setting the local APIC's LINT0/LINT1: %s",
             strerror(errno));
    return -1;
}

/* kvmclock: KVM's signature leaf and the features KVM supports. */
static int kvmclock_cpuid(struct kvm_vm *vm, char *err, size_t errlen)
{
    struct kvm_cpuid_entry2 *sig =
        kvm_cpuid_entry(vm, KVM_CPUID_SIGNATURE_LEAF, 0);
    if (!sig || !kvm_cpuid_entry(vm, KVM_CPUID_FEATURES_LEAF, 0)) {
        snprintf(err, errlen,
                 "KVM_GET_SUPPORTED_CPUID offers no leaf 0x%x: cannot offer "
                 "kvmclock",
                 sig ? KVM_CPUID_FEATURES_LEAF : KVM_CPUID_SIGNATURE_LEAF);
        return -1;
    }
    static const char id[12] = "KVMKVMKVM\0\0";
    sig->eax = KVM_CPUID_FEATURES_LEAF;
    memcpy(&sig->ebx, id, 4);
    memcpy(&sig->ecx, id + 4, 4);
    memcpy(&sig->edx, id + 8, 4);
    return kvm_set_cpuid(vm, err, errlen);
}

int pc_kvm_vcpu_setup(struct kvm_vm *vm, char *err, size_t errlen)
{
    if (lapic_lints(vm, err, errlen) < 0)
        return -1;
    return kvmclock_cpuid(vm, err, errlen);
}
