/* read_file.c: reading a whole file into memory (read_file.h). */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE_SIZE (1ULL << 30)

/* Read exactly len bytes of fd into buf; 0, or -1 with the reason in *e. */
static int read_all(int fd, uint8_t *buf, size_t len, struct read_file_error *e)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *e = (struct read_file_error){READ_FILE_READ, n < 0 ? errno : 0};
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

uint8_t *read_file_max(const char *path, size_t max, size_t *len,
                       struct read_file_error *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint8_t *buf = NULL;
    if (fd < 0 || fstat(fd, &st) < 0) {
        *e = (struct read_file_error){READ_FILE_OPEN, errno};
        goto out;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        *e = (struct read_file_error){READ_FILE_SIZE, 0};
        goto out;
    }
    *len = (size_t)st.st_size;
    buf = malloc(*len ? *len : 1);
    if (!buf)
        *e = (struct read_file_error){READ_FILE_NOMEM, ENOMEM};
    else if (read_all(fd, buf, *len, e) < 0) {
        free(buf);
        buf = NULL;
    }
out:
    if (fd >= 0)
        close(fd);
    return buf;
}

uint8_t *read_file(const char *path, size_t *len)
{
    struct read_file_error e;
    uint8_t *buf = read_file_max(path, MAX_FILE_SIZE, len, &e);
    if (buf)
        return buf;
    switch (e.what) {
    case READ_FILE_OPEN:
        fprintf(stderr, "vmm: %s: %s\n", path, strerror(e.errnum));
        break;
    case READ_FILE_SIZE:
        fprintf(stderr, "vmm: %s: not a regular file of at most 1 GiB\n", path);
        break;
    case READ_FILE_NOMEM:
        break; /* as vmm always has: no message */
    case READ_FILE_READ:
        fprintf(stderr, "vmm: %s: read failed: %s\n", path,
                e.errnum ? strerror(e.errnum) : "file shrank");
        break;
    }
    return NULL;
}
