/* test_hc_console.c: PUTS, WALLTIME and HALT. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "vmm/exit_status.h"
#include "fake_hvt.h"
#include "unit.h"

/* PUTS of len bytes at data; returns what reached stdout. */
static char *puts_call(struct fake *f, uint64_t data, uint64_t len,
                       enum hc_result *r, size_t *outlen, char **msg)
{
    struct hvt_hc_puts a = {.data = data, .len = len};
    struct capture c;
    fake_put(f, FAKE_ARG, &a, sizeof(a));
    capture_start(&c, 1);
    *r = fake_call(f, HVT_HYPERCALL_PUTS, FAKE_ARG, msg);
    return capture_end(&c, outlen);
}

Test(puts, writes_the_exact_bytes)
{
    struct fake f;
    enum hc_result r;
    size_t n;
    char *msg;
    static const char text[] = "hello\0world\n\x01\xff";
    fake_init(&f, 0, NULL, NULL);
    fake_put(&f, FAKE_BUF, text, sizeof(text) - 1);
    char *out = puts_call(&f, FAKE_BUF, sizeof(text) - 1, &r, &n, &msg);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(f.v.status, -1);
    cr_assert_eq(n, sizeof(text) - 1);
    cr_assert(memcmp(out, text, n) == 0);
    cr_assert_str_eq(msg, "");
    free(out);
    free(msg);
    fake_free(&f);
}

Test(puts, large_and_empty)
{
    struct fake f;
    enum hc_result r;
    size_t n;
    char *msg;
    fake_init(&f, 0, NULL, NULL);
    for (size_t i = 0; i < 0x40000; i++)
        f.mem[FAKE_BUF + i] = (uint8_t)('a' + i % 26);
    char *out = puts_call(&f, FAKE_BUF, 0x40000, &r, &n, &msg);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(n, 0x40000);
    cr_assert(memcmp(out, f.mem + FAKE_BUF, n) == 0);
    free(out);
    free(msg);
    out = puts_call(&f, FAKE_MEM_SIZE, 0, &r, &n, &msg);
    cr_assert_eq(r, HC_CONTINUE, "len 0 at the end of memory: %s", msg);
    cr_assert_eq(n, 0);
    free(out);
    free(msg);
    fake_free(&f);
}

Test(puts, data_outside_memory)
{
    const uint64_t bad[][2] = {{FAKE_MEM_SIZE - 4, 8},
                               {FAKE_MEM_SIZE + 1, 0},
                               {UINT64_MAX - 1, 4},
                               {FAKE_BUF, UINT64_MAX}};
    for (unsigned i = 0; i < 4; i++) {
        struct fake f;
        enum hc_result r;
        size_t n;
        char *msg;
        fake_init(&f, 0, NULL, NULL);
        char *out = puts_call(&f, bad[i][0], bad[i][1], &r, &n, &msg);
        cr_assert_eq(r, HC_STOP, "case %u", i);
        cr_assert_eq(f.v.status, VMM_EXIT_BAD_HYPERCALL);
        cr_assert_eq(n, 0, "case %u: nothing written", i);
        assert_has(msg, "hypercall PUTS:");
        free(out);
        free(msg);
        fake_free(&f);
    }
}

Test(walltime, now)
{
    struct fake f;
    struct timespec t0, t1;
    struct hvt_hc_walltime a = {0};
    fake_init(&f, 0, NULL, NULL);
    fake_put(&f, FAKE_ARG, &a, sizeof(a));
    clock_gettime(CLOCK_REALTIME, &t0);
    cr_assert_eq(fake_call(&f, HVT_HYPERCALL_WALLTIME, FAKE_ARG, NULL),
                 HC_CONTINUE);
    clock_gettime(CLOCK_REALTIME, &t1);
    fake_get(&f, FAKE_ARG, &a, sizeof(a));
    uint64_t lo = (uint64_t)t0.tv_sec * 1000000000ULL + (uint64_t)t0.tv_nsec;
    uint64_t hi = (uint64_t)t1.tv_sec * 1000000000ULL + (uint64_t)t1.tv_nsec;
    cr_assert(a.nsecs >= lo && a.nsecs <= hi, "%llu not in [%llu, %llu]",
              (unsigned long long)a.nsecs, (unsigned long long)lo,
              (unsigned long long)hi);
    cr_assert_gt(a.nsecs, 1577836800ULL * 1000000000ULL, "after 2020");
    cr_assert_eq(f.v.status, -1);
    fake_free(&f);
}

/* HALT with status and cookie; returns the stderr output. */
static char *halt(struct fake *f, int status, uint64_t cookie,
                  enum hc_result *r)
{
    struct hvt_hc_halt a = {.cookie = cookie, .exit_status = status};
    char *msg;
    fake_put(f, FAKE_ARG, &a, sizeof(a));
    *r = fake_call(f, HVT_HYPERCALL_HALT, FAKE_ARG, &msg);
    return msg;
}

Test(halt, status_passes_through)
{
    const int ok[] = {0, 1, 7, 42, 249};
    for (unsigned i = 0; i < 5; i++) {
        struct fake f;
        enum hc_result r;
        fake_init(&f, 0, NULL, NULL);
        char *msg = halt(&f, ok[i], 0, &r);
        cr_assert_eq(r, HC_STOP);
        cr_assert_eq(f.v.status, ok[i]);
        cr_assert_str_eq(msg, "", "status %d printed: %s", ok[i], msg);
        free(msg);
        fake_free(&f);
    }
}

Test(halt, abort_is_255)
{
    struct fake f;
    enum hc_result r;
    fake_init(&f, 0, NULL, NULL);
    char *msg = halt(&f, 255, 0, &r);
    cr_assert_eq(r, HC_STOP);
    cr_assert_eq(f.v.status, VMM_EXIT_ABORT);
    assert_has(msg, "guest aborted");
    free(msg);
    msg = halt(&f, 255, FAKE_BUF, &r);
    cr_assert_eq(f.v.status, 255);
    assert_has(msg, "cookie");
    free(msg);
    fake_free(&f);
}

Test(halt, reserved_statuses_become_1)
{
    const int bad[] = {250, 251, 252, 253, 254, 256, 1000, -1, -255};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct fake f;
        enum hc_result r;
        fake_init(&f, 0, NULL, NULL);
        char *msg = halt(&f, bad[i], 0, &r);
        cr_assert_eq(r, HC_STOP);
        cr_assert_eq(f.v.status, 1, "status %d became %d", bad[i],
                     f.v.status);
        assert_has(msg, "reserved");
        free(msg);
        fake_free(&f);
    }
}

Test(halt, cookie_inside_memory)
{
    struct fake f;
    enum hc_result r;
    fake_init(&f, 0, NULL, NULL);
    char *msg = halt(&f, 3, FAKE_MEM_SIZE - HVT_HALT_COOKIE_MAX, &r);
    cr_assert_eq(r, HC_STOP);
    cr_assert_eq(f.v.status, 3, "%s", msg);
    free(msg);
    fake_free(&f);
}

Test(halt, cookie_outside_memory)
{
    const uint64_t bad[] = {FAKE_MEM_SIZE - HVT_HALT_COOKIE_MAX + 1,
                            FAKE_MEM_SIZE, UINT64_MAX - 16};
    for (unsigned i = 0; i < 3; i++) {
        struct fake f;
        enum hc_result r;
        fake_init(&f, 0, NULL, NULL);
        char *msg = halt(&f, 0, bad[i], &r);
        cr_assert_eq(r, HC_STOP);
        cr_assert_eq(f.v.status, VMM_EXIT_BAD_HYPERCALL, "cookie %u", i);
        assert_has(msg, "hypercall HALT:");
        free(msg);
        fake_free(&f);
    }
}
