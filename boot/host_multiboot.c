/* host_multiboot.c: Multiboot header search and load layout (pure). */
#include "host_multiboot.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vmm/errmsg.h"

#define FOUR_GIB (1ULL << 32)

int mb_find_header(const uint8_t *buf, size_t len, size_t *off,
                   struct mb_header *hdr, char *err, size_t errlen)
{
    size_t end = len < MB_SEARCH_LIMIT ? len : MB_SEARCH_LIMIT;
    size_t bad_at = SIZE_MAX;
    uint32_t bad_sum = 0;
    for (size_t at = 0; at + 12 <= end; at += 4) {
        uint32_t w[3];
        memcpy(w, buf + at, sizeof(w));
        if (w[0] != MB_HEADER_MAGIC)
            continue;
        if ((uint32_t)(w[0] + w[1] + w[2]) != 0) {
            if (bad_at == SIZE_MAX) {
                bad_at = at;
                bad_sum = w[0] + w[1] + w[2];
            }
            continue;
        }
        memset(hdr, 0, sizeof(*hdr));
        memcpy(hdr, w, sizeof(w));
        *off = at;
        if (!(hdr->flags & MB_HF_ADDRESS))
            return 1;
        if (at + sizeof(*hdr) > end)
            return errmsg(
                err, errlen,
                "Multiboot header at offset 0x%zx: its address fields "
                "run past %s (0x%zx)",
                at, end == len ? "the end of the file" : "the first 8 KiB",
                end);
        memcpy(hdr, buf + at, sizeof(*hdr));
        return 1;
    }
    if (bad_at != SIZE_MAX)
        snprintf(err, errlen,
                 "Multiboot header at offset 0x%zx: bad checksum (magic + "
                 "flags + checksum = 0x%08x, must be 0)",
                 bad_at, bad_sum);
    else
        snprintf(err, errlen,
                 "no Multiboot header (magic 0x%08x, 4-aligned) in the first "
                 "8 KiB",
                 MB_HEADER_MAGIC);
    return 0;
}

/* Load exactly as the address fields say (QEMU's and GRUB's reading). */
static int layout_address(const struct mb_header *h, size_t hoff, size_t len,
                          const struct elf_limits *lim, struct elf_segment *s,
                          char *err, size_t errlen)
{
    if (h->load_addr > h->header_addr)
        return errmsg(err, errlen, "load_addr 0x%x is above header_addr 0x%x",
                      h->load_addr, h->header_addr);
    uint32_t before = h->header_addr - h->load_addr;
    if (before > hoff)
        return errmsg(err, errlen,
                      "header_addr 0x%x - load_addr 0x%x = 0x%x exceeds the "
                      "header's file offset 0x%zx (loading would start before "
                      "the file)",
                      h->header_addr, h->load_addr, before, hoff);
    s->addr = h->load_addr;
    s->offset = hoff - before;
    if (h->load_end_addr) {
        if (h->load_end_addr <= h->load_addr)
            return errmsg(err, errlen,
                          "load_end_addr 0x%x is not above load_addr 0x%x",
                          h->load_end_addr, h->load_addr);
        s->filesz = h->load_end_addr - h->load_addr;
        if (s->filesz > len - s->offset)
            return errmsg(err, errlen,
                          "load_end_addr 0x%x: 0x%" PRIx64 " bytes from file "
                          "offset 0x%" PRIx64 " run past the end of the file "
                          "(%zu bytes)",
                          h->load_end_addr, s->filesz, s->offset, len);
    } else {
        s->filesz = len - s->offset; /* 0: to the end of the file */
    }
    uint64_t load_end = s->addr + s->filesz;
    if (h->bss_end_addr) {
        if (h->bss_end_addr < load_end)
            return errmsg(err, errlen,
                          "bss_end_addr 0x%x is below the end of the loaded "
                          "data (load_end_addr 0x%" PRIx64 ")",
                          h->bss_end_addr, load_end);
        s->memsz = h->bss_end_addr - s->addr;
    } else {
        s->memsz = s->filesz; /* 0: no bss */
    }
    uint64_t end = s->addr + s->memsz;
    const char *last = h->bss_end_addr    ? "bss_end_addr"
                       : h->load_end_addr ? "load_end_addr"
                                          : "the end of the file";
    if (end > FOUR_GIB)
        return errmsg(err, errlen,
                      "the image (load_addr 0x%x + 0x%" PRIx64 " bytes to %s) "
                      "ends past 4 GiB",
                      h->load_addr, s->memsz, last);
    if (s->addr < lim->min_addr)
        return errmsg(err, errlen,
                      "load_addr 0x%x is below 0x%" PRIx64 " (vmm loads images "
                      "at 1 MiB and up)",
                      h->load_addr, lim->min_addr);
    if (end > lim->max_addr)
        return errmsg(err, errlen,
                      "%s: the image ends at 0x%" PRIx64 ", past guest memory "
                      "(0x%" PRIx64 "; see --mem)",
                      last, end, lim->max_addr);
    if (h->entry_addr < h->load_addr || h->entry_addr >= load_end)
        return errmsg(err, errlen,
                      "entry_addr 0x%x is outside the loaded range [0x%x, "
                      "0x%" PRIx64 ")",
                      h->entry_addr, h->load_addr, load_end);
    return 0;
}

/* The entry point as a physical address: via a segment's p_vaddr first. */
static int elf_entry(const struct elf_image *e, uint32_t *entry, char *err,
                     size_t errlen)
{
    for (unsigned i = 0; i < e->nload; i++) {
        const struct elf_segment *s = &e->load[i];
        uint64_t va = s->vaddr;
        uint64_t pa = e->entry - va + s->addr;
        if (e->entry >= va && e->entry - va < s->filesz) {
            if (pa >= FOUR_GIB)
                break;
            *entry = (uint32_t)pa;
            return 0;
        }
    }
    return errmsg(err, errlen,
                  "entry point 0x%" PRIx64 " is not inside the file data of a "
                  "PT_LOAD segment below 4 GiB",
                  e->entry);
}

/* Load by the program headers: each inside *lim, none overlapping. */
static int layout_elf(const struct elf_image *e, const struct elf_limits *lim,
                      struct mb_image *img, char *err, size_t errlen)
{
    for (unsigned i = 0; i < e->nload; i++) {
        const struct elf_segment *s = &e->load[i];
        if (s->addr < lim->min_addr)
            return errmsg(err, errlen,
                          "PT_LOAD segment at p_paddr 0x%" PRIx64 " is below "
                          "0x%" PRIx64 " (vmm loads images at 1 MiB and up)",
                          s->addr, lim->min_addr);
        if (s->addr > lim->max_addr || s->memsz > lim->max_addr - s->addr)
            return errmsg(err, errlen,
                          "PT_LOAD segment at p_paddr 0x%" PRIx64 " (0x%" PRIx64
                          " bytes) ends past guest memory (0x%" PRIx64 ")",
                          s->addr, s->memsz, lim->max_addr);
    }
    img->nseg = e->nload;
    memcpy(img->seg, e->load, e->nload * sizeof(e->load[0]));
    if (elf_sort_apart(img->seg, img->nseg, err, errlen) < 0)
        return -1;
    return elf_entry(e, &img->entry, err, errlen);
}

static int check_flags(uint32_t flags, char *err, size_t errlen)
{
    uint32_t unknown = flags & MB_HF_REQUIRED_MASK & ~MB_HF_KNOWN;
    if (unknown)
        return errmsg(err, errlen,
                      "Multiboot header flags 0x%08x require features vmm does "
                      "not offer (bits 0x%04x)",
                      flags, unknown);
    return 0;
}

/*
 * The program headers: 1 when read, 0 when buf is not ELF at all, -1 with
 * the reason in err when it is one vmm cannot read. With address fields
 * they are only a second opinion: a PT_LOAD that does not fit is left out.
 */
static int read_elf(const uint8_t *buf, size_t len, bool address,
                    struct elf_image *e, char *err, size_t errlen)
{
    static const struct elf_rules second_opinion = {.skip_bad_loads = true};
    memset(e, 0, sizeof(*e));
    if (!elf_has_magic(buf, len))
        return 0;
    const struct elf_rules *rules = address ? &second_opinion : NULL;
    if (elf_read(buf, len, rules, e, err, errlen) < 0)
        return -1;
    return 1;
}

int mb_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
             struct mb_image *img, char *err, size_t errlen)
{
    memset(img, 0, sizeof(*img));
    int r = mb_find_header(buf, len, &img->header_off, &img->hdr, err, errlen);
    if (r <= 0 || check_flags(img->hdr.flags, err, errlen) < 0)
        return -1;
    bool address = img->hdr.flags & MB_HF_ADDRESS;
    struct elf_image *e = &img->elf;
    r = read_elf(buf, len, address, e, err, errlen);
    if (r < 0 && !address)
        return -1;
    img->is_elf = r == 1;
    if (!img->is_elf)
        memset(e, 0, sizeof(*e));
    if (address) {
        img->layout = MB_LAYOUT_ADDRESS;
        img->nseg = 1;
        img->entry = img->hdr.entry_addr;
        if (layout_address(&img->hdr, img->header_off, len, lim, &img->seg[0],
                           err, errlen) < 0)
            return -1;
    } else {
        if (r == 0)
            return errmsg(err, errlen,
                          "the Multiboot header has no address fields (flag "
                          "bit 16) and the file is not ELF: nothing says where "
                          "to load it");
        img->layout = e->is64 ? MB_LAYOUT_ELF64 : MB_LAYOUT_ELF32;
        if (layout_elf(e, lim, img, err, errlen) < 0)
            return -1;
    }
    img->start = img->seg[0].addr;
    img->end = elf_segment_end(&img->seg[img->nseg - 1]);
    return 0;
}

void mb_copy(const struct mb_image *img, const uint8_t *buf, uint8_t *guest)
{
    elf_copy_segments(img->seg, img->nseg, buf, guest);
}
