/*
 * globals: initialized data, zeroed bss and read-only data arrive as the
 * image defines them (the loader copies PT_LOAD file bytes and zero-fills
 * the rest), and writable data can be changed and read back.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

struct record {
    int a;
    long b;
    char c[8];
};

int g_int = 42;
struct record g_rec = {7, -9, "abc"};
uint64_t g_spread[1024] = {[0] = 0x1111, [1023] = 0x2222}; /* 8 KiB */
const char g_text[] = "read-only text";
int g_zero;
uint64_t g_bss[16384]; /* 128 KiB of zeros */

int solo5_app_main(const struct solo5_start_info *si)
{
    int ok = 1;
    size_t nonzero = 0;

    (void)si;
    for (size_t i = 0; i < sizeof g_bss / sizeof g_bss[0]; i++)
        nonzero += g_bss[i] != 0;
    rt_printf("globals: int=%d rec=%d,%ld,%s spread=0x%lx,0x%lx text=\"%s\" "
              "zero=%d bss_nonzero=%zu\n",
              g_int, g_rec.a, g_rec.b, g_rec.c, g_spread[0], g_spread[1023],
              g_text, g_zero, nonzero);
    ok &= g_int == 42 && g_rec.a == 7 && g_rec.b == -9 && g_rec.c[0] == 'a' &&
          g_rec.c[3] == 0 && g_spread[0] == 0x1111 && g_spread[1] == 0 &&
          g_spread[1023] == 0x2222 && g_zero == 0 && nonzero == 0;

    /* Writes stick. */
    g_int = -1;
    g_rec.b = 1L << 40;
    g_spread[512] = 0x3333;
    g_bss[16383] = 0x4444;
    g_zero = 5;
    __asm__ __volatile__("" : : : "memory");
    ok &= g_int == -1 && g_rec.b == 1L << 40 && g_spread[512] == 0x3333 &&
          g_bss[16383] == 0x4444 && g_zero == 5;

    rt_printf("globals: %s\n", ok ? "ok" : "FAIL");
    return ok ? SOLO5_EXIT_SUCCESS : SOLO5_EXIT_FAILURE;
}
