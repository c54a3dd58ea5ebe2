/*
 * cli-hlt: disables interrupts and halts, as a kernel that cannot power
 * off ends (Linux with acpi=off after "reboot: Power down"). Nothing can
 * wake the CPU: vmm must stop the guest (252) and say why, not wait for
 * ever (hvt: hlt exits to vmm at once; the PC targets: the in-kernel
 * irqchip keeps the vCPU, and vmm's one-second tick finds it halted).
 */
#include "guest-rt/rt.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    rt_printf("cli-hlt: halting with interrupts disabled\n");
    for (;;)
        __asm__ __volatile__("cli; hlt" : : : "memory");
}
