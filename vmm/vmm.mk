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

# vmm-hot.ld (made by `make hot-text`, tools/hot-text/) puts the code a run
# executes first in the text, so that its pages stay few: peak RSS.
VMM_LDSCRIPT := vmm/vmm-hot.ld

$(VMM_BIN): $(VMM_OBJS) $(VMM_LDSCRIPT)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ -Wl,-T,$(VMM_LDSCRIPT) $(VMM_OBJS) $(VMM_LIBS)

-include $(VMM_OBJS:.o=.d)
