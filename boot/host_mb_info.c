/*
 * host_mb_info.c: the Multiboot information a guest finds at entry (%ebx):
 * memory sizes, an E820-style memory map, the command line and the boot
 * loader's name, written into guest memory (pure over struct guest_mem).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host_mb_info.h"

#define KIB 1024ULL
#define MIB (1024ULL * 1024ULL)

static unsigned memory_map(const struct mb_info_layout *l, uint64_t mem,
                           struct mb_mmap_entry *e)
{
    const struct {
        uint64_t start, end;
        uint32_t type;
    } map[] = {
        {0, l->ebda, MB_MEMORY_AVAILABLE},
        {l->ebda, l->low_end, MB_MEMORY_RESERVED},
        {l->bios, MIB, MB_MEMORY_RESERVED},
        {MIB, mem, MB_MEMORY_AVAILABLE},
    };
    unsigned n = 0;
    for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].end > map[i].start)
            e[n++] = (struct mb_mmap_entry){
                .size = sizeof(*e) - sizeof(e->size),
                .addr = map[i].start,
                .len = map[i].end - map[i].start,
                .type = map[i].type,
            };
    return n;
}

int mb_write_info(struct guest_mem *m, const struct mb_info_layout *l,
                  const char *cmdline, const char *loader, char *err,
                  size_t errlen)
{
    size_t clen = strlen(cmdline) + 1, llen = strlen(loader) + 1;
    struct mb_mmap_entry map[MB_INFO_MAX_MMAP];
    if (m->size < 2 * MIB) {
        snprintf(err, errlen,
                 "guest memory (0x%" PRIx64 " bytes) is below "
                 "2 MiB",
                 m->size);
        return -1;
    }
    if (clen > l->cmdline_size) {
        snprintf(err, errlen,
                 "guest command line (%zu bytes) longer than %" PRIu64 " bytes",
                 clen - 1, l->cmdline_size - 1);
        return -1;
    }
    unsigned n = memory_map(l, m->size, map);
    struct mb_info info = {
        .flags = MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MEM_MAP |
                 MB_INFO_LOADER_NAME,
        .mem_lower = (uint32_t)(l->ebda / KIB),
        .mem_upper = (uint32_t)((m->size - MIB) / KIB),
        .cmdline = (uint32_t)l->cmdline,
        .mmap_length = (uint32_t)(n * sizeof(map[0])),
        .mmap_addr = (uint32_t)l->mmap,
        .boot_loader_name = (uint32_t)l->loader,
    };
    if (!gmem_write(m, l->info, &info, sizeof(info)) ||
        !gmem_write(m, l->mmap, map, n * sizeof(map[0])) ||
        !gmem_write(m, l->cmdline, cmdline, clen) ||
        !gmem_write(m, l->loader, loader, llen)) {
        snprintf(err, errlen, "Multiboot information outside guest memory");
        return -1;
    }
    return 0;
}
