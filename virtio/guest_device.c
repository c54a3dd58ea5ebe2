/*
 * guest_device.c: the legacy virtio-PCI status handshake.
 *
 * Reset (status 0), ACKNOWLEDGE, DRIVER, read the host features, write the
 * subset the driver uses (legacy devices have no FEATURES_OK step), set up
 * the queues (the driver), then DRIVER_OK. A driver that gives up sets
 * FAILED so the device stops using the rings.
 */
#include "guest_virtio.h"

uint32_t virtio_dev_begin(const struct virtio_pci_dev *d, uint32_t wanted)
{
    outb(d->iobase + VIRTIO_PCI_STATUS, 0);
    outb(d->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    outb(d->iobase + VIRTIO_PCI_STATUS,
         VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint32_t features = inl(d->iobase + VIRTIO_PCI_HOST_FEATURES) & wanted;
    outl(d->iobase + VIRTIO_PCI_GUEST_FEATURES, features);
    return features;
}

void virtio_dev_ready(const struct virtio_pci_dev *d)
{
    outb(d->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
                                            VIRTIO_STATUS_DRIVER |
                                            VIRTIO_STATUS_DRIVER_OK);
}

void virtio_dev_fail(const struct virtio_pci_dev *d)
{
    outb(d->iobase + VIRTIO_PCI_STATUS, VIRTIO_STATUS_FAILED);
}
