/* test_paging.c: paging_build's identity map and its permissions. */
#include <elf.h>
#include <stdlib.h>

#include "vmm/guest_mem.h"
#include "vmm/paging.h"
#include "unit.h"
#include "paging_image.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define PT_BASE 0x8000ULL
#define PT_LIMIT 0x100000ULL
#define RW_NX (PTE_P | PTE_W | PTE_NX)


struct pt {
    struct guest_mem m;
    uint64_t cr3;
};

static struct pt build(uint64_t mem_size, const struct elf_image *img)
{
    struct pt p;
    char err[256] = "";
    cr_assert(gmem_map(&p.m, mem_size), "cannot map %llu bytes",
              (unsigned long long)mem_size);
    p.cr3 = paging_build(p.m.base, mem_size, img, PT_BASE, PT_LIMIT, err,
                         sizeof(err));
    cr_assert_neq(p.cr3, 0, "paging_build: %s", err);
    cr_assert(p.cr3 >= PT_BASE && p.cr3 < PT_LIMIT && (p.cr3 & 0xfff) == 0,
              "cr3 0x%llx", (unsigned long long)p.cr3);
    return p;
}

/* Flags of va's leaf, checking the map is the identity. */
static uint64_t flags(const struct pt *p, uint64_t va)
{
    uint64_t pa = ~0ULL;
    uint64_t f = paging_lookup(p->m.base, p->m.size, p->cr3, va, &pa);
    if (f)
        cr_assert_eq(pa, va, "va 0x%llx maps to 0x%llx",
                     (unsigned long long)va, (unsigned long long)pa);
    return f;
}

#define assert_flags(p, va, want)                                              \
    cr_assert_eq(flags(p, va), (want), "va 0x%llx: flags 0x%llx, want 0x%llx", \
                 (unsigned long long)(va),                                     \
                 (unsigned long long)flags(p, va), (unsigned long long)(want))

Test(paging, page_zero_is_unmapped)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(64 * MIB, &img);
    assert_flags(&p, 0, 0);
    assert_flags(&p, 0xfff, 0);
    assert_flags(&p, 0x1000, RW_NX);
    gmem_unmap(&p.m);
}

Test(paging, segment_permissions)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(64 * MIB, &img);
    /* text: executable, not writable */
    assert_flags(&p, 0x100000, PTE_P);
    assert_flags(&p, 0x102fff, PTE_P);
    /* rodata: neither */
    assert_flags(&p, 0x103000, PTE_P | PTE_NX);
    /* rodata and data share 0x104000: writable, not executable */
    assert_flags(&p, 0x104000, RW_NX);
    /* data and .bss */
    assert_flags(&p, 0x105000, RW_NX);
    assert_flags(&p, 0x107fff, RW_NX);
    /* outside the image: RW, NX, still 4 KiB pages up to 2 MiB */
    assert_flags(&p, 0x8000, RW_NX);
    assert_flags(&p, 0xff000, RW_NX);
    assert_flags(&p, 0x108000, RW_NX);
    assert_flags(&p, 0x1ff000, RW_NX);
    gmem_unmap(&p.m);
}

Test(paging, shared_page_gets_the_union)
{
    struct elf_image img;
    memset(&img, 0, sizeof(img));
    img.nload = 2; /* text ends and data starts inside page 0x100000 */
    img.load[0] = (struct elf_segment){.addr = 0x100000, .memsz = 0x800,
                                       .flags = PF_R | PF_X};
    img.load[1] = (struct elf_segment){.addr = 0x100800, .memsz = 0x1000,
                                       .flags = PF_R | PF_W};
    img.end = 0x101800;
    struct pt p = build(4 * MIB, &img);
    assert_flags(&p, 0x100000, PTE_P | PTE_W);
    assert_flags(&p, 0x101000, RW_NX);
    gmem_unmap(&p.m);
}

Test(paging, huge_pages_past_the_image)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(64 * MIB, &img);
    assert_flags(&p, 0x200000, RW_NX | PTE_PS);
    assert_flags(&p, 0x3fffff, RW_NX | PTE_PS);
    assert_flags(&p, 64 * MIB - 1, RW_NX | PTE_PS);
    gmem_unmap(&p.m);
}

Test(paging, huge_pages_start_after_the_image_region)
{
    struct elf_image img = paging_test_image();
    img.load[2].memsz = 0x200000; /* .bss up to 0x304800 */
    img.end = 0x304800;
    struct pt p = build(64 * MIB, &img);
    assert_flags(&p, 0x304000, RW_NX);
    assert_flags(&p, 0x305000, RW_NX);
    assert_flags(&p, 0x3ff000, RW_NX);
    assert_flags(&p, 0x400000, RW_NX | PTE_PS);
    gmem_unmap(&p.m);
}

Test(paging, last_partial_region_only_up_to_memory)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(5 * MIB, &img);
    assert_flags(&p, 0x200000, RW_NX | PTE_PS);
    assert_flags(&p, 0x400000, RW_NX);
    assert_flags(&p, 5 * MIB - 1, RW_NX);
    assert_flags(&p, 5 * MIB, 0);
    assert_flags(&p, 6 * MIB - 1, 0);
    assert_flags(&p, 6 * MIB, 0);
    gmem_unmap(&p.m);
}

Test(paging, nothing_past_memory)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(64 * MIB, &img);
    assert_flags(&p, 64 * MIB, 0);
    assert_flags(&p, 1 * GIB, 0);
    assert_flags(&p, 512 * GIB, 0);              /* next PML4 entry */
    assert_flags(&p, 0xffff800000000000ULL, 0);  /* upper half */
    gmem_unmap(&p.m);
}

/* Every page of a small guest against the rules of paging.h. */
Test(paging, every_page_identity_mapped_with_its_rule)
{
    struct elf_image img = paging_test_image();
    const uint64_t size = 8 * MIB;
    struct pt p = build(size, &img);
    for (uint64_t va = 0; va < size; va += 0x1000) {
        uint64_t want;
        if (va == 0)
            want = 0;
        else if (va >= 0x100000 && va < 0x103000)
            want = PTE_P;
        else if (va >= 0x103000 && va < 0x104000)
            want = PTE_P | PTE_NX;
        else
            want = RW_NX | (va >= 2 * MIB ? PTE_PS : 0);
        assert_flags(&p, va, want);
        assert_flags(&p, va + 0x123, want);
    }
    /* The tables were written into [PT_BASE, PT_LIMIT) only. */
    for (uint64_t a = 0; a < size; a++)
        if (a < PT_BASE || a >= PT_LIMIT)
            cr_assert_eq(p.m.base[a], 0, "byte 0x%llx written",
                         (unsigned long long)a);
    gmem_unmap(&p.m);
}

Test(paging, several_gib)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(3840 * MIB, &img); /* the PC targets' most */
    assert_flags(&p, 1 * GIB - 1, RW_NX | PTE_PS);
    assert_flags(&p, 1 * GIB, RW_NX | PTE_PS);
    assert_flags(&p, 2 * GIB + 0x123456, RW_NX | PTE_PS);
    assert_flags(&p, 3840 * MIB - 1, RW_NX | PTE_PS);
    assert_flags(&p, 3840 * MIB, 0);
    assert_flags(&p, 4 * GIB, 0);
    assert_flags(&p, 0x100000, PTE_P);
    gmem_unmap(&p.m);
}

Test(paging, tables_that_do_not_fit)
{
    struct elf_image img = paging_test_image();
    struct guest_mem m;
    char err[256] = "";
    cr_assert(gmem_map(&m, 64 * MIB));
    /* PML4, PDPT, one PD and one page table for the image's 2 MiB. */
    cr_assert_neq(paging_build(m.base, m.size, &img, PT_BASE,
                               PT_BASE + 4 * 0x1000, err, sizeof(err)),
                  0, "%s", err);
    for (uint64_t pages = 0; pages < 4; pages++) {
        err[0] = '\0';
        cr_assert_eq(paging_build(m.base, m.size, &img, PT_BASE,
                                  PT_BASE + pages * 0x1000, err, sizeof(err)),
                     0, "%llu pages", (unsigned long long)pages);
        assert_has(err, "do not fit");
        assert_has(err, "0x4000000 bytes of memory");
        assert_has(err, "ending at 0x107800");
        assert_has(err, "[0x8000, 0x");
    }
    gmem_unmap(&m);
}

Test(paging, more_than_512_gib)
{
    struct elf_image img = paging_test_image();
    uint8_t *guest = calloc(1, PT_LIMIT);
    char err[256] = "";
    cr_assert_eq(paging_build(guest, 513 * GIB, &img, PT_BASE, PT_LIMIT, err,
                              sizeof(err)),
                 0);
    assert_has(err, "do not fit");
    free(guest);
}

/* ---- kvm_pvm's rules: PML4 on an odd page, U/S at every level ----------- */

/*
 * The entries the walk of va reads, top level first, into e; returns how
 * many (the last one is the leaf, or the first one not present). Reads the
 * tables directly, not through paging_lookup, which drops U/S.
 */
static int walk_entries(const struct pt *p, uint64_t va, uint64_t e[4])
{
    uint64_t table = p->cr3 & PTE_ADDR_MASK;
    for (int lv = 0; lv < 4; lv++) {
        uint64_t gpa = table + ((va >> (39 - 9 * lv)) & 511) * 8;
        cr_assert(gpa + 8 <= p->m.size, "table entry 0x%llx outside memory",
                  (unsigned long long)gpa);
        memcpy(&e[lv], p->m.base + gpa, 8);
        if (!(e[lv] & PTE_P) || lv == 3 || (lv > 0 && (e[lv] & PTE_PS)))
            return lv + 1;
        table = e[lv] & PTE_ADDR_MASK;
    }
    return 4;
}

/* va's walk: `levels` entries, all present with U/S set. */
static void assert_user_walk(const struct pt *p, uint64_t va, int levels)
{
    uint64_t e[4] = {0};
    int n = walk_entries(p, va, e);
    cr_assert_eq(n, levels, "va 0x%llx: a walk of %d levels, want %d",
                 (unsigned long long)va, n, levels);
    for (int lv = 0; lv < n; lv++) {
        cr_assert(e[lv] & PTE_P, "va 0x%llx: level %d entry 0x%llx absent",
                  (unsigned long long)va, lv, (unsigned long long)e[lv]);
        cr_assert(e[lv] & PTE_U, "va 0x%llx: level %d entry 0x%llx lacks U/S",
                  (unsigned long long)va, lv, (unsigned long long)e[lv]);
    }
    cr_assert_eq(!!(e[n - 1] & PTE_PS), levels == 3,
                 "va 0x%llx: leaf 0x%llx", (unsigned long long)va,
                 (unsigned long long)e[n - 1]);
}

Test(paging, user_bit_on_every_level_of_a_walk)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(64 * MIB, &img);
    /* 4 KiB leaves: low memory, text, rodata, shared page, data, the rest
     * of the image's 2 MiB region. */
    const uint64_t small[] = {0x1000,   PT_BASE,  0x100000, 0x102fff,
                              0x103000, 0x104000, 0x107fff, 0x1ff000};
    for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
        assert_user_walk(&p, small[i], 4);
    /* 2 MiB leaves past it. */
    const uint64_t huge[] = {0x200000, 0x3fffff, 32 * MIB + 0x1234,
                             64 * MIB - 1};
    for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++)
        assert_user_walk(&p, huge[i], 3);
    gmem_unmap(&p.m);
}

/* Every present entry under table (at level lv) has U/S; returns the bytes
 * the leaves below it map. */
static uint64_t user_everywhere(const struct pt *p, uint64_t table, int lv)
{
    uint64_t mapped = 0;
    cr_assert(table + 0x1000 <= p->m.size);
    for (unsigned i = 0; i < 512; i++) {
        uint64_t e;
        memcpy(&e, p->m.base + table + 8ULL * i, 8);
        if (!(e & PTE_P))
            continue;
        cr_assert(e & PTE_U, "level %d table 0x%llx entry %u: 0x%llx lacks U/S",
                  lv, (unsigned long long)table, i, (unsigned long long)e);
        if (lv == 3 || (lv > 0 && (e & PTE_PS)))
            mapped += 1ULL << (39 - 9 * lv);
        else
            mapped += user_everywhere(p, e & PTE_ADDR_MASK, lv + 1);
    }
    return mapped;
}

Test(paging, user_bit_on_every_entry)
{
    struct elf_image img = paging_test_image();
    const uint64_t sizes[] = {5 * MIB, 64 * MIB, 3840 * MIB};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        struct pt p = build(sizes[i], &img);
        /* Everything but page 0, each byte once: the whole tree was seen. */
        cr_assert_eq(user_everywhere(&p, p.cr3 & PTE_ADDR_MASK, 0),
                     sizes[i] - 0x1000, "%llu MiB",
                     (unsigned long long)(sizes[i] / MIB));
        gmem_unmap(&p.m);
    }
}

Test(paging, pml4_on_an_odd_page)
{
    struct elf_image img = paging_test_image();
    const uint64_t bases[] = {0x8000, 0x9000, 0xa000, 0xb000,
                              0x11000, 0x20000, 0x7f000};
    for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
        uint64_t base = bases[i];
        struct guest_mem m;
        char err[256] = "";
        cr_assert(gmem_map(&m, 8 * MIB));
        uint64_t cr3 = paging_build(m.base, m.size, &img, base, PT_LIMIT, err,
                                    sizeof(err));
        cr_assert_neq(cr3, 0, "base 0x%llx: %s", (unsigned long long)base,
                      err);
        cr_assert(cr3 & 0x1000, "base 0x%llx: cr3 0x%llx on an even page",
                  (unsigned long long)base, (unsigned long long)cr3);
        cr_assert(cr3 == base || cr3 == base + 0x1000,
                  "base 0x%llx: cr3 0x%llx not in the first two pages",
                  (unsigned long long)base, (unsigned long long)cr3);
        /* The PDPT is the other of the two: no page is wasted. */
        uint64_t pml4e;
        memcpy(&pml4e, m.base + cr3, 8);
        cr_assert_eq(pml4e & PTE_ADDR_MASK, 2 * base + 0x1000 - cr3,
                     "base 0x%llx: PML4[0] 0x%llx", (unsigned long long)base,
                     (unsigned long long)pml4e);
        struct pt p = {m, cr3};
        assert_flags(&p, 0x100000, PTE_P);
        assert_flags(&p, 0x2000, RW_NX);
        assert_flags(&p, 0x400000, RW_NX | PTE_PS);
        for (uint64_t a = 0; a < base; a++)
            cr_assert_eq(m.base[a], 0, "base 0x%llx: byte 0x%llx written",
                         (unsigned long long)base, (unsigned long long)a);
        gmem_unmap(&m);
    }
}

Test(paging, odd_base_fits_in_as_little_as_an_even_one)
{
    struct elf_image img = paging_test_image();
    struct guest_mem m;
    char err[256] = "";
    cr_assert(gmem_map(&m, 64 * MIB));
    for (uint64_t base = 0x8000; base <= 0x9000; base += 0x1000) {
        uint64_t cr3 = paging_build(m.base, m.size, &img, base,
                                    base + 4 * 0x1000, err, sizeof(err));
        cr_assert_neq(cr3, 0, "base 0x%llx: %s", (unsigned long long)base,
                      err);
        cr_assert_eq(cr3, 0x9000);
        cr_assert_eq(paging_build(m.base, m.size, &img, base,
                                  base + 3 * 0x1000, err, sizeof(err)),
                     0, "base 0x%llx", (unsigned long long)base);
    }
    gmem_unmap(&m);
}

Test(paging, all_of_the_low_4_gib)
{
    struct elf_image img = paging_test_image();
    struct pt p = build(4096 * MIB, &img); /* hvt's largest --mem */
    assert_flags(&p, 3840 * MIB, RW_NX | PTE_PS);
    assert_flags(&p, 4 * GIB - 8, RW_NX | PTE_PS); /* the stack's top */
    assert_flags(&p, 4 * GIB, 0);
    assert_flags(&p, 0x100000, PTE_P);
    cr_assert_eq(user_everywhere(&p, p.cr3 & PTE_ADDR_MASK, 0),
                 4 * GIB - 0x1000, "every page but page 0, with U/S");
    gmem_unmap(&p.m);
}
