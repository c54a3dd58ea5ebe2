/*
 * host_uart_input.c: vmm's stdin as COM1's line in (host_uart.h).
 *
 * What fd 0 is decides, once at start:
 *   a pipe, FIFO or socket   read when epoll says it is readable
 *   a regular file           read as the wire has room (an eventfd starts
 *                            each read: epoll does not take files)
 *   a terminal               as a pipe, if vmm's process group has it in
 *                            the foreground; SIGTTIN is then ignored, so
 *                            a read after vmm was sent to the background
 *                            fails (EIO) and ends input instead of
 *                            stopping vmm. The terminal's modes are left
 *                            alone: its line discipline edits and echoes,
 *                            the guest gets whole lines.
 *   closed, /dev/null, any   no input: the guest sees none, and nothing
 *   other device, or a       waits for it
 *   background terminal
 * Reads happen in the I/O thread, never in the vCPU's (each checked with
 * a ppoll that does not wait first: another reader of the same pipe may
 * have taken what epoll saw), only once the guest wants input
 * (host_uart.c), and while the wire has room: vmm takes from stdin at
 * most 32 bytes ahead of what the guest read (16 on the wire, 16 in the
 * FIFO). End of file (or a read error) ends input for the run; a
 * terminal's empty read (^D) does not, unless 64 come in a row (a
 * hang-up).
 *
 * The wire lands (its bytes arrive at the receiver, raising the data
 * interrupt) from here once the receiving guest has not touched the UART
 * for QUIET_NS: at once for a guest that waits, else by a timerfd; a
 * guest that is busy with the UART lands it itself by reading.
 *
 * The sandbox lets vmm read fd 0 in these modes only (and the eventfd of
 * a regular file, the timerfd), nothing else on them.
 */
#include "host_uart.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define TTY_HANGUP_READS 64
#define QUIET_NS 5000000u /* 5 ms: far more than any probe's gaps */

static enum uart_input_mode pick_mode(bool *tty)
{
    struct stat st;
    int fl = fcntl(STDIN_FILENO, F_GETFL);
    *tty = false;
    if (fl < 0 || (fl & O_ACCMODE) == O_WRONLY ||
        fstat(STDIN_FILENO, &st) < 0)
        return UART_IN_OFF;
    if (S_ISREG(st.st_mode))
        return UART_IN_FILE;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return UART_IN_POLL;
    if (!isatty(STDIN_FILENO))
        return UART_IN_OFF;
    *tty = true;
    return tcgetpgrp(STDIN_FILENO) == getpgrp() ? UART_IN_POLL : UART_IN_OFF;
}

/* Have the I/O thread read stdin, if the guest wants it and there is room. */
static void arm_read(struct uart *u)
{
    struct uart_input *in = &u->in;
    if (!in->wanted || in->armed || in->eof || u->r.wire_n == UART_FIFO)
        return;
    in->armed = true;
    if (in->mode == UART_IN_FILE)
        iothread_kick(in->kick);
    else
        iothread_rewatch(in->io, &in->w, EPOLLIN | EPOLLONESHOT);
}

void uart_input_schedule(struct uart *u)
{
    struct uart_input *in = &u->in;
    if (in->mode == UART_IN_OFF)
        return;
    arm_read(u);
    if (!u->r.wire_n || !uart_rx_enabled(u) || !uart_regs_rx_room(&u->r))
        return;
    uint64_t due = u->last_ns + QUIET_NS;
    if (uart_now_ns() >= due) {
        uart_regs_land(&u->r);
        uart_update_line(u);
        arm_read(u); /* the wire has room again */
    } else if (!in->timer_armed) {
        struct itimerspec its = {.it_value = {(time_t)(due / 1000000000u),
                                              (long)(due % 1000000000u)}};
        in->timer_armed =
            timerfd_settime(in->timer, TFD_TIMER_ABSTIME, &its, NULL) == 0;
    }
}

/* What a read returned: the bytes to the receiver, or the end of input. */
static void took(struct uart *u, const uint8_t *buf, ssize_t n, int e)
{
    struct uart_input *in = &u->in;
    if (n > 0) {
        in->zero_reads = 0;
        uart_regs_send(&u->r, buf, (size_t)n); /* it had room for n */
    } else if (n == 0) {
        if (!in->tty || ++in->zero_reads >= TTY_HANGUP_READS)
            in->eof = true;
    } else if (e != EINTR && e != EAGAIN) {
        in->eof = true; /* EIO: a terminal vmm no longer has */
    }
}

/*
 * Is stdin still readable (or at its end)? epoll said so, but another
 * process reading the same pipe or terminal may have taken the bytes
 * since, and a read would then wait in the I/O thread. ppoll, with no
 * wait, narrows that window to nothing a person or script could hit.
 */
static bool ready(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    struct timespec now = {0, 0};
    return ppoll(&p, 1, &now, NULL) != 0;
}

/* The I/O thread: stdin is readable, or (a file) a read was asked for. */
static void on_input(struct io_watch *w)
{
    struct uart *u = w->arg;
    struct uart_input *in = &u->in;
    uint8_t buf[UART_FIFO];
    if (in->mode == UART_IN_FILE)
        iothread_drain(in->kick);
    pthread_mutex_lock(&u->lock);
    in->armed = false;
    size_t room = in->wanted && !in->eof ? UART_FIFO - u->r.wire_n : 0;
    pthread_mutex_unlock(&u->lock);
    if (room == 0)
        return; /* armed again when there is */
    if (in->mode == UART_IN_POLL && !ready()) {
        pthread_mutex_lock(&u->lock); /* another reader took it first */
        uart_input_schedule(u);
        pthread_mutex_unlock(&u->lock);
        return;
    }
    ssize_t n = read(STDIN_FILENO, buf, room);
    int e = errno;
    pthread_mutex_lock(&u->lock);
    took(u, buf, n, e);
    uart_input_schedule(u);
    pthread_mutex_unlock(&u->lock);
}

/* The I/O thread: the quiet time may be over. */
static void on_timer(struct io_watch *w)
{
    struct uart *u = w->arg;
    uint64_t n;
    if (read(w->fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        return;
    pthread_mutex_lock(&u->lock);
    u->in.timer_armed = false;
    uart_input_schedule(u);
    pthread_mutex_unlock(&u->lock);
}

int uart_input_init(struct uart *u, struct iothread *io, char *err,
                    size_t errlen)
{
    struct uart_input *in = &u->in;
    *in = (struct uart_input){.mode = UART_IN_OFF, .kick = -1, .timer = -1};
    if (!io)
        return 0;
    enum uart_input_mode mode = pick_mode(&in->tty);
    if (mode == UART_IN_OFF)
        return 0;
    in->io = io;
    in->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    in->tw = (struct io_watch){.fd = in->timer, .fn = on_timer, .arg = u};
    if (in->timer < 0) {
        snprintf(err, errlen, "com1: timerfd_create: %s", strerror(errno));
        return -1;
    }
    if (iothread_watch_unlisted(io, &in->tw, EPOLLIN, err, errlen) < 0)
        return -1;
    in->w.fn = on_input;
    in->w.arg = u;
    if (mode == UART_IN_FILE) {
        in->kick = iothread_eventfd(err, errlen);
        in->w.fd = in->kick;
        if (in->kick < 0 || iothread_watch(io, &in->w, EPOLLIN, err, errlen))
            return -1;
    } else {
        in->w.fd = STDIN_FILENO;
        /* Not armed yet: a hang-up is reported once, then nothing. */
        if (iothread_watch_unlisted(io, &in->w, EPOLLONESHOT, err, errlen))
            return 0; /* epoll refuses this kind of fd: no input */
        if (in->tty)
            signal(SIGTTIN, SIG_IGN);
    }
    in->mode = mode;
    return 0;
}

void uart_input_close(struct uart *u)
{
    struct uart_input *in = &u->in;
    if (in->kick >= 0)
        close(in->kick);
    if (in->timer >= 0)
        close(in->timer);
    in->kick = in->timer = -1;
    in->mode = UART_IN_OFF;
}
