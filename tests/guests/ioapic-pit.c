/*
 * ioapic-pit: the PIT's interrupt reaches the IOAPIC where the MADT's
 * interrupt source override says it does (ISA IRQ 0 -> GSI 2, as on a PC,
 * under QEMU and under vmm since it routes KVM's GSIs so), and nothing
 * reaches pin 0. The 8259s are masked (their masks restored after), the
 * local APIC enabled, IOAPIC pin 2 sent to vector 0x30 and pin 0 to 0x31
 * (edge, active high, to this CPU), PIT channel 0 set to 1 kHz; then,
 * with interrupts on, it waits up to two seconds for five interrupts on
 * pin 2 (spinning, not halting: a missing interrupt must not hang it),
 * and counts those on pin 0. The handlers (gates copied from #UD's, as
 * pit-solo5 does) count and send the EOI to the local APIC (x2APIC MSR or
 * MMIO). For the PC targets; on hvt there is no IOAPIC.
 */
#include "guest-rt/rt.h"
#include "guest_hw.h"
#include "solo5.h"

#define IOAPIC 0xfec00000ULL
#define LAPIC_SVR 0xf0
#define LAPIC_ID 0x20
#define SVR_ENABLE 0x100
#define PIN0_VECTOR 0x31
#define PIN2_VECTOR 0x30
#define RTE_MASKED 0x10000
#define TEMPLATE_VECTOR 6 /* #UD: IST 0, the runtime's code selector */
#define MSR_APIC_BASE 0x1b
#define APIC_BASE_X2APIC (1 << 10)
#define SEC 1000000000ULL

volatile unsigned ioapic_pit_pin0, ioapic_pit_pin2;
unsigned char ioapic_pit_x2apic; /* read by the handlers */

__asm__(".text\n"
        ".p2align 4\n"
        "ioapic_pit_irq2:\n"
        "    pushq %rax\n"
        "    lock incl ioapic_pit_pin2(%rip)\n"
        "    jmp ioapic_pit_eoi\n"
        "ioapic_pit_irq0:\n"
        "    pushq %rax\n"
        "    lock incl ioapic_pit_pin0(%rip)\n"
        "ioapic_pit_eoi:\n"
        "    pushq %rcx\n"
        "    pushq %rdx\n"
        "    xorl %eax, %eax\n"
        "    xorl %edx, %edx\n"
        "    cmpb $0, ioapic_pit_x2apic(%rip)\n"
        "    je 1f\n"
        "    movl $0x80b, %ecx\n" /* x2APIC EOI */
        "    wrmsr\n"
        "    jmp 2f\n"
        "1:  movl $0xfee000b0, %ecx\n" /* xAPIC EOI, zero-extended */
        "    movl %eax, (%rcx)\n"
        "2:  popq %rdx\n"
        "    popq %rcx\n"
        "    popq %rax\n"
        "    iretq\n");
extern char ioapic_pit_irq0[], ioapic_pit_irq2[];

struct __attribute__((packed)) idtr {
    uint16_t limit;
    uint64_t base;
};

/* Vector v becomes a copy of the #UD gate aimed at handler. */
static void set_gate(unsigned v, const char *handler)
{
    struct idtr r;
    __asm__ __volatile__("sidt %0" : "=m"(r));
    uint64_t *idt = (uint64_t *)r.base;
    uint64_t lo = idt[2 * TEMPLATE_VECTOR], h = (uint64_t)(uintptr_t)handler;
    lo &= 0x0000ffffffff0000ULL; /* selector, IST, type, DPL, present */
    lo |= (h & 0xffff) | (h >> 16 & 0xffff) << 48;
    idt[2 * v] = lo;
    idt[2 * v + 1] = h >> 32;
}

static void ioapic_write(volatile uint32_t *io, unsigned reg, uint32_t v)
{
    io[0] = reg;
    io[4] = v;
}

/* The local APIC enabled; its ID. */
static unsigned lapic_on(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    ioapic_pit_x2apic = (base & APIC_BASE_X2APIC) != 0;
    if (ioapic_pit_x2apic) {
        wrmsr(0x80f, rdmsr(0x80f) | SVR_ENABLE | 0xff);
        return (unsigned)rdmsr(0x802);
    }
    volatile uint32_t *l = mmio_map(base & 0xfffff000);
    l[LAPIC_SVR / 4] |= SVR_ENABLE | 0xff;
    return l[LAPIC_ID / 4] >> 24;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (__builtin_strcmp(rt_target_name(), "hvt") == 0) {
        rt_printf("ioapic-pit: no IOAPIC on hvt\n");
        return 0;
    }
    volatile uint32_t *io = mmio_map(IOAPIC);
    unsigned me = lapic_on();
    set_gate(PIN2_VECTOR, ioapic_pit_irq2);
    set_gate(PIN0_VECTOR, ioapic_pit_irq0);
    uint8_t m1 = inb(0x21), m2 = inb(0xa1);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    ioapic_write(io, 0x11, me << 24); /* pin 0 */
    ioapic_write(io, 0x10, PIN0_VECTOR);
    ioapic_write(io, 0x15, me << 24); /* pin 2 */
    ioapic_write(io, 0x14, PIN2_VECTOR);
    outb(0x43, 0x34); /* channel 0, lo/hi, mode 2 */
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
    solo5_time_t t0 = solo5_clock_monotonic(), t = t0;
    __asm__ __volatile__("sti" : : : "memory");
    while (ioapic_pit_pin2 < 5 && (t = solo5_clock_monotonic()) - t0 < 2 * SEC)
        __asm__ __volatile__("pause" : : : "memory");
    __asm__ __volatile__("cli" : : : "memory");
    ioapic_write(io, 0x10, RTE_MASKED);
    ioapic_write(io, 0x14, RTE_MASKED);
    outb(0x21, m1);
    outb(0xa1, m2);
    unsigned pin2 = ioapic_pit_pin2, pin0 = ioapic_pit_pin0;
    rt_printf("ioapic-pit: local APIC id %u, %s\n", me,
              ioapic_pit_x2apic ? "x2APIC" : "xAPIC");
    rt_printf("ioapic-pit: pin 2: %u interrupts in %llu ms\n", pin2,
              (unsigned long long)((t - t0) / 1000000));
    rt_printf("ioapic-pit: pin 0: %u interrupts\n", pin0);
    if (pin2 == 0 || pin0 != 0) {
        rt_printf("ioapic-pit: FAIL\n");
        return 1;
    }
    rt_printf("ioapic-pit: ok\n");
    return 0;
}
