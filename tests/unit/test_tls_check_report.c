/*
 * test_tls_check_report.c: the marks (tc_compare in
 * tools/tls-check/compare.c), the table (table.c) and the JSON (json.c) of
 * `vmm tls-check`, on columns made up here.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/tls-check/tls_check.h"
#include "unit.h"

static struct tc_spec spec;
static struct tc_column cols[TC_MAX_COLUMNS];
static unsigned ncols;
static struct tc_report r;
static char err[256];

static void reference(const char *text)
{
    cr_assert_eq(tc_parse_spec(text, &spec, err, sizeof(err)), 0, "%s", err);
}

/* A column; line NULL for one that did not run (state, why). */
static void column(const char *name, const char *line, enum tc_state state,
                   const char *why)
{
    struct tc_column *c = &cols[ncols++];
    memset(c, 0, sizeof(*c));
    const char *slash = strchr(name, '/');
    snprintf(c->target, sizeof(c->target), "%.*s", (int)(slash - name), name);
    snprintf(c->host, sizeof(c->host), "%s", slash + 1);
    c->state = state;
    snprintf(c->why, sizeof(c->why), "%s", why ? why : "");
    if (line)
        cr_assert_geq(tc_parse_line(line, &c->facts, err, sizeof(err)), 0,
                      "%s", err);
}

static void ran(const char *name, const char *line)
{
    column(name, line, TC_RAN, NULL);
}

static void compare(void)
{
    tc_compare(&spec, cols, ncols, NULL, 0, &r);
}

static unsigned row_of(const char *key)
{
    for (unsigned i = 0; i < r.nrows; i++)
        if (strcmp(r.row[i].key, key) == 0)
            return i;
    cr_assert_fail("no row %s", key);
    return 0;
}

static const struct tc_cell *cell(const char *key, unsigned c)
{
    return &r.row[row_of(key)].cell[c];
}

static char *render(void (*print)(const struct tc_report *, FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    print(&r, f);
    fclose(f);
    return buf;
}

static void setup(void)
{
    ncols = 0;
    reference("status 0\n"
              "target {target}\n"
              "tdata8 0x7d08\n"
              "fsbase_by any:wrfsbase|wrmsr\n"
              "exits_per_switch below:0.01\n");
}

TestSuite(tls_check_report, .init = setup);

#define GOOD(t) "TLS-FACTS status=0 target=" t " tdata8=0x7d08 fsbase_by=wrmsr"

Test(tls_check_report, all_agree)
{
    ran("hvt/vmm", GOOD("hvt") " exits_per_switch=0.00000");
    ran("virtio/qemu", GOOD("virtio"));
    ran("xen-pvh/qemu", "TLS-FACTS status=0 target=xen-pvh tdata8=0x7d08 "
                        "fsbase_by=wrfsbase");
    compare();
    cr_assert(r.ok);
    cr_assert_eq(r.marked, 0);
    cr_assert_eq(r.nrows, 5);
    cr_assert_str_eq(r.row[row_of("target")].ref_shown, "{target}");
    cr_assert_str_eq(r.row[row_of("tdata8")].ref_shown, "0x7d08");
    cr_assert_str_eq(r.row[row_of("fsbase_by")].ref_shown, "wrfsbase|wrmsr");
    cr_assert_str_eq(r.row[row_of("exits_per_switch")].ref_shown, "< 0.01");
    cr_assert(!cell("exits_per_switch", 1)->present, "n/a outside vmm");

    char *t = render(tc_print_table);
    assert_has(t, "vmm tls-check: ok: 3 columns, 5 facts");
    cr_assert(strchr(t, '*') == strstr(t, "* differs from the reference"),
              "a cell is marked:\n%s", t);
    assert_has(t, "n/a");
    free(t);
}

Test(tls_check_report, one_column_off)
{
    ran("hvt/vmm", GOOD("hvt"));
    ran("virtio/vmm", "TLS-FACTS status=0 target=virtio tdata8=0x0 "
                      "fsbase_by=wrmsr");
    ran("virtio/qemu", GOOD("virtio"));
    compare();
    cr_assert(!r.ok);
    cr_assert_eq(r.marked, 1);
    cr_assert(cell("tdata8", 1)->off_ref);
    cr_assert(cell("tdata8", 1)->off_cols);
    cr_assert(!cell("tdata8", 0)->off_ref && !cell("tdata8", 0)->off_cols);

    char *t = render(tc_print_table);
    assert_has(t, "0x0*!");
    assert_has(t, "FAIL: 1 cells marked, 0 columns not run; facts: tdata8");
    free(t);
}

Test(tls_check_report, all_off_alike_differs_from_reference_only)
{
    ran("hvt/vmm", "TLS-FACTS status=0 target=hvt tdata8=0x1 fsbase_by=wrmsr");
    ran("virtio/qemu", "TLS-FACTS status=0 target=virtio tdata8=0x1 "
                       "fsbase_by=wrmsr");
    compare();
    cr_assert_eq(r.marked, 2);
    cr_assert(cell("tdata8", 0)->off_ref && !cell("tdata8", 0)->off_cols);
    cr_assert(cell("tdata8", 1)->off_ref && !cell("tdata8", 1)->off_cols);
}

Test(tls_check_report, no_majority_marks_every_cell)
{
    ran("hvt/vmm", "TLS-FACTS status=0 target=hvt tdata8=0x1 fsbase_by=wrmsr");
    ran("virtio/qemu", "TLS-FACTS status=0 target=virtio tdata8=0x2 "
                       "fsbase_by=wrmsr");
    compare();
    cr_assert(cell("tdata8", 0)->off_cols);
    cr_assert(cell("tdata8", 1)->off_cols);
    /* {target} differs per column by design: never compared across */
    cr_assert(!cell("target", 0)->off_cols && !cell("target", 1)->off_cols);
}

Test(tls_check_report, missing_fact_and_no_line)
{
    ran("hvt/vmm", "TLS-FACTS status=0 target=hvt fsbase_by=wrmsr");
    column("virtio/vmm", "vmm: refused\n", TC_RAN,
           "no TLS-FACTS line in virtio-vmm.out");
    tc_facts_set(&cols[1].facts, "status", "250");
    ran("virtio/qemu", GOOD("virtio"));
    compare();
    cr_assert(!r.ok);
    cr_assert(cell("tdata8", 0)->off_ref, "a missing fact differs");
    cr_assert(!cell("tdata8", 0)->off_cols, "absent cells take no vote");
    cr_assert(cell("status", 1)->off_ref && cell("status", 1)->off_cols);
    cr_assert(cell("fsbase_by", 1)->off_ref, "any: still needs a value");

    char *t = render(tc_print_table);
    assert_has(t, "(none)*");
    assert_has(t, "note: virtio/vmm: no TLS-FACTS line in virtio-vmm.out");
    free(t);
}

Test(tls_check_report, any_is_never_compared_across)
{
    ran("hvt/vmm", GOOD("hvt"));
    ran("virtio/qemu", "TLS-FACTS status=0 target=virtio tdata8=0x7d08 "
                       "fsbase_by=wrfsbase");
    ran("xen-pvh/qemu", "TLS-FACTS status=0 target=xen-pvh tdata8=0x7d08 "
                        "fsbase_by=rdmsr");
    compare();
    cr_assert(!cell("fsbase_by", 0)->off_ref && !cell("fsbase_by", 0)->off_cols);
    cr_assert(!cell("fsbase_by", 1)->off_cols);
    cr_assert(cell("fsbase_by", 2)->off_ref, "not one of the words");
    cr_assert_eq(r.marked, 1);
}

Test(tls_check_report, exits_above_the_limit_or_unmeasured)
{
    ran("hvt/vmm", GOOD("hvt") " exits_per_switch=1.00000");
    ran("virtio/vmm", GOOD("virtio") " exits_per_switch=unmeasured");
    ran("xen-pvh/vmm", GOOD("xen-pvh") " exits_per_switch=-0.00300");
    ran("virtio/qemu", GOOD("virtio") " exits_per_switch=n/a");
    compare();
    cr_assert(cell("exits_per_switch", 0)->off_ref);
    cr_assert(cell("exits_per_switch", 1)->off_ref);
    cr_assert(!cell("exits_per_switch", 2)->off_ref);
    cr_assert(!cell("exits_per_switch", 3)->off_ref);
    cr_assert(!cell("exits_per_switch", 0)->off_cols, "below: not compared");
    cr_assert_eq(r.marked, 2);
}

Test(tls_check_report, skipped_is_allowed_failed_is_not)
{
    ran("hvt/vmm", GOOD("hvt"));
    column("virtio/iso-uefi", NULL, TC_SKIPPED, "OVMF is not installed");
    compare();
    cr_assert(r.ok);
    cr_assert_eq(r.skipped, 1);
    char *t = render(tc_print_table);
    assert_has(t, "skipped");
    assert_has(t, "note: virtio/iso-uefi: skipped: OVMF is not installed");
    assert_has(t, "(skipped columns aside)");
    free(t);

    column("virtio/qemu", NULL, TC_FAILED, "qemu-system-x86_64 missing");
    compare();
    cr_assert(!r.ok);
    cr_assert_eq(r.failed, 1);
    cr_assert_eq(r.marked, 0);
    t = render(tc_print_table);
    assert_has(t, "NOT RUN");
    assert_has(t, "note: virtio/qemu: not run: qemu-system-x86_64 missing");
    assert_has(t, "FAIL: 0 cells marked, 1 columns not run");
    free(t);
}

Test(tls_check_report, nothing_ran)
{
    column("virtio/iso-uefi", NULL, TC_SKIPPED, "OVMF is not installed");
    compare();
    cr_assert(!r.ok);
    char *t = render(tc_print_table);
    assert_has(t, "note: no column ran");
    free(t);
}

Test(tls_check_report, facts_the_reference_does_not_know)
{
    ran("hvt/vmm", GOOD("hvt") " extra=1");
    ran("virtio/qemu", GOOD("virtio"));
    compare();
    cr_assert_eq(r.nrows, 6);
    cr_assert_str_eq(r.row[5].key, "extra");
    cr_assert(cell("extra", 0)->off_ref);
    cr_assert(!cell("extra", 1)->off_ref, "absent where unknown: not marked");
    cr_assert_eq(cell("extra", 0)->expect.kind, TC_BAD);
    cr_assert(!r.ok);
    char *t = render(tc_print_table);
    assert_has(t, "note: extra: extra is not in the reference file");
    free(t);
}

Test(tls_check_report, reference_from_a_missing_image)
{
    reference("p_align {p_align}\n");
    ran("hvt/vmm", "TLS-FACTS p_align=4096");
    compare();
    cr_assert(cell("p_align", 0)->off_ref);
    cr_assert_str_eq(r.row[0].ref_shown, "?");
    char *t = render(tc_print_table);
    assert_has(t, "note: p_align: no hvt image: none given");
    free(t);
}

Test(tls_check_report, table_layout)
{
    ran("hvt/vmm", GOOD("hvt") " exits_per_switch=0.00000");
    column("virtio/iso-uefi", NULL, TC_SKIPPED, "no OVMF");
    compare();
    char *t = render(tc_print_table);
    const char *want = "fact              reference       hvt      virtio\n"
                       "                                  vmm      iso-uefi\n"
                       "                                           skipped\n"
                       "status            0               0        -\n"
                       "target            hvt             hvt      -\n"
                       "tdata8            0x7d08          0x7d08   -\n"
                       "fsbase_by         wrfsbase|wrmsr  wrmsr    -\n"
                       "exits_per_switch  < 0.01          0.00000  -\n"
                       "\n"
                       "* differs from the reference   ! differs from the "
                       "other columns\n"
                       "note: virtio/iso-uefi: skipped: no OVMF\n"
                       "vmm tls-check: ok: 1 columns, 5 facts, every cell as "
                       "the reference (skipped columns aside)\n";
    cr_assert_str_eq(t, want, "got:\n%s", t);
    for (const char *p = t; (p = strchr(p, '\n')); p++)
        cr_assert(p[-1] != ' ', "a line ends in a blank:\n%s", t);
    free(t);
}

/* Every column the tool knows (the KVM box's vmm-box ones too) fits in the
 * report and the table, each under its own target and host. */
Test(tls_check_report, every_column)
{
    char names[TC_MAX_COLUMNS][32], line[160];
    int n = tc_select_columns(NULL, names, TC_MAX_COLUMNS, err, sizeof(err));
    cr_assert_gt(n, 0, "%s", err);
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof(line),
                 "TLS-FACTS status=0 target=%.*s tdata8=0x7d08 "
                 "fsbase_by=wrmsr exits_per_switch=0.0000%d",
                 (int)strcspn(names[i], "/"), names[i], i % 10);
        ran(names[i], line);
    }
    compare();
    cr_assert(r.ok, "marked %u", r.marked);
    cr_assert_eq(r.ncols, (unsigned)n);
    char *t = render(tc_print_table);
    char want[64];
    snprintf(want, sizeof(want), "vmm tls-check: ok: %d columns, 5 facts", n);
    assert_has(t, want);
    /* The host line (the second): vmm three times, then vmm-box three
     * times, each a word of its own. */
    char hosts[512];
    size_t first = strcspn(t, "\n") + 1;
    snprintf(hosts, sizeof(hosts), "%.*s", (int)strcspn(t + first, "\n"),
             t + first);
    int nvmm = 0, nbox = 0;
    for (char *w = strtok(hosts, " "); w; w = strtok(NULL, " ")) {
        if (strcmp(w, "vmm-box") == 0) {
            nbox++;
            cr_assert_eq(nvmm, 3, "vmm-box before a vmm column:\n%s", t);
        } else if (strcmp(w, "vmm") == 0) {
            nvmm++;
        }
    }
    cr_assert_eq(nvmm, 3, "%s", t);
    cr_assert_eq(nbox, 3, "%s", t);
    assert_has(t, "0.00005");
    free(t);
}

Test(tls_check_report, json)
{
    ran("hvt/vmm", "TLS-FACTS status=0 target=hvt tdata8=0x1 fsbase_by=wrmsr");
    column("virtio/qemu", NULL, TC_FAILED, "said \"no\" \\ and\ttab");
    compare();
    char *j = render(tc_print_json);
    assert_has(j, "{\"ok\": false, \"marked\": 1, \"not_run\": 1, "
                  "\"skipped\": 0,");
    assert_has(j, "{\"name\": \"hvt/vmm\", \"target\": \"hvt\", \"host\": "
                  "\"vmm\", \"state\": \"ran\", \"why\": \"\"}");
    assert_has(j, "\"state\": \"not run\", \"why\": \"said \\\"no\\\" \\\\ "
                  "and\\u0009tab\"}");
    assert_has(j, " \"facts\": [\"status\", \"target\", \"tdata8\", "
                  "\"fsbase_by\", \"exits_per_switch\"],");
    assert_has(j, "\n  {\"fact\": \"tdata8\", \"column\": \"hvt/vmm\", "
                  "\"value\": \"0x1\", \"reference\": \"0x7d08\", \"match\": "
                  "\"exact\", \"off_reference\": true, \"off_columns\": "
                  "false}");
    assert_has(j, "{\"fact\": \"exits_per_switch\", \"column\": \"hvt/vmm\", "
                  "\"value\": null, \"reference\": \"< 0.01\", \"match\": "
                  "\"below\", \"off_reference\": false");
    assert_has(j, "\"match\": \"any\"");
    cr_assert_null(strstr(j, "\"column\": \"virtio/qemu\""),
                   "cells only for columns that ran");
    assert_has(j, "\"notes\": [\n  \"virtio/qemu: not run: said \\\"no\\\"");
    cr_assert(strcmp(j + strlen(j) - 3, "]}\n") == 0);
    free(j);
}
