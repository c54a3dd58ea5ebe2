/* run_loop.c: KVM_RUN until the guest stops, dispatching each exit. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "exit_status.h"
#include "run.h"
#include "unserved.h"
#include "vcpu_tick.h"
#include "vmm.h"

enum exit_result vmm_fail(struct vmm *v, int status, const char *fmt, ...)
{
    va_list ap;
    if (v->ops && v->ops->flush)
        v->ops->flush(v);
    fprintf(stderr, "vmm: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    kvm_dump_regs(&v->vm);
    v->status = status;
    return EXIT_STOP;
}

static enum exit_result on_io(struct vmm *v)
{
    enum exit_result r = v->ops->on_io(v);
    return r != EXIT_UNHANDLED ? r : vmm_unserved_io(v);
}

static enum exit_result dispatch(struct vmm *v)
{
    struct kvm_run *run = v->vm.run;
    if (v->ops->on_exit && run->exit_reason != KVM_EXIT_IO) {
        enum exit_result r = v->ops->on_exit(v);
        if (r != EXIT_UNHANDLED)
            return r;
    }
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        return on_io(v);
    case KVM_EXIT_MMIO:
        stats_count(&v->stats, "mmio");
        return vmm_unserved_mmio(v);
    case KVM_EXIT_HLT:
        stats_count(&v->stats, "hlt");
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "guest halted the CPU (hlt) with nothing to wake it");
    case KVM_EXIT_SHUTDOWN:
        stats_count(&v->stats, "shutdown");
        if (v->vm.pvm && pvm_on_shutdown(v) == EXIT_STOP)
            return EXIT_STOP;
        return vmm_fail(v, VMM_EXIT_TRIPLE_FAULT,
                        "guest triple-faulted (KVM_EXIT_SHUTDOWN)");
    case KVM_EXIT_FAIL_ENTRY:
        stats_count(&v->stats, "fail-entry");
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "KVM could not enter the guest (hardware reason "
                        "0x%llx)",
                        run->fail_entry.hardware_entry_failure_reason);
    case KVM_EXIT_INTERNAL_ERROR:
        if (v->vm.pvm &&
            run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION)
            return pvm_on_emulation_failure(v);
        stats_count(&v->stats, "internal-error");
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "KVM internal error (suberror %u)",
                        run->internal.suberror);
    default:
        stats_count(&v->stats, "other");
        return vmm_fail(v, VMM_EXIT_UNEXPECTED, "unexpected VM exit reason %u",
                        run->exit_reason);
    }
}

/* A tick of the vCPU timer interrupted KVM_RUN: look at the vCPU. */
static enum exit_result on_tick(struct vmm *v)
{
    if (v->vm.pvm && pvm_on_tick(v) == EXIT_STOP)
        return EXIT_STOP;
    return v->vm.irqchip ? halt_on_tick(v) : EXIT_HANDLED;
}

int vmm_run_loop(struct vmm *v)
{
    if (v->vm.pvm && pvm_arm(v->vm.vcpu_fd, v->vm.pvm_ctl) < 0) {
        fprintf(stderr, "vmm: KVM_SET_MSRS (kvm_pvm native mode): %s\n",
                strerror(errno));
        return VMM_EXIT_HOST_FAILED;
    }
    for (;;) {
        if (!v->stats.first_run_ns)
            v->stats.first_run_ns = stats_now_ns();
        if (ioctl(v->vm.vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR && vcpu_tick_fired() &&
                on_tick(v) == EXIT_STOP)
                return v->status;
            if (errno == EINTR || errno == EAGAIN)
                continue;
            fprintf(stderr, "vmm: KVM_RUN: %s\n", strerror(errno));
            kvm_dump_regs(&v->vm);
            return VMM_EXIT_HOST_FAILED;
        }
        if (dispatch(v) == EXIT_STOP)
            return v->status;
        if (v->vm.run->exit_reason != KVM_EXIT_INTERNAL_ERROR)
            pvm_fallback_progress(&v->pvm);
    }
}
