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
 * NET_BASIC entry gets the n-th virtio-net function in PCI order, the same
 * for BLOCK_BASIC and virtio-blk), start their drivers and fill in the
 * entries. An entry without a device gets the console line
 * "TAG: no virtio-net device for manifest entry "NAME"WHY". With (irqs),
 * network devices' PIC lines get unmasked (pc_pic_init() must have run);
 * without, the caller polls them. Returns the manifest for rt_start(),
 * NULL if the image declares no devices.
 */
const struct mft *pc_devices_init(const char *tag, const char *why, bool irqs);
struct vnet *pc_virtio_net(solo5_handle_t h); /* NULL: no such device */
struct vblk *pc_virtio_blk(solo5_handle_t h);
/* Is any network device attached? Any device at all? */
bool pc_net_present(void);
bool pc_devices_any(void);
/* Handles of the network devices with input waiting. */
solo5_handle_set_t pc_net_ready(void);
/* Acknowledge the devices on the IRQ lines in (irqs) and unmask them. */
void pc_net_irqs(uint16_t irqs);
/* Give queued frames a moment (bounded) to leave before the guest exits. */
void pc_net_drain(void);

/*
 * services.c: the plat_* services on PC hardware, each usable as the
 * binding's own (guest-rt/kernel.h describes them). pc_halt() drains the
 * network, writes the status to isa-debug-exit, tries ACPI S5 and halts.
 */
void pc_console_write(const char *buf, size_t size);
uint64_t pc_wall_nsecs(void);
solo5_handle_set_t pc_yield(solo5_time_t deadline);
void pc_halt(int status) RT_NORETURN;
solo5_result_t pc_block_write(solo5_handle_t h, solo5_off_t offset,
                              const uint8_t *buf, size_t size);
solo5_result_t pc_block_read(solo5_handle_t h, solo5_off_t offset, uint8_t *buf,
                             size_t size);
solo5_result_t pc_net_write(solo5_handle_t h, const uint8_t *buf, size_t size);
solo5_result_t pc_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
                           size_t *read_size);

#endif /* GUEST_RT_PC_DEVICES_H */
