/*
 * test_mkimage_eltorito.c: reading which firmware an ISO boots on from its
 * El Torito catalog (boot/host_iso_eltorito.c), on images built here: a
 * boot record at sector 16, a terminator at 17, the catalog at sector 20.
 */
#include <stdlib.h>

#include "boot/host_mkimage_iso.h"
#include "unit.h"

#define SECTORS 24
#define CATALOG 20

struct iso {
    uint8_t b[SECTORS * ISO_SECTOR];
    size_t len;
    unsigned next; /* next free catalog entry */
};

static struct iso iso;
static char err[256];

static int read_mem(void *ctx, uint64_t off, void *buf, size_t n)
{
    struct iso *m = ctx;
    if (off > m->len || n > m->len - off)
        return -1;
    memcpy(buf, m->b + off, n);
    return 0;
}

static uint8_t *sector(unsigned i)
{
    return iso.b + (size_t)i * ISO_SECTOR;
}

static void descriptor(unsigned i, uint8_t type)
{
    uint8_t *s = sector(i);
    s[0] = type;
    memcpy(s + 1, "CD001", 5);
    s[6] = 1;
}

static uint8_t *entry(void)
{
    return sector(CATALOG) + 32 * iso.next++;
}

/* The validation entry for platform, with its checksum. */
static void validation(uint8_t platform)
{
    uint8_t *e = entry();
    e[0] = 1;
    e[1] = platform;
    memcpy(e + 4, "vmm test", 8);
    e[30] = 0x55;
    e[31] = 0xaa;
    uint32_t sum = 0;
    for (int i = 0; i < 32; i += 2)
        sum += (uint32_t)(e[i] | e[i + 1] << 8);
    uint16_t fix = (uint16_t)(0x10000 - (sum & 0xffff));
    e[28] = (uint8_t)fix;
    e[29] = (uint8_t)(fix >> 8);
}

static void boot_entry(uint8_t indicator)
{
    uint8_t *e = entry();
    e[0] = indicator;
    e[6] = 4;  /* sectors */
    e[8] = 22; /* load RBA */
}

static void section(uint8_t header, uint8_t platform, uint16_t count)
{
    uint8_t *e = entry();
    e[0] = header;
    e[1] = platform;
    e[2] = (uint8_t)count;
    e[3] = (uint8_t)(count >> 8);
}

/* An ISO with a boot record pointing at the catalog, and its validation
 * entry for the BIOS (platform 0). */
static void start(void)
{
    memset(&iso, 0, sizeof(iso));
    iso.len = sizeof(iso.b);
    descriptor(16, 0);
    memcpy(sector(16) + 7, "EL TORITO SPECIFICATION", 23);
    sector(16)[0x47] = CATALOG;
    descriptor(17, 255);
    validation(0);
}

static int platforms(unsigned *p)
{
    err[0] = '\0';
    *p = 0xdead;
    return eltorito_platforms(read_mem, &iso, p, err, sizeof(err));
}

Test(mkimage_eltorito, bios_only)
{
    unsigned p;
    start();
    boot_entry(0x88);
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_BIOS);
}

Test(mkimage_eltorito, bios_and_uefi_as_grub_mkrescue_makes_them)
{
    unsigned p;
    start();
    boot_entry(0x88);
    section(0x91, 0xef, 1);
    boot_entry(0x88);
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_BIOS | ELTORITO_UEFI);
}

Test(mkimage_eltorito, several_sections_and_extensions)
{
    unsigned p;
    start();
    boot_entry(0x00);       /* default entry not bootable */
    section(0x90, 0x01, 2); /* PowerPC: ignored */
    boot_entry(0x88);
    entry()[0] = 0x44; /* an extension of that entry */
    boot_entry(0x88);
    section(0x91, 0xef, 1);
    boot_entry(0x88);
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_UEFI);
}

Test(mkimage_eltorito, not_bootable_entries_count_for_nothing)
{
    unsigned p;
    start();
    boot_entry(0x88);
    section(0x91, 0xef, 1);
    boot_entry(0x00);
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_BIOS);
}

Test(mkimage_eltorito, uefi_default_entry)
{
    unsigned p;
    start();
    iso.next = 0;
    memset(sector(CATALOG), 0, 32);
    validation(0xef);
    boot_entry(0x88);
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_UEFI);
}

Test(mkimage_eltorito, boot_record_after_other_descriptors)
{
    unsigned p;
    start();
    boot_entry(0x88);
    memcpy(sector(18), sector(17), ISO_SECTOR); /* terminator to 18 */
    memcpy(sector(17), sector(16), ISO_SECTOR); /* boot record to 17 */
    memset(sector(16), 0, ISO_SECTOR);
    descriptor(16, 1); /* a primary volume descriptor first */
    cr_assert_eq(platforms(&p), 0, "%s", err);
    cr_assert_eq(p, ELTORITO_BIOS);
}

Test(mkimage_eltorito, refusals)
{
    unsigned p;
    start();
    boot_entry(0x88);
    sector(CATALOG)[4] ^= 1; /* checksum */
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "bad validation entry");

    start();
    boot_entry(0x88);
    memset(sector(16) + 7, 'X', 4);
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "no El Torito boot record");

    start();
    memcpy(sector(16) + 1, "CD002", 5);
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "not an ISO 9660 image");

    start();
    sector(16)[0] = 1; /* a primary volume descriptor, no boot record */
    memset(sector(17), 0, ISO_SECTOR);
    iso.len = 18 * ISO_SECTOR;
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "without a terminator");

    start();
    sector(16)[0x47] = 200;
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "past the end");

    start();
    boot_entry(0x88);
    section(0x91, 0xef, 200); /* more entries than the sector holds */
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "run past");

    iso.len = 100;
    cr_assert_eq(platforms(&p), -1);
    assert_has(err, "not an ISO 9660 image");
}
