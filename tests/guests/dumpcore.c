/*
 * dumpcore trap|abort|sleep: a guest to take a core of (vmm run
 * --dumpcore=DIR; dumpcore-*.test and hostile-host-check). It first fills
 * dumpcore_data[i] with i * 0x0101010101010101, for the core's memory.
 *   trap   loads rbx, r12, r13, r14 and r15 with known values (0x11..11,
 *          0x12..12, ...) and executes ud2 at the global label
 *          dumpcore_ud: the core must hold those registers (the trap's, not
 *          the exit's) and rip = dumpcore_ud
 *   abort  solo5_abort(), no trap: a core with the registers of the exit
 *   sleep  "dumpcore: ready", sleep two seconds, then as trap (for
 *          hostile-host-check to read the running vmm's /proc status)
 */
#include "guest-rt/rt.h"
#include "solo5.h"

volatile uint64_t dumpcore_data[256];

static int arg_is(const char *cmdline, const char *word)
{
    while (*word && *cmdline == *word)
        cmdline++, word++;
    return *word == '\0' && (*cmdline == '\0' || *cmdline == ' ');
}

static void trap(void)
{
    rt_printf("dumpcore: ud2 with known registers\n");
    __asm__ __volatile__("movabs $0x1111111111111111, %%rbx\n\t"
                         "movabs $0x1212121212121212, %%r12\n\t"
                         "movabs $0x1313131313131313, %%r13\n\t"
                         "movabs $0x1414141414141414, %%r14\n\t"
                         "movabs $0x1515151515151515, %%r15\n\t"
                         ".globl dumpcore_ud\n"
                         "dumpcore_ud:\n\t"
                         "ud2"
                         :
                         :
                         : "rbx", "r12", "r13", "r14", "r15", "memory");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    for (uint64_t i = 0; i < 256; i++)
        dumpcore_data[i] = i * 0x0101010101010101ULL;
    if (arg_is(si->cmdline, "sleep")) {
        rt_printf("dumpcore: ready\n");
        solo5_time_t until = solo5_clock_monotonic() + 2000000000ULL;
        while (solo5_clock_monotonic() < until)
            solo5_yield(until, NULL);
        trap();
    } else if (arg_is(si->cmdline, "trap")) {
        trap();
    } else if (arg_is(si->cmdline, "abort")) {
        rt_printf("dumpcore: solo5_abort()\n");
        solo5_abort();
    }
    rt_printf("dumpcore: survived (argument: trap, abort or sleep)\n");
    return SOLO5_EXIT_FAILURE;
}
