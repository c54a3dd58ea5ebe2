/*
 * services.c: the plat_* services on PC hardware: COM1 for the console,
 * the CMOS RTC for the wall clock, the PIT and PIC for sleeping (woken by
 * the virtio devices' input), and isa-debug-exit / ACPI for the exit. The
 * virtio binding uses them all; the xen-pvh binding where no Xen is found.
 */
#include "guest_devices.h"

void pc_console_write(const char *buf, size_t size)
{
    pc_serial_write(buf, size);
}

uint64_t pc_wall_nsecs(void)
{
    return pc_rtc_nsecs();
}

/*
 * Sleep with `sti; hlt` until the deadline or device (network) input. The
 * PIT fires IRQ0 at the deadline or after 55 ms, whichever comes first;
 * every wake-up (timer, device IRQ) re-checks the devices and the clock, so a
 * device whose interrupt never arrives is still noticed within 55 ms.
 */
bool pc_wait_over(solo5_time_t deadline, solo5_handle_set_t *ready,
                  solo5_time_t *now)
{
    *ready = pc_devices_ready();
    if (*ready)
        return true;
    *now = solo5_clock_monotonic();
    return *now >= deadline;
}

solo5_handle_set_t pc_yield(solo5_time_t deadline)
{
    solo5_handle_set_t ready;
    solo5_time_t now;
    while (!pc_wait_over(deadline, &ready, &now)) {
        pc_pit_oneshot(deadline - now);
        pc_irq_unmask(0);
        pc_idle();
        pc_devices_irqs(pc_irq_take());
    }
    return ready;
}

void pc_halt(int status)
{
    /* Frames the application sent must not die in a transmit queue. */
    pc_devices_drain();
    /*
     * isa-debug-exit: vmm exits with status, QEMU with (status << 1) | 1.
     * An abort after a trap has %r15 point at the trap's record, vmm's
     * convention for a core dump (x86_trap_abi.h); QEMU ignores it.
     */
    register const struct x86_trap_record *rec __asm__("r15") =
        status == SOLO5_EXIT_ABORT ? rt_trap_record : NULL;
    __asm__ __volatile__("outw %0, %1"
                         :
                         : "a"((uint16_t)status), "Nd"(DEBUG_EXIT_PORT),
                           "r"(rec)
                         : "memory");
    pc_paging_use_boot_tables();
    pc_acpi_poweroff();
    for (;;)
        __asm__ __volatile__("cli; hlt");
}
