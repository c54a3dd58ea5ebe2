/*
 * host_uart.c: COM1 as a device (host_uart.h): the 16550A's registers at
 * 0x3f8, transmitted bytes to stdout (buffered up to a newline, flushed
 * before vmm prints anything; shown to Solo5's exit convention where it
 * is on, host_solo5_exit.c), IRQ 4 through the in-kernel irqchip, and
 * vmm's stdin as the line in (host_uart_input.c).
 *
 * IRQ 4 is an ISA line, edge-triggered at the PIC: vmm sets it with
 * KVM_IRQ_LINE whenever the pending interrupt (IIR) appears or goes, so a
 * new reason after the guest read IIR is a new edge. Like QEMU's 16550,
 * the line does not wait for MCR's OUT2, which a PC's UART needs: a guest
 * that enables interrupts in IER gets them either way.
 *
 * Input. vmm reads stdin once the guest shows that it reads: it enables
 * the received-data interrupt, or polls LSR UART_POLLS times in a row
 * without writing THR (a guest that only prints leaves stdin alone). The
 * bytes wait on the wire (host_uart_regs.c) and arrive while the guest
 * receives (the data interrupt on, or polling): when it reads RBR, LSR or
 * IIR, or once it left the UART alone for a moment (host_uart_input.c).
 * So nothing arrives while a driver probes or sets up the UART: Linux's
 * 8250 driver writes IER 0x0f and back, and clears the FIFOs and reads
 * RBR, before it receives; bytes that had arrived would be lost there.
 */
#include "host_uart.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "host_pc.h"

#define UART_POLLS 16

static struct uart com1 = {.lock = PTHREAD_MUTEX_INITIALIZER,
                           .in = {.kick = -1, .timer = -1}};

static void flush_locked(struct uart *u)
{
    size_t done = 0;
    while (done < u->n) {
        ssize_t w = write(STDOUT_FILENO, u->buf + done, u->n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* best effort, as console output is on hvt */
        done += (size_t)w;
    }
    u->n = 0;
}

void pc_uart_flush(struct pc *pc)
{
    struct uart *u = pc->uart;
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    flush_locked(u);
    pthread_mutex_unlock(&u->lock);
}

void uart_update_line(struct uart *u)
{
    bool level = uart_regs_iir(&u->r) != UART_IIR_NONE;
    if (level == u->line)
        return;
    u->line = level;
    u->edges += level;
    int fd = u->pc ? u->pc->v->vm.vm_fd : -1;
    if (fd >= 0) {
        struct kvm_irq_level l = {.irq = UART_IRQ, .level = level};
        ioctl(fd, KVM_IRQ_LINE, &l); /* checked by the irqchip's set-up */
    }
}

static void put(struct uart *u, char c)
{
    struct pc *pc = u->pc;
    if (pc->solo5.on)
        pc_solo5_exit_byte(&pc->solo5, c);
    u->buf[u->n++] = c;
    if (c == '\n' || u->n == sizeof(u->buf))
        flush_locked(u);
}

uint64_t uart_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

bool uart_rx_enabled(const struct uart *u)
{
    return (u->r.ier & UART_IER_RDI) || u->polling;
}

/* Does this access show a guest that reads input? */
static void note_reader(struct uart *u, unsigned reg, bool write, uint8_t v)
{
    if (u->r.lcr & UART_LCR_DLAB)
        return;
    if (reg == UART_RBR_THR && write)
        u->lsr_polls = 0;
    else if (reg == UART_LSR && !write && !u->r.rx_count &&
             ++u->lsr_polls >= UART_POLLS)
        u->polling = true; /* for good: it may echo what it reads */
    if ((reg == UART_IER && write && (v & UART_IER_RDI)) || u->polling)
        u->in.wanted = true;
}

static uint8_t access_reg(struct uart *u, unsigned reg, bool write, uint8_t v)
{
    bool dlab = u->r.lcr & UART_LCR_DLAB;
    u->last_ns = uart_now_ns();
    note_reader(u, reg, write, v);
    /* Reads that show received data let what is on the wire arrive. */
    if (!write && uart_rx_enabled(u) &&
        (reg == UART_LSR || reg == UART_IIR_FCR ||
         (reg == UART_RBR_THR && !dlab)))
        uart_regs_land(&u->r);
    uint8_t got = 0;
    if (!write) {
        got = uart_regs_read(&u->r, reg);
    } else if (uart_regs_write(&u->r, reg, v)) {
        uart_update_line(u); /* THRE acknowledged: falls */
        if (!(u->r.mcr & UART_MCR_LOOP))
            put(u, (char)u->r.tx);
        uart_regs_tx_done(&u->r);
    }
    uart_update_line(u);
    uart_input_schedule(u);
    return got;
}

static enum exit_result uart_io(struct pc *pc, void *opaque, uint16_t off,
                                unsigned size, bool write, uint32_t *val)
{
    struct uart *u = opaque;
    (void)pc;
    pthread_mutex_lock(&u->lock);
    /* A wider access touches consecutive registers, low byte first. */
    for (unsigned i = 0; i < size && off + i < 8; i++) {
        unsigned reg = off + i;
        uint8_t b = access_reg(u, reg, write, (uint8_t)(*val >> (8 * i)));
        if (!write)
            *val |= (uint32_t)b << (8 * i);
    }
    pthread_mutex_unlock(&u->lock);
    return EXIT_HANDLED;
}

static int uart_init(struct pc *pc, char *err, size_t errlen)
{
    struct uart *u = &com1;
    uart_input_close(u); /* a previous run's, in tests */
    uart_regs_reset(&u->r);
    u->pc = pc;
    u->line = false;
    u->edges = 0;
    u->lsr_polls = 0;
    u->polling = false;
    u->last_ns = 0;
    u->n = 0;
    pc->uart = u;
    if (pc_io_add(pc, UART_COM1, 8, "com1", uart_io, u, err, errlen) < 0)
        return -1;
    return uart_input_init(u, pc->v->io, err, errlen);
}

void pc_uart_sandbox(struct pc *pc)
{
    struct uart *u = pc->uart;
    struct vmm *v = pc->v;
    sandbox_allow_ioctl(&v->sandbox, v->vm.vm_fd, KVM_IRQ_LINE);
    if (u && u->in.mode != UART_IN_OFF) {
        sandbox_allow_fd(&v->sandbox, STDIN_FILENO, SB_READ);
        sandbox_allow_fd(&v->sandbox, u->in.timer, SB_READ | SB_TIMERFD);
    }
}

void pc_uart_cleanup(struct pc *pc)
{
    if (pc && pc->uart) /* NULL when set-up stopped before the PC */
        uart_input_close(pc->uart);
}

static const struct pc_device_def uart_dev = {"com1", uart_init};
PC_DEVICE(uart_dev);
