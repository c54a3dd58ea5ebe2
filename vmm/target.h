/*
 * target.h: the boot targets: telling an image's target from its notes and
 * headers, and the targets themselves, each registering its check and run
 * functions with VMM_TARGET() (a linker section), so main() has no switch.
 */
#ifndef VMM_TARGET_H
#define VMM_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "registry.h"

struct vmm;

/*
 * The target an image was built for: its Solo5 ABI note first, then a Xen
 * PVH note, then a Multiboot header in the first 8 KiB. TARGET_AUTO when
 * none is found. *why names the evidence, for the "picked" message.
 */
enum target target_detect(const uint8_t *buf, size_t len, const char **why);

struct target_def {
    enum target target;
    /*
     * Validate the image as `vmm run` would, without KVM or devices:
     * 0, or -1 after printing "vmm: IMAGE: reason" to stderr.
     */
    int (*check)(struct vmm *v, const uint8_t *buf, size_t len);
    /* Load the image, attach its devices and run it: vmm's exit status. */
    int (*run)(struct vmm *v, const uint8_t *buf, size_t len);
};

#define VMM_TARGET(var_) VMM_REGISTER(targets, var_)

/* The registered target t, or NULL when this vmm does not implement it. */
const struct target_def *target_def_find(enum target t);

#endif
