/*
 * host_multiboot.h: vmm's Multiboot (v1) loader, pure functions over the
 * image's bytes (no KVM, no I/O), so unit tests and fuzzers can drive it.
 *
 * mb_parse() finds the header, checks it and works out what to load:
 *  - with the address fields (header flag bit 16) exactly as they say, as
 *    QEMU and GRUB do, whatever the file format;
 *  - otherwise by the program headers of an ELF32 (i386) or ELF64 (x86_64)
 *    executable (read by the core's vmm/elf_load.h), at p_paddr, as GRUB
 *    does.
 * Every refusal names the field or segment at fault. mb_copy() then places
 * the image into guest memory, and mb_check_tls() checks that the header
 * loads the image's TLS template (.tdata) and covers its .tbss.
 */
#ifndef BOOT_HOST_MULTIBOOT_H
#define BOOT_HOST_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "multiboot_abi.h"
#include "vmm/elf_load.h"

#define MB_MIN_LOAD_ADDR 0x100000ULL /* vmm loads images at 1 MiB and up */
/* Header flags vmm knows; other bits of the required half are refused. */
#define MB_HF_KNOWN (MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO | MB_HF_VIDEO_MODE)
#define MB_HF_REQUIRED_MASK 0xffffu

enum mb_layout {
    MB_LAYOUT_ADDRESS, /* header address fields */
    MB_LAYOUT_ELF32,   /* ELF32 program headers */
    MB_LAYOUT_ELF64,   /* ELF64 program headers */
};

struct mb_image {
    size_t header_off;    /* file offset of the header */
    struct mb_header hdr; /* address fields valid with MB_HF_ADDRESS */
    enum mb_layout layout;
    uint32_t entry; /* 32-bit entry point (physical) */
    unsigned nseg;
    struct elf_segment seg[ELF_MAX_LOAD]; /* sorted by address */
    uint64_t start, end;  /* lowest address loaded, highest + 1 */
    bool is_elf;          /* elf holds the program headers */
    struct elf_image elf; /* PT_LOAD in file order, at p_paddr */
};

/*
 * Find the header: the first 4-aligned magic in the first 8 KiB whose
 * checksum holds. 1 and the offset and header, 0 when there is none (err says
 * why: none at all, or only ones with bad checksums), -1 when the header found
 * is cut short by the 8 KiB limit or the end of the file.
 */
int mb_find_header(const uint8_t *buf, size_t len, size_t *off,
                   struct mb_header *hdr, char *err, size_t errlen);

/*
 * Check everything and fill *img; 0, or -1 with the reason in err. lim:
 * where the image may go in guest memory.
 */
int mb_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
             struct mb_image *img, char *err, size_t errlen);

/*
 * Copy every segment's file bytes to guest + addr; mb_parse()d only.
 * guest must be zero: the zero-fill (bss) is left unwritten (elf_load.h).
 */
void mb_copy(const struct mb_image *img, const uint8_t *buf, uint8_t *guest);

/*
 * The TLS contract (DESIGN.md, item 5): when the image has a PT_TLS with
 * .tdata, its file bytes are loaded, at the address the program expects,
 * and .tbss lies inside what is zeroed. 0 (also when there is no TLS), or
 * -1 with the reason in err.
 */
int mb_check_tls(const struct mb_image *img, char *err, size_t errlen);

#endif
