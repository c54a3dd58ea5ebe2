/*
 * guest_rtc.c: wall clock time from the CMOS real-time clock (index port 0x70,
 * data port 0x71), assumed to run in UTC as QEMU's and vmm's do.
 *
 * The registers are read once no update is in progress (status A bit 7
 * clear) and twice in a row until both reads agree, so a second that ticks
 * over mid-read is not half seen. Status B says whether values are BCD
 * (bit 2 clear) and whether hours are 12-hour with bit 7 = PM (bit 1 clear).
 * Years are 2000..2099 for 00..69, 1970..1999 for 70..99. Resolution: one
 * second.
 */
#include "guest_pc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SEC 0x00
#define RTC_MIN 0x02
#define RTC_HOUR 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define STATUS_A_UIP 0x80
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80

struct rtc_time {
    uint8_t sec, min, hour, day, month, year;
};

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static void read_once(struct rtc_time *t)
{
    for (unsigned spins = 0; spins < 100000; spins++)
        if (!(cmos_read(RTC_STATUS_A) & STATUS_A_UIP))
            break;
    t->sec = cmos_read(RTC_SEC);
    t->min = cmos_read(RTC_MIN);
    t->hour = cmos_read(RTC_HOUR);
    t->day = cmos_read(RTC_DAY);
    t->month = cmos_read(RTC_MONTH);
    t->year = cmos_read(RTC_YEAR);
}

static unsigned from_bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0xf);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_epoch(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

uint64_t pc_rtc_nsecs(void)
{
    struct rtc_time a, b;
    unsigned tries = 0;

    read_once(&b);
    do {
        a = b;
        read_once(&b);
    } while (__builtin_memcmp(&a, &b, sizeof a) != 0 && ++tries < 10);

    uint8_t status_b = cmos_read(RTC_STATUS_B);
    bool pm = !(status_b & STATUS_B_24H) && (b.hour & HOUR_PM);
    unsigned hour = b.hour & (uint8_t)~HOUR_PM;
    unsigned sec = b.sec, min = b.min, day = b.day, month = b.month,
             year = b.year;
    if (!(status_b & STATUS_B_BINARY)) {
        sec = from_bcd(b.sec);
        min = from_bcd(b.min);
        hour = from_bcd((uint8_t)hour);
        day = from_bcd(b.day);
        month = from_bcd(b.month);
        year = from_bcd(b.year);
    }
    if (!(status_b & STATUS_B_24H))
        hour = hour % 12 + (pm ? 12 : 0);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
        min > 59 || sec > 60)
        return 0;
    year += year < 70 ? 2000 : 1900;

    int64_t days = days_from_epoch(year, month, day);
    return (uint64_t)((days * 86400 + hour * 3600 + min * 60 + sec)) *
           1000000000ULL;
}
