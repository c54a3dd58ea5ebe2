/*
 * test_acpi.c: the ACPI tables pc_acpi_write() puts in guest memory, read
 * the way an OS reads them (RSDP by its scan, then RSDT and XSDT), every
 * checksum, length and signature, and the fields Linux reads: the
 * FADT's revision, FACS, DSDT, SCI, PM1 blocks (32-bit and X_ fields),
 * IAPC_BOOT_ARCH; the MADT's entries byte for byte; the DSDT's _PRT and
 * link devices against the PCI INTx wiring the device models use; the PM1
 * registers at 0x600 through pc_on_io(): enable bits kept, SCI_EN set,
 * S5 through a word or a byte write.
 */
#include <stdlib.h>

#include "fake_pc.h"
#include "pc/host_acpi.h"
#include "pc/host_pci_intx.h"
#include "unit.h"
#include "vmm/exit_status.h"

#define MEM (2u << 20)

/* Little-endian fields, as the tables and this host have them. */
static uint32_t get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

static uint8_t *tables(struct guest_mem *m)
{
    char err[256];
    m->base = calloc(1, MEM);
    m->size = MEM;
    cr_assert(m->base);
    cr_assert_eq(pc_acpi_write(m, err, sizeof(err)), 0, "%s", err);
    for (uint32_t a = 0xe0000; a < 0x100000; a += 16)
        if (memcmp(m->base + a, "RSD PTR ", 8) == 0)
            return m->base + a;
    cr_assert_fail("no RSDP in 0xe0000-0xfffff");
    return NULL;
}

/* A table at gpa with signature sig, a sane length and checksum. */
static const uint8_t *table(const struct guest_mem *m, uint64_t gpa,
                            const char *sig)
{
    cr_assert(gpa >= 0xe0000 && gpa < 0x100000, "%s at 0x%lx", sig,
              (unsigned long)gpa);
    const uint8_t *t = m->base + gpa;
    cr_assert(memcmp(t, sig, 4) == 0, "no %s at 0x%lx", sig,
              (unsigned long)gpa);
    uint32_t len = get32(t + 4);
    cr_assert(len >= 36 && gpa + len <= 0x100000, "%s length %u", sig, len);
    cr_assert_eq(sum(t, len), 0, "%s checksum", sig);
    return t;
}

Test(acpi, rsdp_rsdt_xsdt)
{
    struct guest_mem m;
    const uint8_t *rsdp = tables(&m);
    cr_assert_eq(rsdp - m.base, 0xe0000, "where PVH's rsdp_paddr points");
    cr_assert_eq(sum(rsdp, 20), 0, "ACPI 1.0 checksum");
    cr_assert_eq(rsdp[15], 2, "revision 2: ACPI 2.0+");
    cr_assert_eq(get32(rsdp + 20), 36);
    cr_assert_eq(sum(rsdp, 36), 0, "extended checksum");
    const uint8_t *rsdt = table(&m, get32(rsdp + 16), "RSDT");
    const uint8_t *xsdt = table(&m, get64(rsdp + 24), "XSDT");
    cr_assert_eq(get32(rsdt + 4), 36 + 2 * 4);
    cr_assert_eq(get32(xsdt + 4), 36 + 2 * 8);
    const char *sigs[] = {"FACP", "APIC"};
    for (unsigned i = 0; i < 2; i++) {
        cr_assert_eq(get32(rsdt + 36 + 4 * i), get64(xsdt + 36 + 8 * i));
        table(&m, get32(rsdt + 36 + 4 * i), sigs[i]);
    }
    free(m.base);
}

Test(acpi, fadt_facs_dsdt)
{
    struct guest_mem m;
    const uint8_t *rsdp = tables(&m);
    const uint8_t *rsdt = m.base + get32(rsdp + 16);
    const uint8_t *f = table(&m, get32(rsdt + 36), "FACP");
    cr_assert_eq(get32(f + 4), 244, "the ACPI 2.0 layout");
    cr_assert_eq(f[8], 3, "revision 3: Linux reads IAPC_BOOT_ARCH from it");
    uint32_t facs = get32(f + 36);
    cr_assert_eq(facs % 64, 0, "FACS 64-byte aligned");
    cr_assert_eq(get64(f + 132), 0, "X_FIRMWARE_CTRL: the 32-bit one only");
    cr_assert(memcmp(m.base + facs, "FACS", 4) == 0);
    cr_assert_eq(get32(m.base + facs + 4), 64);
    cr_assert_eq(m.base[facs + 32], 1, "FACS version");
    cr_assert_eq(get64(f + 140), get32(f + 40), "X_DSDT");
    const uint8_t *dsdt = table(&m, get32(f + 40), "DSDT");
    static const uint8_t s5[] = {0x08, '_',  'S',  '5',  '_',  0x12,
                                 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};
    cr_assert(memcmp(dsdt + 36, s5, sizeof(s5)) == 0, "\\_S5 first");
    cr_assert_eq(get16(f + 46), 9, "SCI_INT");
    cr_assert_eq(get32(f + 48), 0, "no SMI_CMD: ACPI mode always");
    cr_assert_eq(get32(f + 56), 0x600, "PM1a_EVT_BLK");
    cr_assert_eq(get32(f + 64), 0x604, "PM1a_CNT_BLK");
    cr_assert_eq(get32(f + 60) | get32(f + 68), 0, "no PM1b");
    cr_assert_eq(get32(f + 76), 0, "no PM timer");
    cr_assert_eq(f[88], 4);
    cr_assert_eq(f[89], 2);
    /* X_PM1a_EVT_BLK, X_PM1a_CNT_BLK: system I/O, widths to match. */
    static const uint8_t evt[12] = {1, 32, 0, 0, 0x00, 0x06};
    static const uint8_t cnt[12] = {1, 16, 0, 0, 0x04, 0x06};
    cr_assert(memcmp(f + 148, evt, 12) == 0);
    cr_assert(memcmp(f + 172, cnt, 12) == 0);
    uint32_t boot = get16(f + 109);
    cr_assert_eq(boot & 2, 0, "IAPC_BOOT_ARCH: no 8042");
    cr_assert_eq(boot, 0x0005, "legacy devices, no VGA");
    cr_assert_eq(get32(f + 112), 0x35, "WBINVD, C1, no fixed buttons");
    cr_assert_eq(f[108], 0x32, "CMOS century");
    free(m.base);
}

Test(acpi, madt)
{
    struct guest_mem m;
    const uint8_t *rsdp = tables(&m);
    const uint8_t *t = table(&m, get64(m.base + get64(rsdp + 24) + 44), "APIC");
    cr_assert_eq(get32(t + 36), 0xfee00000, "local APIC address");
    cr_assert_eq(get32(t + 40), 1, "PCAT_COMPAT: the 8259s are there");
    /* LAPIC uid 0, id 0; IOAPIC 0 at 0xfec00000, GSI 0; IRQ 0 -> GSI 2;
     * the SCI, level and high; NMI on LINT1 of all processors. */
    static const uint8_t lapic[] = {0, 8, 0, 0, 1, 0, 0, 0};
    static const uint8_t ioapic[] = {1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0};
    static const uint8_t irq0[] = {2, 10, 0, 0, 2, 0, 0, 0, 0, 0};
    static const uint8_t sci[] = {2, 10, 0, 9, 9, 0, 0, 0, 0x0d, 0};
    static const uint8_t nmi[] = {4, 6, 0xff, 0, 0, 1};
    const uint8_t *e = t + 44;
    cr_assert(memcmp(e, lapic, sizeof(lapic)) == 0);
    cr_assert(memcmp(e += sizeof(lapic), ioapic, sizeof(ioapic)) == 0);
    cr_assert(memcmp(e += sizeof(ioapic), irq0, sizeof(irq0)) == 0);
    cr_assert(memcmp(e += sizeof(irq0), sci, sizeof(sci)) == 0);
    cr_assert(memcmp(e += sizeof(sci), nmi, sizeof(nmi)) == 0);
    cr_assert_eq(e + sizeof(nmi) - t, get32(t + 4), "nothing more");
    free(m.base);
}

Test(acpi, tables_stay_in_the_bios_area)
{
    struct guest_mem m;
    tables(&m);
    uint32_t dsdt_len = get32(m.base + ACPI_DSDT_GPA + 4);
    cr_assert_leq(ACPI_DSDT_GPA + dsdt_len, ACPI_DSDT_GPA + ACPI_DSDT_MAX);
    cr_assert_leq(get32(m.base + ACPI_MADT_GPA + 4), ACPI_MADT_MAX);
    cr_assert_leq(ACPI_MADT_GPA + ACPI_MADT_MAX, ACPI_DSDT_GPA);
    cr_assert_leq(ACPI_FADT_GPA + ACPI_FADT_LEN, ACPI_MADT_GPA);
    free(m.base);
    struct guest_mem small = {calloc(1, 0xe1000), 0xe1000};
    char err[128];
    cr_assert_eq(pc_acpi_write(&small, err, sizeof(err)), -1);
    assert_has(err, "guest memory too small for the ACPI tables");
    free(small.base);
}

Test(acpi_pm, enable_bits_kept_sci_en_set)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(io(&f, 0x600, 2, false, 0), 0, "PM1a_STS: nothing");
    cr_assert_eq(io(&f, 0x602, 2, false, 0), 0, "PM1a_EN at reset");
    io(&f, 0x602, 2, true, 0x0121); /* TMR_EN, GBL_EN, PWRBTN_EN */
    cr_assert_eq(f.res, EXIT_HANDLED);
    cr_assert_eq(io(&f, 0x602, 2, false, 0), 0x0121);
    cr_assert_eq(io(&f, 0x603, 1, false, 0), 0x01, "high byte alone");
    io(&f, 0x602, 1, true, 0x20); /* low byte alone */
    cr_assert_eq(io(&f, 0x602, 2, false, 0), 0x0120);
    io(&f, 0x600, 2, true, 0xffff); /* clearing status bits: none set */
    cr_assert_eq(io(&f, 0x600, 4, false, 0), 0x01200000, "STS and EN");
    cr_assert_eq(io(&f, 0x604, 2, false, 0), 0x0001, "SCI_EN");
    io(&f, 0x604, 2, true, 0x0002 | 0x0004); /* BM_RLD kept, GBL_RLS not */
    cr_assert_eq(f.res, EXIT_HANDLED);
    cr_assert_eq(io(&f, 0x604, 2, false, 0), 0x0003);
    io(&f, 0x604, 2, true, 0); /* SCI_EN cannot be cleared */
    cr_assert_eq(io(&f, 0x604, 1, false, 0), 0x01);
    fx_init(&f);
    cr_assert_eq(io(&f, 0x602, 2, false, 0), 0, "a new PC starts clear");
}

Test(acpi_pm, s5_by_word_or_byte)
{
    struct fx f;
    fx_init(&f);
    f.v.status = 99;
    io(&f, 0x604, 2, true, 0x2001); /* SLP_EN | SCI_EN, SLP_TYP 0 */
    cr_assert_eq(f.res, EXIT_STOP);
    cr_assert_eq(f.v.status, 0);
    fx_init(&f);
    f.v.status = 99;
    io(&f, 0x605, 1, true, 0x20); /* the high byte alone */
    cr_assert_eq(f.res, EXIT_STOP);
    cr_assert_eq(f.v.status, 0);
    fx_init(&f);
    io(&f, 0x604, 2, true, 5 << 10); /* SLP_TYP without SLP_EN: kept */
    cr_assert_eq(f.res, EXIT_HANDLED);
    cr_assert_eq(io(&f, 0x604, 2, false, 0), 5 << 10 | 1);
    struct capture c;
    capture_start(&c, 2);
    io(&f, 0x605, 1, true, 0x20 | 5 << 2); /* SLP_EN with type 5 */
    char *msg = capture_end(&c, NULL);
    cr_assert_eq(f.v.status, VMM_EXIT_UNEXPECTED);
    assert_has(msg, "ACPI sleep type 5; vmm offers only S5");
    free(msg);
}

/* The _PRT sends INTA# of every slot to the link whose IRQ the device
 * models raise there (host_pci_intx.h; virtio: 10, 11, 5 in turn from
 * slot 1), and each link's _CRS names that IRQ, edge-triggered. */
Test(acpi, prt_matches_the_wiring)
{
    struct guest_mem m;
    tables(&m);
    const uint8_t *d = m.base + ACPI_DSDT_GPA;
    uint32_t len = get32(d + 4);
    static const uint8_t in_turn[] = {10, 11, 5};
    for (unsigned slot = 1; slot < 32; slot++) {
        cr_assert_eq(pc_pci_slot_irq(slot), in_turn[(slot - 1) % 3]);
        /* Package (4) {0x00SSFFFF, Zero, \_SB.LNKx, Zero} */
        const uint8_t adr[] = {0x0c, 0xff, 0xff, (uint8_t)slot, 0, 0x00};
        const uint8_t *p = memmem(d, len, adr, sizeof(adr));
        cr_assert(p, "no _PRT entry for slot %u", slot);
        cr_assert(memcmp(p + 6, "\\\x2e_SB_LNK", 9) == 0);
        cr_assert_eq(p[15], 'A' + pc_pci_slot_link(slot));
    }
    for (unsigned l = 0; l < 3; l++) {
        const uint8_t dev[] = {'L', 'N', 'K', (uint8_t)('A' + l)};
        const uint8_t *p = d;
        do /* the name after DeviceOp and a 1- or 2-byte PkgLength */
            p = memmem(p + 1, len - (uint32_t)(p + 1 - d), dev, 4);
        while (p && !(p[-3] == 0x5b && p[-2] == 0x82) &&
               !(p[-4] == 0x5b && p[-3] == 0x82));
        cr_assert(p, "no Device LNK%c", 'A' + l);
        uint16_t mask = (uint16_t)(1u << pc_pci_link_irq(l));
        const uint8_t irq[] = {0x23, (uint8_t)mask, (uint8_t)(mask >> 8),
                               0x11}; /* edge, active high, shared */
        const uint8_t *crs = memmem(p, len - (uint32_t)(p - d), "_CRS", 4);
        cr_assert(crs && memmem(crs, 16, irq, 4), "LNK%c: IRQ %u", 'A' + l,
                  pc_pci_link_irq(l));
    }
    free(m.base);
}
