/*
 * fuzz_util.h: what the libFuzzer harnesses share: an oracle that aborts
 * with a message libFuzzer shows even when the target's stderr is closed
 * (-close_fd_mask), a reader that takes fields from the fuzzer's bytes,
 * and a fake guest memory whose edges AddressSanitizer watches.
 */
#ifndef TESTS_FUZZ_FUZZ_UTIL_H
#define TESTS_FUZZ_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Print "fuzz oracle: <msg>" on the original stderr, then abort(). */
void fuzz_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond))                                                           \
            fuzz_fail(__FILE__, __LINE__, __VA_ARGS__);                        \
    } while (0)

/*
 * With FUZZ_TRACE=1 in the environment, say what a harness did with an
 * input (on the original stderr), to check seeds and read reproducers.
 */
extern bool fuzz_tracing;
void fuzz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A refusal's reason: non-empty and terminated inside its buffer. */
void fuzz_check_err(const char *err, size_t errlen, const char *what);

/* All n bytes at p are zero. */
bool fuzz_all_zero(const uint8_t *p, size_t n);

/* Fields taken in order from the input; zeros once it runs out. */
struct fuzz_in {
    const uint8_t *p;
    size_t n;
};

uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint64_t fuzz_u64(struct fuzz_in *in);

/*
 * A fake guest memory of exactly size bytes (malloc'd, so AddressSanitizer
 * reports any access past its end) whose first `hole` bytes are poisoned:
 * a loader writing below its lowest load address is reported too.
 */
uint8_t *fuzz_guest_new(size_t size, size_t hole);

/*
 * Zero [hole, size) of such a memory again: the loaders write only file
 * bytes and rely on guest memory being zero, as vmm's fresh mapping is,
 * so a harness clears what the previous input left before the next load.
 */
void fuzz_guest_clear(uint8_t *g, size_t size, size_t hole);

/* Send stdout to /dev/null (guest console output); once, at start-up. */
void fuzz_quiet_stdout(void);

#endif
