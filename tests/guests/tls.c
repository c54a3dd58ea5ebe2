/*
 * tls: TLS conformance. Prints one machine-readable line of facts, the same
 * on every target and host:
 *
 *   TLS-FACTS target=T tls_size=N p_filesz=N p_memsz=N p_align=N
 *     tp_align_ok=1 fs0_eq_tp=1 tdata8=.. tdata16=.. tdata64=.. tdata4096=..
 *     tdata_b=.. tbss8=.. tbss16=.. tbss64=.. tbss4096=.. tbss_b=..
 *     align8_ok=1 align16_ok=1 align64_ok=1 align4096_ok=1 main_ok=1
 *     switch=A/B0/B/A blocks_ok=1 noncanon=EINVAL fsbase_by=M
 *
 * (one line). The tdata and tbss values are read in the main context before
 * any TLS call; switch= shows tdata8 in block A after writing, in a fresh
 * block B, in B after writing, and in A again. Blocks start misaligned on
 * purpose so solo5_tls_tp_offset() has to align them.
 */
#include <stdalign.h>

#include "solo5.h"
#include "vmm/rt.h"

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

/* No inlining or IPA: each call computes TLS addresses from %fs afresh. */
#define NOIPA __attribute__((noipa))

/* What one context sees. */
struct probe {
    uintptr_t tp;     /* %fs:0 */
    int fs0_ok;       /* the TCB word points at itself */
    int aligned[4];   /* variables of alignment 8, 16, 64, 4096 */
    uint64_t d8, d16, d64, d4096, db, b8, b16, b64, b4096, bb;
    uintptr_t lo, hi; /* lowest and highest variable address */
};

static uint64_t bytes(const char *b, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++)
        v = v << 8 | (uint8_t)b[i];
    return v;
}

static int aligned(const void *p, uintptr_t a)
{
    return ((uintptr_t)p & (a - 1)) == 0;
}

static NOIPA void probe(struct probe *p)
{
    __asm__ __volatile__("movq %%fs:0, %0" : "=r"(p->tp));
    p->fs0_ok = *(const uintptr_t *)p->tp == p->tp;
    p->aligned[0] = aligned(&tdata8, 8) && aligned(&tbss8, 8);
    p->aligned[1] = aligned(&tdata16, 16) && aligned(&tbss16, 16);
    p->aligned[2] = aligned(&tdata64, 64) && aligned(&tbss64, 64);
    p->aligned[3] = aligned(&tdata4096, 4096) && aligned(&tbss4096, 4096);
    p->d8 = tdata8;
    p->d16 = tdata16;
    p->d64 = tdata64;
    p->d4096 = tdata4096;
    p->db = bytes(tdata_b, 3);
    p->b8 = tbss8;
    p->b16 = tbss16;
    p->b64 = tbss64;
    p->b4096 = tbss4096;
    p->bb = bytes(tbss_b, 5);
    p->lo = p->hi = (uintptr_t)&tdata8;
    const void *all[] = {&tdata16, &tdata64, &tdata4096, tdata_b, &tbss8,
                         &tbss16,  &tbss64,  &tbss4096,  tbss_b};
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) {
        uintptr_t x = (uintptr_t)all[i];
        p->lo = x < p->lo ? x : p->lo;
        p->hi = x > p->hi ? x : p->hi;
    }
}

static NOIPA void poke(uint64_t d8, uint64_t b4096)
{
    tdata8 = d8;
    tbss4096 = b4096;
}

/* Switch to (tp) and check what the block there shows. */
static int enter(uintptr_t tp, uintptr_t block, size_t size, struct probe *p)
{
    if (solo5_set_tls_base(tp) != SOLO5_R_OK)
        return 0;
    probe(p);
    return p->tp == tp && p->fs0_ok && p->aligned[0] && p->aligned[1] &&
           p->aligned[2] && p->aligned[3] && p->lo >= block &&
           p->hi < tp && tp + sizeof(uintptr_t) <= block + size;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct probe m, a0, a1, b0, b1, a2, m2;
    struct rt_tls_layout l;

    probe(&m); /* the main context, before any TLS call */
    rt_tls_layout(&l);

    /* Two blocks at odd addresses in the heap. */
    size_t size = solo5_tls_size();
    uintptr_t a = si->heap_start + 1, b = a + size + 3;
    uintptr_t tpa = solo5_tls_tp_offset(a), tpb = solo5_tls_tp_offset(b);
    int ok = solo5_tls_init(a) == SOLO5_R_OK && solo5_tls_init(b) == SOLO5_R_OK;

    ok &= enter(tpa, a, size, &a0);
    ok &= a0.d8 == 0x7d08 && a0.d4096 == 0x7d4096 && a0.b4096 == 0;
    poke(0xaaaa, 0xa4096);
    probe(&a1);
    ok &= enter(tpb, b, size, &b0);
    ok &= b0.d8 == 0x7d08 && b0.d4096 == 0x7d4096 && b0.b4096 == 0;
    poke(0xbbbb, 0xb4096);
    probe(&b1);
    ok &= enter(tpa, a, size, &a2);
    ok &= a2.d8 == 0xaaaa && a2.b4096 == 0xa4096;
    ok &= (tpa & (l.align - 1)) == 0 && (tpb & (l.align - 1)) == 0;
    ok &= solo5_set_tls_base(m.tp) == SOLO5_R_OK;
    probe(&m2);
    int main_ok = m2.tp == m.tp && m2.d8 == m.d8 && m2.b4096 == m.b4096;

    solo5_result_t nc = solo5_set_tls_base(0x0000800000000000ULL);
    probe(&m2);
    main_ok &= m2.tp == m.tp;

    rt_printf("TLS-FACTS target=%s tls_size=%zu p_filesz=%zu p_memsz=%zu "
              "p_align=%zu tp_align_ok=%d fs0_eq_tp=%d "
              "tdata8=0x%lx tdata16=0x%lx tdata64=0x%lx tdata4096=0x%lx "
              "tdata_b=0x%lx tbss8=%lu tbss16=%lu tbss64=%lu tbss4096=%lu "
              "tbss_b=%lu align8_ok=%d align16_ok=%d align64_ok=%d "
              "align4096_ok=%d main_ok=%d switch=0x%lx/0x%lx/0x%lx/0x%lx "
              "blocks_ok=%d noncanon=%s fsbase_by=%s\n",
              rt_target_name(), size, l.filesz, l.memsz, l.align,
              (m.tp & (l.align - 1)) == 0, m.fs0_ok, m.d8, m.d16, m.d64,
              m.d4096, m.db, m.b8, m.b16, m.b64, m.b4096, m.bb, m.aligned[0],
              m.aligned[1], m.aligned[2], m.aligned[3], main_ok, a1.d8, b0.d8,
              b1.d8, a2.d8, ok, nc == SOLO5_R_EINVAL ? "EINVAL" : "accepted",
              rt_tls_fsbase_method());
    return SOLO5_EXIT_SUCCESS;
}
