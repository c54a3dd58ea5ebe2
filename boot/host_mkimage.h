/*
 * host_mkimage.h: `vmm mkimage`, a bootable image made from a virtio
 * (Multiboot) image, with GRUB as the boot loader:
 *
 *   vmm mkimage --format=iso|disk -o OUT [--cmdline="..."] IMAGE
 *
 * --format=iso: an El Torito CD image made by grub-mkrescue (with
 * xorriso): BIOS boot always, BIOS+UEFI when GRUB's x86_64-efi platform is
 * installed (grub-efi-amd64-bin). --format=disk: a raw disk image with an
 * MBR partition table, GRUB's boot.img in the MBR, its core.img in the gap
 * before the first partition and a FAT partition holding grub.cfg and the
 * kernel (host_disk.c says why that way). Either way GRUB and the guest
 * talk on COM1 and GRUB boots at once.
 *
 * mkimage_main() is the whole command (argv[0] is the command's name, as
 * for main); it prints what it made on stdout and errors on stderr, and
 * returns 0, or 1 after an error (nothing is left at OUT or elsewhere).
 */
#ifndef BOOT_HOST_MKIMAGE_H
#define BOOT_HOST_MKIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int mkimage_main(int argc, char *argv[]);

enum mkimage_format {
    MKIMAGE_FORMAT_NONE,
    MKIMAGE_FORMAT_ISO,
    MKIMAGE_FORMAT_DISK,
};

struct mkimage_opts {
    enum mkimage_format format;
    const char *out;     /* -o / --output */
    const char *cmdline; /* --cmdline; "" when not given */
    const char *image;   /* the one operand */
    bool help;           /* --help / -h: nothing else is checked */
};

extern const char mkimage_usage[];

/*
 * Parse argv[1..argc) (argv[0] is the command name). Options may come
 * before or after IMAGE, as --opt=V or --opt V (-o V, -oV); "--" ends
 * them. 0, or -1 with the reason in err.
 */
int mkimage_parse_args(int argc, char *const argv[], struct mkimage_opts *o,
                       char *err, size_t errlen);

/*
 * What a boot loader needs of IMAGE (buf, len bytes): a valid Multiboot
 * header whose layout loads (boot/host_multiboot.h), and a header that
 * loads the TLS template (mb_check_tls). 0, or -1 with the reason in err.
 */
int mkimage_check_image(const uint8_t *buf, size_t len, char *err,
                        size_t errlen);

#endif
