/* host_disk_mbr.c: the MBR partition table, and FAT types for it. */
#include "host_mkimage_mbr.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | get16(p + 2) << 16;
}

void mbr_chs(uint32_t lba, uint8_t chs[3])
{
    const uint32_t per_cyl = MBR_HEADS * MBR_SECTORS_PER_TRACK;
    uint32_t c = lba / per_cyl;
    uint32_t h = lba % per_cyl / MBR_SECTORS_PER_TRACK;
    uint32_t s = lba % MBR_SECTORS_PER_TRACK + 1;
    if (c > 1023) {
        c = 1023;
        h = MBR_HEADS - 1;
        s = MBR_SECTORS_PER_TRACK;
    }
    chs[0] = (uint8_t)h;
    chs[1] = (uint8_t)(s | (c >> 8) << 6);
    chs[2] = (uint8_t)c;
}

static int check(const struct mbr_part *p, unsigned n, char *err, size_t errlen)
{
    if (n > MBR_ENTRIES) {
        snprintf(err, errlen, "%u partitions: an MBR holds at most %d", n,
                 MBR_ENTRIES);
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (p[i].sectors == 0 || p[i].lba == 0 ||
            p[i].sectors - 1 > UINT32_MAX - p[i].lba) {
            snprintf(err, errlen,
                     "partition %u (first sector %" PRIu32 ", %" PRIu32
                     " sectors) is empty, starts at the MBR or ends past "
                     "2^32 sectors",
                     i + 1, p[i].lba, p[i].sectors);
            return -1;
        }
        for (unsigned j = 0; j < i; j++) {
            uint64_t a0 = p[i].lba, a1 = a0 + p[i].sectors;
            uint64_t b0 = p[j].lba, b1 = b0 + p[j].sectors;
            if (a0 < b1 && b0 < a1) {
                snprintf(err, errlen, "partitions %u and %u overlap", j + 1,
                         i + 1);
                return -1;
            }
        }
    }
    return 0;
}

int mbr_write(uint8_t sector[MBR_SECTOR], uint32_t disk_id,
              const struct mbr_part *p, unsigned n, char *err, size_t errlen)
{
    if (check(p, n, err, errlen) < 0)
        return -1;
    memset(sector + MBR_DISK_ID, 0, MBR_SECTOR - MBR_DISK_ID);
    put32(sector + MBR_DISK_ID, disk_id);
    for (unsigned i = 0; i < n; i++) {
        uint8_t *e = sector + MBR_TABLE + i * MBR_ENTRY_SIZE;
        e[0] = p[i].active ? 0x80 : 0x00;
        mbr_chs(p[i].lba, e + 1);
        e[4] = p[i].type;
        mbr_chs(p[i].lba + p[i].sectors - 1, e + 5);
        put32(e + 8, p[i].lba);
        put32(e + 12, p[i].sectors);
    }
    sector[MBR_SIGNATURE] = 0x55;
    sector[MBR_SIGNATURE + 1] = 0xaa;
    return 0;
}

static bool power_of_two(uint32_t v)
{
    return v && !(v & (v - 1));
}

int fat_bits(const uint8_t bs[MBR_SECTOR])
{
    uint32_t bytes = get16(bs + 0x0b), per_cluster = bs[0x0d];
    uint32_t reserved = get16(bs + 0x0e), fats = bs[0x10];
    uint32_t root_entries = get16(bs + 0x11);
    uint32_t total = get16(bs + 0x13), fat_size = get16(bs + 0x16);
    if (total == 0)
        total = get32(bs + 0x20);
    if (fat_size == 0)
        fat_size = get32(bs + 0x24);
    if (bs[0x1fe] != 0x55 || bs[0x1ff] != 0xaa || bytes < 512 || bytes > 4096 ||
        !power_of_two(bytes) || !power_of_two(per_cluster) || reserved == 0 ||
        fats == 0 || fat_size == 0)
        return 0;
    uint64_t root = ((uint64_t)root_entries * 32 + bytes - 1) / bytes;
    uint64_t meta = reserved + (uint64_t)fats * fat_size + root;
    if (meta >= total)
        return 0;
    uint64_t clusters = (total - meta) / per_cluster;
    return clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
}

uint8_t mbr_fat_type(int bits)
{
    switch (bits) {
    case 12:
        return MBR_TYPE_FAT12;
    case 16:
        return MBR_TYPE_FAT16_LBA;
    case 32:
        return MBR_TYPE_FAT32_LBA;
    default:
        return 0;
    }
}
