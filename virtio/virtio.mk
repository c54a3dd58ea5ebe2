# virtio/: host device models (host_*.c, into vmm); guest drivers and
# their Solo5 glue (guest_*.c, into the virtio and xen-pvh runtimes' start
# objects, linked whole: the drivers register themselves, RT_DRIVER and
# VIRTIO_DRIVER, and nothing would pull them from an archive).
VMM_SRCS += $(wildcard virtio/host_*.c)
GRT_VIRTIO_DRV_SRCS := $(wildcard virtio/guest_*.c)
