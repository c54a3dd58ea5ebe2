/*
 * host_pc_build.c: the PC the virtio and xen-pvh targets run on: the VM with
 * the in-kernel irqchip and PIT, its vCPU, the registered PC devices, the
 * I/O thread and one virtio-PCI function per attached device.
 */
#include <string.h>

#include "pc/host_pc.h"
#include "host_virtio.h"

int pc_build(struct vmm *v, struct pc *pc, struct iothread *io,
             struct mft *mft, char *err, size_t errlen)
{
    if (kvm_create_vm(&v->vm, v->opts->mem_bytes, err, errlen) < 0 ||
        pc_kvm_setup(&v->vm, err, errlen) < 0 ||
        kvm_create_vcpu(&v->vm, err, errlen) < 0 ||
        pc_kvm_vcpu_setup(&v->vm, err, errlen) < 0)
        return -1;
    memset(pc, 0, sizeof(*pc));
    pc->v = v;
    v->target = pc;
    if (pc_init_devices(pc, err, errlen) < 0 ||
        iothread_init(io, err, errlen) < 0)
        return -1;
    return virtio_devices_create(pc, io, mft, err, errlen);
}
