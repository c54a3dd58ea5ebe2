/*
 * devices.h: attaching the command line's devices (--net, --block,
 * --net-mac) to an image's manifest, the same way on every target: each
 * option names a declared device of its type, every declared device gets
 * one, and the host side (tap, file) is opened by the device kind's
 * registered backend (DEVICE_KIND in dev_tap.c, dev_file.c).
 */
#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "mft_abi.h"
#include "registry.h"

/* A device kind: its manifest type, option and host backend. */
struct device_kind {
    mft_type_t type;
    const char *option; /* "--net" / "--block", for messages */
    /* Open the host side for entry e from the option's value; 0, or -1
     * with err set. */
    int (*attach)(struct mft_entry *e, const char *value, char *err,
                  size_t errlen);
};

#define DEVICE_KIND(var_) VMM_REGISTER(device_kinds, var_)

/* The registered kind of manifest type t, or NULL. */
const struct device_kind *device_kind_find(mft_type_t type);

/*
 * Attach every device option to its entry of mft (marking it attached,
 * filling its properties and host fd); 0, or -1 after printing
 * "vmm: IMAGE: <reason>".
 */
int devices_attach(const char *image, struct mft *mft,
                   const struct run_opts *o);

/*
 * For images without a manifest: one declaring the options' devices in
 * command-line order (malloc'd, *size bytes), or NULL when out of memory.
 */
struct mft *devices_mft_from_options(const struct run_opts *o, size_t *size);

/* Close the host fds of the attached entries. */
void devices_close(struct mft *mft);

/*
 * Block devices attached read-only (--block:NAME=FILE:ro), by host fd:
 * their writes fail towards the guest and never reach the file.
 */
void devices_set_read_only(int hostfd, bool ro);
bool devices_block_read_only(int hostfd);

#endif
