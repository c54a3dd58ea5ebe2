# virtio/: host device models (host_*.c, into vmm); guest drivers and
# their Solo5 glue (guest_*.c, into the virtio and xen-pvh runtimes).
VMM_SRCS += $(wildcard virtio/host_*.c)
GRT_VIRTIO_DRV_SRCS := $(wildcard virtio/guest_*.c)
