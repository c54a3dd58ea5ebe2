/*
 * host_virtio_target.h: the virtio target (Multiboot image, emulated PC,
 * legacy virtio-PCI devices): its hooks of the run sequence (vmm/run.h),
 * in host_virtio_load.c, for its record in host_virtio_target.c.
 */
#ifndef BOOT_HOST_VIRTIO_TARGET_H
#define BOOT_HOST_VIRTIO_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/vmm.h"

/*
 * Parse and check the image: Multiboot header and layout, the TLS template
 * against the header, the manifest when there is one (v->mft), the exit
 * convention. 0, or -1 after printing why.
 */
int virtio_load(struct vmm *v, const uint8_t *buf, size_t len);

/*
 * Does the ELF image in buf end by Solo5's virtio exit convention
 * (pc/host_solo5_exit.c)? *solo5 is true when it has the Solo5 ABI note
 * for virtio and no vmm EXIT note saying its isa-debug-exit writes are its
 * status (include/vmm_exit_note.h). 0, or -1 with err for a bad note.
 */
int virtio_exit_convention(const uint8_t *buf, size_t len, bool *solo5,
                           char *err, size_t errlen);

/* The PC (pc_build) as the virtio target's state; 0, or -1 with err. */
int virtio_build(struct vmm *v, char *err, size_t errlen);

/* The image, ACPI tables and Multiboot information in guest memory. */
int virtio_place(struct vmm *v, const uint8_t *buf, char *err,
                 size_t errlen);

/* 32-bit protected mode at the header's entry, %eax/%ebx as Multiboot. */
int virtio_enter(struct vmm *v, char *err, size_t errlen);

#endif
