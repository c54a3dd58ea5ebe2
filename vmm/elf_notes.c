/*
 * elf_notes.c: finding a note through the PT_NOTE program headers of an
 * ELF64 x86_64 or ELF32 i386 static executable (pure, no I/O). Both classes
 * share the note header layout (three 32-bit words); the headers come from
 * the one class-independent reader (elf_class.h).
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "elf_class.h"
#include "elf_load.h"
#include "errmsg.h"

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
    Elf64_Ehdr eh;
    if (elf_read_ehdr(buf, len, &eh, err, errlen) < 0)
        return -1;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        elf_read_phdr(buf, &eh, i, &ph);
        uint64_t off = ph.p_offset, size = ph.p_filesz;
        if (ph.p_type != PT_NOTE)
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
