/*
 * host_mb_elf.c: the loadable segments and TLS template of an ELF32 (i386)
 * or ELF64 (x86_64) Multiboot kernel, from vmm's class-independent reader.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host_multiboot.h"
#include "vmm/elf_class.h"
#include "vmm/errmsg.h"

static int add_load(struct mb_elf *e, const Elf64_Phdr *p, unsigned i,
                    size_t len, char *err, size_t errlen)
{
    if (elf_check_load_data(p, i, len, err, errlen) < 0)
        return -1;
    if (e->nload == MB_MAX_SEGMENTS)
        return errmsg(err, errlen, "more than %d PT_LOAD segments",
                      MB_MAX_SEGMENTS);
    e->load_vaddr[e->nload] = p->p_vaddr;
    e->load[e->nload++] = (struct mb_segment){
        .addr = p->p_paddr,
        .filesz = p->p_filesz,
        .memsz = p->p_memsz,
        .offset = p->p_offset,
    };
    return 0;
}

int mb_elf_read(const uint8_t *buf, size_t len, bool want_load,
                struct mb_elf *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return 0;
    Elf64_Ehdr h;
    if (elf_read_ehdr(buf, len, &h, err, errlen) < 0)
        return -1;
    e->is64 = elf_is64(&h);
    e->entry = h.e_entry;
    for (unsigned i = 0; i < h.e_phnum; i++) {
        Elf64_Phdr p;
        elf_read_phdr(buf, &h, i, &p);
        if (p.p_type == PT_TLS && !e->has_tls) {
            e->has_tls = true;
            e->tls =
                (struct mb_tls){p.p_vaddr, p.p_offset, p.p_filesz, p.p_memsz};
        } else if (p.p_type == PT_LOAD && p.p_memsz > 0) {
            if (want_load) {
                if (add_load(e, &p, i, len, err, errlen) < 0)
                    return -1;
            } else {
                char ignored[8]; /* keep the sound ones, skip the rest */
                (void)add_load(e, &p, i, len, ignored, sizeof(ignored));
            }
        }
    }
    return 1;
}
