/* main.c: the vmm command: run, check, mkimage, --help, --version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exit_status.h"
#include "read_file.h"
#include "sandbox.h"
#include "target.h"
#include "tls_check.h"
#include "boot/host_mkimage.h"
#include "vmm.h"

static const char usage[] =
    "usage: vmm run [OPTIONS] IMAGE [GUEST ARGS...]\n"
    "       vmm check [--target=T] [--mem=MB] IMAGE\n"
    "       vmm mkimage --format=iso|disk -o OUT [--cmdline=\"...\"] IMAGE\n"
    "       vmm tls-check [--json] [--images DIR] [--hosts LIST]\n"
    "       vmm --help | --version\n"
    "\n"
    "vmm run: run a unikernel IMAGE on KVM. The guest's arguments become its\n"
    "command line (on virtio: \"IMAGE ARGS...\", as QEMU's -kernel gives it to\n"
    "a Multiboot image; on xen-pvh \"ARGS...\", as QEMU gives a PVH image).\n"
    "vmm check: validate IMAGE for its target as vmm run would (headers,\n"
    "notes, manifest, load layout, TLS template), without KVM; prints\n"
    "\"IMAGE: ok (target T)\" and exits 0, or prints why and exits 250.\n"
    "vmm mkimage: make a virtio IMAGE bootable with GRUB: an El Torito ISO\n"
    "(BIOS, plus UEFI when grub-efi-amd64-bin is installed) or a raw MBR disk\n"
    "(BIOS); see vmm mkimage --help. Exits 0, or 1 after an error.\n"
    "\n"
    "Targets:\n"
    "  hvt     Solo5 hvt ABI 2 ELF64 image, entered in long mode; hypercalls\n"
    "  virtio  Multiboot image (address fields, ELF32 or ELF64), entered in\n"
    "          32-bit protected mode on a minimal PC: COM1, CMOS RTC, PIC,\n"
    "          PIT, kvmclock, PCI with legacy virtio-net and virtio-blk,\n"
    "          isa-debug-exit at 0x501, ACPI S5 power-off\n"
    "  xen-pvh Xen PVH image (ELF64 or ELF32 with a XEN_ELFNOTE_PHYS32_ENTRY\n"
    "          note), entered in 32-bit protected mode with hvm_start_info\n"
    "          in %ebx, on the virtio target's PC plus vmm's Xen hypercall\n"
    "          shim: Xen CPUID leaves, hypercall page, console_io and the\n"
    "          console ring, pvclock and timers, event channels, shutdown\n"
    "\n"
    "Options of `vmm run`:\n"
    "  --target=T          hvt, virtio or xen-pvh; by default vmm picks it from\n"
    "                      the image (Solo5 ABI note, Xen PVH note, Multiboot\n"
    "                      header) and says which\n"
    "  --mem=MB            guest memory in MiB (default 512, 2..3840)\n"
    "  --net:NAME=TAP      attach the manifest's network device NAME to an\n"
    "                      existing tap interface\n"
    "  --net-mac:NAME=MAC  give network device NAME this MAC address\n"
    "                      (default: random, locally administered)\n"
    "  --block:NAME=FILE   attach the manifest's block device NAME to FILE\n"
    "                      (size a multiple of 512 bytes); FILE:ro attaches\n"
    "                      it read-only (the guest's writes fail), FILE:rw\n"
    "                      read-write (the default)\n"
    "                      On virtio and xen-pvh, devices become PCI\n"
    "                      functions in manifest order; an image without a\n"
    "                      manifest gets them in command-line order.\n"
    "  --module=FILE       (xen-pvh) load FILE page-aligned above the image\n"
    "                      and list it in hvm_start_info; up to 16, in order\n"
    "  --stats             print VM exits by reason (on virtio: by device or\n"
    "                      port; on xen-pvh also hypercalls by name), work\n"
    "                      served without an exit, hypercalls answered\n"
    "                      -ENOSYS, start-up time, run time, peak RSS and\n"
    "                      whether the sandbox was on\n"
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
    "SIGSYS after a line naming it (a shell shows status 159).\n";

static int pick_target(struct run_opts *o, const uint8_t *buf, size_t len)
{
    const char *why;
    enum target t = target_detect(buf, len, &why);
    if (o->target != TARGET_AUTO)
        return 0;
    if (t == TARGET_AUTO) {
        fprintf(stderr,
                "vmm: %s: cannot tell the target: no Solo5 ABI note, Xen PVH "
                "note or Multiboot header; use --target\n",
                o->image);
        return -1;
    }
    o->target = t;
    fprintf(stderr, "vmm: %s: target %s (from %s)\n", o->image,
            target_name(t), why);
    return 0;
}

static int read_and_pick(struct run_opts *o, uint8_t **buf, size_t *len,
                         const struct target_def **def)
{
    *buf = read_file(o->image, len);
    if (!*buf)
        return -1;
    if (pick_target(o, *buf, *len) < 0)
        return -1;
    *def = target_def_find(o->target); /* every target registers one */
    return 0;
}

static bool wants_help(int argc, char *const argv[])
{
    return argc > 0 &&
           (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0);
}

static int cmd_run(int argc, char *const argv[], struct vmm *v)
{
    static struct run_opts o;
    char err[256];
    if (wants_help(argc, argv)) {
        fputs(usage, stdout);
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
    const struct target_def *def;
    int status = VMM_EXIT_SETUP_FAILED;
    if (read_and_pick(&o, &buf, &len, &def) == 0) {
        if (o.nmodules && o.target != TARGET_XEN_PVH)
            fprintf(stderr, "vmm: %s: --module is for target xen-pvh only\n",
                    o.image);
        else
            status = def->run(v, buf, len);
    }
    free(buf);
    return status;
}

static int cmd_check(int argc, char *const argv[], struct vmm *v)
{
    static struct run_opts o;
    char err[256];
    if (wants_help(argc, argv)) {
        fputs(usage, stdout);
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
    const struct target_def *def;
    int status = VMM_EXIT_SETUP_FAILED;
    if (read_and_pick(&o, &buf, &len, &def) == 0 &&
        def->check(v, buf, len) == 0) {
        printf("%s: ok (target %s)\n", o.image, target_name(o.target));
        status = 0;
    }
    free(buf);
    return status;
}

int main(int argc, char *argv[])
{
    static struct vmm v;
    stats_start(&v.stats);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? VMM_EXIT_SETUP_FAILED : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        char kvm[160];
        kvm_flavour(kvm, sizeof(kvm));
        printf("vmm %s\nkvm: %s\n", VMM_VERSION, kvm);
        return 0;
    }
    if (strcmp(argv[1], "mkimage") == 0)
        return mkimage_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "tls-check") == 0)
        return tls_check_main(argc - 1, argv + 1);
    int status;
    if (strcmp(argv[1], "run") == 0) {
        status = cmd_run(argc - 2, argv + 2, &v);
    } else if (strcmp(argv[1], "check") == 0) {
        status = cmd_check(argc - 2, argv + 2, &v);
    } else {
        fprintf(stderr, "vmm: unknown command '%s' (see vmm --help)\n",
                argv[1]);
        return VMM_EXIT_SETUP_FAILED;
    }
    v.stats.end_ns = stats_now_ns();
    v.stats.kvm = v.vm.flavour;
    if (v.opts && v.opts->stats)
        stats_print(&v.stats, stderr);
    kvm_teardown(&v.vm);
    return status;
}
