/*
 * fuzz_elf.c: the hvt ELF loader (hvt/host_elf.c over the core's reader,
 * vmm/elf_read.c and elf_segments.c) on arbitrary files.
 *
 * hvt_elf_parse() must accept or refuse with a reason; what it accepts must be
 * loadable as it says (segments sorted, apart, inside the limits and the
 * file, the entry in an executable one), and elf_copy() must then place
 * exactly the file's bytes there and leave the rest zero (the memory is
 * zeroed before each load, as vmm's is fresh), in a fake guest memory that
 * AddressSanitizer watches past its end and below where the page tables
 * go. vmm's page tables (vmm/paging.c) are then built for the image, for
 * this memory and for the largest --mem, and walked back: every page of
 * every segment is mapped to itself with the union of the permissions of
 * the segments on it, the entry point is executable, page 0 and memory
 * past the end are not mapped. elf_find_note() is driven with the owners
 * vmm looks for.
 */
#include <elf.h>
#include <stdint.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "hvt/host_elf.h"
#include "fuzz_util.h"
#include "vmm/paging.h"
#include "mft_abi.h"
#include "solo5_elf_abi.h"

#define GUEST_MIN 0x100000ULL  /* HVT_GUEST_MIN_BASE */
#define GUEST_SIZE 0x200000ULL /* 1 MiB of room above it */
#define PT_BASE 0x8000ULL      /* hvt.c's page-table area */
#define PT_LIMIT GUEST_MIN
#define MEM_MAX (4096ULL << 20) /* the largest --mem (hvt) */
#define PAGE 0x1000ULL

static uint8_t *guest;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    guest = fuzz_guest_new(GUEST_SIZE, GUEST_MIN);
    ASAN_UNPOISON_MEMORY_REGION(guest + PT_BASE, PT_LIMIT - PT_BASE);
    return 0;
}

static void check_image(const struct elf_image *img, size_t len,
                        const struct elf_limits *lim)
{
    FUZZ_CHECK(img->nload >= 1 && img->nload <= ELF_MAX_LOAD, "nload %u",
               img->nload);
    bool entry_ok = false;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        FUZZ_CHECK(s->memsz > 0, "segment %u: empty", i);
        FUZZ_CHECK(s->filesz <= s->memsz, "segment %u: filesz > memsz", i);
        FUZZ_CHECK(s->offset <= len && s->filesz <= len - s->offset,
                   "segment %u: file data past the end", i);
        FUZZ_CHECK(s->addr >= lim->min_addr && s->addr <= lim->max_addr &&
                       s->memsz <= lim->max_addr - s->addr,
                   "segment %u: [0x%llx, +0x%llx) outside the limits", i,
                   (unsigned long long)s->addr, (unsigned long long)s->memsz);
        if (i > 0)
            FUZZ_CHECK(img->load[i - 1].addr + img->load[i - 1].memsz <=
                           s->addr,
                       "segments %u and %u overlap or are unsorted", i - 1, i);
        if ((s->flags & PF_X) && img->entry >= s->addr &&
            img->entry - s->addr < s->memsz)
            entry_ok = true;
    }
    const struct elf_segment *last = &img->load[img->nload - 1];
    FUZZ_CHECK(img->end == last->addr + last->memsz, "end 0x%llx",
               (unsigned long long)img->end);
    FUZZ_CHECK(entry_ok, "entry 0x%llx not in an executable segment",
               (unsigned long long)img->entry);
}

/* After elf_copy(): every segment holds its file bytes, then zeros. */
static void check_copy(const struct elf_image *img, const uint8_t *buf)
{
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        const uint8_t *g = guest + s->addr;
        FUZZ_CHECK(memcmp(g, buf + s->offset, s->filesz) == 0,
                   "segment %u: file bytes not copied", i);
        FUZZ_CHECK(fuzz_all_zero(g + s->filesz, s->memsz - s->filesz),
                   "segment %u: bytes past p_filesz not zero", i);
    }
}

/* What the page at va must allow: the union over the segments on it. */
static uint64_t want_flags(const struct elf_image *img, uint64_t va)
{
    uint64_t page = va & ~(PAGE - 1), w = 0;
    bool covered = false, x = false;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        if (page < s->addr + s->memsz && page + PAGE > s->addr) {
            covered = true;
            w |= (s->flags & PF_W) ? PTE_W : 0;
            x |= (s->flags & PF_X) != 0;
        }
    }
    if (!covered)
        return PTE_P | PTE_W | PTE_NX;
    return PTE_P | w | (x ? 0 : PTE_NX);
}

static void check_page(const struct elf_image *img, uint64_t mem_size,
                       uint64_t cr3, uint64_t va)
{
    uint64_t pa = ~0ULL;
    uint64_t f = paging_lookup(guest, mem_size, cr3, va, &pa);
    uint64_t want = want_flags(img, va);
    if (va < PAGE || va >= mem_size) {
        FUZZ_CHECK(f == 0, "mem 0x%llx: 0x%llx is mapped",
                   (unsigned long long)mem_size, (unsigned long long)va);
        return;
    }
    FUZZ_CHECK(f & PTE_P, "mem 0x%llx: 0x%llx not mapped",
               (unsigned long long)mem_size, (unsigned long long)va);
    FUZZ_CHECK(pa == va, "mem 0x%llx: 0x%llx maps to 0x%llx",
               (unsigned long long)mem_size, (unsigned long long)va,
               (unsigned long long)pa);
    FUZZ_CHECK((f & (PTE_W | PTE_NX)) == (want & (PTE_W | PTE_NX)),
               "mem 0x%llx: page of 0x%llx has flags 0x%llx, want 0x%llx",
               (unsigned long long)mem_size, (unsigned long long)va,
               (unsigned long long)f, (unsigned long long)want);
}

static void check_paging(const struct elf_image *img, uint64_t mem_size)
{
    char err[256];
    uint64_t cr3 = paging_build(guest, mem_size, img, PT_BASE, PT_LIMIT, err,
                                sizeof(err));
    FUZZ_CHECK(cr3 != 0, "mem 0x%llx: %s", (unsigned long long)mem_size, err);
    FUZZ_CHECK(cr3 >= PT_BASE && cr3 < PT_LIMIT && cr3 % PAGE == 0,
               "cr3 0x%llx", (unsigned long long)cr3);
    check_page(img, mem_size, cr3, 0);
    check_page(img, mem_size, cr3, mem_size);
    check_page(img, mem_size, cr3, mem_size - 1);
    check_page(img, mem_size, cr3, PT_BASE);
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        check_page(img, mem_size, cr3, s->addr);
        check_page(img, mem_size, cr3, s->addr + s->memsz - 1);
        check_page(img, mem_size, cr3, s->addr + s->memsz);
        check_page(img, mem_size, cr3, s->addr - 1);
    }
    uint64_t pa, f = paging_lookup(guest, mem_size, cr3, img->entry, &pa);
    FUZZ_CHECK((f & PTE_P) && !(f & PTE_NX), "entry 0x%llx not executable",
               (unsigned long long)img->entry);
}

static void find_note(const uint8_t *buf, size_t len, const char *name,
                      uint32_t type)
{
    char err[256];
    size_t off = SIZE_MAX, dlen = SIZE_MAX;
    int r = elf_find_note(buf, len, name, type, &off, &dlen, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "elf_find_note returned %d", r);
    if (r == 1)
        FUZZ_CHECK(off <= len && dlen <= len - off,
                   "note %s/%u: descriptor [0x%zx, +0x%zx) past the end "
                   "(%zu bytes)",
                   name, type, off, dlen, len);
    else if (r < 0)
        fuzz_check_err(err, sizeof(err), "elf_find_note");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_limits lim = {GUEST_MIN, GUEST_SIZE};
    struct elf_image img;
    char err[256];
    if (hvt_elf_parse(data, size, &lim, &img, err, sizeof(err)) == 0) {
        check_image(&img, size, &lim);
        fuzz_guest_clear(guest, GUEST_SIZE, GUEST_MIN);
        elf_copy(&img, data, guest);
        check_copy(&img, data);
        check_paging(&img, GUEST_SIZE);
        check_paging(&img, MEM_MAX);
    } else {
        fuzz_check_err(err, sizeof(err), "hvt_elf_parse");
    }
    find_note(data, size, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE);
    find_note(data, size, SOLO5_NOTE_NAME, MFT1_NOTE_TYPE);
    find_note(data, size, "Xen", 18); /* XEN_ELFNOTE_PHYS32_ENTRY */
    find_note(data, size, "", 0);
    return 0;
}
