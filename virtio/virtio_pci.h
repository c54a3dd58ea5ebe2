/*
 * virtio_pci.h: legacy ("transitional") virtio over PCI with an I/O BAR, as
 * both the guest drivers and vmm's device models see it. Self-contained C99.
 * Facts from the virtio 1.x spec, section 4.1.4.10 "Legacy Interfaces".
 * The PCI side (configuration mechanism, registers) is the PC's: pc_wire.h.
 */
#ifndef VMM_VIRTIO_PCI_H
#define VMM_VIRTIO_PCI_H

#include <stdint.h>

#include "pc/pc_wire.h" /* PCI configuration space */

/* PCI identity of legacy virtio devices. */
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_NET 0x1000
#define VIRTIO_PCI_DEVICE_BLK 0x1001
#define VIRTIO_ID_NET 1 /* PCI subsystem device id */
#define VIRTIO_ID_BLK 2

/* Legacy register block at the start of I/O BAR 0 (no MSI-X). */
#define VIRTIO_PCI_HOST_FEATURES 0  /* 32, RO  */
#define VIRTIO_PCI_GUEST_FEATURES 4 /* 32, RW  */
#define VIRTIO_PCI_QUEUE_PFN 8      /* 32, RW: queue address >> 12 */
#define VIRTIO_PCI_QUEUE_NUM 12     /* 16, RO: size of the selected queue */
#define VIRTIO_PCI_QUEUE_SEL 14     /* 16, RW */
#define VIRTIO_PCI_QUEUE_NOTIFY 16  /* 16, RW: queue index */
#define VIRTIO_PCI_STATUS 18        /* 8, RW */
#define VIRTIO_PCI_ISR 19           /* 8, RO: reading clears it */
#define VIRTIO_PCI_CONFIG 20        /* device-specific config follows */
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT 12

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

/* virtio-net: features, queues, config and the per-packet header. */
#define VIRTIO_NET_F_MTU (1u << 3)
#define VIRTIO_NET_F_MAC (1u << 5)
#define VIRTIO_NET_F_STATUS (1u << 16)
#define VIRTIO_NET_Q_RX 0
#define VIRTIO_NET_Q_TX 1
#define VIRTIO_NET_CFG_MAC 0    /* 6 bytes */
#define VIRTIO_NET_CFG_STATUS 6 /* 16 bits */
#define VIRTIO_NET_CFG_MTU 10   /* 16 bits (after max_virtqueue_pairs) */

/* Without VIRTIO_NET_F_MRG_RXBUF and VIRTIO_F_VERSION_1: 10 bytes. */
struct virtio_net_hdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
};
_Static_assert(sizeof(struct virtio_net_hdr) == 10, "virtio_net_hdr layout");

/* virtio-blk: config, request header and status byte. */
#define VIRTIO_BLK_CFG_CAPACITY 0 /* 64 bits, in 512-byte sectors */
#define VIRTIO_BLK_CFG_BLK_SIZE 20 /* 32 bits, with VIRTIO_BLK_F_BLK_SIZE */
#define VIRTIO_BLK_SECTOR_SIZE 512 /* the unit of capacity and sector */
#define VIRTIO_BLK_F_RO (1u << 5) /* the device refuses writes */
#define VIRTIO_BLK_F_BLK_SIZE (1u << 6) /* blk_size: the device's block */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

struct virtio_blk_req_hdr {
    uint32_t type;   /* IN: VIRTIO_BLK_T_* */
    uint32_t ioprio; /* IN: ignored */
    uint64_t sector; /* IN: 512-byte sector */
};
_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "blk header layout");

#endif /* VMM_VIRTIO_PCI_H */
