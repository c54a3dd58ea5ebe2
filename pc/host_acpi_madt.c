/*
 * host_acpi_madt.c: the MADT ("APIC"), the interrupt controllers
 * KVM_CREATE_IRQCHIP made (host_kvm.c), as ACPI 6.x section 5.2.12 lays
 * them out:
 *   - local APICs at 0xfee00000, PCAT_COMPAT: the 8259 pair is there too;
 *   - the boot CPU's local APIC: processor UID 0, APIC ID 0, enabled;
 *   - the IOAPIC: ID 0 (KVM's reset value), 0xfec00000, GSI base 0;
 *   - interrupt source overrides: ISA IRQ 0 (the PIT) on GSI 2, as on a
 *     PC and as host_kvm.c routes KVM's PIT; the SCI, IRQ 9, level
 *     triggered and active high, as QEMU describes it;
 *   - LINT1 of every local APIC is the NMI line (host_kvm.c sets it so).
 */
#include <string.h>

#include "host_acpi.h"

#define MADT_REV 1 /* every entry here exists since ACPI 1.0 */
#define MADT_PCAT_COMPAT 1
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_ISO 2
#define MADT_LAPIC_NMI 4
#define LAPIC_ENABLED 1
#define ALL_PROCESSORS 0xff
#define INTI_CONFORMS 0x0000
#define INTI_LEVEL_HIGH 0x000d /* active high (01), level triggered (11) */
#define PIT_IRQ 0
#define PIT_GSI 2
#define NMI_LINT 1

static uint8_t *lapic(uint8_t *p, uint8_t uid, uint8_t id)
{
    p[0] = MADT_LAPIC;
    p[1] = 8;
    p[2] = uid;
    p[3] = id;
    acpi_put32(p + 4, LAPIC_ENABLED);
    return p + 8;
}

static uint8_t *ioapic(uint8_t *p, uint8_t id, uint32_t addr, uint32_t gsi)
{
    p[0] = MADT_IOAPIC;
    p[1] = 12;
    p[2] = id;
    p[3] = 0;
    acpi_put32(p + 4, addr);
    acpi_put32(p + 8, gsi);
    return p + 12;
}

/* An ISA IRQ (bus 0) that reaches GSI gsi, with MPS INTI flags. */
static uint8_t * override(uint8_t *p, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    p[0] = MADT_ISO;
    p[1] = 10;
    p[2] = 0;
    p[3] = irq;
    acpi_put32(p + 4, gsi);
    acpi_put16(p + 8, flags);
    return p + 10;
}

static uint8_t *lapic_nmi(uint8_t *p, uint8_t uid, uint8_t lint)
{
    p[0] = MADT_LAPIC_NMI;
    p[1] = 6;
    p[2] = uid;
    acpi_put16(p + 3, INTI_CONFORMS);
    p[5] = lint;
    return p + 6;
}

uint32_t acpi_madt(uint8_t *t)
{
    memset(t, 0, ACPI_MADT_MAX);
    acpi_header(t, "APIC", 0, MADT_REV);
    acpi_put32(t + 36, ACPI_LAPIC_GPA);
    acpi_put32(t + 40, MADT_PCAT_COMPAT);
    uint8_t *p = t + 44;
    p = lapic(p, 0, 0);
    p = ioapic(p, ACPI_IOAPIC_ID, ACPI_IOAPIC_GPA, 0);
    p = override(p, PIT_IRQ, PIT_GSI, INTI_CONFORMS);
    p = override(p, ACPI_SCI_IRQ, ACPI_SCI_IRQ, INTI_LEVEL_HIGH);
    p = lapic_nmi(p, ALL_PROCESSORS, NMI_LINT);
    uint32_t len = (uint32_t)(p - t);
    acpi_finish(t, len);
    return len;
}
