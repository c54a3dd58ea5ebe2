/*
 * host_mkimage_grub.h: what `vmm mkimage` writes for GRUB 2 (pure
 * functions over memory, unit-tested):
 *  - grub.cfg: GRUB's and the guest's console on COM1 at 115200, no menu
 *    delay, `multiboot /boot/NAME CMDLINE` and `boot`;
 *  - the kernel's file name under /boot, made from the image's;
 *  - the two patches that install GRUB's i386-pc stages on a raw disk, as
 *    grub-bios-setup makes them: boot.img (the MBR code) learns the LBA of
 *    core.img's first sector, and diskboot.img (core.img's first sector)
 *    learns where the rest of core.img lies (its blocklist).
 */
#ifndef BOOT_HOST_MKIMAGE_GRUB_H
#define BOOT_HOST_MKIMAGE_GRUB_H

#include <stddef.h>
#include <stdint.h>

#define MKIMAGE_GRUB_NAME_MAX 64      /* kernel file name, with its NUL */
#define MKIMAGE_GRUB_CMDLINE_MAX 4096 /* longest --cmdline taken */

/* GRUB 2's i386-pc boot.img (one 512-byte sector; boot/i386/pc/boot.h). */
#define GRUB_SECTOR_SIZE 512
#define GRUB_BOOT_KERNEL_SECTOR 0x5c /* u64: LBA of core.img's 1st sector */
#define GRUB_BOOT_DRIVE 0x64         /* u8: 0xff = the drive in %dl */
#define GRUB_BOOT_DRIVE_CHECK 0x66   /* a 2-byte jmp over the %dl check */
#define GRUB_BOOT_PART_START 0x1b8   /* from here to 0x200: the MBR's */
/*
 * diskboot.img's blocklist: 12-byte entries growing down from the end of
 * its sector, each {u64 start LBA, u16 sectors, u16 load segment}; an
 * entry of 0 sectors ends the list.
 */
#define GRUB_DISKBOOT_LIST_SIZE 12
#define GRUB_DISKBOOT_LIST (GRUB_SECTOR_SIZE - GRUB_DISKBOOT_LIST_SIZE)
#define GRUB_CORE_SEGMENT 0x820 /* where the rest of core.img is loaded */

/*
 * The name IMAGE gets under /boot: its last path component with every
 * byte outside [A-Za-z0-9._-] turned into '_', a leading '.' too, cut to
 * MKIMAGE_GRUB_NAME_MAX - 1 bytes; "kernel" when nothing is left.
 */
void mkimage_grub_name(const char *image, char *name, size_t size);

/*
 * grub.cfg's text for /boot/name booted with cmdline (quoted so that the
 * guest gets it byte for byte: see quote_words()). malloc'd, or
 * NULL with the reason in err: cmdline holds a control character (other
 * than tab), a character GRUB changes (' " \) or is longer than
 * MKIMAGE_GRUB_CMDLINE_MAX.
 */
char *mkimage_grub_cfg(const char *name, const char *cmdline, char *err,
                       size_t errlen);

/* The configuration embedded in the disk's core.img: the serial console,
 * before GRUB reads grub.cfg, so that its errors are seen too. */
extern const char mkimage_grub_early_cfg[];

/*
 * Make boot.img (sector) load core.img from core_lba on the drive the
 * BIOS booted (%dl, with grub-bios-setup's hard-disk check of it on).
 * The partition table area is left to the MBR writer.
 */
void mkimage_grub_patch_boot(uint8_t sector[GRUB_SECTOR_SIZE],
                             uint64_t core_lba);

/*
 * Point core.img's blocklist at its own sectors 1..n-1 stored right after
 * core_lba (core is len bytes, padded to whole sectors by the caller).
 * -1 with the reason in err when core is shorter than two sectors or
 * longer than one entry can say.
 */
int mkimage_grub_patch_core(uint8_t *core, size_t len, uint64_t core_lba,
                            char *err, size_t errlen);

#endif
