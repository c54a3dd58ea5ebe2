/* errmsg.c: see errmsg.h. */
#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>

int errmsg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

void vmm_vsay(const char *what, const char *fmt, va_list ap)
{
    fprintf(stderr, "vmm: %s: ", what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int image_refuse(const char *image, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmm_vsay(image, fmt, ap);
    va_end(ap);
    return -1;
}
