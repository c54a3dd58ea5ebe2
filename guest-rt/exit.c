/*
 * exit.c: leaving the guest, and the console entry point.
 *
 * Exit statuses as the host reports them (vmm's own exit status):
 *   n    solo5_exit(n) / return n from solo5_app_main
 *   255  solo5_abort(), a CPU trap (traps.c), stack smashing (ssp.c) or a
 *        runtime start-up failure
 * vmm adds its own above the guest's range: 254 triple fault, 253 bad
 * hypercall, 252 unexpected VM exit, 251 host failure during the run,
 * 250 could not start.
 */
#include "kernel.h"

void rt_halt(int status)
{
    plat_halt(status);
}

void solo5_exit(int status)
{
    rt_halt(status);
}

void solo5_abort(void)
{
    rt_halt(SOLO5_EXIT_ABORT);
}

void solo5_console_write(const char *buf, size_t size)
{
    if (buf != NULL && size != 0)
        plat_console_write(buf, size);
}
