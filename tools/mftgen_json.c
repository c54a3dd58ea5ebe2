/*
 * mftgen_json.c: the JSON reader of vmm-mft, small and hand-written: the
 * pieces tools/mftgen.c puts together to accept exactly its schema. Every
 * error ends the program with "vmm-mft: FILE:LINE:COL: reason".
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mftgen.h"

void fail(const struct parser *ps, const char *fmt, ...)
{
    va_list ap;
    unsigned line = 1, col = 1;

    for (const char *q = ps->text; q < ps->p; q++, col++) {
        if (*q == '\n') {
            line++;
            col = 0;
        }
    }
    fprintf(stderr, "vmm-mft: %s:%u:%u: ", ps->file, line, col);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

char peek(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
    return *ps->p;
}

void expect(struct parser *ps, char c)
{
    if (peek(ps) != c)
        fail(ps, *ps->p ? "expected '%c', found '%c'" : "expected '%c' at end",
             c, *ps->p);
    ps->p++;
}

void parse_string(struct parser *ps, char *buf, size_t size)
{
    size_t n = 0;

    expect(ps, '"');
    for (;;) {
        char c = *ps->p;

        if (c == '"')
            break;
        if (c == '\0' || c == '\n')
            fail(ps, "unterminated string");
        if (c == '\\') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *e = *++ps->p ? strchr(from, *ps->p) : NULL;

            if (e == NULL)
                fail(ps, "unsupported escape in string");
            c = to[e - from];
        } else if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) {
            fail(ps, "strings must be printable ASCII");
        }
        if (n + 1 >= size)
            fail(ps, "string longer than %zu characters", size - 1);
        buf[n++] = c;
        ps->p++;
    }
    buf[n] = '\0';
    ps->p++;
}

unsigned long parse_uint(struct parser *ps)
{
    char *end;

    if (!isdigit((unsigned char)peek(ps)))
        fail(ps, "expected a number");
    errno = 0;
    unsigned long v = strtoul(ps->p, &end, 10);
    if (errno || *end == '.' || *end == 'e' || *end == 'E')
        fail(ps, "expected a small whole number");
    ps->p = end;
    return v;
}

void parse_object(struct parser *ps, member_fn *member, void *ctx)
{
    char key[32];

    expect(ps, '{');
    if (peek(ps) == '}') {
        ps->p++;
        return;
    }
    for (;;) {
        parse_string(ps, key, sizeof key);
        expect(ps, ':');
        member(ps, key, ctx);
        if (peek(ps) != ',')
            break;
        ps->p++;
    }
    expect(ps, '}');
}

char *read_file(const char *path)
{
    static char buf[64 * 1024];
    FILE *f = fopen(path, "rb");
    const char *why = NULL;

    if (f == NULL) {
        fprintf(stderr, "vmm-mft: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    size_t len = fread(buf, 1, sizeof buf, f);
    if (ferror(f))
        why = "read error";
    else if (len == sizeof buf)
        why = "larger than 64 KiB";
    else if (memchr(buf, '\0', len))
        why = "contains NUL bytes";
    fclose(f);
    if (why) {
        fprintf(stderr, "vmm-mft: %s: %s\n", path, why);
        exit(1);
    }
    buf[len] = '\0';
    return buf;
}

