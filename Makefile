# vmm: make · make test · make check · make bench · make install PREFIX=...
#
# Everything builds into build/, laid out as it installs:
#   build/bin/{vmm,vmm-cc,vmm-mft}  build/lib/vmm/<target>/  build/include/vmm/
# Each folder contributes a fragment (*/*.mk) that adds to the variables below.

CC       ?= gcc
BUILD    := build
PREFIX   ?= /usr/local
VERSION  := 0.1.0

WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-qual \
            -Wwrite-strings
# Host and guest code both include across folders by path from the top
# ("vmm/kvm.h", "pc/guest_pc.h"), and within a folder by name.
HOST_CFLAGS  := -std=c11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude -I. \
                -DVMM_VERSION='"$(VERSION)"'
GUEST_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -nostdlib -fno-pic \
                -fno-pie -mno-red-zone -fno-stack-protector \
                -fno-asynchronous-unwind-tables -Iinclude -Iguest-rt/include -I.

# Targets filled in by the fragments.
ALL_TARGETS :=
TEST_TARGETS :=
CLEAN_FILES := $(BUILD)

.PHONY: all test check bench install clean hello deps
all:

# The folders' fragments first add their sources (VMM_SRCS, GRT_*): every
# FOLDER/FOLDER.mk but the core's, the runtime's, the tests' and the
# tools', so a new target's folder is built without a line here. The
# core's and the runtime's fragments then hold the build rules.
include $(filter-out guest-rt/% tests/% tools/% vmm/%,$(wildcard */*.mk))
include tools/tls-check/sources.mk
include vmm/vmm.mk
include guest-rt/guest-rt.mk
include tools/tools.mk
include tests/tests.mk
include tools/bench/bench.mk
include tools/hot-text/hot-text.mk
include tools/tls-check/tls-check.mk

all: $(ALL_TARGETS)

test: all $(TEST_TARGETS)

# The README's first command: set-up, build, boot the hello guest on hvt.
hello: all guests
	tools/kvmrun $(BUILD)/bin/vmm run $(BUILD)/tests/guests/hello.hvt \
	    Hello from vmm

deps:
	tools/install-deps

install: all install-guest
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/bin/vmm $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf $(CLEAN_FILES)
