/*
 * host_acpi.h: the ACPI tables vmm writes below 1 MiB, shared by the files
 * that write them (host_acpi.c: RSDP, RSDT, XSDT, FACS, FADT;
 * host_acpi_madt.c; host_dsdt.c with the AML builder of host_aml.h) and
 * the PM1 registers (host_acpi_pm.c).
 *
 * Layout in the PC's BIOS area (reserved in every memory map vmm hands
 * out; the RSDP stays at its start, where PVH's rsdp_paddr points):
 *   0xe0000 RSDP (ACPI 2.0, 36 bytes)   0xe0040 RSDT   0xe0080 XSDT
 *   0xe00c0 FACS (64-byte aligned)      0xe0100 FADT (revision 3)
 *   0xe0200 MADT                        0xe0400 DSDT (up to 0xe2000)
 */
#ifndef VMM_PC_HOST_ACPI_H
#define VMM_PC_HOST_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "host_pc.h"

#define ACPI_RSDP_GPA PC_BIOS
#define ACPI_RSDT_GPA (PC_BIOS + 0x40)
#define ACPI_XSDT_GPA (PC_BIOS + 0x80)
#define ACPI_FACS_GPA (PC_BIOS + 0xc0)
#define ACPI_FADT_GPA (PC_BIOS + 0x100)
#define ACPI_MADT_GPA (PC_BIOS + 0x200)
#define ACPI_DSDT_GPA (PC_BIOS + 0x400)
#define ACPI_DSDT_MAX 0x1c00 /* to 0xe2000 */

#define ACPI_HEADER_LEN 36
#define ACPI_RSDP_LEN 36
#define ACPI_FACS_LEN 64
#define ACPI_FADT_LEN 244 /* revision 3 (ACPI 2.0): IAPC_BOOT_ARCH, X_ */
#define ACPI_FADT_REV 3   /* Linux reads IAPC_BOOT_ARCH from revision 3 */

/* The PM1 register blocks (host_acpi_pm.c) and the SCI. */
#define ACPI_PM_BASE 0x600
#define ACPI_PM1_EVT_LEN 4 /* status, enable: 16 bits each */
#define ACPI_PM1_CNT_OFF 4
#define ACPI_PM1_CNT_LEN 2
#define ACPI_SCI_IRQ 9
#define ACPI_S5_TYPE 0 /* SLP_TYP of \_S5, as QEMU's i440FX */

/* The interrupt controllers KVM_CREATE_IRQCHIP makes (host_kvm.c). */
#define ACPI_LAPIC_GPA 0xfee00000u
#define ACPI_IOAPIC_GPA 0xfec00000u
#define ACPI_IOAPIC_ID 0 /* KVM's IOAPIC resets its ID register to 0 */

void acpi_put16(uint8_t *p, uint16_t v);
void acpi_put32(uint8_t *p, uint32_t v);
void acpi_put64(uint8_t *p, uint64_t v);
/* The byte that makes p[0..n) sum to 0. */
uint8_t acpi_checksum(const uint8_t *p, size_t n);
/* The 36-byte header every table but the RSDP and FACS starts with; the
 * checksum is left 0 for acpi_finish. */
void acpi_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev);
/* Set the length and checksum of the table at t. */
void acpi_finish(uint8_t *t, uint32_t len);

/* The MADT at t (room for ACPI_MADT_MAX bytes); its length. */
#define ACPI_MADT_MAX 128
uint32_t acpi_madt(uint8_t *t);
/* The DSDT at t (room for cap bytes); its length, 0 if it did not fit. */
uint32_t acpi_dsdt(uint8_t *t, size_t cap);

#endif
