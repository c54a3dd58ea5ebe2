/* host_iso_eltorito.c: the platforms an ISO's El Torito catalog boots. */
#include "host_mkimage_iso.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FIRST_VD 16
#define MAX_VD 64 /* volume descriptors looked at */
#define ENTRY 32
#define ENTRIES (ISO_SECTOR / ENTRY)

static const char el_torito[] = "EL TORITO SPECIFICATION";

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | get16(p + 2) << 16;
}

static unsigned platform_bit(uint8_t platform)
{
    return platform == 0x00   ? ELTORITO_BIOS
           : platform == 0xef ? ELTORITO_UEFI
                              : 0;
}

/* The boot catalog's sector, from the El Torito boot record. */
static int find_catalog(iso_read_fn read, void *ctx, uint32_t *lba, char *err,
                        size_t errlen)
{
    uint8_t vd[ISO_SECTOR];
    for (unsigned i = 0; i < MAX_VD; i++) {
        uint64_t off = (uint64_t)(FIRST_VD + i) * ISO_SECTOR;
        if (read(ctx, off, vd, sizeof(vd)) < 0 ||
            memcmp(vd + 1, "CD001", 5) != 0) {
            snprintf(err, errlen,
                     i == 0 ? "not an ISO 9660 image (no volume descriptor "
                              "at sector 16)"
                            : "the volume descriptors end without a "
                              "terminator");
            return -1;
        }
        if (vd[0] == 255)
            break;
        if (vd[0] == 0 &&
            memcmp(vd + 7, el_torito, sizeof(el_torito) - 1) == 0) {
            *lba = get32(vd + 0x47);
            return 0;
        }
    }
    snprintf(err, errlen,
             "no El Torito boot record: the image is not "
             "bootable from CD");
    return -1;
}

static bool valid_header(const uint8_t *e)
{
    uint32_t sum = 0;
    for (int i = 0; i < ENTRY; i += 2)
        sum += get16(e + i);
    return e[0] == 0x01 && e[30] == 0x55 && e[31] == 0xaa &&
           (sum & 0xffff) == 0;
}

/* Walk the section headers from entry 2 on. */
static int walk_sections(const uint8_t *cat, unsigned *platforms, char *err,
                         size_t errlen)
{
    unsigned i = 2;
    while (i < ENTRIES) {
        const uint8_t *h = cat + i * ENTRY;
        if (h[0] != 0x90 && h[0] != 0x91)
            return 0; /* no (more) sections */
        bool last = h[0] == 0x91;
        unsigned bit = platform_bit(h[1]), count = get16(h + 2);
        i++;
        for (unsigned k = 0; k < count; k++) {
            if (i >= ENTRIES) {
                snprintf(err, errlen,
                         "El Torito catalog: a section's entries run past "
                         "its first sector");
                return -1;
            }
            if (cat[i * ENTRY] == 0x88)
                *platforms |= bit;
            i++;
            while (i < ENTRIES && cat[i * ENTRY] == 0x44)
                i++; /* extensions of that entry */
        }
        if (last)
            return 0;
    }
    return 0;
}

int eltorito_platforms(iso_read_fn read, void *ctx, unsigned *platforms,
                       char *err, size_t errlen)
{
    uint32_t lba;
    uint8_t cat[ISO_SECTOR];
    *platforms = 0;
    if (find_catalog(read, ctx, &lba, err, errlen) < 0)
        return -1;
    if (read(ctx, (uint64_t)lba * ISO_SECTOR, cat, sizeof(cat)) < 0) {
        snprintf(err, errlen,
                 "El Torito boot catalog at sector %u is past the end of "
                 "the image",
                 lba);
        return -1;
    }
    if (!valid_header(cat)) {
        snprintf(err, errlen,
                 "El Torito boot catalog at sector %u: bad validation entry",
                 lba);
        return -1;
    }
    if (cat[ENTRY] == 0x88)
        *platforms |= platform_bit(cat[1]);
    return walk_sections(cat, platforms, err, errlen);
}
