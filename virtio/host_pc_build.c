/*
 * host_pc_build.c: the PC the virtio and xen-pvh targets run on, as hooks of
 * the run sequence (vmm/run.h) both share: the in-kernel irqchip and PIT
 * before the vCPU; then the vCPU's LAPIC and kvmclock CPUID, the
 * registered PC devices and one virtio-PCI function per attached device,
 * served in the I/O thread; the UART flushed, the sandbox's rights, the
 * devices' --stats.
 */
#include <string.h>

#include "pc/host_pc.h"
#include "host_virtio.h"

int pc_vm_devices(struct vmm *v, char *err, size_t errlen)
{
    return pc_kvm_setup(&v->vm, err, errlen);
}

int pc_build(struct vmm *v, struct pc *pc, char *err, size_t errlen)
{
    if (pc_kvm_vcpu_setup(&v->vm, err, errlen) < 0)
        return -1;
    memset(pc, 0, sizeof(*pc));
    pc->v = v;
    v->target = pc;
    if (pc_init_devices(pc, err, errlen) < 0)
        return -1;
    return virtio_devices_create(pc, v->io, v->mft, err, errlen);
}

void pc_flush(struct vmm *v)
{
    pc_uart_flush(pc_of(v));
}

void pc_sandbox(struct vmm *v)
{
    vmm_sandbox_pc(v, v->io);
    pc_uart_sandbox(pc_of(v));
}

void pc_cleanup(struct vmm *v)
{
    virtio_devices_stats(&v->stats);
    pc_uart_cleanup(pc_of(v));
}
