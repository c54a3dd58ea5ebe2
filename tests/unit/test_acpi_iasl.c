/*
 * test_acpi_iasl.c: the ACPI tables pc_acpi_write() puts in guest memory,
 * written to files and disassembled by ACPICA's `iasl -d` (Debian's
 * acpica-tools, from tools/install-deps): the disassembly must name what
 * the tables mean to say (\_SB.PCI0 with PNP0A03, its _CRS and _PRT, the
 * link devices, \_S5; the MADT's local APIC, IOAPIC and overrides; the
 * FADT's fields), and iasl must find nothing wrong (no checksum or
 * length complaint), and the DSDT's disassembly must compile again with
 * no error, warning or remark. iasl reads no bare RSDP (test_acpi.c
 * checks it). ACPI_DUMP_DIR=DIR keeps the files there; a failing test
 * leaves its /tmp/vmm-acpi-* directory behind to look at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pc/host_acpi.h"
#include "unit.h"

#define MEM (2u << 20)

struct dump {
    char dir[256];
    char *out; /* what iasl said */
};

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put_file(const struct dump *d, const char *name, const uint8_t *p,
                     size_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.dat", d->dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert(f, "%s", path);
    cr_assert_eq(fwrite(p, 1, n, f), n);
    fclose(f);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "no %s", path);
    char *s = calloc(1, 1 << 20);
    size_t n = fread(s, 1, (1 << 20) - 1, f);
    s[n] = 0;
    fclose(f);
    return s;
}

/* Write every table to d->dir and disassemble them all. */
static void dump_tables(struct dump *d)
{
    struct guest_mem m = {calloc(1, MEM), MEM};
    char err[256];
    cr_assert(m.base);
    cr_assert_eq(pc_acpi_write(&m, err, sizeof(err)), 0, "%s", err);
    const char *keep = getenv("ACPI_DUMP_DIR");
    if (keep)
        snprintf(d->dir, sizeof(d->dir), "%s", keep);
    else {
        snprintf(d->dir, sizeof(d->dir), "/tmp/vmm-acpi-XXXXXX");
        cr_assert(mkdtemp(d->dir));
    }
    const uint8_t *rsdp = m.base + ACPI_RSDP_GPA;
    const uint8_t *xsdt = m.base + get32(rsdp + 24);
    put_file(d, "xsdt", xsdt, get32(xsdt + 4));
    const uint8_t *rsdt = m.base + get32(rsdp + 16);
    put_file(d, "rsdt", rsdt, get32(rsdt + 4));
    for (uint32_t i = 36; i < get32(xsdt + 4); i += 8) {
        const uint8_t *t = m.base + get32(xsdt + i);
        char name[5] = {0};
        memcpy(name, t, 4);
        put_file(d, name, t, get32(t + 4));
        if (memcmp(name, "FACP", 4) == 0) {
            const uint8_t *facs = m.base + get32(t + 36);
            const uint8_t *dsdt = m.base + get32(t + 40);
            put_file(d, "FACS", facs, get32(facs + 4));
            put_file(d, "DSDT", dsdt, get32(dsdt + 4));
        }
    }
    free(m.base);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "cd %s && for f in *.dat; do iasl -d \"$f\" || exit 1; done "
             "> iasl.out 2>&1",
             d->dir);
    int rc = system(cmd);
    char path[512];
    snprintf(path, sizeof(path), "%s/iasl.out", d->dir);
    d->out = slurp(path);
    cr_assert_eq(rc, 0,
                 "iasl -d failed (is acpica-tools installed? "
                 "tools/install-deps): %s",
                 d->out);
}

static char *dsl(const struct dump *d, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.dsl", d->dir, name);
    return slurp(path);
}

static void cleanup(struct dump *d)
{
    char cmd[512];
    if (!getenv("ACPI_DUMP_DIR")) {
        snprintf(cmd, sizeof(cmd), "rm -rf %s", d->dir);
        cr_assert_eq(system(cmd), 0);
    }
    free(d->out);
}

/* After the first anchor in s, what comes within the next n bytes. */
static void assert_after(const char *s, const char *anchor, const char *what,
                         size_t n)
{
    const char *p = strstr(s, anchor);
    cr_assert(p, "no \"%s\" in:\n%s", anchor, s);
    const char *w = strstr(p, what);
    cr_assert(w && (size_t)(w - p) < n, "no \"%s\" right after \"%s\": %.300s",
              what, anchor, p);
}

/* iasl's "[offset] Field name : value" line for name holds value. */
static void assert_field(const char *s, const char *name, const char *value)
{
    const char *p = strstr(s, name);
    cr_assert(p, "no field \"%s\" in:\n%s", name, s);
    const char *eol = strchr(p, '\n');
    const char *v = strstr(p, value);
    cr_assert(v && (!eol || v < eol), "field \"%s\" is not \"%s\": %.80s", name,
              value, p);
}

Test(acpi_iasl, iasl_finds_nothing_wrong)
{
    struct dump d;
    dump_tables(&d);
    const char *bad[] = {"Error", "Warning", "Incorrect", "Invalid"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert(!strstr(d.out, bad[i]), "iasl said %s:\n%s", bad[i], d.out);
    const char *names[] = {"rsdt", "xsdt", "FACP", "FACS", "APIC", "DSDT"};
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *s = dsl(&d, names[i]);
        for (unsigned j = 0; j < sizeof(bad) / sizeof(bad[0]); j++)
            cr_assert(!strstr(s, bad[j]), "%s.dsl says %s:\n%s", names[i],
                      bad[j], s);
        free(s);
    }
    cleanup(&d);
}

Test(acpi_iasl, dsdt_has_the_pci_root_bridge_and_s5)
{
    struct dump d;
    dump_tables(&d);
    char *s = dsl(&d, "DSDT");
    assert_has(s, "Name (_S5, Package (0x04)");
    assert_has(s, "Scope (\\_SB)");
    assert_has(s, "Device (PCI0)");
    assert_has(s, "Name (_HID, EisaId (\"PNP0A03\")");
    assert_has(s, "Name (_UID, Zero)");
    assert_has(s, "Name (_SEG, Zero)");
    assert_has(s, "Name (_BBN, Zero)");
    assert_has(s, "WordBusNumber (ResourceProducer, MinFixed, MaxFixed, "
                  "PosDecode,");
    assert_has(s, "IO (Decode16,\n                    0x0CF8,");
    assert_has(s, "0x0CF7,             // Range Maximum");
    assert_has(s, "0x0D00,             // Range Minimum");
    assert_has(s, "0xF300,             // Length");
    assert_has(s, "Name (_PRT, Package (0x1F)");
    assert_has(s, "0x0001FFFF,");
    assert_has(s, "0x001FFFFF,");
    assert_has(s, "\\_SB.LNKA,");
    assert_has(s, "Device (LNKC)");
    assert_has(s, "Name (_HID, EisaId (\"PNP0C0F\")");
    assert_has(s, "IRQ (Edge, ActiveHigh, Shared, )\n                    {10}");
    assert_has(s, "IRQ (Edge, ActiveHigh, Shared, )\n                    {11}");
    assert_has(s, "IRQ (Edge, ActiveHigh, Shared, )\n                    {5}");
    assert_has(s, "Method (_SRS, 1, NotSerialized)");
    free(s);
    cleanup(&d);
}

Test(acpi_iasl, madt_fadt_facs_rsdp)
{
    struct dump d;
    dump_tables(&d);
    char *s = dsl(&d, "APIC");
    assert_field(s, "Local Apic Address", "FEE00000");
    assert_field(s, "PC-AT Compatibility", "1");
    assert_has(s, "Subtable Type : 00 [Processor Local APIC]");
    assert_field(s, "Local Apic ID", "00");
    assert_field(s, "Processor Enabled", "1");
    assert_has(s, "Subtable Type : 01 [I/O APIC]");
    assert_field(s, "I/O Apic ID", "00");
    assert_after(s, "I/O Apic ID", "Address : FEC00000", 200);
    assert_after(s, "I/O Apic ID", "Interrupt : 00000000", 250);
    assert_after(s, "Source : 00", "Interrupt : 00000002", 100);
    assert_after(s, "Source : 00", "Flags (decoded below) : 0000", 200);
    assert_after(s, "Source : 09", "Interrupt : 00000009", 100);
    assert_after(s, "Source : 09", "Flags (decoded below) : 000D", 200);
    assert_has(s, "Subtable Type : 04 [Local APIC NMI]");
    assert_field(s, "Interrupt Input LINT", "01");
    free(s);

    s = dsl(&d, "FACP");
    assert_field(s, "Revision : ", "03");
    assert_field(s, "Table Length : ", "000000F4");
    assert_field(s, "SCI Interrupt : ", "0009");
    assert_field(s, "SMI Command Port : ", "00000000");
    assert_field(s, "PM1A Event Block Address : ", "00000600");
    assert_field(s, "PM1A Control Block Address : ", "00000604");
    assert_field(s, "8042 Present on ports 60/64 (V2)", "0");
    assert_field(s, "Legacy Devices Supported (V2)", "1");
    assert_field(s, "VGA Not Present (V4)", "1");
    assert_has(s, "FACS Address : 000E00C0");
    assert_has(s, "DSDT Address : 000E0400");
    free(s);

    s = dsl(&d, "FACS");
    assert_field(s, "Signature : ", "\"FACS\"");
    assert_field(s, "Length : ", "00000040");
    free(s);

    s = dsl(&d, "rsdt");
    assert_has(s, "ACPI Table Address   0 : 000E0100");
    assert_has(s, "ACPI Table Address   1 : 000E0200");
    free(s);

    s = dsl(&d, "xsdt");
    assert_has(s, "ACPI Table Address   0 : 00000000000E0100");
    assert_has(s, "ACPI Table Address   1 : 00000000000E0200");
    free(s);
    cleanup(&d);
}

Test(acpi_iasl, dsdt_disassembly_compiles_again)
{
    struct dump d;
    dump_tables(&d);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "cd %s && iasl -p recompiled DSDT.dsl > recompile.out 2>&1",
             d.dir);
    int rc = system(cmd);
    char path[512];
    snprintf(path, sizeof(path), "%s/recompile.out", d.dir);
    char *out = slurp(path);
    cr_assert_eq(rc, 0, "%s", out);
    assert_has(out, "Compilation successful. 0 Errors, 0 Warnings, 0 Remarks");
    free(out);
    cleanup(&d);
}
