/*
 * test_uart_input.c: vmm's stdin as COM1's input (pc/host_uart_input.c),
 * with a real I/O thread: which kinds of fd 0 give input, and bytes
 * written to a pipe reaching the guest's receiver once it receives, with
 * the data interrupt raised. Each test runs in its own process (Criterion),
 * so fd 0 is theirs to replace.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pc/host_uart.h"
#include "pc/host_pc.h"
#include "vmm/iothread.h"
#include "fake_pc.h"
#include "unit.h"

static struct iothread iot;

/* COM1 of a fresh PC, its input on fd 0 as it is now. */
static struct uart *with_stdin(struct fx *f)
{
    char err[256];
    fx_init(f);
    struct uart *u = f->pc.uart;
    cr_assert_eq(iothread_init(&iot, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(uart_input_init(u, &iot, err, sizeof(err)), 0, "%s", err);
    return u;
}

static void stdin_from(int fd)
{
    cr_assert_geq(fd, 0);
    if (fd == STDIN_FILENO)
        return; /* it took the free number 0 */
    cr_assert_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    close(fd);
}

Test(uart_input, which_stdin_gives_input)
{
    struct fx f;
    stdin_from(open("/dev/null", O_RDONLY));
    cr_assert_eq(with_stdin(&f)->in.mode, UART_IN_OFF, "/dev/null");
    iothread_stop(&iot);
    close(STDIN_FILENO);
    cr_assert_eq(with_stdin(&f)->in.mode, UART_IN_OFF, "closed");
    iothread_stop(&iot);
    char name[] = "/tmp/uart-input-XXXXXX";
    int fd = mkstemp(name);
    unlink(name);
    stdin_from(fd);
    cr_assert_eq(with_stdin(&f)->in.mode, UART_IN_FILE, "a regular file");
    uart_input_close(f.pc.uart);
    iothread_stop(&iot);
    int p[2];
    cr_assert_eq(pipe(p), 0);
    stdin_from(p[0]);
    cr_assert_eq(with_stdin(&f)->in.mode, UART_IN_POLL, "a pipe");
    uart_input_close(f.pc.uart);
    iothread_stop(&iot);
    close(p[1]);
}

Test(uart_input, a_pipe_reaches_the_receiver)
{
    struct fx f;
    char err[256];
    int p[2];
    cr_assert_eq(pipe(p), 0);
    stdin_from(p[0]);
    struct uart *u = with_stdin(&f);
    cr_assert_eq(iothread_start(&iot, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(write(p[1], "hi\n", 3), 3);
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
    cr_assert(!u->in.wanted);
    cr_assert_eq(u->r.wire_n, 0, "nothing read before the guest reads");
    io(&f, 0x3fa, 1, true, 0x01);
    io(&f, 0x3f9, 1, true, UART_IER_RDI); /* then the guest waits */
    bool line = false;
    for (int i = 0; i < 2000 && !line; i++) { /* the quiet time: 5 ms */
        nanosleep(&ms, NULL);
        pthread_mutex_lock(&u->lock);
        line = u->line;
        pthread_mutex_unlock(&u->lock);
    }
    cr_assert(line, "the data interrupt came");
    cr_assert_eq(io(&f, 0x3fa, 1, false, 0), 0xc4, "at the trigger (1)");
    for (const char *c = "hi\n"; *c; c++)
        cr_assert_eq(io(&f, 0x3f8, 1, false, 0), (uint8_t)*c);
    close(p[1]); /* end of input: the I/O thread stops reading */
    bool eof = false;
    for (int i = 0; i < 2000 && !eof; i++) {
        nanosleep(&ms, NULL);
        pthread_mutex_lock(&u->lock);
        eof = u->in.eof;
        pthread_mutex_unlock(&u->lock);
    }
    cr_assert(eof);
    iothread_stop(&iot);
    uart_input_close(u);
}
