/*
 * fuzz_pvh.c: the Xen PVH loader (xen-pvh/host_pvh.c, host_pvh_info.c) on
 * arbitrary files.
 *
 * pvh_find_entry() must find the XEN_ELFNOTE_PHYS32_ENTRY note or say why
 * not; pvh_parse() must accept only a layout vmm can load (segments sorted,
 * apart, inside guest memory from 1 MiB and inside the file, the entry in
 * loaded file data), and pvh_copy() must then place exactly the file's
 * bytes and leave the rest zero (the memory is zeroed before each input,
 * as vmm's is fresh), in a fake guest memory AddressSanitizer watches
 * below 1 MiB and past its end.
 *
 * Then pvh_write_start_info() lays out what the guest finds through %ebx,
 * with boot parameters taken from the input's last 16 bytes (the image
 * stays a plain file; those bytes are part of it too):
 *   u8   modules (b % 18: up to one more than vmm allows)
 *   u8   bit 0: plain PVH (no_shim: the shim's page left out of the map)
 *   u16  command line length (up to 64 KiB, so too long ones are tried
 *        too; its bytes do not matter to the loader)
 *   u32  module size unit: module i has (unit * (i + 1)) % (file size + 1)
 *        bytes of the input
 *   u64  rsdp; also where the image ends when the file was refused
 * It must refuse (too many modules, a module or the start info past memory,
 * a command line too long) or write the modules into RAM: page-aligned,
 * above the image, apart, inside memory, holding the bytes given; then
 * hvm_start_info with the command line, the memory map and the module list
 * at the next page boundary, inside memory and in RAM; the image's own
 * bytes untouched; the memory map sorted, apart, with RAM from 1 MiB to the
 * end of memory and the shim's page reserved (Xen PVH) or absent (plain).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "xen-pvh/host_pvh.h"

#define MIB 0x100000ULL
#define GUEST_SIZE (2 * MIB) /* the least vmm runs a PVH guest with */
#define TRAILER 16
#define CMDLINE_MAX 0x10000

static uint8_t *guest;
static char cmdline[CMDLINE_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    guest = fuzz_guest_new(GUEST_SIZE, PVH_MIN_LOAD_ADDR);
    memset(cmdline, 'c', CMDLINE_MAX); /* each input ends it where it says */
    return 0;
}

static void check_image(const struct pvh_image *img, size_t len)
{
    FUZZ_CHECK(img->nseg >= 1 && img->nseg <= ELF_MAX_LOAD, "nseg %u",
               img->nseg);
    bool entry_ok = false;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        FUZZ_CHECK(s->filesz <= s->memsz, "segment %u: filesz > memsz", i);
        FUZZ_CHECK(s->offset <= len && s->filesz <= len - s->offset,
                   "segment %u: file data past the end", i);
        FUZZ_CHECK(s->addr >= PVH_MIN_LOAD_ADDR && s->addr <= GUEST_SIZE &&
                       s->memsz <= GUEST_SIZE - s->addr,
                   "segment %u: [0x%llx, +0x%llx) outside guest memory", i,
                   (unsigned long long)s->addr, (unsigned long long)s->memsz);
        if (i > 0)
            FUZZ_CHECK(img->seg[i - 1].addr + img->seg[i - 1].memsz <= s->addr,
                       "segments %u and %u overlap or are unsorted", i - 1, i);
        if (img->entry >= s->addr && img->entry - s->addr < s->filesz)
            entry_ok = true;
    }
    FUZZ_CHECK(entry_ok, "entry 0x%x is not in loaded file data", img->entry);
    const struct elf_segment *last = &img->seg[img->nseg - 1];
    FUZZ_CHECK(img->start == img->seg[0].addr &&
                   img->end == last->addr + last->memsz,
               "start 0x%llx end 0x%llx", (unsigned long long)img->start,
               (unsigned long long)img->end);
}

/* Every segment holds its file bytes, then zeros. */
static void check_copy(const struct pvh_image *img, const uint8_t *buf,
                       const char *when)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        const uint8_t *g = guest + s->addr;
        FUZZ_CHECK(memcmp(g, buf + s->offset, s->filesz) == 0,
                   "%s: segment %u: file bytes not there", when, i);
        FUZZ_CHECK(fuzz_all_zero(g + s->filesz, s->memsz - s->filesz),
                   "%s: segment %u: bytes past the file data not zero", when,
                   i);
    }
}

/* shim: the Xen shim's page must be reserved (Xen PVH), or absent (plain). */
static void check_memmap(const struct hvm_memmap_table_entry *e, unsigned n,
                         uint64_t mem_size, bool shim)
{
    FUZZ_CHECK(n >= 1 && n <= PVH_MAX_MEMMAP, "%u memory map entries", n);
    bool ram = false, reserved = false;
    for (unsigned i = 0; i < n; i++) {
        FUZZ_CHECK(e[i].size > 0, "memory map entry %u empty", i);
        if (i > 0)
            FUZZ_CHECK(e[i - 1].addr + e[i - 1].size <= e[i].addr,
                       "memory map entries %u and %u overlap or are unsorted",
                       i - 1, i);
        if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && e[i].addr <= MIB &&
            e[i].addr + e[i].size >= mem_size)
            ram = true;
        if (e[i].addr < PVH_AREA_GPA + PVH_AREA_SIZE &&
            e[i].addr + e[i].size > PVH_AREA_GPA)
            reserved = e[i].type == XEN_HVM_MEMMAP_TYPE_RESERVED &&
                       e[i].addr <= PVH_AREA_GPA &&
                       e[i].addr + e[i].size >= PVH_AREA_GPA + PVH_AREA_SIZE;
    }
    FUZZ_CHECK(ram, "memory map: no RAM entry for [1 MiB, 0x%llx)",
               (unsigned long long)mem_size);
    if (shim)
        FUZZ_CHECK(reserved, "memory map: the shim's page not reserved");
    else
        for (unsigned i = 0; i < n; i++)
            FUZZ_CHECK(e[i].addr + e[i].size <= PVH_AREA_GPA,
                       "memory map of plain PVH: entry %u at 0x%llx covers "
                       "the shim's page", i, (unsigned long long)e[i].addr);
}

static void check_start_info(const struct pvh_boot *b,
                             const struct pvh_module *mods, uint32_t info,
                             size_t clen)
{
    struct hvm_start_info si;
    FUZZ_CHECK(info % PVH_PAGE == 0 && info >= b->image_end &&
                   info <= GUEST_SIZE &&
                   PVH_INFO_CMDLINE + clen + 1 <= GUEST_SIZE - info,
               "start info at 0x%x (image end 0x%llx)", info,
               (unsigned long long)b->image_end);
    memcpy(&si, guest + info, sizeof(si));
    FUZZ_CHECK(si.magic == HVM_START_MAGIC && si.version == 1,
               "start info magic 0x%x version %u", si.magic, si.version);
    FUZZ_CHECK(si.nr_modules == b->nmodules, "%u modules listed, %u given",
               si.nr_modules, b->nmodules);
    FUZZ_CHECK(si.rsdp_paddr == b->rsdp, "rsdp 0x%llx",
               (unsigned long long)si.rsdp_paddr);
    FUZZ_CHECK(si.cmdline_paddr == info + PVH_INFO_CMDLINE,
               "command line at 0x%llx", (unsigned long long)si.cmdline_paddr);
    FUZZ_CHECK(si.memmap_paddr == info + PVH_INFO_MEMMAP,
               "memory map at 0x%llx", (unsigned long long)si.memmap_paddr);
    struct hvm_memmap_table_entry map[PVH_MAX_MEMMAP];
    FUZZ_CHECK(si.memmap_entries <= PVH_MAX_MEMMAP, "%u memory map entries",
               si.memmap_entries);
    memcpy(map, guest + si.memmap_paddr, si.memmap_entries * sizeof(map[0]));
    check_memmap(map, si.memmap_entries, GUEST_SIZE, !b->no_shim);

    if (b->nmodules == 0)
        return;
    FUZZ_CHECK(si.modlist_paddr == info + PVH_INFO_MODLIST,
               "module list at 0x%llx", (unsigned long long)si.modlist_paddr);
    uint64_t prev_end = b->image_end;
    for (unsigned i = 0; i < b->nmodules; i++) {
        struct hvm_modlist_entry me;
        memcpy(&me, guest + si.modlist_paddr + i * sizeof(me), sizeof(me));
        FUZZ_CHECK(me.paddr % PVH_PAGE == 0 && me.paddr >= prev_end,
                   "module %u at 0x%llx (previous end 0x%llx)", i,
                   (unsigned long long)me.paddr,
                   (unsigned long long)prev_end);
        FUZZ_CHECK(me.size == mods[i].size && me.paddr <= GUEST_SIZE &&
                       me.size <= GUEST_SIZE - me.paddr,
                   "module %u: 0x%llx bytes at 0x%llx", i,
                   (unsigned long long)me.size, (unsigned long long)me.paddr);
        FUZZ_CHECK(me.size == 0 ||
                       memcmp(guest + me.paddr, mods[i].data, me.size) == 0,
                   "module %u: bytes differ", i);
        prev_end = me.paddr + me.size;
    }
    FUZZ_CHECK(info >= prev_end, "start info at 0x%x, a module ends at 0x%llx",
               info, (unsigned long long)prev_end);
}

static void start_info(const uint8_t *data, size_t size,
                       const struct pvh_image *img, bool loaded)
{
    struct fuzz_in in = {data, size};
    if (size >= TRAILER) {
        in.p = data + size - TRAILER;
        in.n = TRAILER;
    }
    unsigned nmod = fuzz_u8(&in) % (PVH_MAX_MODULES + 2);
    bool no_shim = fuzz_u8(&in) & 1; /* plain PVH */
    size_t clen = fuzz_u16(&in);
    uint32_t unit = fuzz_u32(&in);
    uint64_t rsdp = fuzz_u64(&in);

    cmdline[clen] = '\0';
    struct pvh_module mods[PVH_MAX_MODULES + 1];
    for (unsigned i = 0; i < nmod; i++)
        mods[i] = (struct pvh_module){
            "fuzz.mod", data, ((uint64_t)unit * (i + 1)) % (size + 1)};
    struct pvh_boot b = {
        .cmdline = cmdline,
        .rsdp = rsdp,
        .image_end = loaded ? img->end
                            : PVH_MIN_LOAD_ADDR + rsdp % (GUEST_SIZE - MIB),
        .nmodules = nmod,
        .modules = mods,
        .no_shim = no_shim,
    };
    struct guest_mem m = {guest, GUEST_SIZE};
    char err[256];
    uint32_t info = 0;
    int r = pvh_write_start_info(&m, &b, &info, err, sizeof(err));
    bool cmdline_ok =
        r == 0 && info <= GUEST_SIZE - PVH_INFO_CMDLINE - clen - 1 &&
        strcmp((const char *)guest + info + PVH_INFO_CMDLINE, cmdline) == 0;
    cmdline[clen] = 'c';
    fuzz_trace("start info: %u modules of %u bytes, command line %zu bytes, "
               "image end 0x%llx: %s",
               nmod, unit, clen, (unsigned long long)b.image_end,
               r < 0 ? err : "written");
    if (r < 0) {
        fuzz_check_err(err, sizeof(err), "pvh_write_start_info");
        FUZZ_CHECK(nmod > PVH_MAX_MODULES || clen >= PVH_CMDLINE_SIZE ||
                       strstr(err, "past guest memory") ||
                       strstr(err, "no room for hvm_start_info"),
                   "refused: %s", err);
        return;
    }
    FUZZ_CHECK(nmod <= PVH_MAX_MODULES && clen < PVH_CMDLINE_SIZE,
               "accepted %u modules, a command line of %zu bytes", nmod, clen);
    FUZZ_CHECK(cmdline_ok, "command line not copied");
    check_start_info(&b, mods, info, clen);
    if (loaded)
        check_copy(img, data, "after the modules");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    uint32_t entry = 0;
    int r = pvh_find_entry(data, size, &entry, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "pvh_find_entry returned %d", r);
    if (r < 0)
        fuzz_check_err(err, sizeof(err), "pvh_find_entry");

    struct pvh_image img;
    bool loaded = pvh_parse(data, size, GUEST_SIZE, &img, err,
                            sizeof(err)) == 0;
    fuzz_trace("pvh_parse: %s", loaded ? "accepted" : err);
    fuzz_guest_clear(guest, GUEST_SIZE, PVH_MIN_LOAD_ADDR);
    if (loaded) {
        FUZZ_CHECK(r == 1 && img.entry == entry,
                   "parsed without the entry note (%d, 0x%x)", r, entry);
        check_image(&img, size);
        pvh_copy(&img, data, guest);
        check_copy(&img, data, "pvh_copy");
    } else {
        fuzz_check_err(err, sizeof(err), "pvh_parse");
    }

    struct hvm_memmap_table_entry map[PVH_MAX_MEMMAP];
    static const uint64_t sizes[] = {GUEST_SIZE, 512 * MIB, 3840 * MIB};
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        check_memmap(map, pvh_memory_map(sizes[i], true, map), sizes[i], true);

    start_info(data, size, &img, loaded);
    return 0;
}
