# tests/: unit tests (Criterion, tests/unit) and guest tests (tests/guests),
# the guests booted by tools/run-guests on every target and host: vmm on
# this machine's /dev/kvm (in the KVM box where there is none), vmm-box
# (vmm in the KVM box, the hardware-style KVM users have) and
# qemu-system-x86_64 -kernel (TCG).
-include tests/unit/unit.mk
-include tests/guests/guests.mk
-include tests/images/images.mk
-include tests/fuzz/fuzz.mk
-include tests/linux/linux.mk

# target/host pairs `make check` runs
GUEST_RUNS := hvt/vmm hvt/vmm-box virtio/vmm virtio/vmm-box virtio/qemu \
              xen-pvh/vmm xen-pvh/vmm-box xen-pvh/qemu

.PHONY: check
check: all guests
	@fail=0; for r in $(GUEST_RUNS); do \
	    tools/run-guests --target $${r%/*} --host $${r#*/} || fail=1; \
	done; exit $$fail

# every fuzz harness for a short smoke time (FUZZ_SMOKE_SECONDS) after
# replaying the seeds and saved regressions
TEST_TARGETS += check images-test tls-check tls-check-selftest fuzz-regress \
                fuzz-smoke
