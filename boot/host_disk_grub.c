/*
 * host_disk_grub.c: install GRUB's i386-pc stages on a raw disk the way
 * grub-bios-setup does when it embeds core.img after the MBR: boot.img
 * gets core.img's first LBA, and diskboot.img (core.img's first sector)
 * gets one blocklist entry for the rest of core.img.
 */
#include <stdio.h>

#include "host_mkimage_grub.h"

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

void mkimage_grub_patch_boot(uint8_t sector[GRUB_SECTOR_SIZE],
                             uint64_t core_lba)
{
    put64(sector + GRUB_BOOT_KERNEL_SECTOR, core_lba);
    sector[GRUB_BOOT_DRIVE] = 0xff;
    /* On a hard disk grub-bios-setup replaces the jump with two NOPs, so
     * that a %dl without bit 7 (a BIOS that passes 0) becomes 0x80. */
    sector[GRUB_BOOT_DRIVE_CHECK] = 0x90;
    sector[GRUB_BOOT_DRIVE_CHECK + 1] = 0x90;
}

int mkimage_grub_patch_core(uint8_t *core, size_t len, uint64_t core_lba,
                            char *err, size_t errlen)
{
    size_t sectors = (len + GRUB_SECTOR_SIZE - 1) / GRUB_SECTOR_SIZE;
    if (sectors < 2 || sectors - 1 > UINT16_MAX) {
        snprintf(err, errlen,
                 "core.img is %zu bytes: GRUB's diskboot loads 2..%u "
                 "sectors",
                 len, UINT16_MAX + 1u);
        return -1;
    }
    uint8_t *e = core + GRUB_DISKBOOT_LIST;
    if (get16(e + 10) != GRUB_CORE_SEGMENT) {
        snprintf(err, errlen,
                 "core.img's first sector is not GRUB's diskboot.img (its "
                 "blocklist loads to segment 0x%x, not 0x%x)",
                 get16(e + 10), GRUB_CORE_SEGMENT);
        return -1;
    }
    put64(e, core_lba + 1);
    put16(e + 8, (uint16_t)(sectors - 1));
    /* The entry below ends the list. */
    uint8_t *next = e - GRUB_DISKBOOT_LIST_SIZE;
    put64(next, 0);
    put16(next + 8, 0);
    put16(next + 10, 0);
    return 0;
}
