/*
 * host_iso.c: `vmm mkimage --format=iso`. grub-mkrescue lays out the ISO
 * (with xorriso) from a tree holding /boot/grub/grub.cfg and /boot/NAME;
 * it makes an image for every GRUB platform installed: i386-pc (El Torito
 * BIOS boot, plus an MBR so the same file boots from a USB stick), and
 * x86_64-efi when grub-efi-amd64-bin is there (an EFI system partition
 * image as a second El Torito entry; mtools builds it). Only the modules
 * the configuration uses are installed in the ISO, and no locales, fonts
 * or themes: about 5 MB instead of 20. What was made is read back from the
 * ISO's boot catalog.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_mkimage_iso.h"
#include "host_mkimage_job.h"
#include "host_mkimage_tools.h"

#define MODULES "normal configfile multiboot serial terminal boot"

/* What grub-mkrescue uses: the last two only for the UEFI part. */
enum { MKRESCUE, XORRISO, BIOS_CD, MFORMAT, MCOPY, NTOOLS };
static struct mkimage_tool tools[NTOOLS] = {
    [MKRESCUE] = {"grub-mkrescue", "grub-common", ""},
    [XORRISO] = {"xorriso", "xorriso", ""},
    [BIOS_CD] = {"i386-pc/cdboot.img", "grub-pc-bin", ""},
    [MFORMAT] = {"mformat", "mtools", ""},
    [MCOPY] = {"mcopy", "mtools", ""},
};

/* grub-mkrescue adds UEFI boot when GRUB's x86_64-efi platform is there. */
static bool uefi_installed(void)
{
    return mkimage_grub_has("x86_64-efi", "moddep.lst");
}

int mkimage_iso_tools(void)
{
    return mkimage_tools_require(tools, uefi_installed() ? NTOOLS : MFORMAT,
                                 "--format=iso");
}

static int make_tree(const struct mkimage_job *j, char *root, size_t size)
{
    static const char *const dirs[] = {"iso", "iso/boot", "iso/boot/grub"};
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        if (mkimage_path(path, sizeof(path), j->dir, dirs[i]) < 0)
            return -1;
        if (mkdir(path, 0755) < 0) {
            fprintf(stderr, "vmm mkimage: %s: %s\n", path, strerror(errno));
            return -1;
        }
    }
    char rel[PATH_MAX];
    snprintf(rel, sizeof(rel), "iso/boot/%s", j->name);
    if (mkimage_path(path, sizeof(path), j->dir, "iso/boot/grub/grub.cfg") <
            0 ||
        mkimage_write_file(path, j->cfg, strlen(j->cfg)) < 0 ||
        mkimage_path(path, sizeof(path), j->dir, rel) < 0 ||
        mkimage_write_file(path, j->buf, j->len) < 0)
        return -1;
    return mkimage_path(root, size, j->dir, "iso");
}

static int read_fd(void *ctx, uint64_t off, void *buf, size_t n)
{
    int fd = *(int *)ctx;
    ssize_t r = pread(fd, buf, n, (off_t)off);
    return r == (ssize_t)n ? 0 : -1;
}

/* grub-mkrescue may have replaced the file: use what is at the path now. */
static int reopen(struct mkimage_out *out)
{
    int fd = open(out->tmp, O_RDWR | O_CLOEXEC);
    if (fd < 0 || dup2(fd, out->fd) < 0) {
        fprintf(stderr, "vmm mkimage: %s: %s\n", out->tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int mkimage_iso(struct mkimage_job *j)
{
    char root[PATH_MAX], log[PATH_MAX], xorriso[PATH_MAX + 16], err[256];
    if (make_tree(j, root, sizeof(root)) < 0 ||
        mkimage_path(log, sizeof(log), j->dir, "grub-mkrescue.log") < 0)
        return -1;
    snprintf(xorriso, sizeof(xorriso), "--xorriso=%s", tools[XORRISO].path);
    const char *argv[] = {tools[MKRESCUE].path,
                          xorriso,
                          "--locales=",
                          "--fonts=",
                          "--themes=",
                          "--install-modules=" MODULES,
                          "-o",
                          j->out.tmp,
                          root,
                          NULL};
    if (mkimage_tool_run(argv, log, j->dir) < 0 || reopen(&j->out) < 0)
        return -1;
    unsigned platforms;
    if (eltorito_platforms(read_fd, &j->out.fd, &platforms, err, sizeof(err)) <
        0) {
        fprintf(stderr, "vmm mkimage: grub-mkrescue made %s: %s\n", j->out.tmp,
                err);
        return -1;
    }
    if (!(platforms & ELTORITO_BIOS)) {
        fprintf(stderr,
                "vmm mkimage: grub-mkrescue made no BIOS boot entry (is "
                "grub-pc-bin complete?)\n");
        return -1;
    }
    snprintf(j->made, sizeof(j->made), "%s",
             platforms & ELTORITO_UEFI
                 ? "ISO, BIOS+UEFI hybrid (El Torito entries for BIOS and "
                   "UEFI, GRUB 2 from grub-mkrescue)"
                 : "ISO, BIOS only (El Torito BIOS entry, GRUB 2 from "
                   "grub-mkrescue; install grub-efi-amd64-bin for "
                   "BIOS+UEFI)");
    return 0;
}
