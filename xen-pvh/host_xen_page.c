/*
 * host_xen_page.c: how a guest finds the shim: the hypervisor CPUID leaves
 * and the hypercall page.
 *
 * CPUID: Xen's leaves at 0x40000000 ("XenVMMXenVMM", highest leaf
 * 0x40000002; +1 the version; +2 one hypercall page installed through MSR
 * 0x40000000), then vmm's at VMM_CPUID_LEAF (0x40000100: vmm's signature,
 * xen_abi.h, which offers SCHEDOP_shutdown reason VMM_SHUTDOWN_STATUS + n).
 * KVM's own leaves (kvmclock) are left out: this is a Xen machine.
 *
 * The page: slot nr (32 bytes at page + 32 * nr) holds
 *   b8 nr 00 00 00   mov $nr, %eax
 *   e6 XEN_SHIM_PORT out %al, $XEN_SHIM_PORT
 *   c3               ret
 * and int3 padding. The same bytes run in 32- and 64-bit mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_xen_kvm.h"

#define HV_LEAVES_FIRST 0x40000000u
#define HV_LEAVES_LAST 0x4fffffffu
#define PAGE 4096u
#define NLEAVES 4

int xen_write_hypercall_page(struct guest_mem *m, uint64_t msr_value)
{
    uint64_t gpa = msr_value & ~(uint64_t)(PAGE - 1);
    uint8_t *page = gmem_ptr(m, gpa, PAGE);
    if ((msr_value & (PAGE - 1)) != 0 || !page)
        return -1; /* page index beyond the one page, or not memory */
    memset(page, 0xcc, PAGE);
    for (uint32_t nr = 0; nr < PAGE / XEN_HYPERCALL_STUB_SIZE; nr++) {
        uint8_t *s = page + nr * XEN_HYPERCALL_STUB_SIZE;
        s[0] = 0xb8;
        memcpy(s + 1, &nr, 4);
        s[5] = 0xe6;
        s[6] = XEN_SHIM_PORT;
        s[7] = 0xc3;
    }
    return 0;
}

static void leaf(struct kvm_cpuid_entry2 *e, uint32_t fn, uint32_t eax,
                 uint32_t ebx, uint32_t ecx, uint32_t edx)
{
    *e = (struct kvm_cpuid_entry2){
        .function = fn, .eax = eax, .ebx = ebx, .ecx = ecx, .edx = edx};
}

int xen_cpuid_setup(struct kvm_vm *vm, char *err, size_t errlen)
{
    struct kvm_cpuid2 *old = vm->cpuid;
    struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + (old->nent + NLEAVES) *
                                                      sizeof(c->entries[0]));
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < old->nent; i++) {
        uint32_t fn = old->entries[i].function;
        if (fn < HV_LEAVES_FIRST || fn > HV_LEAVES_LAST)
            c->entries[c->nent++] = old->entries[i];
    }
    struct kvm_cpuid_entry2 *e = &c->entries[c->nent];
    leaf(&e[0], XEN_CPUID_FIRST_LEAF, XEN_CPUID_FIRST_LEAF + 2,
         XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
         XEN_CPUID_SIGNATURE_EDX);
    leaf(&e[1], XEN_CPUID_FIRST_LEAF + 1, XEN_SHIM_VERSION, 0, 0, 0);
    leaf(&e[2], XEN_CPUID_FIRST_LEAF + 2, 1, XEN_HYPERCALL_PAGE_MSR, 0, 0);
    leaf(&e[3], VMM_CPUID_LEAF, VMM_CPUID_LEAF, VMM_CPUID_SIGNATURE_EBX,
         VMM_CPUID_SIGNATURE_ECX, VMM_CPUID_SIGNATURE_EDX);
    c->nent += NLEAVES;
    vm->cpuid = c;
    free(old);
    return kvm_set_cpuid(vm, err, errlen);
}
