# tools/tools.mk: guest build tools, installed next to vmm.
#
#   $(BUILD)/bin/vmm-mft  manifest JSON -> C source of the MFT1 note
#   $(BUILD)/bin/vmm-cc   cc wrapper that builds images against guest-rt
#
# vmm-cc finds vmm-mft in its own directory and guest-rt in ../lib/vmm and
# ../include/vmm, so build/ works like an installed prefix.
# Targets: guest-tools, install-guest:: (with guest-rt/guest-rt.mk), and
#
#   make layout-check     (part of make test) no file of code outside tests/
#                         over 300 lines, and tools/include-graph: the
#                         folders' includes run one way (tools/layout-check)

.PHONY: guest-tools
guest-tools: $(BUILD)/bin/vmm-mft $(BUILD)/bin/vmm-cc
ALL_TARGETS += guest-tools

$(BUILD)/bin/vmm-mft: tools/mftgen.c tools/mftgen_json.c tools/mftgen.h \
                     include/mft_abi.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ tools/mftgen.c tools/mftgen_json.c

$(BUILD)/bin/vmm-cc: tools/vmm-cc.in
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|g' $< > $@.tmp
	chmod 755 $@.tmp
	mv $@.tmp $@

install-guest:: guest-tools
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/bin/vmm-mft $(BUILD)/bin/vmm-cc \
	    $(DESTDIR)$(PREFIX)/bin/

.PHONY: layout-check
layout-check:
	tools/layout-check
TEST_TARGETS += layout-check
