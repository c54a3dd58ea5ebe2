/*
 * test_pc.c: the virtio target's PC devices through pc_on_io() with a fake
 * kvm_run (no KVM): port dispatch, COM1, the CMOS RTC, isa-debug-exit,
 * ACPI tables and power-off, PCI configuration mechanism #1.
 */
#include <stdlib.h>
#include <time.h>

#include "boot/host_mb_info.h"
#include "pc/host_pci.h"
#include "vmm/exit_status.h"
#include "pc/host_pc.h"
#include "fake_pc.h"
#include "unit.h"

static void outb_(struct fx *f, uint16_t port, uint8_t v)
{
    io(f, port, 1, true, v);
    cr_assert_eq(f->res, EXIT_HANDLED, "outb 0x%x", port);
}

static uint8_t inb_(struct fx *f, uint16_t port)
{
    uint8_t v = (uint8_t)io(f, port, 1, false, 0);
    cr_assert_eq(f->res, EXIT_HANDLED, "inb 0x%x", port);
    return v;
}

Test(pc_io, unserved_ports_and_overlaps)
{
    struct fx f;
    char err[256];
    fx_init(&f);
    io(&f, 0x2f8, 1, true, 0); /* COM2: not on this PC */
    cr_assert_eq(f.res, EXIT_UNHANDLED);
    io(&f, 0x3fe, 4, false, 0); /* runs past COM1's 8 ports */
    cr_assert_eq(f.res, EXIT_UNHANDLED);
    cr_assert_eq(pc_io_add(&f.pc, 0x3fc, 8, "x", NULL, NULL, err, 256), -1);
    assert_has(err, "x: I/O ports 0x3fc+8 overlap com1");
    cr_assert_eq(pc_io_add(&f.pc, 0xfffc, 8, "y", NULL, NULL, err, 256), -1);
    assert_has(err, "out of range");
    cr_assert_eq(stats_get(&f.v.stats, "com1"), 0);
    cr_assert_eq(stats_get(&f.v.stats, "unserved-port"), 2);
}

Test(pc_uart, transmits_to_stdout_and_counts_exits)
{
    struct fx f;
    struct capture c;
    fx_init(&f);
    capture_start(&c, 1);
    outb_(&f, 0x3fb, 0x80); /* DLAB: divisor latch */
    outb_(&f, 0x3f8, 1);
    outb_(&f, 0x3f9, 0);
    cr_assert_eq(inb_(&f, 0x3f8), 1, "DLL reads back");
    outb_(&f, 0x3fb, 0x03);
    outb_(&f, 0x3fa, 0x07); /* FIFO on */
    cr_assert_eq(inb_(&f, 0x3fa) & 0xc0, 0xc0, "IIR says FIFOs on");
    cr_assert_eq(inb_(&f, 0x3fa) & 0x0f, 0x01, "no interrupt pending");
    cr_assert_eq(inb_(&f, 0x3fd) & 0x60, 0x60, "LSR: THR empty");
    outb_(&f, 0x3ff, 0x5a);
    cr_assert_eq(inb_(&f, 0x3ff), 0x5a, "scratch register");
    for (const char *s = "hi\npartial"; *s; s++)
        outb_(&f, 0x3f8, (uint8_t)*s);
    pc_uart_flush(&f.pc);
    char *out = capture_end(&c, NULL);
    cr_assert_str_eq(out, "hi\npartial");
    free(out);
    cr_assert_eq(stats_get(&f.v.stats, "com1"), 21);
}

static unsigned bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 15);
}

static uint8_t cmos(struct fx *f, uint8_t reg)
{
    outb_(f, 0x70, reg);
    return inb_(f, 0x71);
}

Test(pc_rtc, host_time_in_bcd_then_binary)
{
    struct fx f;
    fx_init(&f);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    cr_assert_eq(cmos(&f, 0x0b), 0x02, "BCD, 24-hour");
    while (cmos(&f, 0x0a) & 0x80)
        ; /* UIP */
    unsigned year = bcd(cmos(&f, 0x32)) * 100 + bcd(cmos(&f, 0x09));
    cr_assert_eq(year, (unsigned)tm.tm_year + 1900);
    cr_assert_eq(bcd(cmos(&f, 0x08)), (unsigned)tm.tm_mon + 1);
    unsigned min = bcd(cmos(&f, 0x02));
    cr_assert(min < 60);
    cr_assert_eq(cmos(&f, 0x0d), 0x80, "valid RAM and time");
    cr_assert_eq(cmos(&f, 0x0c), 0, "no interrupt flags");

    outb_(&f, 0x70, 0x0b);
    outb_(&f, 0x71, 0x06); /* binary */
    cr_assert_eq(cmos(&f, 0x08), tm.tm_mon + 1);
    cr_assert(cmos(&f, 0x00) < 60);
    outb_(&f, 0x70, 0x0b);
    outb_(&f, 0x71, 0x04); /* binary, 12-hour */
    uint8_t h = cmos(&f, 0x04);
    cr_assert((h & 0x7f) >= 1 && (h & 0x7f) <= 12, "12-hour clock: %u", h);

    outb_(&f, 0x70, 0x8f); /* NMI mask bit and CMOS RAM */
    outb_(&f, 0x71, 0x42);
    cr_assert_eq(cmos(&f, 0x0f), 0x42);
    io(&f, 0x70, 2, true, 0);
    cr_assert_eq(f.res, EXIT_UNHANDLED, "the RTC takes byte accesses only");
}

Test(pc_debug_exit, status_rules)
{
    static const struct {
        uint32_t v;
        int status;
    } cases[] = {{0, 0},   {7, 7},   {249, 249},           {250, 1},
                 {254, 1}, {256, 1}, {255, VMM_EXIT_ABORT}};
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fx f;
        struct capture c;
        fx_init(&f);
        capture_start(&c, 2);
        io(&f, 0x501, 2, true, cases[i].v);
        char *msg = capture_end(&c, NULL);
        cr_assert_eq(f.res, EXIT_STOP);
        cr_assert_eq(f.v.status, cases[i].status, "value %u", cases[i].v);
        if (cases[i].v == 255)
            assert_has(msg, "guest aborted");
        else if (cases[i].status == 1)
            assert_has(msg, "is reserved");
        free(msg);
    }
    struct fx f;
    fx_init(&f);
    io(&f, 0x501, 1, true, 3); /* a byte write works too */
    cr_assert_eq(f.v.status, 3);
    io(&f, 0x501, 2, false, 0);
    cr_assert_eq(f.res, EXIT_UNHANDLED, "not readable");
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

Test(pc_acpi, tables_lead_to_s5)
{
    char err[256];
    struct guest_mem m = {calloc(1, 2 << 20), 2 << 20};
    cr_assert(m.base);
    cr_assert_eq(pc_acpi_write(&m, err, sizeof(err)), 0, "%s", err);
    const uint8_t *rsdp = NULL;
    for (uint32_t a = 0xe0000; a < 0x100000 && !rsdp; a += 16)
        if (memcmp(m.base + a, "RSD PTR ", 8) == 0)
            rsdp = m.base + a;
    cr_assert(rsdp, "no RSDP in 0xe0000-0xfffff");
    cr_assert_eq(sum(rsdp, 20), 0);
    uint32_t rsdt, fadt, dsdt, pm1a;
    memcpy(&rsdt, rsdp + 16, 4);
    cr_assert(memcmp(m.base + rsdt, "RSDT", 4) == 0);
    cr_assert_eq(sum(m.base + rsdt, m.base[rsdt + 4]), 0); /* 44 < 256 */
    memcpy(&fadt, m.base + rsdt + 36, 4);
    cr_assert(memcmp(m.base + fadt, "FACP", 4) == 0);
    cr_assert_eq(sum(m.base + fadt, m.base[fadt + 4]), 0); /* 244, rev 3 */
    memcpy(&dsdt, m.base + fadt + 40, 4);
    memcpy(&pm1a, m.base + fadt + 64, 4);
    cr_assert_eq(pm1a, 0x604);
    uint32_t dlen;
    memcpy(&dlen, m.base + dsdt + 4, 4);
    cr_assert(memcmp(m.base + dsdt, "DSDT", 4) == 0);
    cr_assert_eq(sum(m.base + dsdt, dlen), 0);
    static const uint8_t s5[] = {0x08, '_', 'S', '5', '_', 0x12};
    cr_assert(memcmp(m.base + dsdt + 36, s5, sizeof(s5)) == 0);
    free(m.base);

    struct fx f;
    fx_init(&f);
    cr_assert_eq(io(&f, 0x604, 2, false, 0) & 1, 1, "SCI_EN: ACPI mode");
    io(&f, 0x604, 2, true, 0x0001); /* no SLP_EN: nothing */
    cr_assert_eq(f.res, EXIT_HANDLED);
    f.v.status = 99;
    io(&f, 0x604, 2, true, 0x2000); /* SLP_TYP 0 | SLP_EN */
    cr_assert_eq(f.res, EXIT_STOP);
    cr_assert_eq(f.v.status, 0);

    struct capture c;
    fx_init(&f);
    capture_start(&c, 2);
    io(&f, 0x604, 2, true, 0x2000 | 5 << 10);
    char *msg = capture_end(&c, NULL);
    cr_assert_eq(f.v.status, VMM_EXIT_UNEXPECTED);
    assert_has(msg, "ACPI sleep type 5; vmm offers only S5");
    free(msg);
}

static uint32_t cfg_read(struct fx *f, unsigned bus, unsigned dev, unsigned reg,
                         unsigned size)
{
    io(f, 0xcf8, 4, true, 0x80000000u | bus << 16 | dev << 11 | (reg & 0xfc));
    return io(f, (uint16_t)(0xcfc + (reg & 3)), size, false, 0);
}

Test(pc_pci, host_bridge_and_absent_devices)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(cfg_read(&f, 0, 0, 0, 4), 0x12378086);
    cr_assert_eq(cfg_read(&f, 0, 0, 0x0b, 1), 0x06, "bridge class");
    cr_assert_eq(cfg_read(&f, 0, 0, 0x0e, 1), 0, "single function");
    cr_assert_eq(cfg_read(&f, 0, 5, 0, 4), 0xffffffff, "empty slot");
    cr_assert_eq(cfg_read(&f, 1, 0, 0, 2), 0xffff, "no bus 1");
    io(&f, 0xcf8, 4, true, 0x00000000); /* enable bit clear */
    cr_assert_eq(io(&f, 0xcfc, 4, false, 0), 0xffffffff);
    cr_assert_eq(io(&f, 0xcf8, 4, false, 0), 0, "the address reads back");
    io(&f, 0xcf9, 1, true, 6);
    cr_assert_eq(f.res, EXIT_UNHANDLED, "no reset register at 0xcf9");
}

static uint16_t moved_old, moved_new;
static void on_moved(struct pci_function *fn, uint16_t old, uint16_t new)
{
    (void)fn;
    moved_old = old;
    moved_new = new;
}

Test(pc_pci, bar_sizing_command_and_interrupt_line)
{
    struct fx f;
    char err[256];
    static struct pci_function fn;
    fx_init(&f);
    pci_function_init(&fn, "test", 0x1af4, 0x1000, 0x020000, 0x1af4, 1, 0xc000,
                      0x40, 10);
    fn.bar0_moved = on_moved;
    cr_assert_eq(pci_add_function(&fn, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(fn.slot, 1);
    cr_assert_eq(cfg_read(&f, 0, 1, 0, 4), 0x10001af4);
    cr_assert_eq(cfg_read(&f, 0, 1, 0x10, 4), 0xc001, "I/O BAR at 0xc000");
    cr_assert_eq(cfg_read(&f, 0, 1, 0x3c, 1), 10, "interrupt line");
    cr_assert_eq(cfg_read(&f, 0, 1, 0x3d, 1), 1, "INTA#");
    cr_assert_eq(cfg_read(&f, 0, 1, 0x2e, 2), 1, "subsystem: virtio id");
    cr_assert_eq(pci_bar0_base(&fn), 0xc000);

    /* A sizing probe: all ones, read the mask, restore. */
    pci_cfg_write(&fn, 0x10, 4, 0xffffffff);
    cr_assert_eq(pci_cfg_read(&fn, 0x10, 4), 0xffffffc1);
    cr_assert_eq(pci_bar0_base(&fn), 0, "an invalid address decodes nothing");
    cr_assert_eq(moved_old, 0xc000);
    cr_assert_eq(moved_new, 0);
    pci_cfg_write(&fn, 0x10, 4, 0xc000);
    cr_assert_eq(moved_new, 0xc000);
    /* Moved elsewhere, byte by byte; low bits stay fixed. */
    pci_cfg_write(&fn, 0x11, 1, 0xd0);
    cr_assert_eq(pci_cfg_read(&fn, 0x10, 4), 0xd001);
    cr_assert_eq(moved_old, 0xc000);
    cr_assert_eq(moved_new, 0xd000);
    /* I/O decode off and on. */
    pci_cfg_write(&fn, 0x04, 2, 0x0004);
    cr_assert_eq(moved_new, 0);
    pci_cfg_write(&fn, 0x04, 2, 0x0005);
    cr_assert_eq(moved_new, 0xd000);
    /* Read-only fields stay; the interrupt line is the OS's note. */
    pci_cfg_write(&fn, 0x00, 4, 0);
    cr_assert_eq(pci_cfg_read(&fn, 0, 2), 0x1af4);
    pci_cfg_write(&fn, 0x3c, 1, 5);
    cr_assert_eq(pci_cfg_read(&fn, 0x3c, 1), 5);
    cr_assert_eq(pci_cfg_read(&fn, 0x3d, 1), 1);
    pci_cfg_write(&fn, 0x14, 4, 0xffffffff); /* BAR 1 does not exist */
    cr_assert_eq(pci_cfg_read(&fn, 0x14, 4), 0);
}

Test(mb_info, memory_map_command_line_and_loader)
{
    char err[256];
    const uint64_t mem = 64ULL << 20;
    struct guest_mem m = {calloc(1, mem), mem};
    cr_assert(m.base);
    const struct mb_info_layout l = {0x8000, 0x8100,  0x8200,  0x9000,
                                     64,     0x9fc00, 0xa0000, 0xe0000};
    cr_assert_eq(mb_write_info(&m, &l, "app.virtio a b", "vmm", err, 256), 0,
                 "%s", err);
    struct mb_info info;
    memcpy(&info, m.base + 0x8000, sizeof(info));
    cr_assert_eq(info.flags & (MB_INFO_MEMORY | MB_INFO_CMDLINE |
                               MB_INFO_MEM_MAP | MB_INFO_LOADER_NAME),
                 MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MEM_MAP |
                     MB_INFO_LOADER_NAME);
    cr_assert_eq(info.mem_lower, 639);
    cr_assert_eq(info.mem_upper, (64 - 1) * 1024);
    cr_assert_str_eq((char *)m.base + info.cmdline, "app.virtio a b");
    cr_assert_str_eq((char *)m.base + info.boot_loader_name, "vmm");
    cr_assert_eq(info.mmap_length, 4 * sizeof(struct mb_mmap_entry));
    struct mb_mmap_entry e[4];
    memcpy(e, m.base + info.mmap_addr, sizeof(e));
    cr_assert_eq(e[0].addr, 0);
    cr_assert_eq(e[0].len, 0x9fc00);
    cr_assert_eq(e[0].type, MB_MEMORY_AVAILABLE);
    cr_assert_eq(e[1].type, MB_MEMORY_RESERVED);
    cr_assert_eq(e[2].addr, 0xe0000);
    cr_assert_eq(e[2].type, MB_MEMORY_RESERVED);
    cr_assert_eq(e[3].addr, 0x100000, "available exactly from 1 MiB");
    cr_assert_eq(e[3].len, mem - 0x100000);
    cr_assert_eq(e[3].type, MB_MEMORY_AVAILABLE);
    cr_assert_eq(e[3].size, 20);

    char longline[65];
    memset(longline, 'x', 64);
    longline[64] = '\0';
    cr_assert_eq(mb_write_info(&m, &l, longline, "vmm", err, 256), -1);
    assert_has(err, "guest command line (64 bytes) longer than 63 bytes");
    free(m.base);
    m = (struct guest_mem){calloc(1, 1 << 20), 1 << 20};
    cr_assert_eq(mb_write_info(&m, &l, "x", "vmm", err, 256), -1);
    assert_has(err, "below 2 MiB");
    free(m.base);
}
