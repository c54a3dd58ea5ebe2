/*
 * dev_file.c: the block device kind (BLOCK_BASIC) and its host backend:
 * --block:NAME=FILE opens FILE read-write, --block:NAME=FILE:ro read-only
 * (its writes fail towards the guest: SOLO5_R_EUNSPEC on hvt,
 * VIRTIO_BLK_S_IOERR on virtio), FILE:rw is the default spelled out (for a
 * file whose own name ends in ":ro"). FILE is a regular file or block
 * device whose size is a multiple of the 512-byte block.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices.h"

#define BLOCK_SIZE 512

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

static const struct device_kind block_kind = {
    .type = MFT_DEV_BLOCK_BASIC,
    .option = "--block",
    .value = "FILE",
    .attach = block_attach,
    .rights = SB_PREAD | SB_PWRITE, /* SB_PREAD alone when read-only */
};
DEVICE_KIND(block_kind);
