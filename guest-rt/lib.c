/*
 * lib.c: the memory and string functions GCC may emit calls to even in
 * freestanding code, plus a few string helpers the runtime uses.
 *
 * All are weak, so an application that brings its own C library (and thus
 * its own, perhaps faster, versions) wins without a duplicate-symbol error.
 * Built with -fno-tree-loop-distribute-patterns so the loops below are not
 * turned back into calls to themselves.
 */
#include "kernel.h"

#define WEAK __attribute__((weak))

/* A 64-bit word that may alias any object. */
typedef uint64_t __attribute__((may_alias)) word_t;

WEAK void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* Word copies when both pointers share the same alignment. */
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (n && ((uintptr_t)d & 7)) {
            *d++ = *s++;
            n--;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(word_t *)(void *)d = *(const word_t *)(const void *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

WEAK void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n) {
        while (n--)
            *d++ = *s++;
    } else {
        d += n;
        s += n;
        while (n--)
            *--d = *--s;
    }
    return dst;
}

WEAK void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t word = (unsigned char)c * 0x0101010101010101ULL;

    while (n && ((uintptr_t)d & 7)) {
        *d++ = (unsigned char)c;
        n--;
    }
    for (; n >= 8; n -= 8, d += 8)
        *(word_t *)(void *)d = word;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

WEAK int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}

WEAK size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

WEAK int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

WEAK int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (*a == '\0')
            return 0;
    }
    return 0;
}
