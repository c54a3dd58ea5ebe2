/*
 * test_mkimage_mbr.c: the MBR partition table writer and the FAT type
 * reader of `vmm mkimage --format=disk` (boot/host_disk_mbr.c).
 */
#include "boot/host_mkimage_mbr.h"
#include "unit.h"

static char err[256];

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void chs_is(uint32_t lba, uint8_t h, uint8_t s, uint16_t c)
{
    uint8_t b[3];
    mbr_chs(lba, b);
    cr_assert_eq(b[0], h, "lba %u: head %u, want %u", lba, b[0], h);
    cr_assert_eq(b[1] & 0x3f, s, "lba %u: sector %u, want %u", lba, b[1] & 0x3f,
                 s);
    cr_assert_eq((b[1] >> 6) << 8 | b[2], c, "lba %u: cylinder", lba);
}

Test(mkimage_mbr, chs_in_255_63_geometry)
{
    chs_is(0, 0, 1, 0);
    chs_is(62, 0, 63, 0);
    chs_is(63, 1, 1, 0);
    chs_is(2048, 32, 33, 0);
    chs_is(255 * 63, 0, 1, 1);
    chs_is(300 * 255 * 63 + 5, 0, 6, 300); /* cylinder bits 8-9 */
    chs_is(1024 * 255 * 63 - 1, 254, 63, 1023);
    chs_is(1024 * 255 * 63, 254, 63, 1023); /* past CHS: the maximum */
    chs_is(UINT32_MAX, 254, 63, 1023);
}

Test(mkimage_mbr, one_partition)
{
    uint8_t s[MBR_SECTOR], before[MBR_SECTOR];
    memset(s, 0xcc, sizeof(s));
    memcpy(before, s, sizeof(s));
    struct mbr_part p = {true, MBR_TYPE_FAT16_LBA, 2048, 8192};
    cr_assert_eq(mbr_write(s, 0x12345678, &p, 1, err, sizeof(err)), 0, "%s",
                 err);
    cr_assert_arr_eq(s, before, MBR_DISK_ID, "the boot code changed");
    cr_assert_eq(get32(s + 0x1b8), 0x12345678);
    cr_assert_eq(s[0x1bc], 0);
    cr_assert_eq(s[0x1bd], 0);
    const uint8_t *e = s + 0x1be;
    cr_assert_eq(e[0], 0x80);
    cr_assert_eq(e[1], 32); /* CHS of 2048: head 32, sector 33, cyl 0 */
    cr_assert_eq(e[2], 33);
    cr_assert_eq(e[3], 0);
    cr_assert_eq(e[4], 0x0e);
    uint8_t last[3];
    mbr_chs(2048 + 8192 - 1, last);
    cr_assert_arr_eq(e + 5, last, 3);
    cr_assert_eq(get32(e + 8), 2048);
    cr_assert_eq(get32(e + 12), 8192);
    for (int i = 0x1ce; i < 0x1fe; i++)
        cr_assert_eq(s[i], 0, "entries 2-4 not empty at 0x%x", i);
    cr_assert_eq(s[0x1fe], 0x55);
    cr_assert_eq(s[0x1ff], 0xaa);
}

Test(mkimage_mbr, four_partitions_inactive)
{
    uint8_t s[MBR_SECTOR] = {0};
    struct mbr_part p[4] = {{false, 0x83, 100, 10},
                            {false, 0x83, 110, 10},
                            {true, 0x0c, 300, 1},
                            {false, 0x01, 50, 50}};
    cr_assert_eq(mbr_write(s, 1, p, 4, err, sizeof(err)), 0, "%s", err);
    for (int i = 0; i < 4; i++) {
        const uint8_t *e = s + 0x1be + 16 * i;
        cr_assert_eq(e[0], p[i].active ? 0x80 : 0);
        cr_assert_eq(e[4], p[i].type);
        cr_assert_eq(get32(e + 8), p[i].lba);
        cr_assert_eq(get32(e + 12), p[i].sectors);
    }
}

Test(mkimage_mbr, refusals)
{
    uint8_t s[MBR_SECTOR] = {0};
    struct mbr_part five[5] = {{false, 1, 1, 1},
                               {false, 1, 2, 1},
                               {false, 1, 3, 1},
                               {false, 1, 4, 1},
                               {false, 1, 5, 1}};
    cr_assert_eq(mbr_write(s, 1, five, 5, err, sizeof(err)), -1);
    assert_has(err, "at most 4");
    struct mbr_part empty = {true, 1, 2048, 0};
    cr_assert_eq(mbr_write(s, 1, &empty, 1, err, sizeof(err)), -1);
    assert_has(err, "partition 1");
    struct mbr_part at0 = {true, 1, 0, 10};
    cr_assert_eq(mbr_write(s, 1, &at0, 1, err, sizeof(err)), -1);
    struct mbr_part wraps = {true, 1, UINT32_MAX, 2};
    cr_assert_eq(mbr_write(s, 1, &wraps, 1, err, sizeof(err)), -1);
    struct mbr_part to_end = {true, 1, UINT32_MAX, 1};
    cr_assert_eq(mbr_write(s, 1, &to_end, 1, err, sizeof(err)), 0, "%s", err);
    struct mbr_part overlap[2] = {{true, 1, 100, 50}, {false, 1, 149, 10}};
    cr_assert_eq(mbr_write(s, 1, overlap, 2, err, sizeof(err)), -1);
    assert_has(err, "partitions 1 and 2 overlap");
    struct mbr_part touch[2] = {{true, 1, 100, 50}, {false, 1, 150, 10}};
    cr_assert_eq(mbr_write(s, 1, touch, 2, err, sizeof(err)), 0, "%s", err);
}

/* A FAT boot sector with the given layout (512-byte sectors). */
static void bpb(uint8_t *bs, uint8_t per_cluster, uint16_t reserved,
                uint16_t root_entries, uint32_t total, uint32_t fat_size)
{
    memset(bs, 0, MBR_SECTOR);
    bs[0x0b] = 0x00;
    bs[0x0c] = 0x02;
    bs[0x0d] = per_cluster;
    bs[0x0e] = (uint8_t)reserved;
    bs[0x0f] = (uint8_t)(reserved >> 8);
    bs[0x10] = 2;
    bs[0x11] = (uint8_t)root_entries;
    bs[0x12] = (uint8_t)(root_entries >> 8);
    if (total < 0x10000) {
        bs[0x13] = (uint8_t)total;
        bs[0x14] = (uint8_t)(total >> 8);
    } else {
        for (int i = 0; i < 4; i++)
            bs[0x20 + i] = (uint8_t)(total >> (8 * i));
    }
    if (fat_size < 0x10000 && root_entries) {
        bs[0x16] = (uint8_t)fat_size;
        bs[0x17] = (uint8_t)(fat_size >> 8);
    } else {
        for (int i = 0; i < 4; i++)
            bs[0x24 + i] = (uint8_t)(fat_size >> (8 * i));
    }
    bs[0x1fe] = 0x55;
    bs[0x1ff] = 0xaa;
}

Test(mkimage_mbr, fat_type_by_cluster_count)
{
    uint8_t bs[MBR_SECTOR];
    /* 4 MiB as mformat makes it: FAT12, 4 sectors a cluster */
    bpb(bs, 4, 1, 512, 8192, 6);
    cr_assert_eq(fat_bits(bs), 12);
    /* 4084 clusters is FAT12, 4085 FAT16 */
    bpb(bs, 1, 1, 512, 1 + 2 * 12 + 32 + 4084, 12);
    cr_assert_eq(fat_bits(bs), 12);
    bpb(bs, 1, 1, 512, 1 + 2 * 12 + 32 + 4085, 12);
    cr_assert_eq(fat_bits(bs), 16);
    bpb(bs, 1, 1, 512, 1 + 2 * 256 + 32 + 65524, 256);
    cr_assert_eq(fat_bits(bs), 16);
    /* FAT32: no root directory area, 32-bit sizes */
    bpb(bs, 1, 32, 0, 32 + 2 * 600 + 65525, 600);
    cr_assert_eq(fat_bits(bs), 32);
    bpb(bs, 8, 32, 0, 4 * 1024 * 1024, 4000);
    cr_assert_eq(fat_bits(bs), 32);
}

Test(mkimage_mbr, not_fat)
{
    uint8_t bs[MBR_SECTOR];
    bpb(bs, 4, 1, 512, 8192, 6);
    bs[0x1ff] = 0;
    cr_assert_eq(fat_bits(bs), 0, "no signature");
    bpb(bs, 3, 1, 512, 8192, 6);
    cr_assert_eq(fat_bits(bs), 0, "3 sectors a cluster");
    bpb(bs, 4, 0, 512, 8192, 6);
    cr_assert_eq(fat_bits(bs), 0, "no reserved sector");
    bpb(bs, 4, 1, 512, 8192, 6);
    bs[0x0c] = 0x03; /* 768-byte sectors */
    cr_assert_eq(fat_bits(bs), 0);
    bpb(bs, 4, 1, 512, 20, 6);
    cr_assert_eq(fat_bits(bs), 0, "metadata larger than the volume");
    memset(bs, 0, sizeof(bs));
    cr_assert_eq(fat_bits(bs), 0);
}

Test(mkimage_mbr, partition_type_bytes)
{
    cr_assert_eq(mbr_fat_type(12), 0x01);
    cr_assert_eq(mbr_fat_type(16), 0x0e);
    cr_assert_eq(mbr_fat_type(32), 0x0c);
    cr_assert_eq(mbr_fat_type(0), 0);
    cr_assert_eq(mbr_fat_type(8), 0);
}
