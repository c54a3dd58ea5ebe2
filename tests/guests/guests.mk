# tests/guests/guests.mk: guest test images, built with vmm-cc like any
# unikernel. tests/guests/NAME.c -> $(BUILD)/tests/guests/NAME.hvt,
# NAME.virtio and NAME.xen (the last two except for the hvt-only programs
# in GUEST_HVT_ONLY); when tests/guests/NAME.json exists it is the image's
# manifest. A folder tests/guests/NAME/ is a guest without guest-rt
# (GUEST_RAW_XEN). The .test files next to them are read by
# tools/run-guests.
# Defines: GUEST_IMAGES, GUEST_VIRTIO_IMAGES, GUEST_XEN_IMAGES, and the
# targets `guests` (all images, and the TLS header check below) and
# `tls-header-check`.

GUEST_HVT_ONLY := badcall hostile-hvt
GUEST_IMAGES := $(patsubst tests/guests/%.c,$(BUILD)/tests/guests/%.hvt,\
                    $(wildcard tests/guests/*.c))
GUEST_VIRTIO_IMAGES := $(patsubst tests/guests/%.c,$(BUILD)/tests/guests/%.virtio,\
                           $(filter-out $(GUEST_HVT_ONLY:%=tests/guests/%.c),\
                               $(wildcard tests/guests/*.c)))
GUEST_XEN_IMAGES := $(patsubst %.virtio,%.xen,$(GUEST_VIRTIO_IMAGES))
GUEST_TEST_CFLAGS := -std=c11 -O2 -g $(WARN)
GUEST_TOOLCHAIN := $(BUILD)/bin/vmm-cc $(BUILD)/bin/vmm-mft $(GRT_HEADERS)
TLS_HEADER_STAMP := $(BUILD)/tests/guests/tls-header-check.ok

# Guests without guest-rt, each a folder tests/guests/NAME/ of its own
# entry (assembly), C and linker script: NAME.xen, a PVH image.
GUEST_RAW_XEN := $(BUILD)/tests/guests/pvh-1gib.xen
# ... and NAME.virtio, an ELF32 Multiboot kernel (32-bit assembly alone:
# as --32 and ld -m elf_i386 need no 32-bit C library)
GUEST_RAW_VIRTIO := $(BUILD)/tests/guests/mb32-vga.virtio
GUEST_RAW_CFLAGS := $(GUEST_CFLAGS) -mgeneral-regs-only \
                    -fno-tree-loop-distribute-patterns -static -no-pie \
                    -Wl,--build-id=none -z noexecstack

.PHONY: guests tls-header-check
guests: $(GUEST_IMAGES) $(GUEST_VIRTIO_IMAGES) $(GUEST_XEN_IMAGES) \
        $(GUEST_RAW_XEN) $(GUEST_RAW_VIRTIO) $(TLS_HEADER_STAMP)

$(GUEST_RAW_XEN): $(BUILD)/tests/guests/%.xen: tests/guests/%/entry.S \
                                              tests/guests/%/main.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_RAW_CFLAGS) -T tests/guests/$*/$*.ld -o $@ $(filter %.S %.c,$^)
$(GUEST_RAW_VIRTIO): $(BUILD)/tests/guests/%.virtio: tests/guests/%/entry.S
	@mkdir -p $(@D)
	$(CC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none \
	    -Wl,--fatal-warnings -z noexecstack -T tests/guests/$*/$*.ld -o $@ $<
$(BUILD)/tests/guests/mb32-vga.virtio: tests/guests/mb32-vga/mb32-vga.ld
$(BUILD)/tests/guests/pvh-1gib.xen: tests/guests/pvh-1gib/pvh-1gib.ld \
                                    xen-pvh/guest_pvh_note.h

$(BUILD)/tests/guests/%.hvt: tests/guests/%.c $(GUEST_TOOLCHAIN) $(GRT_HVT)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=hvt $(GUEST_TEST_CFLAGS) \
	    $(addprefix --manifest=,$(wildcard tests/guests/$*.json)) -o $@ $<

# vmm-cc checks every virtio and xen-pvh image with `vmm check`, hence the
# vmm binary.
$(BUILD)/tests/guests/%.virtio: tests/guests/%.c $(GUEST_TOOLCHAIN) \
                                $(GRT_VIRTIO) $(VMM_BIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=virtio $(GUEST_TEST_CFLAGS) \
	    $(addprefix --manifest=,$(wildcard tests/guests/$*.json)) -o $@ $<

$(BUILD)/tests/guests/%.xen: tests/guests/%.c $(GUEST_TOOLCHAIN) $(GRT_XEN) \
                             $(VMM_BIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=xen-pvh $(GUEST_TEST_CFLAGS) \
	    $(addprefix --manifest=,$(wildcard tests/guests/$*.json)) -o $@ $<

# solo5-exit stands for a Solo5-built virtio image: guest-rt's EXIT note
# (include/vmm_exit_note.h) is taken out, so vmm reads its end by Solo5's
# virtio exit convention, as it would a Solo5 image's.
$(BUILD)/tests/guests/solo5-exit.virtio: tests/guests/solo5-exit.c \
                                         $(GUEST_TOOLCHAIN) $(GRT_VIRTIO) \
                                         $(VMM_BIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=virtio $(GUEST_TEST_CFLAGS) -o $@.full $<
	objcopy --remove-section=.note.vmm.exit $@.full $@
	rm -f $@.full

# The PC tests that take over an interrupt share pc-test.h.
$(foreach g,pit-solo5 uart,$(foreach e,hvt virtio xen,\
    $(eval $(BUILD)/tests/guests/$(g).$(e): tests/guests/pc-test.h)))

# The guests that take their port I/O from port_io.h.
$(foreach g,unserved-io pci-config,\
    $(BUILD)/tests/guests/$(g).hvt $(BUILD)/tests/guests/$(g).virtio \
    $(BUILD)/tests/guests/$(g).xen): tests/guests/port_io.h

# Rebuild an image when its manifest changes.
$(foreach j,$(wildcard tests/guests/*.json),\
    $(eval $(BUILD)/tests/guests/$(basename $(notdir $(j))).hvt: $(j)) \
    $(eval $(BUILD)/tests/guests/$(basename $(notdir $(j))).virtio: $(j)) \
    $(eval $(BUILD)/tests/guests/$(basename $(notdir $(j))).xen: $(j)))

# The build must refuse a Multiboot image whose load_end_addr leaves .tdata
# out (its initial values would silently read as 0). Fails unless both the
# link (virtio.ld) and `vmm check` refuse such an image; see the script.
TLS_HEADER_DEPS := tests/guests/tls-header-check tests/guests/tls.c \
                   $(BUILD)/tests/guests/tls.virtio $(GUEST_TOOLCHAIN) \
                   $(GRT_VIRTIO) $(VMM_BIN)

tls-header-check: $(TLS_HEADER_DEPS)
	tests/guests/tls-header-check $(BUILD)

$(TLS_HEADER_STAMP): $(TLS_HEADER_DEPS)
	tests/guests/tls-header-check $(BUILD)
	@touch $@

# hostile-host-check: what needs the running vmm process (its /proc status
# under the sandbox, SIGTERM of a spinning guest, SIGKILL right after
# reported block writes, read-only block devices, the KVM it names), on
# every target, on this machine's /dev/kvm (host vmm) and in the KVM box
# (host vmm-box); see the script. Part of `make test`.
HOSTILE_HOST_IMAGES := $(foreach g,hostile-sleep hostile-loop hostile-durable \
                                     hostile-triple hostile-map dumpcore,\
                           $(addprefix $(BUILD)/tests/guests/$(g).,hvt virtio xen))
.PHONY: hostile-host-check
hostile-host-check: $(VMM_BIN) $(HOSTILE_HOST_IMAGES)
	@fail=0; for h in vmm vmm-box; do \
	    tests/guests/hostile-host-check --host $$h --vmm $(VMM_BIN) \
	        --images $(BUILD)/tests/guests || fail=1; \
	done; exit $$fail
TEST_TARGETS += hostile-host-check
