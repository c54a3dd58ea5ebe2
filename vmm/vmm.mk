# vmm/: the host binary, linked statically so it also runs in the KVM box.
VMM_SRCS := $(wildcard vmm/*.c)
VMM_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(VMM_SRCS))
VMM_BIN  := $(BUILD)/bin/vmm

ALL_TARGETS += $(VMM_BIN)

$(BUILD)/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(VMM_BIN): $(VMM_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $(VMM_OBJS)

-include $(VMM_OBJS:.o=.d)
