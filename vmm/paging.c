/* paging.c: build and walk the guest's identity-mapped page tables. */
#include "paging.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PAGE 0x1000ULL
#define HUGE 0x200000ULL
#define GIB 0x40000000ULL
/* Every entry: present, user (kvm_pvm shadows only U/S mappings). */
#define PTE_PU (PTE_P | PTE_U)

struct pt_alloc {
    uint8_t *guest;
    uint64_t next, limit;
};

static uint64_t *table_at(uint8_t *guest, uint64_t gpa)
{
    return (uint64_t *)(void *)(guest + gpa);
}

static uint64_t alloc_table(struct pt_alloc *a)
{
    if (a->limit - a->next < PAGE)
        return 0;
    uint64_t gpa = a->next;
    memset(a->guest + gpa, 0, PAGE);
    a->next += PAGE;
    return gpa;
}

/* Permission bits for a 4 KiB page at pa, from the segments covering it. */
static uint64_t page_flags(const struct elf_image *img, uint64_t pa)
{
    uint64_t w = 0, x = 0;
    int covered = 0;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        uint64_t start = s->addr & ~(PAGE - 1), end = s->addr + s->memsz;
        if (pa + PAGE <= start || pa >= end)
            continue;
        covered = 1;
        w |= (s->flags & PF_W) ? PTE_W : 0;
        x |= (s->flags & PF_X) ? 1 : 0;
    }
    if (!covered)
        return PTE_PU | PTE_W | PTE_NX;
    return PTE_PU | w | (x ? 0 : PTE_NX);
}

/* Fill one 2 MiB region [base, base + HUGE) with 4 KiB pages below mem. */
static int fill_small(struct pt_alloc *a, uint64_t *pde, uint64_t base,
                      uint64_t mem_size, const struct elf_image *img)
{
    uint64_t pt = alloc_table(a);
    if (!pt)
        return -1;
    uint64_t *pte = table_at(a->guest, pt);
    for (unsigned i = 0; i < 512; i++) {
        uint64_t pa = base + i * PAGE;
        if (pa == 0 || pa + PAGE > mem_size)
            continue; /* page 0 and memory past the end stay unmapped */
        pte[i] = pa | page_flags(img, pa);
    }
    *pde = pt | PTE_PU | PTE_W;
    return 0;
}

uint64_t paging_build(uint8_t *guest, uint64_t mem_size,
                      const struct elf_image *img, uint64_t pt_base,
                      uint64_t pt_limit, char *err, size_t errlen)
{
    struct pt_alloc a = {guest, pt_base, pt_limit};
    /* The PML4 on an odd page (kvm_pvm's rule), the PDPT beside it. */
    uint64_t t0 = alloc_table(&a), t1 = alloc_table(&a);
    uint64_t pml4 = (t0 & PAGE) ? t0 : t1, pdpt = (t0 & PAGE) ? t1 : t0;
    uint64_t small_end = (img->end + HUGE - 1) & ~(HUGE - 1);
    if (!pml4 || !pdpt || mem_size > 512 * GIB)
        goto full;
    table_at(guest, pml4)[0] = pdpt | PTE_PU | PTE_W;
    for (uint64_t g = 0; g * GIB < mem_size; g++) {
        uint64_t pd = alloc_table(&a);
        if (!pd)
            goto full;
        table_at(guest, pdpt)[g] = pd | PTE_PU | PTE_W;
        uint64_t *pde = table_at(guest, pd);
        for (unsigned i = 0; i < 512; i++) {
            uint64_t base = g * GIB + i * HUGE;
            if (base >= mem_size)
                break;
            if (base < small_end || base + HUGE > mem_size) {
                if (fill_small(&a, &pde[i], base, mem_size, img) < 0)
                    goto full;
            } else {
                pde[i] = base | PTE_PU | PTE_W | PTE_PS | PTE_NX;
            }
        }
    }
    return pml4;
full:
    snprintf(err, errlen,
             "page tables for 0x%" PRIx64 " bytes of memory and an image "
             "ending at 0x%" PRIx64 " do not fit in [0x%" PRIx64 ", 0x%" PRIx64
             ")",
             mem_size, img->end, pt_base, pt_limit);
    return 0;
}

static uint64_t read_entry(const uint8_t *guest, uint64_t mem_size,
                           uint64_t table, unsigned idx)
{
    uint64_t gpa = (table & PTE_ADDR_MASK) + idx * 8ULL;
    uint64_t e;
    if (gpa + 8 > mem_size)
        return 0;
    memcpy(&e, guest + gpa, 8);
    return e;
}

bool paging_walk(const uint8_t *guest, uint64_t mem_size, uint64_t cr3,
                 uint64_t va, struct paging_walk *w)
{
    uint64_t table = cr3;
    w->depth = 0;
    for (unsigned level = 0; level < 4; level++) {
        unsigned shift = 39 - 9 * level;
        uint64_t e = read_entry(guest, mem_size, table, (va >> shift) & 511);
        if (!(e & PTE_P))
            return false; /* absent, or its table is outside memory */
        w->entry[w->depth++] = e;
        if (level == 3 || ((level == 1 || level == 2) && (e & PTE_PS))) {
            uint64_t page = 1ULL << shift;
            w->pa = (e & PTE_ADDR_MASK & ~(page - 1)) | (va & (page - 1));
            return true;
        }
        table = e;
    }
    return false; /* not reached: level 3 is always a leaf */
}

uint64_t paging_lookup(const uint8_t *guest, uint64_t mem_size, uint64_t cr3,
                       uint64_t va, uint64_t *pa)
{
    struct paging_walk w;
    if (!paging_walk(guest, mem_size, cr3, va, &w) || w.depth == 2)
        return 0; /* 1 GiB pages are never built */
    uint64_t leaf = w.entry[w.depth - 1];
    *pa = w.pa;
    return leaf & (PTE_P | PTE_W | PTE_NX | (w.depth == 3 ? PTE_PS : 0));
}
