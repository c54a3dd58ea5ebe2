/*
 * cmd_run.c: `vmm run` and `vmm check`: parse the options, read IMAGE, pick
 * its target's record (from --target, or from the image) and hand it to
 * the target's run or check hook; then --stats and the KVM teardown. The
 * help's targets and target options come from the records (target.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "exit_status.h"
#include "read_file.h"
#include "run.h"
#include "sandbox.h"
#include "target.h"
#include "vmm.h"

static struct vmm the_vmm;

static int pick_target(struct run_opts *o, const uint8_t *buf, size_t len)
{
    const char *why;
    const struct target_def *t = target_detect(buf, len, &why);
    if (o->target)
        return 0;
    if (!t) {
        char evidence[256];
        target_evidence(evidence, sizeof(evidence), ", ", " or ");
        fprintf(stderr,
                "vmm: %s: cannot tell the target: no %s; use --target\n",
                o->image, evidence);
        return -1;
    }
    o->target = t;
    fprintf(stderr, "vmm: %s: target %s (from %s)\n", o->image,
            target_name(t), why);
    return 0;
}

/* The image read, its target picked, and the --mem that target takes. */
static int read_and_pick(struct run_opts *o, uint8_t **buf, size_t *len)
{
    char err[256];
    *buf = read_file(o->image, len);
    if (!*buf || pick_target(o, *buf, *len) < 0)
        return -1;
    if (target_check_mem(o, o->target, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s\n", err);
        return -1;
    }
    return 0;
}

/* An option of another target than the one picked: refused. */
static int foreign_option(const struct run_opts *o)
{
    const struct target_def *owner;
    const struct target_option *opt =
        target_option_foreign(o, o->target, &owner);
    if (!opt)
        return 0;
    fprintf(stderr, "vmm: %s: %s is for target %s only\n", o->image,
            opt->name, owner->name);
    return -1;
}

static bool wants_help(int argc, char *const argv[])
{
    return argc > 0 &&
           (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0);
}

static int run_main(struct vmm *v, int argc, char *const argv[])
{
    static struct run_opts o;
    char err[256];
    if (wants_help(argc, argv)) {
        vmm_usage(stdout);
        return 0;
    }
    if (cli_parse_run(argc, argv, &o, err, sizeof(err)) < 0 ||
        sandbox_check_personality(err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s\n", err);
        return VMM_EXIT_SETUP_FAILED;
    }
    v->opts = &o;
    v->image = o.image;
    v->vm.sandbox_off = o.debug_unsafe; /* for the kvm_reaper child */
    uint8_t *buf = NULL;
    size_t len;
    int status = VMM_EXIT_SETUP_FAILED;
    if (read_and_pick(&o, &buf, &len) == 0 && foreign_option(&o) == 0)
        return vmm_run_image(v, o.target->ops, buf, len); /* frees buf */
    free(buf);
    return status;
}

static int check_main(struct vmm *v, int argc, char *const argv[])
{
    static struct run_opts o;
    char err[256];
    if (wants_help(argc, argv)) {
        vmm_usage(stdout);
        return 0;
    }
    if (cli_parse_check(argc, argv, &o, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s\n", err);
        return VMM_EXIT_SETUP_FAILED;
    }
    v->opts = &o;
    v->image = o.image;
    uint8_t *buf = NULL;
    size_t len;
    int status = VMM_EXIT_SETUP_FAILED;
    if (read_and_pick(&o, &buf, &len) == 0 &&
        vmm_check_image(v, o.target->ops, buf, len) == 0) {
        printf("%s: ok (target %s)\n", o.image, target_name(o.target));
        status = 0;
    }
    free(buf);
    return status;
}

/* --stats and the teardown, once the command is done with the VM. */
static int finish(struct vmm *v, int status)
{
    v->stats.end_ns = stats_now_ns();
    v->stats.kvm = v->vm.flavour;
    if (v->opts && v->opts->stats)
        stats_print(&v->stats, stderr);
    kvm_teardown(&v->vm);
    return status;
}

static int cmd_run(int argc, char *argv[])
{
    stats_start(&the_vmm.stats);
    return finish(&the_vmm, run_main(&the_vmm, argc - 1, argv + 1));
}

static int cmd_check(int argc, char *argv[])
{
    stats_start(&the_vmm.stats);
    return finish(&the_vmm, check_main(&the_vmm, argc - 1, argv + 1));
}

/*
 * `vmm run --help` after the summaries: "Targets:", the --target=T and
 * --mem=MB options from the target records, then these, with the
 * targets' own options between them.
 */
static const char run_options_devices[] =
    "  --net:NAME=TAP      attach the manifest's network device NAME to an\n"
    "                      existing tap interface\n"
    "  --net-mac:NAME=MAC  give network device NAME this MAC address\n"
    "                      (default: random, locally administered)\n"
    "  --block:NAME=FILE   attach the manifest's block device NAME to FILE\n"
    "                      (size a multiple of 512 bytes); FILE:ro attaches\n"
    "                      it read-only (the guest's writes fail), FILE:rw\n"
    "                      read-write (the default)\n"
    "  --block-sector-size:NAME=N\n"
    "                      give block device NAME N-byte sectors (default\n"
    "                      512): a power of two up to 32768; FILE's size\n"
    "                      must be a multiple of N\n"
    "                      On virtio and xen-pvh, devices become PCI\n"
    "                      functions in manifest order; an image without a\n"
    "                      manifest gets them in command-line order.\n";

static const char run_options_rest[] =
    "  --stats             print VM exits by reason (on virtio: by device or\n"
    "                      port; on xen-pvh also hypercalls by name), work\n"
    "                      served without an exit, hypercalls answered\n"
    "                      -ENOSYS, unserved ports and addresses (reads,\n"
    "                      writes), start-up time, run time, peak RSS and\n"
    "                      whether the sandbox was on\n"
    "  --strict-io         stop the guest (252) at its first access to an I/O\n"
    "                      port or address (MMIO) that nothing serves; on\n"
    "                      virtio and xen-pvh such reads otherwise give\n"
    "                      all-ones and writes are dropped, as on a PC (hvt\n"
    "                      always stops: its ports are its hypercalls)\n"
    "  --dumpcore=DIR      when the guest aborts (255), triple-faults (254),\n"
    "                      makes a bad hypercall (253) or an exit vmm cannot\n"
    "                      serve (252), write an ELF core file of it (its\n"
    "                      registers, at the trap when it trapped, and its\n"
    "                      memory) to DIR/core.vmm.PID for `gdb IMAGE CORE`;\n"
    "                      the sandbox stays on (DIR is opened at start)\n"
    "  --debug-unsafe      run WITHOUT the sandbox (for debugging vmm only):\n"
    "                      by default vmm drops every capability, sets\n"
    "                      no_new_privs and installs a seccomp allowlist\n"
    "                      once the guest is loaded\n"
    "\n"
    "Exit status: the guest's own status (0..249; on virtio the value written\n"
    "to isa-debug-exit, or 0 for an ACPI power-off); 250 vmm could not start\n"
    "the guest; 251 a host call failed; 252 unexpected VM exit; 253 bad\n"
    "hypercall; 254 triple fault; 255 guest abort. On xen-pvh:\n"
    "SCHEDOP_shutdown poweroff 0, crash 255, reboot 1, and vmm's reason\n"
    "0x100 + N gives N. A system call the sandbox forbids kills vmm with\n"
    "SIGSYS after a line naming it (a shell shows status 159).\n"
    "Solo5-built virtio images (the Solo5 ABI note for virtio, no vmm EXIT\n"
    "note as guest-rt's images have) write 41 to isa-debug-exit however they\n"
    "end; there 41 gives 255 after a console line \"Solo5: ABORT: ...\" or\n"
    "\"Solo5: solo5_abort() called\", else N after \"Solo5: solo5_exit(N)\n"
    "called\", else 0.\n";

static void run_details(FILE *f)
{
    fputs("Targets:\n", f);
    target_help_targets(f);
    fputs("\nOptions of `vmm run`:\n", f);
    target_help_target_option(f);
    target_help_mem(f);
    fputs(run_options_devices, f);
    target_help_options(f);
    fputs(run_options_rest, f);
}

static const struct vmm_command run_command = {
    .name = "run",
    .rank = 0,
    .synopsis = "vmm run [OPTIONS] IMAGE [GUEST ARGS...]",
    .summary =
    "vmm run: run a unikernel IMAGE on KVM. The guest's arguments become its\n"
    "command line (on virtio: \"IMAGE ARGS...\", as QEMU's -kernel gives it to\n"
    "a Multiboot image; on xen-pvh \"ARGS...\", as QEMU gives a PVH image).\n",
    .details = run_details,
    .main = cmd_run,
};
VMM_COMMAND(run_command);

static const struct vmm_command check_command = {
    .name = "check",
    .rank = 1,
    .synopsis = "vmm check [--target=T] [--mem=MB] IMAGE",
    .summary =
    "vmm check: validate IMAGE for its target as vmm run would (headers,\n"
    "notes, manifest, load layout, TLS template), without KVM; prints\n"
    "\"IMAGE: ok (target T)\" and exits 0, or prints why and exits 250.\n",
    .main = cmd_check,
};
VMM_COMMAND(check_command);
