/*
 * host_xen_kvm.h: the Xen shim on a KVM vCPU: the CPUID leaves, the
 * hypercall-page MSR (KVM_CAP_X86_USER_SPACE_MSR with an MSR filter, so
 * KVM hands the guest's wrmsr to vmm as KVM_EXIT_X86_WRMSR), hypercalls
 * from the stubs' port writes, upcalls through KVM_SIGNAL_MSI to the
 * in-kernel local APIC, and the timer as a timerfd in the I/O thread.
 */
#ifndef XEN_PVH_HOST_XEN_KVM_H
#define XEN_PVH_HOST_XEN_KVM_H

#include "host_xen.h"
#include "vmm/kvm.h"
#include "pc/host_pc.h"
#include "vmm/iothread.h"
#include "vmm/vmm.h"

struct xen_kvm {
    struct vmm *v;
    struct pc *pc;
    struct xen x;
    struct xen_host host;
    struct io_watch timer; /* timerfd, in the I/O thread */
    bool ready;
};

/*
 * Replace KVM's hypervisor CPUID leaves with Xen's and vmm's and give the
 * result to the vCPU; 0, or -1 with err.
 */
int xen_cpuid_setup(struct kvm_vm *vm, char *err, size_t errlen);

/*
 * Once the PC is built (the VM, its vCPU, the I/O thread not yet started)
 * and vmm's PVH area mapped (area: its host address): the capabilities,
 * the MSR filter, the CPUID leaves, the shim's state with the console ring
 * in the area, the timer. 0, or -1 with err.
 */
int xen_kvm_setup(struct xen_kvm *k, struct vmm *v, struct pc *pc,
                  struct iothread *io, uint8_t *area, char *err,
                  size_t errlen);
/* After the I/O thread stopped. */
void xen_kvm_destroy(struct xen_kvm *k);

/*
 * Declare what the shim does while the guest runs to v->sandbox: the
 * vCPU's KVM_TRANSLATE, KVM_GET_MSRS, KVM_SET_REGS, KVM_SET_MP_STATE, the
 * VM's KVM_SIGNAL_MSI, and the timerfd (read, timerfd_settime).
 */
void xen_kvm_sandbox(struct xen_kvm *k);

/* KVM_EXIT_IO at XEN_SHIM_PORT: one hypercall. */
enum exit_result xen_kvm_hypercall(struct xen_kvm *k);
/* KVM_EXIT_X86_WRMSR: the hypercall-page MSR. */
enum exit_result xen_kvm_wrmsr(struct xen_kvm *k);

#endif
