/*
 * vmm.h: one running guest: the VM, the options it was started with, the
 * target's hooks (run.h), its manifest and what --stats reports.
 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stdbool.h>

#include "cli.h"
#include "dumpcore.h"
#include "halt_watch.h"
#include "kvm.h"
#include "kvm_pvm.h"
#include "sandbox.h"
#include "stats.h"

struct vmm;

/* What a target handler did with an exit. */
enum exit_result {
    EXIT_HANDLED,   /* resume the guest */
    EXIT_STOP,      /* stop with vmm->status */
    EXIT_UNHANDLED, /* not a port/address this target serves */
};

/* The target's hooks (run.h). */
struct target_ops;
struct iothread;
struct mft;

struct vmm {
    struct kvm_vm vm;
    const struct run_opts *opts;
    const char *image; /* file name, for messages */
    const struct target_ops *ops;
    void *target; /* the target's own state */
    struct mft *mft; /* the image's manifest, or one from the options */
    size_t mft_size;
    struct iothread *io; /* the I/O thread, for targets that have one */
    struct stats stats;
    struct sandbox sandbox; /* entered just before the run loop */
    int status; /* exit status once stopped */
    struct dumpcore dump; /* --dumpcore=DIR */
    struct pvm_fallback pvm; /* kvm_pvm: re-arms of native mode */
    struct halt_watch halt;  /* in-kernel irqchip: halted for good? */
};

/*
 * The sandbox around the run loop (sandbox.h), for a target whose guest
 * is loaded and whose devices are open: vmm_sandbox_caps() before any
 * thread is started, then the target declares its fds and ioctls in
 * v->sandbox (vmm_sandbox_devices() does the manifest's devices) and
 * vmm_sandbox_lock() installs the filter. 0, or -1 after printing why.
 */
int vmm_sandbox_caps(struct vmm *v);
struct mft;
void vmm_sandbox_devices(struct vmm *v, const struct mft *mft);
int vmm_sandbox_lock(struct vmm *v);
/* Allow these ioctls on the vCPU fd. */
void vmm_sandbox_vcpu(struct vmm *v, const unsigned long *requests, size_t n);
/*
 * The PC targets' part: the I/O thread's fds (read, write), its epoll fd,
 * KVM_RUN and the register reads, KVM_IOEVENTFD on the VM (BAR moves).
 */
struct iothread;
void vmm_sandbox_pc(struct vmm *v, const struct iothread *io);

/* Run the vCPU until the guest stops; returns vmm's exit status. */
int vmm_run_loop(struct vmm *v);

/*
 * The kvm_pvm cases of the run loop (run_pvm.c): KVM_EXIT_INTERNAL_ERROR
 * from the emulator, KVM_EXIT_SHUTDOWN (EXIT_UNHANDLED: a real triple
 * fault), and a tick of the watch that interrupted KVM_RUN.
 */
enum exit_result pvm_on_emulation_failure(struct vmm *v);
enum exit_result pvm_on_shutdown(struct vmm *v);
enum exit_result pvm_on_tick(struct vmm *v);

/* A tick, with the in-kernel irqchip: stop a vCPU halted with interrupts
 * disabled for good (run_halt.c, halt_watch.h). */
enum exit_result halt_on_tick(struct vmm *v);

/* Stop with `status` after printing "vmm: <msg>" and the registers. */
enum exit_result vmm_fail(struct vmm *v, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
