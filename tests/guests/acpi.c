/*
 * acpi: walks the ACPI tables the way an OS does, from guest memory, and
 * prints what it finds, one line per fact: the RSDP (by the scan of
 * 0xe0000-0xfffff; page 0, with the EBDA pointer, is not mapped here),
 * the RSDT and XSDT, each table's signature, revision, length and
 * checksum; the FADT's SCI, SMI command port, PM1 blocks and
 * IAPC_BOOT_ARCH; the FACS; whether the DSDT names a PCI root bridge
 * (PNP0A03) and \_S5; every MADT entry. Then it checks the MADT against
 * the hardware: the IOAPIC's own ID and version registers (MMIO), the
 * local APIC's ID (x2APIC MSR or MMIO); and the PM1 registers: SCI_EN
 * (switching to ACPI mode through SMI_CMD first where the firmware left
 * it off, as under SeaBIOS), an enable bit written and read back. For
 * the PC targets; on hvt there is no ACPI.
 */
#include "guest-rt/rt.h"
#include "guest_hw.h"
#include "solo5.h"

#define MADT_MAX_ENTRIES 64
#define PM1_SCI_EN 0x0001
#define PM1_PWRBTN_EN 0x0100

static unsigned ioapic_id = 0xff, lapic_id = 0xff;

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int sum_ok(const uint8_t *p, uint32_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return s == 0;
}

static const uint8_t *find_rsdp(void)
{
    for (uintptr_t a = 0xe0000; a < 0x100000; a += 16)
        if (__builtin_memcmp((const void *)a, "RSD PTR ", 8) == 0 &&
            sum_ok((const uint8_t *)a, 20))
            return (const uint8_t *)a;
    return 0;
}

/* Firmware may keep tables in memory the runtime's map leaves out (RAM
 * the memory map reserves): map the pages of [addr, addr + len). */
static const uint8_t *reach(uint64_t addr, uint32_t len)
{
    for (uint64_t p = addr & ~0xfffULL; p < addr + len; p += 0x1000)
        mmio_map(p);
    return (const uint8_t *)(uintptr_t)addr;
}

/* Print and check one table's header; the table, or 0 when broken. */
static const uint8_t *table(uint64_t addr)
{
    if (addr < 0x1000 || addr >= 0xfec00000)
        return 0;
    const uint8_t *t = reach(addr, 36);
    uint32_t len = get32(t + 4);
    if (len < 36 || len > (1 << 20))
        return 0;
    reach(addr, len);
    rt_printf("acpi: table %.4s revision %u length %u checksum %s\n",
              (const char *)t, t[8], len, sum_ok(t, len) ? "ok" : "BAD");
    return sum_ok(t, len) ? t : 0;
}

static int has_bytes(const uint8_t *t, const void *what, uint32_t n)
{
    for (uint32_t i = 36; i + n <= get32(t + 4); i++)
        if (__builtin_memcmp(t + i, what, n) == 0)
            return 1;
    return 0;
}

static void dsdt(uint64_t addr)
{
    static const uint8_t pnp0a03[4] = {0x41, 0xd0, 0x0a, 0x03};
    const uint8_t *t = table(addr);
    if (!t)
        return;
    if (has_bytes(t, pnp0a03, 4))
        rt_printf("acpi: DSDT names a PCI root bridge (PNP0A03)\n");
    if (has_bytes(t, "_S5_", 4))
        rt_printf("acpi: DSDT has \\_S5\n");
}

static void pm1(uint16_t evt, uint16_t cnt, uint32_t smi_cmd, uint8_t enable)
{
    if (!(inw(cnt) & PM1_SCI_EN) && smi_cmd && enable) {
        outb((uint16_t)smi_cmd, enable);
        for (unsigned i = 0; i < 100000 && !(inw(cnt) & PM1_SCI_EN); i++)
            ;
    }
    rt_printf("acpi: PM1a_CNT SCI_EN %u\n", inw(cnt) & PM1_SCI_EN);
    uint16_t en = (uint16_t)(evt + 2), old = inw(en);
    outw(en, PM1_PWRBTN_EN);
    uint16_t back = inw(en);
    outw(en, old);
    rt_printf("acpi: PM1a_EN wrote 0x%04x, read 0x%04x, restored 0x%04x\n",
              PM1_PWRBTN_EN, back, inw(en));
}

static void fadt(const uint8_t *f)
{
    uint32_t len = get32(f + 4);
    uint32_t smi = get32(f + 48), evt = get32(f + 56), cnt = get32(f + 64);
    rt_printf("acpi: FADT SCI %u SMI_CMD 0x%x PM1a_EVT 0x%x PM1a_CNT 0x%x\n",
              get16(f + 46), smi, evt, cnt);
    if (len >= 111 && f[8] >= 3) {
        uint32_t boot = get16(f + 109);
        rt_printf("acpi: FADT IAPC_BOOT_ARCH 0x%04x: 8042 %s\n", boot,
                  boot & 2 ? "yes" : "no");
    }
    uint64_t facs = get32(f + 36);
    if (len >= 140 && get64(f + 132))
        facs = get64(f + 132);
    const uint8_t *fs = facs ? reach(facs, 64) : 0;
    if (fs)
        rt_printf("acpi: FACS at 0x%lx signature %.4s length %u%s\n",
                  (unsigned long)facs, (const char *)fs, get32(fs + 4),
                  facs % 64 ? "" : " 64-byte aligned");
    uint64_t d = get32(f + 40);
    if (len >= 148 && get64(f + 140))
        d = get64(f + 140);
    dsdt(d);
    if (evt && evt <= 0xffff && cnt && cnt <= 0xffff)
        pm1((uint16_t)evt, (uint16_t)cnt, smi, f[52]);
}

static void madt(const uint8_t *t)
{
    uint32_t len = get32(t + 4), n = 0;
    rt_printf("acpi: MADT local APIC address 0x%x flags 0x%x\n", get32(t + 36),
              get32(t + 40));
    for (uint32_t o = 44; o + 2 <= len && t[o + 1] >= 2; o += t[o + 1], n++) {
        const uint8_t *e = t + o;
        if (e[0] == 0 && e[1] >= 8) {
            rt_printf("acpi: MADT LAPIC uid %u id %u flags 0x%x\n", e[2], e[3],
                      get32(e + 4));
            if (lapic_id == 0xff)
                lapic_id = e[3];
        } else if (e[0] == 1 && e[1] >= 12) {
            rt_printf("acpi: MADT IOAPIC id %u address 0x%x GSI base %u\n",
                      e[2], get32(e + 4), get32(e + 8));
            ioapic_id = e[2];
        } else if (e[0] == 2 && e[1] >= 10)
            rt_printf("acpi: MADT override bus %u irq %u -> GSI %u flags "
                      "0x%x\n",
                      e[2], e[3], get32(e + 4), get16(e + 8));
        else if (e[0] == 4 && e[1] >= 6)
            rt_printf("acpi: MADT LAPIC NMI uid 0x%x lint %u flags 0x%x\n",
                      e[2], e[5], get16(e + 3));
        else
            rt_printf("acpi: MADT entry type %u length %u\n", e[0], e[1]);
    }
    rt_printf("acpi: MADT %u entries\n", n);
}

/* The interrupt controllers themselves, against what the MADT said. */
static void hardware(void)
{
    volatile uint32_t *io = mmio_map(0xfec00000);
    io[0] = 0; /* IOREGSEL: ID */
    unsigned id = io[4] >> 24 & 0xf;
    io[0] = 1; /* version */
    uint32_t ver = io[4];
    rt_printf("acpi: IOAPIC at 0xfec00000: id %u, version 0x%x, %u pins\n", id,
              ver & 0xff, (ver >> 16 & 0xff) + 1);
    rt_printf("acpi: IOAPIC id %s the MADT\n",
              id == ioapic_id ? "matches" : "DIFFERS FROM");
    uint64_t base = rdmsr(0x1b);
    unsigned me;
    if (base & (1 << 10))
        me = (unsigned)rdmsr(0x802); /* x2APIC ID */
    else
        me = mmio_map(base & 0xfffff000)[0x20 / 4] >> 24;
    rt_printf("acpi: local APIC id %u %s the MADT\n", me,
              me == lapic_id ? "matches" : "DIFFERS FROM");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (__builtin_strcmp(rt_target_name(), "hvt") == 0) {
        rt_printf("acpi: no ACPI on hvt\n");
        return 0;
    }
    const uint8_t *rsdp = find_rsdp();
    if (!rsdp) {
        rt_printf("acpi: FAIL: no RSDP\n");
        return 1;
    }
    uint32_t rsdt = get32(rsdp + 16);
    uint64_t xsdt = rsdp[15] >= 2 ? get64(rsdp + 24) : 0;
    rt_printf("acpi: RSDP at 0x%lx revision %u RSDT 0x%x XSDT 0x%lx\n",
              (unsigned long)(uintptr_t)rsdp, rsdp[15], rsdt,
              (unsigned long)xsdt);
    if (rsdp[15] >= 2)
        rt_printf("acpi: RSDP extended checksum %s\n",
                  sum_ok(rsdp, get32(rsdp + 20)) ? "ok" : "BAD");
    const uint8_t *root = table(xsdt ? xsdt : rsdt);
    if (rsdt && xsdt)
        table(rsdt);
    if (!root)
        return 1;
    unsigned w = xsdt ? 8 : 4;
    for (uint32_t o = 36; o + w <= get32(root + 4); o += w) {
        const uint8_t *t = table(w == 8 ? get64(root + o) : get32(root + o));
        if (t && __builtin_memcmp(t, "FACP", 4) == 0)
            fadt(t);
        else if (t && __builtin_memcmp(t, "APIC", 4) == 0)
            madt(t);
    }
    hardware();
    rt_printf("acpi: done\n");
    return 0;
}
