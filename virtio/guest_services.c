/*
 * services.c: the plat_* services on PC hardware: COM1 for the console,
 * the CMOS RTC for the wall clock, the PIT and PIC for sleeping, the
 * virtio drivers for I/O, and isa-debug-exit / ACPI for the exit. The
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
 * Sleep with `sti; hlt` until the deadline or network input. The PIT fires
 * IRQ0 at the deadline or after 55 ms, whichever comes first; every wake-up
 * (timer, network IRQ) re-checks the receive rings and the clock, so a
 * device whose interrupt never arrives is still noticed within 55 ms.
 */
solo5_handle_set_t pc_yield(solo5_time_t deadline)
{
    for (;;) {
        solo5_handle_set_t ready = pc_net_ready();
        if (ready)
            return ready;
        solo5_time_t now = solo5_clock_monotonic();
        if (now >= deadline)
            return 0;
        pc_pit_oneshot(deadline - now);
        pc_irq_unmask(0);
        pc_idle();
        pc_net_irqs(pc_irq_take());
    }
}

void pc_halt(int status)
{
    /* Frames the application sent must not die in the transmit queue. */
    pc_net_drain();
    /* isa-debug-exit: vmm exits with status, QEMU with (status << 1) | 1. */
    outw(DEBUG_EXIT_PORT, (uint16_t)status);
    pc_paging_use_boot_tables();
    pc_acpi_poweroff();
    for (;;)
        __asm__ __volatile__("cli; hlt");
}

/* Is [buf, buf + size) guest RAM a device may use (not page 0)? */
static bool dma_ok(const void *buf, size_t size)
{
    uintptr_t a = (uintptr_t)buf;

    return a >= RT_PAGE_SIZE && a <= pc_mem_end && size <= pc_mem_end - a;
}

solo5_result_t pc_block_write(solo5_handle_t h, solo5_off_t offset,
                              const uint8_t *buf, size_t size)
{
    struct vblk *b = pc_virtio_blk(h);

    if (b == NULL || !dma_ok(buf, size))
        return SOLO5_R_EINVAL;
    /* The device only reads the buffer for a write. */
    return vblk_io(b, true, offset, (uint8_t *)(uintptr_t)buf, size);
}

solo5_result_t pc_block_read(solo5_handle_t h, solo5_off_t offset, uint8_t *buf,
                             size_t size)
{
    struct vblk *b = pc_virtio_blk(h);

    if (b == NULL || !dma_ok(buf, size))
        return SOLO5_R_EINVAL;
    return vblk_io(b, false, offset, buf, size);
}

solo5_result_t pc_net_write(solo5_handle_t h, const uint8_t *buf, size_t size)
{
    struct vnet *n = pc_virtio_net(h);

    return n ? vnet_write(n, buf, size) : SOLO5_R_EINVAL;
}

solo5_result_t pc_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
                           size_t *read_size)
{
    struct vnet *n = pc_virtio_net(h);

    return n ? vnet_read(n, buf, size, read_size) : SOLO5_R_EINVAL;
}
