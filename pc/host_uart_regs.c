/*
 * host_uart_regs.c: the 16550A's registers (host_uart.h), as its data
 * sheet and the drivers that probe it (Linux's 8250 autoconfig) see them.
 *
 * - IIR reads 0xc0 in its top bits once FCR bit 0 enabled the FIFOs (the
 *   16550A answer), never bit 5 (no 64-byte FIFO); FCR writes that change
 *   bit 0 empty the FIFOs, bits 1 and 2 clear them, bits 6-7 set the
 *   receive trigger level (1, 4, 8, 14).
 * - IER keeps bits 0-3. Enabling THRI while the transmitter is empty makes
 *   a THRE interrupt pending (at once, as the 8250 driver's start-up test
 *   expects), as does the end of each transmitted byte.
 * - Interrupt priority: line status (an overrun, with RLSI), received data
 *   at the trigger level (RDA; with FIFOs off one byte is the level), or
 *   below it (CTI: the character timeout, taken as already expired, since
 *   bytes arrive here in bursts), THRE, modem status.
 * - Loopback (MCR bit 4): transmitted bytes are received, the line in is
 *   disconnected, and the modem inputs follow MCR: DTR to DSR, RTS to CTS,
 *   OUT1 to RI, OUT2 to DCD. Otherwise a ready peer: DCD, DSR, CTS.
 * - Overrun: with FIFOs a byte finding the FIFO full is lost; without, it
 *   replaces the unread one. Either sets LSR's OE until LSR is read.
 * - The host's bytes wait on the wire (up to 16) until host_uart.c lets
 *   them arrive: the moment a byte arrives is the host's to choose, and
 *   choosing it late keeps bytes the guest never saw out of FIFO resets.
 */
#include "host_uart.h"

#include <string.h>

#define MSR_PEER (UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS)
#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08

static bool fifo_on(const struct uart_regs *r)
{
    return r->fcr & UART_FCR_ENABLE;
}

static unsigned trigger(const struct uart_regs *r)
{
    static const uint8_t level[4] = {1, 4, 8, 14};
    return fifo_on(r) ? level[r->fcr >> 6] : 1;
}

static unsigned capacity(const struct uart_regs *r)
{
    return fifo_on(r) ? UART_FIFO : 1;
}

static void rx_clear(struct uart_regs *r)
{
    r->rx_head = r->rx_count = 0;
}

/* The modem inputs change: the delta bits record how. */
static void set_msr_in(struct uart_regs *r, uint8_t in)
{
    uint8_t changed = r->msr_in ^ in;
    if (changed & UART_MSR_CTS)
        r->msr_delta |= MSR_DCTS;
    if (changed & UART_MSR_DSR)
        r->msr_delta |= MSR_DDSR;
    if ((r->msr_in & UART_MSR_RI) && !(in & UART_MSR_RI))
        r->msr_delta |= MSR_TERI; /* trailing edge only */
    if (changed & UART_MSR_DCD)
        r->msr_delta |= MSR_DDCD;
    r->msr_in = in;
}

static uint8_t loop_inputs(uint8_t mcr)
{
    return (uint8_t)((mcr & UART_MCR_DTR ? UART_MSR_DSR : 0) |
                     (mcr & UART_MCR_RTS ? UART_MSR_CTS : 0) |
                     (mcr & UART_MCR_OUT1 ? UART_MSR_RI : 0) |
                     (mcr & UART_MCR_OUT2 ? UART_MSR_DCD : 0));
}

void uart_regs_reset(struct uart_regs *r)
{
    memset(r, 0, sizeof(*r));
    r->lcr = 0x03; /* 8N1, as vmm always had it */
    r->msr_in = MSR_PEER;
}

uint8_t uart_regs_iir(const struct uart_regs *r)
{
    if ((r->ier & UART_IER_RLSI) && r->lsr_err)
        return UART_IIR_RLS;
    if ((r->ier & UART_IER_RDI) && r->rx_count)
        return r->rx_count >= trigger(r) ? UART_IIR_RDA : UART_IIR_CTI;
    if ((r->ier & UART_IER_THRI) && r->thr_int)
        return UART_IIR_THRE;
    if ((r->ier & UART_IER_MSI) && r->msr_delta)
        return UART_IIR_MS;
    return UART_IIR_NONE;
}

static uint8_t rx_pop(struct uart_regs *r)
{
    if (r->rx_count) {
        r->rx_last = r->rx[r->rx_head];
        r->rx_head = (uint8_t)((r->rx_head + 1) % UART_FIFO);
        r->rx_count--;
    }
    return r->rx_last; /* an empty RBR reads what it last held */
}

static void rx_push(struct uart_regs *r, uint8_t c)
{
    if (r->rx_count == capacity(r)) {
        r->lsr_err |= UART_LSR_OE;
        if (fifo_on(r))
            return;
        r->rx_count = 0; /* the holding register is overwritten */
    }
    r->rx[(r->rx_head + r->rx_count) % UART_FIFO] = c;
    r->rx_count++;
}

uint8_t uart_regs_read(struct uart_regs *r, unsigned reg)
{
    bool dlab = r->lcr & UART_LCR_DLAB;
    uint8_t v;
    switch (reg) {
    case UART_RBR_THR:
        return dlab ? r->dll : rx_pop(r);
    case UART_IER:
        return dlab ? r->dlm : r->ier;
    case UART_IIR_FCR:
        v = uart_regs_iir(r);
        if (v == UART_IIR_THRE)
            r->thr_int = false; /* reading IIR acknowledges THRE */
        return (uint8_t)(v | (fifo_on(r) ? UART_IIR_FIFOS : 0));
    case UART_LCR:
        return r->lcr;
    case UART_MCR:
        return r->mcr;
    case UART_LSR:
        v = (uint8_t)((r->rx_count ? UART_LSR_DR : 0) | r->lsr_err |
                      (r->tx_busy ? 0 : UART_LSR_THRE | UART_LSR_TEMT));
        r->lsr_err = 0;
        return v;
    case UART_MSR:
        v = r->msr_in | r->msr_delta;
        r->msr_delta = 0;
        return v;
    default:
        return r->scr;
    }
}

static void write_fcr(struct uart_regs *r, uint8_t v)
{
    if (!(v & UART_FCR_ENABLE)) {
        if (fifo_on(r))
            rx_clear(r); /* leaving FIFO mode empties them */
        r->fcr = 0;      /* the other bits need bit 0 set */
        return;
    }
    if (!fifo_on(r) || (v & UART_FCR_CLEAR_RX))
        rx_clear(r);
    r->fcr = v & 0xc9;
}

bool uart_regs_write(struct uart_regs *r, unsigned reg, uint8_t v)
{
    bool dlab = r->lcr & UART_LCR_DLAB;
    switch (reg) {
    case UART_RBR_THR:
        if (dlab) {
            r->dll = v;
            return false;
        }
        r->tx = v;
        r->tx_busy = true;
        r->thr_int = false; /* writing THR acknowledges THRE */
        return true;
    case UART_IER:
        if (dlab) {
            r->dlm = v;
            break;
        }
        r->ier = v & 0x0f;
        r->thr_int = (r->ier & UART_IER_THRI) && !r->tx_busy;
        break;
    case UART_IIR_FCR:
        write_fcr(r, v);
        break;
    case UART_LCR:
        r->lcr = v;
        break;
    case UART_MCR:
        r->mcr = v & 0x1f;
        set_msr_in(r, r->mcr & UART_MCR_LOOP ? loop_inputs(r->mcr) : MSR_PEER);
        break;
    case UART_SCR:
        r->scr = v;
        break;
    default:
        break; /* LSR and MSR are read-only */
    }
    return false;
}

void uart_regs_tx_done(struct uart_regs *r)
{
    if (!r->tx_busy)
        return;
    r->tx_busy = false;
    if (r->mcr & UART_MCR_LOOP)
        rx_push(r, r->tx);
    if (r->ier & UART_IER_THRI)
        r->thr_int = true;
}

size_t uart_regs_rx_room(const struct uart_regs *r)
{
    if (r->mcr & UART_MCR_LOOP)
        return 0;
    return capacity(r) - r->rx_count;
}

size_t uart_regs_receive(struct uart_regs *r, const uint8_t *buf, size_t n)
{
    if (r->mcr & UART_MCR_LOOP)
        return 0; /* the line in is disconnected */
    size_t took = 0;
    for (; took < n && r->rx_count < capacity(r); took++)
        rx_push(r, buf[took]);
    if (took < n)
        r->lsr_err |= UART_LSR_OE;
    return took;
}

size_t uart_regs_send(struct uart_regs *r, const uint8_t *buf, size_t n)
{
    size_t took = 0;
    for (; took < n && r->wire_n < UART_FIFO; took++, r->wire_n++)
        r->wire[(r->wire_head + r->wire_n) % UART_FIFO] = buf[took];
    return took;
}

void uart_regs_land(struct uart_regs *r)
{
    while (r->wire_n && uart_regs_rx_room(r)) {
        uart_regs_receive(r, &r->wire[r->wire_head], 1);
        r->wire_head = (uint8_t)((r->wire_head + 1) % UART_FIFO);
        r->wire_n--;
    }
}
