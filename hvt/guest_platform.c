/*
 * platform.c: the hvt transport. Every service is one hypercall: an `outl`
 * of the argument struct's address to port 0x500 + number (hvt_abi.h). The
 * structs live on the stack, which sits at the top of guest memory; hvt
 * guest memory ends at 4 GiB at most (--mem=4096), so the 32-bit address
 * is exact. The
 * devices' hypercalls are their drivers' (guest_net.c, guest_block.c).
 */
#include "guest-rt/kernel.h"
#include "hvt_abi.h"

void plat_console_write(const char *buf, size_t size)
{
    struct hvt_hc_puts p = {.data = buf, .len = size};

    hvt_do_hypercall(HVT_HYPERCALL_PUTS, &p);
}

uint64_t plat_wall_nsecs(void)
{
    struct hvt_hc_walltime w = {0};

    hvt_do_hypercall(HVT_HYPERCALL_WALLTIME, &w);
    return w.nsecs;
}

solo5_handle_set_t plat_yield(solo5_time_t deadline)
{
    solo5_time_t now = solo5_clock_monotonic();
    struct hvt_hc_poll p = {.timeout_nsecs = deadline > now ? deadline - now
                                                            : 0};

    hvt_do_hypercall(HVT_HYPERCALL_POLL, &p);
    return p.ret ? p.ready_set : 0;
}

/* An abort after a trap carries its record as the cookie, as in Solo5. */
void plat_halt(int status)
{
    struct hvt_hc_halt h = {
        .cookie = status == SOLO5_EXIT_ABORT
                      ? (void *)(uintptr_t)rt_trap_record
                      : NULL,
        .exit_status = status};

    hvt_do_hypercall(HVT_HYPERCALL_HALT, &h);
    for (;;)
        __asm__ __volatile__("cli; hlt");
}
