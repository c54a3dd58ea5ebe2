/*
 * host_pvh_mode.c: Xen PVH or plain PVH. An image with the Solo5 ABI note
 * for xen (Solo5's Xen binding, guest-rt's xen-pvh runtime) boots as on
 * Xen: Xen's CPUID leaves and vmm's shim. Any other PVH image (Linux,
 * other kernels) boots as QEMU boots it: KVM's own CPUID leaves, no shim
 * (no hypercall page, console ring or event channels). A kernel that
 * finds Xen's leaves takes itself for a Xen guest and calls Xen directly
 * (Linux makes `vmmcall` hypercalls and never uses the page). --pvh=MODE
 * overrides the choice.
 */
#include <stdio.h>
#include <string.h>

#include "host_pvh_target.h"
#include "vmm/solo5_notes.h"

int pvh_mode_pick(const uint8_t *buf, size_t len, const char *forced,
                  struct pvh_mode *m, char *err, size_t errlen)
{
    struct abi1_info abi;
    int r = solo5_abi_read(buf, len, &abi, err, errlen);
    if (r < 0)
        return -1;
    bool noted = r == 1 && abi.abi_target == XEN_ABI_TARGET;
    m->xen = noted;
    m->why = noted ? "from its Solo5 ABI note for xen"
                   : "it has no Solo5 ABI note for xen";
    if (forced) {
        m->xen = strcmp(forced, PVH_MODE_XEN) == 0;
        m->why = m->xen ? "from --pvh=xen" : "from --pvh=plain";
    }
    return 0;
}

void pvh_mode_say(const char *image, const struct pvh_mode *m)
{
    fprintf(stderr, "vmm: %s: %s (%s)\n", image,
            m->xen ? "Xen PVH: Xen's CPUID leaves and vmm's Xen shim"
                   : "plain PVH: KVM's CPUID leaves, no Xen shim",
            m->why);
}
