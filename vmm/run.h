/*
 * run.h: the one sequence that checks and runs an image on every target
 * (run.c), and the hooks in which targets differ (struct target_ops).
 *
 * vmm_run_image: load the image (the target parses it and reads its
 * manifest; without one, the command line's devices in order make it),
 * what else the target reads, the devices attached to the manifest; the
 * VM and its memory, the target's VM-wide devices, the vCPU, the I/O
 * thread's set-up when the target has one, the target's machine; the
 * image and boot information placed, the vCPU set to enter; capabilities
 * dropped, the I/O thread started, the sandbox's allowlist (devices, the
 * I/O thread, the target's rights) locked; the run loop; the guest's core
 * (--dumpcore, dumpcore.h: DIR opened before the devices, the sandbox's
 * right to it taken before the I/O thread starts); teardown.
 */
#ifndef VMM_RUN_H
#define VMM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm.h"

struct target_ops {
    /*
     * Parse and check the image (vmm check stops here): its state for the
     * other hooks in the target's own variables, its manifest (malloc'd)
     * in v->mft and v->mft_size, or NULL when it has none. 0, or -1 after
     * printing "vmm: IMAGE: reason" with v->mft NULL.
     */
    int (*load)(struct vmm *v, const uint8_t *buf, size_t len);
    /* Read what else the command line names (may be NULL); -1 after
     * printing why. */
    int (*prepare)(struct vmm *v);
    /*
     * The rest return 0, or -1 with the reason in err, printed as
     * "vmm: IMAGE: reason". VM-wide devices, made between the VM and its
     * vCPU (may be NULL).
     */
    int (*vm_devices)(struct vmm *v, char *err, size_t errlen);
    /* The machine around the vCPU, once it exists (may be NULL). */
    int (*build)(struct vmm *v, char *err, size_t errlen);
    /* The image and the boot information in guest memory. */
    int (*place)(struct vmm *v, const uint8_t *buf, char *err,
                 size_t errlen);
    /* The vCPU's registers at the entry point. */
    int (*enter)(struct vmm *v, char *err, size_t errlen);
    /* What the run loop does besides KVM_RUN, into v->sandbox. */
    void (*sandbox)(struct vmm *v);
    /* Undo prepare and build, count --stats (may be NULL). */
    void (*cleanup)(struct vmm *v);

    /* KVM_EXIT_IO: port, direction, size, data in vm.run. */
    enum exit_result (*on_io)(struct vmm *v);
    /* Write out buffered guest output before vmm prints (may be NULL). */
    void (*flush)(struct vmm *v);
    /*
     * Any other exit the run loop does not handle itself, such as
     * KVM_EXIT_X86_WRMSR (may be NULL): EXIT_UNHANDLED when not served.
     */
    enum exit_result (*on_exit)(struct vmm *v);

    bool iothread; /* its devices work in the I/O thread (v->io) */
    /*
     * A PC's buses: an I/O port on_io does not serve, or an address
     * outside memory, reads all-ones and drops writes unless --strict-io
     * (unserved.h); false: such an access stops the guest (252).
     */
    bool open_bus;
    /* The VM's creation failing prints "vmm: reason", not naming the
     * image (hvt, as solo5-hvt does). */
    bool vm_errors_unnamed;
};

/* `vmm check`: load, and let go; 0, or -1 after printing why. */
int vmm_check_image(struct vmm *v, const struct target_ops *ops,
                    const uint8_t *buf, size_t len);

/*
 * `vmm run`: the sequence above; vmm's exit status. BUF (malloc'ed) is
 * vmm_run_image's: it frees it once the image is in the guest's memory,
 * before the sandbox is built, so that the copy of the file is not part
 * of vmm's peak memory (the seccomp filter's heap reuses it).
 */
int vmm_run_image(struct vmm *v, const struct target_ops *ops, uint8_t *buf,
                  size_t len);

#endif
