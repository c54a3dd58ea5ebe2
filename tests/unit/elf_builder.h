/*
 * elf_builder.h: build small ELF64 x86_64 executables in memory for tests.
 *
 * The header and program headers live as structs until eb_bytes() lays the
 * file out: Elf64_Ehdr at 0, the program headers at EB_PHOFF (whatever
 * e_phoff says, so a test may point e_phoff elsewhere), then the segment
 * data appended by eb_add() in call order. Tests tweak eh/ph fields freely
 * between eb_add() and eb_bytes().
 */
#ifndef TESTS_UNIT_ELF_BUILDER_H
#define TESTS_UNIT_ELF_BUILDER_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define EB_MAX_PH 40
#define EB_PHOFF 64
#define EB_DATA_START (EB_PHOFF + EB_MAX_PH * sizeof(Elf64_Phdr))
#define EB_CAP 16384

/* Layout of eb_hvt_image(): a typical Solo5 hvt image. */
#define EB_TEXT 0x100000ULL   /* R+X, 0x300 bytes */
#define EB_RODATA 0x101000ULL /* R, 0x100 bytes */
#define EB_DATA 0x102000ULL   /* R+W, 0x80 bytes in the file, 0x2000 in memory */
#define EB_ENTRY (EB_TEXT + 0x10)
#define EB_TLS (EB_DATA + 0x40) /* .tdata 0x20 bytes, .tbss to 0x60, align 32 */
#define EB_END (EB_DATA + 0x2000)

struct eb {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[EB_MAX_PH];
    unsigned nph;
    unsigned nadd; /* eb_add() calls so far, for eb_pattern() */
    size_t len; /* file size; a test may shrink it to truncate */
    uint8_t file[EB_CAP];
};

/* A valid header (ET_EXEC, x86_64, no program headers yet). */
void eb_init(struct eb *b, uint64_t entry);

/* Append data (a fill pattern when NULL) and a program header pointing at it. */
Elf64_Phdr *eb_add(struct eb *b, uint32_t type, uint32_t flags, uint64_t addr,
                   uint64_t filesz, uint64_t memsz, const void *data);

/* A program header for file bytes already present at offset. */
Elf64_Phdr *eb_add_at(struct eb *b, uint32_t type, uint32_t flags,
                      uint64_t addr, uint64_t filesz, uint64_t memsz,
                      uint64_t offset);

/* Lay out the file; returns b->file, b->len bytes long. */
const uint8_t *eb_bytes(struct eb *b);

/* The fill byte eb_add() wrote at index i of the segment added as number k. */
uint8_t eb_pattern(unsigned k, size_t i);

/*
 * Append one note (owner name, type, descriptor) to out at *at, padding name
 * and descriptor to 4 bytes as elf_find_note reads them.
 */
void eb_note(uint8_t *out, size_t *at, const char *name, uint32_t type,
             const void *desc, uint32_t descsz);

/* The ABI1 descriptor for (target, version). */
void eb_abi_note(uint8_t *out, size_t *at, uint32_t target, uint32_t version);

/*
 * A MFT1 descriptor (MFT1_DESC_PAD bytes of padding, then struct mft) with
 * entry 0 reserved and one entry per name/type pair; returns its length.
 * out must hold EB_MFT_DESC_MAX bytes.
 */
#define EB_MFT_DESC_MAX (4 + 8 + 65 * 104)
size_t eb_mft_desc(uint8_t *out, unsigned n, const char *const *names,
                   const uint32_t *types);

/* The same descriptor as a note; returns the descriptor's offset in out. */
size_t eb_mft_note(uint8_t *out, size_t *at, unsigned n,
                   const char *const *names, const uint32_t *types);

/*
 * text R+X, rodata R, data R+W with .bss, PT_TLS inside data, a PT_NOTE
 * holding `notes`, and a PT_GNU_STACK. Program headers deliberately not in
 * address order; their indices are EB_PH_*.
 */
void eb_hvt_image_notes(struct eb *b, const uint8_t *notes, size_t nlen);
enum { EB_PH_DATA, EB_PH_TEXT, EB_PH_RODATA, EB_PH_TLS, EB_PH_NOTE,
       EB_PH_STACK };

/* The same with the hvt ABI1 note (version 2) and a manifest declaring
 * block "disk" (handle 1) and net "net0" (handle 2). */
void eb_hvt_image(struct eb *b);

/* Bytes of eb_hvt_image()'s notes; fills out (EB_NOTES_MAX bytes). */
#define EB_NOTES_MAX 1024
size_t eb_hvt_notes(uint8_t *out);

/* A one-page text segment and one or two PT_NOTE segments (n2 may be NULL). */
void eb_notes_image(struct eb *b, const uint8_t *n1, size_t l1,
                    const uint8_t *n2, size_t l2);

/* Limits vmm uses for hvt with the default 512 MiB. */
#define EB_MIN 0x100000ULL
#define EB_MAX (512ULL << 20)

#endif
