/*
 * host_uart.c: COM1, an 8250 UART at 0x3f8 that only transmits: bytes
 * written to THR go to stdout, LSR always says the transmitter is empty,
 * nothing is ever received, and no interrupt is raised. The other
 * registers hold what the guest writes (divisor, LCR, MCR, scratch).
 * Where Solo5's virtio exit convention is on, each byte is also shown to
 * it (host_solo5_exit.c).
 */
#include <errno.h>
#include <unistd.h>

#include "host_pc.h"

#define COM1 0x3f8
#define LCR_DLAB 0x80
#define LSR_THRE 0x20 /* transmit holding register empty */
#define LSR_TEMT 0x40 /* transmitter empty */
#define MSR_IDLE 0xb0 /* DCD, DSR, CTS: a cable and a ready peer */
#define IIR_NONE 0x01 /* no interrupt pending */
#define IIR_FIFO 0xc0 /* FIFOs enabled (after FCR bit 0) */

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

struct uart {
    uint8_t ier, fcr, lcr, mcr, scr, dll, dlm;
    size_t n;
    char buf[256];
};

static struct uart com1;

void pc_uart_flush(struct pc *pc)
{
    struct uart *u = pc->uart;
    size_t done = 0;
    while (u && done < u->n) {
        ssize_t w = write(STDOUT_FILENO, u->buf + done, u->n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* best effort, as console output is on hvt */
        done += (size_t)w;
    }
    if (u)
        u->n = 0;
}

static void put(struct pc *pc, struct uart *u, char c)
{
    if (pc->solo5.on)
        pc_solo5_exit_byte(&pc->solo5, c);
    u->buf[u->n++] = c;
    if (c == '\n' || u->n == sizeof(u->buf))
        pc_uart_flush(pc);
}

static uint8_t read_reg(struct uart *u, uint16_t reg)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case RBR_THR:
        return dlab ? u->dll : 0;
    case IER:
        return dlab ? u->dlm : u->ier;
    case IIR_FCR:
        return IIR_NONE | ((u->fcr & 1) ? IIR_FIFO : 0);
    case LCR:
        return u->lcr;
    case MCR:
        return u->mcr;
    case LSR:
        return LSR_THRE | LSR_TEMT;
    case MSR:
        return MSR_IDLE;
    default:
        return u->scr;
    }
}

static void write_reg(struct pc *pc, struct uart *u, uint16_t reg, uint8_t v)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case RBR_THR:
        if (dlab)
            u->dll = v;
        else
            put(pc, u, (char)v);
        break;
    case IER:
        if (dlab)
            u->dlm = v;
        else
            u->ier = v & 0x0f;
        break;
    case IIR_FCR:
        u->fcr = v;
        break;
    case LCR:
        u->lcr = v;
        break;
    case MCR:
        u->mcr = v & 0x1f;
        break;
    case SCR:
        u->scr = v;
        break;
    default:
        break; /* LSR and MSR are read-only */
    }
}

static enum exit_result uart_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val)
{
    struct uart *u = opaque;
    /* A wider access touches consecutive registers, low byte first. */
    for (unsigned i = 0; i < size && off + i < 8; i++) {
        if (write)
            write_reg(pc, u, (uint16_t)(off + i), (uint8_t)(*val >> (8 * i)));
        else
            *val |= (uint32_t)read_reg(u, (uint16_t)(off + i)) << (8 * i);
    }
    return EXIT_HANDLED;
}

static int uart_init(struct pc *pc, char *err, size_t errlen)
{
    com1 = (struct uart){.lcr = 0x03}; /* 8N1 */
    pc->uart = &com1;
    return pc_io_add(pc, COM1, 8, "com1", uart_io, &com1, err, errlen);
}

static const struct pc_device_def uart_dev = {"com1", uart_init};
PC_DEVICE(uart_dev);
