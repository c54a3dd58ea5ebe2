# tests/images/images.mk: `vmm mkimage` end to end (tests/images/run-images).
#
#   make images-test   build hello.virtio and tls.virtio into ISO and disk
#                      images and boot them under QEMU (TCG): BIOS -cdrom,
#                      BIOS -drive, UEFI -cdrom when OVMF is installed; the
#                      guest's lines and status must match its -kernel run.
#                      Then the refusals (bad inputs, missing or failing
#                      tools, unwritable outputs) leave nothing behind.
#
# Needs Debian's grub-pc-bin, grub-common, xorriso, mtools, qemu-system-x86;
# grub-efi-amd64-bin and ovmf for the UEFI runs (skipped without them).

IMAGES_DIR := tests/images

.PHONY: images-test

images-test: $(VMM_BIN) $(BUILD)/tests/guests/hello.virtio \
             $(BUILD)/tests/guests/tls.virtio $(BUILD)/tests/guests/hello.hvt
	$(IMAGES_DIR)/run-images --build $(BUILD)
