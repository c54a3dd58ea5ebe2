/* read_file.c: reading an image or a module into memory. */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE_SIZE (1ULL << 30)

uint8_t *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint8_t *buf = NULL;
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "vmm: %s: %s\n", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_FILE_SIZE) {
        fprintf(stderr, "vmm: %s: not a regular file of at most 1 GiB\n",
                path);
        goto out;
    }
    *len = (size_t)st.st_size;
    buf = malloc(*len ? *len : 1);
    size_t done = 0;
    while (buf && done < *len) {
        ssize_t n = read(fd, buf + done, *len - done);
        if (n <= 0) {
            fprintf(stderr, "vmm: %s: read failed: %s\n", path,
                    n < 0 ? strerror(errno) : "file shrank");
            free(buf);
            buf = NULL;
            break;
        }
        done += (size_t)n;
    }
out:
    if (fd >= 0)
        close(fd);
    return buf;
}
