/*
 * dev_file.c: the block device kind (BLOCK_BASIC) and its host backend:
 * --block:NAME=FILE opens FILE read-write, --block:NAME=FILE:ro read-only
 * (its writes fail towards the guest: SOLO5_R_EUNSPEC on hvt,
 * VIRTIO_BLK_S_IOERR on virtio), FILE:rw is the default spelled out (for a
 * file whose own name ends in ":ro"). FILE is a regular file or block
 * device whose size is a multiple of the 512-byte block.
 * --block-sector-size:NAME=N (as solo5-hvt) gives the device N-byte
 * blocks instead: N a power of two from 512 to 32768 (the manifest's
 * block_size is 16 bits), and FILE's size a multiple of N. The guest sees
 * N (hvt: the manifest entry; virtio: VIRTIO_BLK_F_BLK_SIZE), and requests
 * must be aligned to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices.h"

#define BLOCK_SIZE 512
#define SECTOR_SIZE_MAX 32768 /* mft_block_basic.block_size: 16 bits */

/* "FILE", "FILE:rw" or "FILE:ro" into path (no suffix); true if :ro. */
static bool split_mode(const char *value, char *path, size_t size)
{
    size_t n = strlen(value);
    bool ro = n > 3 && strcmp(value + n - 3, ":ro") == 0;
    if (ro || (n > 3 && strcmp(value + n - 3, ":rw") == 0))
        n -= 3;
    snprintf(path, size, "%.*s", (int)n, value);
    return ro;
}

static int block_attach(struct mft_entry *e, const char *value, char *err,
                        size_t errlen)
{
    char path[4096];
    bool ro = split_mode(value, path, sizeof(path));
    int fd = open(path, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file or block device", path);
        goto fail;
    }
    off_t size = S_ISBLK(st.st_mode) ? lseek(fd, 0, SEEK_END) : st.st_size;
    if (size <= 0 || size % BLOCK_SIZE != 0) {
        snprintf(err, errlen,
                 "%s: size %lld is not a positive multiple of the block size "
                 "%d",
                 path, (long long)size, BLOCK_SIZE);
        goto fail;
    }
    e->u.block_basic.capacity = (uint64_t)size;
    e->u.block_basic.block_size = BLOCK_SIZE;
    e->b.hostfd = fd;
    devices_set_read_only(fd, ro);
    if (ro && !devices_read_only(fd)) {
        snprintf(err, errlen, "%s: too many files open to track it as "
                              "read-only", path);
        goto fail;
    }
    return 0;
fail:
    if (fd >= 0) {
        devices_set_read_only(fd, false);
        close(fd);
    }
    return -1;
}

/* --block-sector-size's N: 0, or -1 with what is wrong in err. */
static int sector_size_check(const char *value, char *err, size_t errlen)
{
    char *end;
    unsigned long n = strtoul(value, &end, 10);
    const char *why = NULL;
    if (value[0] < '0' || value[0] > '9' || *end != '\0')
        why = "is not a number of bytes";
    else if (n < BLOCK_SIZE)
        why = "is less than 512, the smallest sector size";
    else if (n > SECTOR_SIZE_MAX)
        why = "is more than 32768, the largest sector size (16 bits)";
    else if (n & (n - 1))
        why = "is not a power of two";
    if (!why)
        return 0;
    snprintf(err, errlen, "'%s' %s", value, why);
    return -1;
}

/* N for the attached entry e, whose file (--block's FILE[:ro]) is file. */
static int sector_size_apply(struct mft_entry *e, const char *value,
                             const char *file, char *err, size_t errlen)
{
    char path[4096];
    unsigned long n = strtoul(value, NULL, 10);
    uint64_t size = e->u.block_basic.capacity;
    split_mode(file ? file : "", path, sizeof(path));
    if (size % n != 0) {
        snprintf(err, errlen,
                 "%s: size %llu is not a multiple of the sector size %lu", path,
                 (unsigned long long)size, n);
        return -1;
    }
    e->u.block_basic.block_size = (uint16_t)n;
    return 0;
}

static const struct device_setting block_settings[] = {
    {"--block-sector-size", sector_size_check, sector_size_apply},
    {NULL, NULL, NULL},
};

static const struct device_kind block_kind = {
    .type = MFT_DEV_BLOCK_BASIC,
    .option = "--block",
    .value = "FILE",
    .attach = block_attach,
    .rights = SB_PREAD | SB_PWRITE, /* SB_PREAD alone when read-only */
    .settings = block_settings,
};
DEVICE_KIND(block_kind);
