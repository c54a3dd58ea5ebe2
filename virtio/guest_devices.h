/*
 * devices.h: what the PC-like bindings (guest-rt/virtio/, guest-rt/xen-pvh/)
 * share beyond the hardware drivers of pc.h: the virtio-PCI devices behind
 * the manifest (devices.c) and the PC implementations of the plat_*
 * services (services.c): COM1, the CMOS RTC, PIT/PIC sleeping, virtio I/O,
 * isa-debug-exit and ACPI power-off.
 */
#ifndef GUEST_RT_PC_DEVICES_H
#define GUEST_RT_PC_DEVICES_H

#include "guest_virtio.h"

/*
 * devices.c: copy the image's manifest, find its devices on PCI (the n-th
 * entry of a type gets the n-th function of that type's virtio driver in
 * PCI order: NET_BASIC virtio-net, BLOCK_BASIC virtio-blk), start their
 * drivers and fill in the entries. An entry without a device gets the
 * console line "TAG: no virtio-net device for manifest entry "NAME"WHY".
 * With (irqs), the PIC lines of the devices that interrupt get unmasked
 * (pc_pic_init() must have run); without, the caller polls them. Returns
 * the manifest for rt_start(), NULL if the image declares no devices.
 */
const struct mft *pc_devices_init(const char *tag, const char *why, bool irqs);
/* Is any device with input (network) attached? Any device at all? */
bool pc_devices_input(void);
bool pc_devices_any(void);
/* Handles of the devices with input waiting. */
solo5_handle_set_t pc_devices_ready(void);
/* Acknowledge the devices on the IRQ lines in (irqs) and unmask them. */
void pc_devices_irqs(uint16_t irqs);
/* Give queued output (frames) a moment (bounded) to leave before exiting. */
void pc_devices_drain(void);

/*
 * services.c: the plat_* services on PC hardware, each usable as the
 * binding's own (guest-rt/kernel.h describes them). pc_halt() drains the
 * devices' output, writes the status to isa-debug-exit, tries ACPI S5 and halts.
 */
void pc_console_write(const char *buf, size_t size);
uint64_t pc_wall_nsecs(void);
solo5_handle_set_t pc_yield(solo5_time_t deadline);
/*
 * One turn of a wait for device input until deadline: true when it is
 * over, with *ready the devices that have input (0: the deadline passed);
 * false with *now the monotonic time when the caller should sleep on.
 */
bool pc_wait_over(solo5_time_t deadline, solo5_handle_set_t *ready,
                  solo5_time_t *now);
void pc_halt(int status) RT_NORETURN;

#endif /* GUEST_RT_PC_DEVICES_H */
