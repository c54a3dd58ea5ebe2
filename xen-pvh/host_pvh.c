/* host_pvh.c: the Xen PVH entry note and the image's load layout (pure). */
#include "host_pvh.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

static int check_layout(struct pvh_image *img, uint64_t mem_size, char *err,
                        size_t errlen)
{
    img->nseg = img->elf.nload;
    memcpy(img->seg, img->elf.load, img->nseg * sizeof(img->seg[0]));
    if (elf_sort_loads(img->seg, img->nseg, err, errlen) < 0)
        return -1;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
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
        if (i > 0 && elf_check_apart(&img->seg[i - 1], s, err, errlen) < 0)
            return -1;
    }
    img->start = img->seg[0].addr;
    img->end = elf_segment_end(&img->seg[img->nseg - 1]);
    for (unsigned i = 0; i < img->nseg; i++)
        if (img->entry >= img->seg[i].addr &&
            img->entry - img->seg[i].addr < img->seg[i].filesz)
            return 0;
    return errmsg(err, errlen,
                  "entry point 0x%x (Xen PVH note) is not inside the file data "
                  "of a PT_LOAD segment",
                  img->entry);
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
    if (elf_read(buf, len, NULL, &img->elf, err, errlen) < 0 ||
        check_layout(img, mem_size, err, errlen) < 0)
        return -1;
    /* The TLS template must come from the file (DESIGN.md, TLS item 5). */
    return elf_check_tdata_loaded(&img->elf, img->seg, img->nseg, err, errlen);
}

void pvh_copy(const struct pvh_image *img, const uint8_t *buf, uint8_t *guest)
{
    elf_copy_segments(img->seg, img->nseg, buf, guest);
}
