# tests/unit/unit.mk: host unit tests (Criterion), included from tests/tests.mk.
#
#   make unit         build and run every tests/unit/test_*.c binary, twice:
#                     linked against the vmm objects as built for the binary,
#                     and rebuilt with -fsanitize=address,undefined
#                     (UNIT_SANITIZE=0 skips the second run)
#   make unit-corpus  regenerate tests/unit/corpus/ from elf_cases.c
#
# Each test binary links every vmm object except main.o directly (not from
# an archive), so the hypercalls and devices registered in linker sections
# are all present.

UNIT_DIR     := tests/unit
UNIT_OUT     := $(BUILD)/tests/unit
UNIT_SAN_OUT := $(BUILD)/tests/unit-san
UNIT_SANITIZE ?= 1
UNIT_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
                  -fno-omit-frame-pointer

UNIT_TESTS   := $(patsubst $(UNIT_DIR)/%.c,%,$(wildcard $(UNIT_DIR)/test_*.c))
UNIT_HELPERS := elf_builder elf_cases capture fake_hvt fake_pc fake_xen \
                paging_image
UNIT_CFLAGS   = $(UNIT_HOST_CFLAGS) \
                -DUNIT_CORPUS_DIR='"$(abspath $(UNIT_DIR)/corpus)"'
UNIT_VMM_OBJS = $(filter-out $(BUILD)/vmm/main.o,$(VMM_OBJS))
UNIT_SAN_VMM_OBJS = $(patsubst $(BUILD)/%,$(UNIT_SAN_OUT)/host/%,\
                        $(UNIT_VMM_OBJS))
# The flags vmm's own objects are built with (vmm/vmm.mk), for the rebuild.
UNIT_HOST_CFLAGS = $(or $(VMM_CFLAGS),$(HOST_CFLAGS))
UNIT_LIBS := -lcriterion -lseccomp -lcap -lpthread

UNIT_BINS     := $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))
UNIT_SAN_BINS := $(addprefix $(UNIT_SAN_OUT)/,$(UNIT_TESTS))
UNIT_RUN := $(UNIT_BINS) $(if $(filter 1,$(UNIT_SANITIZE)),$(UNIT_SAN_BINS))

TEST_TARGETS += unit
.PHONY: unit unit-corpus

# Run them all, then fail if any failed.
unit: $(UNIT_RUN)
	@fail=0; for t in $(UNIT_RUN); do \
	    echo "== $$t"; $$t --short-filename || fail=1; \
	done; exit $$fail

# Plain build: the test sources and helpers, linked with the vmm objects.
$(UNIT_OUT)/%.o: $(UNIT_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -c $< -o $@

$(UNIT_OUT)/test_%: $(UNIT_OUT)/test_%.o \
                    $(addprefix $(UNIT_OUT)/,$(addsuffix .o,$(UNIT_HELPERS))) \
                    $(UNIT_VMM_OBJS)
	$(CC) -o $@ $^ $(UNIT_LIBS)

# Sanitized build: the host sources (vmm/*.c and the protocol folders'
# host_*.c) are recompiled too, so that their reads past a buffer or
# undefined arithmetic abort the test.
$(UNIT_SAN_OUT)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(UNIT_HOST_CFLAGS) $(UNIT_SAN_FLAGS) -MMD -MP -c $< -o $@

$(UNIT_SAN_OUT)/%.o: $(UNIT_DIR)/%.c
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) $(UNIT_SAN_FLAGS) -MMD -MP -c $< -o $@

$(UNIT_SAN_OUT)/test_%: $(UNIT_SAN_OUT)/test_%.o \
                        $(addprefix $(UNIT_SAN_OUT)/,$(addsuffix .o,$(UNIT_HELPERS))) \
                        $(UNIT_SAN_VMM_OBJS)
	$(CC) $(UNIT_SAN_FLAGS) -o $@ $^ $(UNIT_LIBS)

# The seed corpus: one file per elf_cases.c entry.
$(UNIT_OUT)/gen_corpus: $(UNIT_OUT)/gen_corpus.o $(UNIT_OUT)/elf_builder.o \
                        $(UNIT_OUT)/elf_cases.o $(UNIT_VMM_OBJS)
	$(CC) -o $@ $^ -lpthread

unit-corpus: $(UNIT_OUT)/gen_corpus
	$(UNIT_OUT)/gen_corpus $(UNIT_DIR)/corpus

# Keep the objects pattern rules make along the way.
.SECONDARY: $(addsuffix .o,$(UNIT_BINS) $(UNIT_SAN_BINS)) \
            $(foreach d,$(UNIT_OUT) $(UNIT_SAN_OUT),\
                $(addprefix $(d)/,$(addsuffix .o,$(UNIT_HELPERS)))) \
            $(UNIT_SAN_VMM_OBJS)
-include $(wildcard $(UNIT_OUT)/*.d $(UNIT_SAN_OUT)/*.d) \
         $(wildcard $(UNIT_SAN_VMM_OBJS:.o=.d))
