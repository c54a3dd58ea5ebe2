/*
 * kvm.h: a VM with one vCPU over raw /dev/kvm ioctls.
 */
#ifndef VMM_KVM_H
#define VMM_KVM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_mem.h"

struct kvm_vm {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;
    struct guest_mem mem;
    void *region;        /* kvm_add_region's memory (slot 1), or NULL */
    uint64_t region_gpa, region_size;
    struct kvm_cpuid2 *cpuid; /* what KVM supports, as given to the vCPU */
    bool fsgsbase;            /* CPUID.(7,0):EBX[0] */
    uint64_t tsc_hz;
    bool sandbox_off; /* --debug-unsafe: the reaper child runs unconfined */
    bool pvm;         /* the host's KVM is kvm_pvm (kvm_pvm.h) */
    bool irqchip;     /* KVM's in-kernel irqchip: hlt stays in the kernel */
    uint64_t pvm_ctl; /* its PVM_MSR_CTL as the vCPU was created */
    const char *flavour; /* kvm_flavour()'s words for this KVM, or NULL */
};

/*
 * Open /dev/kvm, check the API version and the capabilities vmm relies on,
 * create the VM with mem_bytes of lazily-mapped memory and one vCPU whose
 * CPUID is KVM_GET_SUPPORTED_CPUID. 0, or -1 with the reason in err.
 */
int kvm_setup(struct kvm_vm *vm, uint64_t mem_bytes, char *err, size_t errlen);

/*
 * kvm_setup() in two steps, for targets that create VM-wide devices (the
 * irqchip) before the vCPU: the VM and its memory, then the vCPU.
 */
int kvm_create_vm(struct kvm_vm *vm, uint64_t mem_bytes, char *err,
                  size_t errlen);
int kvm_create_vcpu(struct kvm_vm *vm, char *err, size_t errlen);

/*
 * A small region of zeroed memory outside RAM, at gpa (page-aligned, clear
 * of RAM and of the LAPIC/IOAPIC pages): KVM memory slot 1, for a target
 * that hands the guest data outside its RAM (xen-pvh, as Xen keeps its
 * special pages). Its host address, or NULL with err. One per VM.
 */
void *kvm_add_region(struct kvm_vm *vm, uint64_t gpa, uint64_t size,
                     char *err, size_t errlen);

/* Give vm->cpuid (after edits) to the vCPU again; 0, or -1 with err. */
int kvm_set_cpuid(struct kvm_vm *vm, char *err, size_t errlen);

/* Every capability in caps[n] is offered, else -1 naming the first not. */
int kvm_require_caps(struct kvm_vm *vm, const int *caps,
                     const char *const *names, size_t n, char *err,
                     size_t errlen);
void kvm_teardown(struct kvm_vm *vm);

/*
 * Once the VM and its vCPU exist: leave their destruction to a child process
 * that outlives vmm by a moment (kvm_reaper.c). 0, or -1 with err set.
 */
int kvm_defer_teardown(struct kvm_vm *vm, char *err, size_t errlen);

/*
 * Which KVM /dev/kvm is: "kvm_pvm", "hardware (svm)", "hardware (vmx)",
 * "hardware" or "none (<why>)", found by creating a VM and a vCPU and
 * asking it (kvm_pvm.h), never from the CPU's name. Into out; returns 1
 * for kvm_pvm, 0 for a hardware KVM, -1 when there is no usable KVM.
 */
int kvm_flavour(char *out, size_t outlen);
/* The words for a hardware KVM: "hardware (svm)", "hardware (vmx)"... */
const char *kvm_hardware_kind(void);

/* Find a CPUID entry (function, index) in vm->cpuid, or NULL. */
struct kvm_cpuid_entry2 *kvm_cpuid_entry(struct kvm_vm *vm, uint32_t fn,
                                         uint32_t index);

/* Print the vCPU's registers to stderr. */
void kvm_dump_regs(struct kvm_vm *vm);

#endif
