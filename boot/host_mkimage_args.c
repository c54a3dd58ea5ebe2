/* host_mkimage_args.c: `vmm mkimage` usage and options (pure). */
#include <stdio.h>
#include <string.h>

#include "host_mkimage.h"
#include "vmm/errmsg.h"

const char mkimage_usage[] =
    "usage: vmm mkimage --format=iso|disk -o OUT [--cmdline=\"...\"] IMAGE\n"
    "       vmm mkimage --help\n"
    "\n"
    "Make a bootable image of a virtio (Multiboot) IMAGE, such as vmm-cc\n"
    "--target=virtio builds, with GRUB 2 as its boot loader. GRUB and the\n"
    "guest use COM1 (115200 8N1) as their console; GRUB boots at once.\n"
    "\n"
    "  --format=iso     an El Torito ISO (grub-mkrescue and xorriso): BIOS\n"
    "                   boot, and BIOS+UEFI when GRUB's x86_64-efi platform\n"
    "                   (grub-efi-amd64-bin) is installed; says which\n"
    "  --format=disk    a raw disk image with an MBR partition table that\n"
    "                   BIOS firmware boots: GRUB in the MBR and the sectors\n"
    "                   after it, the kernel in a FAT partition\n"
    "  -o, --output=OUT where to write it (replaced only when it is done)\n"
    "  --cmdline=TEXT   the guest's command line (default: empty), passed\n"
    "                   as it is; what `-append TEXT` gives under QEMU\n"
    "\n"
    "IMAGE must carry a valid Multiboot header that loads its .tdata (as\n"
    "`vmm check --target=virtio` requires). Tools come from PATH; a missing\n"
    "one is named with its Debian package (grub-common, grub-pc-bin,\n"
    "xorriso, mtools; grub-efi-amd64-bin for UEFI). Exit status 0, or 1\n"
    "after an error, with nothing written.\n";

/*
 * Is argv[*i] the option long (--long=V, --long V) or short (-sV, -s V)?
 * Then *val is its value and *i is moved past it; 1, 0 when it is not
 * this option, -1 when its value is missing.
 */
static int value_opt(int argc, char *const argv[], int *i, const char *lng,
                     char shrt, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(lng);
    if (strncmp(a, lng, n) == 0 && a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    bool bare = strcmp(a, lng) == 0 ||
                (shrt && a[0] == '-' && a[1] == shrt && a[2] == '\0');
    if (shrt && a[0] == '-' && a[1] == shrt && a[2] != '\0') {
        *val = a + 2;
        return 1;
    }
    if (!bare)
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

static int set_format(struct mkimage_opts *o, const char *v, char *err,
                      size_t errlen)
{
    if (strcmp(v, "iso") == 0)
        o->format = MKIMAGE_FORMAT_ISO;
    else if (strcmp(v, "disk") == 0)
        o->format = MKIMAGE_FORMAT_DISK;
    else
        return errmsg(err, errlen, "--format=%s: the formats are iso and disk",
                      v);
    return 0;
}

/* One option at argv[*i]: 0 when taken, -1 with the reason. */
static int option(int argc, char *const argv[], int *i, struct mkimage_opts *o,
                  char *err, size_t errlen)
{
    const char *a = argv[*i], *v;
    int r;
    if ((r = value_opt(argc, argv, i, "--format", 0, &v)) != 0)
        return r < 0 ? errmsg(err, errlen, "--format needs iso or disk")
                     : set_format(o, v, err, errlen);
    if ((r = value_opt(argc, argv, i, "--output", 'o', &v)) != 0) {
        if (r < 0 || !*v)
            return errmsg(err, errlen, "-o needs the output file's name");
        o->out = v;
        return 0;
    }
    if ((r = value_opt(argc, argv, i, "--cmdline", 0, &v)) != 0) {
        if (r < 0)
            return errmsg(err, errlen,
                          "--cmdline needs a value (\"\" for "
                          "none)");
        o->cmdline = v;
        return 0;
    }
    return errmsg(err, errlen, "unknown option %s", a);
}

int mkimage_parse_args(int argc, char *const argv[], struct mkimage_opts *o,
                       char *err, size_t errlen)
{
    *o = (struct mkimage_opts){MKIMAGE_FORMAT_NONE, NULL, "", NULL, false};
    bool operands = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!operands && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            o->help = true;
            return 0;
        }
        if (!operands && strcmp(a, "--") == 0) {
            operands = true;
        } else if (!operands && a[0] == '-' && a[1] != '\0') {
            if (option(argc, argv, &i, o, err, errlen) < 0)
                return -1;
        } else if (o->image) {
            return errmsg(err, errlen, "one IMAGE only (%s, then %s)", o->image,
                          a);
        } else {
            o->image = a;
        }
    }
    if (o->format == MKIMAGE_FORMAT_NONE)
        return errmsg(err, errlen, "--format=iso or --format=disk is needed");
    if (!o->out)
        return errmsg(err, errlen, "-o OUT is needed");
    if (!o->image)
        return errmsg(err, errlen,
                      "IMAGE (a virtio Multiboot image) is needed");
    return 0;
}
