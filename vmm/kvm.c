/* kvm.c: /dev/kvm, the VM, its memory slot and its single vCPU. */
#include "kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpuid_brand.h"
#include "errmsg.h"
#include "kvm_pvm.h"

#define TSS_ADDR 0xfffbd000 /* 3 pages Intel VMX needs; never guest RAM */

static const struct {
    int cap;
    const char *name;
} required_caps[] = {
    {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
    {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"},
    {KVM_CAP_GET_TSC_KHZ, "KVM_CAP_GET_TSC_KHZ"},
    {KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR"},
};

static int open_kvm(struct kvm_vm *vm, char *err, size_t errlen)
{
    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0) {
        if (errno == ENOENT)
            return errmsg(err, errlen,
                        "/dev/kvm does not exist: this host offers no KVM "
                        "(load kvm-intel or kvm-amd, or use tools/kvmbox)");
        return errmsg(err, errlen, "/dev/kvm: %s", strerror(errno));
    }
    int v = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (v != KVM_API_VERSION)
        return errmsg(err, errlen, "/dev/kvm: API version %d, vmm needs %d", v,
                    KVM_API_VERSION);
    for (size_t i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]);
         i++)
        if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, required_caps[i].cap) <= 0)
            return errmsg(err, errlen, "/dev/kvm: missing capability %s",
                        required_caps[i].name);
    return 0;
}

static int setup_cpuid(struct kvm_vm *vm, char *err, size_t errlen)
{
    /* One call in the usual case: KVM reports fewer than 256 entries. */
    for (int n = 256; n <= 1024; n *= 2) {
        free(vm->cpuid);
        vm->cpuid = calloc(1, sizeof(*vm->cpuid) +
                                  (size_t)n * sizeof(vm->cpuid->entries[0]));
        if (!vm->cpuid)
            return errmsg(err, errlen, "out of memory");
        vm->cpuid->nent = (uint32_t)n;
        if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, vm->cpuid) == 0)
            break;
        if (errno != E2BIG)
            return errmsg(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s",
                        strerror(errno));
    }
    struct kvm_cpuid_entry2 *e = kvm_cpuid_entry(vm, 7, 0);
    /*
     * kvm_pvm leaves FSGSBASE out of what it reports, yet runs wrfsbase
     * natively (the host's CR4 allows it) and answers the guest's CPUID
     * leaf 7 from the host CPU, which has it. Offering it lets CR4.FSGSBASE
     * be set, so the guest's view matches what works.
     */
    if (e && vm->pvm)
        e->ebx |= 1;
    vm->fsgsbase = e && (e->ebx & 1);
    e = kvm_cpuid_entry(vm, 1, 0);
    if (e)
        e->ecx |= 1U << 31; /* "running under a hypervisor" */
    uint32_t brand[3][4];
    cpuid_host_brand(brand);
    cpuid_fill_brand(vm, brand);
    if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, vm->cpuid) < 0)
        return errmsg(err, errlen, "KVM_SET_CPUID2: %s", strerror(errno));
    return 0;
}

struct kvm_cpuid_entry2 *kvm_cpuid_entry(struct kvm_vm *vm, uint32_t fn,
                                         uint32_t index)
{
    for (uint32_t i = 0; vm->cpuid && i < vm->cpuid->nent; i++) {
        struct kvm_cpuid_entry2 *e = &vm->cpuid->entries[i];
        if (e->function == fn &&
            (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == index))
            return e;
    }
    return NULL;
}

int kvm_create_vm(struct kvm_vm *vm, uint64_t mem_bytes, char *err,
                  size_t errlen)
{
    bool sandbox_off = vm->sandbox_off; /* set by the caller beforehand */
    memset(vm, 0, sizeof(*vm));
    vm->sandbox_off = sandbox_off;
    vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
    if (open_kvm(vm, err, errlen) < 0)
        return -1;
    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0)
        return errmsg(err, errlen, "KVM_CREATE_VM: %s", strerror(errno));
    if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
        return errmsg(err, errlen, "KVM_SET_TSS_ADDR: %s", strerror(errno));
    if (!gmem_map(&vm->mem, mem_bytes))
        return errmsg(err, errlen, "cannot map %" PRIu64 " MiB of guest memory: %s",
                    mem_bytes >> 20, strerror(errno));
    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = mem_bytes,
        .userspace_addr = (uint64_t)(uintptr_t)vm->mem.base,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return errmsg(err, errlen, "KVM_SET_USER_MEMORY_REGION: %s",
                    strerror(errno));
    return 0;
}

int kvm_create_vcpu(struct kvm_vm *vm, char *err, size_t errlen)
{
    vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        return errmsg(err, errlen, "KVM_CREATE_VCPU: %s", strerror(errno));
    vm->pvm = pvm_vcpu_detect(vm->vcpu_fd, &vm->pvm_ctl);
    vm->flavour = vm->pvm ? "kvm_pvm" : kvm_hardware_kind();
    int sz = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (sz <= 0)
        return errmsg(err, errlen, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
    vm->run_size = (size_t)sz;
    vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                   vm->vcpu_fd, 0);
    if (vm->run == MAP_FAILED) {
        vm->run = NULL;
        return errmsg(err, errlen, "mmap of kvm_run: %s", strerror(errno));
    }
    if (setup_cpuid(vm, err, errlen) < 0)
        return -1;
    int khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
    if (khz <= 0)
        return errmsg(err, errlen, "KVM_GET_TSC_KHZ: %s", strerror(errno));
    vm->tsc_hz = (uint64_t)khz * 1000;
    return kvm_defer_teardown(vm, err, errlen);
}

int kvm_setup(struct kvm_vm *vm, uint64_t mem_bytes, char *err, size_t errlen)
{
    if (kvm_create_vm(vm, mem_bytes, err, errlen) < 0)
        return -1;
    return kvm_create_vcpu(vm, err, errlen);
}

void *kvm_add_region(struct kvm_vm *vm, uint64_t gpa, uint64_t size,
                     char *err, size_t errlen)
{
    if (vm->region || gpa < vm->mem.size) {
        errmsg(err, errlen, "memory region at 0x%" PRIx64 ": %s", gpa,
             vm->region ? "a VM has one" : "inside RAM");
        return NULL;
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        errmsg(err, errlen, "cannot map 0x%" PRIx64 " bytes: %s", size,
             strerror(errno));
        return NULL;
    }
    struct kvm_userspace_memory_region region = {
        .slot = 1,
        .guest_phys_addr = gpa,
        .memory_size = size,
        .userspace_addr = (uint64_t)(uintptr_t)p,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
        errmsg(err, errlen, "KVM_SET_USER_MEMORY_REGION (slot 1 at 0x%" PRIx64
                          "): %s",
             gpa, strerror(errno));
        munmap(p, size);
        return NULL;
    }
    vm->region = p;
    vm->region_gpa = gpa;
    vm->region_size = size;
    return p;
}

int kvm_set_cpuid(struct kvm_vm *vm, char *err, size_t errlen)
{
    if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, vm->cpuid) < 0)
        return errmsg(err, errlen, "KVM_SET_CPUID2: %s", strerror(errno));
    return 0;
}

int kvm_require_caps(struct kvm_vm *vm, const int *caps,
                     const char *const *names, size_t n, char *err,
                     size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, caps[i]) <= 0)
            return errmsg(err, errlen, "/dev/kvm: missing capability %s",
                        names[i]);
    return 0;
}

void kvm_teardown(struct kvm_vm *vm)
{
    if (vm->run)
        munmap(vm->run, vm->run_size);
    gmem_unmap(&vm->mem);
    if (vm->region)
        munmap(vm->region, vm->region_size);
    free(vm->cpuid);
    if (vm->vcpu_fd >= 0)
        close(vm->vcpu_fd);
    if (vm->vm_fd >= 0)
        close(vm->vm_fd);
    if (vm->kvm_fd >= 0)
        close(vm->kvm_fd);
    memset(vm, 0, sizeof(*vm));
}

void kvm_dump_regs(struct kvm_vm *vm)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0) {
        fprintf(stderr, "vmm: cannot read vCPU registers: %s\n",
                strerror(errno));
        return;
    }
    fprintf(stderr,
            "vmm: vCPU registers:\n"
            "  rip=%016llx rsp=%016llx rflags=%016llx\n"
            "  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n"
            "  rsi=%016llx rdi=%016llx rbp=%016llx\n"
            "  r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n"
            "  r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n"
            "  cr0=%016llx cr2=%016llx cr3=%016llx cr4=%016llx\n"
            "  efer=%016llx cs=%04x ss=%04x fs.base=%016llx gs.base=%016llx\n",
            r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi,
            r.rbp, r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, s.cr0,
            s.cr2, s.cr3, s.cr4, s.efer, s.cs.selector, s.ss.selector,
            s.fs.base, s.gs.base);
}
