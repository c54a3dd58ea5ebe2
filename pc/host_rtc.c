/*
 * host_rtc.c: the CMOS real-time clock at 0x70 (index) / 0x71 (data), with
 * the date and time of the host clock in UTC (as QEMU's default).
 *
 * Status B starts as BCD and 24-hour, as on a PC; a guest may switch to
 * binary or 12-hour and every time register follows. UIP (status A bit 7)
 * is set in the last 2 ms of each second, so guests waiting for an update
 * to finish, or for one to start, see both. Reading status A with UIP
 * clear takes a snapshot that time reads use for the next 10 ms, so a
 * guest that checks UIP and then reads six registers (six VM exits) never
 * sees a second roll over midway. Time writes are ignored; no interrupts.
 */
#include <time.h>

#include "host_pc.h"

#define RTC_INDEX 0x70
#define REG_SEC 0x00
#define REG_MIN 0x02
#define REG_HOUR 0x04
#define REG_WDAY 0x06
#define REG_MDAY 0x07
#define REG_MON 0x08
#define REG_YEAR 0x09
#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_D 0x0d
#define REG_CENTURY 0x32 /* the FADT's CENTURY field points here */
#define A_UIP 0x80
#define B_SET 0x80
#define B_DM_BINARY 0x04
#define B_24H 0x02
#define D_VRT 0x80
#define UIP_NS 2000000ULL /* UIP during the last 2 ms of a second */
#define SNAPSHOT_NS 10000000ULL

struct rtc {
    uint8_t index;
    uint8_t ram[128];
    struct timespec snap; /* time of the last status A read, UIP clear */
};

static struct rtc cmos;

static uint64_t ns_between(const struct timespec *a, const struct timespec *b)
{
    return (uint64_t)(b->tv_sec - a->tv_sec) * 1000000000ULL +
           (uint64_t)b->tv_nsec - (uint64_t)a->tv_nsec;
}

static uint8_t encode(const struct rtc *r, unsigned v)
{
    if (r->ram[REG_B] & B_DM_BINARY)
        return (uint8_t)v;
    return (uint8_t)((v / 10) << 4 | (v % 10));
}

static uint8_t hour(const struct rtc *r, int h)
{
    if (r->ram[REG_B] & B_24H)
        return encode(r, (unsigned)h);
    unsigned h12 = h % 12 == 0 ? 12 : (unsigned)(h % 12);
    return (uint8_t)(encode(r, h12) | (h >= 12 ? 0x80 : 0));
}

static uint8_t time_reg(struct rtc *r, uint8_t reg)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (ns_between(&r->snap, &now) < SNAPSHOT_NS)
        now = r->snap;
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    switch (reg) {
    case REG_SEC:
        return encode(r, (unsigned)tm.tm_sec);
    case REG_MIN:
        return encode(r, (unsigned)tm.tm_min);
    case REG_HOUR:
        return hour(r, tm.tm_hour);
    case REG_WDAY:
        return encode(r, (unsigned)tm.tm_wday + 1);
    case REG_MDAY:
        return encode(r, (unsigned)tm.tm_mday);
    case REG_MON:
        return encode(r, (unsigned)tm.tm_mon + 1);
    case REG_YEAR:
        return encode(r, (unsigned)(tm.tm_year + 1900) % 100);
    default:
        return encode(r, (unsigned)(tm.tm_year + 1900) / 100);
    }
}

static uint8_t status_a(struct rtc *r)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    bool uip = !(r->ram[REG_B] & B_SET) &&
               (uint64_t)now.tv_nsec >= 1000000000ULL - UIP_NS;
    if (!uip)
        r->snap = now;
    return (uint8_t)((r->ram[REG_A] & 0x7f) | (uip ? A_UIP : 0));
}

static uint8_t read_data(struct rtc *r)
{
    uint8_t reg = r->index;
    switch (reg) {
    case REG_SEC:
    case REG_MIN:
    case REG_HOUR:
    case REG_WDAY:
    case REG_MDAY:
    case REG_MON:
    case REG_YEAR:
    case REG_CENTURY:
        return time_reg(r, reg);
    case REG_A:
        return status_a(r);
    case REG_C:
        return 0; /* no interrupt flags, ever */
    case REG_D:
        return D_VRT;
    default:
        return r->ram[reg];
    }
}

static void write_data(struct rtc *r, uint8_t v)
{
    switch (r->index) {
    case REG_A:
        r->ram[REG_A] = v & 0x7f;
        break;
    case REG_B:
        r->ram[REG_B] = v;
        break;
    case REG_C:
    case REG_D:
        break; /* read-only */
    default:
        if (r->index > REG_YEAR && r->index != REG_CENTURY)
            r->ram[r->index] = v; /* CMOS RAM; time writes are ignored */
        break;
    }
}

static enum exit_result rtc_io(struct pc *pc, void *opaque, uint16_t off,
                               unsigned size, bool write, uint32_t *val)
{
    struct rtc *r = opaque;
    (void)pc;
    if (size != 1)
        return EXIT_UNHANDLED;
    if (off == 0) {
        if (write)
            r->index = (uint8_t)(*val & 0x7f); /* bit 7: NMI mask */
        else
            *val = r->index;
    } else if (write) {
        write_data(r, (uint8_t)*val);
    } else {
        *val = read_data(r);
    }
    return EXIT_HANDLED;
}

static int rtc_init(struct pc *pc, char *err, size_t errlen)
{
    cmos = (struct rtc){0};
    cmos.ram[REG_A] = 0x26; /* 32.768 kHz time base, 1.024 kHz rate */
    cmos.ram[REG_B] = B_24H;
    return pc_io_add(pc, RTC_INDEX, 2, "cmos-rtc", rtc_io, &cmos, err, errlen);
}

static const struct pc_device_def rtc_dev = {"cmos-rtc", rtc_init};
PC_DEVICE(rtc_dev);
