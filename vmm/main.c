/* main.c: the vmm command: `vmm run`, --help, --version. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exit_status.h"
#include "target.h"
#include "vmm.h"

#define MAX_IMAGE_SIZE (1ULL << 30)

static const char usage[] =
    "usage: vmm run [OPTIONS] IMAGE [GUEST ARGS...]\n"
    "       vmm check [--target=T] [--mem=MB] IMAGE\n"
    "       vmm --help | --version\n"
    "\n"
    "vmm run: run a unikernel IMAGE on KVM. The guest's arguments become its\n"
    "command line (on virtio: \"IMAGE ARGS...\", as QEMU's -kernel gives it).\n"
    "vmm check: validate IMAGE for its target as vmm run would (headers,\n"
    "notes, manifest, load layout, TLS template), without KVM; prints\n"
    "\"IMAGE: ok (target T)\" and exits 0, or prints why and exits 250.\n"
    "\n"
    "Targets:\n"
    "  hvt     Solo5 hvt ABI 2 ELF64 image, entered in long mode; hypercalls\n"
    "  virtio  Multiboot image (address fields, ELF32 or ELF64), entered in\n"
    "          32-bit protected mode on a minimal PC: COM1, CMOS RTC, PIC,\n"
    "          PIT, kvmclock, PCI with legacy virtio-net and virtio-blk,\n"
    "          isa-debug-exit at 0x501, ACPI S5 power-off\n"
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
    "                      (size a multiple of 512 bytes)\n"
    "                      On virtio, devices become PCI functions in manifest\n"
    "                      order; an image without a manifest gets them in\n"
    "                      command-line order.\n"
    "  --stats             print VM exits by reason (on virtio: by device or\n"
    "                      port), work served without an exit, start-up time,\n"
    "                      run time and peak RSS at exit\n"
    "\n"
    "Exit status: the guest's own status (0..249; on virtio the value written\n"
    "to isa-debug-exit, or 0 for an ACPI power-off); 250 vmm could not start\n"
    "the guest; 251 a host call failed; 252 unexpected VM exit; 253 bad\n"
    "hypercall; 254 triple fault; 255 guest abort.\n";

static uint8_t *read_image(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint8_t *buf = NULL;
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "vmm: %s: %s\n", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_IMAGE_SIZE) {
        fprintf(stderr, "vmm: %s: not a regular file of at most 1 GiB\n",
                path);
        goto out;
    }
    *len = (size_t)st.st_size;
    buf = malloc(*len ? *len : 1);
    size_t done = 0;
    while (buf && done < *len) {
        ssize_t n = read(fd, buf + done, *len - done);
        if (n <= 0) {
            fprintf(stderr, "vmm: %s: read failed: %s\n", path,
                    n < 0 ? strerror(errno) : "file shrank");
            free(buf);
            buf = NULL;
            break;
        }
        done += (size_t)n;
    }
out:
    if (fd >= 0)
        close(fd);
    return buf;
}

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
    *buf = read_image(o->image, len);
    if (!*buf)
        return -1;
    if (pick_target(o, *buf, *len) < 0)
        return -1;
    *def = target_def_find(o->target);
    if (!*def) {
        fprintf(stderr,
                "vmm: %s: target %s is not implemented in this version of "
                "vmm\n",
                o->image, target_name(o->target));
        return -1;
    }
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
    if (cli_parse_run(argc, argv, &o, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s\n", err);
        return VMM_EXIT_SETUP_FAILED;
    }
    v->opts = &o;
    v->image = o.image;
    uint8_t *buf = NULL;
    size_t len;
    const struct target_def *def;
    int status = VMM_EXIT_SETUP_FAILED;
    if (read_and_pick(&o, &buf, &len, &def) == 0) {
        if (def->run)
            status = def->run(v, buf, len);
        else
            fprintf(stderr,
                    "vmm: %s: running target %s is not implemented in this "
                    "version of vmm (vmm check is)\n",
                    o.image, target_name(o.target));
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
        printf("vmm %s\n", VMM_VERSION);
        return 0;
    }
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
    if (v.opts && v.opts->stats)
        stats_print(&v.stats, stderr);
    kvm_teardown(&v.vm);
    return status;
}
