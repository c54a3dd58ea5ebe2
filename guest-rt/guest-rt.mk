# guest-rt/guest-rt.mk: the guest runtime, laid out as it installs.
#
#   $(BUILD)/lib/vmm/hvt/{libguest-rt.a,start.o,hvt.ld}
#   $(BUILD)/lib/vmm/virtio/{libguest-rt.a,start.o,virtio.ld}
#   $(BUILD)/lib/vmm/xen-pvh/{libguest-rt.a,start.o,xen-pvh.ld}
#   $(BUILD)/include/vmm/{solo5.h,vmm/rt.h,hvt_abi.h,solo5_elf_abi.h,mft_abi.h}
#
# Common code (guest-rt/*.c, *.S) is compiled once; each target's library
# adds that target's binding (guest-rt/<target>/). The virtio library also
# holds the PC layer (guest-rt/pc/) and the guest files of the protocol
# folders: boot/ (Multiboot) and virtio/guest_* (drivers); their host_*
# files belong to vmm. The xen-pvh library holds the same PC layer and
# drivers (its fallback without Xen, and vmm's virtio devices) plus
# guest-rt/xen-pvh and the guest files of xen-pvh/ (guest_*: PVH entry,
# hypercalls, console, events, clocks). start.o (entry point and ABI1
# note) is linked explicitly by vmm-cc, never pulled from the archive.
# Targets: guest-rt (everything above), install-guest:: (see tools/tools.mk).

GRT_OBJ := $(BUILD)/obj/guest-rt
GRT_LIB := $(BUILD)/lib/vmm
GRT_INC := $(BUILD)/include/vmm

GRT_CFLAGS := $(GUEST_CFLAGS) -Iboot -Ivirtio -MMD -MP
GRT_COMMON_OBJS := $(patsubst guest-rt/%.c,$(GRT_OBJ)/%.o,\
                       $(wildcard guest-rt/*.c)) \
                   $(patsubst guest-rt/%.S,$(GRT_OBJ)/%.S.o,\
                       $(wildcard guest-rt/*.S))

# hvt binding: everything in guest-rt/hvt except the start object's parts.
GRT_HVT_START_OBJS := $(GRT_OBJ)/hvt/start.S.o $(GRT_OBJ)/hvt/abi_note.o
GRT_HVT_OBJS := $(filter-out $(GRT_HVT_START_OBJS),\
                    $(patsubst guest-rt/%.c,$(GRT_OBJ)/%.o,\
                        $(wildcard guest-rt/hvt/*.c)))

# virtio binding: guest-rt/virtio, guest-rt/pc, boot/ and virtio/guest_*.
GRT_PROTO_OBJ := $(BUILD)/obj/guest
GRT_VIRTIO_START_OBJS := $(GRT_PROTO_OBJ)/boot/boot.S.o \
                         $(GRT_OBJ)/virtio/abi_note.o
GRT_VIRTIO_OBJS := $(filter-out $(GRT_VIRTIO_START_OBJS),\
                       $(patsubst guest-rt/%.c,$(GRT_OBJ)/%.o,\
                           $(wildcard guest-rt/virtio/*.c guest-rt/pc/*.c)) \
                       $(patsubst guest-rt/%.S,$(GRT_OBJ)/%.S.o,\
                           $(wildcard guest-rt/pc/*.S)) \
                       $(patsubst %.c,$(GRT_PROTO_OBJ)/%.o,\
                           $(filter-out boot/host_%,$(wildcard boot/*.c)) \
                           $(wildcard virtio/guest_*.c)))

# xen-pvh binding: guest-rt/xen-pvh, the PC layer and drivers as for
# virtio (no Multiboot), and xen-pvh/guest_*.
GRT_XEN_START_OBJS := $(GRT_PROTO_OBJ)/xen-pvh/guest_pvh.S.o \
                      $(GRT_OBJ)/xen-pvh/abi_note.o
GRT_XEN_OBJS := $(filter-out $(GRT_XEN_START_OBJS),\
                    $(patsubst guest-rt/%.c,$(GRT_OBJ)/%.o,\
                        $(wildcard guest-rt/xen-pvh/*.c guest-rt/pc/*.c)) \
                    $(patsubst guest-rt/%.S,$(GRT_OBJ)/%.S.o,\
                        $(wildcard guest-rt/pc/*.S)) \
                    $(patsubst %.c,$(GRT_PROTO_OBJ)/%.o,\
                        $(wildcard virtio/guest_*.c xen-pvh/guest_*.c)) \
                    $(patsubst %.S,$(GRT_PROTO_OBJ)/%.S.o,\
                        $(wildcard xen-pvh/guest_*.S)))

GRT_HEADERS := $(GRT_INC)/solo5.h $(GRT_INC)/vmm/rt.h $(GRT_INC)/hvt_abi.h \
               $(GRT_INC)/solo5_elf_abi.h $(GRT_INC)/mft_abi.h
GRT_HVT := $(GRT_LIB)/hvt/libguest-rt.a $(GRT_LIB)/hvt/start.o \
           $(GRT_LIB)/hvt/hvt.ld
GRT_VIRTIO := $(GRT_LIB)/virtio/libguest-rt.a $(GRT_LIB)/virtio/start.o \
              $(GRT_LIB)/virtio/virtio.ld
GRT_XEN := $(GRT_LIB)/xen-pvh/libguest-rt.a $(GRT_LIB)/xen-pvh/start.o \
           $(GRT_LIB)/xen-pvh/xen-pvh.ld

.PHONY: guest-rt
guest-rt: $(GRT_HEADERS) $(GRT_HVT) $(GRT_VIRTIO) $(GRT_XEN)
ALL_TARGETS += guest-rt

# lib.c implements memcpy & co.: keep GCC from turning its loops into calls
# to the very functions being defined.
$(GRT_OBJ)/lib.o: GRT_EXTRA := -fno-tree-loop-distribute-patterns

$(GRT_OBJ)/%.o: guest-rt/%.c
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) $(GRT_EXTRA) -c -o $@ $<

$(GRT_OBJ)/%.S.o: guest-rt/%.S
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) -c -o $@ $<

$(GRT_PROTO_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) -c -o $@ $<

$(GRT_PROTO_OBJ)/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) -c -o $@ $<

$(GRT_LIB)/hvt/libguest-rt.a: $(GRT_COMMON_OBJS) $(GRT_HVT_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(GRT_LIB)/hvt/start.o: $(GRT_HVT_START_OBJS)
	@mkdir -p $(@D)
	$(CC) -nostdlib -r -o $@ $^

$(GRT_LIB)/hvt/hvt.ld: guest-rt/hvt/hvt.ld
	@mkdir -p $(@D)
	cp $< $@

$(GRT_LIB)/virtio/libguest-rt.a: $(GRT_COMMON_OBJS) $(GRT_VIRTIO_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(GRT_LIB)/virtio/start.o: $(GRT_VIRTIO_START_OBJS)
	@mkdir -p $(@D)
	$(CC) -nostdlib -r -o $@ $^

$(GRT_LIB)/virtio/virtio.ld: boot/virtio.ld
	@mkdir -p $(@D)
	cp $< $@

$(GRT_LIB)/xen-pvh/libguest-rt.a: $(GRT_COMMON_OBJS) $(GRT_XEN_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(GRT_LIB)/xen-pvh/start.o: $(GRT_XEN_START_OBJS)
	@mkdir -p $(@D)
	$(CC) -nostdlib -r -o $@ $^

$(GRT_LIB)/xen-pvh/xen-pvh.ld: xen-pvh/xen-pvh.ld
	@mkdir -p $(@D)
	cp $< $@

$(GRT_INC)/%.h: guest-rt/include/%.h
	@mkdir -p $(@D)
	cp $< $@

$(GRT_INC)/%.h: include/%.h
	@mkdir -p $(@D)
	cp $< $@

-include $(wildcard $(GRT_OBJ)/*.d $(GRT_OBJ)/*/*.d $(GRT_PROTO_OBJ)/*/*.d)

.PHONY: install-guest
install-guest:: guest-rt
	install -d $(DESTDIR)$(PREFIX)/lib/vmm/hvt $(DESTDIR)$(PREFIX)/lib/vmm/virtio \
	    $(DESTDIR)$(PREFIX)/lib/vmm/xen-pvh $(DESTDIR)$(PREFIX)/include/vmm/vmm
	install -m 644 $(GRT_HVT) $(DESTDIR)$(PREFIX)/lib/vmm/hvt/
	install -m 644 $(GRT_VIRTIO) $(DESTDIR)$(PREFIX)/lib/vmm/virtio/
	install -m 644 $(GRT_XEN) $(DESTDIR)$(PREFIX)/lib/vmm/xen-pvh/
	install -m 644 $(filter-out $(GRT_INC)/vmm/rt.h,$(GRT_HEADERS)) \
	    $(DESTDIR)$(PREFIX)/include/vmm/
	install -m 644 $(GRT_INC)/vmm/rt.h $(DESTDIR)$(PREFIX)/include/vmm/vmm/
