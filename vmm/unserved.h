/*
 * unserved.h: what the run loop does with an access nothing serves: a
 * KVM_EXIT_IO the target's on_io left EXIT_UNHANDLED, or a KVM_EXIT_MMIO
 * (no memory slot and no device at that address).
 *
 * On a target with an open bus (struct target_ops' open_bus: the PC
 * targets, virtio and xen-pvh), as on a PC: reads give all-ones (0xff per
 * byte), writes are dropped, and each port or address is counted, reads
 * and writes, for --stats. With --strict-io, and on a target without an
 * open bus (hvt, whose ports are its hypercalls and which has no MMIO),
 * the guest stops instead: status 252 and a line naming the access.
 */
#ifndef VMM_UNSERVED_H
#define VMM_UNSERVED_H

#include "vmm.h"

/* KVM_EXIT_IO in v->vm.run: EXIT_HANDLED (read as ones), or EXIT_STOP. */
enum exit_result vmm_unserved_io(struct vmm *v);
/* KVM_EXIT_MMIO in v->vm.run: EXIT_HANDLED (read as ones), or EXIT_STOP. */
enum exit_result vmm_unserved_mmio(struct vmm *v);

#endif
