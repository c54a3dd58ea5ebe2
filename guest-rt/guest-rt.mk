# guest-rt/guest-rt.mk: the guest runtimes, laid out as they install.
#
#   $(BUILD)/lib/vmm/hvt/{libguest-rt.a,start.o,hvt.ld}
#   $(BUILD)/lib/vmm/virtio/{libguest-rt.a,start.o,virtio.ld}
#   $(BUILD)/lib/vmm/xen-pvh/{libguest-rt.a,start.o,xen-pvh.ld}
#   $(BUILD)/include/vmm/{solo5.h,guest-rt/rt.h,hvt_abi.h,solo5_elf_abi.h,
#                         mft_abi.h}
#
# The target-independent runtime (guest-rt/*.c, *.S) is compiled once; each
# target's library adds its binding, which lives with its protocol: hvt/,
# boot/ (Multiboot, the virtio target) and xen-pvh/, whose fragments list
# it, with the PC layer (pc/guest_*) and the virtio drivers
# (virtio/guest_*) for the PC-style targets. start.o (entry point, ABI1
# note, and the files that register records with RT_REGISTER: device
# drivers) is linked whole by vmm-cc, never pulled from the archive.
# Targets: guest-rt (everything above), install-guest:: (see tools/tools.mk).

GRT_OBJ := $(BUILD)/obj/guest
GRT_LIB := $(BUILD)/lib/vmm
GRT_INC := $(BUILD)/include/vmm

GRT_CFLAGS := $(GUEST_CFLAGS) -MMD -MP
# A guest source's object: x.c -> $(GRT_OBJ)/x.o, x.S -> $(GRT_OBJ)/x.S.o.
grt_objs = $(patsubst %.c,$(GRT_OBJ)/%.o,$(filter %.c,$(1))) \
           $(patsubst %.S,$(GRT_OBJ)/%.S.o,$(filter %.S,$(1)))
GRT_COMMON_OBJS := $(call grt_objs,$(wildcard guest-rt/*.c guest-rt/*.S))

GRT_HEADERS := $(GRT_INC)/solo5.h $(GRT_INC)/guest-rt/rt.h \
               $(GRT_INC)/hvt_abi.h $(GRT_INC)/solo5_elf_abi.h \
               $(GRT_INC)/mft_abi.h $(GRT_INC)/vmm/rt.h

# One runtime per target T in GRT_TARGETS, from the target folder's
# fragment: GRT_SRCS_T (the library's sources beyond guest-rt/), GRT_START_T
# (the start object's) and GRT_LDS_T (the linker script).
# $(GRT_LIB)/T/{libguest-rt.a,start.o,<script>}; GRT_FILES_T lists them.
define GRT_TARGET
GRT_FILES_$(1) := $(GRT_LIB)/$(1)/libguest-rt.a $(GRT_LIB)/$(1)/start.o \
                  $(GRT_LIB)/$(1)/$(notdir $(GRT_LDS_$(1)))

$(GRT_LIB)/$(1)/libguest-rt.a: $(GRT_COMMON_OBJS) \
                               $(call grt_objs,$(GRT_SRCS_$(1)))
	@mkdir -p $$(@D)
	rm -f $$@
	$$(AR) rcs $$@ $$^

$(GRT_LIB)/$(1)/start.o: $(call grt_objs,$(GRT_START_$(1)))
	@mkdir -p $$(@D)
	$$(CC) -nostdlib -r -o $$@ $$^

$(GRT_LIB)/$(1)/$(notdir $(GRT_LDS_$(1))): $(GRT_LDS_$(1))
	@mkdir -p $$(@D)
	cp $$< $$@
endef
$(foreach t,$(GRT_TARGETS),$(eval $(call GRT_TARGET,$(t))))
GRT_HVT := $(GRT_FILES_hvt)
GRT_VIRTIO := $(GRT_FILES_virtio)
GRT_XEN := $(GRT_FILES_xen-pvh)

.PHONY: guest-rt
guest-rt: $(GRT_HEADERS) $(foreach t,$(GRT_TARGETS),$(GRT_FILES_$(t)))
ALL_TARGETS += guest-rt

# lib.c implements memcpy & co.: keep GCC from turning its loops into calls
# to the very functions being defined.
$(GRT_OBJ)/guest-rt/lib.o: GRT_EXTRA := -fno-tree-loop-distribute-patterns

$(GRT_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) $(GRT_EXTRA) -c -o $@ $<

$(GRT_OBJ)/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(GRT_CFLAGS) -c -o $@ $<

$(GRT_INC)/%.h: guest-rt/include/%.h
	@mkdir -p $(@D)
	cp $< $@

$(GRT_INC)/%.h: include/%.h
	@mkdir -p $(@D)
	cp $< $@

# The runtime's header was installed as vmm/rt.h before it moved to
# guest-rt/rt.h: the old name forwards to it.
$(GRT_INC)/vmm/rt.h:
	@mkdir -p $(@D)
	printf '/* vmm/rt.h: the old name of guest-rt/rt.h */\n#include "../guest-rt/rt.h"\n' >$@

-include $(shell find $(GRT_OBJ) -name '*.d' 2>/dev/null)

.PHONY: install-guest
install-guest:: guest-rt
	install -d $(DESTDIR)$(PREFIX)/lib/vmm/hvt $(DESTDIR)$(PREFIX)/lib/vmm/virtio \
	    $(DESTDIR)$(PREFIX)/lib/vmm/xen-pvh $(DESTDIR)$(PREFIX)/include/vmm/vmm \
	    $(DESTDIR)$(PREFIX)/include/vmm/guest-rt
	install -m 644 $(GRT_HVT) $(DESTDIR)$(PREFIX)/lib/vmm/hvt/
	install -m 644 $(GRT_VIRTIO) $(DESTDIR)$(PREFIX)/lib/vmm/virtio/
	install -m 644 $(GRT_XEN) $(DESTDIR)$(PREFIX)/lib/vmm/xen-pvh/
	install -m 644 $(filter-out %/rt.h,$(GRT_HEADERS)) \
	    $(DESTDIR)$(PREFIX)/include/vmm/
	install -m 644 $(GRT_INC)/guest-rt/rt.h \
	    $(DESTDIR)$(PREFIX)/include/vmm/guest-rt/
	install -m 644 $(GRT_INC)/vmm/rt.h $(DESTDIR)$(PREFIX)/include/vmm/vmm/
