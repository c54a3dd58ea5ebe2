# vmm/: the host core, and the rules that build the vmm binary from every
# folder's host sources (VMM_SRCS, added to by the folders' fragments
# included before this one). Linked statically so it also runs in the KVM
# box.
VMM_SRCS += $(wildcard vmm/*.c)
VMM_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(VMM_SRCS))
VMM_BIN  := $(BUILD)/bin/vmm
VMM_CFLAGS = $(HOST_CFLAGS)
# libseccomp and libcap (Debian libseccomp-dev, libcap-dev): the sandbox.
VMM_LIBS := -lseccomp -lcap -lpthread

ALL_TARGETS += $(VMM_BIN)

$(VMM_OBJS): $(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(VMM_BIN): $(VMM_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $(VMM_OBJS) $(VMM_LIBS)

-include $(VMM_OBJS:.o=.d)
