/*
 * uart: drives COM1 as Linux's 8250 driver does, through its own IRQ 4
 * handler (vector 36, the PIC remapped to 32/40 as pit-solo5 does, every
 * other line masked meanwhile). For the PC targets (virtio, xen-pvh).
 *   1. identification (8250 autoconfig): IER keeps bits 0-3 only; in
 *      loopback, MCR's RTS and OUT2 read back as CTS and DCD; with LCR
 *      0xbf the FCR is still there (no EFR), FIFOs on read as IIR bits 6-7
 *      (a 16550A), FCR bit 5 (a 16750's) nowhere; the scratch register;
 *   2. the divisor latch behind DLAB, read back;
 *   3. the 8250 driver's THRE test: enabling THRI raises THRE at once,
 *      again after IER was cleared, and reading IIR acknowledges it;
 *   4. a line of more than 16 bytes sent by THRE interrupts alone: each
 *      interrupt reads IIR once and writes at most 16 bytes (the FIFO), so
 *      every chunk needs an interrupt of its own;
 *   5. loopback: bytes sent come back, nothing comes from the line in;
 *   6. input (what the host gives on stdin) by receive interrupts: bytes
 *      up to the first '|' are a prefix (counted: a host that reads stdin
 *      before the guest asks may lose some to the FIFO resets above), then
 *      a line. With the argument "noinput": none may come within 1 s.
 */
#include "solo5.h"
#include "guest-rt/rt.h"
#include "pc-test.h"

#define COM1 0x3f8
enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR }; /* IIR is FCR to write */
#define LSR_DR 0x01
enum { IER_RDI = 1, IER_THRI = 2, IER_RLSI = 4 };
#define IRQ4_VECTOR 36
#define SEC 1000000000ULL

static const char tx_line[] =
    "uart: sent by THRE interrupts: the quick brown fox jumps over the lazy "
    "dog, THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG, 0123456789\n";

static volatile const char *tx_next;
static volatile unsigned tx_left, tx_irqs, rx_irqs, rx_rda, rx_cti, rx_n;
static volatile unsigned irqs, spurious;
static volatile uint8_t tx_iir, rx_iir, rx_buf[512];

/* One interrupt: one IIR read, one reason served (the line's next edge
 * brings the next), then the EOI to the master. */
PC_TEST_GR __attribute__((used)) void uart_irq(void)
{
    irqs++;
    uint8_t iir = inb(COM1 + IIR);
    switch (iir & 0x0f) {
    case 0x01:
        spurious++;
        break;
    case 0x02: /* THRE: refill the FIFO, or stop when done */
        tx_irqs++;
        tx_iir = iir;
        if (!tx_left)
            outb(COM1 + IER, 0);
        for (unsigned i = 0; i < 16 && tx_left; i++, tx_left--)
            outb(COM1 + RBR, (uint8_t)*tx_next++);
        break;
    case 0x04: /* received data: at the trigger level, or timed out */
    case 0x0c:
        rx_irqs++;
        rx_iir = iir;
        if (iir & 0x08)
            rx_cti++;
        else
            rx_rda++;
        while (inb(COM1 + LSR) & LSR_DR) {
            uint8_t c = inb(COM1 + RBR);
            if (rx_n < sizeof(rx_buf))
                rx_buf[rx_n++] = c;
        }
        break;
    default: /* line status (0x06) or modem status (0x00): acknowledged */
        inb(COM1 + ((iir & 0x0f) == 0x06 ? LSR : MSR));
        break;
    }
    outb(0x20, 0x20);
}

/* The entry: caller-saved registers kept, the stack aligned for C. */
__asm__(".text\n"
        ".p2align 4\n"
        "uart_irq_entry:\n"
        "    pushq %rbp\n"
        "    movq %rsp, %rbp\n"
        "    andq $-16, %rsp\n"
        "    push %rax; push %rcx; push %rdx; push %rsi; push %rdi\n"
        "    push %r8; push %r9; push %r10; push %r11; sub $8, %rsp\n"
        "    cld; call uart_irq\n"
        "    add $8, %rsp; pop %r11; pop %r10; pop %r9; pop %r8\n"
        "    pop %rdi; pop %rsi; pop %rdx; pop %rcx; pop %rax\n"
        "    movq %rbp, %rsp; popq %rbp; iretq\n");
extern char uart_irq_entry[];

/* The PIC at 32/40 (initialising it drops latched requests); only IRQ 4
 * (and the cascade) unmasked. Returns the masks found. */
static uint16_t pic_take_irq4(void)
{
    uint8_t m1 = inb(0x21), m2 = inb(0xa1);
    static const uint8_t icw[2][4] = {{0x11, 32, 4, 1}, {0x11, 40, 2, 1}};
    for (int i = 0; i < 4; i++) {
        outb(i ? 0x21 : 0x20, icw[0][i]);
        outb(i ? 0xa1 : 0xa0, icw[1][i]);
    }
    outb(0x21, (uint8_t)~0x14);
    outb(0xa1, 0xff);
    return (uint16_t)(m1 | m2 << 8);
}

/* Interrupts on, briefly and again, until *flag or the deadline. */
static void wait_for(volatile unsigned *flag, unsigned want, uint64_t ns)
{
    solo5_time_t until = solo5_clock_monotonic() + ns;
    while (*flag < want && solo5_clock_monotonic() < until)
        __asm__ __volatile__("sti; nop; cli" : : : "memory");
}

static int identify(void)
{
    uint8_t ier0, ier1, msr, iir, iir16750, scr1, scr2;
    outb(COM1 + IER, 0);
    ier0 = inb(COM1 + IER) & 0x0f;
    outb(COM1 + IER, 0x0f);
    ier1 = inb(COM1 + IER);
    outb(COM1 + IER, 0);
    uint8_t mcr = inb(COM1 + MCR);
    outb(COM1 + MCR, 0x10 | 0x0a);
    msr = inb(COM1 + MSR) & 0xf0;
    outb(COM1 + MCR, mcr);
    outb(COM1 + LCR, 0xbf);
    outb(COM1 + IIR, 0); /* an EFR would be here */
    outb(COM1 + LCR, 0x03);
    outb(COM1 + IIR, 0x01);
    iir = inb(COM1 + IIR);
    outb(COM1 + IIR, 0x21);
    iir16750 = inb(COM1 + IIR) >> 5;
    outb(COM1 + IIR, 0x01);
    outb(COM1 + SCR, 0x55);
    scr1 = inb(COM1 + SCR);
    outb(COM1 + SCR, 0xaa);
    scr2 = inb(COM1 + SCR);
    int ok = ier0 == 0 && ier1 == 0x0f && msr == 0x90 && iir >> 6 == 3 &&
             iir16750 == 6 && scr1 == 0x55 && scr2 == 0xaa;
    rt_printf("uart: %s: IIR 0x%02x with FIFOs on, 16750 bits 0x%x, "
              "loopback MSR 0x%02x, IER 0x%02x, scratch %s\n",
              ok ? "identified a 16550A" : "FAIL: not a 16550A", iir,
              iir16750, msr, ier1, scr1 == 0x55 && scr2 == 0xaa ? "ok" : "bad");
    return !ok;
}

static int divisor_and_thre_test(void)
{
    outb(COM1 + LCR, 0x83);
    outb(COM1 + RBR, 12);
    outb(COM1 + IER, 0);
    unsigned dl = inb(COM1 + RBR) | inb(COM1 + IER) << 8;
    outb(COM1 + LCR, 0x03);
    rt_printf("uart: divisor %u read back\n", dl);
    /* Linux's serial8250_do_startup THRE test, interrupts off. */
    outb(COM1 + IER, IER_THRI);
    uint8_t iir1 = inb(COM1 + IIR);
    outb(COM1 + IER, 0);
    outb(COM1 + IER, IER_THRI);
    uint8_t iir2 = inb(COM1 + IIR), iir3 = inb(COM1 + IIR);
    outb(COM1 + IER, 0);
    uint8_t lsr = inb(COM1 + LSR);
    rt_printf("uart: THRE test: IIR 0x%02x on enabling, 0x%02x enabled again, "
              "0x%02x once read; LSR 0x%02x\n", iir1, iir2, iir3, lsr);
    return dl != 12 || iir1 != 0xc2 || iir2 != 0xc2 || iir3 != 0xc1 ||
           lsr != 0x60;
}

static int send_by_interrupts(void)
{
    unsigned len = sizeof(tx_line) - 1;
    tx_next = tx_line;
    tx_left = len;
    outb(COM1 + IER, IER_THRI); /* THRE now: the first interrupt */
    unsigned want = (len + 15) / 16 + 1; /* the chunks, then "done" */
    wait_for(&tx_irqs, want, 10 * SEC);
    rt_printf("uart: tx: %u bytes, %u THRE interrupts (IIR 0x%02x), "
              "%u left\n", len - tx_left, tx_irqs, tx_iir, tx_left);
    return tx_left != 0 || tx_irqs < want || tx_iir != 0xc2;
}

/* Bytes sent in loopback come back. The line in is disconnected then: a
 * host's input that still arrives (QEMU's does) is counted, and may have
 * filled the FIFO before the bytes came back. */
static int loopback(void)
{
    static const char msg[] = "Loop";
    char back[8];
    unsigned n = 0, foreign = 0;
    outb(COM1 + MCR, 0x10 | 0x0b);
    for (unsigned i = 0; i < 4; i++)
        outb(COM1 + RBR, (uint8_t)msg[i]);
    for (unsigned i = 0; i < 32 && (inb(COM1 + LSR) & LSR_DR); i++) {
        char c = (char)inb(COM1 + RBR);
        if (c == '.')
            foreign++;
        else if (n < sizeof(back) - 1)
            back[n++] = c;
    }
    back[n] = '\0';
    outb(COM1 + MCR, 0x0b);
    rt_printf("uart: loopback: '%s' came back, %u bytes from the line in\n",
              back, foreign);
    return !foreign && __builtin_strcmp(back, msg) != 0;
}

static unsigned line_done(void)
{
    for (unsigned i = 0, bar = 0; i < rx_n; i++) {
        bar |= rx_buf[i] == '|';
        if (bar && rx_buf[i] == '\n')
            return 1;
    }
    return 0;
}

static int receive(int noinput)
{
    outb(COM1 + IIR, 0x81); /* FIFOs on, trigger at 8; nothing cleared */
    outb(COM1 + IER, IER_RDI | IER_RLSI);
    solo5_time_t until = solo5_clock_monotonic() + (noinput ? 1 : 20) * SEC;
    while (!line_done() && solo5_clock_monotonic() < until)
        __asm__ __volatile__("sti; nop; cli" : : : "memory");
    outb(COM1 + IER, 0);
    if (noinput) {
        rt_printf("uart: rx: %u bytes in 1 s\n", rx_n);
        return rx_n != 0;
    }
    unsigned i = 0, prefix = 0;
    while (i < rx_n && rx_buf[i] != '|')
        prefix += rx_buf[i++] == '.';
    char text[64];
    unsigned n = 0;
    for (i++; i < rx_n && rx_buf[i] != '\n' && n < sizeof(text) - 1; i++)
        text[n++] = (char)rx_buf[i];
    text[n] = '\0';
    rt_printf("uart: rx: '%s' after %u prefix bytes\n", text, prefix);
    rt_printf("uart: rx interrupts: IIR 0x%02x, %u at the trigger level, %u "
              "timed out\n", rx_iir, rx_rda, rx_cti);
    return !line_done() || rx_irqs == 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    if (__builtin_strcmp(rt_target_name(), "hvt") == 0) {
        rt_printf("uart: FAIL: hvt has no COM1\n");
        return 1;
    }
    int noinput = __builtin_strcmp(si->cmdline, "noinput") == 0;
    int fail = identify();
    fail |= divisor_and_thre_test();
    pc_test_set_gate(IRQ4_VECTOR, uart_irq_entry);
    uint16_t masks = pic_take_irq4();
    fail |= send_by_interrupts();
    fail |= loopback();
    fail |= receive(noinput);
    rt_printf("uart: %u interrupts, %u with nothing pending\n", irqs,
              spurious);
    /* As guest-rt had it: divisor 1, FIFOs cleared, DTR and RTS. */
    outb(COM1 + LCR, 0x83);
    outb(COM1 + RBR, 1);
    outb(COM1 + LCR, 0x03);
    outb(COM1 + IIR, 0x07);
    outb(COM1 + MCR, 0x03);
    outb(0x21, (uint8_t)masks);
    outb(0xa1, (uint8_t)(masks >> 8));
    rt_printf("uart: %s\n", fail ? "FAIL" : "ok");
    return fail;
}
