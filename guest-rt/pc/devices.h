/*
 * virtio.h: the virtio binding's internals (guest-rt/virtio/): devices
 * found on PCI and matched to the manifest, by handle.
 */
#ifndef GUEST_RT_VIRTIO_H
#define GUEST_RT_VIRTIO_H

#include "../../virtio/guest_virtio.h"

/* boot.c: end of the RAM region the runtime uses (guest memory). */
extern uint64_t virtio_mem_end;

/*
 * devices.c: copy the image's manifest, find its devices on PCI (the n-th
 * NET_BASIC entry gets the n-th virtio-net function in PCI order, the same
 * for BLOCK_BASIC and virtio-blk), start their drivers and fill in the
 * entries. Returns the manifest for rt_start().
 */
const struct mft *virtio_devices_init(void);
struct vnet *virtio_net(solo5_handle_t h); /* NULL: no such device */
struct vblk *virtio_blk(solo5_handle_t h);
/* Handles of the network devices with input waiting. */
solo5_handle_set_t virtio_net_ready(void);
/* Acknowledge the devices on the IRQ lines in (irqs) and unmask them. */
void virtio_net_irqs(uint16_t irqs);
/* Give queued frames a moment (bounded) to leave before the guest exits. */
void virtio_net_drain(void);

#endif /* GUEST_RT_VIRTIO_H */
