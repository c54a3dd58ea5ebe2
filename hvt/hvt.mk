# hvt/: the Solo5 hvt target. host_*.c go into vmm (loader, hypercall
# handlers); guest_* are the hvt runtime's binding, all of it in the start
# object (guest_start.S, guest_note.c, ...): its device drivers register
# themselves (RT_DRIVER), and nothing would pull them from an archive.
VMM_SRCS += $(wildcard hvt/host_*.c)
GRT_TARGETS += hvt
GRT_START_hvt := $(wildcard hvt/guest_*.S hvt/guest_*.c)
GRT_SRCS_hvt =
GRT_LDS_hvt := hvt/hvt.ld
