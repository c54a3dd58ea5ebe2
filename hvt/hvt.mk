# hvt/: the Solo5 hvt target. host_*.c go into vmm (loader, hypercall
# handlers); guest_* are the hvt runtime's binding, with guest_start.S and
# guest_note.c as its start object.
VMM_SRCS += $(wildcard hvt/host_*.c)
GRT_TARGETS += hvt
GRT_START_hvt := hvt/guest_start.S hvt/guest_note.c
GRT_SRCS_hvt = $(filter-out $(GRT_START_hvt),$(wildcard hvt/guest_*.c))
GRT_LDS_hvt := hvt/hvt.ld
