/*
 * host_virtio_load.c: a virtio-target image checked and set up: its
 * Multiboot header and layout, the PC it runs on, the image with its
 * Multiboot information (command line "IMAGE ARGS...") and ACPI tables in
 * memory, the 32-bit entry. An ELF image with the Solo5 ABI note for
 * virtio and without vmm's EXIT note (vmm_exit_note.h) was built by
 * Solo5: its end is read by Solo5's exit convention (pc/host_solo5_exit.c).
 */
#include "host_virtio_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_mb_info.h"
#include "host_multiboot.h"
#include "pc/host_pc.h"
#include "vmm/elf_load.h"
#include "vmm/errmsg.h"
#include "vmm/solo5_notes.h"
#include "vmm/x86_protmode.h"
#include "vmm_exit_note.h"

static struct mb_image mb;
static struct pc pc;    /* the target's state: v->target (pc_of) */
static bool solo5_exit; /* Solo5's virtio exit convention applies */

int virtio_exit_convention(const uint8_t *buf, size_t len, bool *solo5,
                           char *err, size_t errlen)
{
    struct abi1_info abi;
    size_t off, dlen;
    *solo5 = false;
    int r = solo5_abi_read(buf, len, &abi, err, errlen);
    if (r <= 0 || abi.abi_target != VIRTIO_ABI_TARGET)
        return r < 0 ? -1 : 0;
    r = elf_find_note(buf, len, VMM_NOTE_NAME, VMM_EXIT_NOTE_TYPE, &off, &dlen,
                      err, errlen);
    if (r < 0)
        return -1;
    struct vmm_exit_info info = {0};
    if (r == 1 && dlen == sizeof(info))
        memcpy(&info, buf + off, sizeof(info));
    *solo5 = info.convention != VMM_EXIT_BY_STATUS;
    return 0;
}

int virtio_load(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    struct elf_limits lim = {MB_MIN_LOAD_ADDR, v->opts->mem_bytes};
    v->mft = NULL;
    if (mb_parse(buf, len, &lim, &mb, err, sizeof(err)) < 0 ||
        mb_check_tls(&mb, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    /* A Solo5 manifest (ELF64 only) is optional: plain kernels have none. */
    if (mb.is_elf && mb.elf.is64 &&
        solo5_mft_read(buf, len, &v->mft, &v->mft_size, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    solo5_exit = false;
    if (mb.is_elf &&
        virtio_exit_convention(buf, len, &solo5_exit, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    return 0;
}

int virtio_build(struct vmm *v, char *err, size_t errlen)
{
    if (pc_build(v, &pc, err, errlen) < 0)
        return -1;
    pc.solo5.on = solo5_exit;
    return 0;
}

/* "IMAGE ARGS...": the kernel's name first, as QEMU's -kernel/-append. */
static char *build_cmdline(const struct run_opts *o)
{
    size_t len = strlen(o->image) + 2;
    for (int i = 0; i < o->guest_argc; i++)
        len += strlen(o->guest_argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    char *p = s + sprintf(s, "%s ", o->image);
    for (int i = 0; i < o->guest_argc; i++)
        p += sprintf(p, "%s%s", i ? " " : "", o->guest_argv[i]);
    return s;
}

int virtio_place(struct vmm *v, const uint8_t *buf, char *err, size_t errlen)
{
    static const struct mb_info_layout layout = {
        .info = PC_MB_INFO_GPA,
        .mmap = PC_MB_MMAP_GPA,
        .loader = PC_MB_LOADER_GPA,
        .cmdline = PC_CMDLINE_GPA,
        .cmdline_size = PC_CMDLINE_SIZE,
        .ebda = PC_EBDA,
        .low_end = PC_LOW_END,
        .bios = PC_BIOS,
    };
    struct guest_mem *m = &v->vm.mem;
    char *cmdline = build_cmdline(v->opts);
    if (!cmdline)
        return errmsg(err, errlen, "out of memory");
    mb_copy(&mb, buf, m->base);
    int r = pc_acpi_write(m, err, errlen);
    if (r == 0)
        r = mb_write_info(m, &layout, cmdline, "vmm " VMM_VERSION, err, errlen);
    free(cmdline);
    return r;
}

int virtio_enter(struct vmm *v, char *err, size_t errlen)
{
    struct x86_pm_entry e = {.gdt_gpa = PC_GDT_GPA,
                             .eip = mb.entry,
                             .esp = PC_STACK_TOP,
                             .eax = MB_BOOTLOADER_MAGIC,
                             .ebx = PC_MB_INFO_GPA};
    return x86_enter_protected_mode(&v->vm, &e, err, errlen);
}
