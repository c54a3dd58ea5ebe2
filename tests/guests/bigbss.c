/*
 * bigbss: a hello with 16 MiB of zero-initialised .bss that it mostly
 * leaves alone, as Solo5's own hello carries about 2 MiB. It reads N
 * bytes spread over the array (each must be zero; N is the command line's
 * number, 64 without one: the bench passes 0, to time a hello that touches
 * no more than its greeting and the two ends), then writes and reads back
 * both ends. vmm writes none of a .bss (guest memory starts zero), so its
 * peak RSS stays near hello's instead of growing by 16 MiB.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define BIG (16u << 20)
#define SAMPLES 64

static volatile unsigned char big[BIG];

/* The command line's number, or SAMPLES when it holds none. */
static unsigned samples(const char *s)
{
    unsigned n = 0;
    bool any = false;

    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            n = n * 10 + (unsigned)(*s - '0');
            any = true;
        }
    }
    return any && n <= SAMPLES ? n : SAMPLES;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    static const char msg[] = "Hello, world\n";
    unsigned nonzero = 0, n = samples(si->cmdline);

    solo5_console_write(msg, sizeof msg - 1);
    for (unsigned i = 0; i < n; i++) {
        unsigned at = i * (BIG / SAMPLES) + (i * 4099u) % (BIG / SAMPLES);
        if (big[at] != 0) {
            rt_printf("bigbss: byte 0x%x of .bss is 0x%x, not 0\n", at,
                      (unsigned)big[at]);
            nonzero++;
        }
    }
    big[0] = 0x5a;
    big[BIG - 1] = 0xa5;
    if (big[0] != 0x5a || big[BIG - 1] != 0xa5 || big[1] != 0)
        nonzero++;
    rt_printf("bigbss: %u MiB of .bss at %p, %u bytes read zero, both ends "
              "written and read back\n",
              BIG >> 20, (const volatile void *)big, n);
    rt_printf("bigbss: %s\n", nonzero ? "FAILED" : "ok");
    return nonzero ? 1 : SOLO5_EXIT_SUCCESS;
}
