/* test_mft.c: the Solo5 manifest: mft_validate, solo5_mft_read, mft_find. */
#include <stdio.h>
#include <stdlib.h>

#include "elf_builder.h"
#include "vmm/solo5_notes.h"
#include "unit.h"

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
    eb_notes_image(&b, notes, at, NULL, 0);
    eb_bytes(&b);
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
    eb_notes_image(&b, notes, at, NULL, 0);
    eb_bytes(&b);
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
