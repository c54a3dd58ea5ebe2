/*
 * host_pvh_target.c: the xen-pvh target's record: a PVH image, recognised
 * by its Solo5 ABI note or its Xen PVH entry note, with its own options
 * --module=FILE (boot modules listed in hvm_start_info) and --pvh=MODE
 * (Xen PVH with vmm's shim, or plain PVH: host_pvh_mode.c); its hooks of
 * the run sequence (host_pvh_load.c, and the PC's shared ones).
 */
#include "host_pvh_target.h"

#include <string.h>

#include "pc/host_pc.h"
#include "solo5_elf_abi.h"
#include "vmm/elf_load.h"
#include "vmm/errmsg.h"
#include "vmm/run.h"
#include "vmm/target.h"
#include "xen_abi.h"

static int has_pvh_note(const uint8_t *buf, size_t len, const char **why)
{
    char err[128];
    size_t off, dlen;
    if (elf_find_note(buf, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &off, &dlen,
                      err, sizeof(err)) != 1)
        return 0;
    *why = "its Xen PVH entry note";
    return 1;
}

static int parse_module(struct run_opts *o, const char *value, char *err,
                        size_t errlen)
{
    if (o->nmodules == CLI_MAX_MODULES)
        return errmsg(err, errlen, "--module=%s: too many modules (at most %d)",
                      value, CLI_MAX_MODULES);
    o->modules[o->nmodules++] = value;
    return 0;
}

static bool module_given(const struct run_opts *o)
{
    return o->nmodules > 0;
}

static int parse_mode(struct run_opts *o, const char *value, char *err,
                      size_t errlen)
{
    if (strcmp(value, PVH_MODE_XEN) != 0 && strcmp(value, PVH_MODE_PLAIN) != 0)
        return errmsg(err, errlen, "--pvh=%s: expected --pvh=%s or --pvh=%s",
                      value, PVH_MODE_XEN, PVH_MODE_PLAIN);
    o->target_mode = value;
    return 0;
}

static bool mode_given(const struct run_opts *o)
{
    return o->target_mode != NULL;
}

static const struct target_option pvh_options[] = {
    {
        .name = "--module",
        .value = "FILE",
        .help = "load FILE page-aligned above the image\n"
                "and list it in hvm_start_info; up to 16, in order",
        .parse = parse_module,
        .given = module_given,
    },
    {
        .name = "--pvh",
        .value = "xen|plain",
        .help = "xen: Xen PVH, with vmm's Xen shim and Xen's\n"
                "CPUID leaves; plain: PVH as QEMU boots it,\n"
                "KVM's CPUID leaves and no shim. Default: xen\n"
                "for an image with the Solo5 ABI note for xen,\n"
                "else plain (Linux, other PVH kernels)",
        .parse = parse_mode,
        .given = mode_given,
    },
};

static const struct target_ops pvh_ops = {
    .load = pvh_load,
    .prepare = pvh_prepare,
    .vm_devices = pc_vm_devices,
    .build = pvh_build,
    .place = pvh_place,
    .enter = pvh_enter,
    .sandbox = pvh_sandbox,
    .cleanup = pvh_cleanup,
    .on_io = pvh_on_io,
    .flush = pc_flush,
    .on_exit = pvh_on_exit,
    .iothread = true,
    .open_bus = true,
};

static const struct target_def pvh_target = {
    .name = "xen-pvh",
    .rank = 2,
    .help = "Xen PVH image (ELF64 or ELF32 with a XEN_ELFNOTE_PHYS32_ENTRY\n"
            "note), entered in 32-bit protected mode with hvm_start_info\n"
            "in %ebx, on the virtio target's PC; with the Solo5 ABI note\n"
            "for xen also vmm's Xen hypercall shim: Xen CPUID leaves,\n"
            "hypercall page, console_io and the console ring, pvclock\n"
            "and timers, event channels, shutdown (see --pvh)",
    .solo5_abi = XEN_ABI_TARGET,
    .mark = "Xen PVH note",
    .mark_priority = 2, /* a note: before the Multiboot header's scan */
    .recognise = has_pvh_note,
    .max_mem_mb = PC_RAM_MAX_MB,
    .mem_limit = PC_RAM_LIMIT,
    .options = pvh_options,
    .noptions = sizeof(pvh_options) / sizeof(pvh_options[0]),
    .ops = &pvh_ops,
};
VMM_TARGET(pvh_target);
