/*
 * host_pvh.h: vmm's Xen PVH loader, pure functions over the image's bytes
 * and struct guest_mem (no KVM, no I/O), so unit tests and fuzzers can
 * drive them.
 *
 * pvh_find_entry() reads the XEN_ELFNOTE_PHYS32_ENTRY note through the
 * PT_NOTE program headers (as Xen and QEMU find it) of an ELF64 x86_64 or
 * ELF32 i386 executable. pvh_parse() checks the whole image: the note, the
 * PT_LOAD segments (loaded at p_paddr, as Xen and QEMU load them; read by
 * the core's class-independent reader, vmm/elf_load.h), the entry inside
 * their file data and the TLS template (.tdata) loaded from the file.
 * pvh_write_start_info() lays out what %ebx points to at entry: struct
 * hvm_start_info (version 1), the E820-style memory map, the command line
 * and the modules, in RAM above the image.
 */
#ifndef XEN_PVH_HOST_PVH_H
#define XEN_PVH_HOST_PVH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/elf_load.h"
#include "vmm/guest_mem.h"
#include "xen_abi.h"

#define PVH_MIN_LOAD_ADDR 0x100000ULL /* images load at 1 MiB and up */
#define PVH_MAX_MODULES 16
#define PVH_MAX_MEMMAP 5
#define PVH_PAGE 4096ULL

/* Guest-physical layout below 1 MiB. */
#define PVH_GDT_GPA 0x1000   /* the entry GDT (x86_protmode.c) */
#define PVH_STACK_TOP 0x8000 /* %esp at entry; the guest sets its own */
#define PVH_EBDA 0x9fc00     /* reserved to 0xa0000, as on a PC */
#define PVH_LOW_END 0xa0000
#define PVH_BIOS 0xe0000 /* reserved to 1 MiB: the ACPI tables */

/*
 * The Xen shim's page outside RAM (below 4 GiB, above any RAM, clear of the
 * IOAPIC and LAPIC pages; where Xen keeps its special pages), reserved in
 * the memory map: the console ring (HVM_PARAM_CONSOLE_PFN). A guest that
 * maps all its RAM and no more (Solo5's Xen binding) maps it through Xen's
 * special region, as on Xen.
 */
#define PVH_AREA_GPA 0xfeff3000ULL
#define PVH_AREA_SIZE 0x1000
#define PVH_AREA_CONSOLE 0x0000 /* struct xencons_interface (Xen shim) */

/*
 * What %ebx points to lies in RAM, where Xen's domain builder puts it: the
 * first page boundary above the image and its modules (so below 1 GiB for
 * any image and modules that fit there, inside the first 1 GiB that early
 * PVH code maps, and at or above the image's start, which Solo5's Xen
 * binding keeps mapped when it unmaps the memory below its .text). One
 * block: struct hvm_start_info, the memory map, the module list and the
 * command line at these offsets. It is RAM to the guest, not reserved: a
 * guest reads it before it allocates (Xen's contract), and a reserved hole
 * would end the RAM region that holds 1 MiB, which guests take for their
 * memory size.
 */
#define PVH_INFO_MEMMAP 0x40   /* PVH_MAX_MEMMAP memmap entries */
#define PVH_INFO_MODLIST 0x100 /* PVH_MAX_MODULES modlist entries */
#define PVH_INFO_CMDLINE 0x300 /* up to PVH_CMDLINE_SIZE bytes */
#define PVH_CMDLINE_SIZE 8192

_Static_assert(56 <= PVH_INFO_MEMMAP, "layout");
_Static_assert(PVH_INFO_MEMMAP + PVH_MAX_MEMMAP * 24 <= PVH_INFO_MODLIST,
               "layout");
_Static_assert(PVH_INFO_MODLIST + PVH_MAX_MODULES * 32 <= PVH_INFO_CMDLINE,
               "layout");

struct pvh_image {
    uint32_t entry;       /* from the note: 32-bit physical entry point */
    struct elf_image elf; /* the program headers, either class */
    unsigned nseg;
    struct elf_segment seg[ELF_MAX_LOAD]; /* PT_LOAD at p_paddr, sorted */
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

/*
 * Copy every segment's file bytes to guest + addr; pvh_parse()d only.
 * guest must be zero: the zero-fill (bss) is left unwritten (elf_load.h).
 */
void pvh_copy(const struct pvh_image *img, const uint8_t *buf, uint8_t *guest);

/*
 * The memory map of a guest with mem_size bytes (2 MiB to 3840 MiB):
 * [0, PVH_EBDA) RAM, [PVH_EBDA, PVH_LOW_END) reserved, [PVH_BIOS, 1 MiB)
 * reserved, [1 MiB, mem_size) RAM, and with_shim (Xen PVH) the shim's page
 * reserved. Returns the count.
 */
unsigned pvh_memory_map(uint64_t mem_size, bool with_shim,
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
    bool no_shim; /* plain PVH: the shim's page is not in the memory map */
};

/*
 * Write the modules into RAM (m), page-aligned from the image's end up,
 * then struct hvm_start_info with the memory map, the module list and the
 * command line (PVH_INFO_*) at the next page boundary; *info is its
 * address (%ebx); the memory map is pvh_memory_map()'s, without the
 * shim's page when b->no_shim. 0, or -1 with the reason in err (too many
 * modules, a module or the start info past guest memory, a command line
 * too long, memory below 2 MiB).
 */
int pvh_write_start_info(struct guest_mem *m, const struct pvh_boot *b,
                         uint32_t *info, char *err, size_t errlen);

#endif
