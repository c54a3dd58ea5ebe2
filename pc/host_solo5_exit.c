/*
 * host_solo5_exit.c: Solo5's virtio exit convention, for the images the
 * virtio target finds it in: a Solo5 ABI note for virtio and no vmm EXIT
 * note (include/vmm_exit_note.h; guest-rt's images carry both).
 *
 * Solo5's virtio binding ends every run by writing 41 to isa-debug-exit,
 * whatever its guest meant (QEMU exits with (41 << 1) | 1 = 83, which
 * Solo5's test runner takes for "ended", success and abort alike, and
 * then reads SUCCESS or ABORT from the output); an ACPI S5 power-off or
 * "Solo5: Halted" and `cli; hlt` follow. What the guest meant is only on
 * its console, in the line the binding prints before that write:
 *   "Solo5: ABORT: ..."            abort, assert, CPU trap, smashed stack
 *   "Solo5: solo5_abort() called"  solo5_abort()
 *   "Solo5: solo5_exit(N) called"  solo5_exit(N), also the return value N
 *                                  of solo5_app_main
 * (the last two only at Solo5's default log level: --solo5:quiet keeps
 * them off the console). vmm reads COM1's output line by line (carriage
 * returns and NULs dropped); at the 41 the guest's value is 255 if an
 * abort line was seen, else N from the last exit line, else 0.
 */
#include <string.h>

#include "host_pc.h"

#define ABORT_PREFIX "Solo5: ABORT: "
#define ABORT_LINE "Solo5: solo5_abort() called"
#define EXIT_PREFIX "Solo5: solo5_exit("
#define EXIT_SUFFIX ") called"
#define SOLO5_ABORT_VALUE 255
#define VALUE_MAX 100000 /* larger values are reserved ones all the same */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "Solo5: solo5_exit(N) called": N into *value; false if not that line. */
static bool exit_line(const char *s, int64_t *value)
{
    if (!starts(s, EXIT_PREFIX))
        return false;
    s += strlen(EXIT_PREFIX);
    bool neg = *s == '-';
    s += neg;
    if (*s < '0' || *s > '9')
        return false;
    int64_t n = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        if (n <= VALUE_MAX)
            n = n * 10 + (*s - '0');
    if (strcmp(s, EXIT_SUFFIX) != 0)
        return false;
    *value = neg ? -n : n;
    return true;
}

static void line_done(struct pc_solo5_exit *s)
{
    int64_t value;
    s->line[s->n] = '\0';
    if (starts(s->line, ABORT_PREFIX) || strcmp(s->line, ABORT_LINE) == 0)
        s->aborted = true;
    else if (exit_line(s->line, &value))
        s->value = value;
    s->n = 0;
}

void pc_solo5_exit_byte(struct pc_solo5_exit *s, char c)
{
    if (c == '\r' || c == '\0')
        return;
    if (c == '\n') {
        line_done(s);
        return;
    }
    if (s->n < sizeof(s->line) - 1) /* the rest of a long line is not needed */
        s->line[s->n++] = c;
}

int64_t pc_solo5_exit_value(const struct pc_solo5_exit *s)
{
    return s->aborted ? SOLO5_ABORT_VALUE : s->value;
}
