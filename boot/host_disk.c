/*
 * host_disk.c: `vmm mkimage --format=disk`, a raw disk image that BIOS
 * firmware boots, made without root (no loop devices, no mount):
 *
 *   sector 0        GRUB's boot.img with vmm's MBR partition table
 *   sectors 1..     GRUB's core.img (grub-mkimage -O i386-pc) in the gap
 *                   before the first partition, as grub-install embeds it
 *   sector 2048..   partition 1, active, FAT (mformat -i FILE@@OFFSET; the
 *                   files go in with mmd/mcopy): /boot/grub/grub.cfg and
 *                   /boot/NAME
 *
 * grub-bios-setup would do the boot.img/core.img part, but it wants a
 * block device (or root-only device maps) for the disk; the two patches it
 * makes for this layout are small and fixed (host_disk_grub.c), so vmm
 * makes them. core.img embeds everything GRUB needs to read grub.cfg
 * (biosdisk, part_msdos, fat, normal, configfile) and to boot the kernel
 * (multiboot, boot, serial, terminal), so the partition holds no modules.
 * Its prefix "(,msdos1)/boot/grub" means partition 1 of the drive the BIOS
 * booted from, whichever it is. Its embedded configuration turns on the
 * serial console at once, so GRUB's own errors reach COM1 too.
 * grub-install also appends Reed-Solomon codes to an embedded core.img to
 * survive other tools writing into the gap; nothing else writes there on
 * this disk, and GRUB boots without them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_mkimage_grub.h"
#include "host_mkimage_job.h"
#include "host_mkimage_mbr.h"
#include "host_mkimage_tools.h"

#define PART_LBA 2048u /* 1 MiB: the gap holds core.img */
#define MIB (1024 * 1024)
#define MIN_PART_MIB 4
#define PREFIX "(,msdos1)/boot/grub"
#define MODULES                                                                \
    "biosdisk", "part_msdos", "fat", "normal", "configfile", "multiboot",      \
        "boot", "serial", "terminal"

enum { MKIMAGE, MFORMAT, MMD, MCOPY, BOOT_IMG, NTOOLS };
static struct mkimage_tool tools[NTOOLS] = {
    [MKIMAGE] = {"grub-mkimage", "grub-common", ""},
    [MFORMAT] = {"mformat", "mtools", ""},
    [MMD] = {"mmd", "mtools", ""},
    [MCOPY] = {"mcopy", "mtools", ""},
    [BOOT_IMG] = {"i386-pc/boot.img", "grub-pc-bin", ""},
};

int mkimage_disk_tools(void)
{
    return mkimage_tools_require(tools, NTOOLS, "--format=disk");
}

/* The disk's files in the work directory. */
struct files {
    const char *dir; /* the work directory (TMPDIR of the tools) */
    char early[PATH_MAX], cfg[PATH_MAX], kernel[PATH_MAX], core[PATH_MAX];
    char log[PATH_MAX], fat[PATH_MAX + 32], grub_dir[PATH_MAX];
};

static int write_files(const struct mkimage_job *j, struct files *f)
{
    f->dir = j->dir;
    if (mkimage_path(f->early, sizeof(f->early), j->dir, "early.cfg") < 0 ||
        mkimage_path(f->cfg, sizeof(f->cfg), j->dir, "grub.cfg") < 0 ||
        mkimage_path(f->kernel, sizeof(f->kernel), j->dir, j->name) < 0 ||
        mkimage_path(f->core, sizeof(f->core), j->dir, "core.img") < 0 ||
        mkimage_path(f->log, sizeof(f->log), j->dir, "tool.log") < 0)
        return -1;
    snprintf(f->fat, sizeof(f->fat), "%s@@%u", j->out.tmp, PART_LBA * 512);
    snprintf(f->grub_dir, sizeof(f->grub_dir), "%s/i386-pc", MKIMAGE_GRUB_LIB);
    if (mkimage_write_file(f->early, mkimage_grub_early_cfg,
                           strlen(mkimage_grub_early_cfg)) < 0 ||
        mkimage_write_file(f->cfg, j->cfg, strlen(j->cfg)) < 0 ||
        mkimage_write_file(f->kernel, j->buf, j->len) < 0)
        return -1;
    return 0;
}

static int make_core(const struct files *f)
{
    const char *argv[] = {tools[MKIMAGE].path,
                          "-O",
                          "i386-pc",
                          "-d",
                          f->grub_dir,
                          "-c",
                          f->early,
                          "-p",
                          PREFIX,
                          "-o",
                          f->core,
                          MODULES,
                          NULL};
    return mkimage_tool_run(argv, f->log, f->dir);
}

/* The FAT file system of part_sectors at PART_LBA, and its files. */
static int make_fat(const struct mkimage_job *j, const struct files *f,
                    uint32_t part_sectors)
{
    char total[16], hidden[16], dest[PATH_MAX];
    snprintf(total, sizeof(total), "%u", part_sectors);
    snprintf(hidden, sizeof(hidden), "%u", PART_LBA);
    snprintf(dest, sizeof(dest), "::/boot/%s", j->name);
    const char *format[] = {tools[MFORMAT].path,
                            "-i",
                            f->fat,
                            "-T",
                            total,
                            "-H",
                            hidden,
                            "-h",
                            "255",
                            "-s",
                            "63",
                            "-v",
                            "VMM",
                            "::",
                            NULL};
    const char *dirs[] = {tools[MMD].path, "-i",           f->fat,
                          "::/boot",       "::/boot/grub", NULL};
    const char *cfg[] = {tools[MCOPY].path,       "-i", f->fat, f->cfg,
                         "::/boot/grub/grub.cfg", NULL};
    const char *kernel[] = {tools[MCOPY].path, "-i", f->fat,
                            f->kernel,         dest, NULL};
    if (mkimage_tool_run(format, f->log, j->dir) < 0 ||
        mkimage_tool_run(dirs, f->log, j->dir) < 0 ||
        mkimage_tool_run(cfg, f->log, j->dir) < 0 ||
        mkimage_tool_run(kernel, f->log, j->dir) < 0)
        return -1;
    return 0;
}

static int pio(int write, int fd, void *buf, size_t n, uint64_t off,
               const char *path)
{
    ssize_t r =
        write ? pwrite(fd, buf, n, (off_t)off) : pread(fd, buf, n, (off_t)off);
    if (r == (ssize_t)n)
        return 0;
    fprintf(stderr, "vmm mkimage: %s %s: %s\n", write ? "writing" : "reading",
            path, r < 0 ? strerror(errno) : "short transfer");
    return -1;
}

/* A disk signature that depends on the kernel only (FNV-1a), never 0. */
static uint32_t disk_id(const uint8_t *buf, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ buf[i]) * 16777619u;
    return h ? h : 1;
}

/* MBR and core.img, once the partition's FAT type is known. */
static int write_boot(struct mkimage_job *j, const struct files *f,
                      uint32_t part_sectors, int *fat)
{
    char err[256];
    size_t boot_len, core_len;
    const size_t core_max = (PART_LBA - 1) * (size_t)GRUB_SECTOR_SIZE;
    uint8_t bs[MBR_SECTOR];
    struct stat st;
    if (stat(f->core, &st) == 0 && (uint64_t)st.st_size > core_max) {
        fprintf(stderr,
                "vmm mkimage: grub-mkimage made a core.img of %jd bytes; "
                "at most %zu fit before the partition\n",
                (intmax_t)st.st_size, core_max);
        return -1;
    }
    uint8_t *boot = mkimage_read_file(tools[BOOT_IMG].path, 4096, &boot_len);
    uint8_t *core = mkimage_read_file(f->core, core_max, &core_len);
    int r = -1;
    if (!boot || !core)
        goto out;
    if (boot_len != GRUB_SECTOR_SIZE) {
        fprintf(stderr, "vmm mkimage: %s is %zu bytes, not one sector\n",
                tools[BOOT_IMG].path, boot_len);
        goto out;
    }
    if (pio(0, j->out.fd, bs, sizeof(bs), (uint64_t)PART_LBA * 512,
            j->out.tmp) < 0)
        goto out;
    *fat = fat_bits(bs);
    struct mbr_part part = {true, mbr_fat_type(*fat), PART_LBA, part_sectors};
    mkimage_grub_patch_boot(boot, 1);
    if (!*fat ||
        mbr_write(boot, disk_id(j->buf, j->len), &part, 1, err, sizeof(err)) <
            0 ||
        mkimage_grub_patch_core(core, core_len, 1, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm mkimage: %s\n",
                *fat ? err : "mformat made no FAT file system");
        goto out;
    }
    if (pio(1, j->out.fd, boot, GRUB_SECTOR_SIZE, 0, j->out.tmp) < 0 ||
        pio(1, j->out.fd, core, core_len, GRUB_SECTOR_SIZE, j->out.tmp) < 0)
        goto out;
    snprintf(j->made, sizeof(j->made),
             "raw disk image for BIOS (MBR; GRUB 2 boot.img, core.img in "
             "sectors 1-%zu; partition 1: FAT%d, %u MiB at sector %u)",
             (core_len + GRUB_SECTOR_SIZE - 1) / GRUB_SECTOR_SIZE, *fat,
             part_sectors / 2048, PART_LBA);
    r = 0;
out:
    free(boot);
    free(core);
    return r;
}

int mkimage_disk(struct mkimage_job *j)
{
    struct files f;
    int fat;
    /* Room for the kernel, grub.cfg and FAT's overhead, whole MiB. */
    uint64_t need = j->len + j->len / 8 + strlen(j->cfg) + MIB;
    uint64_t mib = (need + MIB - 1) / MIB;
    if (mib < MIN_PART_MIB)
        mib = MIN_PART_MIB;
    uint32_t part_sectors = (uint32_t)(mib * 2048);
    if (write_files(j, &f) < 0 || make_core(&f) < 0)
        return -1;
    if (ftruncate(j->out.fd, (off_t)(PART_LBA + (uint64_t)part_sectors) * 512) <
        0) {
        fprintf(stderr, "vmm mkimage: %s: %s\n", j->out.tmp, strerror(errno));
        return -1;
    }
    if (make_fat(j, &f, part_sectors) < 0 ||
        write_boot(j, &f, part_sectors, &fat) < 0)
        return -1;
    return 0;
}
