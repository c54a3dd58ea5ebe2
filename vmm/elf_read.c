/*
 * elf_read.c: the program headers of an ELF64 x86_64 or ELF32 i386
 * executable as segments (elf_load.h): every PT_LOAD checked against the
 * file, then against the loader's own rules, and the PT_TLS.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "elf_class.h"
#include "elf_load.h"
#include "errmsg.h"

bool elf_has_magic(const uint8_t *buf, size_t len)
{
    return len >= EI_NIDENT && memcmp(buf, ELFMAG, SELFMAG) == 0;
}

static struct elf_segment to_segment(const Elf64_Phdr *ph)
{
    return (struct elf_segment){.addr = ph->p_paddr,
                                .vaddr = ph->p_vaddr,
                                .memsz = ph->p_memsz,
                                .filesz = ph->p_filesz,
                                .offset = ph->p_offset,
                                .flags = ph->p_flags,
                                .align = ph->p_align};
}

/* A PT_LOAD's sizes and file data: p_filesz <= p_memsz, inside the file. */
static int check_data(const struct elf_segment *s, unsigned i, size_t len,
                      char *err, size_t errlen)
{
    if (s->filesz > s->memsz)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: p_filesz 0x%" PRIx64
                      " exceeds p_memsz 0x%" PRIx64,
                      i, s->filesz, s->memsz);
    if (s->offset > len || s->filesz > len - s->offset)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: file data (offset 0x%" PRIx64
                      ", 0x%" PRIx64 " bytes) extends past the end of the file "
                      "(%zu bytes)",
                      i, s->offset, s->filesz, len);
    return 0;
}

static int add_load(struct elf_image *img, const struct elf_segment *s,
                    unsigned i, size_t len, const struct elf_rules *rules,
                    char *err, size_t errlen)
{
    uint64_t end;
    if (check_data(s, i, len, err, errlen) < 0)
        return -1;
    if (rules->check_load &&
        rules->check_load(s, i, rules->ctx, err, errlen) < 0)
        return -1;
    if (img->nload == ELF_MAX_LOAD)
        return errmsg(err, errlen, "more than %d PT_LOAD segments",
                      ELF_MAX_LOAD);
    img->load[img->nload++] = *s;
    if (__builtin_add_overflow(s->addr, s->memsz, &end))
        end = UINT64_MAX;
    if (end > img->end)
        img->end = end;
    return 0;
}

int elf_read(const uint8_t *buf, size_t len, const struct elf_rules *rules,
             struct elf_image *img, char *err, size_t errlen)
{
    static const struct elf_rules none;
    Elf64_Ehdr eh;
    if (!rules)
        rules = &none;
    memset(img, 0, sizeof(*img));
    if (elf_read_ehdr(buf, len, &eh, err, errlen) < 0)
        return -1;
    img->is64 = elf_is64(&eh);
    img->entry = eh.e_entry;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        elf_read_phdr(buf, &eh, i, &ph);
        struct elf_segment s = to_segment(&ph);
        if (ph.p_type == PT_TLS && (!img->has_tls || rules->last_tls)) {
            img->has_tls = true;
            img->tls = s;
            img->tls.addr = ph.p_vaddr;
        } else if (ph.p_type == PT_LOAD && ph.p_memsz > 0) {
            char ignored[8]; /* skip_bad_loads: keep the sound ones */
            if (rules->skip_bad_loads)
                (void)add_load(img, &s, i, len, rules, ignored,
                               sizeof(ignored));
            else if (add_load(img, &s, i, len, rules, err, errlen) < 0)
                return -1;
        }
    }
    return 0;
}
