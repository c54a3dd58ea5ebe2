/* fuzz_util.c: oracle, input reader and fake guest memory for the harnesses. */
#include "fuzz_util.h"

#include <fcntl.h>
#include <sanitizer/asan_interface.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * libFuzzer's -close_fd_mask=2 discards the target's stderr (vmm's own
 * messages about bad hypercalls would flood it) after LLVMFuzzerInitialize;
 * a copy taken before main() still reaches the terminal.
 */
static int err_fd = 2;
bool fuzz_tracing;

__attribute__((constructor)) static void save_stderr(void)
{
    int fd = dup(2);
    if (fd >= 0)
        err_fd = fd;
    const char *t = getenv("FUZZ_TRACE");
    fuzz_tracing = t && *t && strcmp(t, "0") != 0;
}

void fuzz_trace(const char *fmt, ...)
{
    if (!fuzz_tracing)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    dprintf(err_fd, "  %s\n", msg);
}

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    dprintf(err_fd, "fuzz oracle: %s:%d: %s\n", file, line, msg);
    abort();
}

void fuzz_check_err(const char *err, size_t errlen, const char *what)
{
    size_t n = strnlen(err, errlen);
    FUZZ_CHECK(n < errlen, "%s: reason not terminated", what);
    FUZZ_CHECK(n > 0, "%s: refused without a reason", what);
}

bool fuzz_all_zero(const uint8_t *p, size_t n)
{
    return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

static uint64_t take(struct fuzz_in *in, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes && in->n > 0; i++, in->p++, in->n--)
        v |= (uint64_t)*in->p << (8 * i);
    return v;
}

uint8_t fuzz_u8(struct fuzz_in *in)
{
    return (uint8_t)take(in, 1);
}

uint16_t fuzz_u16(struct fuzz_in *in)
{
    return (uint16_t)take(in, 2);
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
    return (uint32_t)take(in, 4);
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
    return take(in, 8);
}

uint8_t *fuzz_guest_new(size_t size, size_t hole)
{
    uint8_t *g = malloc(size);
    if (!g) {
        dprintf(err_fd, "fuzz: cannot allocate %zu bytes\n", size);
        abort();
    }
    fuzz_guest_clear(g, size, hole);
    ASAN_POISON_MEMORY_REGION(g, hole);
    return g;
}

void fuzz_guest_clear(uint8_t *g, size_t size, size_t hole)
{
    memset(g + hole, 0, size - hole);
}

void fuzz_quiet_stdout(void)
{
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
}
