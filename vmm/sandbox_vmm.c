/*
 * sandbox_vmm.c: entering the sandbox (sandbox.h) from a target's run
 * path: messages, the devices of the manifest (their kinds' rights), the
 * --stats line.
 */
#include <stdio.h>

#include "devices.h"
#include "mft_abi.h"
#include "iothread.h"
#include "vcpu_tick.h"
#include "vmm.h"

static int refuse(struct vmm *v, const char *err)
{
    fprintf(stderr, "vmm: %s: sandbox: %s\n", v->image, err);
    return -1;
}

int vmm_sandbox_caps(struct vmm *v)
{
    char err[256];
    v->sandbox.off = v->opts->debug_unsafe;
    if (sandbox_drop_caps(&v->sandbox, err, sizeof(err)) < 0)
        return refuse(v, err);
    return 0;
}

void vmm_sandbox_devices(struct vmm *v, const struct mft *mft)
{
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct mft_entry *e = &mft->e[i];
        unsigned rights = e->attached ? devices_rights(e) : 0;
        if (rights)
            sandbox_allow_fd(&v->sandbox, e->b.hostfd, rights);
    }
}

int vmm_sandbox_lock(struct vmm *v)
{
    char err[256];
    if (v->sandbox.off)
        fprintf(stderr, "vmm: %s: --debug-unsafe: running WITHOUT the "
                        "sandbox (no seccomp filter, capabilities kept)\n",
                v->image);
    /*
     * kvm_pvm: the run loop sets native mode again when it falls back, and
     * watches for a vCPU the host re-faults on for good; with the in-kernel
     * irqchip, for one halted for good. The vCPU tick (vcpu_tick.h) needs
     * no system call once armed: here, on the vCPU's thread.
     */
    if (v->vm.pvm)
        sandbox_allow_ioctl(&v->sandbox, v->vm.vcpu_fd, KVM_SET_MSRS);
    if (v->vm.irqchip)
        sandbox_allow_ioctl(&v->sandbox, v->vm.vcpu_fd, KVM_GET_MP_STATE);
    if ((v->vm.pvm || v->vm.irqchip) && vcpu_tick_start(err, sizeof(err)) < 0)
        return refuse(v, err);
    int r = sandbox_lock(&v->sandbox, err, sizeof(err));
    sandbox_mode(&v->sandbox, v->stats.sandbox, sizeof(v->stats.sandbox));
    return r < 0 ? refuse(v, err) : 0;
}

void vmm_sandbox_vcpu(struct vmm *v, const unsigned long *requests, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sandbox_allow_ioctl(&v->sandbox, v->vm.vcpu_fd, requests[i]);
}

void vmm_sandbox_pc(struct vmm *v, const struct iothread *io)
{
    static const unsigned long vcpu[] = {KVM_RUN, KVM_GET_REGS,
                                         KVM_GET_SREGS};
    const int *fds;
    unsigned n = iothread_fds(&fds);
    for (unsigned i = 0; i < n; i++)
        sandbox_allow_fd(&v->sandbox, fds[i], SB_READ | SB_WRITE);
    sandbox_allow_fd(&v->sandbox, io->epfd, SB_EPOLL);
    vmm_sandbox_vcpu(v, vcpu, sizeof(vcpu) / sizeof(vcpu[0]));
    /* The guest may move a virtio BAR: its notify ioeventfds follow. */
    sandbox_allow_ioctl(&v->sandbox, v->vm.vm_fd, KVM_IOEVENTFD);
}
