# tests/fuzz/fuzz.mk: libFuzzer harnesses over what vmm reads from hostile
# files and hostile guests (included from tests/tests.mk).
#
#   make fuzz          run each harness FUZZ_SECONDS seconds (default 60),
#                      one after another (make -j2 fuzz: two at a time)
#   make fuzz-smoke    each for FUZZ_SMOKE_SECONDS (30): what CI runs
#   make fuzz-regress  each harness once over its seeds and regressions
#                      (a few seconds; no fuzzing)
#   make fuzz-NAME     one harness (NAME: $(FUZZ_HARNESSES)), FUZZ_SECONDS
#   make fuzz-build    build the harnesses only
#   make fuzz-seeds    rewrite the synthetic seeds (tests/fuzz/gen_seeds.c)
#   make fuzz-coverage line and branch coverage of the code under test by
#                      the seeds and everything fuzzing found so far
#                      (llvm-cov, from Debian's llvm package)
#
# Each target fails on a crash, leak, hang (10 s), sanitizer report or a
# harness's own oracle; the reproducer is kept in build/fuzz/artifacts/NAME/
# and the whole libFuzzer log in build/fuzz/logs/NAME.log. Inputs found
# while fuzzing accumulate in build/fuzz/corpus/NAME/ (make clean drops
# them); the seeds in tests/fuzz/corpus/NAME/ and the reproducers of fixed
# bugs in tests/fuzz/regressions/NAME/ are read, never written.
#
# Needs clang and libFuzzer: Debian's clang and libclang-rt-dev
# (libclang-rt-14-dev on Debian 12). Every host object except vmm/main.c is
# rebuilt with clang and linked directly (not from an archive), so the
# hypercalls and devices registered in linker sections are all there.

FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_DIR  := tests/fuzz
FUZZ_OUT  := $(BUILD)/fuzz
FUZZ_HARNESSES := elf notes multiboot pvh virtq hypercalls vdev xen

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
# vmm's own flags (C11, its full warning set: clang needs no relaxation),
# at -O1 for fuzzing.
FUZZ_HOST_CFLAGS = $(or $(VMM_CFLAGS),$(HOST_CFLAGS)) -O1 -g
FUZZ_HOST_SRCS = $(filter-out vmm/main.c,$(or $(VMM_SRCS),\
                     $(wildcard vmm/*.c */host_*.c)))
FUZZ_HOST_OBJS = $(patsubst %.c,$(FUZZ_OUT)/obj/host/%.o,$(FUZZ_HOST_SRCS))
FUZZ_BINS = $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_HARNESSES))

# Seeds beyond tests/fuzz/corpus/NAME: the unit tests' malformed ELF images,
# and the other image harnesses' seeds.
FUZZ_SEEDS_elf   := tests/unit/corpus $(FUZZ_DIR)/corpus/notes \
                    $(FUZZ_DIR)/corpus/multiboot
FUZZ_SEEDS_notes := tests/unit/corpus $(FUZZ_DIR)/corpus/elf \
                    $(FUZZ_DIR)/corpus/multiboot $(FUZZ_DIR)/corpus/pvh
FUZZ_SEEDS_pvh   := $(FUZZ_DIR)/corpus/multiboot
FUZZ_SEED_DIRS = $(FUZZ_DIR)/corpus/$(1) $(FUZZ_SEEDS_$(1)) \
                 $(wildcard $(FUZZ_DIR)/regressions/$(1))
FUZZ_DICT = $(wildcard $(FUZZ_DIR)/dict/$(1).dict)
# $(call FUZZ_RUN,NAME,OPTIONS,LOG) DIR...
FUZZ_RUN  = $(FUZZ_DIR)/run-fuzz $(2) \
            $(if $(call FUZZ_DICT,$(1)),--dict $(call FUZZ_DICT,$(1))) \
            $(FUZZ_OUT)/fuzz_$(1) $(FUZZ_OUT)/artifacts/$(1) \
            $(FUZZ_OUT)/logs/$(3)

.PHONY: fuzz fuzz-smoke fuzz-regress fuzz-build fuzz-seeds \
        $(addprefix fuzz-,$(FUZZ_HARNESSES)) \
        $(addprefix fuzz-smoke-,$(FUZZ_HARNESSES)) \
        $(addprefix fuzz-regress-,$(FUZZ_HARNESSES))

fuzz-build: $(FUZZ_BINS)
fuzz: $(addprefix fuzz-,$(FUZZ_HARNESSES))
fuzz-smoke: $(addprefix fuzz-smoke-,$(FUZZ_HARNESSES))
fuzz-regress: $(addprefix fuzz-regress-,$(FUZZ_HARNESSES))

$(addprefix fuzz-,$(FUZZ_HARNESSES)): fuzz-%: $(FUZZ_OUT)/fuzz_%
	@$(call FUZZ_RUN,$*,--seconds $(FUZZ_SECONDS),$*.log) \
	    $(FUZZ_OUT)/corpus/$* $(call FUZZ_SEED_DIRS,$*)

$(addprefix fuzz-smoke-,$(FUZZ_HARNESSES)): fuzz-smoke-%: $(FUZZ_OUT)/fuzz_%
	@$(call FUZZ_RUN,$*,--seconds $(FUZZ_SMOKE_SECONDS),$*-smoke.log) \
	    $(FUZZ_OUT)/corpus/$* $(call FUZZ_SEED_DIRS,$*)

$(addprefix fuzz-regress-,$(FUZZ_HARNESSES)): fuzz-regress-%: $(FUZZ_OUT)/fuzz_%
	@$(call FUZZ_RUN,$*,--once,$*-regress.log) $(call FUZZ_SEED_DIRS,$*)

# The host sources, instrumented for coverage and sanitized.
$(FUZZ_OUT)/obj/host/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
	    -MMD -MP -c $< -o $@

$(FUZZ_OUT)/obj/%.o: $(FUZZ_DIR)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) \
	    -MMD -MP -c $< -o $@

$(FUZZ_OUT)/fuzz_%: $(FUZZ_OUT)/obj/fuzz_%.o $(FUZZ_OUT)/obj/fuzz_util.o \
                    $(FUZZ_HOST_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(VMM_LIBS)

# Synthetic seeds (rings, hypercall arguments, Multiboot and note images),
# written by a plain host program, and real guest images, stripped
# (HARNESS:IMAGE, from build/tests/guests when it has them: make guests).
FUZZ_GUEST_SEEDS := elf:hello.hvt notes:blk.hvt notes:net.hvt \
                    multiboot:hello.virtio pvh:hello.xen

$(FUZZ_OUT)/gen_seeds: $(wildcard $(FUZZ_DIR)/gen_seeds*.[ch])
	@mkdir -p $(@D)
	$(CC) $(FUZZ_HOST_CFLAGS) -o $@ $(filter %.c,$^)

fuzz-seeds: $(FUZZ_OUT)/gen_seeds
	@mkdir -p $(addprefix $(FUZZ_DIR)/corpus/,$(FUZZ_HARNESSES))
	$(FUZZ_OUT)/gen_seeds $(FUZZ_DIR)/corpus
	@for s in $(FUZZ_GUEST_SEEDS); do \
	    h=$${s%%:*} g=$(BUILD)/tests/guests/$${s#*:}; \
	    out=$(FUZZ_DIR)/corpus/$$h/guest-$${s#*:}; \
	    if [ -f $$g ]; then objcopy --strip-all $$g $$out && chmod 644 $$out && \
	        echo "fuzz-seeds: $$out (stripped $$g)"; \
	    else echo "fuzz-seeds: no $$g (make guests); $$out unchanged"; fi; \
	done

# Coverage: the same harnesses built with clang's source-based coverage
# (no sanitizers), run once over the corpora, reported per source file.
FUZZ_COV_OUT   := $(FUZZ_OUT)/cov
FUZZ_COV_FLAGS := -fprofile-instr-generate -fcoverage-mapping
FUZZ_COV_OBJS   = $(patsubst %.c,$(FUZZ_COV_OUT)/obj/host/%.o,$(FUZZ_HOST_SRCS))
FUZZ_LLVM_PROFDATA ?= llvm-profdata
FUZZ_LLVM_COV      ?= llvm-cov
# The core's ELF reader, under every image loader.
FUZZ_ELF_READER_SRCS := vmm/elf_class.c vmm/elf_read.c vmm/elf_segments.c
FUZZ_COV_SRCS_elf        := hvt/host_elf.c $(FUZZ_ELF_READER_SRCS) \
                            vmm/elf_notes.c vmm/paging.c
FUZZ_COV_SRCS_notes      := vmm/solo5_notes.c vmm/elf_notes.c \
                            vmm/target.c boot/host_virtio_target.c
FUZZ_COV_SRCS_multiboot  := boot/host_multiboot.c boot/host_mb_tls.c \
                            $(FUZZ_ELF_READER_SRCS)
FUZZ_COV_SRCS_pvh        := xen-pvh/host_pvh.c xen-pvh/host_pvh_info.c \
                            $(FUZZ_ELF_READER_SRCS)
FUZZ_COV_SRCS_virtq      := virtio/host_virtq.c vmm/guest_mem.c
FUZZ_COV_SRCS_hypercalls := hvt/host_hypercalls.c hvt/host_console.c \
                            hvt/host_block.c hvt/host_net.c hvt/host_halt.c
FUZZ_COV_SRCS_vdev       := virtio/host_virtio_regs.c virtio/host_virtio.c \
                            virtio/host_virtio_blk.c virtio/host_virtio_net.c
FUZZ_COV_SRCS_xen        := $(filter-out xen-pvh/host_pvh%.c \
                                xen-pvh/host_xen_kvm.c,\
                                $(wildcard xen-pvh/host_xen*.c))

.PHONY: fuzz-coverage $(addprefix fuzz-coverage-,$(FUZZ_HARNESSES))
fuzz-coverage: $(addprefix fuzz-coverage-,$(FUZZ_HARNESSES))

$(addprefix fuzz-coverage-,$(FUZZ_HARNESSES)): fuzz-coverage-%: \
        $(FUZZ_COV_OUT)/fuzz_%
	@mkdir -p $(FUZZ_OUT)/corpus/$*
	@rm -f $(FUZZ_COV_OUT)/$*.profraw
	@LLVM_PROFILE_FILE=$(FUZZ_COV_OUT)/$*.profraw $< -runs=0 \
	    -close_fd_mask=3 $(FUZZ_OUT)/corpus/$* $(call FUZZ_SEED_DIRS,$*) \
	    >$(FUZZ_COV_OUT)/$*.log 2>&1
	@$(FUZZ_LLVM_PROFDATA) merge -sparse $(FUZZ_COV_OUT)/$*.profraw \
	    -o $(FUZZ_COV_OUT)/$*.profdata
	@echo "== fuzz_$*: the seeds and $$(ls $(FUZZ_OUT)/corpus/$* | wc -l)" \
	    "inputs fuzzing kept in $(FUZZ_OUT)/corpus/$*"
	@$(FUZZ_LLVM_COV) report $< -instr-profile=$(FUZZ_COV_OUT)/$*.profdata \
	    $(FUZZ_COV_SRCS_$*)

$(FUZZ_COV_OUT)/obj/host/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -fsanitize=fuzzer-no-link \
	    $(FUZZ_COV_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_COV_OUT)/obj/%.o: $(FUZZ_DIR)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOST_CFLAGS) -fsanitize=fuzzer-no-link \
	    $(FUZZ_COV_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_COV_OUT)/fuzz_%: $(FUZZ_COV_OUT)/obj/fuzz_%.o \
                        $(FUZZ_COV_OUT)/obj/fuzz_util.o $(FUZZ_COV_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_COV_FLAGS) -o $@ $^ $(VMM_LIBS)

.SECONDARY: $(FUZZ_HOST_OBJS) $(FUZZ_COV_OBJS) \
            $(patsubst %,$(FUZZ_OUT)/obj/fuzz_%.o,$(FUZZ_HARNESSES) util)
-include $(wildcard $(FUZZ_OUT)/obj/*.d $(FUZZ_COV_OUT)/obj/*.d) \
         $(wildcard $(FUZZ_HOST_OBJS:.o=.d) $(FUZZ_COV_OBJS:.o=.d))
