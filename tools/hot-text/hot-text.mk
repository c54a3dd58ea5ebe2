# tools/hot-text/: the order of vmm's code (README.md there). Targets:
#   make hot-text        remake vmm/vmm-hot.ld from traced hello runs
#   make hot-text-check  (part of make test) vmm was linked with it

$(BUILD)/tools/steptrace: tools/hot-text/steptrace.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<

.PHONY: hot-text hot-text-check print-vmm-link
hot-text: all guests $(BUILD)/tools/steptrace
	tools/hot-text/hot-text $(BUILD)
	$(MAKE) all

print-vmm-link:
	@echo $(VMM_OBJS) $(VMM_LIBS)

TEST_TARGETS += hot-text-check
hot-text-check: $(VMM_BIN)
	tools/hot-text/check $(VMM_BIN) vmm/vmm-hot.ld
