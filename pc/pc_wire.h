/*
 * pc_wire.h: what the guest's PC layer (pc/guest_*) and vmm's emulated PC
 * (pc/host_*) both read: PCI configuration mechanism #1 and the header
 * registers the guest's bus scan uses, and the isa-debug-exit port.
 * Self-contained C99. Facts from the PCI Local Bus specification 3.0 and
 * QEMU's isa-debug-exit.
 */
#ifndef VMM_PC_WIRE_H
#define VMM_PC_WIRE_H

/* PCI configuration mechanism #1. */
#define PCI_CONFIG_ADDR 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000u
#define PCI_CFG_VENDOR 0x00
#define PCI_CFG_DEVICE 0x02
#define PCI_CFG_COMMAND 0x04
#define PCI_CFG_STATUS 0x06
#define PCI_CFG_CLASS 0x08 /* revision, prog-if, subclass, class */
#define PCI_CFG_HEADER_TYPE 0x0e
#define PCI_CFG_BAR0 0x10
#define PCI_CFG_SUBSYS_VENDOR 0x2c
#define PCI_CFG_SUBSYS_ID 0x2e
#define PCI_CFG_INTERRUPT_LINE 0x3c
#define PCI_CFG_INTERRUPT_PIN 0x3d

/* isa-debug-exit as QEMU and vmm place it for these guests. */
#define DEBUG_EXIT_PORT 0x501

#endif /* VMM_PC_WIRE_H */
