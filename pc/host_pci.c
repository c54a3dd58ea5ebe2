/* host_pci.c: config mechanism #1, the host bridge, functions' headers. */
#include "host_pci.h"

#include <stdio.h>
#include <string.h>

#include "pc_wire.h"

#define CFG_CACHE_LINE 0x0c
#define CFG_LATENCY 0x0d
#define CFG_BAR5_END 0x28
#define BAR_IO 0x1
#define HOST_BRIDGE_VENDOR 0x8086 /* an i440FX host bridge, as QEMU's pc */
#define HOST_BRIDGE_DEVICE 0x1237
#define CLASS_HOST_BRIDGE 0x060000

static struct {
    uint32_t addr; /* the last value written to 0xcf8 */
    struct pci_function *slot[PCI_MAX_SLOTS];
    struct pci_function host_bridge;
} bus;

static void put(uint8_t *cfg, unsigned reg, unsigned size, uint32_t v)
{
    for (unsigned i = 0; i < size; i++)
        cfg[reg + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(const uint8_t *cfg, unsigned reg, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)cfg[reg + i] << (8 * i);
    return v;
}

void pci_function_init(struct pci_function *f, const char *name,
                       uint16_t vendor, uint16_t device, uint32_t class_code,
                       uint16_t subsys_vendor, uint16_t subsys_id,
                       uint16_t io_base, uint32_t bar0_size, uint8_t irq)
{
    memset(f, 0, sizeof(*f));
    f->name = name;
    f->bar0_size = bar0_size;
    put(f->cfg, PCI_CFG_VENDOR, 2, vendor);
    put(f->cfg, PCI_CFG_DEVICE, 2, device);
    put(f->cfg, PCI_CFG_CLASS, 4, class_code << 8); /* revision 0 */
    put(f->cfg, PCI_CFG_SUBSYS_VENDOR, 2, subsys_vendor);
    put(f->cfg, PCI_CFG_SUBSYS_ID, 2, subsys_id);
    if (bar0_size) {
        put(f->cfg, PCI_CFG_BAR0, 4, (uint32_t)io_base | BAR_IO);
        put(f->cfg, PCI_CFG_COMMAND, 2, PCI_CMD_IO | PCI_CMD_MASTER);
        f->cfg[PCI_CFG_INTERRUPT_LINE] = irq;
        f->cfg[PCI_CFG_INTERRUPT_PIN] = 1; /* INTA# */
    }
}

uint16_t pci_bar0_base(const struct pci_function *f)
{
    uint32_t bar = get(f->cfg, PCI_CFG_BAR0, 4) & ~3u;
    if (!f->bar0_size || !(get(f->cfg, PCI_CFG_COMMAND, 2) & PCI_CMD_IO) ||
        bar == 0 || bar > 0x10000 - f->bar0_size)
        return 0;
    return (uint16_t)bar;
}

uint32_t pci_cfg_read(struct pci_function *f, unsigned reg, unsigned size)
{
    return get(f->cfg, reg, size);
}

/* Bytes [reg, reg + size) of a write land in this dword-aligned register. */
static uint32_t merge(uint32_t old, unsigned reg, unsigned size, uint32_t val,
                      unsigned at)
{
    uint8_t b[4];
    put(b, 0, 4, old);
    for (unsigned i = 0; i < size; i++)
        if (reg + i >= at && reg + i < at + 4)
            b[reg + i - at] = (uint8_t)(val >> (8 * i));
    return get(b, 0, 4);
}

void pci_cfg_write(struct pci_function *f, unsigned reg, unsigned size,
                   uint32_t val)
{
    uint16_t before = pci_bar0_base(f);
    unsigned dw = reg & ~3u;
    uint32_t v = merge(get(f->cfg, dw, 4), reg, size, val, dw);
    switch (dw) {
    case PCI_CFG_COMMAND: { /* command is writable; status is not */
        uint16_t cmd = (uint16_t)v & (PCI_CMD_IO | PCI_CMD_MEMORY |
                                      PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE);
        put(f->cfg, PCI_CFG_COMMAND, 2, cmd);
        break;
    }
    case CFG_CACHE_LINE & ~3u: /* cache line size, latency timer */
        f->cfg[CFG_CACHE_LINE] = (uint8_t)v;
        f->cfg[CFG_LATENCY] = (uint8_t)(v >> 8);
        break;
    case PCI_CFG_BAR0:
        if (f->bar0_size) /* the low bits are fixed: size and I/O flag */
            put(f->cfg, PCI_CFG_BAR0, 4, (v & ~(f->bar0_size - 1)) | BAR_IO);
        break;
    case PCI_CFG_INTERRUPT_LINE:
        if (f->bar0_size)
            f->cfg[PCI_CFG_INTERRUPT_LINE] = (uint8_t)v;
        break;
    default:
        break; /* read-only, or BARs 1..5 that do not exist */
    }
    uint16_t after = pci_bar0_base(f);
    if (after != before && f->bar0_moved)
        f->bar0_moved(f, before, after);
}

int pci_add_function(struct pci_function *f, char *err, size_t errlen)
{
    for (unsigned s = 1; s < PCI_MAX_SLOTS; s++)
        if (!bus.slot[s]) {
            bus.slot[s] = f;
            f->slot = (uint8_t)s;
            return 0;
        }
    snprintf(err, errlen, "%s: PCI bus 0 is full (%d slots)", f->name,
             PCI_MAX_SLOTS - 1);
    return -1;
}

/* The function 0xcf8 selects, and the register, or NULL (reads all ones). */
static struct pci_function *selected(unsigned *reg)
{
    uint32_t a = bus.addr;
    unsigned b = a >> 16 & 0xff, dev = a >> 11 & 0x1f, fn = a >> 8 & 7;
    *reg = a & 0xfc;
    if (!(a & PCI_CONFIG_ENABLE) || b != 0 || fn != 0)
        return NULL;
    return bus.slot[dev];
}

static enum exit_result addr_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val)
{
    (void)pc, (void)opaque, (void)off;
    /*
     * Only a dword at 0xcf8 is CONFIG_ADDRESS; other accesses to
     * 0xcf8..0xcfb are ordinary I/O that nothing here decodes (0xcf9 is
     * a reset register on real PCs): unserved, so on the open bus a
     * read gives ones and a write (Linux's byte to 0xcfb) is dropped.
     */
    if (size != 4)
        return EXIT_UNHANDLED;
    if (write)
        bus.addr = *val & 0x80fffffcu;
    else
        *val = bus.addr;
    return EXIT_HANDLED;
}

static enum exit_result data_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val)
{
    (void)pc, (void)opaque;
    unsigned reg;
    struct pci_function *f = selected(&reg);
    /* Bytes, words and dwords at their own alignment within the dword
     * 0xcf8 selects: register reg + off, in both directions. */
    if (off % size != 0)
        return EXIT_UNHANDLED; /* a misaligned word: not decoded */
    if (write) {
        if (f)
            pci_cfg_write(f, reg + off, size, *val);
    } else {
        *val = f ? pci_cfg_read(f, reg + off, size)
                 : (uint32_t)(0xffffffffull >> (32 - 8 * size));
    }
    return EXIT_HANDLED;
}

static int pci_init(struct pc *pc, char *err, size_t errlen)
{
    memset(&bus, 0, sizeof(bus));
    pci_function_init(&bus.host_bridge, "host bridge", HOST_BRIDGE_VENDOR,
                      HOST_BRIDGE_DEVICE, CLASS_HOST_BRIDGE, 0, 0, 0, 0, 0);
    bus.slot[0] = &bus.host_bridge;
    if (pc_io_add(pc, PCI_CONFIG_ADDR, 4, "pci-config", addr_io, NULL, err,
                  errlen) < 0)
        return -1;
    return pc_io_add(pc, PCI_CONFIG_DATA, 4, "pci-config", data_io, NULL, err,
                     errlen);
}

static const struct pc_device_def pci_dev = {"pci", pci_init};
PC_DEVICE(pci_dev);
