/*
 * solo5_notes.h: the Solo5 ABI1 and MFT1 notes of an image (pure parsing).
 */
#ifndef VMM_SOLO5_NOTES_H
#define VMM_SOLO5_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "mft_abi.h"
#include "solo5_elf_abi.h"

/* 1 and *out when the ABI1 note exists, 0 when absent, -1 (err) malformed. */
int solo5_abi_read(const uint8_t *buf, size_t len, struct abi1_info *out,
                   char *err, size_t errlen);

/*
 * Check a MFT1 descriptor (n_descsz bytes, starting with MFT1_DESC_PAD bytes
 * of padding): version, entry count, the reserved first entry, types, names
 * (terminated, non-empty, unique). 0, or -1 with the reason in err.
 */
int mft_validate(const uint8_t *desc, size_t desc_len, char *err,
                 size_t errlen);

/*
 * Find, validate and copy the manifest: *out is a malloc'd struct mft of
 * *out_size bytes with host-side fields (attached, hostfd) cleared.
 * 1 found, 0 absent, -1 malformed (err).
 */
int solo5_mft_read(const uint8_t *buf, size_t len, struct mft **out,
                   size_t *out_size, char *err, size_t errlen);

/* Entry index with this name, or -1. */
int mft_find(const struct mft *m, const char *name);

/* For messages: a device type's name (MFT_DEV_TYPES), else
 * "RESERVED_FIRST" or "unknown". */
const char *mft_type_name(mft_type_t t);

#endif
