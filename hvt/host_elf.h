/*
 * host_elf.h: hvt's rules for its images, over the core's ELF reader
 * (vmm/elf_load.h): a static ELF64 x86_64 executable, identity-mapped
 * (p_vaddr == p_paddr), every PT_LOAD inside [min_addr, max_addr), the
 * entry point in an executable segment, and .tdata loaded by a PT_LOAD.
 *
 * hvt_elf_parse() is a pure function over a byte buffer: it checks
 * everything before anything touches guest memory, and on refusal writes
 * the exact reason to err. elf_copy() then places the segments into guest
 * memory.
 */
#ifndef HVT_HOST_ELF_H
#define HVT_HOST_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/elf_load.h"

/*
 * Returns 0 and fills *img (load[] sorted by address, end the highest
 * address loaded + 1), or -1 with the reason in err.
 */
int hvt_elf_parse(const uint8_t *buf, size_t len, const struct elf_limits *lim,
                  struct elf_image *img, char *err, size_t errlen);

#endif
