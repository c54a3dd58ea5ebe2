/*
 * virtio_target.h: the virtio target (Multiboot image, emulated PC, legacy
 * virtio-PCI devices): what checking and running an image share.
 */
#ifndef VMM_VIRTIO_TARGET_H
#define VMM_VIRTIO_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "host_multiboot.h"
#include "mft_abi.h"
#include "vmm/vmm.h"

struct virtio_image {
    struct mb_image mb;
    struct mft *mft; /* the image's Solo5 manifest, or NULL when it has none */
    size_t mft_size;
};

/* Print "vmm: IMAGE: <reason>"; returns -1. */
int virtio_refuse(const struct vmm *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Parse and check the image: Multiboot header and layout, the TLS template
 * against the header, the manifest when there is one. 0, or -1 after
 * printing why. vi->mft is malloc'd (free it).
 */
int virtio_load(struct vmm *v, const uint8_t *buf, size_t len,
                struct virtio_image *vi);

/* Run the image (virtio_run.c): vmm's exit status. */
int virtio_run(struct vmm *v, const uint8_t *buf, size_t len);

#endif
