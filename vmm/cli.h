/*
 * cli.h: the `vmm run` and `vmm check` command lines, parsed without side
 * effects.
 *
 *   vmm run [--target=T] [--mem=MB] [--net:NAME=TAP] [--net-mac:NAME=MAC]
 *           [--block:NAME=FILE[:ro]] [--block-sector-size:NAME=N]
 *           [a target's options] [--stats] [--strict-io] [--dumpcore=DIR]
 *           [--debug-unsafe] IMAGE [ARGS...]
 *   vmm check [--target=T] [--mem=MB] IMAGE
 *
 * The option spellings follow solo5-hvt so scripts written for it work.
 * Targets and their own options (xen-pvh's --module=FILE, --pvh=MODE) are
 * looked up in the target records (target.h), as is the most --mem each
 * takes: the parse takes the largest any target takes, and the given
 * target's own.
 * The device options are those of the device kinds (devices.h).
 */
#ifndef VMM_CLI_H
#define VMM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_DEVICES 128 /* 64 devices, 64 settings (--net-mac...) */
#define CLI_MAX_MODULES 16 /* a target's --module=FILE */
#define CLI_DEFAULT_MEM_MB 512
#define CLI_MIN_MEM_MB 2 /* the most: each target's record (target.h) */

struct target_def;

struct device_kind;    /* devices.h: each kind's options */
struct device_setting;

/*
 * A device option: --net:NAME=TAP, --block:NAME=FILE, or a setting:
 * --net-mac:NAME=MAC, --block-sector-size:NAME=N.
 */
struct cli_device {
    const struct device_kind *kind;
    const struct device_setting *setting; /* NULL: the option attaching it */
    char name[68];     /* manifest name (MFT_NAME_SIZE) */
    const char *value; /* tap name, file name, MAC address, sector size */
};

struct run_opts {
    const struct target_def *target; /* --target=T; NULL: from the image */
    uint64_t mem_bytes;
    bool stats;
    bool debug_unsafe; /* --debug-unsafe: run without the sandbox */
    bool strict_io; /* --strict-io: unserved ports and MMIO stop the guest */
    const char *dumpcore; /* --dumpcore=DIR (dumpcore.h), or NULL */
    unsigned ndev;
    struct cli_device dev[CLI_MAX_DEVICES];
    /* Boot modules, files loaded beside the image, from a target's option
     * (xen-pvh's --module=FILE), in command-line order. */
    unsigned nmodules;
    const char *modules[CLI_MAX_MODULES];
    /* A target's choice of how to boot the image (xen-pvh's --pvh=MODE),
     * or NULL: the target decides from the image. */
    const char *target_mode;
    const char *image;
    int guest_argc;
    char *const *guest_argv;
};

/* Parse argv (after "run"); 0 on success, -1 with the reason in err. */
int cli_parse_run(int argc, char *const argv[], struct run_opts *o, char *err,
                  size_t errlen);

/*
 * Parse the arguments of `vmm check [--target=T] [--mem=MB] IMAGE` into the
 * same struct (no devices, no guest arguments); 0, or -1 with err.
 */
int cli_parse_check(int argc, char *const argv[], struct run_opts *o,
                    char *err, size_t errlen);

/* Parse "aa:bb:cc:dd:ee:ff"; 0 on success. */
int cli_parse_mac(const char *s, uint8_t mac[6]);

#endif
