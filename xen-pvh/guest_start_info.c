/*
 * guest_start_info.c: the hvm_start_info a PVH guest is started with.
 *
 * Memory: see pvh_ram_end(). Version 0 has no memory map (the xen-pvh
 * binding then asks Xen with XENMEM_memory_map). Command line: PVH loaders
 * (Xen's toolstack, QEMU's PVH option ROM with -append, vmm) pass only the
 * arguments, so the application gets the whole string. Modules: each
 * entry's address, size and command line are kept; their contents stay
 * where the loader put them (the binding keeps its allocations clear of
 * them).
 */
#include "guest_start_info.h"

#include "xen_abi.h"

#define MB_1MIB 0x100000ULL
#define MB_4GIB 0x100000000ULL
#define MEMMAP_MAX 128

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

/* Grow *end by an available entry holding `from` and reaching past *end. */
static bool extend(const uint8_t *map, size_t n, size_t stride, uint64_t from,
                   uint64_t *end)
{
    bool grown = false;

    for (size_t i = 0; i < n; i++) {
        const uint8_t *e = map + i * stride;
        uint64_t lo = get64(e), len = get64(e + 8);
        uint64_t hi = lo + len;

        if (get32(e + 16) != XEN_HVM_MEMMAP_TYPE_RAM || hi <= lo)
            continue;
        if (lo <= from && hi > *end) {
            *end = hi;
            grown = true;
        }
    }
    return grown;
}

uint64_t pvh_ram_end(const void *map, size_t n, size_t stride)
{
    uint64_t end = MB_1MIB;

    if (!extend(map, n, stride, MB_1MIB, &end))
        return 0;
    for (unsigned i = 0; i < MEMMAP_MAX && extend(map, n, stride, end, &end);
         i++)
        ;
    return end < MB_4GIB ? end : MB_4GIB;
}

static void copy_string(uint64_t pa, char *out, size_t size)
{
    size_t n = 0;

    if (pa != 0 && pa < MB_4GIB) {
        const char *s = (const char *)(uintptr_t)pa;
        while (s[n] && n + 1 < size) {
            out[n] = s[n];
            n++;
        }
    }
    out[n] = '\0';
}

bool pvh_info_parse(uint32_t info, struct pvh_boot *out, char *cmdline,
                    size_t size, const char **why)
{
    const struct hvm_start_info *si =
        (const struct hvm_start_info *)(uintptr_t)info;

    if (info == 0 || si->magic != HVM_START_MAGIC) {
        *why = "no hvm_start_info (bad magic)";
        return false;
    }
    out->version = si->version;
    out->rsdp = si->rsdp_paddr;
    out->have_memmap = false;
    out->mem_end = 0;
    if (si->version >= 1 && si->memmap_entries > 0) {
        if (si->memmap_paddr >= MB_4GIB || si->memmap_entries > MEMMAP_MAX) {
            *why = "hvm_start_info's memory map is out of reach";
            return false;
        }
        out->have_memmap = true;
        out->mem_end = pvh_ram_end((const void *)(uintptr_t)si->memmap_paddr,
                                   si->memmap_entries,
                                   sizeof(struct hvm_memmap_table_entry));
    }
    copy_string(si->cmdline_paddr, cmdline, size);

    out->nmodules = 0;
    if (si->nr_modules > 0 && si->modlist_paddr < MB_4GIB) {
        const struct hvm_modlist_entry *m =
            (const struct hvm_modlist_entry *)(uintptr_t)si->modlist_paddr;
        for (uint32_t i = 0; i < si->nr_modules && i < PVH_MODULES_MAX; i++) {
            struct rt_module *r = &out->modules[out->nmodules];
            char *c = out->module_cmdline[out->nmodules];

            copy_string(m[i].cmdline_paddr, c, PVH_MODULE_CMDLINE_SIZE);
            r->addr = m[i].paddr;
            r->size = m[i].size;
            r->cmdline = c;
            out->nmodules++;
        }
    }
    return true;
}
