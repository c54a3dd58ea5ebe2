/*
 * ssp.c: the stack protector's canary and failure handler.
 *
 * vmm-cc builds applications with -fstack-protector-strong
 * -mstack-protector-guard=global, so every protected function compares its
 * frame's copy with __stack_chk_guard. The runtime itself is built without
 * the protector, and rt_start() seeds the guard before calling into the
 * application. The seed comes from RDRAND when the CPU has it, mixed with
 * the TSC; neither instruction exits to the host.
 */
#include "kernel.h"

uintptr_t __stack_chk_guard;

/* RDRAND where the CPU has it (a #UD means no: rt_rdrand_safe). */
static bool rdrand64(uint64_t *out)
{
    for (int tries = 0; tries < 16; tries++)
        if (rt_rdrand_safe(out))
            return true;
    return false;
}

void ssp_init(void)
{
    uint64_t seed = 0;

    (void)rdrand64(&seed);
    /* Mix in the TSC (also the whole seed when RDRAND is missing). */
    seed ^= rt_rdtsc() * 0x9e3779b97f4a7c15ULL;
    seed ^= seed >> 29;
    /*
     * A zero low byte stops string functions from reading or writing past
     * the canary; keep the rest non-zero.
     */
    seed &= ~(uint64_t)0xff;
    if (seed == 0)
        seed = 0x5a17e5c0ffee0000ULL;
    __stack_chk_guard = seed;
}

void __stack_chk_fail(void) RT_NORETURN;
void __stack_chk_fail(void)
{
    static const char msg[] = "ssp: stack smashing detected\n";

    plat_console_write(msg, sizeof msg - 1);
    rt_halt(SOLO5_EXIT_ABORT);
}
