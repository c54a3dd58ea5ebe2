/*
 * host_mkimage.c: `vmm mkimage`: check IMAGE, check the tools, then build
 * in a private directory and a temporary file next to OUT, renamed to OUT
 * only when the image is complete.
 */
#include "host_mkimage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host_mkimage_job.h"
#include "vmm/command.h"

#define MAX_IMAGE_SIZE (1ULL << 30)

/* The report: what was made, on stdout. */
static void report(const struct mkimage_job *j)
{
    printf("%s: %s; kernel /boot/%s, cmdline \"%s\"\n", j->out.final, j->made,
           j->name, j->cmdline);
}

static int build(struct mkimage_job *j, enum mkimage_format format)
{
    if ((format == MKIMAGE_FORMAT_ISO ? mkimage_iso_tools()
                                      : mkimage_disk_tools()) < 0)
        return -1;
    if (mkimage_out_open(&j->out) < 0 ||
        mkimage_dir_make(j->dir, sizeof(j->dir)) < 0)
        return -1;
    int r = format == MKIMAGE_FORMAT_ISO ? mkimage_iso(j) : mkimage_disk(j);
    if (r < 0 || mkimage_out_commit(&j->out) < 0)
        return -1;
    report(j);
    return 0;
}

int mkimage_main(int argc, char *argv[])
{
    struct mkimage_opts o;
    char err[640];
    if (mkimage_parse_args(argc, argv, &o, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm mkimage: %s (see vmm mkimage --help)\n", err);
        return 1;
    }
    if (o.help) {
        fputs(mkimage_usage, stdout);
        return 0;
    }
    static struct mkimage_job j;
    memset(&j, 0, sizeof(j));
    j.image = o.image;
    j.cmdline = o.cmdline;
    j.out.final = o.out;
    j.out.fd = -1;
    int status = 1;
    struct stat in, out;
    if (stat(o.image, &in) == 0 && stat(o.out, &out) == 0 &&
        in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
        fprintf(stderr, "vmm mkimage: -o %s is IMAGE itself\n", o.out);
        return 1;
    }
    uint8_t *buf = mkimage_read_file(o.image, MAX_IMAGE_SIZE, &j.len);
    if (!buf)
        return 1;
    j.buf = buf;
    if (mkimage_check_image(buf, j.len, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm mkimage: %s: %s\n", o.image, err);
        goto out;
    }
    mkimage_grub_name(o.image, j.name, sizeof(j.name));
    j.cfg = mkimage_grub_cfg(j.name, o.cmdline, err, sizeof(err));
    if (!j.cfg) {
        fprintf(stderr, "vmm mkimage: %s\n", err);
        goto out;
    }
    if (build(&j, o.format) == 0)
        status = 0;
out:
    mkimage_out_abort(&j.out);
    mkimage_dir_remove(j.dir);
    free(j.cfg);
    free(buf);
    fflush(stdout);
    return status;
}

static const struct vmm_command mkimage_command = {
    .name = "mkimage",
    .rank = 2,
    .synopsis =
        "vmm mkimage --format=iso|disk -o OUT [--cmdline=\"...\"] IMAGE",
    .summary =
    "vmm mkimage: make a virtio IMAGE bootable with GRUB: an El Torito ISO\n"
    "(BIOS, plus UEFI when grub-efi-amd64-bin is installed) or a raw MBR disk\n"
    "(BIOS); see vmm mkimage --help. Exits 0, or 1 after an error.\n",
    .main = mkimage_main,
};
VMM_COMMAND(mkimage_command);
