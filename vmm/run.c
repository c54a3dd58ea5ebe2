/*
 * run.c: checking and running an image, the same sequence on every target
 * (run.h); the targets' hooks do what differs.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>

#include "devices.h"
#include "errmsg.h"
#include "exit_status.h"
#include "iothread.h"

static struct iothread io;

int vmm_check_image(struct vmm *v, const struct target_ops *ops,
                    const uint8_t *buf, size_t len)
{
    int r = ops->load(v, buf, len);
    /* a load can fail after it read the manifest: it keeps none either way */
    free(v->mft);
    v->mft = NULL;
    return r < 0 ? -1 : 0;
}

/* The VM and its memory, the target's VM-wide devices, the vCPU. */
static int create_vm(struct vmm *v, const struct target_ops *ops, char *err,
                     size_t errlen)
{
    if (kvm_create_vm(&v->vm, v->opts->mem_bytes, err, errlen) < 0 ||
        (ops->vm_devices && ops->vm_devices(v, err, errlen) < 0) ||
        kvm_create_vcpu(&v->vm, err, errlen) < 0)
        return -1;
    return 0;
}

/* The machine around the vCPU, the guest in memory, the entry. */
static int set_up(struct vmm *v, const struct target_ops *ops,
                  const uint8_t *buf)
{
    char err[256];
    if (create_vm(v, ops, err, sizeof(err)) < 0) {
        if (ops->vm_errors_unnamed)
            fprintf(stderr, "vmm: %s\n", err);
        else
            image_refuse(v->image, "%s", err);
        return -1;
    }
    if ((v->io && iothread_init(v->io, err, sizeof(err)) < 0) ||
        (ops->build && ops->build(v, err, sizeof(err)) < 0) ||
        ops->place(v, buf, err, sizeof(err)) < 0 ||
        ops->enter(v, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    return 0;
}

/* Capabilities dropped, the I/O thread started, the allowlist locked. */
static int enter_sandbox(struct vmm *v, const struct target_ops *ops)
{
    char err[256];
    /* Capabilities go before the I/O thread could inherit them. */
    if (vmm_sandbox_caps(v) < 0 || dumpcore_sandbox(v) < 0)
        return -1;
    if (v->io && iothread_start(v->io, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    vmm_sandbox_devices(v, v->mft);
    ops->sandbox(v);
    return vmm_sandbox_lock(v);
}

int vmm_run_image(struct vmm *v, const struct target_ops *ops, uint8_t *buf,
                  size_t len)
{
    int status = VMM_EXIT_SETUP_FAILED;
    v->ops = ops;
    v->io = NULL;
    if (ops->iothread) {
        io.epfd = io.stopfd = -1;
        v->io = &io;
    }
    if (ops->load(v, buf, len) < 0) {
        free(buf);
        free(v->mft); /* it may have read the manifest before it refused */
        v->mft = NULL;
        return status;
    }
    if (!v->mft &&
        !(v->mft = devices_mft_from_options(v->opts, &v->mft_size))) {
        free(buf);
        image_refuse(v->image, "out of memory");
        return status;
    }
    bool placed = dumpcore_open(v) >= 0 &&
                  (!ops->prepare || ops->prepare(v) >= 0) &&
                  devices_attach(v->image, v->mft, v->opts) >= 0 &&
                  set_up(v, ops, buf) >= 0;
    free(buf); /* the guest has its copy */
    if (!placed || enter_sandbox(v, ops) < 0)
        goto out;
    status = vmm_run_loop(v);
    if (ops->flush)
        ops->flush(v);
    dumpcore_stopped(v, status);
out:
    if (v->io)
        iothread_stop(v->io);
    if (ops->cleanup)
        ops->cleanup(v);
    devices_close(v->mft);
    free(v->mft);
    v->mft = NULL;
    dumpcore_close(v);
    return status;
}
