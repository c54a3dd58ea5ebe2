/*
 * mftgen.h: vmm-mft's JSON reader (mftgen_json.c), as the manifest
 * schema in mftgen.c uses it.
 */
#ifndef TOOLS_MFTGEN_H
#define TOOLS_MFTGEN_H

#include <stddef.h>

struct parser {
    const char *file, *text, *p;
};

/* Print "vmm-mft: FILE:LINE:COL: " and the message for ps->p; exit(1). */
void fail(const struct parser *ps, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* The next character after white space (skipped), without taking it. */
char peek(struct parser *ps);
/* Take character c, or fail. */
void expect(struct parser *ps, char c);
/* A JSON string of printable ASCII (escapes allowed) into buf. */
void parse_string(struct parser *ps, char *buf, size_t size);
/* A small whole number. */
unsigned long parse_uint(struct parser *ps);
/* Iterate over an object's members; member() parses each value. */
typedef void member_fn(struct parser *ps, const char *key, void *ctx);
void parse_object(struct parser *ps, member_fn *member, void *ctx);
/* The whole file as a string (at most 64 KiB, no NUL); exit(1) if not. */
char *read_file(const char *path);

#endif
