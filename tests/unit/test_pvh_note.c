/*
 * test_pvh_note.c: the Xen PVH entry note (pvh_find_entry) in ELF64 and
 * ELF32 kernels, the PVH loader's checks (pvh_parse) and copy, and
 * target_detect on PVH images.
 */
#include <stdlib.h>

#include "elf_builder.h"
#include "solo5_elf_abi.h"
#include "targets.h"
#include "unit.h"
#include "xen-pvh/host_pvh.h"

#define MEM (64ULL << 20)
#define ENTRY (EB_TEXT + 0x20)

/* An ELF64 image: text at 1 MiB, a data segment, the given notes. */
static void image64(struct eb *b, const uint8_t *notes, size_t nlen)
{
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x300, 0x300, NULL);
    eb_add(b, PT_LOAD, PF_R | PF_W, EB_DATA, 0x80, 0x2000, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
    eb_bytes(b);
}

static void pvh_image64(struct eb *b, uint64_t entry, uint32_t descsz)
{
    uint8_t notes[64];
    size_t at = 0;
    eb_note(notes, &at, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &entry, descsz);
    image64(b, notes, at);
}

/* An ELF32 i386 kernel: one PT_LOAD at load (filesz bytes) and a note. */
struct img32 {
    uint8_t file[4096];
    size_t len;
};

static void image32(struct img32 *m, uint16_t machine, uint32_t load,
                    uint32_t filesz, uint32_t entry)
{
    Elf32_Ehdr eh = {.e_type = ET_EXEC,
                     .e_machine = machine,
                     .e_version = EV_CURRENT,
                     .e_entry = entry,
                     .e_phoff = sizeof(Elf32_Ehdr),
                     .e_ehsize = sizeof(Elf32_Ehdr),
                     .e_phentsize = sizeof(Elf32_Phdr),
                     .e_phnum = 2};
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS32;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    uint8_t notes[32];
    size_t nlen = 0;
    eb_note(notes, &nlen, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4);
    Elf32_Phdr ph[2] = {
        {.p_type = PT_LOAD, .p_offset = 0x200, .p_vaddr = 0xc0000000 + load,
         .p_paddr = load, .p_filesz = filesz, .p_memsz = filesz + 0x1000,
         .p_flags = PF_R | PF_W | PF_X, .p_align = 0x1000},
        {.p_type = PT_NOTE, .p_offset = 0x100, .p_vaddr = 0, .p_paddr = 0,
         .p_filesz = (uint32_t)nlen, .p_memsz = (uint32_t)nlen,
         .p_flags = PF_R, .p_align = 4},
    };
    memset(m->file, 0x90, sizeof(m->file));
    memcpy(m->file, &eh, sizeof(eh));
    memcpy(m->file + sizeof(eh), ph, sizeof(ph));
    memcpy(m->file + 0x100, notes, nlen);
    m->len = 0x200 + filesz;
}

Test(pvh_find_entry, four_and_eight_byte_descriptors)
{
    struct eb b;
    uint32_t entry = 0;
    char err[256] = "";
    pvh_image64(&b, ENTRY, 4);
    cr_assert_eq(pvh_find_entry(b.file, b.len, &entry, err, sizeof(err)), 1,
                 "%s", err);
    cr_assert_eq(entry, ENTRY);
    pvh_image64(&b, ENTRY + 4, 8);
    cr_assert_eq(pvh_find_entry(b.file, b.len, &entry, err, sizeof(err)), 1);
    cr_assert_eq(entry, ENTRY + 4);
}

Test(pvh_find_entry, bad_descriptors)
{
    struct eb b;
    uint32_t entry = 0;
    char err[256] = "";
    pvh_image64(&b, 0x100000000ULL, 8);
    cr_assert_eq(pvh_find_entry(b.file, b.len, &entry, err, sizeof(err)), -1);
    assert_has(err, "0x100000000 is above 4 GiB");
    pvh_image64(&b, ENTRY, 2);
    cr_assert_eq(pvh_find_entry(b.file, b.len, &entry, err, sizeof(err)), -1);
    assert_has(err, "has 2 bytes, expected 4 or 8");
}

Test(pvh_find_entry, absent_or_another_owner)
{
    struct eb b;
    uint8_t notes[64];
    size_t at = 0;
    uint32_t entry = 0, e = ENTRY;
    char err[256] = "";
    eb_note(notes, &at, "Xen", 1, &e, 4); /* XEN_ELFNOTE_ENTRY: not PVH */
    eb_note(notes, &at, "Solo", XEN_ELFNOTE_PHYS32_ENTRY, &e, 4);
    image64(&b, notes, at);
    cr_assert_eq(pvh_find_entry(b.file, b.len, &entry, err, sizeof(err)), 0);
    cr_assert_eq(pvh_find_entry(b.file, 10, &entry, err, sizeof(err)), -1);
    assert_has(err, "too short");
}

Test(pvh_find_entry, elf32_kernel)
{
    static struct img32 m;
    uint32_t entry = 0;
    char err[256] = "";
    image32(&m, EM_386, 0x200000, 0x100, 0x200010);
    cr_assert_eq(pvh_find_entry(m.file, m.len, &entry, err, sizeof(err)), 1,
                 "%s", err);
    cr_assert_eq(entry, 0x200010);
    const char *why = NULL;
    cr_assert_eq(target_detect(m.file, m.len, &why), TARGET_XEN_PVH);
    assert_has(why, "Xen PVH");
    image32(&m, EM_X86_64, 0x200000, 0x100, 0x200010);
    cr_assert_eq(pvh_find_entry(m.file, m.len, &entry, err, sizeof(err)), -1);
    assert_has(err, "not i386");
}

Test(pvh_find_entry, every_prefix_is_refused_or_read)
{
    struct eb b;
    pvh_image64(&b, ENTRY, 4);
    for (size_t len = 0; len <= b.len; len++) {
        uint8_t *buf = malloc(len ? len : 1);
        memcpy(buf, b.file, len);
        uint32_t entry = 0;
        char err[256] = "";
        int r = pvh_find_entry(buf, len, &entry, err, sizeof(err));
        cr_assert(r == (len == b.len ? 1 : -1), "prefix %zu: %d", len, r);
        if (r < 0)
            cr_assert(err[0], "prefix %zu refused without a reason", len);
        free(buf);
    }
}

Test(pvh_parse, elf64_image)
{
    struct eb b;
    struct pvh_image img;
    char err[256] = "";
    pvh_image64(&b, ENTRY, 4);
    cr_assert_eq(pvh_parse(b.file, b.len, MEM, &img, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(img.entry, ENTRY);
    cr_assert_eq(img.nseg, 2);
    cr_assert_eq(img.start, EB_TEXT);
    cr_assert_eq(img.end, EB_DATA + 0x2000);
    uint8_t *guest = calloc(1, MEM);
    memset(guest + EB_DATA, 0xff, 0x2000);
    pvh_copy(&img, b.file, guest);
    cr_assert_eq(memcmp(guest + EB_TEXT, b.file + b.ph[0].p_offset, 0x300), 0);
    cr_assert_eq(guest[EB_DATA + 0x80], 0xff,
                 "bss not written (vmm's guest memory is zero)");
    free(guest);
}

Test(pvh_parse, image_may_fill_memory)
{
    struct eb b;
    struct pvh_image img;
    char err[256] = "";
    uint64_t end = EB_DATA + 0x2000;
    pvh_image64(&b, ENTRY, 4);
    cr_assert_eq(pvh_parse(b.file, b.len, end, &img, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(pvh_parse(b.file, b.len, end - 1, &img, err, sizeof(err)),
                 -1);
    assert_has(err, "ends past guest memory");
}

Test(pvh_parse, elf32_image_loads_at_paddr)
{
    static struct img32 m;
    struct pvh_image img;
    char err[256] = "";
    image32(&m, EM_386, 0x200000, 0x100, 0x200010);
    cr_assert_eq(pvh_parse(m.file, m.len, MEM, &img, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(img.seg[0].addr, 0x200000);
    cr_assert_eq(img.end, 0x201100);
}

static void refused(const uint8_t *buf, size_t len, uint64_t mem,
                    const char *want)
{
    struct pvh_image img;
    char err[256] = "";
    cr_assert_eq(pvh_parse(buf, len, mem, &img, err, sizeof(err)), -1,
                 "accepted, expected: %s", want);
    assert_has(err, want);
}

Test(pvh_parse, refusals)
{
    struct eb b;
    static struct img32 m;
    image64(&b, NULL, 0);
    refused(b.file, b.len, MEM, "no Xen PVH entry note");
    pvh_image64(&b, EB_TEXT + 0x300, 4);
    refused(b.file, b.len, MEM, "entry point 0x100300");
    pvh_image64(&b, EB_DATA + 0x100, 4); /* in .bss: no code there */
    refused(b.file, b.len, MEM, "not inside the file data");
    pvh_image64(&b, ENTRY, 4);
    refused(b.file, b.len, 0x101000, "ends past guest memory");
    b.ph[1].p_paddr = EB_TEXT + 0x200;
    eb_bytes(&b);
    refused(b.file, b.len, MEM, "overlap");
    image32(&m, EM_386, 0xf0000, 0x100, 0xf0010);
    refused(m.file, m.len, MEM, "below 0x100000");
    image32(&m, EM_386, 0x200000, 0x100, 0x200010);
    refused(m.file, m.len - 1, MEM, "past the end of the file");
}

Test(pvh_parse, tls_template_must_be_loaded)
{
    struct eb b;
    char err[256] = "";
    struct pvh_image img;
    pvh_image64(&b, ENTRY, 4);
    Elf64_Phdr *t = eb_add_at(&b, PT_TLS, PF_R, EB_DATA + 0x40, 0x20, 0x60,
                              b.ph[1].p_offset + 0x40);
    eb_bytes(&b);
    cr_assert_eq(pvh_parse(b.file, b.len, MEM, &img, err, sizeof(err)), 0,
                 "%s", err);
    t->p_filesz = 0x100; /* .tdata reaching past the file data */
    t->p_memsz = 0x100;
    eb_bytes(&b);
    refused(b.file, b.len, MEM, "PT_TLS initial data");
}

Test(target_detect, solo5_xen_note_beats_multiboot_header)
{
    struct eb b;
    uint8_t notes[128];
    size_t at = 0;
    uint64_t e = ENTRY;
    uint32_t mb[3] = {0x1BADB002u, 0x00010003, -(0x1BADB002u + 0x00010003)};
    const char *why = NULL;
    eb_abi_note(notes, &at, XEN_ABI_TARGET, 1);
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, sizeof(mb), sizeof(mb), mb);
    eb_add(&b, PT_NOTE, PF_R, 0, at, at, notes);
    eb_bytes(&b);
    cr_assert_eq(target_detect(b.file, b.len, &why), TARGET_XEN_PVH);
    assert_has(why, "Solo5 ABI note");
    at = 0; /* a plain PVH note next to the header: still xen-pvh */
    eb_note(notes, &at, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &e, 4);
    b.nph = 1;
    eb_add(&b, PT_NOTE, PF_R, 0, at, at, notes);
    eb_bytes(&b);
    cr_assert_eq(target_detect(b.file, b.len, &why), TARGET_XEN_PVH);
}
