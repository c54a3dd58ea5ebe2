/*
 * ssp: a function that overruns its local array (built with
 * -fstack-protector-strong by vmm-cc) is caught on return.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

static volatile size_t overrun = 64; /* opaque to the compiler */

__attribute__((noinline)) static void smash(void)
{
    volatile char buf[16];
    /* Volatile stores through an opaque pointer: none can be optimized away
     * or bounded by the array's size. */
    volatile char *volatile p = buf;

    for (size_t i = 0; i < overrun; i++)
        p[i] = 'A';
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    rt_printf("ssp: overrunning a 16-byte buffer by %zu bytes\n",
              overrun - 16);
    smash();
    rt_printf("ssp: survived\n");
    return SOLO5_EXIT_FAILURE;
}
