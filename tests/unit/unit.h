/* unit.h: small helpers shared by the unit tests. */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <criterion/criterion.h>
#include <string.h>

/* The message s contains sub. */
#define assert_has(s, sub)                                                     \
    cr_assert(strstr((s), (sub)) != NULL, "expected \"%s\" in: \"%s\"", (sub), \
              (s))

/*
 * Capture what is written to fd (1 or 2) between capture_start and
 * capture_end: the fd points at a temporary file meanwhile. capture_end
 * restores it and returns the bytes (NUL-terminated, *len without it).
 */
struct capture {
    int fd, saved;
    FILE *tmp;
};
void capture_start(struct capture *c, int fd);
char *capture_end(struct capture *c, size_t *len);

#endif
