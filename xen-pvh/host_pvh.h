/*
 * host_pvh.h: vmm's Xen PVH loader, pure functions over the image's bytes
 * and struct guest_mem (no KVM, no I/O), so unit tests and fuzzers can
 * drive them.
 *
 * pvh_find_entry() reads the XEN_ELFNOTE_PHYS32_ENTRY note through the
 * PT_NOTE program headers (as Xen and QEMU find it) of an ELF64 x86_64 or
 * ELF32 i386 executable. pvh_parse() checks the whole image: the note, the
 * PT_LOAD segments (loaded at p_paddr, as Xen and QEMU load them; read by
 * boot/'s class-independent mb_elf_read), the entry inside their file data
 * and the TLS template (.tdata) loaded from the file. pvh_write_start_info()
 * lays out what %ebx points to at entry: struct hvm_start_info (version 1),
 * the E820-style memory map, the command line and the modules.
 */
#ifndef XEN_PVH_HOST_PVH_H
#define XEN_PVH_HOST_PVH_H

#include <stddef.h>
#include <stdint.h>

#include "boot/host_multiboot.h"
#include "guest_mem.h"
#include "xen-pvh/xen_abi.h"

#define PVH_MIN_LOAD_ADDR 0x100000ULL /* images load at 1 MiB and up */
#define PVH_MAX_MODULES 16
#define PVH_MAX_MEMMAP 4
#define PVH_PAGE 4096ULL

/* Guest-physical layout below 1 MiB. */
#define PVH_GDT_GPA 0x1000        /* the entry GDT (x86_protmode.c) */
#define PVH_STACK_TOP 0x8000      /* %esp at entry; the guest sets its own */
#define PVH_START_INFO_GPA 0x8000 /* struct hvm_start_info */
#define PVH_MEMMAP_GPA 0x8100     /* PVH_MAX_MEMMAP memmap entries */
#define PVH_MODLIST_GPA 0x8200    /* PVH_MAX_MODULES modlist entries */
#define PVH_CMDLINE_GPA 0x9000
#define PVH_CMDLINE_SIZE 8192
#define PVH_CONSOLE_GPA 0x9e000 /* the console ring page (Xen shim) */
#define PVH_RESERVED_LOW 0x9e000 /* reserved to 0xa0000: console, EBDA */
#define PVH_LOW_END 0xa0000
#define PVH_BIOS 0xe0000 /* reserved to 1 MiB: the ACPI tables */

_Static_assert(PVH_MODLIST_GPA + PVH_MAX_MODULES * 32 <= PVH_CMDLINE_GPA,
               "layout");
_Static_assert(PVH_CMDLINE_GPA + PVH_CMDLINE_SIZE <= PVH_RESERVED_LOW,
               "layout");

struct pvh_image {
    uint32_t entry;    /* from the note: 32-bit physical entry point */
    struct mb_elf elf; /* the program headers, either class */
    unsigned nseg;
    struct mb_segment seg[MB_MAX_SEGMENTS]; /* PT_LOAD at p_paddr, sorted */
    uint64_t start, end; /* lowest address loaded, highest + 1 */
};

/*
 * The PVH entry point: 1 and *entry when the note exists (a 4- or 8-byte
 * descriptor holding an address below 4 GiB), 0 when the image has none,
 * -1 with the reason in err when the file or the note is malformed.
 */
int pvh_find_entry(const uint8_t *buf, size_t len, uint32_t *entry,
                   char *err, size_t errlen);

/*
 * Check the image for guest memory of mem_size bytes and fill *img; 0, or
 * -1 with the reason in err.
 */
int pvh_parse(const uint8_t *buf, size_t len, uint64_t mem_size,
              struct pvh_image *img, char *err, size_t errlen);

/* Copy (and zero-fill) every segment to guest + addr; pvh_parse()d only. */
void pvh_copy(const struct pvh_image *img, const uint8_t *buf, uint8_t *guest);

/*
 * The memory map of a guest with mem_size bytes (at least 2 MiB):
 * [0, PVH_RESERVED_LOW) RAM, [PVH_RESERVED_LOW, PVH_LOW_END) reserved,
 * [PVH_BIOS, 1 MiB) reserved, [1 MiB, mem_size) RAM. Returns the count.
 */
unsigned pvh_memory_map(uint64_t mem_size,
                        struct hvm_memmap_table_entry e[PVH_MAX_MEMMAP]);

struct pvh_module {
    const char *name; /* file name, for messages */
    const uint8_t *data;
    uint64_t size;
};

struct pvh_boot {
    const char *cmdline; /* NUL-terminated; "" for none */
    uint64_t rsdp;       /* ACPI RSDP, 0 when none */
    uint64_t image_end;  /* modules go page-aligned from here up */
    unsigned nmodules;
    const struct pvh_module *modules;
};

/*
 * Write the modules, the command line, the memory map, the module list and
 * struct hvm_start_info (at PVH_START_INFO_GPA) into guest memory; 0, or -1
 * with the reason in err (too many modules, a module past guest memory, a
 * command line too long, memory below 2 MiB).
 */
int pvh_write_start_info(struct guest_mem *m, const struct pvh_boot *b,
                         char *err, size_t errlen);

#endif
