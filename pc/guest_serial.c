/*
 * guest_serial.c: the console on COM1, an 8250/16550 UART at I/O port 0x3f8.
 *
 * Set-up: no UART interrupts, 115200 baud (divisor 1), 8 data bits, no
 * parity, 1 stop bit, FIFOs on. Output polls the line status register until
 * the transmitter holding register is empty (THRE); with a working 16-byte
 * FIFO, THRE means the whole FIFO is free, so up to 16 bytes go out per
 * poll. Usable before pc_serial_init() too (an emulated UART needs no
 * set-up), so early boot errors still get printed.
 */
#include "guest_pc.h"

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding register (DLAB 0) */
#define UART_DLL 0 /* divisor latch low (DLAB 1) */
#define UART_IER 1 /* interrupt enable (DLAB 0) */
#define UART_DLM 1 /* divisor latch high (DLAB 1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07 /* enable, clear both FIFOs */
#define IIR_FIFO_ON 0xc0
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20
#define FIFO_SIZE 16

static size_t burst = 1; /* bytes per THRE poll */

void pc_serial_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DLL, 1);
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
    burst = (inb(COM1 + UART_IIR) & IIR_FIFO_ON) == IIR_FIFO_ON ? FIFO_SIZE : 1;
}

void pc_serial_write(const char *buf, size_t size)
{
    while (size) {
        /* A UART that never drains must not hang the guest forever. */
        for (unsigned spins = 0; spins < 1000000; spins++) {
            if (inb(COM1 + UART_LSR) & LSR_THRE)
                break;
            __asm__ __volatile__("pause");
        }
        size_t n = size < burst ? size : burst;
        for (size_t i = 0; i < n; i++)
            outb(COM1 + UART_THR, (uint8_t)buf[i]);
        buf += n;
        size -= n;
    }
}
