/*
 * elf.c: what the reference needs from a conformance image: its
 * PT_TLS program header and the initial values of its __thread variables
 * (symbols of type STT_TLS, whose st_value is the offset in the TLS image).
 * Pure; every offset is checked against the buffer.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "vmm/errmsg.h"
#include "tls_check.h"

/* [off, off + n) inside a buffer of len bytes. */
static bool inside(uint64_t off, uint64_t n, size_t len)
{
    return off <= len && n <= len - off;
}

static int header(const uint8_t *buf, size_t len, Elf64_Ehdr *eh, char *err,
                  size_t errlen)
{
    if (len < sizeof(*eh) || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return errmsg(err, errlen, "not an ELF file");
    memcpy(eh, buf, sizeof(*eh));
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
        return errmsg(err, errlen, "not an ELF64 x86_64 file");
    return 0;
}

int tc_elf_tls(const uint8_t *buf, size_t len, struct tc_tls *tls, char *err,
               size_t errlen)
{
    Elf64_Ehdr eh;
    if (header(buf, len, &eh, err, errlen) < 0)
        return -1;
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !inside(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), len))
        return errmsg(err, errlen, "program headers outside the file");
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, buf + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_TLS)
            continue;
        if (ph.p_filesz > ph.p_memsz || !inside(ph.p_offset, ph.p_filesz, len))
            return errmsg(err, errlen,
                          "PT_TLS: p_filesz 0x%" PRIx64
                          " past p_memsz or the file",
                          ph.p_filesz);
        tls->offset = ph.p_offset;
        tls->filesz = ph.p_filesz;
        tls->memsz = ph.p_memsz;
        tls->align = ph.p_align;
        return 0;
    }
    return errmsg(err, errlen, "no PT_TLS program header");
}

/* Section header i. */
static int section(const uint8_t *buf, size_t len, const Elf64_Ehdr *eh,
                   unsigned i, Elf64_Shdr *sh, char *err, size_t errlen)
{
    if (i >= eh->e_shnum)
        return errmsg(err, errlen, "section %u does not exist", i);
    memcpy(sh, buf + eh->e_shoff + (uint64_t)i * sizeof(*sh), sizeof(*sh));
    if (sh->sh_type != SHT_NOBITS && !inside(sh->sh_offset, sh->sh_size, len))
        return errmsg(err, errlen, "section %u lies outside the file", i);
    return 0;
}

/* The STT_TLS symbol called name: 1 found, 0 not, -1 (err). */
static int find_tls_symbol(const uint8_t *buf, size_t len, const Elf64_Ehdr *eh,
                           const char *name, Elf64_Sym *out, char *err,
                           size_t errlen)
{
    bool have_symtab = false;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        Elf64_Shdr sh, strs;
        if (section(buf, len, eh, i, &sh, err, errlen) < 0)
            return -1;
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        have_symtab = true;
        if (sh.sh_entsize != sizeof(Elf64_Sym) ||
            section(buf, len, eh, sh.sh_link, &strs, err, errlen) < 0)
            return errmsg(err, errlen, "malformed symbol table (section %u)",
                          i);
        const char *str = (const char *)buf + strs.sh_offset;
        size_t want = strlen(name);
        for (uint64_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
            Elf64_Sym sym;
            memcpy(&sym, buf + sh.sh_offset + k * sizeof(sym), sizeof(sym));
            if (ELF64_ST_TYPE(sym.st_info) != STT_TLS ||
                !inside(sym.st_name, want + 1, strs.sh_size) ||
                memcmp(str + sym.st_name, name, want + 1) != 0)
                continue;
            *out = sym;
            return 1;
        }
    }
    if (!have_symtab)
        return errmsg(err, errlen, "no symbol table (stripped?)");
    return 0;
}

int tc_elf_tls_value(const uint8_t *buf, size_t len, const char *sym,
                     uint64_t *value, char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    struct tc_tls tls;
    Elf64_Sym s = {0};
    if (tc_elf_tls(buf, len, &tls, err, errlen) < 0 ||
        header(buf, len, &eh, err, errlen) < 0)
        return -1;
    if (eh.e_shnum && (eh.e_shentsize != sizeof(Elf64_Shdr) ||
                       !inside(eh.e_shoff,
                               (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), len)))
        return errmsg(err, errlen, "section headers outside the file");
    int found = find_tls_symbol(buf, len, &eh, sym, &s, err, errlen);
    if (found < 0)
        return -1;
    if (!found)
        return errmsg(err, errlen, "no __thread variable %s", sym);
    if (s.st_size == 0 || s.st_size > 8 || s.st_value > tls.memsz ||
        s.st_size > tls.memsz - s.st_value)
        return errmsg(err, errlen,
                      "__thread %s: %" PRIu64 " bytes at offset %" PRIu64
                      " (want 1..8 bytes inside the TLS image)",
                      sym, (uint64_t)s.st_size, (uint64_t)s.st_value);
    *value = 0;
    for (uint64_t i = s.st_size; i-- > 0;) {
        uint64_t at = s.st_value + i;
        uint8_t b = at < tls.filesz ? buf[tls.offset + at] : 0;
        *value = *value << 8 | b;
    }
    return 0;
}
