# tests/: unit tests (Criterion, tests/unit) and guest tests (tests/guests),
# the guests booted by tools/run-guests on every target and host: vmm
# (directly, or in the KVM box) and qemu-system-x86_64 -kernel (TCG).
-include tests/unit/unit.mk
-include tests/guests/guests.mk
-include tests/images/images.mk
-include tests/fuzz/fuzz.mk

# target/host pairs `make check` runs
GUEST_RUNS := hvt/vmm virtio/vmm virtio/qemu xen-pvh/vmm xen-pvh/qemu

.PHONY: check
check: all guests
	@fail=0; for r in $(GUEST_RUNS); do \
	    tools/run-guests --target $${r%/*} --host $${r#*/} || fail=1; \
	done; exit $$fail

# every fuzz harness for a short smoke time (FUZZ_SMOKE_SECONDS) after
# replaying the seeds and saved regressions
TEST_TARGETS += check images-test tls-check tls-check-selftest fuzz-regress \
                fuzz-smoke
