/*
 * guest_hypercall.c: finding Xen and installing its hypercall page.
 *
 * Xen announces itself at one of the hypervisor CPUID leaves 0x40000000 +
 * n * 0x100 (it moves up when it also shows another hypervisor's leaves
 * first) with "XenVMMXenVMM" in EBX, ECX, EDX and the last leaf of its
 * range in EAX; leaf base + 2 gives in EBX the MSR that installs the
 * hypercall page. Writing the page's guest-physical address there makes
 * Xen fill it with one 32-byte stub per hypercall number. The page starts
 * as all `ret` (guest_hypercall_page.S), so an unfilled page is noticed
 * instead of calls silently returning garbage. vmm's shim also shows its
 * own signature leaf (xen_abi.h), which allows the exact exit status.
 */
#include "guest_xen.h"

#define LEAF_LAST 0x40010000U
#define RET_OPCODE 0xc3

bool xen_detect(struct xen_cpuid *out)
{
    uint32_t r[4];
    bool xen = false;

    out->base = 0;
    out->vmm = false;
    for (uint32_t leaf = XEN_CPUID_FIRST_LEAF; leaf < LEAF_LAST;
         leaf += XEN_CPUID_LEAF_STEP) {
        rt_cpuid(leaf, 0, r);
        if (!xen && r[1] == XEN_CPUID_SIGNATURE_EBX &&
            r[2] == XEN_CPUID_SIGNATURE_ECX &&
            r[3] == XEN_CPUID_SIGNATURE_EDX && r[0] >= leaf + 2) {
            out->base = leaf;
            xen = true;
        }
        if (r[1] == VMM_CPUID_SIGNATURE_EBX &&
            r[2] == VMM_CPUID_SIGNATURE_ECX && r[3] == VMM_CPUID_SIGNATURE_EDX)
            out->vmm = true;
        /*
         * Found, and vmm's own leaf (VMM_CPUID_LEAF) seen: the rest need
         * not be asked. On kvm_pvm each CPUID is an emulated instruction
         * (about 20 us); the full scan of 256 leaves took 5 ms.
         */
        if (xen && leaf >= VMM_CPUID_LEAF)
            break;
    }
    if (!xen)
        out->vmm = false;
    return xen;
}

bool xen_hypercall_init(const struct xen_cpuid *cpuid, const char **why)
{
    uint32_t r[4];
    uint64_t pa = (uintptr_t)xen_hypercall_page;

    rt_cpuid(cpuid->base + 2, 0, r);
    if (r[0] < 1) {
        *why = "Xen offers no hypercall page (CPUID leaf base+2: EAX=0)";
        return false;
    }
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(r[1]), "a"((uint32_t)pa),
                           "d"((uint32_t)(pa >> 32))
                         : "memory");
    if (*(volatile uint8_t *)xen_hypercall_page == RET_OPCODE) {
        *why = "Xen did not fill the hypercall page";
        return false;
    }
    return true;
}
