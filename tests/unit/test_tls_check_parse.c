/*
 * test_tls_check_parse.c: the text `vmm tls-check` reads
 * (tools/tls-check/parse.c and columns.c): the guest's TLS-FACTS line, the
 * reference file, the results directory's columns and result files,
 * --hosts.
 */
#include <string.h>

#include "tools/tls-check/tls_check.h"
#include "unit.h"

static char err[256];
static struct tc_facts f;

static void has(const char *key, const char *value)
{
    const char *v = tc_facts_get(&f, key);
    cr_assert(v != NULL, "no fact %s", key);
    cr_assert_str_eq(v, value, "%s", key);
}

Test(tls_check_line, found_in_a_console)
{
    const char *out = "vmm: tls.hvt: target hvt\r\n"
                      "TLS-FACTS target=hvt tls_size=20487 noncanon=EINVAL\r\n"
                      "vmm: stats: vm exits: 2\n";
    cr_assert_eq(tc_parse_line(out, &f, err, sizeof(err)), 1, "%s", err);
    cr_assert_eq(f.n, 3);
    has("target", "hvt");
    has("tls_size", "20487");
    has("noncanon", "EINVAL");
    cr_assert_str_eq(f.kv[0].key, "target", "order kept");
}

Test(tls_check_line, after_escape_sequences_first_one_wins)
{
    const char *out = "\x1b[0m\x1b[2JTLS-FACTSX=1\n"
                      "\x1b[0mTLS-FACTS a=1   b=2\n"
                      "TLS-FACTS a=9\n";
    cr_assert_eq(tc_parse_line(out, &f, err, sizeof(err)), 1, "%s", err);
    cr_assert_eq(f.n, 2);
    has("a", "1");
    has("b", "2");
}

Test(tls_check_line, absent_or_empty)
{
    cr_assert_eq(tc_parse_line("Hello\nTLS-FACT a=1\n", &f, err, sizeof(err)),
                 0);
    cr_assert_eq(f.n, 0);
    cr_assert_eq(tc_parse_line("", &f, err, sizeof(err)), 0);
    cr_assert_eq(tc_parse_line("TLS-FACTS\n", &f, err, sizeof(err)), 1);
    cr_assert_eq(f.n, 0);
}

static void malformed(const char *out, const char *why)
{
    cr_assert_eq(tc_parse_line(out, &f, err, sizeof(err)), -1, "accepted %s",
                 out);
    assert_has(err, why);
}

Test(tls_check_line, malformed)
{
    malformed("TLS-FACTS a=1 b\n", "\"b\" is not key=value");
    malformed("TLS-FACTS A=1\n", "bad fact name \"A\"");
    malformed("TLS-FACTS =1\n", "bad fact name");
    malformed("TLS-FACTS a=\n", "a: value empty");
    malformed("TLS-FACTS a=1 a=2\n", "a given twice");
    malformed("TLS-FACTS a=\x01x\n", "byte 0x01");
    malformed("TLS-FACTS a=0123456789012345678901234567890123456789"
              "01234567890\n",
              "longer than 47");
    malformed("TLS-FACTS a_very_long_fact_name_of_forty_characters=1\n",
              "bad fact name");
}

Test(tls_check_line, at_most_64_facts)
{
    char line[2048] = "TLS-FACTS";
    for (int i = 0; i < 65; i++)
        snprintf(line + strlen(line), sizeof(line) - strlen(line), " k%d=%d",
                 i, i);
    malformed(line, "more than 64 facts");
}

Test(tls_check_facts, set_replaces)
{
    struct tc_facts g = {0};
    cr_assert_eq(tc_facts_set(&g, "a", "1"), 0);
    cr_assert_eq(tc_facts_set(&g, "a", "2"), 0);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(tc_facts_get(&g, "a"), "2");
    cr_assert_null(tc_facts_get(&g, "b"));
}

Test(tls_check_spec, keys_and_expressions_in_order)
{
    static struct tc_spec s;
    const char *text = "# comment\n"
                       "\n"
                       "status   0\r\n"
                       "  tdata8 {tls:tdata8}\n"
                       "fsbase_by\tany:wrfsbase|wrmsr  \n"
                       "note  a b c";
    cr_assert_eq(tc_parse_spec(text, &s, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(s.n, 4);
    cr_assert_str_eq(s.fact[0].key, "status");
    cr_assert_str_eq(s.fact[0].expr, "0");
    cr_assert_str_eq(s.fact[1].key, "tdata8");
    cr_assert_str_eq(s.fact[1].expr, "{tls:tdata8}");
    cr_assert_str_eq(s.fact[2].expr, "any:wrfsbase|wrmsr");
    cr_assert_str_eq(s.fact[3].expr, "a b c");
}

static void bad_spec(const char *text, const char *why)
{
    static struct tc_spec s;
    cr_assert_eq(tc_parse_spec(text, &s, err, sizeof(err)), -1, "accepted %s",
                 text);
    assert_has(err, why);
}

Test(tls_check_spec, refusals_name_the_line)
{
    bad_spec("a 1\nB 2\n", "line 2: bad fact name \"B\"");
    bad_spec("a 1\n\nb\n", "line 3: b: reference missing");
    bad_spec("a 1\na 2\n", "line 2: a given twice");
}

Test(tls_check_columns, states_and_reasons)
{
    struct tc_column c[4];
    const char *text = "hvt/vmm ran\n"
                       "virtio/iso-uefi skip OVMF is not installed\n"
                       "\n"
                       "virtio/qemu fail qemu-system-x86_64 missing\n";
    cr_assert_eq(tc_parse_columns(text, c, 4, err, sizeof(err)), 3, "%s", err);
    cr_assert_str_eq(c[0].target, "hvt");
    cr_assert_str_eq(c[0].host, "vmm");
    cr_assert_eq(c[0].state, TC_RAN);
    cr_assert_str_eq(c[0].why, "");
    cr_assert_str_eq(c[1].host, "iso-uefi");
    cr_assert_eq(c[1].state, TC_SKIPPED);
    cr_assert_str_eq(c[1].why, "OVMF is not installed");
    cr_assert_eq(c[2].state, TC_FAILED);
    cr_assert_str_eq(c[2].why, "qemu-system-x86_64 missing");
}

Test(tls_check_columns, refusals)
{
    struct tc_column c[2];
    cr_assert_eq(tc_parse_columns("hvt ran\n", c, 2, err, sizeof(err)), -1);
    assert_has(err, "line 1: \"hvt\" is not TARGET/HOST");
    cr_assert_eq(tc_parse_columns("/vmm ran\n", c, 2, err, sizeof(err)), -1);
    cr_assert_eq(tc_parse_columns("hvt/ ran\n", c, 2, err, sizeof(err)), -1);
    cr_assert_eq(tc_parse_columns("a-very-long-target/vmm ran\n", c, 2, err,
                                  sizeof(err)),
                 -1);
    cr_assert_eq(tc_parse_columns("hvt/vmm done\n", c, 2, err, sizeof(err)),
                 -1);
    assert_has(err, "state \"done\"");
    cr_assert_eq(
        tc_parse_columns("a/b ran\nc/d ran\ne/f ran\n", c, 2, err, sizeof(err)),
        -1);
    assert_has(err, "line 3: more than 2 columns");
}

static struct tc_column col(const char *target, const char *host)
{
    struct tc_column c;
    memset(&c, 0, sizeof(c));
    snprintf(c.target, sizeof(c.target), "%s", target);
    snprintf(c.host, sizeof(c.host), "%s", host);
    return c;
}

Test(tls_check_result, vmm_exits_per_switch)
{
    struct tc_column c = col("virtio", "vmm");
    const char *text = "status 0\nswitches 100000\nexits_loop 714\n"
                       "exits_base 709\nwrmsr_exits_loop 709\n"
                       "kvm_exits_loop 789\nkvm_exits_base 788\n"
                       "kvm_wrmsr_exits_loop 100788\n";
    cr_assert_eq(tc_apply_result(text, &c, err, sizeof(err)), 0, "%s", err);
    cr_assert_str_eq(tc_facts_get(&c.facts, "status"), "0");
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "0.00005");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_exits_per_switch"),
                     "0.00001");
    cr_assert_str_eq(tc_facts_get(&c.facts, "wrmsr_exits_per_switch"),
                     "0.00000");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_wrmsr_exits_per_switch"),
                     "1.00000");
}

Test(tls_check_result, one_exit_per_switch_and_fewer_with_the_loop)
{
    struct tc_column c = col("hvt", "vmm");
    cr_assert_eq(tc_apply_result("switches 1000\nexits_loop 1002\n"
                                 "exits_base 2\nkvm_exits_loop 10\n"
                                 "kvm_exits_base 20\n",
                                 &c, err, sizeof(err)),
                 0, "%s", err);
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "1.00000");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_exits_per_switch"),
                     "-0.01000");
    cr_assert_null(tc_facts_get(&c.facts, "status"));
}

Test(tls_check_result, unmeasured_and_not_applicable)
{
    struct tc_column c = col("xen-pvh", "vmm");
    cr_assert_eq(tc_apply_result("status 250\nswitches 0\nexits_loop 1\n"
                                 "exits_base 1\nkvm n/a counted only in the "
                                 "box\n",
                                 &c, err, sizeof(err)),
                 0, "%s", err);
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "unmeasured");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_exits_per_switch"), "n/a");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_wrmsr_exits_per_switch"),
                     "n/a");
    cr_assert_str_eq(tc_facts_get(&c.facts, "wrmsr_exits_per_switch"),
                     "unmeasured");

    c = col("hvt", "vmm");
    cr_assert_eq(tc_apply_result("", &c, err, sizeof(err)), 0);
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "unmeasured");

    /* Other hosts measure no exits. */
    c = col("virtio", "qemu");
    cr_assert_eq(tc_apply_result("status 0\n", &c, err, sizeof(err)), 0);
    cr_assert_eq(c.facts.n, 1);
    cr_assert_null(tc_facts_get(&c.facts, "exits_per_switch"));
}

Test(tls_check_result, vmm_box_exits_per_switch)
{
    /* What a run in the KVM box leaves: KVM's own counts beside vmm's. */
    struct tc_column c = col("hvt", "vmm-box");
    const char *text = "status 0\nswitches 1000\nexits_loop 40\n"
                       "exits_base 30\nwrmsr_exits_loop 1030\n"
                       "kvm_exits_loop 95\nkvm_exits_base 90\n"
                       "kvm_wrmsr_exits_loop 190\n";
    cr_assert_eq(tc_apply_result(text, &c, err, sizeof(err)), 0, "%s", err);
    cr_assert_str_eq(tc_facts_get(&c.facts, "status"), "0");
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "0.01000");
    cr_assert_str_eq(tc_facts_get(&c.facts, "wrmsr_exits_per_switch"),
                     "1.00000");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_exits_per_switch"),
                     "0.00500");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_wrmsr_exits_per_switch"),
                     "0.10000");
    cr_assert_eq(c.facts.n, 5);

    /* A box whose kernel could not count says n/a like a direct run. */
    c = col("virtio", "vmm-box");
    cr_assert_eq(tc_apply_result("status 0\nswitches 10\nexits_loop 7\n"
                                 "exits_base 7\nwrmsr_exits_loop 7\n"
                                 "kvm n/a no tracepoint\n",
                                 &c, err, sizeof(err)),
                 0, "%s", err);
    cr_assert_str_eq(tc_facts_get(&c.facts, "exits_per_switch"), "0.00000");
    cr_assert_str_eq(tc_facts_get(&c.facts, "kvm_exits_per_switch"), "n/a");

    /* Only the two vmm hosts measure exits; a look-alike name does not. */
    c = col("hvt", "vmm-boxes");
    cr_assert_eq(tc_apply_result(text, &c, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(c.facts.n, 1);
    cr_assert_null(tc_facts_get(&c.facts, "exits_per_switch"));
}

Test(tls_check_result, refusals)
{
    struct tc_column c = col("hvt", "vmm");
    cr_assert_eq(tc_apply_result("exits_loop x\n", &c, err, sizeof(err)), -1);
    assert_has(err, "exits_loop: \"x\" is not a count");
    cr_assert_eq(tc_apply_result("exits_loop 12x\n", &c, err, sizeof(err)), -1);
    cr_assert_eq(tc_apply_result("status\n", &c, err, sizeof(err)), -1);
    assert_has(err, "is not one word");
    cr_assert_eq(tc_apply_result("status 0 1\n", &c, err, sizeof(err)), -1);
    cr_assert_eq(tc_apply_result("speed 5\n", &c, err, sizeof(err)), -1);
    assert_has(err, "unknown result \"speed\"");
}

static char names[TC_MAX_COLUMNS][32];

static void columns(const char *list, const char *want)
{
    char got[512] = "";
    int n = tc_select_columns(list, names, 12, err, sizeof(err));
    cr_assert_gt(n, 0, "%s: %s", list ? list : "(all)", err);
    for (int i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
                 i ? " " : "", names[i]);
    cr_assert_str_eq(got, want, "%s", list ? list : "(all)");
}

Test(tls_check_hosts, hosts_and_columns_in_table_order)
{
    columns(NULL, "hvt/vmm virtio/vmm xen-pvh/vmm hvt/vmm-box virtio/vmm-box "
                  "xen-pvh/vmm-box virtio/qemu xen-pvh/qemu "
                  "virtio/qemu-wrmsr virtio/iso-bios virtio/iso-uefi");
    columns("vmm", "hvt/vmm virtio/vmm xen-pvh/vmm");
    columns("vmm-box,vmm", "hvt/vmm virtio/vmm xen-pvh/vmm hvt/vmm-box "
                           "virtio/vmm-box xen-pvh/vmm-box");
    columns("qemu,xen-pvh/vmm-box", "xen-pvh/vmm-box virtio/qemu "
                                    "xen-pvh/qemu");
    /* "qemu" is the host qemu, not every host whose name starts so */
    columns("iso-uefi,qemu", "virtio/qemu xen-pvh/qemu virtio/iso-uefi");
    columns("qemu-wrmsr", "virtio/qemu-wrmsr");
    columns("virtio/qemu,vmm,hvt/vmm,", "hvt/vmm virtio/vmm xen-pvh/vmm "
                                        "virtio/qemu");
}

/* "vmm" is this machine's /dev/kvm (or the box without one), "vmm-box"
 * always the KVM box: neither host name takes the other's columns. */
Test(tls_check_hosts, vmm_and_vmm_box_apart)
{
    columns("vmm-box", "hvt/vmm-box virtio/vmm-box xen-pvh/vmm-box");
    columns("vmm", "hvt/vmm virtio/vmm xen-pvh/vmm");
    columns("virtio/vmm-box", "virtio/vmm-box");
    columns("virtio/vmm", "virtio/vmm");
}

Test(tls_check_hosts, every_column_fits)
{
    int n = tc_select_columns(NULL, names, TC_MAX_COLUMNS, err, sizeof(err));
    cr_assert_eq(n, 11, "%s", err);
    cr_assert_leq(n, TC_MAX_COLUMNS);
    cr_assert_eq(tc_select_columns(NULL, names, 10, err, sizeof(err)), -1);
    assert_has(err, "more than 10 columns");
}

Test(tls_check_hosts, refusals)
{
    cr_assert_eq(tc_select_columns("kvm", names, 12, err, sizeof(err)), -1);
    assert_has(err, "unknown host or column \"kvm\"");
    assert_has(err, "vmm, vmm-box, qemu");
    cr_assert_eq(tc_select_columns("box", names, 12, err, sizeof(err)), -1);
    cr_assert_eq(tc_select_columns("vmm-bo", names, 12, err, sizeof(err)),
                 -1);
    cr_assert_eq(tc_select_columns("hvt/qemu", names, 12, err, sizeof(err)),
                 -1);
    cr_assert_eq(tc_select_columns("vmm,,qemu", names, 12, err, sizeof(err)),
                 -1);
    cr_assert_eq(tc_select_columns("", names, 12, err, sizeof(err)), -1);
    assert_has(err, "no column selected");
    cr_assert_eq(tc_select_columns("vmm", names, 2, err, sizeof(err)), -1);
    assert_has(err, "more than 2 columns");
}
