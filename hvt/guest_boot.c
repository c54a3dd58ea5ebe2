/*
 * boot.c: turn vmm's struct hvt_boot_info into the runtime's struct rt_boot.
 *
 * The boot info, command line and manifest copy live in the reserved memory
 * below 1 MiB; the runtime reads them in place and never writes there.
 */
#include "guest-rt/kernel.h"
#include "hvt_abi.h"

const char plat_target_name[] = "hvt";

void hvt_main(const struct hvt_boot_info *bi) RT_NORETURN;
void hvt_main(const struct hvt_boot_info *bi)
{
    struct rt_boot boot = {
        .mem_size = bi->mem_size,
        .kernel_end = bi->kernel_end,
        .tsc_freq = bi->cpu_cycle_freq,
        .cmdline = bi->cmdline ? bi->cmdline : "",
        .mft = bi->mft,
    };

    rt_start(&boot);
}
