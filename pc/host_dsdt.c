/*
 * host_dsdt.c: the DSDT, in AML written with host_aml.h. In ASL terms:
 *
 *   Name (_S5, Package (4) {0, 0, 0, 0})      // first, as before: S5 is
 *                                              // SLP_TYP 0 (host_acpi_pm.c)
 *   Scope (\_SB) {
 *     Device (PCI0) {                          // the host bridge, bus 0
 *       Name (_HID, EisaId ("PNP0A03"))  Name (_UID, 0)
 *       Name (_SEG, 0)  Name (_BBN, 0)
 *       Name (_CRS, ResourceTemplate () {
 *         WordBusNumber (0-0)
 *         IO (Decode16, 0xcf8, 0xcf8, 1, 8)    // configuration mechanism #1
 *         WordIO (0x0000-0x0cf7)  WordIO (0x0d00-0xffff)
 *       })                                     // no MMIO window: vmm's PCI
 *                                              // functions have I/O BARs only
 *       Name (_PRT, Package (31) {             // INTA# of slots 1..31
 *         Package (4) {0x0001ffff, 0, \_SB.LNKA, 0}, ... })
 *     }
 *     Device (LNKA) {                          // and LNKB, LNKC
 *       Name (_HID, EisaId ("PNP0C0F"))  Name (_UID, 1)  Name (_STA, 0x0b)
 *       Name (_PRS, ResourceTemplate () {IRQ (Edge, ActiveHigh, Shared) {10}})
 *       Name (_CRS, <the same>)
 *       Method (_SRS, 1) {}                    // fixed: nothing to set
 *     }
 *   }
 *
 * The wiring is host_pci_intx.h's. Links rather than GSIs in _PRT (which
 * mean level-triggered, active-low) because vmm's interrupts are edges.
 */
#include <stdio.h>

#include "host_acpi.h"
#include "host_aml.h"
#include "host_pci.h"
#include "host_pci_intx.h"

#define DSDT_REV 2 /* 64-bit AML integers */
#define STA_PRESENT_ENABLED_WORKING 0x0b
#define PCI_CFG_PORT 0xcf8
#define INTA 0

static void link_name(char *buf, size_t size, unsigned link)
{
    snprintf(buf, size, "\\_SB.LNK%c", 'A' + link);
}

static void root_bridge(struct aml *a)
{
    aml_open_device(a, "PCI0");
    aml_name(a, "_HID");
    aml_eisaid(a, "PNP0A03");
    aml_name_integer(a, "_UID", 0);
    aml_name_integer(a, "_SEG", 0);
    aml_name_integer(a, "_BBN", 0);

    struct aml_res r = {.len = 0};
    aml_res_word(&r, AML_RES_BUS, 0, 0);
    aml_res_io(&r, PCI_CFG_PORT, PCI_CFG_PORT, 1, 8);
    aml_res_word(&r, AML_RES_IO, 0x0000, PCI_CFG_PORT - 1);
    aml_res_word(&r, AML_RES_IO, 0x0d00, 0xffff);
    aml_name(a, "_CRS");
    aml_resource_template(a, &r);

    aml_name(a, "_PRT");
    aml_open_package(a, PCI_MAX_SLOTS - 1);
    for (unsigned slot = 1; slot < PCI_MAX_SLOTS; slot++) {
        char link[16];
        link_name(link, sizeof(link), pc_pci_slot_link(slot));
        aml_open_package(a, 4);
        aml_integer(a, (uint64_t)slot << 16 | 0xffff); /* any function */
        aml_integer(a, INTA);
        aml_namestring(a, link);
        aml_integer(a, 0); /* the link's first (only) interrupt */
        aml_close(a);
    }
    aml_close(a);
    aml_close(a);
}

static void link_device(struct aml *a, unsigned link)
{
    char name[16];
    link_name(name, sizeof(name), link);
    aml_open_device(a, name + 5); /* "LNKA", inside \_SB */
    aml_name(a, "_HID");
    aml_eisaid(a, "PNP0C0F");
    aml_name_integer(a, "_UID", link + 1);
    aml_name_integer(a, "_STA", STA_PRESENT_ENABLED_WORKING);
    struct aml_res r = {.len = 0};
    aml_res_irq(&r, pc_pci_link_irq(link), AML_IRQ_EDGE | AML_IRQ_SHARED);
    aml_name(a, "_PRS");
    aml_resource_template(a, &r);
    aml_name(a, "_CRS");
    aml_resource_template(a, &r);
    aml_open_method(a, "_SRS", 1);
    aml_close(a);
    aml_close(a);
}

uint32_t acpi_dsdt(uint8_t *t, size_t cap)
{
    struct aml a;
    if (cap < ACPI_HEADER_LEN)
        return 0;
    acpi_header(t, "DSDT", 0, DSDT_REV);
    aml_init(&a, t + ACPI_HEADER_LEN, cap - ACPI_HEADER_LEN);

    aml_name(&a, "_S5"); /* in the root scope */
    aml_open_package(&a, 4);
    for (unsigned i = 0; i < 4; i++)
        aml_integer(&a, ACPI_S5_TYPE);
    aml_close(&a);

    aml_open_scope(&a, "\\_SB");
    root_bridge(&a);
    for (unsigned l = 0; l < PC_PCI_INTX_LINKS; l++)
        link_device(&a, l);
    aml_close(&a);

    if (a.full || a.depth != 0)
        return 0;
    uint32_t len = (uint32_t)(ACPI_HEADER_LEN + a.len);
    acpi_finish(t, len);
    return len;
}
