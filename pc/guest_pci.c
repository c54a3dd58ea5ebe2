/*
 * guest_pci.c: PCI configuration space through mechanism #1 (address to 0xcf8,
 * data at 0xcfc), read-only: BARs and interrupt lines are whatever the
 * firmware or the host assigned; the runtime never writes them.
 *
 * Enumeration is recursive from bus 0: every device on a bus, all eight
 * functions of multi-function devices, and the secondary bus behind each
 * PCI-to-PCI bridge. A host bridge at 00:00.0 that is multi-function means
 * several host controllers: function N then owns bus N. Each bus is visited
 * once, so a bridge pointing back at a visited bus cannot loop.
 */
#include "guest_pc.h"
#include "pc_wire.h"

#define HDR_MULTI_FUNCTION 0x80
#define HDR_TYPE_MASK 0x7f
#define HDR_TYPE_BRIDGE 0x01
#define CLASS_BRIDGE 0x06
#define SUBCLASS_PCI_BRIDGE 0x04
#define CFG_SECONDARY_BUS 0x18 /* dword: primary, secondary, subordinate */

struct scan {
    void (*visit)(const struct pci_func *f, void *ctx);
    void *ctx;
    uint64_t seen[4]; /* bus n visited: bit n */
};

uint32_t pci_cfg_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
    outl(PCI_CONFIG_ADDR, PCI_CONFIG_ENABLE | (bus & 0xff) << 16 |
                              (dev & 0x1f) << 11 | (fn & 7) << 8 |
                              (off & 0xfc));
    return inl(PCI_CONFIG_DATA);
}

static void scan_bus(struct scan *s, unsigned bus);

static uint32_t header_type(unsigned bus, unsigned dev, unsigned fn)
{
    return pci_cfg_read32(bus, dev, fn, PCI_CFG_HEADER_TYPE & ~3U) >> 16 & 0xff;
}

static void scan_function(struct scan *s, unsigned bus, unsigned dev,
                          unsigned fn, uint32_t id, uint32_t hdr)
{
    struct pci_func f = {.bus = (uint8_t)bus,
                         .dev = (uint8_t)dev,
                         .fn = (uint8_t)fn,
                         .vendor = (uint16_t)id,
                         .device = (uint16_t)(id >> 16)};
    uint32_t class = pci_cfg_read32(bus, dev, fn, PCI_CFG_CLASS);

    if ((hdr & HDR_TYPE_MASK) == HDR_TYPE_BRIDGE &&
        (class >> 24) == CLASS_BRIDGE &&
        (class >> 16 & 0xff) == SUBCLASS_PCI_BRIDGE) {
        uint32_t buses = pci_cfg_read32(bus, dev, fn, CFG_SECONDARY_BUS);
        scan_bus(s, buses >> 8 & 0xff);
        return;
    }
    if ((hdr & HDR_TYPE_MASK) == 0) {
        f.bar0 = pci_cfg_read32(bus, dev, fn, PCI_CFG_BAR0);
        f.subsys_id =
            (uint16_t)(pci_cfg_read32(bus, dev, fn, PCI_CFG_SUBSYS_VENDOR) >>
                       16);
        f.irq_line =
            (uint8_t)pci_cfg_read32(bus, dev, fn, PCI_CFG_INTERRUPT_LINE);
    }
    s->visit(&f, s->ctx);
}

static void scan_bus(struct scan *s, unsigned bus)
{
    if (s->seen[bus >> 6] & (1ULL << (bus & 63)))
        return;
    s->seen[bus >> 6] |= 1ULL << (bus & 63);
    for (unsigned dev = 0; dev < 32; dev++) {
        uint32_t id = pci_cfg_read32(bus, dev, 0, PCI_CFG_VENDOR);

        if ((id & 0xffff) == 0xffff)
            continue;
        uint32_t hdr = header_type(bus, dev, 0);
        unsigned nfn = (hdr & HDR_MULTI_FUNCTION) ? 8 : 1;
        scan_function(s, bus, dev, 0, id, hdr);
        for (unsigned fn = 1; fn < nfn; fn++) {
            id = pci_cfg_read32(bus, dev, fn, PCI_CFG_VENDOR);
            if ((id & 0xffff) != 0xffff)
                scan_function(s, bus, dev, fn, id, header_type(bus, dev, fn));
        }
    }
}

void pci_scan(void (*visit)(const struct pci_func *f, void *ctx), void *ctx)
{
    struct scan s = {.visit = visit, .ctx = ctx};
    if ((pci_cfg_read32(0, 0, 0, PCI_CFG_VENDOR) & 0xffff) != 0xffff &&
        (header_type(0, 0, 0) & HDR_MULTI_FUNCTION)) {
        for (unsigned fn = 0; fn < 8; fn++)
            if ((pci_cfg_read32(0, 0, fn, PCI_CFG_VENDOR) & 0xffff) != 0xffff)
                scan_bus(&s, fn);
    } else {
        scan_bus(&s, 0);
    }
}
