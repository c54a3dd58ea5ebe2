/*
 * main.c: the pvh-1gib test guest (entry.S starts it on page tables that
 * map only the first 1 GiB). Reads hvm_start_info, the command line, the
 * memory map and the module list through those tables, prints them on
 * COM1 and exits through isa-debug-exit (port 0x501, value 0): status 0
 * under vmm, 1 under QEMU. Where start_info lies beyond the first 1 GiB,
 * the first read faults with no IDT (a triple fault), as Solo5's Xen
 * binding and Linux's PVH entry fault there.
 *
 * Then, when start_info lies at or above 1 MiB, it switches to tables
 * without [0, 1 MiB) and reads everything again, as Solo5's Xen binding
 * does (it reads start_info's command line only after unmapping the
 * memory below its .text): the reads must agree.
 *
 * Lines: "pvh-1gib: start_info at 0x...", "cmdline: ...", "memmap N: ...",
 * "module N: ...", "in RAM and clear of the image: yes|no", "read again
 * with [0, 1 MiB) unmapped: same|differs" (or why not), "pvh-1gib: ok".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen-pvh/xen_abi.h"

#define COM1 0x3f8
#define DEBUG_EXIT 0x501
#define MIB 0x100000ULL
#define CMDLINE_MAX 256
#define MEMMAP_MAX 16

extern const char _image_start[], _end[];
void pvh1g_main(uint64_t info);
void pvh1g_unmap_low(void);

/* What one pass reads out of start_info. */
struct facts {
    uint32_t version, nmod, nmap;
    uint64_t cmdline_pa, memmap_pa, modlist_pa;
    char cmdline[CMDLINE_MAX];
    struct hvm_memmap_table_entry map[MEMMAP_MAX];
    struct hvm_modlist_entry mod[2];
    uint32_t mod_first[2]; /* a module's first 4 bytes */
};

static void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void puts_(const char *s)
{
    while (*s)
        outb(COM1, (uint8_t)*s++);
}

static void hex(uint64_t v)
{
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4)
        outb(COM1, (uint8_t)"0123456789abcdef"[(v >> i) & 0xf]);
}

static void dec(uint64_t v)
{
    char b[21];
    int n = 0;
    do
        b[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0)
        outb(COM1, (uint8_t)b[--n]);
}

static void finish(uint8_t status) __attribute__((noreturn));
static void finish(uint8_t status)
{
    outb(DEBUG_EXIT, status);
    for (;;)
        __asm__ volatile("cli; hlt");
}

static void fail(const char *why) __attribute__((noreturn));
static void fail(const char *why)
{
    puts_("pvh-1gib: FAILED: ");
    puts_(why);
    puts_("\n");
    finish(1);
}

static bool equal(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

/* Everything start_info leads to, copied into *f (zeroed first). */
static void read_facts(uint64_t info, struct facts *f)
{
    uint8_t *z = (uint8_t *)f;
    for (size_t i = 0; i < sizeof(*f); i++)
        z[i] = 0;
    const volatile struct hvm_start_info *si =
        (const volatile struct hvm_start_info *)(uintptr_t)info;
    if (si->magic != HVM_START_MAGIC)
        fail("no hvm_start_info magic");
    f->version = si->version;
    f->cmdline_pa = si->cmdline_paddr;
    f->memmap_pa = si->version >= 1 ? si->memmap_paddr : 0;
    f->nmap = si->version >= 1 ? si->memmap_entries : 0;
    f->modlist_pa = si->modlist_paddr;
    f->nmod = si->nr_modules;
    if (f->nmap > MEMMAP_MAX || f->nmod > 2)
        fail("more memory map entries or modules than this guest reads");
    const volatile char *c = (const volatile char *)(uintptr_t)f->cmdline_pa;
    for (size_t i = 0; f->cmdline_pa && i + 1 < CMDLINE_MAX && c[i]; i++)
        f->cmdline[i] = c[i];
    const volatile struct hvm_memmap_table_entry *m =
        (const volatile struct hvm_memmap_table_entry *)(uintptr_t)f->memmap_pa;
    for (uint32_t i = 0; i < f->nmap; i++) {
        f->map[i].addr = m[i].addr;
        f->map[i].size = m[i].size;
        f->map[i].type = m[i].type;
    }
    const volatile struct hvm_modlist_entry *l =
        (const volatile struct hvm_modlist_entry *)(uintptr_t)f->modlist_pa;
    for (uint32_t i = 0; i < f->nmod; i++) {
        f->mod[i].paddr = l[i].paddr;
        f->mod[i].size = l[i].size;
        if (l[i].size >= 4)
            f->mod_first[i] = *(const volatile uint32_t *)(uintptr_t)l[i].paddr;
    }
}

/* [pa, pa + n) inside one RAM entry of the map and apart from the image. */
static bool in_ram_apart(const struct facts *f, uint64_t pa, uint64_t n)
{
    uint64_t img_lo = (uintptr_t)_image_start, img_hi = (uintptr_t)_end;
    if (pa < img_hi && pa + n > img_lo)
        return false;
    for (uint32_t i = 0; i < f->nmap; i++)
        if (f->map[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
            pa >= f->map[i].addr && pa + n <= f->map[i].addr + f->map[i].size)
            return true;
    return false;
}

static size_t len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void report(uint64_t info, const struct facts *f)
{
    puts_("pvh-1gib: version ");
    dec(f->version);
    puts_("\ncmdline: ");
    puts_(f->cmdline);
    puts_("\n");
    for (uint32_t i = 0; i < f->nmap; i++) {
        puts_("memmap ");
        dec(i);
        puts_(": ");
        hex(f->map[i].addr);
        puts_(" size ");
        hex(f->map[i].size);
        puts_(" type ");
        dec(f->map[i].type);
        puts_("\n");
    }
    for (uint32_t i = 0; i < f->nmod; i++) {
        puts_("module ");
        dec(i);
        puts_(": at ");
        hex(f->mod[i].paddr);
        puts_(" size ");
        dec(f->mod[i].size);
        puts_(" first ");
        hex(f->mod_first[i]);
        puts_("\n");
    }
    bool ok = in_ram_apart(f, info, sizeof(struct hvm_start_info)) &&
              (!f->cmdline_pa ||
               in_ram_apart(f, f->cmdline_pa, len(f->cmdline) + 1)) &&
              in_ram_apart(f, f->memmap_pa, f->nmap * sizeof(f->map[0])) &&
              (!f->nmod || in_ram_apart(f, f->modlist_pa,
                                        f->nmod * sizeof(f->mod[0])));
    puts_("pvh-1gib: start info, command line, memory map and module list in "
          "RAM and clear of the image: ");
    puts_(ok ? "yes\n" : "no\n");
}

static struct facts first, again;

void pvh1g_main(uint64_t info)
{
    puts_("pvh-1gib: page tables map [0, 1 GiB) only; start_info at ");
    hex(info);
    puts_("\n");
    read_facts(info, &first);
    report(info, &first);
    if (info < MIB) {
        puts_("pvh-1gib: start_info below 1 MiB: not read again with "
              "[0, 1 MiB) unmapped\n");
    } else {
        pvh1g_unmap_low();
        read_facts(info, &again);
        puts_("pvh-1gib: read again with [0, 1 MiB) unmapped: ");
        puts_(equal(&first, &again, sizeof(first)) ? "same\n" : "differs\n");
    }
    puts_("pvh-1gib: ok\n");
    finish(0);
}
