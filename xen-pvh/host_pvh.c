/* host_pvh.c: the Xen PVH entry note and the image's load layout (pure). */
#include "host_pvh.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vmm/elf_load.h"
#include "vmm/errmsg.h"

int pvh_find_entry(const uint8_t *buf, size_t len, uint32_t *entry,
                   char *err, size_t errlen)
{
    size_t off, dlen;
    int r = elf_find_note(buf, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &off,
                          &dlen, err, errlen);
    if (r <= 0)
        return r;
    uint64_t v;
    if (dlen == 4) {
        uint32_t v32;
        memcpy(&v32, buf + off, 4);
        v = v32;
    } else if (dlen == 8) {
        memcpy(&v, buf + off, 8);
    } else {
        return errmsg(err, errlen,
                      "Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) has %zu "
                      "bytes, expected 4 or 8",
                      dlen);
    }
    if (v > UINT32_MAX)
        return errmsg(err, errlen,
                      "Xen PVH entry note: entry point 0x%" PRIx64
                      " is above 4 GiB (it is entered in 32-bit mode)",
                      v);
    *entry = (uint32_t)v;
    return 1;
}

static void sort_segments(struct mb_segment *s, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        struct mb_segment key = s[i];
        unsigned j = i;
        for (; j > 0 && s[j - 1].addr > key.addr; j--)
            s[j] = s[j - 1];
        s[j] = key;
    }
}

static int check_layout(struct pvh_image *img, uint64_t mem_size, char *err,
                        size_t errlen)
{
    if (img->elf.nload == 0)
        return errmsg(err, errlen, "no PT_LOAD segment to load");
    img->nseg = img->elf.nload;
    memcpy(img->seg, img->elf.load, img->nseg * sizeof(img->seg[0]));
    sort_segments(img->seg, img->nseg);
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct mb_segment *s = &img->seg[i];
        if (s->addr < PVH_MIN_LOAD_ADDR)
            return errmsg(err, errlen,
                          "PT_LOAD segment at p_paddr 0x%" PRIx64 " is below "
                          "0x%llx (vmm loads PVH images at 1 MiB and up)",
                          s->addr, PVH_MIN_LOAD_ADDR);
        if (s->addr > mem_size || s->memsz > mem_size - s->addr)
            return errmsg(err, errlen,
                          "PT_LOAD segment at p_paddr 0x%" PRIx64 " (0x%" PRIx64
                          " bytes) ends past guest memory (0x%" PRIx64
                          "; see --mem)",
                          s->addr, s->memsz, mem_size);
        if (i > 0 && img->seg[i - 1].addr + img->seg[i - 1].memsz > s->addr)
            return errmsg(err, errlen,
                          "PT_LOAD segments overlap: [0x%" PRIx64 ", 0x%" PRIx64
                          ") and [0x%" PRIx64 ", 0x%" PRIx64 ")",
                          img->seg[i - 1].addr,
                          img->seg[i - 1].addr + img->seg[i - 1].memsz, s->addr,
                          s->addr + s->memsz);
    }
    img->start = img->seg[0].addr;
    img->end = img->seg[img->nseg - 1].addr + img->seg[img->nseg - 1].memsz;
    for (unsigned i = 0; i < img->nseg; i++)
        if (img->entry >= img->seg[i].addr &&
            img->entry - img->seg[i].addr < img->seg[i].filesz)
            return 0;
    return errmsg(err, errlen,
                  "entry point 0x%x (Xen PVH note) is not inside the file data "
                  "of a PT_LOAD segment",
                  img->entry);
}

/* The TLS template must come from the file (DESIGN.md, TLS item 5). */
static int check_tls(const struct pvh_image *img, char *err, size_t errlen)
{
    struct mb_image mb;
    memset(&mb, 0, sizeof(mb));
    mb.layout = img->elf.is64 ? MB_LAYOUT_ELF64 : MB_LAYOUT_ELF32;
    mb.is_elf = true;
    mb.elf = img->elf;
    mb.nseg = img->nseg;
    memcpy(mb.seg, img->seg, img->nseg * sizeof(img->seg[0]));
    return mb_check_tls(&mb, err, errlen);
}

int pvh_parse(const uint8_t *buf, size_t len, uint64_t mem_size,
              struct pvh_image *img, char *err, size_t errlen)
{
    memset(img, 0, sizeof(*img));
    int r = pvh_find_entry(buf, len, &img->entry, err, errlen);
    if (r < 0)
        return -1;
    if (r == 0)
        return errmsg(err, errlen,
                      "no Xen PVH entry note (owner \"Xen\", type %d "
                      "XEN_ELFNOTE_PHYS32_ENTRY) in a PT_NOTE segment: not a "
                      "PVH image",
                      XEN_ELFNOTE_PHYS32_ENTRY);
    if (mb_elf_read(buf, len, true, &img->elf, err, errlen) <= 0)
        return -1;
    if (check_layout(img, mem_size, err, errlen) < 0)
        return -1;
    return check_tls(img, err, errlen);
}

void pvh_copy(const struct pvh_image *img, const uint8_t *buf, uint8_t *guest)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct mb_segment *s = &img->seg[i];
        memcpy(guest + s->addr, buf + s->offset, s->filesz);
        memset(guest + s->addr + s->filesz, 0, s->memsz - s->filesz);
    }
}
