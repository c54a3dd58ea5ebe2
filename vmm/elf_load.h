/*
 * elf_load.h: vmm's one ELF reader, shared by every loader (hvt, Multiboot,
 * PVH): the program headers of an ELF64 x86_64 or ELF32 i386 static
 * executable as segments, what the loaders do with those segments (sort,
 * refuse overlaps, copy into guest memory, check that the TLS template is
 * loaded from the file), and the notes it carries.
 *
 * Everything here is pure (no KVM, no I/O) and checks every offset and size
 * against the file before reading; each refusal writes the exact reason to
 * err. A loader adds its own rules (where segments may go, how the entry
 * point is found) on top: hvt/host_elf.c, boot/host_multiboot.c,
 * xen-pvh/host_pvh.c.
 */
#ifndef VMM_ELF_LOAD_H
#define VMM_ELF_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_LOAD 32

/* A PT_LOAD (or the PT_TLS) program header, in either class. */
struct elf_segment {
    uint64_t addr;   /* guest-physical load address: p_paddr (PT_TLS:
                        p_vaddr, where the code finds the template) */
    uint64_t vaddr;  /* p_vaddr */
    uint64_t memsz;  /* bytes in memory */
    uint64_t filesz; /* bytes from the file; the rest is zeroed */
    uint64_t offset; /* file offset */
    uint32_t flags;  /* PF_R | PF_W | PF_X */
    uint64_t align;  /* p_align */
};

/* What the program headers say. */
struct elf_image {
    bool is64; /* ELF64 x86_64, else ELF32 i386 */
    uint64_t entry;
    unsigned nload;
    struct elf_segment load[ELF_MAX_LOAD]; /* PT_LOAD with p_memsz > 0, in
                                              file order (hvt: sorted) */
    uint64_t end; /* highest PT_LOAD address + 1 (UINT64_MAX if it wraps) */
    bool has_tls;
    struct elf_segment tls; /* PT_TLS when has_tls */
};

/* Where an image may go: [min_addr, max_addr) of guest memory. */
struct elf_limits {
    uint64_t min_addr;
    uint64_t max_addr;
};

/* What a loader asks of elf_read() beyond its own checks. */
struct elf_rules {
    /*
     * Leave out a PT_LOAD elf_read() (or check_load) refuses rather than
     * fail: Multiboot images with address fields do not need them.
     */
    bool skip_bad_loads;
    bool last_tls; /* the last PT_TLS counts, not the first (hvt) */
    /*
     * The loader's own check of PT_LOAD i (program header index), after
     * the sizes and the file data are checked and before the segment is
     * counted against ELF_MAX_LOAD; NULL for none. 0, or -1 with the
     * reason in err.
     */
    int (*check_load)(const struct elf_segment *s, unsigned i, const void *ctx,
                      char *err, size_t errlen);
    const void *ctx; /* check_load's */
};

/* buf starts with the ELF magic. */
bool elf_has_magic(const uint8_t *buf, size_t len);

/*
 * Read the ELF header and every program header (elf_class.h checks the
 * header); each PT_LOAD must have p_filesz <= p_memsz and its file data
 * inside the file. rules may be NULL. 0 and *img, or -1 with the reason.
 */
int elf_read(const uint8_t *buf, size_t len, const struct elf_rules *rules,
             struct elf_image *img, char *err, size_t errlen);

static inline uint64_t elf_segment_end(const struct elf_segment *s)
{
    return s->addr + s->memsz;
}

/* Refuse "no PT_LOAD segment to load" (n == 0), else sort by address. */
int elf_sort_loads(struct elf_segment *seg, unsigned n, char *err,
                   size_t errlen);

/* a (sorted before b) ends at or before b's start; -1 with the reason. */
int elf_check_apart(const struct elf_segment *a, const struct elf_segment *b,
                    char *err, size_t errlen);

/* elf_sort_loads(), then elf_check_apart() on each neighbouring pair. */
int elf_sort_apart(struct elf_segment *seg, unsigned n, char *err,
                   size_t errlen);

/*
 * Copy the file bytes of seg[0..n) to guest + addr; checked segments only.
 * guest must be zero (vmm's guest memory is a fresh anonymous mapping):
 * the bytes from p_filesz to p_memsz (.bss) are left as they are, never
 * written, so a large .bss costs no host memory until the guest touches it.
 */
void elf_copy_segments(const struct elf_segment *seg, unsigned n,
                       const uint8_t *buf, uint8_t *guest);

/* elf_copy_segments() of every PT_LOAD segment of img (zero guest). */
void elf_copy(const struct elf_image *img, const uint8_t *buf, uint8_t *guest);

/* File bytes [off, off + n) lie within s's file data. */
bool elf_in_file_part(const struct elf_segment *s, uint64_t off, uint64_t n);

/* The PT_TLS's p_filesz is at most its p_memsz; -1 with the reason. */
int elf_check_tls_sizes(const struct elf_segment *tls, char *err,
                        size_t errlen);

/*
 * The TLS contract (DESIGN.md, TLS item 5) for images loaded by program
 * headers (Multiboot's ELF layout, PVH): when img has a PT_TLS with .tdata,
 * its sizes agree and its file bytes lie inside the file data of one of
 * seg[0..n). 0 (also without TLS), or -1 with the reason in err.
 */
int elf_check_tdata_loaded(const struct elf_image *img,
                           const struct elf_segment *seg, unsigned n, char *err,
                           size_t errlen);

/*
 * Find the note with owner `name` and `type` in the PT_NOTE segments of an
 * ELF64 x86_64 or ELF32 i386 executable (elf_notes.c). Returns 1 and the
 * descriptor's file offset/size, 0 when absent, or -1 (reason in err) when
 * the file is not such an executable or a note segment is malformed.
 */
int elf_find_note(const uint8_t *buf, size_t len, const char *name,
                  uint32_t type, size_t *desc_off, size_t *desc_len, char *err,
                  size_t errlen);

#endif
