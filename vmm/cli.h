/*
 * cli.h: the `vmm run` and `vmm check` command lines, parsed without side
 * effects.
 *
 *   vmm run [--target=T] [--mem=MB] [--net:NAME=TAP] [--net-mac:NAME=MAC]
 *           [--block:NAME=FILE[:ro]] [--module=FILE] [--stats]
 *           [--debug-unsafe] IMAGE [ARGS...]
 *   vmm check [--target=T] [--mem=MB] IMAGE
 *
 * The option spellings follow solo5-hvt so scripts written for it work.
 * The device options are those of the device kinds (devices.h).
 */
#ifndef VMM_CLI_H
#define VMM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_DEVICES 128 /* 64 devices, 64 settings (--net-mac) */
#define CLI_MAX_MODULES 16 /* --module=FILE (xen-pvh) */
#define CLI_DEFAULT_MEM_MB 512
#define CLI_MAX_MEM_MB 3840 /* hvt passes 32-bit guest addresses */
#define CLI_MIN_MEM_MB 2

enum target {
    TARGET_AUTO = 0,
    TARGET_HVT,
    TARGET_VIRTIO,
    TARGET_XEN_PVH,
};

struct device_kind;    /* devices.h: each kind's options */
struct device_setting;

/* A device option: --net:NAME=TAP, --block:NAME=FILE, --net-mac:NAME=MAC. */
struct cli_device {
    const struct device_kind *kind;
    const struct device_setting *setting; /* NULL: the option attaching it */
    char name[68];     /* manifest name (MFT_NAME_SIZE) */
    const char *value; /* tap name, file name or MAC address */
};

struct run_opts {
    enum target target;
    uint64_t mem_bytes;
    bool stats;
    bool debug_unsafe; /* --debug-unsafe: run without the sandbox */
    unsigned ndev;
    struct cli_device dev[CLI_MAX_DEVICES];
    unsigned nmodules;
    const char *modules[CLI_MAX_MODULES]; /* in command-line order */
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

const char *target_name(enum target t);
/* TARGET_AUTO when the name is unknown. */
enum target target_from_name(const char *name);

/* Parse "aa:bb:cc:dd:ee:ff"; 0 on success. */
int cli_parse_mac(const char *s, uint8_t mac[6]);

#endif
