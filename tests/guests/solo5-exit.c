/*
 * solo5-exit: ends the way Solo5's virtio binding does, not the way
 * guest-rt does. Its build takes guest-rt's EXIT note out of the image
 * (guests.mk), so it is what a Solo5-built virtio image looks like to vmm:
 * the Solo5 ABI note for virtio and nothing saying its isa-debug-exit
 * writes carry its status.
 *
 * The argument picks what the binding prints on COM1 last (each '\n' sent
 * as "\r\n", as Solo5's serial_putc does), then comes Solo5's
 * platform_exit(): 41 to isa-debug-exit (port 0x501), whatever the guest
 * meant, then "Solo5: Halted" and `cli; hlt` for hosts without that port.
 *   exit N       "Solo5: solo5_exit(N) called" (solo5_exit(N), or
 *                solo5_app_main returning N)
 *   quiet        nothing (a clean exit under --solo5:quiet)
 *   abort        "Solo5: ABORT: ..." (abort(), a CPU trap: PANIC)
 *   solo5-abort  "Solo5: solo5_abort() called"
 *   ssp          "Solo5: ABORT: Stack corruption detected\n" and its NUL
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0x501
#define SOLO5_VIRTIO_EXIT 41

static void outb(uint16_t port, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static void outw(uint16_t port, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

/* n bytes to COM1 as Solo5's platform_puts() does. */
static void put(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            outb(COM1, '\r');
        outb(COM1, (uint8_t)s[i]);
    }
}

static void puts_(const char *s)
{
    put(s, __builtin_strlen(s));
}

static __attribute__((noreturn)) void platform_exit(void)
{
    outw(DEBUG_EXIT_PORT, SOLO5_VIRTIO_EXIT);
    puts_("Solo5: Halted\n");
    for (;;)
        __asm__ __volatile__("cli; hlt");
}

static int starts(const char *s, const char *word)
{
    size_t n = __builtin_strlen(word);
    return __builtin_strncmp(s, word, n) == 0 && (s[n] == ' ' || !s[n]);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    static const char ssp[] = "Solo5: ABORT: Stack corruption detected\n";
    const char *a = si->cmdline;
    char line[64];

    if (__builtin_strcmp(rt_target_name(), "virtio") != 0) {
        rt_printf("solo5-exit: FAIL: for the virtio target only\n");
        return 1;
    }
    rt_printf("solo5-exit: ending as Solo5's virtio binding does: %s\n", a);
    if (starts(a, "exit")) {
        rt_snprintf(line, sizeof line, "Solo5: solo5_exit(%s) called\n",
                    a[4] ? a + 5 : "0");
        puts_(line);
    } else if (starts(a, "abort")) {
        puts_("Solo5: trap: type=#UD ec=0x0 rip=0x100000 rsp=0x1000 "
              "rflags=0x2\n");
        puts_("Solo5: ABORT: cpu_x86_64.c:181: Fatal trap\n");
    } else if (starts(a, "solo5-abort")) {
        puts_("Solo5: solo5_abort() called\n");
    } else if (starts(a, "ssp")) {
        put(ssp, sizeof ssp); /* the NUL too, as Solo5 writes it */
    } else if (!starts(a, "quiet")) {
        rt_printf("solo5-exit: FAIL: unknown argument\n");
        return 1;
    }
    platform_exit();
}
