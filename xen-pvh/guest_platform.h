/*
 * guest_platform.h: the xen-pvh binding's internals (guest-rt/xen-pvh/): which
 * host it found at boot.
 */
#ifndef GUEST_RT_XEN_PVH_H
#define GUEST_RT_XEN_PVH_H

#include "guest_xen.h"
#include "virtio/guest_devices.h"

/*
 * boot.c: xen_pvh_on_xen is true when Xen (or vmm's shim) was found and
 * set up; then the console, clocks, sleeping and the exit go through Xen.
 * Otherwise the binding works as the virtio one does (guest-rt/pc/).
 * xen_pvh_pci_devices: virtio-PCI devices are attached (net or block);
 * sleeping on Xen then wakes up regularly to look at them.
 */
extern bool xen_pvh_on_xen;
extern bool xen_pvh_pci_devices;
extern struct xen_cpuid xen_pvh_cpuid;

#endif /* GUEST_RT_XEN_PVH_H */
