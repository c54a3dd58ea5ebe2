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
# run-images uses `vmm mkimage` when vmm offers it, else IMAGES_MKIMAGE: a
# program of its own around mkimage_main() and the objects it needs.

IMAGES_DIR := tests/images
IMAGES_OUT := $(BUILD)/tests/images
IMAGES_MKIMAGE := $(IMAGES_OUT)/mkimage
IMAGES_MKIMAGE_OBJS = $(filter $(BUILD)/boot/host_mkimage% \
                          $(BUILD)/boot/host_iso% $(BUILD)/boot/host_disk% \
                          $(BUILD)/boot/host_multiboot.o \
                          $(BUILD)/boot/host_mb_elf.o \
                          $(BUILD)/boot/host_mb_tls.o,$(VMM_OBJS))

.PHONY: images-test

$(IMAGES_MKIMAGE): $(IMAGES_DIR)/mkimage_main.c $(IMAGES_MKIMAGE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(VMM_CFLAGS) -o $@ $^

images-test: $(IMAGES_MKIMAGE) $(VMM_BIN) $(BUILD)/tests/guests/hello.virtio \
             $(BUILD)/tests/guests/tls.virtio $(BUILD)/tests/guests/hello.hvt
	$(IMAGES_DIR)/run-images --build $(BUILD)
