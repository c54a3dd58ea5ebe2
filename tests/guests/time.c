/*
 * time: the clocks. The monotonic clock strictly advances; solo5_yield()
 * with a 100 ms deadline sleeps at least 100 ms and well under 2 s; a clock
 * the runtime does not use agrees with the monotonic clock about how long
 * things take (checks the TSC scaling), and solo5_clock_wall() agrees with
 * that clock's time:
 *   hvt:    the host's wall clock, read directly with WALLTIME, over the
 *           100 ms sleep;
 *   virtio: the CMOS RTC, read directly, over one RTC second (edge to edge;
 *           its resolution is a second);
 *   xen-pvh: as virtio without Xen (QEMU); on Xen (or vmm's shim), which
 *           has no RTC to compare with, only that the wall clock (Xen's
 *           wc_* plus system time) is after 2020 and keeps pace with the
 *           monotonic clock.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "guest-rt/rt.h"

#define MS 1000000UL
#define SEC 1000000000UL
#define DAY (86400 * SEC)
#define EPOCH_2020 1577836800ULL /* 2020-01-01T00:00:00Z, seconds */

static uint64_t host_wall(void)
{
    struct hvt_hc_walltime w = {0};

    hvt_do_hypercall(HVT_HYPERCALL_WALLTIME, &w);
    return w.nsecs;
}

static uint8_t cmos(uint8_t reg)
{
    uint8_t v;

    __asm__ __volatile__("outb %1, $0x70\n\tinb $0x71, %0"
                         : "=a"(v)
                         : "a"(reg));
    return v;
}

#define RTC_BUSY (~0ULL - 1)

/* Seconds since midnight by the RTC in one read, RTC_BUSY during an update. */
static uint64_t rtc_read_once(void)
{
    uint8_t b = cmos(0x0b), s, m, h;

    if (cmos(0x0a) & 0x80)
        return RTC_BUSY;
    s = cmos(0x00);
    m = cmos(0x02);
    h = cmos(0x04);
    int pm = !(b & 0x02) && (h & 0x80);
    h &= 0x7f;
    if (!(b & 0x04)) {
        s = (uint8_t)((s >> 4) * 10 + (s & 15));
        m = (uint8_t)((m >> 4) * 10 + (m & 15));
        h = (uint8_t)((h >> 4) * 10 + (h & 15));
    }
    if (!(b & 0x02))
        h = (uint8_t)(h % 12 + (pm ? 12 : 0));
    return (uint64_t)h * 3600 + m * 60 + s;
}

/*
 * Seconds since midnight, or RTC_BUSY: an update can land between the
 * register reads (UIP clear says only that none starts within 244 us, and
 * reads are slow when every one exits), so two reads must agree.
 */
static uint64_t rtc_time_of_day(void)
{
    uint64_t a = rtc_read_once(), b = rtc_read_once();
    return a == b ? a : RTC_BUSY;
}

/* Spin until the RTC's second changes; its new value, or ~0 after 3 s. */
static uint64_t rtc_next_second(void)
{
    uint64_t first = rtc_time_of_day(), now = first;
    solo5_time_t until = solo5_clock_monotonic() + 3 * SEC;

    while ((now == first || now == RTC_BUSY) && solo5_clock_monotonic() < until)
        now = rtc_time_of_day();
    return now == first || now == RTC_BUSY ? ~0ULL : now;
}

static uint64_t absdiff(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

/* hvt: the sleep by the host's wall clock, and that clock now. */
static const char *check_hvt(uint64_t slept, uint64_t h0, uint64_t h1)
{
    uint64_t host_slept = h1 - h0;

    rt_printf("time: the host wall clock saw %lu ns\n", host_slept);
    if (absdiff(slept, host_slept) > 50 * MS + host_slept / 5)
        return "monotonic and host wall clock disagree about the sleep";
    solo5_time_t w = solo5_clock_wall();
    uint64_t h2 = host_wall();
    rt_printf("time: wall %lu.%09lu s, host %lu.%09lu s\n", w / SEC, w % SEC,
              h2 / SEC, h2 % SEC);
    if (w / SEC < EPOCH_2020)
        return "the wall clock is before 2020";
    if (absdiff(w, h2) > 1000 * MS)
        return "solo5_clock_wall() is more than 1 s off the host's";
    return NULL;
}

/* virtio: one RTC second by the monotonic clock; the wall clock at its edge. */
static const char *check_rtc(void)
{
    if (rtc_next_second() == ~0ULL)
        return "the RTC's seconds do not advance";
    solo5_time_t m0 = solo5_clock_monotonic();
    uint64_t edge = rtc_next_second();
    solo5_time_t m1 = solo5_clock_monotonic();
    solo5_time_t w = solo5_clock_wall();
    if (edge == ~0ULL)
        return "the RTC's seconds do not advance";
    rt_printf("time: one RTC second took %lu ns by monotonic\n", m1 - m0);
    if (absdiff(m1 - m0, SEC) > 50 * MS + SEC / 5)
        return "monotonic and the RTC disagree about a second";
    /* At the edge, the RTC's time of day is exact to a few ms. */
    uint64_t rtc = edge * SEC, wday = w % DAY;
    uint64_t diff = absdiff(wday, rtc);
    if (diff > DAY / 2)
        diff = DAY - diff;
    rt_printf("time: wall %lu.%09lu s (%lu ns from the RTC's time of day)\n",
              w / SEC, w % SEC, diff);
    if (w / SEC < EPOCH_2020)
        return "the wall clock is before 2020";
    if (diff > 1000 * MS)
        return "solo5_clock_wall() is more than 1 s off the RTC";
    return NULL;
}

/* xen-pvh's hypercall page (guest-rt internal); absent on other targets. */
extern const uint8_t xen_hypercall_page[] __attribute__((weak));

static int xen_present(void)
{
    /* Filled by Xen only; guest-rt fills it with `ret` (0xc3) first. */
    return xen_hypercall_page && xen_hypercall_page[0] != 0xc3;
}

/* Xen: the wall clock is plausible and moves with the monotonic clock. */
static const char *check_xen(void)
{
    solo5_time_t w0 = solo5_clock_wall(), m0 = solo5_clock_monotonic();
    solo5_yield(m0 + 50 * MS, NULL);
    solo5_time_t w1 = solo5_clock_wall(), m1 = solo5_clock_monotonic();

    rt_printf("time: wall %lu.%09lu s (Xen: no RTC to compare with)\n",
              w1 / SEC, w1 % SEC);
    if (w0 / SEC < EPOCH_2020)
        return "the wall clock is before 2020";
    if (absdiff(w1 - w0, m1 - m0) > MS)
        return "the wall clock does not keep pace with monotonic";
    return NULL;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *why = NULL;
    int hvt = __builtin_strcmp(rt_target_name(), "hvt") == 0;

    (void)si;
    /* Monotonic: strictly increasing between two reads a little apart. */
    solo5_time_t t0 = solo5_clock_monotonic(), t1 = t0;
    for (unsigned i = 0; i < 1000000 && t1 == t0; i++)
        t1 = solo5_clock_monotonic();
    rt_printf("time: monotonic %lu -> %lu ns\n", t0, t1);
    if (t1 <= t0)
        why = "the monotonic clock does not advance";

    /* A 100 ms sleep. */
    solo5_handle_set_t ready = ~0ULL;
    uint64_t h0 = hvt ? host_wall() : 0;
    solo5_time_t m0 = solo5_clock_monotonic();
    solo5_yield(m0 + 100 * MS, &ready);
    solo5_time_t m1 = solo5_clock_monotonic();
    uint64_t h1 = hvt ? host_wall() : 0;
    uint64_t slept = m1 - m0;
    rt_printf("time: yield(100 ms) slept %lu ns by monotonic, ready set "
              "0x%lx\n",
              slept, ready);
    if (!why && slept < 100 * MS)
        why = "yield returned before its deadline";
    if (!why && slept >= 2000 * MS)
        why = "yield slept 2 s or more";
    if (!why && ready != 0)
        why = "yield reported ready devices, but there are none";

    /* The TSC scaling and the wall clock, against an independent clock. */
    const char *clock_why = hvt             ? check_hvt(slept, h0, h1)
                            : xen_present() ? check_xen()
                                            : check_rtc();
    if (!why)
        why = clock_why;

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
