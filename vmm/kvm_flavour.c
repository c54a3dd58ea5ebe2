/* kvm_flavour.c: which KVM /dev/kvm is, for vmm --version and --stats. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm.h"
#include "kvm_pvm.h"

/* A hardware KVM's kind from the module that provides it. */
const char *kvm_hardware_kind(void)
{
    if (access("/sys/module/kvm_amd", F_OK) == 0)
        return "hardware (svm)";
    if (access("/sys/module/kvm_intel", F_OK) == 0)
        return "hardware (vmx)";
    return "hardware";
}

int kvm_flavour(char *out, size_t outlen)
{
    int r = -1, kvm = -1, vm = -1, vcpu = -1;
    uint64_t ctl;
    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        snprintf(out, outlen, "none (/dev/kvm: %s)", strerror(errno));
        return -1;
    }
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) {
        snprintf(out, outlen, "none (KVM_CREATE_VM: %s)", strerror(errno));
        goto out;
    }
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) {
        snprintf(out, outlen, "none (KVM_CREATE_VCPU: %s)", strerror(errno));
        goto out;
    }
    if (pvm_vcpu_detect(vcpu, &ctl)) {
        snprintf(out, outlen, "kvm_pvm");
        r = 1;
    } else {
        snprintf(out, outlen, "%s", kvm_hardware_kind());
        r = 0;
    }
out:
    if (vcpu >= 0)
        close(vcpu);
    if (vm >= 0)
        close(vm);
    close(kvm);
    return r;
}
