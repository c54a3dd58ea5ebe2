/* elf_builder.c: in-memory ELF64 images for the unit tests. */
#include "elf_builder.h"

#include <stdlib.h>
#include <string.h>

#include "mft_abi.h"
#include "solo5_elf_abi.h"

void eb_init(struct eb *b, uint64_t entry)
{
    memset(b, 0, sizeof(*b));
    memcpy(b->eh.e_ident, ELFMAG, SELFMAG);
    b->eh.e_ident[EI_CLASS] = ELFCLASS64;
    b->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    b->eh.e_ident[EI_VERSION] = EV_CURRENT;
    b->eh.e_type = ET_EXEC;
    b->eh.e_machine = EM_X86_64;
    b->eh.e_version = EV_CURRENT;
    b->eh.e_entry = entry;
    b->eh.e_phoff = EB_PHOFF;
    b->eh.e_ehsize = sizeof(Elf64_Ehdr);
    b->eh.e_phentsize = sizeof(Elf64_Phdr);
    b->eh.e_shentsize = sizeof(Elf64_Shdr);
    b->len = EB_DATA_START;
}

uint8_t eb_pattern(unsigned k, size_t i)
{
    return (uint8_t)(0x11 * (k + 1) + i * 7 + (i >> 8));
}

Elf64_Phdr *eb_add_at(struct eb *b, uint32_t type, uint32_t flags,
                      uint64_t addr, uint64_t filesz, uint64_t memsz,
                      uint64_t offset)
{
    if (b->nph == EB_MAX_PH)
        abort(); /* a test asked for more than the builder holds */
    Elf64_Phdr *ph = &b->ph[b->nph++];
    *ph = (Elf64_Phdr){.p_type = type,
                       .p_flags = flags,
                       .p_offset = offset,
                       .p_vaddr = addr,
                       .p_paddr = addr,
                       .p_filesz = filesz,
                       .p_memsz = memsz,
                       .p_align = type == PT_LOAD ? 0x1000 : 8};
    b->eh.e_phnum = (Elf64_Half)b->nph;
    return ph;
}

Elf64_Phdr *eb_add(struct eb *b, uint32_t type, uint32_t flags, uint64_t addr,
                   uint64_t filesz, uint64_t memsz, const void *data)
{
    size_t off = (b->len + 15) & ~(size_t)15;
    if (filesz > EB_CAP - off)
        abort();
    if (data)
        memcpy(b->file + off, data, filesz);
    else
        for (size_t i = 0; i < filesz; i++)
            b->file[off + i] = eb_pattern(b->nadd, i);
    b->nadd++;
    b->len = off + filesz;
    return eb_add_at(b, type, flags, addr, filesz, memsz, off);
}

const uint8_t *eb_bytes(struct eb *b)
{
    memcpy(b->file, &b->eh, sizeof(b->eh));
    memcpy(b->file + EB_PHOFF, b->ph, b->nph * sizeof(b->ph[0]));
    return b->file;
}

void eb_note(uint8_t *out, size_t *at, const char *name, uint32_t type,
             const void *desc, uint32_t descsz)
{
    Elf64_Nhdr nh = {.n_namesz = (uint32_t)strlen(name) + 1,
                     .n_descsz = descsz,
                     .n_type = type};
    size_t p = *at;
    memcpy(out + p, &nh, sizeof(nh));
    p += sizeof(nh);
    memset(out + p, 0, (nh.n_namesz + 3) & ~3u);
    memcpy(out + p, name, nh.n_namesz);
    p += (nh.n_namesz + 3) & ~3u;
    memset(out + p, 0, (descsz + 3) & ~3u);
    memcpy(out + p, desc, descsz);
    p += (descsz + 3) & ~3u;
    *at = p;
}

void eb_abi_note(uint8_t *out, size_t *at, uint32_t target, uint32_t version)
{
    struct abi1_info i = {.abi_target = target, .abi_version = version};
    eb_note(out, at, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, &i, sizeof(i));
}

size_t eb_mft_desc(uint8_t *out, unsigned n, const char *const *names,
                   const uint32_t *types)
{
    size_t len = MFT1_DESC_PAD + sizeof(struct mft) +
                 (n + 1) * sizeof(struct mft_entry);
    memset(out, 0, len);
    struct mft hdr = {.version = MFT_VERSION, .entries = n + 1};
    memcpy(out + MFT1_DESC_PAD, &hdr, sizeof(hdr));
    for (unsigned i = 0; i <= n; i++) {
        struct mft_entry e;
        memset(&e, 0, sizeof(e));
        e.type = i == 0 ? MFT_RESERVED_FIRST : (mft_type_t)types[i - 1];
        if (i > 0)
            strncpy(e.name, names[i - 1], sizeof(e.name) - 1);
        memcpy(out + MFT1_DESC_PAD + sizeof(hdr) + i * sizeof(e), &e,
               sizeof(e));
    }
    return len;
}

size_t eb_mft_note(uint8_t *out, size_t *at, unsigned n,
                   const char *const *names, const uint32_t *types)
{
    uint8_t *desc = malloc(EB_MFT_DESC_MAX);
    if (!desc)
        abort();
    size_t len = eb_mft_desc(desc, n, names, types);
    size_t start = *at;
    eb_note(out, at, SOLO5_NOTE_NAME, MFT1_NOTE_TYPE, desc, (uint32_t)len);
    free(desc);
    return start + sizeof(Elf64_Nhdr) + 8; /* "Solo5\0" padded to 8 */
}

size_t eb_hvt_notes(uint8_t *out)
{
    static const char *const names[] = {"disk", "net0"};
    static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC};
    size_t nlen = 0;
    eb_abi_note(out, &nlen, HVT_ABI_TARGET, 2);
    eb_mft_note(out, &nlen, 2, names, types);
    return nlen;
}

void eb_hvt_image_notes(struct eb *b, const uint8_t *notes, size_t nlen)
{
    eb_init(b, EB_ENTRY);
    Elf64_Phdr *data = eb_add(b, PT_LOAD, PF_R | PF_W, EB_DATA, 0x80, 0x2000,
                              NULL);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x300, 0x300, NULL);
    eb_add(b, PT_LOAD, PF_R, EB_RODATA, 0x100, 0x100, NULL);
    Elf64_Phdr *tls = eb_add_at(b, PT_TLS, PF_R, EB_TLS, 0x20, 0x60,
                                data->p_offset + (EB_TLS - EB_DATA));
    tls->p_align = 32;
    eb_add(b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
    eb_add_at(b, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

void eb_hvt_image(struct eb *b)
{
    uint8_t notes[EB_NOTES_MAX];
    size_t nlen = eb_hvt_notes(notes);
    eb_hvt_image_notes(b, notes, nlen);
}

void eb_notes_image(struct eb *b, const uint8_t *n1, size_t l1,
                    const uint8_t *n2, size_t l2)
{
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, l1, l1, n1);
    if (n2)
        eb_add(b, PT_NOTE, PF_R, 0, l2, l2, n2);
}
