/*
 * elf_notes.c: finding a note through the PT_NOTE program headers of an
 * ELF64 x86_64 or ELF32 i386 static executable (pure, no I/O). Both classes
 * share the note header layout (three 32-bit words); only the ELF header
 * and the program headers differ, so they are read into one form first.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "elf_load.h"
#include "errmsg.h"

#define MAX_PHNUM 256

/* What the two classes' headers have in common, widened. */
struct hdr {
    bool is64;
    uint16_t machine, type, phentsize, phnum;
    uint32_t version;
    uint64_t phoff;
};

static int read_hdr(const uint8_t *buf, size_t len, struct hdr *h, char *err,
                    size_t errlen)
{
    if (len < EI_NIDENT)
        return errmsg(err, errlen,
                      "file too short for an ELF header (%zu bytes)", len);
    if (memcmp(buf, ELFMAG, SELFMAG) != 0)
        return errmsg(err, errlen, "not an ELF file (bad magic)");
    if (buf[EI_CLASS] != ELFCLASS64 && buf[EI_CLASS] != ELFCLASS32)
        return errmsg(err, errlen, "unknown ELF class %u", buf[EI_CLASS]);
    h->is64 = buf[EI_CLASS] == ELFCLASS64;
    if (h->is64) {
        Elf64_Ehdr e;
        if (len < sizeof(e))
            return errmsg(err, errlen,
                          "file too short for an ELF header (%zu bytes)", len);
        memcpy(&e, buf, sizeof(e));
        *h = (struct hdr){true,        e.e_machine, e.e_type, e.e_phentsize,
                          e.e_phnum,   e.e_version, e.e_phoff};
    } else {
        Elf32_Ehdr e;
        if (len < sizeof(e))
            return errmsg(err, errlen,
                          "file too short for an ELF32 header (%zu bytes)",
                          len);
        memcpy(&e, buf, sizeof(e));
        *h = (struct hdr){false,       e.e_machine, e.e_type, e.e_phentsize,
                          e.e_phnum,   e.e_version, e.e_phoff};
    }
    return 0;
}

static int check_hdr(const uint8_t *buf, size_t len, const struct hdr *h,
                     char *err, size_t errlen)
{
    uint16_t machine = h->is64 ? EM_X86_64 : EM_386;
    size_t phsize = h->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    if (buf[EI_DATA] != ELFDATA2LSB)
        return errmsg(err, errlen, "not a little-endian ELF file");
    if (buf[EI_VERSION] != EV_CURRENT || h->version != EV_CURRENT)
        return errmsg(err, errlen, "unknown ELF version");
    if (h->machine != machine)
        return errmsg(err, errlen, "built for machine %u, not %s (%u)",
                      h->machine, h->is64 ? "x86_64" : "i386", machine);
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

/* Program header i: its type, file offset and file size. */
static void read_phdr(const uint8_t *buf, const struct hdr *h, unsigned i,
                      uint32_t *type, uint64_t *off, uint64_t *size)
{
    if (h->is64) {
        Elf64_Phdr p;
        memcpy(&p, buf + h->phoff + (uint64_t)i * sizeof(p), sizeof(p));
        *type = p.p_type, *off = p.p_offset, *size = p.p_filesz;
    } else {
        Elf32_Phdr p;
        memcpy(&p, buf + h->phoff + (uint64_t)i * sizeof(p), sizeof(p));
        *type = p.p_type, *off = p.p_offset, *size = p.p_filesz;
    }
}

static uint64_t pad4(uint64_t v)
{
    return (v + 3) & ~3ULL;
}

/*
 * Walk one PT_NOTE segment's notes. Names and descriptors are padded to 4
 * bytes, as Linux and Solo5 read them; a descriptor needing 8-byte alignment
 * (the Solo5 manifest) carries its own leading padding.
 */
static int scan_notes(const uint8_t *buf, uint64_t off, uint64_t size,
                      const char *name, uint32_t type, size_t *desc_off,
                      size_t *desc_len, char *err, size_t errlen)
{
    size_t nlen = strlen(name) + 1;
    uint64_t pos = 0;
    while (size - pos >= sizeof(Elf64_Nhdr)) {
        Elf64_Nhdr nh;
        memcpy(&nh, buf + off + pos, sizeof(nh));
        uint64_t name_at = pos + sizeof(nh);
        uint64_t desc_at = name_at + pad4(nh.n_namesz);
        uint64_t next = desc_at + pad4(nh.n_descsz);
        if (desc_at > size || nh.n_descsz > size - desc_at)
            return errmsg(err, errlen,
                          "note at offset 0x%" PRIx64 " runs past its PT_NOTE "
                          "segment",
                          off + pos);
        if (nh.n_type == type && nh.n_namesz == nlen &&
            memcmp(buf + off + name_at, name, nlen) == 0) {
            *desc_off = off + desc_at;
            *desc_len = nh.n_descsz;
            return 1;
        }
        if (next <= pos || next > size)
            break;
        pos = next;
    }
    return 0;
}

int elf_find_note(const uint8_t *buf, size_t len, const char *name,
                  uint32_t type, size_t *desc_off, size_t *desc_len, char *err,
                  size_t errlen)
{
    struct hdr h = {0};
    if (read_hdr(buf, len, &h, err, errlen) < 0 ||
        check_hdr(buf, len, &h, err, errlen) < 0)
        return -1;
    for (unsigned i = 0; i < h.phnum; i++) {
        uint32_t ptype;
        uint64_t off, size;
        read_phdr(buf, &h, i, &ptype, &off, &size);
        if (ptype != PT_NOTE)
            continue;
        if (off > len || size > len - off)
            return errmsg(err, errlen,
                          "PT_NOTE segment %u extends past the end of the file",
                          i);
        int r = scan_notes(buf, off, size, name, type, desc_off, desc_len,
                           err, errlen);
        if (r != 0)
            return r;
    }
    return 0;
}
