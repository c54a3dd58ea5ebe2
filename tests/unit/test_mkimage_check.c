/*
 * test_mkimage_check.c: what `vmm mkimage` accepts as IMAGE
 * (boot/host_mkimage_check.c): vmm's Multiboot rules, with .tdata loaded.
 * The image: an ELF64 executable whose text and data (file 0x1000..0x3000)
 * load at 1 MiB, with the Multiboot header (address fields) at file 0x1000
 * and .tdata (0x20 bytes) at file 0x2800, i.e. at 0x101800.
 */
#include <elf.h>

#include "boot/host_mkimage.h"
#include "boot/multiboot_abi.h"
#include "unit.h"

#define LEN 0x3000
#define BASE 0x100000u

static uint8_t file[LEN];
static char err[512];

static void put_header(uint32_t load_end)
{
    struct mb_header h = {MB_HEADER_MAGIC,
                          MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO | MB_HF_ADDRESS,
                          0,
                          BASE,
                          BASE,
                          load_end,
                          BASE + 0x3000,
                          BASE + 0x40};
    h.checksum = -(h.magic + h.flags);
    memcpy(file + 0x1000, &h, sizeof(h));
}

static void build(uint32_t load_end)
{
    memset(file, 0, sizeof(file));
    Elf64_Ehdr eh = {.e_type = ET_EXEC,
                     .e_machine = EM_X86_64,
                     .e_version = EV_CURRENT,
                     .e_entry = BASE + 0x40,
                     .e_phoff = sizeof(Elf64_Ehdr),
                     .e_ehsize = sizeof(Elf64_Ehdr),
                     .e_phentsize = sizeof(Elf64_Phdr),
                     .e_phnum = 2};
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    Elf64_Phdr ph[2] = {
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_W | PF_X,
         .p_offset = 0x1000,
         .p_vaddr = BASE,
         .p_paddr = BASE,
         .p_filesz = 0x2000,
         .p_memsz = 0x3000,
         .p_align = 0x1000},
        {.p_type = PT_TLS,
         .p_flags = PF_R,
         .p_offset = 0x2800,
         .p_vaddr = BASE + 0x1800,
         .p_paddr = BASE + 0x1800,
         .p_filesz = 0x20,
         .p_memsz = 0x40,
         .p_align = 16},
    };
    memcpy(file, &eh, sizeof(eh));
    memcpy(file + sizeof(eh), ph, sizeof(ph));
    put_header(load_end);
}

static int check(size_t len)
{
    err[0] = '\0';
    return mkimage_check_image(file, len, err, sizeof(err));
}

Test(mkimage_check, a_virtio_image_passes)
{
    build(BASE + 0x2000);
    cr_assert_eq(check(LEN), 0, "%s", err);
}

Test(mkimage_check, no_header)
{
    memset(file, 0x90, sizeof(file));
    cr_assert_eq(check(LEN), -1);
    assert_has(err, "not a bootable Multiboot image");
    assert_has(err, "no Multiboot header");
    assert_has(err, "vmm-cc --target=virtio");
    cr_assert_eq(check(0), -1);
    assert_has(err, "no Multiboot header");
}

Test(mkimage_check, bad_checksum)
{
    build(BASE + 0x2000);
    file[0x1008] ^= 1;
    cr_assert_eq(check(LEN), -1);
    assert_has(err, "bad checksum");
}

Test(mkimage_check, header_past_the_file)
{
    build(BASE + 0x4000); /* load_end_addr past the end of the file */
    cr_assert_eq(check(LEN), -1);
    assert_has(err, "not a bootable Multiboot image");
    assert_has(err, "load_end_addr");
}

Test(mkimage_check, tdata_left_out)
{
    build(BASE + 0x1800); /* load_end_addr stops where .tdata starts */
    cr_assert_eq(check(LEN), -1);
    assert_has(err, ".tdata");
    assert_has(err, "load_end_addr");
}

Test(mkimage_check, anything_below_4_gib_loads)
{
    /* vmm run would need --mem for this; a boot loader does not care */
    build(BASE + 0x2000);
    struct mb_header h;
    memcpy(&h, file + 0x1000, sizeof(h));
    h.bss_end_addr = 0xf0000000u;
    h.checksum = -(h.magic + h.flags);
    memcpy(file + 0x1000, &h, sizeof(h));
    cr_assert_eq(check(LEN), 0, "%s", err);
}
