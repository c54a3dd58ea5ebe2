/*
 * host_mkimage_mbr.h: the classic MBR partition table (pure functions over
 * a 512-byte sector, unit-tested) and the FAT type of a boot sector, which
 * picks the partition type byte.
 *
 * Layout of sector 0: boot code up to 0x1b8, the 32-bit disk signature at
 * 0x1b8, two zero bytes, four 16-byte partition entries from 0x1be
 * {status (0x80 active), CHS of the first sector, type, CHS of the last
 * sector, u32 first LBA, u32 sectors}, then 0x55 0xaa at 0x1fe.
 */
#ifndef BOOT_HOST_MKIMAGE_MBR_H
#define BOOT_HOST_MKIMAGE_MBR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MBR_SECTOR 512
#define MBR_DISK_ID 0x1b8
#define MBR_TABLE 0x1be
#define MBR_ENTRY_SIZE 16
#define MBR_ENTRIES 4
#define MBR_SIGNATURE 0x1fe

/* Partition types for FAT (the LBA-addressed ones for FAT16/FAT32). */
#define MBR_TYPE_FAT12 0x01
#define MBR_TYPE_FAT16_LBA 0x0e
#define MBR_TYPE_FAT32_LBA 0x0c

/* The CHS geometry CHS fields are written for (as fdisk and mformat -h 255
 * -s 63); addresses past its 1024 cylinders are written as 1023/254/63. */
#define MBR_HEADS 255
#define MBR_SECTORS_PER_TRACK 63

struct mbr_part {
    bool active;
    uint8_t type;
    uint32_t lba;     /* first sector */
    uint32_t sectors; /* length */
};

/* The 3 CHS bytes (head, sector | cylinder bits 8-9 << 6, cylinder). */
void mbr_chs(uint32_t lba, uint8_t chs[3]);

/*
 * Write disk_id, the table (n entries, the rest zeroed) and the signature
 * into sector, from 0x1b8 on; the boot code before it is left as it is.
 * -1 with the reason in err when n > 4, a partition is empty, starts at
 * sector 0, wraps, or overlaps another.
 */
int mbr_write(uint8_t sector[MBR_SECTOR], uint32_t disk_id,
              const struct mbr_part *p, unsigned n, char *err, size_t errlen);

/*
 * The FAT type of a FAT boot sector by its cluster count (12, 16 or 32),
 * or 0 when the BIOS parameter block does not describe a FAT file system.
 */
int fat_bits(const uint8_t bs[MBR_SECTOR]);

/* MBR partition type for a FAT of that many bits; 0 for another value. */
uint8_t mbr_fat_type(int bits);

#endif
