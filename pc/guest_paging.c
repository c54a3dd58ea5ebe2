/*
 * guest_paging.c: the runtime's identity map, with the permissions vmm gives an
 * hvt image: page 0 unmapped; text read+execute, read-only data read-only
 * and no-execute, data/bss read+write and no-execute (page-exact, from the
 * linker script's section symbols); every other page below mem_end read+
 * write and no-execute; nothing at or above mem_end. 2 MiB pages where a
 * whole aligned 2 MiB shares its permissions, 4 KiB pages elsewhere. The
 * tables come from pc_alloc(). pc_paging_map() adds single pages later
 * (the local APIC, a console ring the host placed outside RAM), splitting
 * a 2 MiB page that holds one.
 *
 * Every entry at every level has U/S set and the PML4 sits on an odd 4 KiB
 * page: kvm_pvm runs a guest natively only then (cpu.c). Elsewhere this
 * changes nothing: the runtime runs at CPL 0 without SMEP or SMAP.
 */
#include "guest_pc.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define HUGE_SIZE 0x200000ULL

extern const char _stext[], _srodata[], _sdata[], _end[];

uint64_t pc_mem_end;
static uint64_t *pml4;
static uint64_t nx; /* PTE_NX when the CPU has it, else 0 */

static uint64_t *new_table(void)
{
    return pc_alloc(RT_PAGE_SIZE, RT_PAGE_SIZE);
}

/* A table on an odd page (the PML4), at the cost of at most one page. */
static uint64_t *new_odd_table(void)
{
    uint64_t *t = new_table();

    return ((uintptr_t)t & RT_PAGE_SIZE) ? t : new_table();
}

/* The table entry (e) points to, made on first use. */
static uint64_t *next_level(uint64_t *e)
{
    if (!(*e & PTE_P))
        *e = (uintptr_t)new_table() | PTE_P | PTE_W | PTE_U;
    return (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
}

/* Map [start, end) (page-aligned) to itself with (flags). */
static void map_range(uint64_t start, uint64_t end, uint64_t flags)
{
    uint64_t va = start;

    while (va < end) {
        uint64_t *pdpt = next_level(&pml4[va >> 39 & 511]);
        uint64_t *pd = next_level(&pdpt[va >> 30 & 511]);
        uint64_t *pde = &pd[va >> 21 & 511];

        if ((va & (HUGE_SIZE - 1)) == 0 && end - va >= HUGE_SIZE &&
            !(*pde & PTE_P)) {
            *pde = va | flags | PTE_PS;
            va += HUGE_SIZE;
            continue;
        }
        uint64_t *pt = next_level(pde);
        pt[va >> 12 & 511] = va | flags;
        va += RT_PAGE_SIZE;
    }
}

void pc_paging_init(uint64_t mem_end)
{
    uint32_t r[4];
    uint64_t text = (uintptr_t)_stext, rodata = (uintptr_t)_srodata;
    uint64_t data = (uintptr_t)_sdata, end = (uintptr_t)_end;

    pc_mem_end = mem_end;
    rt_cpuid(0x80000001, 0, r);
    nx = (r[3] & (1U << 20)) ? PTE_NX : 0;
    pml4 = new_odd_table();
    map_range(RT_PAGE_SIZE, text, PTE_P | PTE_U | PTE_W | nx);
    map_range(text, rodata, PTE_P | PTE_U);
    map_range(rodata, data, PTE_P | PTE_U | nx);
    map_range(data, end, PTE_P | PTE_U | PTE_W | nx);
    map_range(end, rt_align_down(mem_end, RT_PAGE_SIZE),
              PTE_P | PTE_U | PTE_W | nx);
    __asm__ __volatile__("movq %0, %%cr3" : : "r"((uintptr_t)pml4) : "memory");
}

/* The 4 KiB page table entry of (va), splitting a 2 MiB page if needed. */
static uint64_t *pte_of(uint64_t va)
{
    uint64_t *pdpt = next_level(&pml4[va >> 39 & 511]);
    uint64_t *pd = next_level(&pdpt[va >> 30 & 511]);
    uint64_t *pde = &pd[va >> 21 & 511];

    if ((*pde & PTE_P) && (*pde & PTE_PS)) {
        uint64_t *pt = new_table();
        uint64_t base = *pde & PTE_ADDR, flags = *pde & ~PTE_ADDR & ~PTE_PS;

        for (unsigned i = 0; i < 512; i++)
            pt[i] = (base + i * RT_PAGE_SIZE) | flags;
        *pde = (uintptr_t)pt | PTE_P | PTE_W | PTE_U;
    }
    uint64_t *pt = next_level(pde);
    return &pt[va >> 12 & 511];
}

void pc_paging_map(uint64_t addr, uint64_t size, bool uncached)
{
    uint64_t flags =
        PTE_P | PTE_U | PTE_W | nx | (uncached ? PTE_PCD | PTE_PWT : 0);
    uint64_t end = rt_align_up(addr + size, RT_PAGE_SIZE);

    for (uint64_t va = rt_align_down(addr, RT_PAGE_SIZE); va < end;
         va += RT_PAGE_SIZE) {
        *pte_of(va) = va | flags;
        __asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
    }
}

void pc_paging_use_boot_tables(void)
{
    __asm__ __volatile__("movq %0, %%cr3"
                         :
                         : "r"(pc_boot_cr3)
                         : "memory");
}
