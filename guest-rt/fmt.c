/*
 * fmt.c: a small printf-like formatter (see vmm/rt.h for what it supports)
 * writing either to a buffer or, through a line buffer, to the console.
 * rt_printf() issues one console write per call unless the text exceeds the
 * buffer, so a line printed in one call reaches the host in one piece.
 */
#include "kernel.h"

/* Where formatted characters go. */
struct sink {
    char *buf;
    size_t size;  /* capacity of buf */
    size_t pos;   /* characters stored in buf */
    size_t total; /* characters produced */
    bool console; /* flush buf to the console when full */
};

static void sink_flush(struct sink *s)
{
    if (s->console && s->pos) {
        plat_console_write(s->buf, s->pos);
        s->pos = 0;
    }
}

static void put(struct sink *s, char c)
{
    s->total++;
    if (s->console && s->pos == s->size)
        sink_flush(s);
    if (s->pos + 1 < s->size || (s->console && s->pos < s->size))
        s->buf[s->pos++] = c;
}

static void put_padded(struct sink *s, const char *str, size_t len,
                       int width, bool left, char pad)
{
    size_t fill = width > 0 && (size_t)width > len ? (size_t)width - len : 0;

    if (!left)
        while (fill--)
            put(s, pad);
    while (len--)
        put(s, *str++);
    if (left)
        while (fill--)
            put(s, ' ');
}

/* Format one integer (already widened) with the given base and flags. */
static void put_number(struct sink *s, uint64_t v, bool negative,
                       unsigned base, bool upper, int width, bool left,
                       bool zero, const char *prefix)
{
    char digits[24];
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t n = 0, plen = strlen(prefix);

    do {
        digits[n++] = set[v % base];
        v /= base;
    } while (v);
    if (negative) {
        prefix = "-";
        plen = 1;
    }
    if (zero && !left) {
        /* Sign or prefix first, then zeros up to the width. */
        put_padded(s, prefix, plen, 0, false, ' ');
        width = width > (int)plen ? width - (int)plen : 0;
        for (int i = width - (int)n; i > 0; i--)
            put(s, '0');
        while (n)
            put(s, digits[--n]);
        return;
    }
    char tmp[28];
    size_t t = 0;
    for (size_t i = 0; i < plen; i++)
        tmp[t++] = prefix[i];
    while (n)
        tmp[t++] = digits[--n];
    put_padded(s, tmp, t, width, left, ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(s, *fmt);
            continue;
        }
        bool left = false, zero = false;
        int width = 0, prec = -1, lng = 0;

        for (;; fmt++) {
            if (fmt[1] == '-')
                left = true;
            else if (fmt[1] == '0')
                zero = true;
            else
                break;
        }
        if (fmt[1] == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        while (fmt[1] >= '0' && fmt[1] <= '9')
            width = width * 10 + (*++fmt - '0');
        if (fmt[1] == '.') {
            fmt++;
            prec = 0;
            while (fmt[1] >= '0' && fmt[1] <= '9')
                prec = prec * 10 + (*++fmt - '0');
        }
        /* Length modifiers: count l's; z, j and t are 64-bit here. */
        while (fmt[1] == 'l' || fmt[1] == 'z' || fmt[1] == 'j' ||
               fmt[1] == 't' || fmt[1] == 'h') {
            fmt++;
            if (*fmt != 'h')
                lng = 2;
        }
        char c = *++fmt;
        uint64_t u;
        int64_t d;

        switch (c) {
        case 'd':
        case 'i':
            d = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            u = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
            put_number(s, u, d < 0, 10, false, width, left, zero, "");
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
            put_number(s, u, false, c == 'u' ? 10 : c == 'o' ? 8 : 16,
                       c == 'X', width, left, zero, "");
            break;
        case 'p':
            u = (uintptr_t)va_arg(ap, void *);
            put_number(s, u, false, 16, false, width, left, zero, "0x");
            break;
        case 'c': {
            char ch = (char)va_arg(ap, int);
            put_padded(s, &ch, 1, width, left, ' ');
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            size_t len = 0;

            if (!str)
                str = "(null)";
            while (str[len] && (prec < 0 || len < (size_t)prec))
                len++;
            put_padded(s, str, len, width, left, ' ');
            break;
        }
        case '%':
            put(s, '%');
            break;
        case '\0':
            return;
        default:
            put(s, '%');
            put(s, c);
            break;
        }
    }
}

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {.buf = buf, .size = size};

    format(&s, fmt, ap);
    if (size)
        buf[s.pos] = '\0';
    return (int)s.total;
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int rt_vprintf(const char *fmt, va_list ap)
{
    char line[1024];
    struct sink s = {.buf = line, .size = sizeof line, .console = true};

    format(&s, fmt, ap);
    sink_flush(&s);
    return (int)s.total;
}

int rt_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}
