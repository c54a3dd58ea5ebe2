# tools/bench: `make bench` (reported, never asserted).
BENCH_EXITS := $(addprefix $(BUILD)/tools/bench/exits.,hvt virtio xen)

$(BUILD)/tools/runtimes: tools/bench/runtimes.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<

$(BUILD)/tools/marktime: tools/bench/marktime.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<

$(BUILD)/tools/bench/exits.hvt: tools/bench/exits.c $(GUEST_TOOLCHAIN) $(GRT_HVT)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=hvt $(GUEST_TEST_CFLAGS) -o $@ $<

$(BUILD)/tools/bench/exits.virtio: tools/bench/exits.c $(GUEST_TOOLCHAIN) \
                                   $(GRT_VIRTIO) $(VMM_BIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=virtio $(GUEST_TEST_CFLAGS) -o $@ $<

$(BUILD)/tools/bench/exits.xen: tools/bench/exits.c $(GUEST_TOOLCHAIN) \
                                $(GRT_XEN) $(VMM_BIN)
	@mkdir -p $(@D)
	$(BUILD)/bin/vmm-cc --target=xen-pvh $(GUEST_TEST_CFLAGS) -o $@ $<

bench: all guests $(BUILD)/tools/runtimes $(BENCH_EXITS) $(BUILD)/tools/marktime
	tools/bench/bench-hello
	tools/bench/bench-linux

# Linux through PVH alone (part of bench)
.PHONY: bench-linux
bench-linux: all $(BUILD)/tools/marktime
	tools/bench/bench-linux
