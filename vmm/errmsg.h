/*
 * errmsg.h: the "reason in err" convention of vmm's pure functions, and
 * the one line a refused image gets on stderr.
 */
#ifndef VMM_ERRMSG_H
#define VMM_ERRMSG_H

#include <stdarg.h>
#include <stddef.h>

/* Format the reason into err (errlen bytes) and return -1. */
int errmsg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Print "vmm: WHAT: <reason>" on stderr, one line. */
void vmm_vsay(const char *what, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Print "vmm: IMAGE: <reason>" on stderr and return -1. */
int image_refuse(const char *image, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
