/*
 * host_mkimage_files.c: files of a `vmm mkimage` run. OUT is only ever
 * created by rename() of a finished temporary file from its own directory
 * (so a failed or interrupted run never leaves a partial OUT, and an old
 * OUT stays whole until the new one replaces it); everything else lives in
 * a private directory under $TMPDIR that is removed at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_mkimage_job.h"
#include "vmm/read_file.h"

static int say(const char *what, const char *path, int e)
{
    fprintf(stderr, "vmm mkimage: %s%s%s: %s\n", what, *what ? " " : "", path,
            strerror(e));
    return -1;
}

int mkimage_path(char *out, size_t size, const char *dir, const char *rel)
{
    int n = snprintf(out, size, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "vmm mkimage: path too long: %s/%s\n", dir, rel);
        return -1;
    }
    return 0;
}

int mkimage_out_open(struct mkimage_out *out)
{
    const char *final = out->final;
    const char *slash = strrchr(final, '/');
    const char *base = slash ? slash + 1 : final;
    char dir[PATH_MAX];
    struct stat st;
    out->fd = -1;
    out->tmp[0] = '\0';
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
        (stat(final, &st) == 0 && S_ISDIR(st.st_mode))) {
        fprintf(stderr, "vmm mkimage: -o %s: a directory, not a file name\n",
                final);
        return -1;
    }
    int dl = slash ? (slash == final ? 1 : (int)(slash - final)) : 1;
    if ((size_t)dl >= sizeof(dir)) {
        fprintf(stderr, "vmm mkimage: -o %s: path too long\n", final);
        return -1;
    }
    memcpy(dir, slash ? final : ".", (size_t)dl);
    dir[dl] = '\0';
    int n = snprintf(out->tmp, sizeof(out->tmp), "%s/.%s.XXXXXX", dir, base);
    if (n < 0 || (size_t)n >= sizeof(out->tmp)) {
        fprintf(stderr, "vmm mkimage: -o %s: path too long\n", final);
        out->tmp[0] = '\0';
        return -1;
    }
    out->fd = mkostemp(out->tmp, O_CLOEXEC);
    if (out->fd < 0) {
        int e = errno;
        out->tmp[0] = '\0';
        fprintf(stderr,
                "vmm mkimage: cannot write %s: cannot create a file in %s: "
                "%s\n",
                final, dir, strerror(e));
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(out->fd, 0666 & ~mask) < 0) {
        int e = errno;
        mkimage_out_abort(out);
        return say("cannot write", final, e);
    }
    return 0;
}

int mkimage_out_commit(struct mkimage_out *out)
{
    if (fsync(out->fd) < 0) {
        int e = errno;
        mkimage_out_abort(out);
        return say("cannot write", out->final, e);
    }
    int r = close(out->fd);
    out->fd = -1;
    if (r < 0 || rename(out->tmp, out->final) < 0) {
        int e = errno;
        mkimage_out_abort(out);
        return say("cannot write", out->final, e);
    }
    out->tmp[0] = '\0';
    return 0;
}

void mkimage_out_abort(struct mkimage_out *out)
{
    if (out->fd >= 0)
        close(out->fd);
    out->fd = -1;
    if (out->tmp[0])
        unlink(out->tmp);
    out->tmp[0] = '\0';
}

int mkimage_dir_make(char *dir, size_t size)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    int n = snprintf(dir, size, "%s/vmm-mkimage.XXXXXX", base);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "vmm mkimage: TMPDIR is too long: %s\n", base);
        dir[0] = '\0';
        return -1;
    }
    if (!mkdtemp(dir)) {
        int e = errno;
        dir[0] = '\0';
        return say("cannot make a temporary directory in", base, e);
    }
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void mkimage_dir_remove(const char *dir)
{
    if (dir[0])
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int mkimage_write_file(const char *path, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return say("", path, errno);
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            return say("writing", path, e);
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) < 0)
        return say("writing", path, errno);
    return 0;
}

uint8_t *mkimage_read_file(const char *path, size_t max, size_t *len)
{
    struct read_file_error e;
    uint8_t *buf = read_file_max(path, max, len, &e);
    if (buf)
        return buf;
    if (e.what == READ_FILE_OPEN)
        say("", path, e.errnum);
    else if (e.what == READ_FILE_SIZE)
        fprintf(stderr,
                "vmm mkimage: %s: not a regular file of at most %zu bytes\n",
                path, max);
    else
        say("reading", path, e.errnum ? e.errnum : EIO);
    return NULL;
}
