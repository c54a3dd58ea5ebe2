/*
 * gen_seeds_images.c: the seeds of the image harnesses (elf, notes, multiboot,
 * pvh): ELF images of either class with Solo5 notes and manifests,
 * Multiboot headers of each layout, PVH entry notes; malformed ones beside.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#define HVT_HOST /* guest pointers as plain addresses */
#include "boot/multiboot_abi.h"
#include "hvt_abi.h"
#include "mft_abi.h"
#include "solo5_elf_abi.h"

#include "gen_seeds.h"

/* ---- ELF images (either class), program headers right after the header */

struct ph {
    uint32_t type, flags;
    uint64_t off, vaddr, paddr, filesz, memsz, align;
};

static void elf(struct buf *f, int is64, uint64_t entry, const struct ph *ph,
                unsigned n)
{
    if (is64) {
        Elf64_Ehdr eh = {.e_type = ET_EXEC,
                         .e_machine = EM_X86_64,
                         .e_version = EV_CURRENT,
                         .e_entry = entry,
                         .e_phoff = sizeof(Elf64_Ehdr),
                         .e_ehsize = sizeof(Elf64_Ehdr),
                         .e_phentsize = sizeof(Elf64_Phdr),
                         .e_phnum = (uint16_t)n};
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS64;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        put(f, 0, &eh, sizeof(eh));
        for (unsigned i = 0; i < n; i++) {
            Elf64_Phdr p = {ph[i].type,   ph[i].flags,  ph[i].off,
                            ph[i].vaddr,  ph[i].paddr,  ph[i].filesz,
                            ph[i].memsz,  ph[i].align};
            put(f, sizeof(eh) + i * sizeof(p), &p, sizeof(p));
        }
    } else {
        Elf32_Ehdr eh = {.e_type = ET_EXEC,
                         .e_machine = EM_386,
                         .e_version = EV_CURRENT,
                         .e_entry = (uint32_t)entry,
                         .e_phoff = sizeof(Elf32_Ehdr),
                         .e_ehsize = sizeof(Elf32_Ehdr),
                         .e_phentsize = sizeof(Elf32_Phdr),
                         .e_phnum = (uint16_t)n};
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS32;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        put(f, 0, &eh, sizeof(eh));
        for (unsigned i = 0; i < n; i++) {
            Elf32_Phdr p = {ph[i].type,
                            (uint32_t)ph[i].off,
                            (uint32_t)ph[i].vaddr,
                            (uint32_t)ph[i].paddr,
                            (uint32_t)ph[i].filesz,
                            (uint32_t)ph[i].memsz,
                            ph[i].flags,
                            (uint32_t)ph[i].align};
            put(f, sizeof(eh) + i * sizeof(p), &p, sizeof(p));
        }
    }
}

/* One note, name and descriptor padded to 4; returns the bytes written. */
static size_t note(struct buf *f, size_t at, const char *name, uint32_t type,
                   const void *desc, uint32_t dlen)
{
    uint32_t nlen = (uint32_t)strlen(name) + 1;
    uint32_t h[3] = {nlen, dlen, type};
    put(f, at, h, sizeof(h));
    size_t p = at + sizeof(h);
    put(f, p, name, nlen);
    p += (nlen + 3) & ~3u;
    put(f, p, desc, dlen);
    p += (dlen + 3) & ~3u;
    return p - at;
}

/* A struct mft of n entries (entry 0 reserved), names and types given. */
static size_t mft(uint8_t *out, unsigned n, const char *const *names,
                  const mft_type_t *types)
{
    struct mft m = {MFT_VERSION, n + 1};
    memcpy(out, &m, sizeof(m));
    struct mft_entry e;
    memset(&e, 0, sizeof(e));
    e.type = MFT_RESERVED_FIRST;
    memcpy(out + sizeof(m), &e, sizeof(e));
    for (unsigned i = 0; i < n; i++) {
        memset(&e, 0, sizeof(e));
        strncpy(e.name, names[i], MFT_NAME_SIZE - 1);
        e.type = types[i];
        memcpy(out + sizeof(m) + (i + 1) * sizeof(e), &e, sizeof(e));
    }
    return sizeof(m) + (n + 1) * sizeof(e);
}

/* ---- multiboot ---------------------------------------------------------- */

static struct mb_header mb_hdr(uint32_t flags)
{
    struct mb_header h = {MB_HEADER_MAGIC, flags, -(MB_HEADER_MAGIC + flags),
                          0, 0, 0, 0, 0};
    return h;
}

/* A raw binary with address fields: header at file 0x10, text to 0x200. */
static void mb_raw(struct buf *f, struct mb_header h)
{
    memset(f, 0, sizeof(*f));
    for (size_t i = 0; i < 0x200; i++)
        f->b[i] = (uint8_t)(0x90 + i % 7);
    f->len = 0x200;
    put(f, 0x10, &h, sizeof(h));
}

static struct mb_header mb_addr(void)
{
    struct mb_header h = mb_hdr(MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO |
                                MB_HF_ADDRESS);
    h.header_addr = 0x100010;
    h.load_addr = 0x100000;
    h.load_end_addr = 0x100200;
    h.bss_end_addr = 0x102000;
    h.entry_addr = 0x100040;
    return h;
}

/*
 * An ELF kernel laid out in the file as in memory (so address fields can
 * load it too): text at file 0x1000 (0x100000), the header at file 0x1010,
 * data at file 0x2000 (0x101000) with .tdata 0x20 bytes at 0x101040 and
 * .tbss to 0x1010a0, .bss to 0x103000.
 */
static void mb_elf(struct buf *f, int is64, struct mb_header h)
{
    memset(f, 0, sizeof(*f));
    struct ph ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x100000, 0x100000, 0x100, 0x100,
         0x1000},
        {PT_LOAD, PF_R | PF_W, 0x2000, 0x101000, 0x101000, 0x100, 0x2000,
         0x1000},
        {PT_TLS, PF_R, 0x2040, 0x101040, 0x101040, 0x20, 0x60, 0x20},
    };
    elf(f, is64, 0x100040, ph, 3);
    for (size_t i = 0x1000; i < 0x2100; i++)
        f->b[i] = (uint8_t)(i * 5 + 1);
    f->len = 0x2100;
    put(f, 0x1010, &h, sizeof(h));
}

void multiboot(void)
{
    struct buf f;
    struct mb_header h;

    mb_raw(&f, mb_addr());
    save("multiboot", "raw-address.bin", &f);

    h = mb_addr();
    h.load_end_addr = 0; /* to the end of the file */
    h.bss_end_addr = 0;  /* no bss */
    h.checksum = -(h.magic + h.flags);
    mb_raw(&f, h);
    save("multiboot", "raw-address-zeros.bin", &f);

    mb_elf(&f, 0, mb_hdr(MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO));
    save("multiboot", "elf32.elf", &f);
    mb_elf(&f, 1, mb_hdr(MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO));
    save("multiboot", "elf64.elf", &f);

    /* ELF64 with address fields covering text, data and .tdata. */
    h = mb_addr();
    h.header_addr = 0x100010;
    h.load_end_addr = 0x101100;
    h.bss_end_addr = 0x103000;
    mb_elf(&f, 1, h);
    save("multiboot", "elf64-address-tls.elf", &f);

    /* .tdata outside load_end_addr: refused by mb_check_tls. */
    h.load_end_addr = 0x101020;
    mb_elf(&f, 1, h);
    save("multiboot", "elf64-address-tls-cut.elf", &f);

    h = mb_addr();
    h.checksum += 1;
    mb_raw(&f, h);
    save("multiboot", "bad-checksum.bin", &f);

    h = mb_addr();
    h.flags |= 1u << 5; /* a required feature vmm does not offer */
    h.checksum = -(h.magic + h.flags);
    mb_raw(&f, h);
    save("multiboot", "unknown-flag.bin", &f);

    h = mb_addr();
    h.load_end_addr = 0x100000; /* not above load_addr */
    mb_raw(&f, h);
    save("multiboot", "load-end-low.bin", &f);

    /* Address fields cut by the 8 KiB search limit. */
    memset(&f, 0, sizeof(f));
    h = mb_addr();
    put(&f, MB_SEARCH_LIMIT - 16, &h, sizeof(h));
    save("multiboot", "header-at-limit.bin", &f);
}

/* ---- pvh ---------------------------------------------------------------- */

/* fuzz_pvh.c's trailer: modules, command line length, size unit, rsdp. */
static void pvh_trailer(struct buf *f, uint8_t nmod, uint16_t clen,
                        uint32_t unit, uint64_t rsdp)
{
    uint8_t t[16] = {nmod, 0, (uint8_t)clen, (uint8_t)(clen >> 8)};
    memcpy(t + 4, &unit, 4);
    memcpy(t + 8, &rsdp, 8);
    put(f, f->len, t, sizeof(t));
}

/*
 * A PVH kernel of either class: text at file 0x1000 (0x100000) with the Xen
 * entry note (a desc_len-byte descriptor) at file 0x1100 in its own PT_NOTE,
 * data at file 0x2000 (0x101000) with .tdata, .bss to 0x103000.
 */
static void pvh_elf(struct buf *f, int is64, uint32_t desc_len,
                    uint64_t entry)
{
    memset(f, 0, sizeof(*f));
    struct ph ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x100000, 0x100000, 0x200, 0x200,
         0x1000},
        {PT_LOAD, PF_R | PF_W, 0x2000, 0x101000, 0x101000, 0x100, 0x2000,
         0x1000},
        {PT_TLS, PF_R, 0x2040, 0x101040, 0x101040, 0x20, 0x60, 0x20},
        {PT_NOTE, PF_R, 0x1100, 0x100100, 0x100100, 0, 0, 4},
    };
    for (size_t i = 0x1000; i < 0x2100; i++)
        f->b[i] = (uint8_t)(i * 3 + 11);
    f->len = 0x2100;
    struct buf n;
    memset(&n, 0, sizeof(n));
    note(&n, 0, "Xen", 18, &entry, desc_len); /* XEN_ELFNOTE_PHYS32_ENTRY */
    put(f, 0x1100, n.b, n.len);
    ph[3].filesz = ph[3].memsz = n.len;
    elf(f, is64, 0x100040, ph, 4);
}

void pvh(void)
{
    struct buf f;
    pvh_elf(&f, 1, 8, 0x100040);
    pvh_trailer(&f, 2, 40, 0x1000, 0xe0000);
    save("pvh", "elf64-two-modules.elf", &f);
    pvh_elf(&f, 0, 4, 0x100040);
    pvh_trailer(&f, 0, 0, 0, 0);
    save("pvh", "elf32.elf", &f);
    pvh_elf(&f, 1, 4, 0x100040);
    pvh_trailer(&f, 16, 200, 0x333, 0);
    save("pvh", "elf64-sixteen-modules.elf", &f);

    /* Refusals: entry outside the file data, a note of 2 bytes, an entry
     * above 4 GiB, a command line too long, too many modules. */
    pvh_elf(&f, 1, 8, 0x101800);
    save("pvh", "entry-in-bss.elf", &f);
    pvh_elf(&f, 1, 2, 0x100040);
    save("pvh", "note-size.elf", &f);
    pvh_elf(&f, 1, 8, 0x100000040ULL);
    save("pvh", "entry-above-4gib.elf", &f);
    pvh_elf(&f, 1, 8, 0x100040);
    pvh_trailer(&f, 1, 9000, 0x10, 0);
    save("pvh", "cmdline-too-long.elf", &f);
    pvh_elf(&f, 1, 8, 0x100040);
    pvh_trailer(&f, 17, 1, 0x10, 0);
    save("pvh", "seventeen-modules.elf", &f);
}

/* ---- notes -------------------------------------------------------------- */

/* An ELF64 with a text segment and one PT_NOTE holding the given notes. */
static void notes_image(struct buf *f, const struct buf *notes)
{
    memset(f, 0, sizeof(*f));
    struct ph ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x100000, 0x100000, 0x100, 0x100,
         0x1000},
        {PT_NOTE, PF_R, 0x1100, 0x100100, 0x100100, notes->len, notes->len,
         8},
    };
    ph[0].filesz = ph[0].memsz = 0x100 + notes->len;
    elf(f, 1, 0x100000, ph, 2);
    memset(f->b + 0x1000, 0xf4, 0x100); /* hlt */
    put(f, 0x1100, notes->b, notes->len);
}

void notes(void)
{
    static const char *const names[] = {"storage", "service"};
    static const mft_type_t types[] = {MFT_DEV_BLOCK_BASIC,
                                       MFT_DEV_NET_BASIC};
    uint8_t desc[MFT1_DESC_PAD + MFT1_NOTE_MAX_SIZE] = {0};
    size_t dlen = MFT1_DESC_PAD + mft(desc + MFT1_DESC_PAD, 2, names, types);
    struct buf f, n;

    /* Bare manifest descriptors (mft_validate). */
    memset(&f, 0, sizeof(f));
    put(&f, 0, desc, dlen);
    save("notes", "mft-two-devices.desc", &f);
    memset(&f, 0, sizeof(f));
    put(&f, 0, desc, MFT1_DESC_PAD + mft(desc + MFT1_DESC_PAD, 0, NULL, NULL));
    save("notes", "mft-empty.desc", &f);
    static const char *const dup[] = {"disk", "disk"};
    memset(&f, 0, sizeof(f));
    put(&f, 0, desc, MFT1_DESC_PAD + mft(desc + MFT1_DESC_PAD, 2, dup, types));
    save("notes", "mft-duplicate.desc", &f);

    /* Images: hvt with ABI1 and MFT1, virtio ABI1, Xen PVH, none. */
    struct abi1_info abi = {HVT_ABI_TARGET, HVT_ABI_VERSION, 0, 0};
    dlen = MFT1_DESC_PAD + mft(desc + MFT1_DESC_PAD, 2, names, types);
    memset(&n, 0, sizeof(n));
    size_t at = note(&n, 0, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, &abi,
                     sizeof(abi));
    note(&n, at, SOLO5_NOTE_NAME, MFT1_NOTE_TYPE, desc, (uint32_t)dlen);
    notes_image(&f, &n);
    save("notes", "hvt-two-devices.elf", &f);

    abi.abi_target = VIRTIO_ABI_TARGET;
    memset(&n, 0, sizeof(n));
    note(&n, 0, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, &abi, sizeof(abi));
    notes_image(&f, &n);
    save("notes", "virtio-abi.elf", &f);

    uint32_t entry = 0x100000;
    memset(&n, 0, sizeof(n));
    at = note(&n, 0, "GNU", 3, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    note(&n, at, "Xen", 18, &entry, sizeof(entry)); /* PHYS32_ENTRY */
    notes_image(&f, &n);
    save("notes", "xen-pvh.elf", &f);

    /* A note whose descriptor runs past its segment. */
    memset(&n, 0, sizeof(n));
    note(&n, 0, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, &abi, sizeof(abi));
    put32(&n, 4, 0x1000);
    notes_image(&f, &n);
    save("notes", "note-desc-too-long.elf", &f);
}
