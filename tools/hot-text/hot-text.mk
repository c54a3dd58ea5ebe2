# tools/hot-text/: the order of vmm's code (README.md there). Targets:
#   make hot-text        remake vmm/vmm-hot.ld from traced hello runs
#   make hot-text-check  (part of make test) vmm was linked with it, and
#                        bptrace sees what a run reaches

# static: it runs in the KVM box too
$(BUILD)/tools/bptrace: tools/hot-text/bptrace.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<

.PHONY: hot-text hot-text-check print-vmm-link
hot-text: all guests $(BUILD)/tools/bptrace
	tools/hot-text/hot-text $(BUILD)
	$(MAKE) all

print-vmm-link:
	@echo $(VMM_OBJS) $(VMM_LIBS)

TEST_TARGETS += hot-text-check
hot-text-check: $(VMM_BIN) $(BUILD)/tools/bptrace
	tools/hot-text/check $(VMM_BIN) vmm/vmm-hot.ld
	tools/hot-text/bptrace-check $(BUILD)/tools/bptrace $(VMM_BIN)
