/*
 * host_uart.h: COM1, a 16550A UART at 0x3f8 on IRQ 4, in three parts:
 *
 *   host_uart_regs.c   the register model: THR/RBR, IER, IIR/FCR, LCR
 *                      (DLAB, divisor latch), MCR (loopback), LSR, MSR,
 *                      SCR, the 16-byte receive FIFO and the interrupt
 *                      priorities; no I/O, no threads (unit-tested alone)
 *   host_uart.c        the device: ports, output to stdout, the IRQ 4
 *                      line (KVM_IRQ_LINE), the lock both threads take
 *   host_uart_input.c  vmm's stdin onto the wire, read in the I/O thread
 *                      once the guest shows it reads; the wire landing
 *                      in the receive FIFO when the guest is quiet
 *
 * The transmitter is infinitely fast: a byte written to THR is on stdout
 * (or, in loopback, in the receive FIFO) before the next access, and THRE
 * is set again at once. Each write to THR still clears a pending THRE
 * interrupt and sets it again, so the line falls and rises: the PIC's
 * IRQ 4 is edge-triggered, and every transmitted byte is a new edge.
 */
#ifndef PC_HOST_UART_H
#define PC_HOST_UART_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/iothread.h"

#define UART_COM1 0x3f8
#define UART_IRQ 4
#define UART_FIFO 16

/* Registers by offset (DLAB picks DLL/DLM at 0 and 1). */
enum { UART_RBR_THR, UART_IER, UART_IIR_FCR, UART_LCR, UART_MCR, UART_LSR,
       UART_MSR, UART_SCR };

#define UART_IER_RDI 0x01  /* received data available */
#define UART_IER_THRI 0x02 /* transmitter holding register empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI 0x08  /* modem status */

#define UART_IIR_NONE 0x01 /* no interrupt pending */
#define UART_IIR_MS 0x00
#define UART_IIR_THRE 0x02
#define UART_IIR_RDA 0x04
#define UART_IIR_RLS 0x06
#define UART_IIR_CTI 0x0c  /* character timeout: data below the trigger */
#define UART_IIR_FIFOS 0xc0 /* FIFOs enabled: a 16550A */

#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

/* The register model's state (host_uart_regs.c). */
struct uart_regs {
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    uint8_t fcr;       /* as written, bits 0, 3, 6, 7 (0: FIFOs off) */
    uint8_t lsr_err;   /* OE until LSR is read */
    uint8_t msr_in;    /* the modem inputs (MSR bits 4-7) */
    uint8_t msr_delta; /* MSR bits 0-3 until MSR is read */
    uint8_t tx;        /* the byte being sent; tx_busy until uart_tx_done */
    bool tx_busy;
    bool thr_int;      /* THRE interrupt pending (reading IIR clears it) */
    uint8_t rx[UART_FIFO], rx_head, rx_count, rx_last;
    /* Bytes the host sent that have not reached the receiver yet. */
    uint8_t wire[UART_FIFO], wire_head, wire_n;
};

void uart_regs_reset(struct uart_regs *r);
/* A read of register reg (0..7) with its side effects (RBR pops the FIFO,
 * IIR clears a THRE interrupt it reports, LSR the errors, MSR the deltas). */
uint8_t uart_regs_read(struct uart_regs *r, unsigned reg);
/* A write; true when it was THR: r->tx is then on its way out, and
 * uart_regs_tx_done() must follow. */
bool uart_regs_write(struct uart_regs *r, unsigned reg, uint8_t v);
/* The transmitter finished r->tx: THRE and TEMT, the THRE interrupt; in
 * loopback the byte is received. */
void uart_regs_tx_done(struct uart_regs *r);
/* Bytes arriving from the line: how many the receiver took (no room, or
 * loopback, which disconnects the line: the rest overrun or are not seen). */
size_t uart_regs_receive(struct uart_regs *r, const uint8_t *buf, size_t n);
/* Free receive FIFO bytes the line may fill (0 in loopback). */
size_t uart_regs_rx_room(const struct uart_regs *r);
/*
 * The host's bytes on their way: uart_regs_send queues up to
 * UART_FIFO of them (returns how many it took), uart_regs_land lets
 * those the receiver has room for arrive (none in loopback). Until then
 * nothing the guest reads shows them, and clearing the FIFO loses none.
 */
size_t uart_regs_send(struct uart_regs *r, const uint8_t *buf, size_t n);
void uart_regs_land(struct uart_regs *r);
/* The pending interrupt of highest priority (IIR bits 0-3). */
uint8_t uart_regs_iir(const struct uart_regs *r);

/* vmm's stdin as COM1's line in (host_uart_input.c). */
enum uart_input_mode { UART_IN_OFF, UART_IN_POLL, UART_IN_FILE };
struct uart_input {
    enum uart_input_mode mode;
    bool tty;
    bool wanted; /* the guest reads: set once, by host_uart.c */
    bool armed;  /* the I/O thread is to read stdin */
    bool eof;
    bool timer_armed;    /* the wire is to land when the guest is quiet */
    unsigned zero_reads; /* a terminal's read of 0 in a row (hang-up) */
    int kick;            /* UART_IN_FILE: eventfd that starts a read */
    int timer;           /* timerfd: the quiet time is over */
    struct io_watch w, tw;
    struct iothread *io;
};

struct pc;

/* COM1: the model, the output buffer, the line, the input. */
struct uart {
    pthread_mutex_t lock; /* the vCPU's accesses, the I/O thread's input */
    struct uart_regs r;
    struct pc *pc;
    bool line;          /* IRQ 4 as last set */
    unsigned long edges; /* rising edges of the line */
    unsigned lsr_polls; /* LSR reads since THR was written, DR clear */
    bool polling;       /* a polling reader: UART_POLLS such reads seen */
    uint64_t last_ns;   /* the guest's last access (CLOCK_MONOTONIC) */
    size_t n;
    char buf[256];
    struct uart_input in;
};

/*
 * host_uart.c, for host_uart_input.c (u->lock held): set IRQ 4 to what
 * the registers say; does the guest receive (the data interrupt enabled,
 * or a polling reader)? And the clock of last_ns.
 */
void uart_update_line(struct uart *u);
bool uart_rx_enabled(const struct uart *u);
uint64_t uart_now_ns(void);

/*
 * host_uart_input.c. uart_input_init picks the mode from fd 0 (see the
 * file) and watches it with io (NULL: no input); 0, or -1 with err.
 * uart_input_schedule, with u->lock held, after every access and input:
 * have the I/O thread read stdin while the guest wants input and the wire
 * has room; land the wire once the receiving guest left the UART alone
 * for a while (at once if it did, else by a timer). uart_input_close:
 * its fds.
 */
int uart_input_init(struct uart *u, struct iothread *io, char *err,
                    size_t errlen);
void uart_input_schedule(struct uart *u);
void uart_input_close(struct uart *u);

#endif
