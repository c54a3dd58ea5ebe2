# tests/guests/guests.mk: guest test images, built with vmm-cc like any
# unikernel. tests/guests/NAME.c -> $(BUILD)/tests/guests/NAME.hvt; when
# tests/guests/NAME.json exists it is the image's manifest. The .test files
# next to them are read by tools/run-guests.
# Defines: GUEST_IMAGES, and the target `guests` (all images).

GUEST_IMAGES := $(patsubst tests/guests/%.c,$(BUILD)/tests/guests/%.hvt,\
                    $(wildcard tests/guests/*.c))
GUEST_TEST_CFLAGS := -std=c11 -O2 -g $(WARN)
GUEST_TOOLCHAIN := $(BUILD)/bin/vmm-cc $(BUILD)/bin/vmm-mft $(GRT_HEADERS) \
                   $(GRT_HVT)

.PHONY: guests
guests: $(GUEST_IMAGES)

$(BUILD)/tests/guests/%.hvt: tests/guests/%.c $(GUEST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=hvt $(GUEST_TEST_CFLAGS) \
	    $(addprefix --manifest=,$(wildcard tests/guests/$*.json)) -o $@ $<

# Rebuild an image when its manifest changes.
$(foreach j,$(wildcard tests/guests/*.json),\
    $(eval $(BUILD)/tests/guests/$(basename $(notdir $(j))).hvt: $(j)))
