/*
 * cpuid_brand.h: the processor brand string (CPUID 0x80000002..4, what
 * Linux shows as /proc/cpuinfo's "model name") in the vCPU's CPUID table.
 * KVM_GET_SUPPORTED_CPUID reports those leaves as zeros (seen on kvm_pvm
 * and on Debian 6.1's kvm-amd); QEMU's `-cpu host` and Firecracker fill
 * them from the host CPU, and so does vmm.
 */
#ifndef VMM_CPUID_BRAND_H
#define VMM_CPUID_BRAND_H

#include <stdint.h>

struct kvm_vm;

/* The host CPU's brand leaves (eax, ebx, ecx, edx of each), or all zeros
 * when its highest extended leaf is below 0x80000004. */
void cpuid_host_brand(uint32_t brand[3][4]);

/*
 * Put brand into vm's CPUID table (kvm.h: vm->cpuid, looked up with
 * kvm_cpuid_entry) at 0x80000002..4 when all three are
 * there and all zero (KVM left them out); a brand KVM gave is kept, and
 * a table without those leaves gets none. Returns 1 when it filled them.
 */
int cpuid_fill_brand(struct kvm_vm *vm, const uint32_t brand[3][4]);

#endif
