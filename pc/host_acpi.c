/*
 * host_acpi.c: just enough ACPI for a guest to power the PC off: an RSDP in
 * the BIOS area (0xe0000, found by the usual scan of 0xe0000-0xfffff),
 * an RSDT with one entry, an ACPI 1.0 FADT with PM1a event and control
 * blocks at 0x600/0x604 and no SMI command port (always in ACPI mode), and
 * a DSDT holding only Name(\_S5, Package(){0, 0, 0, 0}), the S5 sleep type
 * QEMU's i440FX machine uses too.
 *
 * Writing SLP_EN with SLP_TYP 0 to PM1a_CNT powers off: vmm exits with
 * status 0, as QEMU does. Another sleep type is an error (status 252).
 */
#include <stdio.h>
#include <string.h>

#include "vmm/exit_status.h"
#include "host_pc.h"

#define PM_BASE 0x600
#define PM1A_CNT_OFF 4
#define SCI_IRQ 9
#define CMOS_CENTURY 0x32
#define S5_TYPE 0
#define CNT_SCI_EN 0x0001
#define CNT_SLP_EN 0x2000
#define CNT_SLP_TYP(v) (((v) >> 10) & 7)

#define RSDP_GPA PC_BIOS
#define RSDT_GPA (PC_BIOS + 0x40)
#define FADT_GPA (PC_BIOS + 0x80)
#define DSDT_GPA (PC_BIOS + 0x100)
#define FADT_LEN 116 /* ACPI 1.0 */

/* Name(_S5_, Package(4){Zero, Zero, Zero, Zero}) in AML. */
static const uint8_t s5_aml[] = {0x08, '_',  'S',  '5',  '_',  0x12,
                                 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void put16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return (uint8_t)(0 - sum);
}

/* The 36-byte header every table but the RSDP starts with. */
static void table_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, "VMM   ", 6);   /* OEM ID */
    memcpy(t + 16, "VMMPC   ", 8); /* OEM table ID */
    put32(t + 24, 1);              /* OEM revision */
    memcpy(t + 28, "VMM ", 4);     /* creator ID */
    put32(t + 32, 1);              /* creator revision */
}

static void fadt(uint8_t *t)
{
    table_header(t, "FACP", FADT_LEN, 1);
    put32(t + 40, DSDT_GPA);
    put16(t + 46, SCI_IRQ);
    put32(t + 48, 0);                      /* SMI_CMD: none */
    put32(t + 56, PM_BASE);                /* PM1a_EVT_BLK */
    put32(t + 64, PM_BASE + PM1A_CNT_OFF); /* PM1a_CNT_BLK */
    t[88] = 4;                             /* PM1_EVT_LEN */
    t[89] = 2;                             /* PM1_CNT_LEN */
    t[108] = CMOS_CENTURY;
    put32(t + 112, 1); /* WBINVD works */
    t[9] = checksum(t, FADT_LEN);
}

int pc_acpi_write(struct guest_mem *m, char *err, size_t errlen)
{
    uint8_t *rsdp = gmem_ptr(m, RSDP_GPA, 20);
    uint8_t *rsdt = gmem_ptr(m, RSDT_GPA, 40);
    uint8_t *fa = gmem_ptr(m, FADT_GPA, FADT_LEN);
    uint8_t *dsdt = gmem_ptr(m, DSDT_GPA, 36 + sizeof(s5_aml));
    if (!rsdp || !rsdt || !fa || !dsdt) {
        snprintf(err, errlen, "guest memory too small for the ACPI tables");
        return -1;
    }
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, "VMM   ", 6);
    rsdp[15] = 0; /* revision 0: ACPI 1.0, 20 bytes */
    put32(rsdp + 16, RSDT_GPA);
    rsdp[8] = checksum(rsdp, 20);

    table_header(rsdt, "RSDT", 40, 1);
    put32(rsdt + 36, FADT_GPA);
    rsdt[9] = checksum(rsdt, 40);

    fadt(fa);

    table_header(dsdt, "DSDT", 36 + sizeof(s5_aml), 1);
    memcpy(dsdt + 36, s5_aml, sizeof(s5_aml));
    dsdt[9] = checksum(dsdt, 36 + sizeof(s5_aml));
    return 0;
}

static enum exit_result pm_io(struct pc *pc, void *opaque, uint16_t off,
                              unsigned size, bool write, uint32_t *val)
{
    (void)opaque;
    if (off != PM1A_CNT_OFF || size != 2) {
        if (!write)
            *val = 0; /* PM1a status and enable: nothing pending */
        return EXIT_HANDLED;
    }
    if (!write) {
        *val = CNT_SCI_EN; /* no SMI_CMD: ACPI mode from the start */
        return EXIT_HANDLED;
    }
    if (!(*val & CNT_SLP_EN))
        return EXIT_HANDLED;
    if (CNT_SLP_TYP(*val) != S5_TYPE)
        return vmm_fail(pc->v, VMM_EXIT_UNEXPECTED,
                        "guest asked for ACPI sleep type %u; vmm offers only "
                        "S5 (power off, type %d)",
                        CNT_SLP_TYP(*val), S5_TYPE);
    pc->v->status = 0;
    return EXIT_STOP;
}

static int pm_init(struct pc *pc, char *err, size_t errlen)
{
    return pc_io_add(pc, PM_BASE, 6, "acpi-pm", pm_io, NULL, err, errlen);
}

static const struct pc_device_def pm_dev = {"acpi-pm", pm_init};
PC_DEVICE(pm_dev);
