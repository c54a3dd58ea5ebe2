/*
 * clock.c: monotonic time from the TSC, wall time as a fixed offset to it.
 *
 * Nanoseconds = (tsc - tsc_at_boot) * mult >> 32 with mult = 10^9 * 2^32 /
 * frequency, so each reading costs one 64x64->128 multiply and no division
 * (no exit either: RDTSC runs natively). A binding that has a pvclock area
 * (xen-pvh on Xen) gets that area's system time instead: the host keeps
 * its scale right across TSC changes, and Xen's timers take that time. The
 * wall clock offset is fetched from the host once, on the first
 * solo5_clock_wall() call, so a guest that never asks for it causes no
 * exit at boot.
 */
#include "kernel.h"

#define NSEC_PER_SEC 1000000000ULL
#define SCALE_SHIFT 32

static uint64_t tsc_base;
static uint64_t tsc_mult;
static uint64_t wall_offset;
static bool wall_known;
static const volatile struct rt_pvclock *pvclock;
static uint64_t pvclock_last;

uint64_t rt_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint64_t rt_pvclock_read(const volatile struct rt_pvclock *p)
{
    uint32_t version;
    uint64_t ns;

    do {
        version = p->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint64_t tsc = rt_rdtsc(), stamp = p->tsc_timestamp;
        uint64_t delta = tsc > stamp ? tsc - stamp : 0;
        int8_t shift = p->tsc_shift;
        if (shift >= 0)
            delta <<= shift;
        else
            delta >>= -shift;
        ns =
            p->system_time +
            (uint64_t)(((unsigned __int128)delta * p->tsc_to_system_mul) >> 32);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != p->version);
    /* A host update may re-anchor the scale a little in the past. */
    if (ns < pvclock_last)
        return pvclock_last;
    pvclock_last = ns;
    return ns;
}

void clock_init(uint64_t tsc_freq, const volatile struct rt_pvclock *p)
{
    if (p != NULL) {
        pvclock = p;
        return;
    }
    /* 10^9 << 32 fits 64 bits; below 1 Hz there is nothing to scale. */
    if (tsc_freq == 0 || tsc_freq > (NSEC_PER_SEC << SCALE_SHIFT)) {
        rt_printf("clock: unusable TSC frequency %lu Hz\n", tsc_freq);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    tsc_mult = (NSEC_PER_SEC << SCALE_SHIFT) / tsc_freq;
    tsc_base = rt_rdtsc();
}

solo5_time_t solo5_clock_monotonic(void)
{
    if (pvclock)
        return rt_pvclock_read(pvclock);
    uint64_t delta = rt_rdtsc() - tsc_base;

    return (solo5_time_t)(((unsigned __int128)delta * tsc_mult) >> SCALE_SHIFT);
}

solo5_time_t solo5_clock_wall(void)
{
    if (!wall_known) {
        uint64_t wall = plat_wall_nsecs();

        wall_offset = wall - solo5_clock_monotonic();
        wall_known = true;
    }
    return solo5_clock_monotonic() + wall_offset;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    solo5_handle_set_t ready = plat_yield(deadline);

    if (ready_set)
        *ready_set = ready;
}
