/*
 * guest_virtio.h: guest-rt's legacy virtio-PCI drivers (guest side of the
 * virtio target). Linked into guest images only; the host's device models
 * are virtio/host_*.c.
 *
 * Memory for rings and buffers comes from pc_alloc() at boot; guest memory
 * is identity-mapped, so a pointer is its guest-physical address. Drivers
 * never trust what the device writes: used-ring ids and lengths are checked
 * before use, and a device that breaks the protocol is marked failed (its
 * calls return SOLO5_R_EUNSPEC) with one message on the console.
 */
#ifndef VIRTIO_GUEST_VIRTIO_H
#define VIRTIO_GUEST_VIRTIO_H

#include "pc/guest_pc.h"
#include "virtio_pci.h"
#include "virtio_ring.h"

/* guest_ring.c: one split virtqueue of a legacy device. */
struct vq {
    uint16_t iobase;    /* the device's I/O BAR */
    uint16_t index;     /* queue number */
    uint16_t num;       /* entries, a power of two */
    uint16_t avail_idx; /* next avail.idx to publish */
    uint16_t last_used; /* next used ring entry to consume */
    volatile struct virtq_desc *desc;
    volatile struct virtq_avail *avail;
    volatile struct virtq_used *used;
};

/* Set up queue (index) of the device at (iobase); false if it has none. */
bool vq_init(struct vq *q, uint16_t iobase, uint16_t index);
/* Offer the chain starting at descriptor (head) to the device. */
void vq_publish(struct vq *q, uint16_t head);
/* Tell the device about new buffers unless it asked not to be told. */
void vq_notify(struct vq *q);
/* Has the device returned a chain not consumed yet? */
bool vq_has_used(const struct vq *q);
/*
 * Take the next used entry: 1 with *id and *len set, 0 if there is none,
 * -1 if the device published more entries than the queue holds.
 */
int vq_take_used(struct vq *q, uint32_t *id, uint32_t *len);

/* Legacy device status handshake (guest_device.c). */
struct virtio_pci_dev {
    uint16_t iobase;
    uint8_t irq;
    char name[24]; /* "virtio-net 00:03.0", for messages */
};
/* Reset, ACKNOWLEDGE|DRIVER, negotiate: returns the accepted features. */
uint32_t virtio_dev_begin(const struct virtio_pci_dev *d, uint32_t wanted);
void virtio_dev_ready(const struct virtio_pci_dev *d); /* DRIVER_OK */
void virtio_dev_fail(const struct virtio_pci_dev *d);  /* FAILED */

/*
 * A virtio driver: the one record of its device kind on the PC targets,
 * registered with VIRTIO_DRIVER() from the driver's file. Of the
 * manifest's entries of its type, guest_devices.c gives the n-th the n-th
 * legacy function with its virtio id, in PCI order; the Solo5 API reaches
 * the started devices through rt (an RT_DRIVER), whose functions find a
 * handle's device with virtio_device().
 */
struct virtio_driver {
    struct rt_driver rt; /* the manifest type; I/O from the Solo5 API */
    uint16_t virtio_id;  /* the functions' PCI subsystem id */
    const char *name;    /* "virtio-net", for messages */
    /*
     * Start device d for entry e and fill in e's properties: the device's
     * state, or NULL if it could not be used (e stays unattached).
     */
    void *(*attach)(struct mft_entry *e, const struct virtio_pci_dev *d);
    /* A device the guest waits on for input (else NULL): any waiting? */
    bool (*ready)(void *dev);
    /*
     * A device that interrupts on input (else NULL): acknowledge (read
     * the ISR, which lowers INTx). Its line is unmasked when it starts.
     */
    void (*irq_ack)(void *dev);
    /* Output still queued for the device (else NULL): waited for, a bounded
     * time, before the guest exits. */
    bool (*busy)(void *dev);
};
#define VIRTIO_DRIVER(var_)                                                    \
    RT_REGISTER(virtio_drivers, var_);                                         \
    RT_REGISTER_AS(drivers, var_, &var_.rt)

/* guest_devices.c: the state attach() returned for handle h, or NULL. */
void *virtio_device(solo5_handle_t h);

#endif /* VIRTIO_GUEST_VIRTIO_H */
