/*
 * host_mb_elf.c: the program headers of an ELF32 (i386) or ELF64 (x86_64)
 * Multiboot kernel, read into one class-independent form.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host_multiboot.h"
#include "vmm/errmsg.h"

#define MAX_PHNUM 256

/* One program header of either class. */
struct phdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz;
};

/* The header fields both classes share, widened. */
struct ehdr {
    uint16_t type, machine, phentsize, phnum;
    uint32_t version;
    uint64_t entry, phoff;
};

static int read_ehdr(const uint8_t *buf, size_t len, int is64, struct ehdr *h,
                     char *err, size_t errlen)
{
    if (is64) {
        Elf64_Ehdr eh;
        if (len < sizeof(eh))
            return errmsg(err, errlen, "file too short for an ELF64 header");
        memcpy(&eh, buf, sizeof(eh));
        *h = (struct ehdr){eh.e_type,  eh.e_machine, eh.e_phentsize,
                           eh.e_phnum, eh.e_version, eh.e_entry,
                           eh.e_phoff};
    } else {
        Elf32_Ehdr eh;
        if (len < sizeof(eh))
            return errmsg(err, errlen, "file too short for an ELF32 header");
        memcpy(&eh, buf, sizeof(eh));
        *h = (struct ehdr){eh.e_type,  eh.e_machine, eh.e_phentsize,
                           eh.e_phnum, eh.e_version, eh.e_entry,
                           eh.e_phoff};
    }
    return 0;
}

static int check_ehdr(const struct ehdr *h, int is64, size_t len, char *err,
                      size_t errlen)
{
    uint16_t machine = is64 ? EM_X86_64 : EM_386;
    size_t phsize = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    if (h->version != EV_CURRENT)
        return errmsg(err, errlen, "unknown ELF version %u", h->version);
    if (h->machine != machine)
        return errmsg(err, errlen, "ELF%d built for machine %u, not %s (%u)",
                      is64 ? 64 : 32, h->machine, is64 ? "x86_64" : "i386",
                      machine);
    if (h->type != ET_EXEC)
        return errmsg(err, errlen,
                      "ELF type %u is not a static executable (ET_EXEC)",
                      h->type);
    if (h->phentsize != phsize)
        return errmsg(err, errlen, "program header size %u, expected %zu",
                      h->phentsize, phsize);
    if (h->phnum == 0 || h->phnum > MAX_PHNUM)
        return errmsg(err, errlen, "%u program headers (allowed 1..%u)",
                      h->phnum, MAX_PHNUM);
    if (h->phoff > len || (uint64_t)h->phnum * phsize > len - h->phoff)
        return errmsg(err, errlen,
                      "program headers (offset 0x%" PRIx64 ") extend past the "
                      "end of the file (%zu bytes)",
                      h->phoff, len);
    return 0;
}

static void read_phdr(const uint8_t *buf, const struct ehdr *h, int is64,
                      unsigned i, struct phdr *p)
{
    if (is64) {
        Elf64_Phdr ph;
        memcpy(&ph, buf + h->phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        *p = (struct phdr){ph.p_type,  ph.p_offset, ph.p_vaddr,
                           ph.p_paddr, ph.p_filesz, ph.p_memsz};
    } else {
        Elf32_Phdr ph;
        memcpy(&ph, buf + h->phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        *p = (struct phdr){ph.p_type,  ph.p_offset, ph.p_vaddr,
                           ph.p_paddr, ph.p_filesz, ph.p_memsz};
    }
}

static int add_load(struct mb_elf *e, const struct phdr *p, unsigned i,
                    size_t len, char *err, size_t errlen)
{
    if (p->filesz > p->memsz)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: p_filesz 0x%" PRIx64
                      " exceeds p_memsz 0x%" PRIx64,
                      i, p->filesz, p->memsz);
    if (p->offset > len || p->filesz > len - p->offset)
        return errmsg(err, errlen,
                      "PT_LOAD segment %u: file data (offset 0x%" PRIx64
                      ", 0x%" PRIx64 " bytes) extends past the end of the file "
                      "(%zu bytes)",
                      i, p->offset, p->filesz, len);
    if (e->nload == MB_MAX_SEGMENTS)
        return errmsg(err, errlen, "more than %d PT_LOAD segments",
                      MB_MAX_SEGMENTS);
    e->load_vaddr[e->nload] = p->vaddr;
    e->load[e->nload++] = (struct mb_segment){
        .addr = p->paddr,
        .filesz = p->filesz,
        .memsz = p->memsz,
        .offset = p->offset,
    };
    return 0;
}

int mb_elf_read(const uint8_t *buf, size_t len, bool want_load,
                struct mb_elf *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return 0;
    if (buf[EI_CLASS] != ELFCLASS32 && buf[EI_CLASS] != ELFCLASS64)
        return errmsg(err, errlen, "unknown ELF class %u", buf[EI_CLASS]);
    if (buf[EI_DATA] != ELFDATA2LSB)
        return errmsg(err, errlen, "not a little-endian ELF file");
    e->is64 = buf[EI_CLASS] == ELFCLASS64;
    struct ehdr h = {0};
    if (read_ehdr(buf, len, e->is64, &h, err, errlen) < 0 ||
        check_ehdr(&h, e->is64, len, err, errlen) < 0)
        return -1;
    e->entry = h.entry;
    for (unsigned i = 0; i < h.phnum; i++) {
        struct phdr p;
        read_phdr(buf, &h, e->is64, i, &p);
        if (p.type == PT_TLS && !e->has_tls) {
            e->has_tls = true;
            e->tls = (struct mb_tls){p.vaddr, p.offset, p.filesz, p.memsz};
        } else if (p.type == PT_LOAD && p.memsz > 0) {
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
