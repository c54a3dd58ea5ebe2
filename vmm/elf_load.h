/*
 * elf_load.h: validate and load a static ELF64 x86_64 executable; find
 * notes in it (or in an ELF32 i386 one).
 *
 * elf_parse() is a pure function over a byte buffer: it checks everything
 * (header, program headers, segment bounds and overlaps, entry point) before
 * anything touches guest memory, and on refusal writes the exact reason to
 * err. elf_copy() then places the segments into guest memory.
 */
#ifndef VMM_ELF_LOAD_H
#define VMM_ELF_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_LOAD 32

struct elf_segment {
    uint64_t addr;   /* guest-physical (== virtual) address */
    uint64_t memsz;  /* bytes in memory */
    uint64_t filesz; /* bytes from the file; the rest is zeroed */
    uint64_t offset; /* file offset */
    uint32_t flags;  /* PF_R | PF_W | PF_X */
    uint64_t align;  /* p_align */
};

struct elf_image {
    uint64_t entry;
    unsigned nload;
    struct elf_segment load[ELF_MAX_LOAD]; /* PT_LOAD, sorted by address */
    uint64_t end;                          /* highest address loaded + 1 */
    bool has_tls;
    struct elf_segment tls; /* PT_TLS when has_tls */
};

/* Where the image may go: [min_addr, max_addr). */
struct elf_limits {
    uint64_t min_addr;
    uint64_t max_addr;
};

/* Returns 0 and fills *img, or -1 with the reason in err. */
int elf_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
              struct elf_image *img, char *err, size_t errlen);

/* Copy (and zero-fill) every PT_LOAD segment to guest + addr. */
void elf_copy(const struct elf_image *img, const uint8_t *buf, uint8_t *guest);

/*
 * Find the note with owner `name` and `type` in the PT_NOTE segments of an
 * ELF64 x86_64 or ELF32 i386 executable (elf_notes.c; pure). Returns 1 and
 * the descriptor's file offset/size, 0 when absent, or -1 (reason in err)
 * when the file is not such an executable or a note segment is malformed.
 */
int elf_find_note(const uint8_t *buf, size_t len, const char *name,
                  uint32_t type, size_t *desc_off, size_t *desc_len, char *err,
                  size_t errlen);

#endif
