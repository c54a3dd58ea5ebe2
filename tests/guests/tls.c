/*
 * tls: TLS conformance. Prints one line of facts, `TLS-FACTS key=value ...`,
 * which must be the same on every target and host; `vmm tls-check` compares
 * it with the reference in tls.facts and across targets and hosts, and
 * tls.test checks it value for value. Facts, not verdicts:
 *
 *   target                  rt_target_name()
 *   p_filesz p_memsz p_align  PT_TLS as the runtime sees it
 *   tls_size                solo5_tls_size()
 *   tp_mod_align            main context: tp (IA32_FS_BASE) mod p_align
 *   fs0_minus_tp            main context: %fs:0 - tp
 *   tdataN tdata_b tbssN tbss_b   main context, before any TLS call: the
 *                           variables' values (little-endian, hex)
 *   modN                    main context: the larger of &tdataN mod N and
 *                           &tbssN mod N (N = 8, 16, 64, 4096)
 *   a_* b_*                 blocks A and B (odd heap addresses) after
 *                           solo5_tls_init and solo5_set_tls_base: tp mod
 *                           p_align, FS base - tp, %fs:0 - tp, and what a
 *                           fresh block holds
 *   a_again_* main_again_*  back in A (after writing 0xaaaa, 0xa4096 there
 *                           and 0xbbbb, 0xb4096 in B), then back in main
 *   switches loop_tdata8    the switch loop's count (argument switches=N,
 *                           default 100000: set_tls_base to A and B in
 *                           turn, ending in B for even N) and tdata8 after it
 *                           (argument wrmsr_loop=N, default 0, adds N raw
 *                           wrmsr IA32_FS_BASE after it; no fact shows it,
 *                           only the VM exits `vmm tls-check` counts)
 *   noncanon noncanon_fs0_minus_tp   solo5_set_tls_base(0x0000800000000000)
 *                           and %fs:0 - main tp after it
 *   fsbase_by               wrfsbase or wrmsr (depends on the CPU)
 */
#include <stdalign.h>
#include <stdarg.h>

#include "solo5.h"
#include "guest-rt/rt.h"

/* .tdata: one variable per alignment, then an odd-sized one. */
__thread uint64_t tdata8 = 0x7d08;
alignas(16) __thread uint64_t tdata16 = 0x7d16;
alignas(64) __thread uint64_t tdata64 = 0x7d64;
alignas(4096) __thread uint64_t tdata4096 = 0x7d4096;
__thread char tdata_b[3] = {0x7b, 0x7c, 0x7d};
/* .tbss: the same alignments; tbss_b makes p_memsz a non-multiple. */
__thread uint64_t tbss8;
alignas(16) __thread uint64_t tbss16;
alignas(64) __thread uint64_t tbss64;
alignas(4096) __thread uint64_t tbss4096;
__thread char tbss_b[5];

#define DEFAULT_SWITCHES 100000UL
#define MSR_FS_BASE 0xc0000100U

/* No inlining or IPA: each call computes TLS addresses from %fs afresh. */
#define NOIPA __attribute__((noipa))

/* What one context sees. */
struct view {
    uint64_t base; /* IA32_FS_BASE */
    uint64_t fs0;  /* %fs:0 */
    uint64_t d8, d16, d64, d4096, db, b8, b16, b64, b4096, bb;
    uint64_t mod[4]; /* alignments 8, 16, 64, 4096 */
};

/* n bytes at p as a little-endian number. */
static uint64_t le(const char *p, int n)
{
    uint64_t v = 0;

    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | (uint8_t)p[i];
    return v;
}

static uint64_t mod2(const void *x, const void *y, uint64_t a)
{
    uint64_t mx = (uintptr_t)x & (a - 1), my = (uintptr_t)y & (a - 1);

    return mx > my ? mx : my;
}

static NOIPA void look(struct view *v)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_FS_BASE));
    v->base = (uint64_t)hi << 32 | lo;
    __asm__ __volatile__("movq %%fs:0, %0" : "=r"(v->fs0));
    v->d8 = tdata8;
    v->d16 = tdata16;
    v->d64 = tdata64;
    v->d4096 = tdata4096;
    v->db = le(tdata_b, sizeof tdata_b);
    v->b8 = tbss8;
    v->b16 = tbss16;
    v->b64 = tbss64;
    v->b4096 = tbss4096;
    v->bb = le(tbss_b, sizeof tbss_b);
    v->mod[0] = mod2(&tdata8, &tbss8, 8);
    v->mod[1] = mod2(&tdata16, &tbss16, 16);
    v->mod[2] = mod2(&tdata64, &tbss64, 64);
    v->mod[3] = mod2(&tdata4096, &tbss4096, 4096);
}

static NOIPA void poke(uint64_t d8, uint64_t b4096)
{
    tdata8 = d8;
    tbss4096 = b4096;
}

/* Switch to tp (the main context's too); what does it show? */
static void enter(uintptr_t tp, struct view *v)
{
    if (solo5_set_tls_base(tp) != SOLO5_R_OK) {
        rt_printf("tls: solo5_set_tls_base(0x%lx) refused\n", tp);
        solo5_abort();
    }
    look(v);
}

static NOIPA void switch_loop(uintptr_t tpa, uintptr_t tpb, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        (void)solo5_set_tls_base(i & 1 ? tpb : tpa);
}

/* KEY=N anywhere on the command line (KEY ends in '='), else dflt. */
static unsigned long arg(const char *cmdline, const char *key,
                         unsigned long dflt)
{
    for (const char *p = cmdline; p && *p; p++) {
        if (p != cmdline && p[-1] != ' ')
            continue;
        unsigned i = 0;
        while (key[i] && p[i] == key[i])
            i++;
        if (key[i])
            continue;
        unsigned long n = 0;
        for (p += i; *p >= '0' && *p <= '9'; p++)
            n = n * 10 + (unsigned long)(*p - '0');
        return n;
    }
    return dflt;
}

/*
 * set_tls_base's fallback instruction on its own, whatever this CPU's
 * set_tls_base uses: the FS base written with wrmsr n times, A and B in
 * turn, so that `vmm tls-check` sees what the wrmsr path costs too.
 */
static NOIPA void wrmsr_loop(uintptr_t tpa, uintptr_t tpb, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) {
        uint64_t tp = i & 1 ? tpb : tpa;
        __asm__ __volatile__("wrmsr"
                             :
                             : "c"(MSR_FS_BASE), "a"((uint32_t)tp),
                               "d"((uint32_t)(tp >> 32))
                             : "memory");
    }
}

/* The facts line, built up one field at a time. */
static char line[1024];
static size_t len;

static void fact(const char *key, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void fact(const char *key, const char *fmt, ...)
{
    va_list ap;

    if (len < sizeof line)
        len += (size_t)rt_snprintf(line + len, sizeof line - len, " %s=", key);
    if (len < sizeof line) {
        va_start(ap, fmt);
        len += (size_t)rt_vsnprintf(line + len, sizeof line - len, fmt, ap);
        va_end(ap);
    }
}

static void context(const char *pre, uintptr_t tp, uint64_t align,
                    const struct view *v)
{
    char k[32];

    rt_snprintf(k, sizeof k, "%s_tp_mod_align", pre);
    fact(k, "%lu", tp & (align - 1));
    rt_snprintf(k, sizeof k, "%s_fsbase_minus_tp", pre);
    fact(k, "%ld", (long)(v->base - tp));
    rt_snprintf(k, sizeof k, "%s_fs0_minus_tp", pre);
    fact(k, "%ld", (long)(v->fs0 - tp));
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct view m, a0, b0, a2, m2, lp, m3;
    struct rt_tls_layout l;

    look(&m); /* the main context, before any TLS call */
    rt_tls_layout(&l);
    uint64_t align = l.align ? l.align : 1;

    /* Two blocks at odd addresses in the heap. */
    size_t size = solo5_tls_size();
    uintptr_t a = si->heap_start + 1, b = a + size + 3;
    uintptr_t tpa = solo5_tls_tp_offset(a), tpb = solo5_tls_tp_offset(b);
    if (solo5_tls_init(a) != SOLO5_R_OK || solo5_tls_init(b) != SOLO5_R_OK) {
        rt_printf("tls: solo5_tls_init refused a block\n");
        return SOLO5_EXIT_FAILURE;
    }
    enter(tpa, &a0);
    poke(0xaaaa, 0xa4096);
    enter(tpb, &b0);
    poke(0xbbbb, 0xb4096);
    enter(tpa, &a2);
    enter(m.base, &m2);

    unsigned long n = arg(si->cmdline, "switches=", DEFAULT_SWITCHES);
    switch_loop(tpa, tpb, n);
    look(&lp);
    wrmsr_loop(tpa, tpb, arg(si->cmdline, "wrmsr_loop=", 0));
    enter(m.base, &m3);

    solo5_result_t nc = solo5_set_tls_base(0x0000800000000000ULL);
    look(&m3);

    fact("target", "%s", rt_target_name());
    fact("p_filesz", "%zu", l.filesz);
    fact("p_memsz", "%zu", l.memsz);
    fact("p_align", "%zu", l.align);
    fact("tls_size", "%zu", size);
    fact("tp_mod_align", "%lu", m.base & (align - 1));
    fact("fs0_minus_tp", "%ld", (long)(m.fs0 - m.base));
    fact("tdata8", "0x%lx", m.d8);
    fact("tdata16", "0x%lx", m.d16);
    fact("tdata64", "0x%lx", m.d64);
    fact("tdata4096", "0x%lx", m.d4096);
    fact("tdata_b", "0x%lx", m.db);
    fact("tbss8", "0x%lx", m.b8);
    fact("tbss16", "0x%lx", m.b16);
    fact("tbss64", "0x%lx", m.b64);
    fact("tbss4096", "0x%lx", m.b4096);
    fact("tbss_b", "0x%lx", m.bb);
    fact("mod8", "%lu", m.mod[0]);
    fact("mod16", "%lu", m.mod[1]);
    fact("mod64", "%lu", m.mod[2]);
    fact("mod4096", "%lu", m.mod[3]);
    context("a", tpa, align, &a0);
    fact("a_tdata4096", "0x%lx", a0.d4096);
    fact("a_tdata_b", "0x%lx", a0.db);
    fact("a_tbss4096", "0x%lx", a0.b4096);
    context("b", tpb, align, &b0);
    fact("b_tdata8", "0x%lx", b0.d8);
    fact("b_tbss4096", "0x%lx", b0.b4096);
    fact("a_again_tdata8", "0x%lx", a2.d8);
    fact("a_again_tbss4096", "0x%lx", a2.b4096);
    fact("main_again_tdata8", "0x%lx", m2.d8);
    fact("main_again_tbss4096", "0x%lx", m2.b4096);
    fact("switches", "%lu", n);
    fact("loop_tdata8", "0x%lx", lp.d8);
    fact("noncanon", "%s", nc == SOLO5_R_EINVAL ? "EINVAL" : "accepted");
    fact("noncanon_fs0_minus_tp", "%ld", (long)(m3.fs0 - m.base));
    fact("fsbase_by", "%s", rt_tls_fsbase_method());
    rt_printf("TLS-FACTS%s\n", line);
    return SOLO5_EXIT_SUCCESS;
}
