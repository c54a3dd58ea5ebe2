/*
 * main.c: the `vmm tls-check` command. Runs tools/tls-check/tls-check-run
 * (installed as LIBDIR/vmm/tls-check/tls-check-run, LIBDIR being ../lib
 * from vmm's own directory) to build and boot the conformance guest on
 * every selected target and host, then reads the results directory it
 * wrote (results.c), compares (compare.c) and prints the table or JSON.
 * Exit status: 0 when every column agrees with the reference, 1 when not,
 * 2 when the tool itself could not work.
 */
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tls_check.h"
#include "vmm/command.h"

#define TOOL_FAILED 2
#define DEFAULT_SWITCHES "100000"

static const char usage[] =
    "usage: vmm tls-check [--json] [--images DIR] [--hosts LIST] [--out DIR]\n"
    "                     [--results DIR] [--facts FILE]\n"
    "\n"
    "Build the TLS conformance guest (tls.c, with vmm-cc) for hvt, virtio and\n"
    "xen-pvh, boot it on every host that can (vmm on this machine's /dev/kvm,\n"
    "or in the KVM box without one; vmm-box, always in the KVM box, a\n"
    "hardware-style KVM; qemu-system-x86_64 -kernel; the same on a CPU\n"
    "without FSGSBASE so that set_tls_base falls back to wrmsr; a GRUB ISO\n"
    "under QEMU's BIOS and under OVMF) and show its facts side by side\n"
    "against the reference (tls.facts): a '*' marks a cell that differs from\n"
    "the reference, a '!' one that differs from the other columns. vmm and\n"
    "vmm-box columns also show VM exits per set_tls_base call (runs with and\n"
    "without the switch loop); KVM's own count only in the KVM box.\n"
    "\n"
    "  --json          the report as JSON on stdout\n"
    "  --images DIR    boot DIR/tls.hvt, tls.virtio, tls.xen instead of\n"
    "                  building them\n"
    "  --hosts LIST    comma-separated hosts (vmm, vmm-box, qemu, qemu-wrmsr,\n"
    "                  iso-bios, iso-uefi) or columns (e.g. virtio/vmm-box);\n"
    "                  default: all\n"
    "  --out DIR       keep images, consoles and results in DIR (default: a\n"
    "                  temporary directory, removed)\n"
    "  --results DIR   run nothing: compare what a run left in DIR\n"
    "  --facts FILE    the reference (default: next to tls-check-run)\n"
    "\n"
    "Exit status: 0 when every column agrees with the reference (a column\n"
    "skipped because OVMF is missing aside), 1 when a cell is marked or a\n"
    "column could not run, 2 when the tool could not work.\n";

struct opts {
    bool json;
    const char *images, *hosts, *out, *results, *facts;
};

static int parse(int argc, char *argv[], struct opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **dst = NULL;
        if (strcmp(a, "--json") == 0) {
            o->json = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        static const char *const names[] = {"--images", "--hosts", "--out",
                                            "--results", "--facts"};
        const char **dsts[] = {&o->images, &o->hosts, &o->out, &o->results,
                               &o->facts};
        const char *val = NULL;
        for (unsigned k = 0; k < 5 && !dst; k++) {
            size_t n = strlen(names[k]);
            if (strncmp(a, names[k], n) != 0)
                continue;
            if (a[n] == '=') {
                dst = dsts[k];
                val = a + n + 1;
            } else if (a[n] == '\0' && i + 1 < argc) {
                dst = dsts[k];
                val = argv[++i];
            } else if (a[n] == '\0') {
                fprintf(stderr, "vmm: tls-check: %s needs a value\n", a);
                return -1;
            }
        }
        if (!dst || !*val) {
            fprintf(stderr,
                    "vmm: tls-check: unknown or empty option '%s' (see vmm "
                    "tls-check --help)\n",
                    a);
            return -1;
        }
        *dst = val;
    }
    return 0;
}

/* LIBDIR/vmm/tls-check, from where this vmm binary is. */
static int tool_dir(char *dir, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n < 0) {
        fprintf(stderr, "vmm: tls-check: /proc/self/exe: %s\n",
                strerror(errno));
        return -1;
    }
    self[n] = '\0';
    snprintf(dir, size, "%s/../lib/vmm/tls-check", dirname(self));
    return 0;
}

/* Run args[0] with stdout going to stderr; its exit status or -1. */
static int run_script(const char *const *args)
{
    char *argv[24];
    unsigned n = 0;
    for (; args[n] && n + 1 < sizeof(argv) / sizeof(argv[0]); n++)
        argv[n] = strdup(args[n]);
    argv[n] = NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(2, 1);
        execv(argv[0], argv);
        fprintf(stderr, "vmm: tls-check: cannot run %s: %s\n", argv[0],
                strerror(errno));
        _exit(127);
    }
    int st = 0;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    for (unsigned i = 0; i < n; i++)
        free(argv[i]);
    if (w < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int remove_one(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static int compare(const struct opts *o, const char *dir, const char *facts)
{
    static struct tc_spec spec;
    static struct tc_column cols[TC_MAX_COLUMNS];
    static struct tc_report report;
    struct tc_image img[3] = {{0}};
    uint8_t *bufs[3] = {NULL};
    char err[TC_NOTE_MAX];

    char *text = tc_read_text(facts);
    if (!text)
        return TOOL_FAILED;
    int bad = tc_parse_spec(text, &spec, err, sizeof(err));
    free(text);
    if (bad < 0) {
        fprintf(stderr, "vmm: tls-check: %s: %s\n", facts, err);
        return TOOL_FAILED;
    }
    unsigned ni = 0;
    int n = tc_load_results(dir, cols, img, bufs, &ni);
    if (n < 0)
        return TOOL_FAILED;
    tc_compare(&spec, cols, (unsigned)n, img, ni, &report);
    if (o->json)
        tc_print_json(&report, stdout);
    else
        tc_print_table(&report, stdout);
    for (unsigned i = 0; i < ni; i++)
        free(bufs[i]);
    return report.ok ? 0 : 1;
}

/* The loop count the reference expects, for the script. */
static const char *switches(const char *facts)
{
    static char n[24];
    static struct tc_spec spec;
    char err[TC_NOTE_MAX];
    char *text = tc_read_text(facts);
    snprintf(n, sizeof(n), DEFAULT_SWITCHES);
    if (text && tc_parse_spec(text, &spec, err, sizeof(err)) == 0)
        for (unsigned i = 0; i < spec.n; i++)
            if (strcmp(spec.fact[i].key, "switches") == 0 &&
                strspn(spec.fact[i].expr, "0123456789") ==
                    strlen(spec.fact[i].expr) &&
                strlen(spec.fact[i].expr) < sizeof(n))
                memcpy(n, spec.fact[i].expr, strlen(spec.fact[i].expr) + 1);
    free(text);
    return n;
}

int tls_check_main(int argc, char *argv[])
{
    struct opts o = {0};
    char dir[PATH_MAX], script[PATH_MAX + 32], facts[PATH_MAX + 32];
    char self[PATH_MAX], work[PATH_MAX], names[TC_MAX_COLUMNS][32];
    char list[TC_MAX_COLUMNS * 32], err[TC_NOTE_MAX];

    int p = parse(argc, argv, &o);
    if (p != 0)
        return p > 0 ? 0 : TOOL_FAILED;
    if (tool_dir(dir, sizeof(dir)) < 0)
        return TOOL_FAILED;
    snprintf(facts, sizeof(facts), "%s/tls.facts", dir);
    if (o.facts)
        snprintf(facts, sizeof(facts), "%s", o.facts);
    if (o.results)
        return compare(&o, o.results, facts);
    snprintf(script, sizeof(script), "%s/tls-check-run", dir);
    if (access(script, X_OK) != 0 || access(facts, R_OK) != 0) {
        fprintf(stderr,
                "vmm: tls-check: %s or %s is missing: vmm tls-check needs "
                "the tls-check directory `make install` puts in LIBDIR/vmm "
                "(build/lib/vmm in the build tree) beside this vmm\n",
                script, facts);
        return TOOL_FAILED;
    }

    int n = tc_select_columns(o.hosts, names, TC_MAX_COLUMNS, err, sizeof(err));
    if (n < 0) {
        fprintf(stderr, "vmm: tls-check: %s\n", err);
        return TOOL_FAILED;
    }
    list[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
                 i ? "," : "", names[i]);
    ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (sl < 0)
        return TOOL_FAILED;
    self[sl] = '\0';
    if (o.out) {
        snprintf(work, sizeof(work), "%s", o.out);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(work, sizeof(work), "%s/vmm-tls-check.XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(work)) {
            fprintf(stderr, "vmm: tls-check: %s: %s\n", work, strerror(errno));
            return TOOL_FAILED;
        }
    }
    const char *args[] = {script,     "--vmm",          self,     "--src",
                          dir,        "--out",          work,     "--columns",
                          list,       "--switches",     switches(facts),
                          o.images ? "--images" : NULL, o.images, NULL};
    int st = run_script(args);
    int status = TOOL_FAILED;
    if (st != 0)
        fprintf(stderr, "vmm: tls-check: %s failed (status %d)\n", script, st);
    else
        status = compare(&o, work, facts);
    if (!o.out)
        nftw(work, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}

static const struct vmm_command tls_check_command = {
    .name = "tls-check",
    .rank = 3,
    .synopsis = "vmm tls-check [--json] [--images DIR] [--hosts LIST]",
    .main = tls_check_main,
};
VMM_COMMAND(tls_check_command);
