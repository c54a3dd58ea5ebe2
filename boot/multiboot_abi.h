/*
 * multiboot_abi.h: Multiboot (version 1, 0.6.96) header and boot
 * information, as the guest's boot.S declares them and vmm's loader reads
 * them. Self-contained C99; all fields little-endian, 32-bit.
 */
#ifndef VMM_MULTIBOOT_ABI_H
#define VMM_MULTIBOOT_ABI_H

#include <stdint.h>

#define MB_HEADER_MAGIC 0x1BADB002u
#define MB_BOOTLOADER_MAGIC 0x2BADB002u /* in %eax at entry */
#define MB_SEARCH_LIMIT 8192 /* the header lies in the first 8 KiB, 4-aligned */

/* Header flags. */
#define MB_HF_PAGE_ALIGN (1u << 0) /* modules page-aligned */
#define MB_HF_MEMORY_INFO (1u << 1) /* mem_* and mmap wanted */
#define MB_HF_VIDEO_MODE (1u << 2)
#define MB_HF_ADDRESS (1u << 16) /* the address fields below are valid */

struct mb_header {
    uint32_t magic;    /* MB_HEADER_MAGIC */
    uint32_t flags;    /* MB_HF_* */
    uint32_t checksum; /* magic + flags + checksum == 0 (mod 2^32) */
    /* valid with MB_HF_ADDRESS: */
    uint32_t header_addr;   /* where this header lands in memory */
    uint32_t load_addr;     /* start of the text to load */
    uint32_t load_end_addr; /* end of data to load; 0: to end of file */
    uint32_t bss_end_addr;  /* end of bss to zero; 0: no bss */
    uint32_t entry_addr;    /* 32-bit entry point */
};
_Static_assert(sizeof(struct mb_header) == 32, "mb_header layout");

/* Boot information flags (which fields of mb_info are valid). */
#define MB_INFO_MEMORY (1u << 0)
#define MB_INFO_BOOTDEV (1u << 1)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)
#define MB_INFO_MEM_MAP (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)

struct mb_info {
    uint32_t flags;         /* MB_INFO_* */
    uint32_t mem_lower;     /* KiB below 1 MiB */
    uint32_t mem_upper;     /* KiB above 1 MiB, up to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;       /* physical address of a C string */
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;   /* bytes of mmap entries */
    uint32_t mmap_addr;     /* physical address of the first entry */
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name; /* physical address of a C string */
    uint32_t apm_table;
};
_Static_assert(sizeof(struct mb_info) == 72, "mb_info layout");

/* Memory map entry; `size` counts the bytes after itself (20). */
struct mb_mmap_entry {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type; /* MB_MEMORY_* */
} __attribute__((packed));
_Static_assert(sizeof(struct mb_mmap_entry) == 24, "mb_mmap_entry layout");

#define MB_MEMORY_AVAILABLE 1
#define MB_MEMORY_RESERVED 2

#endif /* VMM_MULTIBOOT_ABI_H */
