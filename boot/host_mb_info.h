/*
 * host_mb_info.h: writing the Multiboot information structure (the one
 * %ebx points to at entry) into guest memory.
 */
#ifndef BOOT_HOST_MB_INFO_H
#define BOOT_HOST_MB_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/guest_mem.h"
#include "multiboot_abi.h"

#define MB_INFO_MAX_MMAP 4

/* Where things go, and the PC's low-memory holes. */
struct mb_info_layout {
    uint64_t info;    /* struct mb_info */
    uint64_t mmap;    /* MB_INFO_MAX_MMAP entries */
    uint64_t loader;  /* boot loader name */
    uint64_t cmdline; /* command line, cmdline_size bytes at most */
    uint64_t cmdline_size;
    uint64_t ebda; /* reserved [ebda, low_end): EBDA, VGA hole */
    uint64_t low_end;
    uint64_t bios; /* reserved [bios, 1 MiB): BIOS area, ACPI */
};

/*
 * mem_lower (KiB below the EBDA), mem_upper (KiB from 1 MiB to the end of
 * memory), the memory map: [0, ebda) available, [ebda, low_end) and
 * [bios, 1 MiB) reserved, [1 MiB, end) available, so an available entry
 * starts exactly at 0x100000; the command line and the loader name.
 * 0, or -1 with the reason in err (memory below 2 MiB, line too long).
 */
int mb_write_info(struct guest_mem *m, const struct mb_info_layout *l,
                  const char *cmdline, const char *loader, char *err,
                  size_t errlen);

#endif
