/*
 * devices.h: the device kinds, one record each, and attaching the command
 * line's devices to an image's manifest, the same way on every target.
 *
 * A kind registers itself with DEVICE_KIND() from its host backend's file
 * (dev_tap.c: NET_BASIC, dev_file.c: BLOCK_BASIC). Its record holds the
 * manifest type (named in mft_abi.h's MFT_DEV_TYPES, for messages and
 * vmm-mft), the option that attaches a device (--net:NAME=TAP) and those
 * that set a property of an attached one (--net-mac:NAME=MAC,
 * --block-sector-size:NAME=N), the backend
 * that opens the host side, and what the sandbox allows on its fd. Every
 * attaching option names a declared device of its type, and every declared
 * device gets one. The targets' models of a kind (hvt hypercalls, virtio
 * devices) register themselves in their own folders.
 *
 * A new kind: its type, name and properties in include/mft_abi.h; its
 * record and backend in a dev_*.c here; its virtio model
 * (virtio/host_virtio_*.c, VIRTIO_KIND; wire constants in
 * virtio/virtio_pci.h); `vmm run --help` (cmd_run.c). On the guest: its
 * Solo5 API (guest-rt/, solo5.h) and its virtio driver with the driver's
 * record (virtio/guest_*.c, VIRTIO_DRIVER). On hvt, if offered there:
 * hypercalls (include/hvt_abi.h, hvt/host_*.c, hvt/guest_*.c: RT_DRIVER).
 */
#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "mft_abi.h"
#include "registry.h"
#include "sandbox.h"

/*
 * An option setting a property of an attached device: --net-mac:NAME=MAC,
 * --block-sector-size:NAME=N.
 */
struct device_setting {
    const char *option; /* "--net-mac" */
    /*
     * VALUE checked while parsing (pure): 0, or -1 with what is wrong with
     * it in err ("'x' is not a MAC address (...)"; printed after the
     * option's name).
     */
    int (*check)(const char *value, char *err, size_t errlen);
    /*
     * Once the device is attached (attached: the VALUE of the option that
     * attached it, --block:NAME=FILE's FILE), set the property in e: 0, or
     * -1 with what is wrong in err (the file's size does not fit it).
     */
    int (*apply)(struct mft_entry *e, const char *value, const char *attached,
                 char *err, size_t errlen);
};

/* A device kind. */
struct device_kind {
    mft_type_t type;
    const char *option; /* "--net": --net:NAME=VALUE attaches device NAME */
    const char *value;  /* "TAP": what VALUE names, for messages */
    /*
     * The host backend: open the host side for entry e from VALUE and fill
     * in the entry's properties and host fd; 0, or -1 with err set.
     */
    int (*attach)(struct mft_entry *e, const char *value, char *err,
                  size_t errlen);
    unsigned rights; /* what the sandbox allows on the host fd (SB_*) */
    bool input;      /* the guest waits for its input (hvt POLL) */
    /* Its setting options, ended by one whose option is NULL; or NULL. */
    const struct device_setting *settings;
};

#define DEVICE_KIND(var_) VMM_REGISTER(device_kinds, var_)

/* The registered kind of manifest type t, or NULL. */
const struct device_kind *device_kind_find(mft_type_t type);

/*
 * The kind whose option arg is ("--net:..."), with *setting the setting
 * option it is or NULL for the attaching one; NULL if it is none.
 */
const struct device_kind *device_option_find(
    const char *arg, const struct device_setting **setting);

/* The option that gave d: "--net", "--net-mac". */
const char *device_option_name(const struct cli_device *d);

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

/* What the sandbox allows on attached entry e's host fd (SB_*; 0: none). */
unsigned devices_rights(const struct mft_entry *e);

/* Close the host fds of the attached entries. */
void devices_close(struct mft *mft);

/*
 * Devices attached read-only (--block:NAME=FILE:ro), by host fd: their
 * writes fail towards the guest and never reach the host side, and the
 * sandbox allows no writing on the fd.
 */
void devices_set_read_only(int hostfd, bool ro);
bool devices_read_only(int hostfd);

#endif
