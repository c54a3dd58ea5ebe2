/*
 * paging.h: identity-mapped x86_64 page tables for a guest, built by the host.
 *
 * Page 0 is left unmapped (NULL faults). Pages of PT_LOAD segments get the
 * segment's permissions (text R+X, rodata R, data W+NX; a page shared by two
 * segments gets the union); all other memory is R+W+NX. 2 MiB pages are used
 * past the image, so the work grows with --mem only by one PD entry per 2 MiB.
 * Every entry at every level has U/S set and the PML4 is on an odd 4 KiB
 * page: kvm_pvm runs a guest natively only then (kvm_pvm.h). Elsewhere
 * this changes nothing: guests run at CPL 0 and CR4 has no SMEP/SMAP.
 */
#ifndef VMM_PAGING_H
#define VMM_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_load.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_PS (1ULL << 7)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

/*
 * Build tables in guest memory [pt_base, pt_limit) for mem_size bytes of
 * guest memory (at most 512 GiB). Returns the CR3 value, or 0 with the
 * reason in err when the tables do not fit.
 */
uint64_t paging_build(uint8_t *guest, uint64_t mem_size,
                      const struct elf_image *img, uint64_t pt_base,
                      uint64_t pt_limit, char *err, size_t errlen);

/*
 * One walk of 4-level tables (any guest's, not only these) for virtual
 * address va: the present entries read, PML4 first, down to the leaf (a
 * 1 GiB, 2 MiB or 4 KiB page). True with pa set when va is mapped; false
 * when the entry at level `depth` is absent or its table lies outside
 * guest memory.
 */
struct paging_walk {
    unsigned depth;     /* entries in entry[] */
    uint64_t entry[4];
    uint64_t pa;
};
bool paging_walk(const uint8_t *guest, uint64_t mem_size, uint64_t cr3,
                 uint64_t va, struct paging_walk *w);

/*
 * Walk the tables at cr3 for virtual address va. Returns the leaf entry's
 * flags (P, W, NX; PS for a 2 MiB page) with the physical address of va in
 * *pa, or 0 when va is not mapped.
 */
uint64_t paging_lookup(const uint8_t *guest, uint64_t mem_size, uint64_t cr3,
                       uint64_t va, uint64_t *pa);

#endif
