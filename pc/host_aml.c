/*
 * host_aml.c: the AML writer of host_aml.h. Encodings from the ACPI
 * specification (6.x): PkgLength and NameString (section 20.2.4, 20.2.2),
 * the opcodes (20.3), resource descriptors (6.4.2 small, 6.4.3 large).
 */
#include "host_aml.h"

#include <string.h>

#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_QWORD_PREFIX 0x0e
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_METHOD_OP 0x14
#define AML_DUAL_NAME_PREFIX 0x2e
#define AML_MULTI_NAME_PREFIX 0x2f
#define AML_ROOT_CHAR '\\'
#define AML_EXT_OP_PREFIX 0x5b
#define AML_DEVICE_OP 0x82 /* after the prefix */

#define RES_IRQ 0x23       /* small item 0x4, 3 bytes */
#define RES_IO 0x47        /* small item 0x8, 7 bytes */
#define RES_END 0x79       /* small item 0xf, 1 byte */
#define RES_WORD_ADDR 0x88 /* large item 0x08 */
#define RES_WORD_ADDR_LEN 13
#define RES_MIN_FIXED 0x04
#define RES_MAX_FIXED 0x08
#define RES_IO_ENTIRE_RANGE 0x03
#define RES_IO_DECODE16 0x01

void aml_init(struct aml *a, uint8_t *buf, size_t cap)
{
    memset(a, 0, sizeof(*a));
    a->buf = buf;
    a->cap = cap;
}

void aml_bytes(struct aml *a, const void *p, size_t n)
{
    if (a->full || n > a->cap - a->len) {
        a->full = true;
        return;
    }
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
    aml_bytes(a, &b, 1);
}

/* One NameSeg from s (up to '.' or the end), padded with '_'. */
static const char *nameseg(struct aml *a, const char *s)
{
    char seg[4] = {'_', '_', '_', '_'};
    unsigned n = 0;
    for (; *s && *s != '.'; s++)
        if (n < 4)
            seg[n++] = *s;
        else
            a->full = true; /* a name longer than four characters */
    aml_bytes(a, seg, 4);
    return *s == '.' ? s + 1 : s;
}

void aml_namestring(struct aml *a, const char *path)
{
    if (*path == AML_ROOT_CHAR) {
        aml_byte(a, AML_ROOT_CHAR);
        path++;
    }
    unsigned segs = *path ? 1 : 0;
    for (const char *p = path; *p; p++)
        segs += *p == '.';
    if (segs == 0) {
        aml_byte(a, 0); /* NullName */
        return;
    }
    if (segs == 2)
        aml_byte(a, AML_DUAL_NAME_PREFIX);
    else if (segs > 2) {
        aml_byte(a, AML_MULTI_NAME_PREFIX);
        aml_byte(a, (uint8_t)segs);
    }
    while (*path)
        path = nameseg(a, path);
}

void aml_integer(struct aml *a, uint64_t v)
{
    uint8_t b[9];
    size_t n;
    if (v <= 1) {
        aml_byte(a, v ? AML_ONE_OP : AML_ZERO_OP);
        return;
    }
    if (v <= 0xff) {
        b[0] = AML_BYTE_PREFIX, n = 1;
    } else if (v <= 0xffff) {
        b[0] = AML_WORD_PREFIX, n = 2;
    } else if (v <= 0xffffffffu) {
        b[0] = AML_DWORD_PREFIX, n = 4;
    } else {
        b[0] = AML_QWORD_PREFIX, n = 8;
    }
    for (size_t i = 0; i < n; i++)
        b[1 + i] = (uint8_t)(v >> (8 * i));
    aml_bytes(a, b, 1 + n);
}

static unsigned hexval(char c)
{
    return c >= '0' && c <= '9' ? (unsigned)(c - '0')
                                : (unsigned)((c | 0x20) - 'a' + 10) & 0xf;
}

/* Three letters of 5 bits each (A = 1), then four hex digits, stored
 * most significant byte first. */
void aml_eisaid(struct aml *a, const char *id)
{
    unsigned v = (unsigned)(id[0] - '@') << 10 | (unsigned)(id[1] - '@') << 5 |
                 (unsigned)(id[2] - '@');
    uint8_t b[5] = {AML_DWORD_PREFIX, (uint8_t)(v >> 8), (uint8_t)v,
                    (uint8_t)(hexval(id[3]) << 4 | hexval(id[4])),
                    (uint8_t)(hexval(id[5]) << 4 | hexval(id[6]))};
    aml_bytes(a, b, sizeof(b));
}

void aml_name(struct aml *a, const char *path)
{
    aml_byte(a, AML_NAME_OP);
    aml_namestring(a, path);
}

void aml_name_integer(struct aml *a, const char *path, uint64_t v)
{
    aml_name(a, path);
    aml_integer(a, v);
}

unsigned aml_pkglength(uint8_t out[4], size_t total)
{
    if (total <= 0x3f) {
        out[0] = (uint8_t)total;
        return 1;
    }
    if (total > 0x0fffffff)
        return 0;
    unsigned n = total <= 0xfff ? 2 : total <= 0xfffff ? 3 : 4;
    out[0] = (uint8_t)((n - 1) << 6 | (total & 0xf));
    for (unsigned i = 1; i < n; i++)
        out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
    return n;
}

/* Remember where the PkgLength of a new object goes (after its opcode). */
static void open_here(struct aml *a)
{
    if (a->depth == AML_MAX_DEPTH) {
        a->full = true;
        return;
    }
    a->open[a->depth++] = a->len;
}

void aml_close(struct aml *a)
{
    if (a->depth == 0) {
        a->full = true;
        return;
    }
    size_t at = a->open[--a->depth];
    if (a->full)
        return;
    size_t body = a->len - at;
    uint8_t enc[4];
    unsigned n = 1; /* the length counts its own bytes too */
    while (n <= 4 && aml_pkglength(enc, body + n) != n)
        n++;
    if (n > 4 || n > a->cap - a->len) {
        a->full = true;
        return;
    }
    memmove(a->buf + at + n, a->buf + at, body);
    memcpy(a->buf + at, enc, n);
    a->len += n;
}

void aml_open_scope(struct aml *a, const char *path)
{
    aml_byte(a, AML_SCOPE_OP);
    open_here(a);
    aml_namestring(a, path);
}

void aml_open_device(struct aml *a, const char *path)
{
    aml_byte(a, AML_EXT_OP_PREFIX);
    aml_byte(a, AML_DEVICE_OP);
    open_here(a);
    aml_namestring(a, path);
}

/* Not serialized, sync level 0. */
void aml_open_method(struct aml *a, const char *path, unsigned nargs)
{
    aml_byte(a, AML_METHOD_OP);
    open_here(a);
    aml_namestring(a, path);
    aml_byte(a, (uint8_t)(nargs & 7));
}

void aml_open_package(struct aml *a, uint8_t nelems)
{
    aml_byte(a, AML_PACKAGE_OP);
    open_here(a);
    aml_byte(a, nelems);
}

static void res_bytes(struct aml_res *r, const uint8_t *p, size_t n)
{
    if (r->full || n > sizeof(r->b) - r->len) {
        r->full = true;
        return;
    }
    memcpy(r->b + r->len, p, n);
    r->len += n;
}

void aml_res_word(struct aml_res *r, uint8_t type, uint16_t min, uint16_t max)
{
    uint16_t len = (uint16_t)(max - min + 1);
    uint8_t d[3 + RES_WORD_ADDR_LEN] = {
        RES_WORD_ADDR,
        RES_WORD_ADDR_LEN,
        0,
        type,
        RES_MIN_FIXED | RES_MAX_FIXED, /* producer, positive decode */
        type == AML_RES_IO ? RES_IO_ENTIRE_RANGE : 0,
        0,
        0, /* granularity */
        (uint8_t)min,
        (uint8_t)(min >> 8),
        (uint8_t)max,
        (uint8_t)(max >> 8),
        0,
        0, /* translation offset */
        (uint8_t)len,
        (uint8_t)(len >> 8)};
    res_bytes(r, d, sizeof(d));
}

void aml_res_io(struct aml_res *r, uint16_t min, uint16_t max, uint8_t align,
                uint8_t len)
{
    uint8_t d[8] = {
        RES_IO,       RES_IO_DECODE16,     (uint8_t)min, (uint8_t)(min >> 8),
        (uint8_t)max, (uint8_t)(max >> 8), align,        len};
    res_bytes(r, d, sizeof(d));
}

void aml_res_irq(struct aml_res *r, unsigned irq, uint8_t flags)
{
    uint16_t mask = (uint16_t)(1u << (irq & 15));
    uint8_t d[4] = {RES_IRQ, (uint8_t)mask, (uint8_t)(mask >> 8), flags};
    res_bytes(r, d, sizeof(d));
}

void aml_resource_template(struct aml *a, const struct aml_res *r)
{
    uint8_t end[2] = {RES_END, 0};
    uint8_t sum = 0;
    for (size_t i = 0; i < r->len; i++)
        sum = (uint8_t)(sum + r->b[i]);
    end[1] = (uint8_t)(0 - (uint8_t)(sum + RES_END));
    if (r->full)
        a->full = true;
    aml_byte(a, AML_BUFFER_OP);
    open_here(a);
    aml_integer(a, r->len + sizeof(end));
    aml_bytes(a, r->b, r->len);
    aml_bytes(a, end, sizeof(end));
    aml_close(a);
}
