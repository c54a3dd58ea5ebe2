/*
 * test_multiboot.c: the Multiboot loader (boot/host_multiboot.c,
 * host_mb_tls.c, over the core's ELF reader) on valid images of every layout and on
 * every refusal path, each refusal checked for the field it names.
 */
#include <elf.h>
#include <stdlib.h>

#include "boot/host_multiboot.h"
#include "unit.h"

/*
 * One image, laid out the same way for every layout:
 *   file 0x1000..0x2000  text at 0x100000; the header at file 0x1010
 *   file 0x2000..0x2100  data at 0x101000, .bss to 0x103000
 *                        .tdata 0x20 bytes at 0x101040, .tbss to 0x1010a0
 * With address fields: load_addr 0x100000, load_end_addr 0x101100,
 * bss_end_addr 0x103000, entry 0x100040. ELF images carry the same as
 * program headers (text, data, TLS).
 */
#define TEXT_OFF 0x1000
#define HDR_OFF 0x1010
#define DATA_OFF 0x2000
#define FILE_LEN 0x2100
#define TEXT 0x100000u
#define DATA 0x101000u
#define TDATA 0x101040u
#define ENTRY 0x100040u
#define MEM (512ULL << 20)
#define MAX_PH 40

struct ph {
    uint32_t type;
    uint64_t off, vaddr, paddr, filesz, memsz;
};

struct mk {
    int elf; /* 0: raw binary, 32 or 64 */
    struct mb_header h;
    uint64_t entry;
    unsigned nph;
    struct ph ph[MAX_PH];
    size_t len;
    uint64_t max; /* guest memory size (MEM unless a test says) */
    uint8_t file[0x4000];
    struct mb_image img;
    char err[512];
};

static struct ph *add_ph(struct mk *m, uint32_t type, uint64_t off,
                         uint64_t addr, uint64_t filesz, uint64_t memsz)
{
    cr_assert(m->nph < MAX_PH);
    struct ph *p = &m->ph[m->nph++];
    *p = (struct ph){type, off, addr, addr, filesz, memsz};
    return p;
}

static void mk_init(struct mk *m, int elf, bool address)
{
    memset(m, 0, sizeof(*m));
    m->elf = elf;
    m->len = FILE_LEN;
    for (size_t i = TEXT_OFF; i < FILE_LEN; i++)
        m->file[i] = (uint8_t)(i * 7 + 3);
    m->h = (struct mb_header){MB_HEADER_MAGIC,
                              MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO |
                                  (address ? MB_HF_ADDRESS : 0),
                              0,
                              TEXT + 0x10,
                              TEXT,
                              DATA + 0x100,
                              DATA + 0x2000,
                              ENTRY};
    m->entry = ENTRY;
    m->max = MEM;
    add_ph(m, PT_LOAD, TEXT_OFF, TEXT, 0x1000, 0x1000);
    add_ph(m, PT_LOAD, DATA_OFF, DATA, 0x100, 0x2000);
    add_ph(m, PT_TLS, DATA_OFF + 0x40, TDATA, 0x20, 0x60);
}

static void put_elf(struct mk *m)
{
    if (m->elf == 64) {
        Elf64_Ehdr eh = {.e_type = ET_EXEC,
                         .e_machine = EM_X86_64,
                         .e_version = EV_CURRENT,
                         .e_entry = m->entry,
                         .e_phoff = 64,
                         .e_phentsize = sizeof(Elf64_Phdr),
                         .e_phnum = (uint16_t)m->nph};
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS64;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        memcpy(m->file, &eh, sizeof(eh));
        for (unsigned i = 0; i < m->nph; i++) {
            const struct ph *p = &m->ph[i];
            Elf64_Phdr ph = {p->type,  PF_R,      p->off,   p->vaddr,
                             p->paddr, p->filesz, p->memsz, 8};
            memcpy(m->file + 64 + i * sizeof(ph), &ph, sizeof(ph));
        }
    } else {
        Elf32_Ehdr eh = {.e_type = ET_EXEC,
                         .e_machine = EM_386,
                         .e_version = EV_CURRENT,
                         .e_entry = (uint32_t)m->entry,
                         .e_phoff = 52,
                         .e_phentsize = sizeof(Elf32_Phdr),
                         .e_phnum = (uint16_t)m->nph};
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS32;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        memcpy(m->file, &eh, sizeof(eh));
        for (unsigned i = 0; i < m->nph; i++) {
            const struct ph *p = &m->ph[i];
            Elf32_Phdr ph = {p->type,
                             (uint32_t)p->off,
                             (uint32_t)p->vaddr,
                             (uint32_t)p->paddr,
                             (uint32_t)p->filesz,
                             (uint32_t)p->memsz,
                             PF_R,
                             8};
            memcpy(m->file + 52 + i * sizeof(ph), &ph, sizeof(ph));
        }
    }
}

/* Lay the file out (header with a valid checksum at off) and parse it. */
static int parse_at(struct mk *m, size_t off)
{
    if (m->elf)
        put_elf(m);
    m->h.checksum = 0u - m->h.magic - m->h.flags;
    memcpy(m->file + off, &m->h, sizeof(m->h));
    struct elf_limits lim = {MB_MIN_LOAD_ADDR, m->max};
    m->err[0] = '\0';
    return mb_parse(m->file, m->len, &lim, &m->img, m->err, sizeof(m->err));
}

static int parse(struct mk *m)
{
    return parse_at(m, HDR_OFF);
}

static void refused(struct mk *m, const char *sub)
{
    cr_assert_eq(parse(m), -1, "accepted; expected \"%s\"", sub);
    assert_has(m->err, sub);
}

static void tls_refused(struct mk *m, const char *sub)
{
    cr_assert_eq(parse(m), 0, "parse: %s", m->err);
    cr_assert_eq(mb_check_tls(&m->img, m->err, sizeof(m->err)), -1,
                 "TLS accepted; expected \"%s\"", sub);
    assert_has(m->err, sub);
}

static void tls_ok(struct mk *m)
{
    cr_assert_eq(parse(m), 0, "parse: %s", m->err);
    cr_assert_eq(mb_check_tls(&m->img, m->err, sizeof(m->err)), 0, "%s",
                 m->err);
}

/* --- finding the header ----------------------------------------------------
 */

Test(mb_find_header, none_bad_checksum_and_alignment)
{
    static uint8_t buf[0x3000];
    size_t off;
    struct mb_header h;
    char err[256];
    memset(buf, 0, sizeof(buf));
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 0);
    assert_has(err, "no Multiboot header");
    uint32_t w[3] = {MB_HEADER_MAGIC, 0, 0x12345678};
    memcpy(buf + 0x100, w, sizeof(w));
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 0);
    assert_has(err, "offset 0x100: bad checksum");
    w[2] = 0u - MB_HEADER_MAGIC;
    memcpy(buf + 0x202, w, sizeof(w)); /* not 4-aligned: not a header */
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 0);
    memcpy(buf + 0x300, w, sizeof(w)); /* after a bad one: found */
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 1);
    cr_assert_eq(off, 0x300);
    cr_assert_eq(h.flags, 0);
}

Test(mb_find_header, only_in_the_first_8k)
{
    static uint8_t buf[0x3000];
    size_t off;
    struct mb_header h;
    char err[256];
    uint32_t w[3] = {MB_HEADER_MAGIC, 0, 0u - MB_HEADER_MAGIC};
    memset(buf, 0, sizeof(buf));
    memcpy(buf + 0x2000, w, sizeof(w));
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 0);
    memcpy(buf + 0x1ff4, w, sizeof(w)); /* ends exactly at 8 KiB */
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), 1);
    cr_assert_eq(off, 0x1ff4);
}

Test(mb_find_header, address_fields_cut_short)
{
    static uint8_t buf[0x3000];
    size_t off;
    struct mb_header h;
    char err[256];
    uint32_t w[3] = {MB_HEADER_MAGIC, MB_HF_ADDRESS,
                     0u - MB_HEADER_MAGIC - MB_HF_ADDRESS};
    memset(buf, 0, sizeof(buf));
    memcpy(buf + 0x1ff0, w, sizeof(w));
    cr_assert_eq(mb_find_header(buf, sizeof(buf), &off, &h, err, 256), -1);
    assert_has(err, "run past the first 8 KiB");
    memset(buf, 0, sizeof(buf));
    memcpy(buf + 0x40, w, sizeof(w));
    cr_assert_eq(mb_find_header(buf, 0x50, &off, &h, err, 256), -1);
    assert_has(err, "run past the end of the file");
    cr_assert_eq(mb_find_header(buf, 0x60, &off, &h, err, 256), 1);
}

Test(mb_parse, no_header_and_flags)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.magic = 0;
    cr_assert_eq(parse(&m), -1);
    assert_has(m.err, "no Multiboot header");
    mk_init(&m, 0, true);
    m.h.flags |= 1u << 3;
    refused(&m, "bits 0x0008");
    mk_init(&m, 0, true);
    m.h.flags |= 1u << 15 | 1u << 4;
    refused(&m, "bits 0x8010");
    mk_init(&m, 0, true);
    m.h.flags |= MB_HF_VIDEO_MODE | 1u << 17 | 1u << 31;
    cr_assert_eq(parse(&m), 0, "video mode and optional bits: %s", m.err);
}

/* --- the address fields ------------------------------------------------- */

Test(mb_address, loads_as_the_fields_say)
{
    struct mk m;
    mk_init(&m, 0, true);
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.layout, MB_LAYOUT_ADDRESS);
    cr_assert_eq(m.img.header_off, HDR_OFF);
    cr_assert_eq(m.img.entry, ENTRY);
    cr_assert_eq(m.img.nseg, 1);
    cr_assert_eq(m.img.seg[0].addr, TEXT);
    cr_assert_eq(m.img.seg[0].offset, TEXT_OFF);
    cr_assert_eq(m.img.seg[0].filesz, 0x1100);
    cr_assert_eq(m.img.seg[0].memsz, 0x3000);
    cr_assert_eq(m.img.start, TEXT);
    cr_assert_eq(m.img.end, DATA + 0x2000);
    cr_assert_not(m.img.is_elf);

    uint8_t *g = calloc(1, DATA + 0x3000);
    cr_assert(g);
    memset(g + DATA + 0x100, 0xee, 0x2000); /* marks what is written */
    mb_copy(&m.img, m.file, g);
    cr_assert(memcmp(g + TEXT, m.file + TEXT_OFF, 0x1100) == 0);
    /* The bss is not written: vmm's guest memory is zero already. */
    for (uint32_t a = DATA + 0x100; a < DATA + 0x2000; a++)
        cr_assert_eq(g[a], 0xee, "bss at 0x%x written", a);
    cr_assert_eq(g[DATA + 0x2000], 0xee, "written past bss_end_addr");
    free(g);
}

Test(mb_address, zero_fields_mean_end_of_file_and_no_bss)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.load_end_addr = 0;
    m.h.bss_end_addr = 0;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.seg[0].filesz, FILE_LEN - TEXT_OFF);
    cr_assert_eq(m.img.seg[0].memsz, FILE_LEN - TEXT_OFF);
    mk_init(&m, 0, true);
    m.h.bss_end_addr = 0;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.seg[0].memsz, 0x1100);
}

Test(mb_address, header_and_load_addr)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.load_addr = m.h.header_addr + 4;
    refused(&m, "load_addr 0x100014 is above header_addr 0x100010");
    mk_init(&m, 0, true);
    m.h.load_addr = m.h.header_addr - HDR_OFF - 4; /* before the file */
    refused(&m, "exceeds the header's file offset 0x1010");
    mk_init(&m, 0, true);
    m.h.load_addr = TEXT - 0x1000; /* below 1 MiB, still inside the file */
    m.h.header_addr = TEXT - 0x1000 + HDR_OFF;
    m.h.entry_addr = TEXT - 0x1000 + 0x1040;
    refused(&m, "load_addr 0xff000 is below 0x100000");
}

Test(mb_address, load_end_addr)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.load_end_addr = TEXT;
    refused(&m, "load_end_addr 0x100000 is not above load_addr");
    mk_init(&m, 0, true);
    m.h.load_end_addr = TEXT - 8;
    refused(&m, "load_end_addr 0xffff8 is not above load_addr");
    mk_init(&m, 0, true);
    m.h.load_end_addr = TEXT + (FILE_LEN - TEXT_OFF) + 1;
    refused(&m, "load_end_addr 0x101101: 0x1101 bytes from file offset "
                "0x1000 run past the end of the file");
    mk_init(&m, 0, true);
    m.h.load_end_addr = TEXT + (FILE_LEN - TEXT_OFF);
    m.h.bss_end_addr = 0;
    cr_assert_eq(parse(&m), 0, "exactly to the end of the file: %s", m.err);
}

Test(mb_address, bss_end_addr)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.bss_end_addr = DATA + 0xff;
    refused(&m, "bss_end_addr 0x1010ff is below the end of the loaded data "
                "(load_end_addr 0x101100)");
    mk_init(&m, 0, true);
    m.h.bss_end_addr = DATA + 0x100; /* empty bss is fine */
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    mk_init(&m, 0, true);
    m.h.bss_end_addr = (uint32_t)MEM + 1;
    refused(&m, "bss_end_addr: the image ends at 0x20000001, past guest "
                "memory (0x20000000");
    mk_init(&m, 0, true);
    m.h.bss_end_addr = 0;
    m.h.load_end_addr = 0;
    m.h.load_addr = 0xfffff000u;
    m.h.header_addr = 0xfffff010u;
    m.h.entry_addr = 0xfffff040u;
    refused(&m, "ends past 4 GiB");
}

Test(mb_address, end_past_memory_names_the_last_field)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.load_addr = (uint32_t)MEM - 0x1000;
    m.h.header_addr = m.h.load_addr + 0x10;
    m.h.entry_addr = m.h.load_addr + 0x40;
    m.h.load_end_addr = m.h.load_addr + 0x1100;
    m.h.bss_end_addr = 0;
    refused(&m, "load_end_addr: the image ends at 0x20000100, past guest "
                "memory");
    m.h.load_end_addr = 0;
    refused(&m, "the end of the file: the image ends at");
}

Test(mb_address, entry_addr)
{
    struct mk m;
    mk_init(&m, 0, true);
    m.h.entry_addr = DATA + 0x100; /* in bss, not loaded from the file */
    refused(&m, "entry_addr 0x101100 is outside the loaded range [0x100000, "
                "0x101100)");
    mk_init(&m, 0, true);
    m.h.entry_addr = TEXT - 1;
    refused(&m, "entry_addr 0xfffff is outside");
    mk_init(&m, 0, true);
    m.h.entry_addr = TEXT;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
}

Test(mb_address, wins_over_elf_program_headers)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.ph[0].paddr = 0x40000; /* program headers would refuse this */
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.layout, MB_LAYOUT_ADDRESS);
    cr_assert(m.img.is_elf);
    mk_init(&m, 64, true);
    m.elf = 0; /* an ELF vmm cannot read: the fields still rule */
    memcpy(m.file, ELFMAG, SELFMAG);
    m.file[EI_CLASS] = ELFCLASS64;
    m.file[EI_DATA] = ELFDATA2MSB;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_not(m.img.is_elf);
}

/* --- ELF program headers ------------------------------------------------ */

Test(mb_elf, elf32_and_elf64_by_program_headers)
{
    static const int classes[] = {32, 64};
    for (int c = 0; c < 2; c++) {
        struct mk m;
        mk_init(&m, classes[c], false);
        cr_assert_eq(parse(&m), 0, "ELF%d: %s", classes[c], m.err);
        cr_assert_eq(m.img.layout,
                     classes[c] == 32 ? MB_LAYOUT_ELF32 : MB_LAYOUT_ELF64);
        cr_assert_eq(m.img.nseg, 2);
        cr_assert_eq(m.img.entry, ENTRY);
        cr_assert_eq(m.img.start, TEXT);
        cr_assert_eq(m.img.end, DATA + 0x2000);
        cr_assert_eq(m.img.seg[1].filesz, 0x100);
        cr_assert(m.img.elf.has_tls);
        cr_assert_eq(m.img.elf.tls.vaddr, TDATA);
    }
}

Test(mb_elf, loads_at_p_paddr_and_translates_the_entry)
{
    struct mk m;
    mk_init(&m, 64, false);
    m.ph[0].vaddr = 0xffffffff80100000ULL; /* higher half */
    m.entry = 0xffffffff80100040ULL;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.seg[0].addr, TEXT);
    cr_assert_eq(m.img.entry, ENTRY);
}

Test(mb_elf, segments_sorted_by_address)
{
    struct mk m;
    mk_init(&m, 32, false);
    struct ph t = m.ph[0];
    m.ph[0] = m.ph[1];
    m.ph[1] = t;
    cr_assert_eq(parse(&m), 0, "%s", m.err);
    cr_assert_eq(m.img.seg[0].addr, TEXT);
    cr_assert_eq(m.img.seg[1].addr, DATA);
}

Test(mb_elf, not_elf_without_address_fields)
{
    struct mk m;
    mk_init(&m, 0, false);
    refused(&m, "no address fields (flag bit 16) and the file is not ELF");
}

Test(mb_elf, header_refusals)
{
    struct mk m;
    mk_init(&m, 64, false);
    put_elf(&m);
    m.elf = 0; /* keep the tweaks below */
    m.file[EI_CLASS] = 3;
    refused(&m, "unknown ELF class 3");
    m.file[EI_CLASS] = ELFCLASS64;
    m.file[EI_DATA] = ELFDATA2MSB;
    refused(&m, "not a little-endian ELF file");
}

static void elf_field(int cls, size_t off32, size_t off64, uint32_t v,
                      unsigned size, const char *sub)
{
    struct mk m;
    mk_init(&m, cls, false);
    put_elf(&m);
    m.elf = 0;
    memcpy(m.file + (cls == 32 ? off32 : off64), &v, size);
    refused(&m, sub);
}

Test(mb_elf, ehdr_field_refusals)
{
    for (int cls = 32; cls <= 64; cls += 32) {
        elf_field(cls, 20, 20, 7, 4, "unknown ELF version 7");
        elf_field(cls, 18, 18, EM_ARM, 2, "built for machine 40");
        elf_field(cls, 16, 16, ET_DYN, 2, "ELF type 3 is not a static");
        elf_field(cls, 42, 54, 40, 2, "program header size 40");
        elf_field(cls, 44, 56, 0, 2, "0 program headers");
        elf_field(cls, 44, 56, 300, 2, "300 program headers");
        elf_field(cls, 28, 32, 0x20f0, 4, "program headers (offset 0x20f0)");
    }
    elf_field(32, 18, 18, EM_X86_64, 2, "not i386");
    elf_field(64, 18, 18, EM_386, 2, "not x86_64");
}

Test(mb_elf, segment_refusals)
{
    for (int cls = 32; cls <= 64; cls += 32) {
        struct mk m;
        mk_init(&m, cls, false);
        m.ph[1].filesz = 0x3000;
        refused(&m, "p_filesz 0x3000 exceeds p_memsz 0x2000");
        mk_init(&m, cls, false);
        m.ph[1].filesz = 0x101;
        refused(&m, "file data (offset 0x2000, 0x101 bytes) extends past the "
                    "end of the file");
        mk_init(&m, cls, false);
        m.ph[1].paddr = 0x9f000;
        refused(&m, "p_paddr 0x9f000 is below 0x100000");
        mk_init(&m, cls, false);
        m.ph[1].paddr = MEM - 0x1000;
        refused(&m, "p_paddr 0x1ffff000 (0x2000 bytes) ends past guest memory");
        mk_init(&m, cls, false);
        m.ph[1].paddr = TEXT + 0xff0;
        refused(&m, "PT_LOAD segments overlap: [0x100000, 0x101000) and "
                    "[0x100ff0,");
        mk_init(&m, cls, false);
        m.entry = DATA + 0x100; /* inside memsz, outside the file data */
        refused(&m, "entry point 0x101100 is not inside the file data");
        mk_init(&m, cls, false);
        m.ph[0].type = PT_NOTE;
        m.ph[1].type = PT_NULL;
        refused(&m, "no PT_LOAD segment to load");
    }
}

Test(mb_elf, elf64_limits)
{
    struct mk m;
    mk_init(&m, 64, false);
    m.ph[1].paddr = 0x100000000ULL;
    refused(&m, "p_paddr 0x100000000 (0x2000 bytes) ends past guest memory");
    mk_init(&m, 64, false);
    m.ph[1].paddr = UINT64_MAX - 0x10;
    refused(&m, "ends past guest memory");
    mk_init(&m, 64, false);
    m.max = 8ULL << 30;             /* a guest this large could hold it */
    m.ph[0].paddr = 0x100000000ULL; /* the entry would land past 4 GiB */
    refused(&m, "entry point 0x100040 is not inside the file data of a "
                "PT_LOAD segment below 4 GiB");
    mk_init(&m, 64, false);
    m.nph = 0;
    for (int i = 0; i < 33; i++)
        add_ph(&m, PT_LOAD, TEXT_OFF, TEXT + 0x1000ULL * i, 0x10, 0x10);
    refused(&m, "more than 32 PT_LOAD segments");
}

/* --- the TLS template against the header ------------------------------- */

Test(mb_tls, address_fields_covering_tdata)
{
    struct mk m;
    mk_init(&m, 64, true);
    tls_ok(&m);
    mk_init(&m, 32, true);
    tls_ok(&m);
    mk_init(&m, 64, true);
    m.h.load_end_addr = TDATA + 0x20; /* exactly to the end of .tdata */
    tls_ok(&m);
}

Test(mb_tls, tdata_past_load_end_addr)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.h.load_end_addr = TDATA + 0x1f;
    tls_refused(&m, "PT_TLS initial data (.tdata, 0x20 bytes at file offset "
                    "0x2040) is not inside what the Multiboot header loads");
    assert_has(m.err, "would read as 0");
    mk_init(&m, 64, true);
    m.h.load_end_addr = DATA; /* data segment not loaded at all */
    tls_refused(&m, "load_end_addr 0x101000");
}

Test(mb_tls, tbss_past_bss_end_addr)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.h.load_end_addr = TDATA + 0x20;
    m.h.bss_end_addr = TDATA + 0x5f;
    tls_refused(&m, "PT_TLS .tbss ends at 0x1010a0, past bss_end_addr "
                    "0x10109f");
    mk_init(&m, 64, true);
    m.h.load_end_addr = TDATA + 0x20;
    m.h.bss_end_addr = TDATA + 0x60;
    tls_ok(&m);
}

Test(mb_tls, fields_and_program_headers_disagree)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.ph[1].paddr = DATA + 0x1000; /* the ELF expects data elsewhere */
    tls_refused(&m, "lands at 0x101040 by the Multiboot address fields but "
                    "at 0x102040 by the program headers");
}

Test(mb_tls, no_tdata_or_no_tls_is_fine)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.ph[2].filesz = 0;
    m.h.load_end_addr = TDATA; /* would cut .tdata, but there is none */
    tls_ok(&m);
    mk_init(&m, 64, true);
    m.ph[2].type = PT_NULL;
    m.h.load_end_addr = TDATA;
    tls_ok(&m);
    mk_init(&m, 0, true); /* raw binary: nothing to check */
    tls_ok(&m);
}

Test(mb_tls, inconsistent_sizes)
{
    struct mk m;
    mk_init(&m, 64, true);
    m.ph[2].filesz = 0x70;
    tls_refused(&m, "PT_TLS p_filesz 0x70 exceeds p_memsz 0x60");
}

Test(mb_tls, elf_layout_needs_a_pt_load_with_the_tdata)
{
    struct mk m;
    mk_init(&m, 64, false);
    tls_ok(&m);
    mk_init(&m, 32, false);
    m.ph[1].filesz = 0x40; /* .tdata past the data segment's file bytes */
    tls_refused(&m, "is not loaded by any PT_LOAD segment");
}
