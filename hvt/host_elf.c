/*
 * host_elf.c: hvt's rules for its ELF64 images (host_elf.h), checked while
 * and after the core's reader reads the program headers.
 */
#include "host_elf.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>

#include "vmm/errmsg.h"

/* a + b without wrapping; false when it would wrap. */
static bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
    return !__builtin_add_overflow(a, b, sum);
}

/* Each PT_LOAD, as the reader finds it: identity-mapped, inside *lim. */
static int check_load(const struct elf_segment *s, unsigned i, const void *ctx,
                      char *err, size_t errlen)
{
    const struct elf_limits *lim = ctx;
    uint64_t mend;
    if (s->vaddr != s->addr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: p_vaddr 0x%" PRIx64
                      " differs from p_paddr 0x%" PRIx64
                      " (guest memory is identity-mapped)",
                      i, s->vaddr, s->addr);
    if (!add_ok(s->addr, s->memsz, &mend))
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: address 0x%" PRIx64
                      " + size 0x%" PRIx64 " overflows",
                      i, s->addr, s->memsz);
    if (s->addr < lim->min_addr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u starts at 0x%" PRIx64
                      ", below the lowest load address 0x%" PRIx64,
                      i, s->addr, lim->min_addr);
    if (mend > lim->max_addr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u ends past guest memory (0x%" PRIx64
                      " > 0x%" PRIx64 ")",
                      i, mend, lim->max_addr);
    return 0;
}

static int check_entry(const struct elf_image *img, char *err, size_t errlen)
{
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        if ((s->flags & PF_X) && img->entry >= s->addr &&
            img->entry - s->addr < s->memsz)
            return 0;
    }
    return errmsg(err, errlen,
                  "entry point 0x%" PRIx64
                  " is not inside an executable segment",
                  img->entry);
}

/* .tdata must be loaded from the file by some PT_LOAD (TLS contract 5). */
static int check_tls(const struct elf_image *img, char *err, size_t errlen)
{
    const struct elf_segment *t = &img->tls;
    uint64_t tend;
    if (t->filesz > t->memsz || !add_ok(t->addr, t->memsz, &tend))
        return errmsg(err, errlen, "PT_TLS segment has inconsistent sizes");
    if (t->align > 1 && (t->align & (t->align - 1)) != 0)
        return errmsg(err, errlen,
                      "PT_TLS alignment 0x%" PRIx64 " is not a power of two",
                      t->align);
    if (t->filesz == 0)
        return 0;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        if (t->addr >= s->addr && t->addr + t->filesz <= s->addr + s->filesz &&
            t->offset - s->offset == t->addr - s->addr)
            return 0;
    }
    return errmsg(err, errlen,
                  "PT_TLS initial data (.tdata, 0x%" PRIx64
                  " bytes at 0x%" PRIx64
                  ") is not loaded by any PT_LOAD segment",
                  t->filesz, t->addr);
}

int hvt_elf_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
                  struct elf_image *img, char *err, size_t errlen)
{
    /* The last PT_TLS counts, as it always has for hvt. */
    const struct elf_rules rules = {
        .last_tls = true, .check_load = check_load, .ctx = lim};
    if (elf_has_magic(buf, len) && buf[EI_CLASS] != ELFCLASS64)
        return errmsg(err, errlen, "not a 64-bit ELF file (class %u)",
                      buf[EI_CLASS]);
    if (elf_read(buf, len, &rules, img, err, errlen) < 0 ||
        elf_sort_apart(img->load, img->nload, err, errlen) < 0 ||
        check_entry(img, err, errlen) < 0)
        return -1;
    if (img->has_tls && check_tls(img, err, errlen) < 0)
        return -1;
    return 0;
}
