/*
 * test_uart.c: COM1's 16550A register model (pc/host_uart_regs.c) on its
 * own: how Linux's 8250 autoconfig identifies it, the divisor latch, THRE
 * interrupts set and cleared, the interrupt priorities, the FIFO and its
 * trigger levels, loopback (the device: test_uart_device.c).
 */
#include "pc/host_uart.h"
#include "unit.h"

#define RD(r, reg) uart_regs_read((r), (reg))
#define WR(r, reg, v) uart_regs_write((r), (reg), (v))

static void fresh(struct uart_regs *r)
{
    uart_regs_reset(r);
}

/* A THR write with the transmitter finishing at once, as the device does. */
static void send(struct uart_regs *r, uint8_t c)
{
    cr_assert(WR(r, UART_RBR_THR, c), "THR write transmits");
    uart_regs_tx_done(r);
}

Test(uart_regs, linux_autoconfig_finds_a_16550a)
{
    struct uart_regs r;
    fresh(&r);
    /* IER: the low four bits hold, the rest read 0 (no UUE bit 6). */
    WR(&r, UART_IER, 0);
    cr_assert_eq(RD(&r, UART_IER) & 0x0f, 0);
    WR(&r, UART_IER, 0x0f);
    cr_assert_eq(RD(&r, UART_IER) & 0x0f, 0x0f);
    WR(&r, UART_IER, 0x4f);
    cr_assert_eq(RD(&r, UART_IER), 0x0f, "no bit 6 (UUE)");
    WR(&r, UART_IER, 0);
    /* Loopback with RTS and OUT2: the modem inputs read CTS and DCD. */
    WR(&r, UART_MCR, UART_MCR_LOOP | 0x0a);
    cr_assert_eq(RD(&r, UART_MSR) & 0xf0, 0x90);
    WR(&r, UART_MCR, 0);
    /* LCR 0xbf: offset 2 is still FCR (no EFR); FIFOs on: IIR bits 6-7. */
    WR(&r, UART_LCR, 0xbf);
    WR(&r, UART_IIR_FCR, 0);
    WR(&r, UART_LCR, 0);
    WR(&r, UART_IIR_FCR, UART_FCR_ENABLE);
    cr_assert_eq(RD(&r, UART_IIR_FCR) >> 6, 3, "16550A");
    cr_assert_eq(RD(&r, UART_IIR_FCR), 0xc1);
    /* FCR bit 5 (a 16750's 64-byte FIFO) reads back nowhere. */
    WR(&r, UART_IIR_FCR, UART_FCR_ENABLE | 0x20);
    cr_assert_eq(RD(&r, UART_IIR_FCR) >> 5, 6);
    WR(&r, UART_LCR, UART_LCR_DLAB);
    cr_assert_eq(RD(&r, UART_IIR_FCR) >> 5, 6, "the same under DLAB");
    /* FIFOs off: IIR's top bits clear. */
    WR(&r, UART_LCR, 0x03);
    WR(&r, UART_IIR_FCR, 0);
    cr_assert_eq(RD(&r, UART_IIR_FCR), 0x01);
    WR(&r, UART_SCR, 0xa5);
    cr_assert_eq(RD(&r, UART_SCR), 0xa5, "scratch register");
}

Test(uart_regs, divisor_latch_behind_dlab)
{
    struct uart_regs r;
    fresh(&r);
    WR(&r, UART_IER, UART_IER_RDI);
    WR(&r, UART_LCR, UART_LCR_DLAB | 0x03);
    cr_assert(!WR(&r, UART_RBR_THR, 12), "DLL, not THR");
    WR(&r, UART_IER, 0x01);
    cr_assert_eq(RD(&r, UART_RBR_THR), 12);
    cr_assert_eq(RD(&r, UART_IER), 0x01, "DLM");
    cr_assert_eq(RD(&r, UART_LCR), 0x83);
    WR(&r, UART_LCR, 0x03);
    cr_assert_eq(RD(&r, UART_IER), UART_IER_RDI, "IER untouched");
    cr_assert_eq(r.dll, 12);
    cr_assert_eq(r.dlm, 1);
}

Test(uart_regs, thre_interrupt_set_and_cleared)
{
    struct uart_regs r;
    fresh(&r);
    cr_assert_eq(RD(&r, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_NONE);
    /* Enabling THRI with the transmitter empty: at once. */
    WR(&r, UART_IER, UART_IER_THRI);
    cr_assert_eq(RD(&r, UART_IIR_FCR), UART_IIR_THRE);
    /* Reading IIR, which reported it, cleared it. */
    cr_assert_eq(RD(&r, UART_IIR_FCR), UART_IIR_NONE);
    /* Off and on again: asserted again (the 8250 driver's THRE test). */
    WR(&r, UART_IER, 0);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_NONE);
    WR(&r, UART_IER, UART_IER_THRI);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_THRE);
    /* Writing THR clears it; the transmitter finishing sets it. */
    WR(&r, UART_RBR_THR, 'x');
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_NONE);
    cr_assert_eq(RD(&r, UART_LSR) & 0x60, 0, "THR full meanwhile");
    uart_regs_tx_done(&r);
    cr_assert_eq(RD(&r, UART_LSR) & 0x60, 0x60);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_THRE);
    /* Without THRI the transmitter's end raises nothing. */
    WR(&r, UART_IER, 0);
    send(&r, 'y');
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_NONE);
}

Test(uart_regs, interrupt_priorities)
{
    struct uart_regs r;
    fresh(&r);
    WR(&r, UART_IIR_FCR, UART_FCR_ENABLE | 0x80); /* trigger at 8 */
    WR(&r, UART_IER, 0x0f);
    WR(&r, UART_MCR, UART_MCR_DTR); /* no change of inputs: no delta */
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_THRE);
    WR(&r, UART_MCR, UART_MCR_LOOP); /* the inputs all drop: deltas */
    WR(&r, UART_MCR, 0);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_THRE, "THRE before modem");
    uint8_t bytes[16] = "0123456789abcdef";
    cr_assert_eq(uart_regs_receive(&r, bytes, 3), 3);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_CTI, "below the trigger");
    cr_assert_eq(uart_regs_receive(&r, bytes + 3, 13), 13);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_RDA, "at the trigger");
    cr_assert_eq(uart_regs_receive(&r, bytes, 1), 0, "full");
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_RLS, "overrun first");
    cr_assert_eq(RD(&r, UART_LSR), UART_LSR_DR | UART_LSR_OE | 0x60);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_RDA, "LSR read: OE gone");
    for (int i = 0; i < 16; i++)
        cr_assert_eq(RD(&r, UART_RBR_THR), bytes[i], "byte %d in order", i);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_THRE);
    RD(&r, UART_IIR_FCR);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_MS);
    cr_assert_eq(RD(&r, UART_MSR), 0xb0 | 0x0b, "DCD DSR CTS, deltas");
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_NONE);
    cr_assert_eq(RD(&r, UART_MSR), 0xb0);
}

Test(uart_regs, fifo_levels_clears_and_16450_mode)
{
    struct uart_regs r;
    static const unsigned level[4] = {1, 4, 8, 14};
    uint8_t bytes[16] = {0};
    for (unsigned t = 0; t < 4; t++) {
        fresh(&r);
        WR(&r, UART_IIR_FCR, (uint8_t)(UART_FCR_ENABLE | t << 6));
        WR(&r, UART_IER, UART_IER_RDI);
        uart_regs_receive(&r, bytes, level[t] - 1);
        cr_assert_eq(uart_regs_iir(&r), level[t] > 1 ? UART_IIR_CTI
                                                    : UART_IIR_NONE);
        uart_regs_receive(&r, bytes, 1);
        cr_assert_eq(uart_regs_iir(&r), UART_IIR_RDA, "level %u", level[t]);
        cr_assert_eq(uart_regs_rx_room(&r), 16 - level[t]);
        /* FCR bit 1 empties the receive FIFO. */
        WR(&r, UART_IIR_FCR, (uint8_t)(UART_FCR_ENABLE | UART_FCR_CLEAR_RX));
        cr_assert_eq(RD(&r, UART_LSR) & UART_LSR_DR, 0);
    }
    /* Enabling or disabling the FIFOs empties them too. */
    uart_regs_receive(&r, bytes, 5);
    WR(&r, UART_IIR_FCR, 0);
    cr_assert_eq(r.rx_count, 0);
    /* Without FIFOs one holding register; a second byte replaces it. */
    cr_assert_eq(uart_regs_rx_room(&r), 1);
    uart_regs_receive(&r, (const uint8_t *)"a", 1);
    cr_assert_eq(uart_regs_iir(&r), UART_IIR_RDA);
    r.rx_count = 1;
    cr_assert_eq(uart_regs_receive(&r, (const uint8_t *)"b", 1), 0);
    cr_assert_eq(RD(&r, UART_LSR) & UART_LSR_OE, UART_LSR_OE);
    uart_regs_receive(&r, (const uint8_t *)"a", 1);
    WR(&r, UART_IIR_FCR, UART_FCR_ENABLE);
    cr_assert_eq(r.rx_count, 0);
}

Test(uart_regs, loopback_receives_what_it_sends)
{
    struct uart_regs r;
    fresh(&r);
    WR(&r, UART_IIR_FCR, UART_FCR_ENABLE);
    WR(&r, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1);
    cr_assert_eq(RD(&r, UART_MSR) & 0xf0, UART_MSR_DSR | UART_MSR_RI);
    cr_assert_eq(uart_regs_rx_room(&r), 0, "the line in is disconnected");
    cr_assert_eq(uart_regs_receive(&r, (const uint8_t *)"z", 1), 0);
    send(&r, 'L');
    cr_assert_eq(RD(&r, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    cr_assert_eq(RD(&r, UART_RBR_THR), 'L');
    WR(&r, UART_MCR, UART_MCR_LOOP);
    cr_assert_eq(RD(&r, UART_MSR), 0x06, "DSR changed, RI trailing edge");
    WR(&r, UART_MCR, 0);
    cr_assert_eq(uart_regs_rx_room(&r), 16);
}
