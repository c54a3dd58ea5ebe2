/*
 * gen_seeds.c: write the synthetic seeds of the fuzz harnesses into
 * DIR/<harness>/ (make fuzz-seeds). Each seed is a small input the harness
 * accepts and walks deep (a ring with chains, a hypercall sequence with
 * good arguments, a Multiboot image of each layout, manifests), plus a few
 * malformed ones next to each. Stripped real guest images are added by
 * fuzz.mk beside these when build/tests/guests/ has them.
 */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HVT_HOST /* guest pointers as plain addresses */
#include "boot/multiboot_abi.h"
#include "hvt_abi.h"
#include "mft_abi.h"
#include "solo5_elf_abi.h"
#include "virtio/virtio_ring.h"

#define CAP 0x12000

static const char *out_dir;
static unsigned written;

struct buf {
    uint8_t b[CAP];
    size_t len;
};

static void put(struct buf *f, size_t at, const void *p, size_t n)
{
    if (at + n > CAP) {
        fprintf(stderr, "gen_seeds: seed larger than %d bytes\n", CAP);
        exit(1);
    }
    memcpy(f->b + at, p, n);
    if (at + n > f->len)
        f->len = at + n;
}

static void put32(struct buf *f, size_t at, uint32_t v)
{
    put(f, at, &v, 4);
}

static void save(const char *harness, const char *name, const struct buf *f)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, harness, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(f->b, 1, f->len, fp) != f->len || fclose(fp) != 0) {
        perror(path);
        exit(1);
    }
    written++;
}

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

static void multiboot(void)
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

static void pvh(void)
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

static void notes(void)
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

/* ---- virtqueue ---------------------------------------------------------- */

#define VQ_HDR 39 /* fuzz_virtq.c's header */

struct vq {
    struct buf f;
    unsigned num;
    uint64_t ring;
};

/* Header fields as fuzz_virtq.c reads them; ring at page `page`. */
static void vq_init(struct vq *q, uint8_t nlog2, uint8_t pages, uint8_t page,
                    uint16_t start, uint8_t steps)
{
    memset(q, 0, sizeof(*q));
    q->num = 1u << nlog2;
    q->ring = 4096ULL * page;
    uint8_t h[VQ_HDR] = {nlog2, (uint8_t)(pages - 1), page, 0,
                         (uint8_t)start, (uint8_t)(start >> 8), steps};
    for (unsigned i = 0; i < 16; i++) { /* offsets, iovecs, unpop per step */
        uint16_t arg = (uint16_t)(i * 37 + 5) | (uint16_t)((i % 8) << 8) |
                       (uint16_t)((i & 1) << 11) |
                       (uint16_t)((i % 3) << 12);
        h[7 + 2 * i] = (uint8_t)arg;
        h[8 + 2 * i] = (uint8_t)(arg >> 8);
    }
    put(&q->f, 0, h, sizeof(h));
}

static void vq_desc(struct vq *q, uint16_t i, uint64_t addr, uint32_t len,
                    uint16_t flags, uint16_t next)
{
    struct virtq_desc d = {addr, len, flags, next};
    put(&q->f, VQ_HDR + q->ring + 16ULL * i, &d, sizeof(d));
}

/* Offer heads[0..n) starting at avail index start. */
static void vq_offer(struct vq *q, uint16_t start, const uint16_t *heads,
                     unsigned n)
{
    uint64_t avail = VQ_HDR + q->ring + virtq_avail_off(q->num);
    for (unsigned i = 0; i < n; i++) {
        uint16_t slot = (uint16_t)((start + i) & (q->num - 1));
        put(&q->f, avail + 4 + 2ULL * slot, &heads[i], 2);
    }
    uint16_t idx = (uint16_t)(start + n);
    put(&q->f, avail + 2, &idx, 2);
}

static void virtq(void)
{
    struct vq q;
    uint16_t heads[4];

    /* Queue of 8 at page 1 of 16: a tx chain (2 readable), an rx buffer,
     * a block request (header, data, status). */
    vq_init(&q, 3, 16, 1, 0, 4);
    vq_desc(&q, 0, 0x8000, 12, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x8100, 60, 0, 0);
    vq_desc(&q, 2, 0x9000, 1526, VIRTQ_DESC_F_WRITE, 0);
    vq_desc(&q, 3, 0xa000, 16, VIRTQ_DESC_F_NEXT, 5);
    vq_desc(&q, 5, 0xa100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 7);
    vq_desc(&q, 7, 0xa400, 1, VIRTQ_DESC_F_WRITE, 0);
    heads[0] = 0, heads[1] = 2, heads[2] = 3;
    vq_offer(&q, 0, heads, 3);
    save("virtq", "three-chains.bin", &q.f);

    /* The same with the indices about to wrap at 2^16. */
    vq_init(&q, 3, 16, 1, 0xfffe, 4);
    vq_desc(&q, 0, 0x8000, 12, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x8100, 60, 0, 0);
    vq_desc(&q, 2, 0x9000, 1526, VIRTQ_DESC_F_WRITE, 0);
    vq_desc(&q, 3, 0xa000, 16, VIRTQ_DESC_F_NEXT, 5);
    vq_desc(&q, 5, 0xa100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 7);
    vq_desc(&q, 7, 0xa400, 1, VIRTQ_DESC_F_WRITE, 0);
    vq_offer(&q, 0xfffe, heads, 3);
    save("virtq", "index-wrap.bin", &q.f);

    /* Queue of 256 at page 0 of 32 pages: one chain through 8 entries. */
    vq_init(&q, 8, 32, 0, 0, 2);
    for (uint16_t i = 0; i < 8; i++)
        vq_desc(&q, (uint16_t)(i * 31), 0x10000 + 0x100ULL * i, 0x80,
                (uint16_t)(VIRTQ_DESC_F_NEXT | (i >= 4 ? VIRTQ_DESC_F_WRITE
                                                       : 0)),
                (uint16_t)((i + 1) * 31));
    vq_desc(&q, 8 * 31, 0x10800, 0x80, VIRTQ_DESC_F_WRITE, 0);
    heads[0] = 0;
    vq_offer(&q, 0, heads, 1);
    save("virtq", "long-chain.bin", &q.f);

    /* Malformed: a loop, an address past memory, a zero length, a
     * readable buffer after a writable one, an index far ahead. */
    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, VIRTQ_DESC_F_NEXT, 1);
    vq_desc(&q, 1, 0x2100, 8, VIRTQ_DESC_F_NEXT, 0);
    heads[0] = 0;
    vq_offer(&q, 0, heads, 1);
    save("virtq", "loop.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x3ff0, 0x20, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "past-memory.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 0, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "zero-length.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    vq_desc(&q, 1, 0x2100, 8, 0, 0);
    vq_offer(&q, 0, heads, 1);
    save("virtq", "read-after-write.bin", &q.f);

    vq_init(&q, 2, 4, 0, 0, 2);
    vq_desc(&q, 0, 0x2000, 8, 0, 0);
    vq_offer(&q, 0, heads, 1);
    uint16_t far = 9;
    put(&q.f, VQ_HDR + virtq_avail_off(4) + 2, &far, 2);
    save("virtq", "index-ahead.bin", &q.f);
}

/* ---- hypercalls --------------------------------------------------------- */

#define HC_HDR 37 /* fuzz_hypercalls.c's header */
#define ARG0 0x40ULL
#define ARG_STEP 0x40ULL
#define DATA0 0x200ULL

struct hc {
    struct buf f;
    unsigned n;
};

static void hc_init(struct hc *c)
{
    memset(c, 0, sizeof(*c));
    c->f.len = HC_HDR;
}

/* Call number nr with its argument struct placed at ARG0 + i * ARG_STEP. */
static void hc_call(struct hc *c, unsigned nr, const void *arg, size_t len)
{
    uint64_t gpa = ARG0 + c->n * ARG_STEP;
    c->f.b[0] = (uint8_t)c->n;
    c->f.b[1 + 9 * c->n] = (uint8_t)nr;
    memcpy(c->f.b + 2 + 9 * c->n, &gpa, 8);
    put(&c->f, HC_HDR + gpa, arg, len);
    c->n++;
}

static void hc_data(struct hc *c, uint64_t gpa, const void *p, size_t n)
{
    put(&c->f, HC_HDR + gpa, p, n);
}

static void hypercalls(void)
{
    struct hc c;
    static const char hello[] = "Hello from a fuzz seed\n";

    hc_init(&c);
    /* Argument structs zeroed whole, padding included (seeds are stable). */
    struct hvt_hc_walltime wt;
    struct hvt_hc_puts puts_;
    struct hvt_hc_poll poll;
    struct hvt_hc_halt halt;
    struct hvt_hc_block_write bw;
    struct hvt_hc_block_read br;
    struct hvt_hc_net_write nw;
    struct hvt_hc_net_read nr;
    memset(&wt, 0, sizeof(wt));
    memset(&puts_, 0, sizeof(puts_));
    memset(&poll, 0, sizeof(poll));
    memset(&halt, 0, sizeof(halt));
    memset(&bw, 0, sizeof(bw));
    memset(&br, 0, sizeof(br));
    memset(&nw, 0, sizeof(nw));
    memset(&nr, 0, sizeof(nr));
    puts_.data = DATA0;
    puts_.len = sizeof(hello) - 1;
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    hc_call(&c, HVT_HYPERCALL_PUTS, &puts_, sizeof(puts_));
    hc_call(&c, HVT_HYPERCALL_POLL, &poll, sizeof(poll));
    hc_call(&c, HVT_HYPERCALL_HALT, &halt, sizeof(halt));
    hc_data(&c, DATA0, hello, sizeof(hello) - 1);
    save("hypercalls", "console-poll-halt.bin", &c.f);

    hc_init(&c);
    bw.handle = br.handle = 1;
    bw.offset = br.offset = 512;
    bw.data = 0x1000;
    br.data = 0x2000;
    bw.len = br.len = 1024;
    bw.ret = br.ret = 77;
    hc_call(&c, HVT_HYPERCALL_BLOCK_WRITE, &bw, sizeof(bw));
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    br.handle = 4; /* declared, not attached */
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    bw.offset = 16 * 512 - 512; /* the last sector */
    bw.len = 512;
    hc_call(&c, HVT_HYPERCALL_BLOCK_WRITE, &bw, sizeof(bw));
    save("hypercalls", "block.bin", &c.f);

    hc_init(&c);
    nw.handle = 2;
    nw.data = DATA0;
    nw.len = 60;
    nr.handle = 3;
    nr.data = 0x1000;
    nr.len = 1514;
    nw.ret = nr.ret = 77;
    hc_call(&c, HVT_HYPERCALL_NET_WRITE, &nw, sizeof(nw));
    hc_call(&c, HVT_HYPERCALL_NET_READ, &nr, sizeof(nr));
    nw.handle = 3;
    hc_call(&c, HVT_HYPERCALL_NET_WRITE, &nw, sizeof(nw));
    nr.handle = 2;
    hc_call(&c, HVT_HYPERCALL_NET_READ, &nr, sizeof(nr));
    save("hypercalls", "net.bin", &c.f);

    hc_init(&c);
    halt.cookie = 0x1000;
    halt.exit_status = 255;
    hc_call(&c, HVT_HYPERCALL_HALT, &halt, sizeof(halt));
    save("hypercalls", "halt-abort-cookie.bin", &c.f);

    /* Bad arguments: a buffer wrapping 2^64, one past memory, an argument
     * struct straddling the end of memory, an unknown number. */
    hc_init(&c);
    puts_.data = UINT64_MAX - 4;
    puts_.len = 16;
    hc_call(&c, HVT_HYPERCALL_PUTS, &puts_, sizeof(puts_));
    save("hypercalls", "puts-wrap.bin", &c.f);

    hc_init(&c);
    br.handle = 1;
    br.data = 0x10000 - 512;
    br.len = 1024;
    hc_call(&c, HVT_HYPERCALL_BLOCK_READ, &br, sizeof(br));
    save("hypercalls", "block-read-past-memory.bin", &c.f);

    hc_init(&c);
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    uint64_t edge = 0x10000 - 4;
    memcpy(c.f.b + 2, &edge, 8);
    save("hypercalls", "arg-straddles-end.bin", &c.f);

    hc_init(&c);
    hc_call(&c, HVT_HYPERCALL_WALLTIME, &wt, sizeof(wt));
    hc_call(&c, 9, &wt, sizeof(wt));
    save("hypercalls", "unknown-number.bin", &c.f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_seeds DIR (writes DIR/<harness>/*)\n");
        return 2;
    }
    out_dir = argv[1];
    multiboot();
    pvh();
    notes();
    virtq();
    hypercalls();
    printf("gen_seeds: wrote %u seeds under %s\n", written, out_dir);
    return 0;
}
