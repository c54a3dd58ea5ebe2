/*
 * exits: the bench's VM-exit guest. Writes one byte to the console N times
 * (N the last word of the command line, 0 when there is none), then
 * "exits: N writes done". The bench runs it with N = 0 and N = 2000 and
 * divides the difference in run time by the difference in the VM exits
 * vmm --stats counted: microseconds per exit, whatever an exit costs on
 * that target (a PUTS hypercall, a COM1 byte, a Xen console call).
 */
#include "solo5.h"
#include "guest-rt/rt.h"

static unsigned long last_number(const char *s)
{
    unsigned long n = 0;

    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            n = n * 10 + (unsigned long)(*s - '0');
        else
            n = 0;
    }
    return n;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    unsigned long n = last_number(si->cmdline);

    for (unsigned long i = 0; i < n; i++)
        solo5_console_write(".", 1);
    rt_printf("\nexits: %lu writes done\n", n);
    return SOLO5_EXIT_SUCCESS;
}
