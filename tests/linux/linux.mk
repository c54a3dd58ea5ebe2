# tests/linux/: Debian's stock kernel booted through PVH (linux-boot): under
# qemu-system-x86_64 (TCG) here, under vmm in the KVM box, and on this
# machine's /dev/kvm (on kvm_pvm: vmm must stop with 252 and say why).
# Included from tests/tests.mk.
#
#   make linux-test                 every host
#   make linux-test LINUX_HOSTS=qemu  one or some of qemu, vmm-box, vmm

LINUX_HOSTS ?= qemu vmm-box vmm

TEST_TARGETS += linux-test
.PHONY: linux-test
linux-test: all
	tests/linux/linux-boot $(addprefix --host ,$(LINUX_HOSTS))
