/*
 * host_pvh_info.c: what a PVH guest finds through %ebx at entry: struct
 * hvm_start_info (version 1), its memory map, command line and modules,
 * written into guest memory (pure over struct guest_mem): the modules
 * page-aligned above the image, then the start info block (host_pvh.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host_pvh.h"

#define MIB (1024ULL * 1024ULL)
#define PAGE_UP(x) (((x) + PVH_PAGE - 1) & ~(PVH_PAGE - 1))

unsigned pvh_memory_map(uint64_t mem_size, bool with_shim,
                        struct hvm_memmap_table_entry e[PVH_MAX_MEMMAP])
{
    const struct {
        uint64_t start, end;
        uint32_t type;
    } map[PVH_MAX_MEMMAP] = {
        {0, PVH_EBDA, XEN_HVM_MEMMAP_TYPE_RAM},
        {PVH_EBDA, PVH_LOW_END, XEN_HVM_MEMMAP_TYPE_RESERVED},
        {PVH_BIOS, MIB, XEN_HVM_MEMMAP_TYPE_RESERVED},
        {MIB, mem_size, XEN_HVM_MEMMAP_TYPE_RAM},
        {PVH_AREA_GPA, with_shim ? PVH_AREA_GPA + PVH_AREA_SIZE : PVH_AREA_GPA,
         XEN_HVM_MEMMAP_TYPE_RESERVED},
    };
    unsigned n = 0;
    for (unsigned i = 0; i < PVH_MAX_MEMMAP; i++)
        if (map[i].end > map[i].start)
            e[n++] = (struct hvm_memmap_table_entry){
                .addr = map[i].start,
                .size = map[i].end - map[i].start,
                .type = map[i].type,
            };
    return n;
}

/*
 * Modules page-aligned from the end of the image up; their list entries
 * and, in *end, where the last one ends.
 */
static int place_modules(struct guest_mem *m, const struct pvh_boot *b,
                         struct hvm_modlist_entry *list, uint64_t *end,
                         char *err, size_t errlen)
{
    uint64_t at = PAGE_UP(b->image_end);
    for (unsigned i = 0; i < b->nmodules; i++) {
        const struct pvh_module *mod = &b->modules[i];
        if (!gmem_check(m, at, mod->size)) {
            snprintf(err, errlen,
                     "--module=%s: 0x%" PRIx64 " bytes at 0x%" PRIx64
                     " end past guest memory (0x%" PRIx64 "; see --mem)",
                     mod->name, mod->size, at, m->size);
            return -1;
        }
        if (mod->size)
            memcpy(m->base + at, mod->data, mod->size);
        list[i] = (struct hvm_modlist_entry){.paddr = at, .size = mod->size};
        at = PAGE_UP(at + mod->size);
    }
    *end = at;
    return 0;
}

int pvh_write_start_info(struct guest_mem *m, const struct pvh_boot *b,
                         uint32_t *info, char *err, size_t errlen)
{
    struct hvm_memmap_table_entry map[PVH_MAX_MEMMAP];
    struct hvm_modlist_entry list[PVH_MAX_MODULES];
    size_t clen = strlen(b->cmdline) + 1;
    if (m->size < 2 * MIB) {
        snprintf(err, errlen, "guest memory (0x%" PRIx64 " bytes) is below 2 MiB",
                 m->size);
        return -1;
    }
    if (b->nmodules > PVH_MAX_MODULES) {
        snprintf(err, errlen, "%u modules given, at most %d", b->nmodules,
                 PVH_MAX_MODULES);
        return -1;
    }
    if (clen > PVH_CMDLINE_SIZE) {
        snprintf(err, errlen,
                 "guest command line (%zu bytes) longer than %d bytes",
                 clen - 1, PVH_CMDLINE_SIZE - 1);
        return -1;
    }
    uint64_t at;
    if (place_modules(m, b, list, &at, err, errlen) < 0)
        return -1;
    uint64_t size = PVH_INFO_CMDLINE + clen;
    if (!gmem_check(m, at, size) || at + size > 0x100000000ULL) {
        snprintf(err, errlen,
                 "no room for hvm_start_info (0x%" PRIx64 " bytes at 0x%" PRIx64
                 ", above the image and modules) in guest memory (0x%" PRIx64
                 "; see --mem)",
                 size, at, m->size);
        return -1;
    }
    unsigned n = pvh_memory_map(m->size, !b->no_shim, map);
    struct hvm_start_info si = {
        .magic = HVM_START_MAGIC,
        .version = 1,
        .nr_modules = b->nmodules,
        .modlist_paddr = b->nmodules ? at + PVH_INFO_MODLIST : 0,
        .cmdline_paddr = at + PVH_INFO_CMDLINE,
        .rsdp_paddr = b->rsdp,
        .memmap_paddr = at + PVH_INFO_MEMMAP,
        .memmap_entries = n,
    };
    uint8_t *p = m->base + at;
    memcpy(p + PVH_INFO_CMDLINE, b->cmdline, clen);
    memcpy(p + PVH_INFO_MEMMAP, map, n * sizeof(map[0]));
    memcpy(p + PVH_INFO_MODLIST, list, b->nmodules * sizeof(list[0]));
    memcpy(p, &si, sizeof(si));
    *info = (uint32_t)at;
    return 0;
}
