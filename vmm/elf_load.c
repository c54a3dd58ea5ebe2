/* elf_load.c: ELF64 executable validation and loading (pure, no KVM). */
#include "elf_load.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "elf_class.h"
#include "errmsg.h"


/* a + b without wrapping; false when it would wrap. */
static bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
    return !__builtin_add_overflow(a, b, sum);
}

/* hvt images are ELF64 only; the rest is the shared reader's business. */
static int check_header(const uint8_t *buf, size_t len, Elf64_Ehdr *eh,
                        char *err, size_t errlen)
{
    if (len >= EI_NIDENT && memcmp(buf, ELFMAG, SELFMAG) == 0 &&
        buf[EI_CLASS] != ELFCLASS64)
        return errmsg(err, errlen, "not a 64-bit ELF file (class %u)",
                      buf[EI_CLASS]);
    return elf_read_ehdr(buf, len, eh, err, errlen);
}

static int check_load(const Elf64_Phdr *ph, unsigned i, size_t len,
                      const struct elf_limits *lim, char *err, size_t errlen)
{
    uint64_t mend;
    if (elf_check_load_data(ph, i, len, err, errlen) < 0)
        return -1;
    if (ph->p_vaddr != ph->p_paddr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: p_vaddr 0x%" PRIx64
                      " differs from p_paddr 0x%" PRIx64
                      " (guest memory is identity-mapped)",
                      i, ph->p_vaddr, ph->p_paddr);
    if (!add_ok(ph->p_paddr, ph->p_memsz, &mend))
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: address 0x%" PRIx64
                      " + size 0x%" PRIx64 " overflows",
                      i, ph->p_paddr, ph->p_memsz);
    if (ph->p_paddr < lim->min_addr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u starts at 0x%" PRIx64
                      ", below the lowest load address 0x%" PRIx64,
                      i, ph->p_paddr, lim->min_addr);
    if (mend > lim->max_addr)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u ends past guest memory (0x%" PRIx64
                      " > 0x%" PRIx64 ")",
                      i, mend, lim->max_addr);
    return 0;
}

static void sort_segments(struct elf_segment *s, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        struct elf_segment key = s[i];
        unsigned j = i;
        for (; j > 0 && s[j - 1].addr > key.addr; j--)
            s[j] = s[j - 1];
        s[j] = key;
    }
}

static struct elf_segment to_segment(const Elf64_Phdr *ph)
{
    struct elf_segment s = {.addr = ph->p_paddr,
                            .memsz = ph->p_memsz,
                            .filesz = ph->p_filesz,
                            .offset = ph->p_offset,
                            .flags = ph->p_flags,
                            .align = ph->p_align};
    return s;
}

static int check_layout(struct elf_image *img, char *err, size_t errlen)
{
    if (img->nload == 0)
        return errmsg(err, errlen, "no PT_LOAD segment to load");
    sort_segments(img->load, img->nload);
    for (unsigned i = 1; i < img->nload; i++) {
        const struct elf_segment *a = &img->load[i - 1], *b = &img->load[i];
        if (a->addr + a->memsz > b->addr)
            return errmsg(err, errlen,
                          "PT_LOAD segments overlap: [0x%" PRIx64 ", 0x%" PRIx64
                          ") and [0x%" PRIx64 ", 0x%" PRIx64 ")",
                          a->addr, a->addr + a->memsz, b->addr,
                          b->addr + b->memsz);
    }
    const struct elf_segment *last = &img->load[img->nload - 1];
    img->end = last->addr + last->memsz;

    bool entry_ok = false;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        if ((s->flags & PF_X) && img->entry >= s->addr &&
            img->entry - s->addr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return errmsg(err, errlen,
                      "entry point 0x%" PRIx64
                      " is not inside an executable segment",
                      img->entry);
    return 0;
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

int elf_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
              struct elf_image *img, char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    memset(img, 0, sizeof(*img));
    if (check_header(buf, len, &eh, err, errlen) < 0)
        return -1;
    img->entry = eh.e_entry;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        elf_read_phdr(buf, &eh, i, &ph);
        if (ph.p_type == PT_TLS) {
            img->has_tls = true;
            img->tls = to_segment(&ph);
            img->tls.addr = ph.p_vaddr;
            continue;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue; /* PT_INTERP, PT_NOTE, GNU_STACK...: not loaded */
        if (check_load(&ph, i, len, lim, err, errlen) < 0)
            return -1;
        if (img->nload == ELF_MAX_LOAD)
            return errmsg(err, errlen, "more than %d PT_LOAD segments",
                          ELF_MAX_LOAD);
        img->load[img->nload++] = to_segment(&ph);
    }
    if (check_layout(img, err, errlen) < 0)
        return -1;
    if (img->has_tls && check_tls(img, err, errlen) < 0)
        return -1;
    return 0;
}

void elf_copy(const struct elf_image *img, const uint8_t *buf, uint8_t *guest)
{
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        memcpy(guest + s->addr, buf + s->offset, s->filesz);
        memset(guest + s->addr + s->filesz, 0, s->memsz - s->filesz);
    }
}
