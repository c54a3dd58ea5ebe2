/*
 * cli.c: parsing `vmm run` options (pure; no I/O). Targets, and the
 * options that are a target's own, are looked up in their records.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "errmsg.h"
#include "target.h"

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Exactly six fields of two hex digits, separated by ':'. */
int cli_parse_mac(const char *s, uint8_t mac[6])
{
    uint8_t m[6];
    if (strlen(s) != 17)
        return -1;
    for (int i = 0; i < 6; i++) {
        const char *f = s + 3 * i;
        int hi = hex_digit(f[0]), lo = hex_digit(f[1]);
        if (hi < 0 || lo < 0 || (i < 5 && f[2] != ':'))
            return -1;
        m[i] = (uint8_t)(hi << 4 | lo);
    }
    memcpy(mac, m, sizeof(m));
    return 0;
}

static int parse_mem(const char *v, struct run_opts *o, char *err,
                     size_t errlen)
{
    char *end;
    errno = 0;
    unsigned long long mb = strtoull(v, &end, 10);
    if (!isdigit((unsigned char)v[0]) || errno || *end != '\0')
        return errmsg(err, errlen, "--mem=%s: not a number of MiB", v);
    if (mb < CLI_MIN_MEM_MB || mb > target_max_mem_mb())
        return errmsg(err, errlen, "--mem=%s: must be between %d and %u MiB", v,
                      CLI_MIN_MEM_MB, target_max_mem_mb());
    o->mem_bytes = (uint64_t)mb << 20;
    return 0;
}

/* "--net:NAME=VALUE" style: an option of kind k, setting s (or NULL). */
static int parse_device(const char *arg, const struct device_kind *k,
                        const struct device_setting *s, struct run_opts *o,
                        char *err, size_t errlen)
{
    const char *opt = s ? s->option : k->option;
    const char *name = arg + strlen(opt) + 1;
    const char *eq = strchr(name, '=');
    if (!eq || eq == name || eq[1] == '\0')
        return errmsg(err, errlen, "%s: expected %s:NAME=VALUE", arg, opt);
    size_t nlen = (size_t)(eq - name);
    if (nlen >= sizeof(o->dev[0].name))
        return errmsg(err, errlen, "%s: device name longer than %zu characters",
                      arg, sizeof(o->dev[0].name) - 1);
    unsigned same = 0; /* devices, or settings: at most 64 of each */
    for (unsigned i = 0; i < o->ndev; i++)
        same += (o->dev[i].setting != NULL) == (s != NULL);
    if (same == CLI_MAX_DEVICES / 2)
        return errmsg(err, errlen, "too many %s%s (at most %d)",
                      s ? s->option : "devices", s ? " options" : "",
                      CLI_MAX_DEVICES / 2);
    struct cli_device *d = &o->dev[o->ndev];
    memcpy(d->name, name, nlen);
    d->name[nlen] = '\0';
    for (unsigned i = 0; i < o->ndev; i++)
        if (o->dev[i].kind == k && o->dev[i].setting == s &&
            strcmp(o->dev[i].name, d->name) == 0)
            return errmsg(err, errlen, "%s: device '%s' given twice", arg,
                          d->name);
    d->kind = k;
    d->setting = s;
    d->value = eq + 1;
    o->ndev++;
    return 0;
}

static int parse_target(const char *v, struct run_opts *o, char *err,
                        size_t errlen)
{
    o->target = target_find(v);
    if (!o->target) {
        char names[256];
        target_names(names, sizeof(names), ", ", ", ");
        return errmsg(err, errlen, "--target=%s: unknown target (%s)", v,
                      names);
    }
    return 0;
}

int cli_parse_run(int argc, char *const argv[], struct run_opts *o, char *err,
                  size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->mem_bytes = (uint64_t)CLI_DEFAULT_MEM_MB << 20;
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const struct device_kind *kind;
        const struct device_setting *setting;
        int r = 0;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] != '-' || a[1] == '\0') {
            break;
        } else if (strncmp(a, "--target=", 9) == 0) {
            r = parse_target(a + 9, o, err, errlen);
        } else if (strcmp(a, "--target") == 0) {
            if (i + 1 == argc)
                return errmsg(err, errlen, "--target needs a value");
            r = parse_target(argv[++i], o, err, errlen);
        } else if (strncmp(a, "--mem=", 6) == 0) {
            r = parse_mem(a + 6, o, err, errlen);
        } else if ((kind = device_option_find(a, &setting))) {
            r = parse_device(a, kind, setting, o, err, errlen);
        } else if (target_option_find(a)) {
            r = target_option_parse(argc, argv, &i, o, err, errlen);
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(a, "--strict-io") == 0) {
            o->strict_io = true;
        } else if (strcmp(a, "--debug-unsafe") == 0) {
            o->debug_unsafe = true;
        } else if (strncmp(a, "--dumpcore=", 11) == 0) {
            o->dumpcore = a + 11;
            if (!*o->dumpcore)
                return errmsg(err, errlen, "--dumpcore=DIR: no directory "
                                           "given");
        } else {
            return errmsg(err, errlen, "unknown option %s (see vmm run --help)",
                          a);
        }
        if (r < 0)
            return -1;
    }
    if (i == argc)
        return errmsg(err, errlen, "no IMAGE given (see vmm run --help)");
    o->image = argv[i];
    o->guest_argc = argc - i - 1;
    o->guest_argv = argv + i + 1;
    if (target_check_mem(o, o->target, err, errlen) < 0)
        return -1;
    for (unsigned d = 0; d < o->ndev; d++) {
        const struct device_setting *s = o->dev[d].setting;
        char why[192];
        if (s && s->check(o->dev[d].value, why, sizeof(why)) < 0)
            return errmsg(err, errlen, "%s: %s", s->option, why);
    }
    return 0;
}

int cli_parse_check(int argc, char *const argv[], struct run_opts *o,
                    char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->mem_bytes = (uint64_t)CLI_DEFAULT_MEM_MB << 20;
    int i = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i];
        int r;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strncmp(a, "--target=", 9) == 0) {
            r = parse_target(a + 9, o, err, errlen);
        } else if (strcmp(a, "--target") == 0 && i + 1 < argc) {
            r = parse_target(argv[++i], o, err, errlen);
        } else if (strncmp(a, "--mem=", 6) == 0) {
            r = parse_mem(a + 6, o, err, errlen);
        } else {
            return errmsg(err, errlen,
                          "%s: vmm check takes only --target=T and --mem=MB",
                          a);
        }
        if (r < 0)
            return -1;
    }
    if (i == argc)
        return errmsg(err, errlen, "no IMAGE given (see vmm --help)");
    if (i + 1 != argc)
        return errmsg(err, errlen, "vmm check takes one IMAGE, not '%s' too",
                      argv[i + 1]);
    o->image = argv[i];
    return target_check_mem(o, o->target, err, errlen);
}
