/*
 * hostile-map: the guest writes page tables of its own that map memory it
 * does not have (virtual 4 GiB -> guest-physical 64 GiB, far past RAM),
 * beside an identity map of the low 4 GiB, loads them into CR3 and reads
 * there. Guest-physical 64 GiB backs nothing: vmm must stop the guest with
 * status 252 ("outside guest memory (MMIO)") on hvt, and on every target
 * under --strict-io; on virtio and xen-pvh it otherwise reads all-ones, as
 * on a PC, and the guest says it survived (status 1). The tables
 * follow kvm_pvm's rules (U/S at every level, the PML4 on an odd page), so
 * that host runs the read natively too instead of refusing the tables.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_U 0x4ULL
#define PTE_PS 0x80ULL
#define MAP_VA (4ULL << 30)
#define FAR_GPA (64ULL << 30)

static uint64_t pml4_pages[2][512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[5][512] __attribute__((aligned(4096)));

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    uint64_t *pml4 = ((uintptr_t)pml4_pages[0] & 0x1000) ? pml4_pages[0]
                                                           : pml4_pages[1];
    for (uint64_t i = 0; i < 4; i++) {
        pdpt[i] = (uint64_t)(uintptr_t)pd[i] | PTE_P | PTE_W | PTE_U;
        for (uint64_t j = 0; j < 512; j++)
            pd[i][j] = ((i * 512 + j) << 21) | PTE_P | PTE_W | PTE_U | PTE_PS;
    }
    pdpt[4] = (uint64_t)(uintptr_t)pd[4] | PTE_P | PTE_W | PTE_U;
    pd[4][0] = FAR_GPA | PTE_P | PTE_W | PTE_U | PTE_PS;
    pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_W | PTE_U;
    rt_printf("hostile-map: mapping 0x%llx at 0x%llx and reading it\n",
              (unsigned long long)FAR_GPA, (unsigned long long)MAP_VA);
    __asm__ __volatile__("mov %0, %%cr3" : : "r"(pml4) : "memory");
    uint64_t v = *(volatile uint64_t *)(uintptr_t)MAP_VA;
    rt_printf("hostile-map: read 0x%llx past memory and survived\n",
              (unsigned long long)v);
    return 1;
}
