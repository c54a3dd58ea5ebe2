# vmm/: the host binary, linked statically so it also runs in the KVM box.
# Host code of the protocol folders (boot/, virtio/, xen-pvh/) is named
# host_*.c there and linked in too; their other files are guest code.
VMM_SRCS := $(wildcard vmm/*.c) $(wildcard boot/host_*.c) \
            $(wildcard virtio/host_*.c) $(wildcard xen-pvh/host_*.c)
VMM_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(VMM_SRCS))
VMM_BIN  := $(BUILD)/bin/vmm
VMM_CFLAGS = $(HOST_CFLAGS) -Ivmm -I.
# libseccomp and libcap (Debian libseccomp-dev, libcap-dev): the sandbox.
VMM_LIBS := -lseccomp -lcap -lpthread

ALL_TARGETS += $(VMM_BIN)

$(BUILD)/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/boot/host_%.o: boot/host_%.c
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/virtio/host_%.o: virtio/host_%.c
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/xen-pvh/host_%.o: xen-pvh/host_%.c
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(VMM_BIN): $(VMM_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $(VMM_OBJS) $(VMM_LIBS)

-include $(VMM_OBJS:.o=.d)
