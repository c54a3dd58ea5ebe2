/*
 * host_mb_tls.c: does the Multiboot header load the image's TLS template?
 *
 * QEMU and GRUB copy only load_addr..load_end_addr from the file and zero
 * the rest up to bss_end_addr, so a .tdata left outside load_end_addr reads
 * back as zeros at run time, silently. vmm check and vmm run refuse it.
 */
#include <inttypes.h>
#include <stdio.h>

#include "host_multiboot.h"
#include "vmm/errmsg.h"

/* Where the ELF's own PT_LOADs put file offset off, if one covers it. */
static bool elf_paddr_of(const struct elf_image *e, uint64_t off, uint64_t n,
                         uint64_t *pa)
{
    for (unsigned i = 0; i < e->nload; i++)
        if (elf_in_file_part(&e->load[i], off, n)) {
            *pa = e->load[i].addr + (off - e->load[i].offset);
            return true;
        }
    return false;
}

static int check_address_layout(const struct mb_image *img, char *err,
                                size_t errlen)
{
    const struct elf_segment *t = &img->elf.tls;
    const struct elf_segment *s = &img->seg[0];
    const struct mb_header *h = &img->hdr;
    uint64_t load_end = s->addr + s->filesz, bss_end = s->addr + s->memsz;
    if (!elf_in_file_part(s, t->offset, t->filesz))
        return errmsg(err, errlen,
                      "PT_TLS initial data (.tdata, 0x%" PRIx64 " bytes at "
                      "file offset 0x%" PRIx64 ") is not inside what the "
                      "Multiboot header loads (load_addr 0x%x..load_end_addr "
                      "0x%" PRIx64 ", file offset 0x%" PRIx64 "..0x%" PRIx64
                      "): its initial values would read as 0",
                      t->filesz, t->offset, h->load_addr, load_end, s->offset,
                      s->offset + s->filesz);
    uint64_t lands = s->addr + (t->offset - s->offset), want;
    if (elf_paddr_of(&img->elf, t->offset, t->filesz, &want) && want != lands)
        return errmsg(err, errlen,
                      "PT_TLS initial data (.tdata) lands at 0x%" PRIx64
                      " by the Multiboot address fields but at 0x%" PRIx64
                      " by the program headers",
                      lands, want);
    if (t->memsz > bss_end - lands)
        return errmsg(err, errlen,
                      "PT_TLS .tbss ends at 0x%" PRIx64 ", past bss_end_addr "
                      "0x%" PRIx64 " (the end of what the header zeroes)",
                      lands + t->memsz, bss_end);
    return 0;
}

int mb_check_tls(const struct mb_image *img, char *err, size_t errlen)
{
    const struct elf_segment *t = &img->elf.tls;
    if (!img->is_elf || !img->elf.has_tls)
        return 0;
    if (img->layout != MB_LAYOUT_ADDRESS)
        return elf_check_tdata_loaded(&img->elf, img->seg, img->nseg, err,
                                      errlen);
    if (elf_check_tls_sizes(t, err, errlen) < 0)
        return -1;
    if (t->filesz == 0)
        return 0; /* no .tdata: nothing to load */
    return check_address_layout(img, err, errlen);
}
