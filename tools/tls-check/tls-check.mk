# tools/tls-check/tls-check.mk: `vmm tls-check`, the TLS conformance tool.
# Its C files (here, linked into vmm, registered as a command) compare and
# print; tls-check-run (with tls-check-vmm.sh and tls-check-qemu.sh, which
# it sources from its own directory) builds and boots the guest;
# tests/guests/tls.c is the guest, tls.facts the reference.
#
#   $(BUILD)/lib/vmm/tls-check/{tls-check-run,tls-check-vmm.sh,
#                        tls-check-qemu.sh,tls.c,tls.facts}
#                        what `vmm tls-check` runs and reads, found from
#                        vmm's own directory (../lib/vmm/tls-check)
#   make tls-check       every target on every host: vmm (this machine's
#                        /dev/kvm, or the KVM box without one), vmm-box
#                        (always the KVM box, one boot for every box
#                        column), qemu, qemu-wrmsr, iso-bios, iso-uefi
#                        (17-24 s here); fails unless every column agrees
#                        with the reference; results in $(BUILD)/tls-check
#   make tls-check-selftest   the tool must fail, marking exactly the
#                        expected cells, on two broken variants: a runtime
#                        that aligns tp to 16 instead of p_align (every
#                        target and host), and a Multiboot header whose
#                        load_end_addr leaves .tdata out (qemu -kernel),
#                        and a QEMU that keeps FSGSBASE for the qemu-wrmsr
#                        column; and must report a missing OVMF as a skip and a
#                        missing QEMU as columns not run (22-27 s here)
#   install-guest::      also installs $(PREFIX)/lib/vmm/tls-check/

TLS_CHECK_LIB := $(BUILD)/lib/vmm/tls-check
# sourced by tls-check-run
TLS_CHECK_SOURCED := $(TLS_CHECK_LIB)/tls-check-vmm.sh \
                     $(TLS_CHECK_LIB)/tls-check-qemu.sh
TLS_CHECK_FILES := $(TLS_CHECK_LIB)/tls-check-run $(TLS_CHECK_SOURCED) \
                   $(TLS_CHECK_LIB)/tls.c $(TLS_CHECK_LIB)/tls.facts
TLS_BROKEN := $(BUILD)/tests/tls-check/broken
TLS_BROKEN_IMAGES := $(TLS_BROKEN)/tls.hvt $(TLS_BROKEN)/tls.virtio \
                     $(TLS_BROKEN)/tls.xen

ALL_TARGETS += $(TLS_CHECK_FILES)
.PHONY: tls-check tls-check-selftest

# The KVM box is found in this source tree (or through $KVMBOX).
$(TLS_CHECK_LIB)/tls-check-run: tools/tls-check/tls-check-run
	@mkdir -p $(@D)
	sed -e 's|@KVMBOX@|$(abspath tools/kvmbox/kvmbox)|g' $< > $@.tmp
	chmod 755 $@.tmp
	mv $@.tmp $@

$(TLS_CHECK_LIB)/%.sh: tools/tls-check/%.sh
	@mkdir -p $(@D)
	cp $< $@

$(TLS_CHECK_LIB)/tls.%: tests/guests/tls.%
	@mkdir -p $(@D)
	cp $< $@

tls-check: all $(TLS_CHECK_FILES)
	$(VMM_BIN) tls-check --out $(BUILD)/tls-check

# The broken runtime: guest-rt/tls.c with tp aligned to 16, linked ahead of
# libguest-rt.a so that the archive's tls.o is never pulled in.
$(TLS_BROKEN)/tls-tp16.o: guest-rt/tls.c guest-rt/kernel.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(GRT_CFLAGS)) -DRT_TLS_TEST_TP_ALIGN=16 \
	    -c -o $@ $<

$(TLS_BROKEN)/tls.hvt: tests/guests/tls.c $(TLS_BROKEN)/tls-tp16.o \
                       $(GUEST_TOOLCHAIN) $(GRT_HVT)
	$(BUILD)/bin/vmm-cc --target=hvt $(GUEST_TEST_CFLAGS) -o $@ $< \
	    $(TLS_BROKEN)/tls-tp16.o

$(TLS_BROKEN)/tls.virtio: tests/guests/tls.c $(TLS_BROKEN)/tls-tp16.o \
                          $(GUEST_TOOLCHAIN) $(GRT_VIRTIO) $(VMM_BIN)
	$(BUILD)/bin/vmm-cc --target=virtio $(GUEST_TEST_CFLAGS) -o $@ $< \
	    $(TLS_BROKEN)/tls-tp16.o

$(TLS_BROKEN)/tls.xen: tests/guests/tls.c $(TLS_BROKEN)/tls-tp16.o \
                       $(GUEST_TOOLCHAIN) $(GRT_XEN) $(VMM_BIN)
	$(BUILD)/bin/vmm-cc --target=xen-pvh $(GUEST_TEST_CFLAGS) -o $@ $< \
	    $(TLS_BROKEN)/tls-tp16.o

tls-check-selftest: all $(TLS_CHECK_FILES) $(TLS_BROKEN_IMAGES) $(BUILD)/tests/guests/tls.virtio
	tools/tls-check/tls-check-selftest $(BUILD)

install-guest:: $(TLS_CHECK_FILES)
	install -d $(DESTDIR)$(PREFIX)/lib/vmm/tls-check
	install -m 755 $(TLS_CHECK_LIB)/tls-check-run \
	    $(DESTDIR)$(PREFIX)/lib/vmm/tls-check/
	install -m 644 $(TLS_CHECK_SOURCED) $(TLS_CHECK_LIB)/tls.c \
	    $(TLS_CHECK_LIB)/tls.facts $(DESTDIR)$(PREFIX)/lib/vmm/tls-check/
