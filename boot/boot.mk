# boot/: Multiboot and the virtio target. host_*.c go into vmm (loader,
# target plug-in, mkimage); guest_* are the virtio runtime's binding, with
# guest_entry.S and guest_note.c (and the virtio drivers) as its start
# object.
VMM_SRCS += $(wildcard boot/host_*.c)
GRT_TARGETS += virtio
GRT_START_virtio = boot/guest_entry.S boot/guest_note.c \
                   $(GRT_VIRTIO_DRV_SRCS)
GRT_SRCS_virtio = $(GRT_PC_SRCS) \
                  $(filter-out $(GRT_START_virtio),$(wildcard boot/guest_*.c))
GRT_LDS_virtio := boot/virtio.ld
