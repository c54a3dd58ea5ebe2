/* elf_class.c: one checked reader for ELF32 and ELF64 executables. */
#include "elf_class.h"

#include <inttypes.h>
#include <string.h>

#include "errmsg.h"

#define MAX_PHNUM 256

/* The ELF32 header's fields, widened into the ELF64 form. */
static void widen_ehdr(const uint8_t *buf, Elf64_Ehdr *eh)
{
    Elf32_Ehdr e;
    memcpy(&e, buf, sizeof(e));
    memset(eh, 0, sizeof(*eh));
    memcpy(eh->e_ident, e.e_ident, EI_NIDENT);
    eh->e_type = e.e_type;
    eh->e_machine = e.e_machine;
    eh->e_version = e.e_version;
    eh->e_entry = e.e_entry;
    eh->e_phoff = e.e_phoff;
    eh->e_flags = e.e_flags;
    eh->e_phentsize = e.e_phentsize;
    eh->e_phnum = e.e_phnum;
}

int elf_read_ehdr(const uint8_t *buf, size_t len, Elf64_Ehdr *eh, char *err,
                  size_t errlen)
{
    if (len < EI_NIDENT)
        return errmsg(err, errlen,
                      "file too short for an ELF header (%zu bytes)", len);
    if (memcmp(buf, ELFMAG, SELFMAG) != 0)
        return errmsg(err, errlen, "not an ELF file (bad magic)");
    int cls = buf[EI_CLASS];
    if (cls != ELFCLASS64 && cls != ELFCLASS32)
        return errmsg(err, errlen, "unknown ELF class %u", cls);
    int bits = cls == ELFCLASS64 ? 64 : 32;
    size_t hsize = bits == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    size_t phsize = bits == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    uint16_t machine = bits == 64 ? EM_X86_64 : EM_386;
    if (len < hsize)
        return errmsg(err, errlen,
                      "file too short for an ELF%d header (%zu bytes)", bits,
                      len);
    if (bits == 64)
        memcpy(eh, buf, sizeof(*eh));
    else
        widen_ehdr(buf, eh);
    if (buf[EI_DATA] != ELFDATA2LSB)
        return errmsg(err, errlen, "not a little-endian ELF file");
    if (buf[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return errmsg(err, errlen, "unknown ELF version %u",
                      buf[EI_VERSION] != EV_CURRENT ? buf[EI_VERSION]
                                                    : eh->e_version);
    if (eh->e_machine != machine)
        return errmsg(err, errlen, "ELF%d built for machine %u, not %s (%u)",
                      bits, eh->e_machine, bits == 64 ? "x86_64" : "i386",
                      machine);
    if (eh->e_type != ET_EXEC)
        return errmsg(err, errlen,
                      "ELF type %u is not a static executable (ET_EXEC)",
                      eh->e_type);
    if (eh->e_phentsize != phsize)
        return errmsg(err, errlen, "program header size %u, expected %zu",
                      eh->e_phentsize, phsize);
    if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
        return errmsg(err, errlen, "%u program headers (allowed 1..%u)",
                      eh->e_phnum, MAX_PHNUM);
    if (eh->e_phoff > len || (uint64_t)eh->e_phnum * phsize > len - eh->e_phoff)
        return errmsg(err, errlen,
                      "program headers (offset 0x%" PRIx64 ") extend past the "
                      "end of the file (%zu bytes)",
                      eh->e_phoff, len);
    return 0;
}

void elf_read_phdr(const uint8_t *buf, const Elf64_Ehdr *eh, unsigned i,
                   Elf64_Phdr *ph)
{
    if (elf_is64(eh)) {
        memcpy(ph, buf + eh->e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
        return;
    }
    Elf32_Phdr p;
    memcpy(&p, buf + eh->e_phoff + (uint64_t)i * sizeof(p), sizeof(p));
    *ph = (Elf64_Phdr){.p_type = p.p_type,
                       .p_flags = p.p_flags,
                       .p_offset = p.p_offset,
                       .p_vaddr = p.p_vaddr,
                       .p_paddr = p.p_paddr,
                       .p_filesz = p.p_filesz,
                       .p_memsz = p.p_memsz,
                       .p_align = p.p_align};
}
