/*
 * columns.c: the columns: which ones --hosts selects, and the text of the
 * results directory that tls-check-run writes (the columns file and one
 * result file per column, whose counts become the exits per switch). Pure:
 * strings in, structures out, reasons in err.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/errmsg.h"
#include "tls_check.h"

/* Every column the tool knows, in table order: vmm on this machine's
 * /dev/kvm (in the KVM box when it has none), vmm-box (vmm always in the
 * KVM box), then the QEMU hosts. */
static const char *const all_columns[] = {
    "hvt/vmm",         "virtio/vmm",        "xen-pvh/vmm",
    "hvt/vmm-box",     "virtio/vmm-box",    "xen-pvh/vmm-box",
    "virtio/qemu",     "xen-pvh/qemu",      "virtio/qemu-wrmsr",
    "virtio/iso-bios", "virtio/iso-uefi",
};
#define NALL (sizeof(all_columns) / sizeof(all_columns[0]))

int tc_parse_columns(const char *text, struct tc_column *cols, unsigned max,
                     char *err, size_t errlen)
{
    char line[TC_WHY_MAX + 64];
    unsigned n = 0, no = 0;
    for (const char *p = text; (p = tc_next_line(p, line, sizeof(line)));) {
        no++;
        if (line[0] == '\0')
            continue;
        const char *rest, *why;
        size_t nn = tc_first_word(line, &rest);
        size_t sn = tc_first_word(rest, &why);
        const char *slash = memchr(line, '/', nn);
        if (!slash || slash == line || slash + 1 == line + nn ||
            (size_t)(slash - line) >= sizeof(cols->target) ||
            (size_t)(line + nn - slash - 1) >= sizeof(cols->host))
            return errmsg(err, errlen, "line %u: \"%.*s\" is not TARGET/HOST",
                          no, (int)nn, line);
        if (n == max)
            return errmsg(err, errlen, "line %u: more than %u columns", no,
                          max);
        struct tc_column *c = &cols[n];
        memset(c, 0, sizeof(*c));
        snprintf(c->target, sizeof(c->target), "%.*s", (int)(slash - line),
                 line);
        snprintf(c->host, sizeof(c->host), "%.*s",
                 (int)(line + nn - slash - 1), slash + 1);
        if (sn == 3 && strncmp(rest, "ran", 3) == 0)
            c->state = TC_RAN;
        else if (sn == 4 && strncmp(rest, "skip", 4) == 0)
            c->state = TC_SKIPPED;
        else if (sn == 4 && strncmp(rest, "fail", 4) == 0)
            c->state = TC_FAILED;
        else
            return errmsg(err, errlen,
                          "line %u: state \"%.*s\" (want ran, skip or fail)",
                          no, (int)sn, rest);
        snprintf(c->why, sizeof(c->why), "%s", why);
        n++;
    }
    return (int)n;
}

/* A decimal count; false when s is not one. */
static bool count(const char *s, uint64_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    *v = strtoull(s, &end, 10);
    return *end == '\0';
}

/* (loop - base) / switches as text, or "unmeasured". */
static void per_switch(char *out, size_t size, bool have_loop, uint64_t loop,
                       bool have_base, uint64_t base, uint64_t switches)
{
    if (!have_loop || !have_base || switches == 0)
        snprintf(out, size, "unmeasured");
    else
        snprintf(out, size, "%.5f",
                 ((double)loop - (double)base) / (double)switches);
}

int tc_apply_result(const char *text, struct tc_column *col, char *err,
                    size_t errlen)
{
    enum { SW, LOOP, BASE, WRMSR, KLOOP, KBASE, KWRMSR, N };
    static const char *const names[N] = {
        "switches",       "exits_loop",     "exits_base",
        "wrmsr_exits_loop", "kvm_exits_loop", "kvm_exits_base",
        "kvm_wrmsr_exits_loop"};
    char line[256], v[TC_VALUE_MAX];
    uint64_t n[N] = {0};
    bool have[N] = {false}, kvm_na = false;
    for (const char *p = text; (p = tc_next_line(p, line, sizeof(line)));) {
        const char *rest;
        size_t kn = tc_first_word(line, &rest);
        unsigned i = 0;
        if (kn == 0)
            continue;
        if (kn == 6 && strncmp(line, TC_FACT_STATUS, 6) == 0) {
            if (*rest == '\0' || strlen(rest) >= TC_VALUE_MAX ||
                strchr(rest, ' '))
                return errmsg(err, errlen, "status: \"%s\" is not one word",
                              rest);
            tc_facts_set(&col->facts, TC_FACT_STATUS, rest);
            continue;
        }
        if (kn == 3 && strncmp(line, "kvm", 3) == 0 &&
            strncmp(rest, "n/a", 3) == 0) {
            kvm_na = true;
            continue;
        }
        while (i < N && (strlen(names[i]) != kn || strncmp(line, names[i], kn)))
            i++;
        if (i == N)
            return errmsg(err, errlen, "unknown result \"%.*s\"", (int)kn,
                          line);
        if (!count(rest, &n[i]))
            return errmsg(err, errlen, "%s: \"%s\" is not a count", names[i],
                          rest);
        have[i] = true;
    }
    if (strcmp(col->host, "vmm") != 0 && strcmp(col->host, "vmm-box") != 0)
        return 0;
    /* Exits per switch: the loop's run against the run without loops. */
    static const struct {
        const char *fact;
        int loop, base;
        bool kvm;
    } out[] = {{TC_FACT_EXITS, LOOP, BASE, false},
               {TC_FACT_WRMSR_EXITS, WRMSR, BASE, false},
               {TC_FACT_KVM_EXITS, KLOOP, KBASE, true},
               {TC_FACT_KVM_WRMSR_EXITS, KWRMSR, KBASE, true}};
    for (unsigned k = 0; k < sizeof(out) / sizeof(out[0]); k++) {
        if (out[k].kvm && kvm_na)
            snprintf(v, sizeof(v), "n/a");
        else
            per_switch(v, sizeof(v), have[out[k].loop], n[out[k].loop],
                       have[out[k].base], n[out[k].base], have[SW] ? n[SW] : 0);
        tc_facts_set(&col->facts, out[k].fact, v);
    }
    return 0;
}

int tc_select_columns(const char *list, char names[][32], unsigned max,
                      char *err, size_t errlen)
{
    bool want[NALL] = {false};
    const char *p = list;
    if (!list)
        for (unsigned i = 0; i < NALL; i++)
            want[i] = true;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        bool hit = false;
        for (unsigned i = 0; i < NALL && n; i++) {
            const char *host = strchr(all_columns[i], '/') + 1;
            if ((strlen(all_columns[i]) == n &&
                 strncmp(all_columns[i], p, n) == 0) ||
                (strlen(host) == n && strncmp(host, p, n) == 0)) {
                want[i] = true;
                hit = true;
            }
        }
        if (!hit)
            return errmsg(err, errlen,
                          "--hosts: unknown host or column \"%.*s\" (hosts: "
                          "vmm, vmm-box, qemu, qemu-wrmsr, iso-bios, "
                          "iso-uefi; or TARGET/HOST)",
                          (int)n, p);
        p += n;
        if (*p == ',')
            p++;
    }
    unsigned k = 0;
    for (unsigned i = 0; i < NALL; i++) {
        if (!want[i])
            continue;
        if (k == max)
            return errmsg(err, errlen, "--hosts: more than %u columns", max);
        snprintf(names[k++], 32, "%s", all_columns[i]);
    }
    if (k == 0)
        return errmsg(err, errlen, "--hosts: no column selected");
    return (int)k;
}
