/*
 * host_acpi.c: the ACPI tables of the emulated PC, in the BIOS area below
 * 1 MiB (addresses in host_acpi.h), found by the usual scan of
 * 0xe0000-0xfffff or through PVH's rsdp_paddr:
 *   - an ACPI 2.0 RSDP pointing to both an RSDT and an XSDT, each listing
 *     the FADT and the MADT (host_acpi_madt.c);
 *   - a revision 3 FADT (the ACPI 2.0 layout, whose IAPC_BOOT_ARCH Linux
 *     reads): SCI on IRQ 9, PM1a event and control blocks at 0x600/0x604
 *     (host_acpi_pm.c) in both the 32-bit and the X_ fields, no SMI
 *     command port (always in ACPI mode), no PM timer, no GPE blocks, no
 *     fixed power or sleep button, and IAPC_BOOT_ARCH saying legacy ISA
 *     devices (COM1, the RTC, the PIT) but no 8042 and no VGA;
 *   - a FACS (64-byte aligned) the FADT points to;
 *   - the DSDT of host_dsdt.c: \_S5 and the PCI root bridge.
 */
#include <stdio.h>
#include <string.h>

#include "host_acpi.h"

#define RSDP_REV 2
#define RSDT_LEN (ACPI_HEADER_LEN + 2 * 4)
#define XSDT_LEN (ACPI_HEADER_LEN + 2 * 8)
#define FACS_VERSION 1 /* ACPI 2.0 */
#define CMOS_CENTURY 0x32

/* FADT offsets (ACPI 6.x table 5.9). */
#define FADT_FIRMWARE_CTRL 36
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_PM1A_EVT_BLK 56
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_P_LVL2_LAT 96
#define FADT_P_LVL3_LAT 98
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_X_DSDT 140
#define FADT_X_PM1A_EVT_BLK 148
#define FADT_X_PM1A_CNT_BLK 172

#define LVL_UNSUPPORTED 0x0fff /* C2 and C3 latencies past their limits */
#define BOOT_ARCH_LEGACY_DEVICES 0x0001
#define BOOT_ARCH_8042 0x0002 /* never set: there is no i8042 */
#define BOOT_ARCH_NO_VGA 0x0004
#define FLAG_WBINVD 0x0001
#define FLAG_PROC_C1 0x0004
#define FLAG_PWR_BUTTON 0x0010 /* no fixed-feature power button */
#define FLAG_SLP_BUTTON 0x0020 /* no fixed-feature sleep button */
#define GAS_SYSTEM_IO 1

void acpi_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void acpi_put32(uint8_t *p, uint32_t v)
{
    acpi_put16(p, (uint16_t)v);
    acpi_put16(p + 2, (uint16_t)(v >> 16));
}

void acpi_put64(uint8_t *p, uint64_t v)
{
    acpi_put32(p, (uint32_t)v);
    acpi_put32(p + 4, (uint32_t)(v >> 32));
}

uint8_t acpi_checksum(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return (uint8_t)(0 - sum);
}

void acpi_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memset(t, 0, ACPI_HEADER_LEN);
    memcpy(t, sig, 4);
    acpi_put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, "VMM   ", 6);   /* OEM ID */
    memcpy(t + 16, "VMMPC   ", 8); /* OEM table ID */
    acpi_put32(t + 24, 1);         /* OEM revision */
    memcpy(t + 28, "VMM ", 4);     /* creator ID */
    acpi_put32(t + 32, 1);         /* creator revision */
}

void acpi_finish(uint8_t *t, uint32_t len)
{
    acpi_put32(t + 4, len);
    t[9] = 0;
    t[9] = acpi_checksum(t, len);
}

static void rsdp(uint8_t *p)
{
    memset(p, 0, ACPI_RSDP_LEN);
    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, "VMM   ", 6);
    p[15] = RSDP_REV;
    acpi_put32(p + 16, ACPI_RSDT_GPA);
    acpi_put32(p + 20, ACPI_RSDP_LEN);
    acpi_put64(p + 24, ACPI_XSDT_GPA);
    p[8] = acpi_checksum(p, 20);             /* the ACPI 1.0 part */
    p[32] = acpi_checksum(p, ACPI_RSDP_LEN); /* all of it */
}

static void rsdt_xsdt(uint8_t *rsdt, uint8_t *xsdt)
{
    static const uint32_t tables[] = {ACPI_FADT_GPA, ACPI_MADT_GPA};
    acpi_header(rsdt, "RSDT", RSDT_LEN, 1);
    acpi_header(xsdt, "XSDT", XSDT_LEN, 1);
    for (unsigned i = 0; i < 2; i++) {
        acpi_put32(rsdt + ACPI_HEADER_LEN + 4 * i, tables[i]);
        acpi_put64(xsdt + ACPI_HEADER_LEN + 8 * i, tables[i]);
    }
    acpi_finish(rsdt, RSDT_LEN);
    acpi_finish(xsdt, XSDT_LEN);
}

/* No checksum: the OS writes into it (waking vector, global lock). */
static void facs(uint8_t *f)
{
    memset(f, 0, ACPI_FACS_LEN);
    memcpy(f, "FACS", 4);
    acpi_put32(f + 4, ACPI_FACS_LEN);
    f[32] = FACS_VERSION;
}

/* A Generic Address Structure for len bytes of I/O ports at port. */
static void gas_io(uint8_t *g, uint16_t port, unsigned len)
{
    memset(g, 0, 12);
    g[0] = GAS_SYSTEM_IO;
    g[1] = (uint8_t)(8 * len); /* bit width; offset and access size 0 */
    acpi_put64(g + 4, port);
}

static void fadt(uint8_t *t)
{
    acpi_header(t, "FACP", ACPI_FADT_LEN, ACPI_FADT_REV);
    memset(t + ACPI_HEADER_LEN, 0, ACPI_FADT_LEN - ACPI_HEADER_LEN);
    acpi_put32(t + FADT_FIRMWARE_CTRL, ACPI_FACS_GPA);
    acpi_put32(t + FADT_DSDT, ACPI_DSDT_GPA);
    /* offset 44, ACPI 1.0's INT_MODEL: 0, as ACPI 2.0+ asks */
    acpi_put16(t + FADT_SCI_INT, ACPI_SCI_IRQ);
    /* SMI_CMD, ACPI_ENABLE, ACPI_DISABLE: 0, no SMI: ACPI mode always */
    acpi_put32(t + FADT_PM1A_EVT_BLK, ACPI_PM_BASE);
    acpi_put32(t + FADT_PM1A_CNT_BLK, ACPI_PM_BASE + ACPI_PM1_CNT_OFF);
    t[FADT_PM1_EVT_LEN] = ACPI_PM1_EVT_LEN;
    t[FADT_PM1_CNT_LEN] = ACPI_PM1_CNT_LEN;
    acpi_put16(t + FADT_P_LVL2_LAT, LVL_UNSUPPORTED);
    acpi_put16(t + FADT_P_LVL3_LAT, LVL_UNSUPPORTED);
    t[FADT_CENTURY] = CMOS_CENTURY;
    acpi_put16(t + FADT_IAPC_BOOT_ARCH,
               BOOT_ARCH_LEGACY_DEVICES | BOOT_ARCH_NO_VGA);
    acpi_put32(t + FADT_FLAGS,
               FLAG_WBINVD | FLAG_PROC_C1 | FLAG_PWR_BUTTON | FLAG_SLP_BUTTON);
    /* X_FIRMWARE_CTRL stays 0: with both set, Linux installs the FACS
     * twice; the 32-bit field reaches it. */
    acpi_put64(t + FADT_X_DSDT, ACPI_DSDT_GPA);
    gas_io(t + FADT_X_PM1A_EVT_BLK, ACPI_PM_BASE, ACPI_PM1_EVT_LEN);
    gas_io(t + FADT_X_PM1A_CNT_BLK, ACPI_PM_BASE + ACPI_PM1_CNT_OFF,
           ACPI_PM1_CNT_LEN);
    acpi_finish(t, ACPI_FADT_LEN);
}

int pc_acpi_write(struct guest_mem *m, char *err, size_t errlen)
{
    uint8_t *p = gmem_ptr(m, ACPI_RSDP_GPA, ACPI_RSDP_LEN);
    uint8_t *rsdt = gmem_ptr(m, ACPI_RSDT_GPA, RSDT_LEN);
    uint8_t *xsdt = gmem_ptr(m, ACPI_XSDT_GPA, XSDT_LEN);
    uint8_t *fa = gmem_ptr(m, ACPI_FACS_GPA, ACPI_FACS_LEN);
    uint8_t *fp = gmem_ptr(m, ACPI_FADT_GPA, ACPI_FADT_LEN);
    uint8_t *madt = gmem_ptr(m, ACPI_MADT_GPA, ACPI_MADT_MAX);
    uint8_t *dsdt = gmem_ptr(m, ACPI_DSDT_GPA, ACPI_DSDT_MAX);
    if (!p || !rsdt || !xsdt || !fa || !fp || !madt || !dsdt) {
        snprintf(err, errlen, "guest memory too small for the ACPI tables");
        return -1;
    }
    rsdp(p);
    rsdt_xsdt(rsdt, xsdt);
    facs(fa);
    fadt(fp);
    acpi_madt(madt);
    if (acpi_dsdt(dsdt, ACPI_DSDT_MAX) == 0) {
        snprintf(err, errlen, "the DSDT does not fit in its %d bytes",
                 ACPI_DSDT_MAX);
        return -1;
    }
    return 0;
}
