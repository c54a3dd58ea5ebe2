/* solo5_notes.c: reading and checking the Solo5 ABI1 and MFT1 notes. */
#include "solo5_notes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_load.h"
#include "errmsg.h"

int solo5_abi_read(const uint8_t *buf, size_t len, struct abi1_info *out,
                   char *err, size_t errlen)
{
    size_t off, dlen;
    int r = elf_find_note(buf, len, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, &off,
                          &dlen, err, errlen);
    if (r <= 0)
        return r;
    if (dlen != sizeof(*out))
        return errmsg(err, errlen, "Solo5 ABI note has %zu bytes, expected %zu",
                      dlen, sizeof(*out));
    memcpy(out, buf + off, sizeof(*out));
    return 1;
}

const char *mft_type_name(mft_type_t t)
{
    const char *name = mft_dev_name(t);
    if (name)
        return name;
    return t == MFT_RESERVED_FIRST ? "RESERVED_FIRST" : "unknown";
}

static int check_entry(const struct mft *m, uint32_t i, char *err,
                       size_t errlen)
{
    const struct mft_entry *e = &m->e[i];
    size_t n = strnlen(e->name, MFT_NAME_SIZE);
    if (n == MFT_NAME_SIZE)
        return errmsg(err, errlen, "manifest entry %u: name is not terminated",
                      i);
    if (i == 0)
        return e->type == MFT_RESERVED_FIRST
                   ? 0
                   : errmsg(err, errlen,
                            "manifest entry 0 is not the reserved first entry");
    if (!mft_dev_name(e->type))
        return errmsg(err, errlen, "manifest entry %u ('%s'): unknown type %u",
                      i, e->name, (unsigned)e->type);
    if (n == 0)
        return errmsg(err, errlen, "manifest entry %u has an empty name", i);
    for (uint32_t j = 1; j < i; j++)
        if (strcmp(m->e[j].name, e->name) == 0)
            return errmsg(err, errlen, "manifest declares '%s' twice", e->name);
    return 0;
}

int mft_validate(const uint8_t *desc, size_t desc_len, char *err,
                 size_t errlen)
{
    if (desc_len < MFT1_DESC_PAD + sizeof(struct mft) ||
        desc_len > MFT1_DESC_PAD + MFT1_NOTE_MAX_SIZE)
        return errmsg(err, errlen, "manifest note has an invalid size (%zu)",
                      desc_len);
    struct mft hdr;
    memcpy(&hdr, desc + MFT1_DESC_PAD, sizeof(hdr));
    if (hdr.version != MFT_VERSION)
        return errmsg(err, errlen, "manifest version %u, vmm reads version %d",
                      hdr.version, MFT_VERSION);
    if (hdr.entries < 1 || hdr.entries > MFT_MAX_ENTRIES)
        return errmsg(err, errlen, "manifest has %u entries (allowed 1..%d)",
                      hdr.entries, MFT_MAX_ENTRIES);
    size_t want = MFT1_DESC_PAD + sizeof(struct mft) +
                  hdr.entries * sizeof(struct mft_entry);
    if (desc_len != want)
        return errmsg(err, errlen,
                      "manifest note size %zu does not match its %u entries "
                      "(%zu)",
                      desc_len, hdr.entries, want);
    struct mft *m = malloc(want - MFT1_DESC_PAD);
    if (!m)
        return errmsg(err, errlen, "out of memory");
    memcpy(m, desc + MFT1_DESC_PAD, want - MFT1_DESC_PAD);
    int r = 0;
    for (uint32_t i = 0; i < m->entries && r == 0; i++)
        r = check_entry(m, i, err, errlen);
    free(m);
    return r;
}

int solo5_mft_read(const uint8_t *buf, size_t len, struct mft **out,
                   size_t *out_size, char *err, size_t errlen)
{
    size_t off, dlen;
    int r = elf_find_note(buf, len, SOLO5_NOTE_NAME, MFT1_NOTE_TYPE, &off,
                          &dlen, err, errlen);
    if (r <= 0)
        return r;
    if (mft_validate(buf + off, dlen, err, errlen) < 0)
        return -1;
    *out_size = dlen - MFT1_DESC_PAD;
    *out = malloc(*out_size);
    if (!*out)
        return errmsg(err, errlen, "out of memory");
    memcpy(*out, buf + off + MFT1_DESC_PAD, *out_size);
    for (uint32_t i = 0; i < (*out)->entries; i++) {
        struct mft_entry *e = &(*out)->e[i];
        e->attached = false;
        e->b.hostfd = -1;
        memset(&e->u, 0, sizeof(e->u));
    }
    return 1;
}

int mft_find(const struct mft *m, const char *name)
{
    for (uint32_t i = 1; i < m->entries; i++)
        if (strcmp(m->e[i].name, name) == 0)
            return (int)i;
    return -1;
}
