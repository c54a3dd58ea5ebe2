/* test_notes.c: elf_find_note, the Solo5 ABI note and the manifest. */
#include <stdio.h>
#include <stdlib.h>

#include "elf_builder.h"
#include "elf_load.h"
#include "solo5_notes.h"
#include "unit.h"

/* An image whose PT_NOTE segments hold the given note bytes. */
static const uint8_t *image_with_notes(struct eb *b, const uint8_t *n1,
                                       size_t l1, const uint8_t *n2, size_t l2)
{
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, l1, l1, n1);
    if (n2)
        eb_add(b, PT_NOTE, PF_R, 0, l2, l2, n2);
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

/* MFT1 */

#define ENTRY_SIZE sizeof(struct mft_entry)

/* A manifest (entry 0 reserved) with n devices named d1, d2, ... */
static struct mft *mft_new(unsigned n, mft_type_t type)
{
    struct mft *m = calloc(1, sizeof(*m) + (n + 1) * ENTRY_SIZE);
    cr_assert(m);
    m->version = MFT_VERSION;
    m->entries = n + 1;
    m->e[0].type = MFT_RESERVED_FIRST;
    for (unsigned i = 1; i <= n; i++) {
        m->e[i].type = type;
        snprintf(m->e[i].name, MFT_NAME_SIZE, "d%u", i);
    }
    return m;
}

/* Its MFT1 descriptor: the padding, then entries_in_bytes entries. */
static int validate(const struct mft *m, unsigned entries_in_bytes, char *err)
{
    size_t len = MFT1_DESC_PAD + sizeof(*m) + entries_in_bytes * ENTRY_SIZE;
    uint8_t *desc = calloc(1, len);
    memcpy(desc + MFT1_DESC_PAD, m, len - MFT1_DESC_PAD);
    int r = mft_validate(desc, len, err, 256);
    free(desc);
    return r;
}

Test(mft_validate, good_manifests)
{
    char err[256] = "";
    for (unsigned n = 0; n < MFT_MAX_ENTRIES; n++) {
        struct mft *m = mft_new(n, n % 2 ? MFT_DEV_NET_BASIC
                                         : MFT_DEV_BLOCK_BASIC);
        cr_assert_eq(validate(m, n + 1, err), 0, "%u devices: %s", n, err);
        free(m);
    }
}

Test(mft_validate, longest_name)
{
    char err[256] = "";
    struct mft *m = mft_new(1, MFT_DEV_NET_BASIC);
    memset(m->e[1].name, 'n', MFT_NAME_MAX);
    cr_assert_eq(validate(m, 2, err), 0, "%s", err);
    free(m);
}

Test(mft_validate, bad_version)
{
    char err[256] = "";
    struct mft *m = mft_new(1, MFT_DEV_NET_BASIC);
    m->version = 2;
    cr_assert_eq(validate(m, 2, err), -1);
    assert_has(err, "manifest version 2");
    free(m);
}

Test(mft_validate, zero_entries)
{
    char err[256] = "";
    struct mft *m = mft_new(1, MFT_DEV_NET_BASIC);
    m->entries = 0;
    cr_assert_eq(validate(m, 1, err), -1);
    assert_has(err, "0 entries (allowed 1..64)");
    free(m);
}

Test(mft_validate, more_than_64_entries)
{
    char err[256] = "";
    struct mft *m = mft_new(MFT_MAX_ENTRIES, MFT_DEV_NET_BASIC);
    cr_assert_eq(validate(m, MFT_MAX_ENTRIES + 1, err), -1);
    assert_has(err, "invalid size");
    m->entries = MFT_MAX_ENTRIES + 1; /* in a descriptor of 64 entries */
    cr_assert_eq(validate(m, MFT_MAX_ENTRIES, err), -1);
    assert_has(err, "65 entries (allowed 1..64)");
    free(m);
}

Test(mft_validate, size_does_not_match_entries)
{
    char err[256] = "";
    struct mft *m = mft_new(3, MFT_DEV_BLOCK_BASIC);
    cr_assert_eq(validate(m, 3, err), -1);
    assert_has(err, "does not match its 4 entries");
    m->entries = 2;
    cr_assert_eq(validate(m, 4, err), -1);
    assert_has(err, "does not match its 2 entries");
    free(m);
}

Test(mft_validate, descriptor_too_small_or_too_large)
{
    char err[256] = "";
    uint8_t desc[16] = {0};
    cr_assert_eq(mft_validate(desc, 11, err, sizeof(err)), -1);
    assert_has(err, "invalid size (11)");
    cr_assert_eq(mft_validate(desc, 0, err, sizeof(err)), -1);
    size_t big = MFT1_DESC_PAD + MFT1_NOTE_MAX_SIZE + 1;
    uint8_t *d = calloc(1, big);
    cr_assert_eq(mft_validate(d, big, err, sizeof(err)), -1);
    assert_has(err, "invalid size");
    free(d);
}

Test(mft_validate, entry_0_not_reserved)
{
    char err[256] = "";
    struct mft *m = mft_new(1, MFT_DEV_NET_BASIC);
    m->e[0].type = MFT_DEV_NET_BASIC;
    cr_assert_eq(validate(m, 2, err), -1);
    assert_has(err, "entry 0 is not the reserved first entry");
    free(m);
}

Test(mft_validate, unknown_types)
{
    char err[256] = "";
    const uint32_t bad[] = {0, 3, MFT_RESERVED_FIRST, 0xffffffff};
    for (unsigned i = 0; i < 4; i++) {
        struct mft *m = mft_new(2, MFT_DEV_NET_BASIC);
        m->e[2].type = (mft_type_t)bad[i];
        cr_assert_eq(validate(m, 3, err), -1, "type 0x%x accepted", bad[i]);
        assert_has(err, "entry 2 ('d2'): unknown type");
        free(m);
    }
}

Test(mft_validate, empty_name)
{
    char err[256] = "";
    struct mft *m = mft_new(2, MFT_DEV_NET_BASIC);
    m->e[2].name[0] = '\0';
    cr_assert_eq(validate(m, 3, err), -1);
    assert_has(err, "entry 2 has an empty name");
    free(m);
}

Test(mft_validate, unterminated_name)
{
    char err[256] = "";
    struct mft *m = mft_new(2, MFT_DEV_NET_BASIC);
    memset(m->e[2].name, 'x', MFT_NAME_SIZE);
    cr_assert_eq(validate(m, 3, err), -1);
    assert_has(err, "entry 2: name is not terminated");
    memset(m->e[2].name, 0, MFT_NAME_SIZE);
    strcpy(m->e[2].name, "ok");
    memset(m->e[0].name, 'x', MFT_NAME_SIZE); /* the reserved entry too */
    cr_assert_eq(validate(m, 3, err), -1);
    assert_has(err, "entry 0: name is not terminated");
    free(m);
}

Test(mft_validate, duplicate_names)
{
    char err[256] = "";
    struct mft *m = mft_new(5, MFT_DEV_BLOCK_BASIC);
    strcpy(m->e[5].name, "d2");
    m->e[5].type = MFT_DEV_NET_BASIC; /* even of different kinds */
    cr_assert_eq(validate(m, 6, err), -1);
    assert_has(err, "declares 'd2' twice");
    strcpy(m->e[5].name, "D2"); /* names are case-sensitive */
    cr_assert_eq(validate(m, 6, err), 0, "%s", err);
    free(m);
}

/* solo5_mft_read and mft_find */

static uint8_t *image_with_mft(const struct mft *m, size_t *len)
{
    static struct eb b;
    size_t dlen = MFT1_DESC_PAD + sizeof(*m) + m->entries * ENTRY_SIZE;
    uint8_t *desc = calloc(1, dlen), notes[EB_MFT_DESC_MAX + 64];
    size_t at = 0;
    memcpy(desc + MFT1_DESC_PAD, m, dlen - MFT1_DESC_PAD);
    eb_abi_note(notes, &at, HVT_ABI_TARGET, 2);
    eb_note(notes, &at, "Solo5", MFT1_NOTE_TYPE, desc, (uint32_t)dlen);
    free(desc);
    image_with_notes(&b, notes, at, NULL, 0);
    uint8_t *buf = malloc(b.len);
    memcpy(buf, b.file, b.len);
    *len = b.len;
    return buf;
}

Test(solo5_mft_read, copies_and_clears_host_fields)
{
    char err[256] = "";
    struct mft *m = mft_new(2, MFT_DEV_BLOCK_BASIC), *out = NULL;
    m->e[2].type = MFT_DEV_NET_BASIC;
    for (unsigned i = 0; i < 3; i++) { /* what a hostile image could set */
        m->e[i].attached = true;
        m->e[i].b.hostfd = 5;
        memset(&m->e[i].u, 0x5a, sizeof(m->e[i].u));
    }
    size_t len, size = 0;
    uint8_t *img = image_with_mft(m, &len);
    cr_assert_eq(solo5_mft_read(img, len, &out, &size, err, sizeof(err)), 1,
                 "%s", err);
    cr_assert_eq(size, sizeof(*m) + 3 * ENTRY_SIZE);
    cr_assert_eq(out->version, MFT_VERSION);
    cr_assert_eq(out->entries, 3);
    cr_assert_eq(out->e[1].type, MFT_DEV_BLOCK_BASIC);
    cr_assert_eq(out->e[2].type, MFT_DEV_NET_BASIC);
    cr_assert_str_eq(out->e[1].name, "d1");
    cr_assert_str_eq(out->e[2].name, "d2");
    static const uint8_t zero[sizeof(m->e[0].u)];
    for (unsigned i = 0; i < 3; i++) {
        cr_assert_not(out->e[i].attached, "entry %u", i);
        cr_assert_eq(out->e[i].b.hostfd, -1, "entry %u", i);
        cr_assert(memcmp(&out->e[i].u, zero, sizeof(zero)) == 0, "entry %u",
                  i);
    }
    free(out);
    free(img);
    free(m);
}

Test(solo5_mft_read, absent_and_malformed)
{
    char err[256] = "";
    struct mft *out = NULL;
    size_t size, len, at = 0;
    struct eb b;
    uint8_t notes[64];
    eb_abi_note(notes, &at, HVT_ABI_TARGET, 2);
    image_with_notes(&b, notes, at, NULL, 0);
    cr_assert_eq(solo5_mft_read(b.file, b.len, &out, &size, err, 256), 0);
    cr_assert_null(out);

    struct mft *m = mft_new(2, MFT_DEV_BLOCK_BASIC);
    strcpy(m->e[2].name, "d1");
    uint8_t *img = image_with_mft(m, &len);
    cr_assert_eq(solo5_mft_read(img, len, &out, &size, err, 256), -1);
    assert_has(err, "declares 'd1' twice");
    cr_assert_null(out);
    free(img);
    free(m);
}

Test(mft_find, by_name_from_entry_1)
{
    struct mft *m = mft_new(3, MFT_DEV_BLOCK_BASIC);
    strcpy(m->e[0].name, "zero");
    cr_assert_eq(mft_find(m, "d1"), 1);
    cr_assert_eq(mft_find(m, "d3"), 3);
    cr_assert_eq(mft_find(m, "d4"), -1);
    cr_assert_eq(mft_find(m, "d"), -1);
    cr_assert_eq(mft_find(m, ""), -1, "nothing matches the reserved entry");
    cr_assert_eq(mft_find(m, "zero"), -1);
    free(m);
}

Test(mft_type_name, names)
{
    cr_assert_str_eq(mft_type_name(MFT_DEV_BLOCK_BASIC), "BLOCK_BASIC");
    cr_assert_str_eq(mft_type_name(MFT_DEV_NET_BASIC), "NET_BASIC");
    cr_assert_str_eq(mft_type_name(MFT_RESERVED_FIRST), "RESERVED_FIRST");
    cr_assert_str_eq(mft_type_name((mft_type_t)9), "unknown");
}
