/* test_notes.c: elf_find_note and the Solo5 ABI note. */
#include <stdlib.h>

#include "elf_builder.h"
#include "vmm/elf_load.h"
#include "vmm/solo5_notes.h"
#include "unit.h"

static const uint8_t *image_with_notes(struct eb *b, const uint8_t *n1,
                                       size_t l1, const uint8_t *n2, size_t l2)
{
    eb_notes_image(b, n1, l1, n2, l2);
    return eb_bytes(b);
}

static int find(struct eb *b, const char *name, uint32_t type, size_t *off,
                size_t *len, char *err)
{
    return elf_find_note(b->file, b->len, name, type, off, len, err, 256);
}

Test(elf_find_note, several_notes_in_one_segment)
{
    struct eb b;
    uint8_t notes[256];
    size_t at = 0, off, len;
    char err[256];
    eb_note(notes, &at, "GNU", 3, "abcdefgh", 8);       /* build id */
    eb_note(notes, &at, "Solo5", 7, "xyz", 3);          /* padded to 4 */
    eb_note(notes, &at, "Solo5", 9, "0123456789", 10);  /* padded to 12 */
    eb_note(notes, &at, "Xen", 18, "\x10\x00\x10\x00", 4);
    image_with_notes(&b, notes, at, NULL, 0);
    uint64_t seg = b.ph[1].p_offset;

    cr_assert_eq(find(&b, "GNU", 3, &off, &len, err), 1);
    cr_assert_eq(off, seg + 16);
    cr_assert_eq(len, 8);
    cr_assert_eq(find(&b, "Solo5", 7, &off, &len, err), 1);
    cr_assert_eq(len, 3);
    cr_assert(memcmp(b.file + off, "xyz", 3) == 0);
    cr_assert_eq(find(&b, "Solo5", 9, &off, &len, err), 1);
    cr_assert_eq(len, 10);
    cr_assert(memcmp(b.file + off, "0123456789", 10) == 0);
    cr_assert_eq(find(&b, "Xen", 18, &off, &len, err), 1);
    cr_assert_eq(off, seg + at - 4);
}

Test(elf_find_note, name_and_type_must_both_match)
{
    struct eb b;
    uint8_t notes[256];
    size_t at = 0, off = 123, len = 456;
    char err[256];
    eb_note(notes, &at, "Solo5", 1, "abcd", 4);
    image_with_notes(&b, notes, at, NULL, 0);
    cr_assert_eq(find(&b, "Solo5", 2, &off, &len, err), 0);
    cr_assert_eq(find(&b, "Solo", 1, &off, &len, err), 0);
    cr_assert_eq(find(&b, "Solo55", 1, &off, &len, err), 0);
    cr_assert_eq(find(&b, "solo5", 1, &off, &len, err), 0);
    cr_assert_eq(off, 123, "nothing written when absent");
    cr_assert_eq(len, 456);
}

Test(elf_find_note, searches_every_note_segment)
{
    struct eb b;
    uint8_t n1[64], n2[64];
    size_t l1 = 0, l2 = 0, off, len;
    char err[256];
    eb_note(n1, &l1, "GNU", 1, "aaaa", 4);
    eb_note(n2, &l2, "Xen", 18, "bbbbbbbb", 8);
    image_with_notes(&b, n1, l1, n2, l2);
    cr_assert_eq(find(&b, "Xen", 18, &off, &len, err), 1);
    cr_assert_eq(off, b.ph[2].p_offset + 16);
    cr_assert_eq(len, 8);
}

Test(elf_find_note, zero_sized_descriptor_and_trailing_bytes)
{
    struct eb b;
    uint8_t notes[64];
    size_t at = 0, off, len;
    char err[256];
    eb_note(notes, &at, "Solo5", 5, "", 0);
    memset(notes + at, 0, 8); /* fewer bytes than a note header: ignored */
    image_with_notes(&b, notes, at + 8, NULL, 0);
    cr_assert_eq(find(&b, "Solo5", 5, &off, &len, err), 1);
    cr_assert_eq(len, 0);
    cr_assert_eq(find(&b, "Solo5", 6, &off, &len, err), 0);
}

Test(elf_find_note, note_running_past_its_segment)
{
    struct eb b;
    uint8_t notes[64];
    size_t at = 0, off, len;
    char err[256] = "";
    eb_note(notes, &at, "GNU", 1, "aaaa", 4);
    eb_note(notes, &at, "Solo5", 2, "0123456789abcdef", 16);
    /* The segment ends 4 bytes into the second descriptor, although the
     * file goes on (a PT_LOAD follows): the note must not be read. */
    image_with_notes(&b, notes, at, NULL, 0);
    b.ph[1].p_filesz = at - 12;
    eb_add(&b, PT_LOAD, PF_R, EB_TEXT + 0x1000, 64, 64, NULL);
    eb_bytes(&b);
    cr_assert_eq(find(&b, "Solo5", 2, &off, &len, err), -1);
    assert_has(err, "runs past its PT_NOTE segment");
    /* Only while walking to it: the first note is found. */
    cr_assert_eq(find(&b, "GNU", 1, &off, &len, err), 1);
}

Test(elf_find_note, huge_sizes_do_not_wrap)
{
    struct eb b;
    uint8_t notes[64];
    size_t at = 0, off, len;
    char err[256] = "";
    eb_note(notes, &at, "GNU", 1, "aaaa", 4);
    Elf64_Nhdr nh = {.n_namesz = 0xffffffff, .n_descsz = 0xffffffff,
                     .n_type = 1};
    memcpy(notes, &nh, sizeof(nh));
    image_with_notes(&b, notes, at, NULL, 0);
    cr_assert_eq(find(&b, "GNU", 1, &off, &len, err), -1);
    assert_has(err, "runs past");
    nh.n_namesz = 4;
    memcpy(notes, &nh, sizeof(nh));
    image_with_notes(&b, notes, at, NULL, 0);
    cr_assert_eq(find(&b, "GNU", 1, &off, &len, err), -1);
}

Test(elf_find_note, segment_past_the_file_and_bad_header)
{
    struct eb b;
    uint8_t notes[64];
    size_t at = 0, off, len;
    char err[256] = "";
    eb_note(notes, &at, "GNU", 1, "aaaa", 4);
    image_with_notes(&b, notes, at, NULL, 0);
    b.ph[1].p_offset = UINT64_MAX - 2;
    eb_bytes(&b);
    cr_assert_eq(find(&b, "GNU", 1, &off, &len, err), -1);
    assert_has(err, "PT_NOTE segment 1 extends past the end of the file");
    b.eh.e_machine = EM_ARM;
    eb_bytes(&b);
    cr_assert_eq(find(&b, "GNU", 1, &off, &len, err), -1);
    assert_has(err, "machine");
}

/* ABI1 */

static int abi_of(const uint8_t *notes, size_t nlen, struct abi1_info *abi,
                  char *err)
{
    struct eb b;
    image_with_notes(&b, notes, nlen, NULL, 0);
    return solo5_abi_read(b.file, b.len, abi, err, 256);
}

Test(solo5_abi_read, returns_target_and_version)
{
    uint8_t notes[64];
    size_t at = 0;
    char err[256];
    struct abi1_info abi;
    eb_abi_note(notes, &at, HVT_ABI_TARGET, 2);
    cr_assert_eq(abi_of(notes, at, &abi, err), 1);
    cr_assert_eq(abi.abi_target, HVT_ABI_TARGET);
    cr_assert_eq(abi.abi_version, 2);
    at = 0;
    eb_abi_note(notes, &at, XEN_ABI_TARGET, 77);
    cr_assert_eq(abi_of(notes, at, &abi, err), 1);
    cr_assert_eq(abi.abi_target, XEN_ABI_TARGET);
    cr_assert_eq(abi.abi_version, 77);
}

Test(solo5_abi_read, absent)
{
    uint8_t notes[64];
    size_t at = 0;
    char err[256];
    struct abi1_info abi;
    eb_note(notes, &at, "Solo5", MFT1_NOTE_TYPE, "abcd", 4);
    eb_note(notes, &at, "GNU", ABI1_NOTE_TYPE, "0123456789abcdef", 16);
    cr_assert_eq(abi_of(notes, at, &abi, err), 0);
}

Test(solo5_abi_read, wrong_size)
{
    uint8_t notes[64], desc[20] = {1, 0, 0, 0, 2};
    char err[256] = "";
    struct abi1_info abi;
    size_t at = 0;
    eb_note(notes, &at, "Solo5", ABI1_NOTE_TYPE, desc, 12);
    cr_assert_eq(abi_of(notes, at, &abi, err), -1);
    assert_has(err, "ABI note has 12 bytes, expected 16");
    at = 0;
    eb_note(notes, &at, "Solo5", ABI1_NOTE_TYPE, desc, 20);
    cr_assert_eq(abi_of(notes, at, &abi, err), -1);
    assert_has(err, "20 bytes");
}
