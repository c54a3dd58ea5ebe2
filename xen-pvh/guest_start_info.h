/*
 * guest_start_info.h: what the guest runtime takes from the PVH
 * hvm_start_info (xen-pvh/guest_start_info.c). Guest code.
 */
#ifndef XEN_PVH_GUEST_START_INFO_H
#define XEN_PVH_GUEST_START_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-rt/rt.h"

#define PVH_MODULES_MAX 8
#define PVH_MODULE_CMDLINE_SIZE 256

struct pvh_boot {
    uint32_t version;
    bool have_memmap; /* version >= 1 with a non-empty memory map */
    uint64_t mem_end; /* end of the RAM region holding 1 MiB (<= 4 GiB) */
    uint64_t rsdp;    /* ACPI RSDP, 0 if none */
    size_t nmodules;  /* modules kept (at most PVH_MODULES_MAX) */
    struct rt_module modules[PVH_MODULES_MAX];
    char module_cmdline[PVH_MODULES_MAX][PVH_MODULE_CMDLINE_SIZE];
};

/*
 * Read the hvm_start_info at physical address (info) (its magic already
 * checked by the entry code): the version, the command line (copied whole
 * into cmdline[size]: PVH loaders pass only the arguments), the memory map
 * when there is one, and the modules with their command lines. Everything
 * is copied out: the loader may have put it where the runtime allocates.
 * False with *why set if unusable.
 */
bool pvh_info_parse(uint32_t info, struct pvh_boot *out, char *cmdline,
                    size_t size, const char **why);

/*
 * The end of the RAM region holding 1 MiB in an E820-style map of (n)
 * entries (stride) bytes apart, each starting with a 64-bit address, a
 * 64-bit size and a 32-bit type (hvm_memmap_table_entry and Xen's E820
 * entry both do): the available entry holding 1 MiB, grown by available
 * entries that continue it without a gap, capped at 4 GiB. 0 if none.
 */
uint64_t pvh_ram_end(const void *map, size_t n, size_t stride);

#endif /* XEN_PVH_GUEST_START_INFO_H */
