/*
 * host_mkimage_iso.h: which firmware an ISO 9660 image boots on, read from
 * its El Torito boot catalog (pure, over a read callback; unit-tested).
 * `vmm mkimage --format=iso` says from this what grub-mkrescue made.
 *
 * ISO 9660: 2048-byte sectors, volume descriptors from sector 16 (type,
 * "CD001", version; type 0 is a boot record, 255 ends the set). The El
 * Torito boot record says "EL TORITO SPECIFICATION" at byte 7 and holds
 * the catalog's sector at byte 0x47. The catalog is 32-byte entries: a
 * validation entry (header 1, platform, checksum making the 16-bit words
 * sum to 0, then 0x55 0xaa), the default entry (0x88 when bootable), then
 * section headers (0x90, the last one 0x91: platform, entry count) each
 * followed by its entries (0x88 bootable) and their extensions (0x44).
 * Platform 0 is the PC BIOS, 0xef is UEFI.
 */
#ifndef BOOT_HOST_MKIMAGE_ISO_H
#define BOOT_HOST_MKIMAGE_ISO_H

#include <stddef.h>
#include <stdint.h>

#define ISO_SECTOR 2048
#define ELTORITO_BIOS 0x1u /* a bootable entry for platform 0x00 */
#define ELTORITO_UEFI 0x2u /* a bootable entry for platform 0xef */

/* Read n bytes at off; 0, or -1 when they are not all there. */
typedef int (*iso_read_fn)(void *ctx, uint64_t off, void *buf, size_t n);

/*
 * The ELTORITO_* bits of the platforms with a bootable entry. 0, or -1
 * with the reason in err (not ISO 9660, no El Torito record, a broken
 * catalog).
 */
int eltorito_platforms(iso_read_fn read, void *ctx, unsigned *platforms,
                       char *err, size_t errlen);

#endif
