/*
 * guest_mb_info.h: what the guest runtime takes from the Multiboot information
 * (boot/mb_info.c). Guest code.
 */
#ifndef BOOT_MB_INFO_H
#define BOOT_MB_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mb_boot {
    uint64_t mem_end; /* end of the RAM region holding 1 MiB (<= 4 GiB) */
};

/*
 * Read the information at physical address (info): the RAM region from the
 * memory map (or mem_upper), and the command line without its first word
 * (the kernel's name) into cmdline[size]. False with *why set if unusable.
 */
bool mb_info_parse(uint32_t info, struct mb_boot *out, char *cmdline,
                   size_t size, const char **why);

#endif /* BOOT_MB_INFO_H */
