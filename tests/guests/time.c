/*
 * time: the clocks. The monotonic clock strictly advances; solo5_yield()
 * with a 100 ms deadline sleeps at least 100 ms and well under 2 s; the
 * host's wall clock (read directly with WALLTIME) advances by about as much
 * as the monotonic clock over that sleep, which checks the TSC scaling; and
 * solo5_clock_wall() agrees with the host's wall clock.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "vmm/rt.h"

#define MS 1000000ULL
#define EPOCH_2020 1577836800ULL /* 2020-01-01T00:00:00Z, seconds */

static uint64_t host_wall(void)
{
    struct hvt_hc_walltime w = {0};

    hvt_do_hypercall(HVT_HYPERCALL_WALLTIME, &w);
    return w.nsecs;
}

static uint64_t absdiff(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *why = NULL;

    (void)si;
    /* Monotonic: strictly increasing between two reads a little apart. */
    solo5_time_t t0 = solo5_clock_monotonic(), t1 = t0;
    for (unsigned i = 0; i < 1000000 && t1 == t0; i++)
        t1 = solo5_clock_monotonic();
    rt_printf("time: monotonic %lu -> %lu ns\n", t0, t1);
    if (t1 <= t0)
        why = "the monotonic clock does not advance";

    /* A 100 ms sleep, measured three ways. */
    solo5_handle_set_t ready = ~0ULL;
    uint64_t h0 = host_wall();
    solo5_time_t m0 = solo5_clock_monotonic();
    solo5_yield(m0 + 100 * MS, &ready);
    solo5_time_t m1 = solo5_clock_monotonic();
    uint64_t h1 = host_wall();
    uint64_t slept = m1 - m0, host_slept = h1 - h0;
    rt_printf("time: yield(100 ms) slept %lu ns by monotonic, %lu ns by the "
              "host wall clock, ready set 0x%lx\n",
              slept, host_slept, ready);
    if (!why && slept < 100 * MS)
        why = "yield returned before its deadline";
    if (!why && slept >= 2000 * MS)
        why = "yield slept 2 s or more";
    if (!why && ready != 0)
        why = "yield reported ready devices, but there are none";
    /* The TSC scaling: both clocks measure the same interval. */
    if (!why && absdiff(slept, host_slept) > 50 * MS + host_slept / 5)
        why = "monotonic and host wall clock disagree about the sleep";

    /* The guest's wall clock against the host's. */
    solo5_time_t w = solo5_clock_wall();
    uint64_t h2 = host_wall();
    rt_printf("time: wall %lu.%09lu s, host %lu.%09lu s\n", w / 1000000000,
              w % 1000000000, h2 / 1000000000, h2 % 1000000000);
    if (!why && w / 1000000000 < EPOCH_2020)
        why = "the wall clock is before 2020";
    if (!why && absdiff(w, h2) > 1000 * MS)
        why = "solo5_clock_wall() is more than 1 s off the host's";

    /* A deadline already passed returns at once. */
    solo5_time_t p0 = solo5_clock_monotonic();
    solo5_yield(p0 > MS ? p0 - MS : 0, &ready);
    solo5_time_t p1 = solo5_clock_monotonic();
    rt_printf("time: yield(past deadline) took %lu ns\n", p1 - p0);
    if (!why && p1 - p0 > 50 * MS)
        why = "yield with a past deadline did not return at once";

    if (why) {
        rt_printf("time: FAIL: %s\n", why);
        return SOLO5_EXIT_FAILURE;
    }
    rt_printf("time: ok\n");
    return SOLO5_EXIT_SUCCESS;
}
