/*
 * guest_pit.c: the 8254 timer's channel 0 (input clock 1193182 Hz), for two
 * jobs:
 *   - calibrating the TSC when the host offers no kvmclock: channel 0 in
 *     mode 2 (rate generator, reload 65536) is read back with the latch
 *     command while the TSC runs for CALIBRATE_TICKS PIT ticks, three
 *     times; the median wins;
 *   - sleeping: mode 0 (interrupt on terminal count) raises IRQ0 once after
 *     the programmed count, at most 65535 ticks (about 55 ms); callers that
 *     want longer simply sleep again.
 */
#include "guest_pc.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define CMD_CH0_LOHI_MODE0 0x30
#define CMD_CH0_LOHI_MODE2 0x34
#define CMD_CH0_LATCH 0x00
#define CALIBRATE_TICKS 11932 /* 10 ms */
#define CALIBRATE_RUNS 3
#define NSEC_PER_SEC 1000000000ULL

/* Latch and read channel 0's count; *tsc is the TSC right at the latch. */
static uint16_t read_count(uint64_t *tsc)
{
    outb(PIT_CMD, CMD_CH0_LATCH);
    *tsc = rt_rdtsc();
    uint8_t lo = inb(PIT_CH0);
    uint8_t hi = inb(PIT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

/* TSC ticks per second over one run of CALIBRATE_TICKS; 0 if stuck. */
static uint64_t calibrate_once(void)
{
    uint64_t tsc0, tsc1, ticks = 0, spins = 0;

    outb(PIT_CMD, CMD_CH0_LOHI_MODE2);
    outb(PIT_CH0, 0);
    outb(PIT_CH0, 0);
    /* The counter counts down; differences modulo 2^16 are elapsed ticks. */
    uint16_t prev = read_count(&tsc0);
    while (ticks < CALIBRATE_TICKS) {
        uint16_t now = read_count(&tsc1);

        ticks += (uint16_t)(prev - now);
        prev = now;
        if (++spins > 100000000ULL)
            return 0;
    }
    return (uint64_t)((unsigned __int128)(tsc1 - tsc0) * PC_PIT_HZ / ticks);
}

uint64_t pc_pit_tsc_freq(void)
{
    uint64_t f[CALIBRATE_RUNS];

    /* The median of a few runs: one slow exit cannot skew the result. */
    for (unsigned i = 0; i < CALIBRATE_RUNS; i++) {
        uint64_t v = calibrate_once();
        unsigned j = i;

        for (; j > 0 && f[j - 1] > v; j--)
            f[j] = f[j - 1];
        f[j] = v;
    }
    /* Park channel 0: one last IRQ0 (masked) in 55 ms, then silence. */
    outb(PIT_CMD, CMD_CH0_LOHI_MODE0);
    outb(PIT_CH0, 0xff);
    outb(PIT_CH0, 0xff);
    return f[CALIBRATE_RUNS / 2];
}

void pc_pit_oneshot(uint64_t nsecs)
{
    uint64_t count =
        (uint64_t)((unsigned __int128)nsecs * PC_PIT_HZ / NSEC_PER_SEC);

    if (count < 1)
        count = 1;
    if (count > 0xffff)
        count = 0xffff;
    outb(PIT_CMD, CMD_CH0_LOHI_MODE0);
    outb(PIT_CH0, (uint8_t)count);
    outb(PIT_CH0, (uint8_t)(count >> 8));
}
