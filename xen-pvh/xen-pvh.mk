# xen-pvh/: PVH and the Xen shim. host_*.c go into vmm; guest_* are the
# xen-pvh runtime's binding (PVH entry, hypercalls, console, events,
# clocks), which also carries the PC layer and virtio drivers (its
# fallback without Xen, and vmm's virtio devices; the drivers in its start
# object, as on virtio).
VMM_SRCS += $(wildcard xen-pvh/host_*.c)
GRT_TARGETS += xen-pvh
GRT_START_xen-pvh = xen-pvh/guest_pvh.S xen-pvh/guest_note.c \
                    $(GRT_VIRTIO_DRV_SRCS)
GRT_SRCS_xen-pvh = $(GRT_PC_SRCS) \
                   $(filter-out $(GRT_START_xen-pvh),\
                       $(wildcard xen-pvh/guest_*.c xen-pvh/guest_*.S))
GRT_LDS_xen-pvh := xen-pvh/xen-pvh.ld
