/*
 * host_virtio_target.h: the virtio target (Multiboot image, emulated PC,
 * legacy virtio-PCI devices): its hooks of the run sequence (vmm/run.h),
 * in host_virtio_load.c, for its record in host_virtio_target.c.
 */
#ifndef BOOT_HOST_VIRTIO_TARGET_H
#define BOOT_HOST_VIRTIO_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/vmm.h"

/*
 * Parse and check the image: Multiboot header and layout, the TLS template
 * against the header, the manifest when there is one (v->mft). 0, or -1
 * after printing why.
 */
int virtio_load(struct vmm *v, const uint8_t *buf, size_t len);

/* The PC (pc_build) as the virtio target's state; 0, or -1 with err. */
int virtio_build(struct vmm *v, char *err, size_t errlen);

/* The image, ACPI tables and Multiboot information in guest memory. */
int virtio_place(struct vmm *v, const uint8_t *buf, char *err,
                 size_t errlen);

/* 32-bit protected mode at the header's entry, %eax/%ebx as Multiboot. */
int virtio_enter(struct vmm *v, char *err, size_t errlen);

#endif
