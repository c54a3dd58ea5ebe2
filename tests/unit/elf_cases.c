/* elf_cases.c: the table of malformed images (see elf_cases.h). */
#include "elf_cases.h"

#include <stdlib.h>
#include <string.h>

#include "hvt/host_elf.h"
#include "vmm/solo5_notes.h"

#define PH(b, i) (&(b)->ph[EB_PH_##i])

static void ok_hvt(struct eb *b)
{
    eb_hvt_image(b);
}

static void ok_minimal(struct eb *b)
{
    uint8_t notes[EB_NOTES_MAX];
    size_t nlen = eb_hvt_notes(notes);
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
}

/* Header */
static void empty(struct eb *b) { eb_hvt_image(b); b->len = 0; }
static void short_header(struct eb *b) { eb_hvt_image(b); b->len = 63; }
static void bad_magic(struct eb *b) { eb_hvt_image(b); b->eh.e_ident[EI_MAG1] = 'X'; }
static void class32(struct eb *b) { eb_hvt_image(b); b->eh.e_ident[EI_CLASS] = ELFCLASS32; }
static void big_endian(struct eb *b) { eb_hvt_image(b); b->eh.e_ident[EI_DATA] = ELFDATA2MSB; }
static void ident_version(struct eb *b) { eb_hvt_image(b); b->eh.e_ident[EI_VERSION] = EV_NONE; }
static void e_version(struct eb *b) { eb_hvt_image(b); b->eh.e_version = 2; }
static void machine_i386(struct eb *b) { eb_hvt_image(b); b->eh.e_machine = EM_386; }
static void machine_arm64(struct eb *b) { eb_hvt_image(b); b->eh.e_machine = EM_AARCH64; }
static void et_dyn(struct eb *b) { eb_hvt_image(b); b->eh.e_type = ET_DYN; }
static void et_rel(struct eb *b) { eb_hvt_image(b); b->eh.e_type = ET_REL; }
static void phentsize(struct eb *b) { eb_hvt_image(b); b->eh.e_phentsize = 32; }
static void phnum0(struct eb *b) { eb_hvt_image(b); b->eh.e_phnum = 0; }
static void phnum257(struct eb *b) { eb_hvt_image(b); b->eh.e_phnum = 257; }
static void phoff_eof(struct eb *b) { eb_hvt_image(b); b->eh.e_phoff = b->len - 100; }
static void phoff_wrap(struct eb *b) { eb_hvt_image(b); b->eh.e_phoff = UINT64_MAX - 8; }
static void phdrs_cut(struct eb *b)
{
    eb_hvt_image(b);
    b->len = EB_PHOFF + b->nph * sizeof(Elf64_Phdr) - 1;
}

/* PT_LOAD segments */
static void filesz_gt_memsz(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TEXT)->p_memsz = 0x200;
}
static void data_past_eof(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TEXT)->p_offset = b->len - 0x100;
}
static void offset_wrap(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TEXT)->p_offset = UINT64_MAX - 0x10;
}
static void truncated(struct eb *b)
{
    eb_hvt_image(b);
    b->len = PH(b, RODATA)->p_offset + 0x80;
}
static void vaddr_ne_paddr(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr += 0x1000;
}
static void addr_wrap(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TEXT)->p_vaddr = PH(b, TEXT)->p_paddr = UINT64_MAX - 0x100;
}
static void below_min(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr = PH(b, RODATA)->p_paddr = EB_MIN - 0x1000;
}
static void at_zero(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr = PH(b, RODATA)->p_paddr = 0;
}
static void past_max(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, DATA)->p_vaddr = PH(b, DATA)->p_paddr = EB_MAX - 0x1000;
}
static void bss_past_max(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, DATA)->p_memsz = EB_MAX; /* file part fits, .bss does not */
}
static void overlap(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr = PH(b, RODATA)->p_paddr = EB_TEXT + 0x2ff;
}
static void overlap_inside(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr = PH(b, RODATA)->p_paddr = EB_DATA + 0x1000;
}
static void overlap_same(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, RODATA)->p_vaddr = PH(b, RODATA)->p_paddr = EB_TEXT;
}
static void no_load(struct eb *b)
{
    uint8_t notes[EB_NOTES_MAX];
    size_t nlen = eb_hvt_notes(notes);
    eb_init(b, EB_ENTRY);
    eb_add(b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
}
static void only_empty_loads(struct eb *b)
{
    eb_init(b, EB_ENTRY);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0, 0, NULL);
    eb_add(b, PT_LOAD, PF_R | PF_W, 0, 0, 0, NULL);
}
static void entry_in_data(struct eb *b) { eb_hvt_image(b); b->eh.e_entry = EB_DATA + 8; }
static void entry_in_rodata(struct eb *b) { eb_hvt_image(b); b->eh.e_entry = EB_RODATA; }
static void entry_past_text(struct eb *b) { eb_hvt_image(b); b->eh.e_entry = EB_TEXT + 0x300; }
static void entry_before_text(struct eb *b) { eb_hvt_image(b); b->eh.e_entry = EB_TEXT - 1; }
static void entry_zero(struct eb *b) { eb_hvt_image(b); b->eh.e_entry = 0; }
static void too_many_loads(struct eb *b)
{
    eb_init(b, EB_TEXT);
    for (unsigned i = 0; i <= ELF_MAX_LOAD; i++)
        eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT + i * 0x1000ULL, 0x10, 0x10,
               NULL);
}

/* PT_TLS */
static void tls_outside(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TLS)->p_vaddr = PH(b, TLS)->p_paddr = 0x200000;
}
static void tls_in_bss(struct eb *b)
{
    eb_hvt_image(b); /* .tdata ends 0x10 past the data segment's file part */
    PH(b, TLS)->p_vaddr = PH(b, TLS)->p_paddr = EB_DATA + 0x70;
    PH(b, TLS)->p_offset = PH(b, DATA)->p_offset + 0x70;
}
static void tls_offset(struct eb *b)
{
    eb_hvt_image(b); /* right address, file offset of other bytes */
    PH(b, TLS)->p_offset += 8;
}
static void tls_align3(struct eb *b) { eb_hvt_image(b); PH(b, TLS)->p_align = 3; }
static void tls_align48(struct eb *b) { eb_hvt_image(b); PH(b, TLS)->p_align = 48; }
static void tls_sizes(struct eb *b) { eb_hvt_image(b); PH(b, TLS)->p_memsz = 0x10; }
static void tls_wrap(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, TLS)->p_memsz = UINT64_MAX - 0x10;
}

/* Notes */
static void note_past_segment(struct eb *b)
{
    eb_hvt_image(b); /* the manifest note is cut by its segment's end */
    PH(b, NOTE)->p_filesz -= 8;
}
static void note_segment_past_eof(struct eb *b)
{
    eb_hvt_image(b);
    PH(b, NOTE)->p_filesz += 4;
}
static void abi_size(struct eb *b)
{
    uint8_t notes[EB_NOTES_MAX], desc[12] = {1, 0, 0, 0, 2};
    size_t nlen = 0;
    eb_note(notes, &nlen, "Solo5", 0x31494241, desc, sizeof(desc));
    eb_hvt_image_notes(b, notes, nlen);
}
static void mft_with(struct eb *b, void (*edit)(struct mft *m))
{
    static const char *const names[] = {"disk", "net0"};
    static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC};
    uint8_t notes[EB_NOTES_MAX];
    size_t nlen = 0;
    eb_abi_note(notes, &nlen, HVT_ABI_TARGET, 2);
    size_t at = eb_mft_note(notes, &nlen, 2, names, types);
    struct mft *m = malloc(8 + 3 * sizeof(struct mft_entry));
    memcpy(m, notes + at + MFT1_DESC_PAD, 8 + 3 * sizeof(struct mft_entry));
    edit(m);
    memcpy(notes + at + MFT1_DESC_PAD, m, 8 + 3 * sizeof(struct mft_entry));
    free(m);
    eb_hvt_image_notes(b, notes, nlen);
}
static void edit_version(struct mft *m) { m->version = 2; }
static void edit_entries(struct mft *m) { m->entries = 2; }
static void edit_dup(struct mft *m) { strcpy(m->e[2].name, "disk"); }
static void edit_unterminated(struct mft *m) { memset(m->e[1].name, 'a', MFT_NAME_SIZE); }
static void edit_type(struct mft *m) { m->e[2].type = (mft_type_t)7; }
static void mft_version(struct eb *b) { mft_with(b, edit_version); }
static void mft_count(struct eb *b) { mft_with(b, edit_entries); }
static void mft_dup(struct eb *b) { mft_with(b, edit_dup); }
static void mft_unterminated(struct eb *b) { mft_with(b, edit_unterminated); }
static void mft_type(struct eb *b) { mft_with(b, edit_type); }

struct elf_case elf_cases[] = {
    {"ok-hvt.elf", CASE_OK, ok_hvt, {0}},
    {"ok-minimal.elf", CASE_OK, ok_minimal, {0}},
    {"empty.elf", CASE_ELF, empty, {"too short", "(0 bytes)"}},
    {"short-header.elf", CASE_ELF, short_header, {"too short", "(63 bytes)"}},
    {"bad-magic.elf", CASE_ELF, bad_magic, {"not an ELF file", "magic"}},
    {"class32.elf", CASE_ELF, class32, {"not a 64-bit ELF", "class 1"}},
    {"big-endian.elf", CASE_ELF, big_endian, {"little-endian"}},
    {"ident-version.elf", CASE_ELF, ident_version, {"ELF version"}},
    {"e-version.elf", CASE_ELF, e_version, {"ELF version"}},
    {"machine-i386.elf", CASE_ELF, machine_i386, {"machine 3", "not x86_64"}},
    {"machine-arm64.elf", CASE_ELF, machine_arm64, {"machine 183", "not x86_64"}},
    {"et-dyn.elf", CASE_ELF, et_dyn, {"ELF type 3", "ET_EXEC"}},
    {"et-rel.elf", CASE_ELF, et_rel, {"ELF type 1", "ET_EXEC"}},
    {"phentsize.elf", CASE_ELF, phentsize, {"program header size 32", "56"}},
    {"phnum-0.elf", CASE_ELF, phnum0, {"0 program headers", "1..256"}},
    {"phnum-257.elf", CASE_ELF, phnum257, {"257 program headers", "1..256"}},
    {"phoff-past-eof.elf", CASE_ELF, phoff_eof, {"program headers", "past the end of the file"}},
    {"phoff-wrap.elf", CASE_ELF, phoff_wrap, {"program headers", "0xfffffffffffffff7", "past the end"}},
    {"phdrs-cut.elf", CASE_ELF, phdrs_cut, {"program headers", "(399 bytes)"}},
    {"filesz-gt-memsz.elf", CASE_ELF, filesz_gt_memsz, {"segment 1", "p_filesz 0x300 exceeds p_memsz 0x200"}},
    {"data-past-eof.elf", CASE_ELF, data_past_eof, {"segment 1", "file data", "past the end of the file"}},
    {"offset-wrap.elf", CASE_ELF, offset_wrap, {"segment 1", "past the end of the file"}},
    {"truncated.elf", CASE_ELF, truncated, {"segment 2", "past the end of the file"}},
    {"vaddr-ne-paddr.elf", CASE_ELF, vaddr_ne_paddr, {"segment 2", "p_vaddr 0x102000 differs from p_paddr 0x101000"}},
    {"addr-wrap.elf", CASE_ELF, addr_wrap, {"segment 1", "overflows"}},
    {"below-1mib.elf", CASE_ELF, below_min, {"segment 2 starts at 0xff000", "below the lowest load address 0x100000"}},
    {"at-zero.elf", CASE_ELF, at_zero, {"segment 2 starts at 0x0", "below"}},
    {"past-memory.elf", CASE_ELF, past_max, {"segment 0 ends past guest memory", "0x20001000 > 0x20000000"}},
    {"bss-past-memory.elf", CASE_ELF, bss_past_max, {"segment 0 ends past guest memory"}},
    {"overlap.elf", CASE_ELF, overlap, {"overlap", "[0x100000, 0x100300)", "[0x1002ff, 0x1003ff)"}},
    {"overlap-inside.elf", CASE_ELF, overlap_inside, {"overlap", "[0x102000, 0x104000)"}},
    {"overlap-same.elf", CASE_ELF, overlap_same, {"overlap"}},
    {"no-load.elf", CASE_ELF, no_load, {"no PT_LOAD"}},
    {"only-empty-loads.elf", CASE_ELF, only_empty_loads, {"no PT_LOAD"}},
    {"entry-in-data.elf", CASE_ELF, entry_in_data, {"entry point 0x102008", "not inside an executable segment"}},
    {"entry-in-rodata.elf", CASE_ELF, entry_in_rodata, {"entry point 0x101000", "executable"}},
    {"entry-past-text.elf", CASE_ELF, entry_past_text, {"entry point 0x100300", "executable"}},
    {"entry-before-text.elf", CASE_ELF, entry_before_text, {"entry point 0xfffff", "executable"}},
    {"entry-zero.elf", CASE_ELF, entry_zero, {"entry point 0x0 ", "executable"}},
    {"too-many-loads.elf", CASE_ELF, too_many_loads, {"more than 32 PT_LOAD"}},
    {"tls-not-loaded.elf", CASE_ELF, tls_outside, {"PT_TLS", ".tdata", "at 0x200000", "not loaded"}},
    {"tls-in-bss.elf", CASE_ELF, tls_in_bss, {"PT_TLS", "at 0x102070", "not loaded"}},
    {"tls-offset.elf", CASE_ELF, tls_offset, {"PT_TLS", "not loaded"}},
    {"tls-align-3.elf", CASE_ELF, tls_align3, {"PT_TLS alignment 0x3", "power of two"}},
    {"tls-align-48.elf", CASE_ELF, tls_align48, {"PT_TLS alignment 0x30", "power of two"}},
    {"tls-sizes.elf", CASE_ELF, tls_sizes, {"PT_TLS", "inconsistent sizes"}},
    {"tls-wrap.elf", CASE_ELF, tls_wrap, {"PT_TLS", "inconsistent sizes"}},
    {"note-past-segment.elf", CASE_MFT, note_past_segment, {"note at offset", "runs past its PT_NOTE segment"}},
    {"note-segment-past-eof.elf", CASE_ABI, note_segment_past_eof, {"PT_NOTE segment 4", "past the end of the file"}},
    {"abi-note-size.elf", CASE_ABI, abi_size, {"ABI note has 12 bytes, expected 16"}},
    {"mft-version.elf", CASE_MFT, mft_version, {"manifest version 2", "version 1"}},
    {"mft-size-mismatch.elf", CASE_MFT, mft_count, {"note size 324", "its 2 entries (220)"}},
    {"mft-duplicate.elf", CASE_MFT, mft_dup, {"declares 'disk' twice"}},
    {"mft-unterminated.elf", CASE_MFT, mft_unterminated, {"entry 1", "not terminated"}},
    {"mft-type.elf", CASE_MFT, mft_type, {"entry 2 ('net0')", "unknown type 7"}},
};
const size_t elf_ncases = sizeof(elf_cases) / sizeof(elf_cases[0]);

int elf_case_check(const struct elf_case *c, const uint8_t *buf, size_t len,
                   char *err, size_t errlen)
{
    struct elf_limits lim = {EB_MIN, EB_MAX};
    struct elf_image img;
    struct abi1_info abi;
    struct mft *m = NULL;
    size_t msize;
    int r;
    switch (c->kind) {
    case CASE_ELF:
        return hvt_elf_parse(buf, len, &lim, &img, err, errlen);
    case CASE_ABI:
        return solo5_abi_read(buf, len, &abi, err, errlen) == 1 ? 0 : -1;
    case CASE_MFT:
        r = solo5_mft_read(buf, len, &m, &msize, err, errlen);
        free(m);
        return r == 1 ? 0 : -1;
    case CASE_OK:
        if (hvt_elf_parse(buf, len, &lim, &img, err, errlen) < 0 ||
            solo5_abi_read(buf, len, &abi, err, errlen) != 1)
            return -1;
        r = solo5_mft_read(buf, len, &m, &msize, err, errlen);
        free(m);
        return r == 1 ? 0 : -1;
    }
    return -1;
}
