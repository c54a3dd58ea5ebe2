# pc/: the emulated PC. host_*.c go into vmm; guest_*.c and guest_*.S are
# the guest's PC layer, linked into the virtio and xen-pvh runtimes.
VMM_SRCS += $(wildcard pc/host_*.c)
GRT_PC_SRCS := $(wildcard pc/guest_*.c pc/guest_*.S)
