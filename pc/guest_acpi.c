/*
 * guest_acpi.c: power-off through ACPI sleep state S5, the last resort when the
 * host did not end the guest at its exit port.
 *
 * The RSDP is found by its "RSD PTR " signature on a 16-byte boundary in
 * the first KiB of the EBDA or in 0xe0000..0xfffff; its RSDT lists the
 * FADT ("FACP"), which gives the PM1a/PM1b control ports and the DSDT. The
 * DSDT's \_S5 package (Name(_S5_, Package(){a, b, ...})) gives SLP_TYPa/b.
 * Writing SLP_TYP << 10 | SLP_EN to the control ports enters S5. Every
 * table's checksum and length is checked before use. The caller must have
 * the low 4 GiB mapped (pc_paging_use_boot_tables()).
 */
#include "guest_pc.h"

#define RSDP_SIG "RSD PTR "
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000
#define EBDA_SEGMENT_PTR 0x40e
#define SDT_HEADER_SIZE 36
#define TABLE_MAX (1U << 20) /* refuse tables claiming more than 1 MiB */
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_DSDT 40
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_MIN_LENGTH 72
#define PM1_SCI_EN 0x0001
#define PM1_SLP_EN 0x2000
#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_BYTE_PREFIX 0x0a
#define AML_ONE_OP 0x01
#define AML_ONES_OP 0xff

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static bool sum_ok(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;

    while (n--)
        sum = (uint8_t)(sum + *p++);
    return sum == 0;
}

static const uint8_t *find_rsdp_in(uintptr_t start, uintptr_t end)
{
    for (uintptr_t a = start; a + 20 <= end; a += 16) {
        const uint8_t *p = (const uint8_t *)a;

        if (memcmp(p, RSDP_SIG, 8) == 0 && sum_ok(p, 20))
            return p;
    }
    return NULL;
}

/* A table at (addr) with a valid header, length and checksum, or NULL. */
static const uint8_t *table(uint32_t addr, const char *sig)
{
    if (addr < RT_PAGE_SIZE)
        return NULL;
    const uint8_t *t = (const uint8_t *)(uintptr_t)addr;
    uint32_t len = get32(t + 4);
    if (memcmp(t, sig, 4) != 0 || len < SDT_HEADER_SIZE || len > TABLE_MAX ||
        (uint64_t)addr + len > 0x100000000ULL || !sum_ok(t, len))
        return NULL;
    return t;
}

/* The EBDA's address from the BIOS data area (a word in page 0). */
static uintptr_t ebda_base(void)
{
    uintptr_t at = EBDA_SEGMENT_PTR;

    __asm__("" : "+r"(at)); /* an address the compiler must not judge */
    return (uintptr_t) * (const volatile uint16_t *)at << 4;
}

static const uint8_t *find_fadt(void)
{
    uintptr_t ebda = ebda_base();
    const uint8_t *rsdp = NULL;

    if (ebda >= 0x80000 && ebda < BIOS_AREA_START)
        rsdp = find_rsdp_in(ebda, ebda + 1024);
    if (rsdp == NULL)
        rsdp = find_rsdp_in(BIOS_AREA_START, BIOS_AREA_END);
    if (rsdp == NULL)
        return NULL;
    const uint8_t *rsdt = table(get32(rsdp + 16), "RSDT");
    if (rsdt == NULL)
        return NULL;
    uint32_t n = (get32(rsdt + 4) - SDT_HEADER_SIZE) / 4;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *t = table(get32(rsdt + SDT_HEADER_SIZE + 4 * i), "FACP");
        if (t != NULL && get32(t + 4) >= FADT_MIN_LENGTH)
            return t;
    }
    return NULL;
}

/* One integer element of an AML package at p (below end); -1 if none. */
static int aml_small_int(const uint8_t *p, const uint8_t *end)
{
    if (p >= end)
        return -1;
    if (*p == AML_BYTE_PREFIX)
        return p + 1 < end ? p[1] : -1;
    if (*p == 0 || *p == AML_ONE_OP)
        return *p;
    if (*p == AML_ONES_OP)
        return 0xff;
    return -1;
}

/* SLP_TYPa and SLP_TYPb of \_S5 in the DSDT; false if not found. */
static bool s5_types(const uint8_t *dsdt, unsigned *a, unsigned *b)
{
    const uint8_t *end = dsdt + get32(dsdt + 4);

    for (const uint8_t *p = dsdt + SDT_HEADER_SIZE + 1; p + 4 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0)
            continue;
        if (p[-1] != AML_NAME_OP && !(p[-1] == '\\' && p[-2] == AML_NAME_OP))
            continue;
        const uint8_t *q = p + 4;
        if (q >= end || *q++ != AML_PACKAGE_OP || q >= end)
            continue;
        q += 1 + (*q >> 6); /* PkgLength: lead byte + 0..3 more */
        q++;                /* NumElements */
        int ta = aml_small_int(q, end);
        if (ta < 0)
            continue;
        q += *q == AML_BYTE_PREFIX ? 2 : 1;
        int tb = aml_small_int(q, end);
        *a = (unsigned)ta & 7;
        *b = tb < 0 ? *a : (unsigned)tb & 7;
        return true;
    }
    return false;
}

void pc_acpi_poweroff(void)
{
    const uint8_t *fadt = find_fadt();
    unsigned typ_a, typ_b;

    if (fadt == NULL)
        return;
    const uint8_t *dsdt = table(get32(fadt + FADT_DSDT), "DSDT");
    uint32_t pm1a = get32(fadt + FADT_PM1A_CNT),
             pm1b = get32(fadt + FADT_PM1B_CNT);
    if (dsdt == NULL || pm1a == 0 || pm1a > 0xffff || pm1b > 0xffff ||
        !s5_types(dsdt, &typ_a, &typ_b))
        return;

    /* Switch to ACPI mode first if the firmware left it off. */
    uint32_t smi_cmd = get32(fadt + FADT_SMI_CMD);
    uint8_t enable = fadt[FADT_ACPI_ENABLE];
    if (!(inw((uint16_t)pm1a) & PM1_SCI_EN) && smi_cmd && smi_cmd <= 0xffff &&
        enable) {
        outb((uint16_t)smi_cmd, enable);
        for (unsigned i = 0; i < 100000; i++)
            if (inw((uint16_t)pm1a) & PM1_SCI_EN)
                break;
    }
    outw((uint16_t)pm1a, (uint16_t)(typ_a << 10 | PM1_SLP_EN));
    if (pm1b)
        outw((uint16_t)pm1b, (uint16_t)(typ_b << 10 | PM1_SLP_EN));
}
