/*
 * host_pci_intx.h: how the emulated PC wires PCI interrupts, read by the
 * device models that raise them (virtio/) and by the DSDT that describes
 * them (host_dsdt.c): INTA# of the function in slot s (1..31) of bus 0
 * is ISA IRQ 10, 11, 5, 10, 11, 5... from slot 1 on; INTB#..INTD# are not
 * wired. The DSDT routes them through the link devices \_SB.LNKA (10),
 * LNKB (11) and LNKC (5), edge-triggered and active high: vmm raises them
 * with KVM_IRQFD, one pulse per interrupt.
 */
#ifndef VMM_PC_HOST_PCI_INTX_H
#define VMM_PC_HOST_PCI_INTX_H

#include <stdint.h>

#define PC_PCI_INTX_LINKS 3

/* The ISA IRQ (and IOAPIC GSI) of link i (0..2). */
static inline uint8_t pc_pci_link_irq(unsigned link)
{
    static const uint8_t irqs[PC_PCI_INTX_LINKS] = {10, 11, 5};
    return irqs[link % PC_PCI_INTX_LINKS];
}

/* The link INTA# of slot (1..31) goes through. */
static inline unsigned pc_pci_slot_link(unsigned slot)
{
    return (slot + PC_PCI_INTX_LINKS - 1) % PC_PCI_INTX_LINKS;
}

/* The IRQ INTA# of slot (1..31) raises. */
static inline uint8_t pc_pci_slot_irq(unsigned slot)
{
    return pc_pci_link_irq(pc_pci_slot_link(slot));
}

#endif
