/*
 * vmm.h: one running guest: the VM, the options it was started with, the
 * target's exit hooks and what --stats reports.
 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stdbool.h>

#include "cli.h"
#include "kvm.h"
#include "stats.h"

struct vmm;

/* What a target handler did with an exit. */
enum exit_result {
    EXIT_HANDLED,   /* resume the guest */
    EXIT_STOP,      /* stop with vmm->status */
    EXIT_UNHANDLED, /* not a port/address this target serves */
};

struct target_ops {
    const char *name;
    /* KVM_EXIT_IO: port, direction, size, data in vm.run. */
    enum exit_result (*on_io)(struct vmm *v);
    /* Write out buffered guest output before vmm prints (may be NULL). */
    void (*flush)(struct vmm *v);
    /*
     * Any other exit the run loop does not handle itself, such as
     * KVM_EXIT_X86_WRMSR (may be NULL): EXIT_UNHANDLED when not served.
     */
    enum exit_result (*on_exit)(struct vmm *v);
};

struct vmm {
    struct kvm_vm vm;
    const struct run_opts *opts;
    const char *image; /* file name, for messages */
    const struct target_ops *ops;
    void *target; /* the target's own state */
    struct stats stats;
    int status; /* exit status once stopped */
};

/* Run the vCPU until the guest stops; returns vmm's exit status. */
int vmm_run_loop(struct vmm *v);

/* Stop with `status` after printing "vmm: <msg>" and the registers. */
enum exit_result vmm_fail(struct vmm *v, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
