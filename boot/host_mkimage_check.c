/*
 * host_mkimage_check.c: is IMAGE something GRUB can boot as vmm would?
 * The checks are vmm's own (boot/host_multiboot.h): a valid Multiboot
 * header and load layout, and a header that loads .tdata.
 */
#include <stdio.h>

#include "host_mkimage.h"
#include "host_multiboot.h"

#define FOUR_GIB (1ULL << 32)

int mkimage_check_image(const uint8_t *buf, size_t len, char *err,
                        size_t errlen)
{
    /* No guest memory size here: anything below 4 GiB may be loaded. */
    struct elf_limits lim = {MB_MIN_LOAD_ADDR, FOUR_GIB};
    struct mb_image img;
    char why[384];
    if (mb_parse(buf, len, &lim, &img, why, sizeof(why)) < 0) {
        snprintf(err, errlen,
                 "not a bootable Multiboot image: %s (vmm mkimage takes "
                 "virtio images, as built by vmm-cc --target=virtio)",
                 why);
        return -1;
    }
    if (mb_check_tls(&img, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    return 0;
}
