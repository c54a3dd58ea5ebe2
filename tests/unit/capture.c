/* capture.c: redirect a file descriptor into a temporary file (unit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

void capture_start(struct capture *c, int fd)
{
    fflush(NULL);
    c->fd = fd;
    c->saved = dup(fd);
    c->tmp = tmpfile();
    cr_assert(c->saved >= 0 && c->tmp, "capture of fd %d failed", fd);
    cr_assert(dup2(fileno(c->tmp), fd) == fd);
}

char *capture_end(struct capture *c, size_t *len)
{
    fflush(NULL);
    cr_assert(dup2(c->saved, c->fd) == c->fd);
    close(c->saved);
    off_t n = lseek(fileno(c->tmp), 0, SEEK_END);
    cr_assert(n >= 0);
    char *s = malloc((size_t)n + 1);
    cr_assert(s);
    cr_assert(pread(fileno(c->tmp), s, (size_t)n, 0) == n);
    s[n] = '\0';
    fclose(c->tmp);
    if (len)
        *len = (size_t)n;
    return s;
}
