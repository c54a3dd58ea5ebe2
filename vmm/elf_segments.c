/*
 * elf_segments.c: what every loader does with the segments elf_read()
 * found (elf_load.h): sort them, refuse overlaps, copy their file bytes
 * into guest memory (which is zero already: the zero-fill is never
 * written, so it takes no host memory until the guest touches it), and
 * check that the TLS template comes from the file.
 */
#include <inttypes.h>
#include <string.h>

#include "elf_load.h"
#include "errmsg.h"

int elf_sort_loads(struct elf_segment *seg, unsigned n, char *err,
                   size_t errlen)
{
    if (n == 0)
        return errmsg(err, errlen, "no PT_LOAD segment to load");
    for (unsigned i = 1; i < n; i++) {
        struct elf_segment key = seg[i];
        unsigned j = i;
        for (; j > 0 && seg[j - 1].addr > key.addr; j--)
            seg[j] = seg[j - 1];
        seg[j] = key;
    }
    return 0;
}

int elf_check_apart(const struct elf_segment *a, const struct elf_segment *b,
                    char *err, size_t errlen)
{
    if (elf_segment_end(a) > b->addr)
        return errmsg(err, errlen,
                      "PT_LOAD segments overlap: [0x%" PRIx64 ", 0x%" PRIx64
                      ") and [0x%" PRIx64 ", 0x%" PRIx64 ")",
                      a->addr, elf_segment_end(a), b->addr, elf_segment_end(b));
    return 0;
}

int elf_sort_apart(struct elf_segment *seg, unsigned n, char *err,
                   size_t errlen)
{
    if (elf_sort_loads(seg, n, err, errlen) < 0)
        return -1;
    for (unsigned i = 1; i < n; i++)
        if (elf_check_apart(&seg[i - 1], &seg[i], err, errlen) < 0)
            return -1;
    return 0;
}

void elf_copy_segments(const struct elf_segment *seg, unsigned n,
                       const uint8_t *buf, uint8_t *guest)
{
    for (unsigned i = 0; i < n; i++) {
        const struct elf_segment *s = &seg[i];
        memcpy(guest + s->addr, buf + s->offset, s->filesz);
    }
}

void elf_copy(const struct elf_image *img, const uint8_t *buf, uint8_t *guest)
{
    elf_copy_segments(img->load, img->nload, buf, guest);
}

bool elf_in_file_part(const struct elf_segment *s, uint64_t off, uint64_t n)
{
    return off >= s->offset && off - s->offset <= s->filesz &&
           n <= s->filesz - (off - s->offset);
}

int elf_check_tls_sizes(const struct elf_segment *tls, char *err, size_t errlen)
{
    if (tls->filesz > tls->memsz)
        return errmsg(err, errlen,
                      "PT_TLS p_filesz 0x%" PRIx64
                      " exceeds p_memsz 0x%" PRIx64,
                      tls->filesz, tls->memsz);
    return 0;
}

int elf_check_tdata_loaded(const struct elf_image *img,
                           const struct elf_segment *seg, unsigned n, char *err,
                           size_t errlen)
{
    const struct elf_segment *t = &img->tls;
    if (!img->has_tls)
        return 0;
    if (elf_check_tls_sizes(t, err, errlen) < 0)
        return -1;
    if (t->filesz == 0)
        return 0; /* no .tdata: nothing to load */
    for (unsigned i = 0; i < n; i++)
        if (elf_in_file_part(&seg[i], t->offset, t->filesz))
            return 0;
    return errmsg(err, errlen,
                  "PT_TLS initial data (.tdata, 0x%" PRIx64 " bytes at file "
                  "offset 0x%" PRIx64 ") is not loaded by any PT_LOAD segment",
                  t->filesz, t->offset);
}
