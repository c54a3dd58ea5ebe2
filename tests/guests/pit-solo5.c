/*
 * pit-solo5: sleeps one second the way Solo5's virtio binding does, not
 * through guest-rt's timer path, and never touches the local APIC:
 *   - the PIC pair is initialised again with vectors 32/40, keeping the
 *     masks it had (read back first), and IRQ0 is unmasked by a
 *     read-modify-write of the master's mask;
 *   - IRQ0's handler (vector 32) counts and sends a non-specific EOI to
 *     the master; nothing is masked;
 *   - to sleep, only the two count bytes (low, high) of channel 0 go to
 *     port 0x40, at most 65535 ticks, then `sti; hlt; cli`; again until
 *     the deadline.
 * Twice: first with channel 0 in whatever mode it was found in (Solo5
 * never sets the mode where it has kvmclock: the firmware's mode and
 * access are what it gets), then after channel 0 ran in mode 2 at 100 Hz
 * and was switched to mode 4 by a command byte alone (Solo5's TSC path).
 * Before the first sleep the channel's mode and access are read back
 * (read-back command, status). A sleep whose interrupt never comes hangs,
 * as Solo5 does. For the PC targets (virtio, xen-pvh).
 */
#include "solo5.h"
#include "guest-rt/rt.h"
#include "pc-test.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_HZ 1193182ULL
#define SEC 1000000000ULL
#define IRQ0_VECTOR 32

volatile unsigned pit_solo5_irqs; /* counted by pit_solo5_irq0 */

/* IRQ0: count, EOI to the master, return (the current stack, no IST). */
__asm__(".text\n"
        ".p2align 4\n"
        "pit_solo5_irq0:\n"
        "    pushq %rax\n"
        "    lock incl pit_solo5_irqs(%rip)\n"
        "    movb $0x20, %al\n"
        "    outb %al, $0x20\n"
        "    popq %rax\n"
        "    iretq\n");
extern char pit_solo5_irq0[];

/* Solo5's PIC_remap(32, 40): the masks survive the initialisation. */
static void pic_remap(void)
{
    uint8_t m1 = inb(PIC1_DATA), m2 = inb(PIC2_DATA);
    outb(PIC1_CMD, 0x11);
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 32);
    outb(PIC2_DATA, 40);
    outb(PIC1_DATA, 4);
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 0x01);
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, m1);
    outb(PIC2_DATA, m2);
    outb(PIC1_DATA, inb(PIC1_DATA) & (uint8_t)~1u); /* IRQ0 on */
}

/* One cpu_block(): count bytes only, then wait for any interrupt. */
static void block(solo5_time_t until)
{
    solo5_time_t now = solo5_clock_monotonic();
    if (until <= now)
        return;
    uint64_t ticks = (until - now) * PIT_HZ / SEC;
    if (ticks < 16) {
        __asm__ __volatile__("sti; nop; cli" : : : "memory");
        return;
    }
    if (ticks > 65535)
        ticks = 65535;
    outb(PIT_CH0, (uint8_t)((ticks - 1) & 0xff));
    outb(PIT_CH0, (uint8_t)((ticks - 1) >> 8));
    __asm__ __volatile__("sti; hlt; cli" : : : "memory");
}

/* Sleep one second; 0 if interrupts woke it and it took under 10 s. */
static int sleep_one_second(const char *how)
{
    rt_printf("pit-solo5: %s: sleeping for one second\n", how);
    unsigned irqs0 = pit_solo5_irqs;
    solo5_time_t t0 = solo5_clock_monotonic(), until = t0 + SEC;
    do
        block(until);
    while (solo5_clock_monotonic() < until);
    solo5_time_t slept = solo5_clock_monotonic() - t0;
    unsigned irqs = pit_solo5_irqs - irqs0;
    rt_printf("pit-solo5: %s: slept %llu ns, %u interrupts\n", how,
              (unsigned long long)slept, irqs);
    if (irqs == 0 || slept >= 10 * SEC) {
        rt_printf("pit-solo5: FAIL: %s\n", how);
        return 1;
    }
    return 0;
}

static const char *const access_names[] = {"latch", "low byte", "high byte",
                                           "lo/hi"};

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (__builtin_strcmp(rt_target_name(), "hvt") == 0) {
        rt_printf("pit-solo5: FAIL: hvt has no PIT\n");
        return 1;
    }
    pc_test_set_gate(IRQ0_VECTOR, pit_solo5_irq0); /* #UD's copy */
    pic_remap();

    outb(PIT_CMD, 0xe2); /* read-back: status of channel 0 */
    uint8_t st = inb(PIT_CH0);
    rt_printf("pit-solo5: channel 0 at start: mode %u, access %s\n",
              st >> 1 & 7, access_names[st >> 4 & 3]);
    int fail = sleep_one_second("count only");

    /* Solo5's TSC path: mode 2 at 100 Hz, then mode 4 by command only. */
    outb(PIT_CMD, 0x34);
    outb(PIT_CH0, (uint8_t)(PIT_HZ / 100 & 0xff));
    outb(PIT_CH0, (uint8_t)(PIT_HZ / 100 >> 8));
    outb(PIT_CMD, 0x38);
    fail |= sleep_one_second("mode 4");

    rt_printf("pit-solo5: %s\n", fail ? "FAIL" : "ok");
    return fail;
}
