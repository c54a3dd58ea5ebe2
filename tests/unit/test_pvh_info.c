/*
 * test_pvh_info.c: the hvm_start_info builder (pvh_write_start_info):
 * where it goes (in RAM, page-aligned above the image and the modules),
 * fields, command line, memory map, modules and every refusal.
 */
#include <stdlib.h>

#include "unit.h"
#include "xen-pvh/host_pvh.h"

#define MIB (1ULL << 20)

static struct guest_mem mem_of(uint64_t size)
{
    struct guest_mem m = {calloc(1, size), size};
    cr_assert(m.base);
    return m;
}

static struct guest_mem mem;
static uint32_t at; /* where pvh_write_start_info put it */

static struct hvm_start_info info(void)
{
    struct hvm_start_info si;
    memcpy(&si, mem.base + at, sizeof(si));
    return si;
}

/* The host's view of a guest address in RAM. */
static const void *in_ram(uint64_t gpa)
{
    cr_assert(gpa < mem.size, "0x%lx is outside RAM", (unsigned long)gpa);
    return mem.base + gpa;
}

static int write_info(struct guest_mem *m, const struct pvh_boot *b,
                      char *err, size_t errlen)
{
    mem = *m;
    return pvh_write_start_info(m, b, &at, err, errlen);
}

Test(pvh_start_info, fields_cmdline_and_memory_map)
{
    struct guest_mem m = mem_of(32 * MIB);
    char err[256] = "";
    struct pvh_boot b = {.cmdline = "a b c", .rsdp = PVH_BIOS,
                         .image_end = 0x123456};
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(at, 0x124000, "the first page above the image");
    struct hvm_start_info si = info();
    cr_assert_eq(si.magic, HVM_START_MAGIC);
    cr_assert_eq(si.version, 1);
    cr_assert_eq(si.flags, 0);
    cr_assert_eq(si.nr_modules, 0);
    cr_assert_eq(si.modlist_paddr, 0);
    cr_assert_eq(si.rsdp_paddr, PVH_BIOS);
    cr_assert_eq(si.cmdline_paddr, at + PVH_INFO_CMDLINE);
    cr_assert_str_eq(in_ram(si.cmdline_paddr), "a b c");
    cr_assert_eq(si.memmap_entries, 5);
    cr_assert_eq(si.memmap_paddr, at + PVH_INFO_MEMMAP);
    const struct hvm_memmap_table_entry *e = in_ram(si.memmap_paddr);
    cr_assert(e[0].addr == 0 && e[0].size == PVH_EBDA &&
              e[0].type == XEN_HVM_MEMMAP_TYPE_RAM);
    cr_assert(e[1].addr == PVH_EBDA && e[1].addr + e[1].size == PVH_LOW_END &&
              e[1].type == XEN_HVM_MEMMAP_TYPE_RESERVED);
    cr_assert(e[2].addr == PVH_BIOS && e[2].addr + e[2].size == MIB &&
              e[2].type == XEN_HVM_MEMMAP_TYPE_RESERVED);
    cr_assert(e[3].addr == MIB && e[3].addr + e[3].size == 32 * MIB &&
              e[3].type == XEN_HVM_MEMMAP_TYPE_RAM,
              "all of RAM, the start info in it (no hole)");
    cr_assert(e[4].addr == PVH_AREA_GPA && e[4].size == PVH_AREA_SIZE &&
              e[4].type == XEN_HVM_MEMMAP_TYPE_RESERVED,
              "the shim's console ring reserved");
    free(m.base);
}

Test(pvh_start_info, empty_cmdline_is_still_given)
{
    struct guest_mem m = mem_of(2 * MIB);
    char err[256] = "";
    struct pvh_boot b = {.cmdline = "", .image_end = MIB + 4096};
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(at, MIB + 4096);
    struct hvm_start_info si = info();
    cr_assert_neq(si.cmdline_paddr, 0);
    cr_assert_eq(*(const char *)in_ram(si.cmdline_paddr), '\0');
    cr_assert_eq(si.rsdp_paddr, 0);
    free(m.base);
}

Test(pvh_start_info, modules_page_aligned_above_the_image)
{
    struct guest_mem m = mem_of(8 * MIB);
    char err[256] = "";
    static const uint8_t one[] = "first module", two[] = {7};
    struct pvh_module mods[3] = {{"one", one, sizeof(one)},
                                 {"empty", NULL, 0},
                                 {"two", two, sizeof(two)}};
    struct pvh_boot b = {.cmdline = "x", .image_end = 0x201001,
                         .nmodules = 3, .modules = mods};
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(at, 0x204000, "the first page above the last module");
    struct hvm_start_info si = info();
    cr_assert_eq(si.nr_modules, 3);
    cr_assert_eq(si.modlist_paddr, at + PVH_INFO_MODLIST);
    const struct hvm_modlist_entry *l = in_ram(si.modlist_paddr);
    cr_assert_eq(l[0].paddr, 0x202000);
    cr_assert_eq(l[0].size, sizeof(one));
    cr_assert_eq(memcmp(m.base + l[0].paddr, one, sizeof(one)), 0);
    cr_assert_eq(l[1].paddr, 0x203000);
    cr_assert_eq(l[1].size, 0);
    cr_assert_eq(l[2].paddr, 0x203000, "after an empty module");
    cr_assert_eq(m.base[l[2].paddr], 7);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(l[i].cmdline_paddr, 0);
    free(m.base);
}

Test(pvh_start_info, refusals)
{
    struct guest_mem m = mem_of(2 * MIB);
    char err[256] = "";
    static uint8_t big[MIB];
    struct pvh_module mod = {"big.bin", big, sizeof(big)};
    struct pvh_boot b = {.cmdline = "", .image_end = MIB + 0x1000,
                         .nmodules = 1, .modules = &mod};
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), -1);
    assert_has(err, "--module=big.bin");
    assert_has(err, "past guest memory");
    b.nmodules = PVH_MAX_MODULES + 1;
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), -1);
    assert_has(err, "at most 16");
    b.nmodules = 0;
    char *line = malloc(PVH_CMDLINE_SIZE + 1);
    memset(line, 'x', PVH_CMDLINE_SIZE);
    line[PVH_CMDLINE_SIZE] = '\0';
    b.cmdline = line;
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), -1);
    assert_has(err, "longer than 8191 bytes");
    line[PVH_CMDLINE_SIZE - 1] = '\0';
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    free(line);
    free(m.base);
    m = mem_of(MIB);
    b.cmdline = "";
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), -1);
    assert_has(err, "below 2 MiB");
    free(m.base);
}

Test(pvh_start_info, needs_room_above_the_image)
{
    struct guest_mem m = mem_of(2 * MIB);
    char err[256] = "";
    struct pvh_boot b = {.cmdline = "abc", .image_end = 2 * MIB - 0x1000};
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(at, 2 * MIB - 0x1000, "the last page, just enough");
    cr_assert_str_eq(in_ram(at + PVH_INFO_CMDLINE), "abc");
    b.image_end = 2 * MIB - 0x100;
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), -1);
    assert_has(err, "no room for hvm_start_info");
    assert_has(err, "see --mem");
    free(m.base);
}

Test(pvh_memory_map, always_five_entries_from_2_mib)
{
    struct hvm_memmap_table_entry e[PVH_MAX_MEMMAP];
    cr_assert_eq(pvh_memory_map(2 * MIB, true, e), 5);
    cr_assert_eq(e[3].size, MIB);
    cr_assert_eq(pvh_memory_map(3840 * MIB, true, e), 5);
    cr_assert_eq(e[3].addr + e[3].size, 3840 * MIB);
    cr_assert_gt(e[4].addr, 3840 * MIB, "the shim's page lies above any RAM");
}

Test(pvh_start_info, plain_pvh_has_no_shim_page)
{
    struct guest_mem m = mem_of(32 * MIB);
    struct pvh_boot b = {.cmdline = "", .image_end = 2 * MIB, .no_shim = true};
    char err[256];
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    struct hvm_start_info si = info();
    cr_assert_eq(si.memmap_entries, 4);
    const struct hvm_memmap_table_entry *e = in_ram(si.memmap_paddr);
    for (unsigned i = 0; i < si.memmap_entries; i++)
        cr_assert_lt(e[i].addr, PVH_AREA_GPA, "entry %u is the shim's page", i);
    cr_assert_eq(e[3].addr + e[3].size, 32 * MIB);
    b.no_shim = false;
    cr_assert_eq(write_info(&m, &b, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(info().memmap_entries, 5);
    free(m.base);
}
