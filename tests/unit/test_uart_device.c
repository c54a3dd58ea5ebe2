/*
 * test_uart_device.c: COM1 as a device, through pc_on_io()
 * (pc/host_uart.c): the IRQ 4 line's edges, when the guest counts as
 * reading, when the host's bytes arrive (never into a probe or a FIFO
 * reset), wide accesses (the register model: test_uart.c).
 */
#include <stdlib.h>

#include "pc/host_uart.h"
#include "pc/host_pc.h"
#include "fake_pc.h"
#include "unit.h"

static struct uart *com1_of(struct fx *f)
{
    return f->pc.uart;
}

Test(uart_device, thr_writes_are_edges_on_irq4)
{
    struct fx f;
    struct capture c;
    fx_init(&f);
    struct uart *u = com1_of(&f);
    capture_start(&c, 1);
    io(&f, 0x3fa, 1, true, 0xc7);
    io(&f, 0x3f9, 1, true, UART_IER_THRI);
    cr_assert(u->line, "THRE on enabling");
    cr_assert_eq(u->edges, 1);
    /* As Linux's handler: IIR (THRE, the line falls), then 16 bytes, each
     * clearing THRE and setting it again: a new edge each. */
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc2);
    cr_assert(!u->line);
    for (int i = 0; i < 16; i++)
        io(&f, 0x3f8, 1, true, (uint32_t)('a' + i));
    cr_assert(u->line);
    cr_assert_eq(u->edges, 17);
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc2);
    io(&f, 0x3f9, 1, true, 0); /* nothing more to send */
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc1);
    cr_assert(!u->line);
    io(&f, 0x3f8, 1, true, '\n');
    char *out = capture_end(&c, NULL);
    cr_assert_str_eq(out, "abcdefghijklmnop\n");
    free(out);
    cr_assert_eq(u->edges, 17, "no THRI: no edge");
}

Test(uart_device, a_reader_is_noticed_a_writer_is_not)
{
    struct fx f;
    struct capture c;
    fx_init(&f);
    struct uart *u = com1_of(&f);
    capture_start(&c, 1);
    for (int i = 0; i < 40; i++) { /* as guest-rt prints: LSR, then THR */
        io(&f, 0x3fd, 1, false, 0);
        io(&f, 0x3f8, 1, true, 'p');
    }
    io(&f, 0x3f8, 1, true, '\n');
    free(capture_end(&c, NULL));
    io(&f, 0x3f8, 1, false, 0); /* Linux's start-up reads RBR to clear */
    cr_assert(!u->in.wanted, "printing is not reading");
    for (int i = 0; i < 15; i++)
        io(&f, 0x3fd, 1, false, 0);
    cr_assert(!u->in.wanted);
    io(&f, 0x3fd, 1, false, 0);
    cr_assert(u->in.wanted, "16 LSR polls in a row: a polling reader");
    cr_assert(uart_rx_enabled(u));
    fx_init(&f);
    io(&f, 0x3f9, 1, true, UART_IER_RDI);
    cr_assert(com1_of(&f)->in.wanted, "the data interrupt enabled");
}

/* Bytes on the wire arrive only while the guest receives, never during a
 * probe or set-up that clears the FIFOs (as Linux's 8250 driver does). */
Test(uart_device, the_wire_lands_when_the_guest_receives)
{
    struct fx f;
    fx_init(&f);
    struct uart *u = com1_of(&f);
    cr_assert_eq(uart_regs_send(&u->r, (const uint8_t *)"abc", 3), 3);
    /* autoconfig: IER 0x0f and back, IIR, FCR; start-up: FIFOs cleared,
     * LSR, RBR, IIR, MSR read to clear interrupts */
    io(&f, 0x3f9, 1, true, 0x0f);
    io(&f, 0x3f9, 1, false, 0);
    io(&f, 0x3f9, 1, true, 0);
    io(&f, 0x3fa, 1, true, UART_FCR_ENABLE);
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc1);
    io(&f, 0x3fa, 1, true, 0x07);
    io(&f, 0x3fa, 1, true, 0);
    cr_assert_eq(io(&f, 0x3fd, 1, false, 0), 0x60, "no data yet");
    io(&f, 0x3f8, 1, false, 0);
    io(&f, 0x3fa, 1, false, 0);
    cr_assert_eq(u->r.wire_n, 3, "all still on the wire");
    cr_assert(!u->line);
    /* set_termios: IER with RDI, then FIFOs on: still nothing lost */
    io(&f, 0x3f9, 1, true, UART_IER_RDI | UART_IER_RLSI);
    io(&f, 0x3fa, 1, true, UART_FCR_ENABLE);
    io(&f, 0x3fa, 1, true, 0x81);
    cr_assert_eq(u->r.wire_n, 3);
    /* the handler's IIR read lets them arrive: below the trigger (8) */
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xcc);
    cr_assert(u->line);
    cr_assert_eq(io(&f, 0x3fd, 1, false, 0), 0x61);
    for (const char *p = "abc"; *p; p++)
        cr_assert_eq(io(&f, 0x3f8, 1, false, 0), (uint8_t)*p);
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc1);
    cr_assert(!u->line);
}

/* 16 bytes on the wire, the 16450 mode (one holding register): one lands
 * at a time, the others wait instead of overrunning. */
Test(uart_device, the_wire_waits_for_room)
{
    struct fx f;
    fx_init(&f);
    struct uart *u = com1_of(&f);
    uart_regs_send(&u->r, (const uint8_t *)"0123456789abcdef", 16);
    cr_assert_eq(uart_regs_send(&u->r, (const uint8_t *)"x", 1), 0, "full");
    io(&f, 0x3f9, 1, true, UART_IER_RDI);
    for (const char *p = "0123456789abcdef"; *p; p++) {
        cr_assert_eq(io(&f, 0x3fd, 1, false, 0) & 0x03, 0x01, "DR, no OE");
        cr_assert_eq(io(&f, 0x3f8, 1, false, 0), (uint8_t)*p);
    }
    cr_assert_eq(io(&f, 0x3fd, 1, false, 0), 0x60);
    /* loopback disconnects the line in: nothing lands */
    uart_regs_send(&u->r, (const uint8_t *)"y", 1);
    io(&f, 0x3fc, 1, true, UART_MCR_LOOP);
    cr_assert_eq(io(&f, 0x3fd, 1, false, 0), 0x60);
    io(&f, 0x3fc, 1, true, 0);
    cr_assert_eq(io(&f, 0x3fd, 1, false, 0), 0x61);
}

Test(uart_device, word_access_and_input_off_without_iothread)
{
    struct fx f;
    fx_init(&f);
    struct uart *u = com1_of(&f);
    cr_assert_eq(u->in.mode, UART_IN_OFF);
    io(&f, 0x3fb, 1, true, 0x80);
    io(&f, 0x3f8, 2, true, 0x0201); /* DLL, DLM at once */
    cr_assert_eq(io(&f, 0x3f8, 2, false, 0), 0x0201);
    cr_assert_eq(f.res, EXIT_HANDLED);
}
