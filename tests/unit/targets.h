/*
 * targets.h: the registered targets by name, for the tests' assertions.
 * vmm itself knows targets only as the records they register
 * (vmm/target.h); NULL (TARGET_AUTO) is "none", as target_detect and
 * `vmm run` without --target have it.
 */
#ifndef TESTS_UNIT_TARGETS_H
#define TESTS_UNIT_TARGETS_H

#include "vmm/run.h"
#include "vmm/target.h"

#define TARGET_AUTO ((const struct target_def *)NULL)
#define TARGET_HVT target_find("hvt")
#define TARGET_VIRTIO target_find("virtio")
#define TARGET_XEN_PVH target_find("xen-pvh")

#endif
