/*
 * host_pvh_target.h: the xen-pvh target's hooks of the run sequence
 * (vmm/run.h), in host_pvh_load.c, for its record in host_pvh_target.c.
 */
#ifndef XEN_PVH_HOST_PVH_TARGET_H
#define XEN_PVH_HOST_PVH_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/vmm.h"

/* --pvh=MODE's values */
#define PVH_MODE_XEN "xen"
#define PVH_MODE_PLAIN "plain"

/* How a PVH image boots (host_pvh_mode.c). */
struct pvh_mode {
    bool xen;        /* Xen PVH with the shim; false: plain PVH */
    const char *why; /* "from its Solo5 ABI note for xen", "from --pvh=..." */
};

/*
 * The mode for the image in buf: forced (--pvh's value) or, when NULL,
 * Xen PVH for an image with the Solo5 ABI note for xen, else plain. 0, or
 * -1 with err when the image's Solo5 note is malformed.
 */
int pvh_mode_pick(const uint8_t *buf, size_t len, const char *forced,
                  struct pvh_mode *m, char *err, size_t errlen);
/* "vmm: IMAGE: plain PVH: ... (why)" on stderr, as `vmm run` starts. */
void pvh_mode_say(const char *image, const struct pvh_mode *m);

/* The PVH image and its manifest (Solo5 images carry one; others not). */
int pvh_load(struct vmm *v, const uint8_t *buf, size_t len);
/* The --module files. */
int pvh_prepare(struct vmm *v);
/* The PC, the shim's page outside RAM (console ring) and the Xen shim. */
int pvh_build(struct vmm *v, char *err, size_t errlen);
/* The image, ACPI tables, modules and hvm_start_info in memory. */
int pvh_place(struct vmm *v, const uint8_t *buf, char *err, size_t errlen);
/* 32-bit protected mode at the note's entry, %ebx = hvm_start_info. */
int pvh_enter(struct vmm *v, char *err, size_t errlen);
/* The PC's rights and the shim's. */
void pvh_sandbox(struct vmm *v);
/* The shim torn down, --stats counted, the modules freed. */
void pvh_cleanup(struct vmm *v);

/* Exits: the shim's hypercall port, then the PC; the hypercall-page MSR. */
enum exit_result pvh_on_io(struct vmm *v);
enum exit_result pvh_on_exit(struct vmm *v);

#endif
