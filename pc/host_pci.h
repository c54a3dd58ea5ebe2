/*
 * host_pci.h: PCI bus 0 of the emulated PC through configuration
 * mechanism #1 (ports 0xcf8/0xcfc): a host bridge at 00:00.0 and the
 * functions devices add, one per slot from 1 on, with their I/O BAR and
 * interrupt line already assigned by vmm (as firmware would have done).
 *
 * The guest may still write config space: the command register (I/O
 * decode on/off), BARs (sizing probes read back the size mask; a new
 * address moves the device) and the interrupt line (a note for the OS; the
 * wiring does not change). Other writes are ignored.
 */
#ifndef VIRTIO_HOST_PCI_H
#define VIRTIO_HOST_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host_pc.h"

#define PCI_MAX_SLOTS 32
#define PCI_CMD_IO 0x0001
#define PCI_CMD_MEMORY 0x0002
#define PCI_CMD_MASTER 0x0004
#define PCI_CMD_INTX_DISABLE 0x0400

struct pci_function {
    uint8_t cfg[256];
    uint32_t bar0_size; /* I/O BAR 0: a power of two >= 4; 0: none */
    uint8_t slot;
    const char *name;
    /*
     * BAR 0 decodes at new_base now (0: nowhere, I/O decode off or the
     * address invalid), where it decoded at old_base. Called on the vCPU
     * thread during a config-space write.
     */
    void (*bar0_moved)(struct pci_function *f, uint16_t old_base,
                       uint16_t new_base);
    void *opaque;
};

/*
 * Fill a type-0 header: ids, class (class << 16 | subclass << 8 | prog-if),
 * subsystem ids, BAR 0 at io_base (size bar0_size), interrupt pin A on
 * `irq`, command I/O + bus master.
 */
void pci_function_init(struct pci_function *f, const char *name,
                       uint16_t vendor, uint16_t device, uint32_t class_code,
                       uint16_t subsys_vendor, uint16_t subsys_id,
                       uint16_t io_base, uint32_t bar0_size, uint8_t irq);

/* Put f in the next free slot of bus 0; 0, or -1 with err when full. */
int pci_add_function(struct pci_function *f, char *err, size_t errlen);

/* Where BAR 0 decodes now (0: nowhere). */
uint16_t pci_bar0_base(const struct pci_function *f);

/* Config space accesses (pure; exported for unit tests). */
uint32_t pci_cfg_read(struct pci_function *f, unsigned reg, unsigned size);
void pci_cfg_write(struct pci_function *f, unsigned reg, unsigned size,
                   uint32_t val);

#endif
