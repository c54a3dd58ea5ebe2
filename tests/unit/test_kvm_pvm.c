/*
 * test_kvm_pvm.c: kvm_pvm support without a kvm_pvm. Detection from what
 * KVM_GET_MSRS reads, the re-arm policy against a made-up run, and
 * pvm_check / pvm_insn_bytes over hand-built page tables in a fake guest
 * memory (a heap buffer, so the sanitized build catches any read past it),
 * then over the tables paging_build makes for hvt guests.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmm/guest_mem.h"
#include "vmm/kvm_pvm.h"
#include "vmm/paging.h"
#include "unit.h"
#include "paging_image.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

/* ---- detection ---------------------------------------------------------- */

Test(pvm_detect, pvm_reads_its_id)
{
    cr_assert(pvm_id_means_pvm(1, 0x4d5650), "one entry reading \"PVM\"");
    cr_assert_eq(PVM_ID, 0x4d5650ULL);
}

Test(pvm_detect, hardware_kvm_refuses_the_msr)
{
    cr_assert_not(pvm_id_means_pvm(0, 0));
    /* Nothing was read: whatever sits in the entry means nothing. */
    cr_assert_not(pvm_id_means_pvm(0, 0x4d5650));
}

Test(pvm_detect, ignore_msrs_reads_zero)
{
    cr_assert_not(pvm_id_means_pvm(1, 0));
}

Test(pvm_detect, another_value)
{
    cr_assert_not(pvm_id_means_pvm(1, 0x4d5651));
    cr_assert_not(pvm_id_means_pvm(1, 0x400)); /* PVM_MSR_CTL's value */
    cr_assert_not(pvm_id_means_pvm(1, 0x4d565000000000ULL));
    cr_assert_not(pvm_id_means_pvm(1, 0x4d5650ULL | (1ULL << 32)));
}

Test(pvm_detect, ioctl_error)
{
    cr_assert_not(pvm_id_means_pvm(-1, 0));
    cr_assert_not(pvm_id_means_pvm(-1, 0x4d5650));
}

/* ---- the fallback policy ------------------------------------------------ */

/* A failure with the registers of a guest at rip, loop counter rcx. */
static enum pvm_verdict fail_at(struct pvm_fallback *f, uint64_t rip,
                                uint64_t rcx)
{
    struct kvm_regs r = {.rip = rip, .rcx = rcx, .rsp = 0x1fffff00,
                         .rflags = 0x2};
    return pvm_fallback_on_failure(f, &r);
}

Test(pvm_fallback, first_failure_retries)
{
    struct pvm_fallback f = {0};
    cr_assert_eq(fail_at(&f, 0x100abc, 0), PVM_RETRY);
    cr_assert_eq(f.rearms, 1);
}

Test(pvm_fallback, first_failure_with_zero_registers_retries)
{
    /* A fresh state holds zero registers: that must not count as a retry. */
    struct pvm_fallback f = {0};
    struct kvm_regs zero = {0};
    cr_assert_eq(pvm_fallback_on_failure(&f, &zero), PVM_RETRY);
    cr_assert_eq(f.rearms, 1);
    cr_assert_eq(pvm_fallback_on_failure(&f, &zero), PVM_NO_PROGRESS);
}

Test(pvm_fallback, same_state_twice_gives_up)
{
    struct pvm_fallback f = {0};
    cr_assert_eq(fail_at(&f, 0x100abc, 7), PVM_RETRY);
    cr_assert_eq(fail_at(&f, 0x100abc, 7), PVM_NO_PROGRESS);
    cr_assert_eq(f.rearms, 1, "no retry was granted the second time");
}

Test(pvm_fallback, a_loop_at_one_rip_retries)
{
    /*
     * A loop that drops out of native mode (mov ss) and fails at the same
     * SSE instruction each time: the retry worked, the loop counter moved.
     */
    struct pvm_fallback f = {0};
    for (unsigned i = 0; i < 10; i++)
        cr_assert_eq(fail_at(&f, 0x100abc, 100 - i), PVM_RETRY, "pass %u", i);
    cr_assert_eq(f.rearms, 10);
}

Test(pvm_fallback, progress_lets_the_same_state_retry)
{
    struct pvm_fallback f = {0};
    cr_assert_eq(fail_at(&f, 0x100abc, 1), PVM_RETRY);
    pvm_fallback_progress(&f); /* e.g. the guest did an `out` vmm served */
    cr_assert_eq(fail_at(&f, 0x100abc, 1), PVM_RETRY);
    cr_assert_eq(f.rearms, 2);
    /* ...and again no further without progress in between. */
    cr_assert_eq(fail_at(&f, 0x100abc, 1), PVM_NO_PROGRESS);
    cr_assert_eq(f.rearms, 2);
}

Test(pvm_fallback, different_rips_retry_up_to_the_limit)
{
    struct pvm_fallback f = {0};
    for (unsigned i = 0; i < PVM_MAX_REARMS; i++) {
        cr_assert_eq(fail_at(&f, 0x100000 + 16 * i, 0), PVM_RETRY,
                     "failure %u", i + 1);
        cr_assert_eq(f.rearms, i + 1);
    }
    cr_assert_eq(fail_at(&f, 0x200000, 0), PVM_TOO_MANY);
    cr_assert_eq(f.rearms, PVM_MAX_REARMS);
    /* Past the limit nothing retries any more, progress or not. */
    pvm_fallback_progress(&f);
    cr_assert_eq(fail_at(&f, 0x300000, 0), PVM_TOO_MANY);
    cr_assert_eq(f.rearms, PVM_MAX_REARMS);
}

Test(pvm_fallback, progress_does_not_reset_the_limit)
{
    /* One instruction that falls back after every served exit. */
    struct pvm_fallback f = {0};
    for (unsigned i = 0; i < PVM_MAX_REARMS; i++) {
        cr_assert_eq(fail_at(&f, 0x100abc, 0), PVM_RETRY, "failure %u",
                     i + 1);
        pvm_fallback_progress(&f);
    }
    cr_assert_eq(f.rearms, PVM_MAX_REARMS);
    cr_assert_eq(fail_at(&f, 0x100abc, 0), PVM_TOO_MANY);
    cr_assert_eq(f.rearms, PVM_MAX_REARMS);
}

Test(pvm_fallback, alternating_rips_retry)
{
    struct pvm_fallback f = {0};
    cr_assert_eq(fail_at(&f, 0xa000, 0), PVM_RETRY);
    cr_assert_eq(fail_at(&f, 0xb000, 0), PVM_RETRY);
    cr_assert_eq(fail_at(&f, 0xa000, 0), PVM_RETRY);
    cr_assert_eq(fail_at(&f, 0xa000, 0), PVM_NO_PROGRESS);
    cr_assert_eq(f.rearms, 3);
}

/* ---- the watch: a vCPU kvm_pvm re-faults on for good ---------------------- */

static bool tick(struct pvm_fallback *f, uint64_t rip, uint64_t rsp,
                 uint64_t exits)
{
    struct kvm_regs r = {.rip = rip, .rsp = rsp, .rflags = 0x2};
    return pvm_watch_stuck(f, &r, exits);
}

Test(pvm_watch, first_tick_is_never_stuck)
{
    struct pvm_fallback f = {0};
    cr_assert_not(tick(&f, 0x101d90, 0x1fd5fa10, 3));
}

Test(pvm_watch, same_rip_no_exit_is_stuck)
{
    /* kvm_pvm re-delivering #PF to a handler it cannot fetch: the stack
     * goes down a frame each time, rip stays. */
    struct pvm_fallback f = {0};
    cr_assert_not(tick(&f, 0x101d90, 0x1fd5fa10, 3));
    cr_assert(tick(&f, 0x101d90, 0x1fac3940, 3));
    cr_assert(tick(&f, 0x101d90, 0x1f8263a0, 3));
}

Test(pvm_watch, an_exit_between_ticks_is_progress)
{
    struct pvm_fallback f = {0};
    cr_assert_not(tick(&f, 0x100e55, 0x1fffff00, 3));
    cr_assert_not(tick(&f, 0x100e55, 0x1fffff00, 4));
    cr_assert(tick(&f, 0x100e55, 0x1fffff00, 4));
}

Test(pvm_watch, another_rip_is_progress)
{
    struct pvm_fallback f = {0};
    cr_assert_not(tick(&f, 0x100000, 0x1fffff00, 0));
    cr_assert_not(tick(&f, 0x100004, 0x1fffff00, 0));
    cr_assert_not(tick(&f, 0x100000, 0x1fffff00, 0));
}

/* ---- the watch: a guest kvm_pvm keeps in its emulator -------------------- */

Test(pvm_watch, emulated_two_ticks_in_a_row_on_refused_tables)
{
    struct pvm_fallback f = {0};
    cr_assert_not(pvm_watch_emulated(&f, PVM_NO_USER));
    cr_assert(pvm_watch_emulated(&f, PVM_NO_USER));
    struct pvm_fallback g = {0};
    cr_assert_not(pvm_watch_emulated(&g, PVM_EVEN_CR3));
    cr_assert(pvm_watch_emulated(&g, PVM_NO_USER), "either rule, in a row");
}

Test(pvm_watch, emulated_counts_only_ticks_in_a_row)
{
    struct pvm_fallback f = {0};
    cr_assert_not(pvm_watch_emulated(&f, PVM_EVEN_CR3));
    cr_assert_not(pvm_watch_emulated(&f, PVM_RULES_MET), "native: reset");
    cr_assert_not(pvm_watch_emulated(&f, PVM_EVEN_CR3));
    cr_assert_not(pvm_watch_emulated(&f, PVM_NOT_LONG_MODE),
                  "a 32-bit start runs emulated anyway: its business");
    cr_assert_not(pvm_watch_emulated(&f, PVM_NO_USER));
    cr_assert_not(pvm_watch_emulated(&f, PVM_NOT_MAPPED),
                  "unmapped: no rule of kvm_pvm's");
    cr_assert_not(pvm_watch_emulated(&f, PVM_NOT_LONG_MODE));
}

Test(pvm_fallback, limit_string_matches_the_number)
{
    char n[16];
    snprintf(n, sizeof(n), "%d", PVM_MAX_REARMS);
    cr_assert_str_eq(n, PVM_MAX_REARMS_STR);
}

/* ---- a fake guest with hand-built tables -------------------------------- */

/*
 * VA uses a different index at each level (PML4 1, PDPT 2, PD 3, PT 4), so
 * a walk that takes the wrong bits lands on an empty entry. Its page is at
 * 0x7000; the next virtual page is at 0x9000 (not contiguous), the one
 * after that is not mapped.
 */
#define FAKE_SIZE (4 * MIB)
#define PML4_GPA 0x3000ULL /* odd 4 KiB page */
#define PDPT_GPA 0x4000ULL
#define PD_GPA 0x5000ULL
#define PT_GPA 0x6000ULL
#define PAGE_A 0x7000ULL
#define PAGE_B 0x9000ULL
#define VA 0x0000008080604000ULL
#define PWU (PTE_P | PTE_W | PTE_U)
#define CR0_LM 0x80010033ULL /* PG, WP, NE, ET, MP, PE: what vmm sets */
#define EFER_LM 0xd00ULL     /* NXE, LMA, LME */

struct fake {
    struct guest_mem m;
    struct kvm_sregs s;
    char why[512];
};

static void put(struct fake *f, uint64_t table, unsigned idx, uint64_t e)
{
    cr_assert(gmem_write(&f->m, table + 8ULL * idx, &e, sizeof(e)));
}

static uint64_t get(const struct fake *f, uint64_t table, unsigned idx)
{
    uint64_t e = 0;
    cr_assert(gmem_read(&f->m, table + 8ULL * idx, &e, sizeof(e)));
    return e;
}

static void fake_init(struct fake *f)
{
    memset(f, 0, sizeof(*f));
    f->m.base = calloc(1, FAKE_SIZE);
    cr_assert(f->m.base);
    f->m.size = FAKE_SIZE;
    cr_assert_eq(VA, (1ULL << 39) | (2ULL << 30) | (3ULL << 21) | (4ULL << 12));
    put(f, PML4_GPA, 1, PDPT_GPA | PWU);
    put(f, PDPT_GPA, 2, PD_GPA | PWU);
    put(f, PD_GPA, 3, PT_GPA | PWU);
    put(f, PT_GPA, 4, PAGE_A | PWU | PTE_NX);
    put(f, PT_GPA, 5, PAGE_B | PTE_P | PTE_U);
    f->s.cr0 = CR0_LM;
    f->s.cr4 = 0x620;
    f->s.efer = EFER_LM;
    f->s.cr3 = PML4_GPA;
}

static void fake_free(struct fake *f)
{
    free(f->m.base);
    f->m.base = NULL;
}

static enum pvm_rule check(struct fake *f, uint64_t va)
{
    f->why[0] = '\0';
    return pvm_check(&f->m, &f->s, va, f->why, sizeof(f->why));
}

#define assert_rule(f, va, want)                                               \
    do {                                                                       \
        enum pvm_rule got_ = check(f, va);                                     \
        cr_assert_eq(got_, (want), "va 0x%llx: rule %d, want %d (%s)",         \
                     (unsigned long long)(va), (int)got_, (int)(want),         \
                     (f)->why);                                                \
    } while (0)

static const char *const level_names[4] = {"PML4", "PDPT", "page directory",
                                           "page table"};

/* Where VA's entry at each level is. */
static const uint64_t va_table[4] = {PML4_GPA, PDPT_GPA, PD_GPA, PT_GPA};
static const unsigned va_index[4] = {1, 2, 3, 4};

Test(pvm_check, rules_met)
{
    struct fake f;
    fake_init(&f);
    assert_rule(&f, VA, PVM_RULES_MET);
    assert_rule(&f, VA + 0xfff, PVM_RULES_MET);
    assert_rule(&f, VA + 0x1000, PVM_RULES_MET); /* PAGE_B, read-only */
    fake_free(&f);
}

Test(pvm_check, cr3_flag_bits_are_not_the_address)
{
    struct fake f;
    fake_init(&f);
    f.s.cr3 = PML4_GPA | 0x18; /* PCD, PWT */
    assert_rule(&f, VA, PVM_RULES_MET);
    fake_free(&f);
}

Test(pvm_check, paging_off)
{
    struct fake f;
    fake_init(&f);
    f.s.cr0 = 0x11; /* PE, ET */
    f.s.efer = 0;
    assert_rule(&f, VA, PVM_NOT_LONG_MODE);
    assert_has(f.why, "not in 64-bit long mode with paging");
    assert_has(f.why, "CR0 0x11,");
    assert_has(f.why, "EFER 0x0)");
    assert_has(f.why, "kvm_pvm runs only that natively");
    /* Paging off with EFER still claiming long mode: not long mode. */
    f.s.efer = EFER_LM;
    assert_rule(&f, VA, PVM_NOT_LONG_MODE);
    assert_has(f.why, "EFER 0xd00)");
    fake_free(&f);
}

Test(pvm_check, lma_clear)
{
    struct fake f;
    fake_init(&f);
    f.s.efer = 0x900; /* LME and NXE, but long mode not active */
    assert_rule(&f, VA, PVM_NOT_LONG_MODE);
    assert_has(f.why, "CR0 0x80010033");
    assert_has(f.why, "EFER 0x900");
    fake_free(&f);
}

Test(pvm_check, even_cr3)
{
    struct fake f;
    fake_init(&f);
    /* The same PML4 on an even page: a walk would succeed, the rule not. */
    memcpy(f.m.base + 0x2000, f.m.base + PML4_GPA, 0x1000);
    f.s.cr3 = 0x2000;
    assert_rule(&f, VA, PVM_EVEN_CR3);
    assert_has(f.why, "CR3 0x2000");
    assert_has(f.why, "even 4 KiB page");
    assert_has(f.why, "odd one");
    f.s.cr3 = 0x3000; /* odd again: met */
    assert_rule(&f, VA, PVM_RULES_MET);
    fake_free(&f);
}

Test(pvm_check, long_mode_is_checked_before_cr3)
{
    struct fake f;
    fake_init(&f);
    f.s.cr3 = 0x2000;
    f.s.cr0 = 0x11;
    assert_rule(&f, VA, PVM_NOT_LONG_MODE);
    fake_free(&f);
}

Test(pvm_check, no_user_at_each_level)
{
    for (int lv = 0; lv < 4; lv++) {
        struct fake f;
        fake_init(&f);
        uint64_t e = get(&f, va_table[lv], va_index[lv]) & ~PTE_U;
        put(&f, va_table[lv], va_index[lv], e);
        assert_rule(&f, VA + 0x10, PVM_NO_USER);
        char want[128];
        snprintf(want, sizeof(want), "the %s entry 0x%016" PRIx64 " mapping",
                 level_names[lv], e);
        assert_has(f.why, want);
        assert_has(f.why, "mapping 0x8080604010 lacks U/S (bit 2)");
        assert_has(f.why, "only with U/S set at every paging level");
        for (int other = 0; other < 4; other++) {
            if (other == lv)
                continue;
            snprintf(want, sizeof(want), "the %s entry", level_names[other]);
            cr_assert_null(strstr(f.why, want), "level %d: \"%s\" in: %s", lv,
                           want, f.why);
        }
        fake_free(&f);
    }
}

Test(pvm_check, no_user_names_the_top_level_lacking_it)
{
    struct fake f;
    fake_init(&f);
    put(&f, PDPT_GPA, 2, PD_GPA | PTE_P | PTE_W);
    put(&f, PT_GPA, 4, PAGE_A | PTE_P);
    assert_rule(&f, VA, PVM_NO_USER);
    assert_has(f.why, "the PDPT entry 0x0000000000005003 mapping 0x8080604000");
    fake_free(&f);
}

Test(pvm_check, no_user_only_where_it_is_missing)
{
    /* A neighbour page without U/S does not spoil VA's mapping. */
    struct fake f;
    fake_init(&f);
    put(&f, PT_GPA, 5, PAGE_B | PTE_P);
    assert_rule(&f, VA, PVM_RULES_MET);
    assert_rule(&f, VA + 0x1000, PVM_NO_USER);
    assert_has(f.why, "the page table entry 0x0000000000009001 mapping "
                      "0x8080605000");
    fake_free(&f);
}

Test(pvm_check, not_present_at_each_level)
{
    for (int lv = 0; lv < 4; lv++) {
        struct fake f;
        fake_init(&f);
        uint64_t e = get(&f, va_table[lv], va_index[lv]) & ~PTE_P;
        put(&f, va_table[lv], va_index[lv], e);
        assert_rule(&f, VA, PVM_NOT_MAPPED);
        char want[128];
        snprintf(want, sizeof(want), "(no present %s entry inside guest memory)", level_names[lv]);
        assert_has(f.why, want);
        assert_has(f.why, "0x8080604000 is not mapped by the guest's page "
                          "tables");
        fake_free(&f);
    }
}

Test(pvm_check, empty_entries_elsewhere)
{
    struct fake f;
    fake_init(&f);
    assert_rule(&f, VA + 0x2000, PVM_NOT_MAPPED); /* PT index 6 */
    assert_has(f.why, "no present page table entry");
    assert_rule(&f, VA + (1ULL << 21), PVM_NOT_MAPPED); /* PD index 4 */
    assert_has(f.why, "no present page directory entry");
    assert_rule(&f, VA + GIB, PVM_NOT_MAPPED); /* PDPT index 3 */
    assert_has(f.why, "no present PDPT entry");
    assert_rule(&f, 0x1000, PVM_NOT_MAPPED); /* PML4 index 0 */
    assert_has(f.why, "0x1000 is not mapped");
    assert_has(f.why, "no present PML4 entry");
    fake_free(&f);
}

Test(pvm_check, two_mib_page)
{
    struct fake f;
    fake_init(&f);
    /* A 2 MiB leaf; its address would not be a table inside memory. */
    put(&f, PD_GPA, 3, 0x200000ULL | PWU | PTE_PS | PTE_NX);
    memset(f.m.base + PT_GPA, 0, 0x1000);
    assert_rule(&f, VA - 0x4000, PVM_RULES_MET);
    assert_rule(&f, VA, PVM_RULES_MET);
    assert_rule(&f, VA - 0x4000 + 0x1fffff, PVM_RULES_MET);
    put(&f, PD_GPA, 3, 0x200000ULL | PTE_P | PTE_W | PTE_PS);
    assert_rule(&f, VA, PVM_NO_USER);
    assert_has(f.why, "the page directory entry 0x0000000000200083 mapping");
    fake_free(&f);
}

Test(pvm_check, one_gib_page)
{
    struct fake f;
    fake_init(&f);
    put(&f, PDPT_GPA, 2, 0x40000000ULL | PWU | PTE_PS);
    memset(f.m.base + PD_GPA, 0, 0x1000);
    assert_rule(&f, VA, PVM_RULES_MET);
    assert_rule(&f, (1ULL << 39) | (2ULL << 30), PVM_RULES_MET);
    assert_rule(&f, (1ULL << 39) | ((3ULL << 30) - 1), PVM_RULES_MET);
    assert_rule(&f, (1ULL << 39) | (3ULL << 30), PVM_NOT_MAPPED);
    put(&f, PDPT_GPA, 2, 0x40000000ULL | PTE_P | PTE_PS);
    assert_rule(&f, VA, PVM_NO_USER);
    assert_has(f.why, "the PDPT entry 0x0000000040000081 mapping");
    fake_free(&f);
}

Test(pvm_check, ps_in_the_pml4_is_no_leaf)
{
    /* Bit 7 of a PML4 entry makes no 512 GiB page: the walk goes on. */
    struct fake f;
    fake_init(&f);
    put(&f, PML4_GPA, 1, PDPT_GPA | PWU | PTE_PS);
    assert_rule(&f, VA, PVM_RULES_MET);
    memset(f.m.base + PDPT_GPA, 0, 0x1000);
    assert_rule(&f, VA, PVM_NOT_MAPPED);
    assert_has(f.why, "no present PDPT entry");
    fake_free(&f);
}

Test(pvm_check, tables_outside_guest_memory)
{
    struct fake f;
    fake_init(&f);
    /* CR3 past the end of memory (an odd page). */
    f.s.cr3 = FAKE_SIZE + 0x1000;
    assert_rule(&f, VA, PVM_NOT_MAPPED);
    assert_has(f.why, "PML4");
    f.s.cr3 = 0x000ffffffffff000ULL; /* the highest table address */
    assert_rule(&f, VA, PVM_NOT_MAPPED);
    f.s.cr3 = PML4_GPA;

    /* Entries pointing at tables past the end, at each level below. */
    uint64_t far[] = {FAKE_SIZE, FAKE_SIZE + 0x1000, 0x000ffffffffff000ULL,
                      (1ULL << 40)};
    for (int lv = 0; lv < 3; lv++) {
        for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
            struct fake g;
            fake_init(&g);
            put(&g, va_table[lv], va_index[lv], far[i] | PWU);
            assert_rule(&g, VA, PVM_NOT_MAPPED);
            /* The message names the level that could not be read. */
            assert_has(g.why, "0x8080604000 is not mapped");
            assert_has(g.why, level_names[lv + 1]);
            fake_free(&g);
        }
    }

    /* A table in the last page: its last entry is still inside. */
    put(&f, PD_GPA, 3, (FAKE_SIZE - 0x1000) | PWU);
    put(&f, FAKE_SIZE - 0x1000, 511, PAGE_A | PWU);
    assert_rule(&f, VA | (511ULL << 12), PVM_RULES_MET);
    assert_rule(&f, VA, PVM_NOT_MAPPED);
    fake_free(&f);
}

Test(pvm_check, table_at_the_edge_of_a_tiny_memory)
{
    /* Memory ends in the middle of the PML4 page: entries past it are
     * unreadable, not read. */
    struct fake f;
    fake_init(&f);
    uint8_t *small = malloc(PML4_GPA + 16);
    cr_assert(small);
    memcpy(small, f.m.base, PML4_GPA + 16);
    struct guest_mem m = {small, PML4_GPA + 16};
    char why[256] = "";
    cr_assert_eq(pvm_check(&m, &f.s, VA, why, sizeof(why)), PVM_NOT_MAPPED);
    assert_has(why, "no present PDPT entry"); /* PML4[1] read, PDPT not */
    cr_assert_eq(pvm_check(&m, &f.s, 2ULL << 39, why, sizeof(why)),
                 PVM_NOT_MAPPED);
    assert_has(why, "no present PML4 entry");
    free(small);
    fake_free(&f);
}

Test(pvm_check, short_message_buffer)
{
    struct fake f;
    fake_init(&f);
    f.s.cr0 = 0;
    char why[12];
    memset(why, 'x', sizeof(why));
    cr_assert_eq(pvm_check(&f.m, &f.s, VA, why, 8), PVM_NOT_LONG_MODE);
    cr_assert_str_eq(why, "the gue");
    cr_assert_eq(why[8], 'x');
    fake_free(&f);
}

/* ---- pvm_insn_bytes ----------------------------------------------------- */

static const uint8_t code[15] = {0x66, 0x0f, 0xef, 0xc0, 0x48, 0x89, 0xe5,
                                 0x0f, 0x29, 0x45, 0xf0, 0xc3, 0x90, 0xcc,
                                 0xf4};
#define CODE_HEX "66 0f ef c0 48 89 e5 0f 29 45 f0 c3 90 cc f4"

static size_t insn(struct fake *f, uint64_t rip)
{
    memset(f->why, '?', sizeof(f->why));
    return pvm_insn_bytes(&f->m, &f->s, rip, f->why, sizeof(f->why));
}

Test(pvm_insn_bytes, through_the_page_tables)
{
    struct fake f;
    fake_init(&f);
    memcpy(f.m.base + PAGE_A + 0x123, code, sizeof(code));
    cr_assert_eq(insn(&f, VA + 0x123), 15);
    cr_assert_str_eq(f.why, CODE_HEX);
    fake_free(&f);
}

Test(pvm_insn_bytes, across_a_page_to_another_frame)
{
    struct fake f;
    fake_init(&f);
    memcpy(f.m.base + PAGE_A + 0xff8, code, 8);
    memcpy(f.m.base + PAGE_B, code + 8, 7);
    memset(f.m.base + PAGE_A + 0x1000, 0xee, 16); /* physically next */
    cr_assert_eq(insn(&f, VA + 0xff8), 15);
    cr_assert_str_eq(f.why, CODE_HEX);
    fake_free(&f);
}

Test(pvm_insn_bytes, into_an_unmapped_page)
{
    struct fake f;
    fake_init(&f);
    /* VA + 0x1000 is mapped (PAGE_B), VA + 0x2000 is not. */
    memcpy(f.m.base + PAGE_B + 0xffa, code, 6);
    memset(f.m.base + PAGE_B + 0x1000, 0xee, 16);
    cr_assert_eq(insn(&f, VA + 0x1ffa), 6);
    cr_assert_str_eq(f.why, "66 0f ef c0 48 89");
    fake_free(&f);
}

Test(pvm_insn_bytes, two_mib_and_one_gib_pages)
{
    struct fake f;
    fake_init(&f);
    /* Bit 12 of a large-page entry is PAT, not part of the address. */
    put(&f, PD_GPA, 3, 0x200000ULL | 0x1000 | PWU | PTE_PS);
    memcpy(f.m.base + 0x200000 + 0x4123, code, sizeof(code));
    memset(f.m.base + 0x201000 + 0x4123, 0xee, sizeof(code));
    cr_assert_eq(insn(&f, VA + 0x123), 15);
    cr_assert_str_eq(f.why, CODE_HEX);

    /* 1 GiB at physical 0, PAT bit set */
    put(&f, PDPT_GPA, 2, 0x1000ULL | PWU | PTE_PS);
    memcpy(f.m.base + 0x10123, code, sizeof(code));
    memset(f.m.base + 0x11123, 0xee, sizeof(code));
    cr_assert_eq(insn(&f, (1ULL << 39) | (2ULL << 30) | 0x10123), 15);
    cr_assert_str_eq(f.why, CODE_HEX);
    fake_free(&f);
}

Test(pvm_insn_bytes, paging_off_reads_cs_base_plus_rip)
{
    struct fake f;
    fake_init(&f);
    f.s.cr0 = 0x11;
    f.s.efer = 0;
    f.s.cs.base = 0x10000;
    memcpy(f.m.base + 0x10234, code, sizeof(code));
    memset(f.m.base + 0x234, 0xee, 16); /* rip alone */
    cr_assert_eq(insn(&f, 0x234), 15);
    cr_assert_str_eq(f.why, CODE_HEX);
    /* At the end of memory: what is there. */
    f.s.cs.base = 0;
    memcpy(f.m.base + FAKE_SIZE - 4, code, 4);
    cr_assert_eq(insn(&f, FAKE_SIZE - 4), 4);
    cr_assert_str_eq(f.why, "66 0f ef c0");
    fake_free(&f);
}

Test(pvm_insn_bytes, not_readable)
{
    struct fake f;
    fake_init(&f);
    cr_assert_eq(insn(&f, VA + 0x2000), 0);
    cr_assert_str_eq(f.why, "(not readable)");
    cr_assert_eq(insn(&f, 0), 0);
    cr_assert_str_eq(f.why, "(not readable)");
    f.s.cr3 = 0x000ffffffffff000ULL;
    cr_assert_eq(insn(&f, VA), 0);
    cr_assert_str_eq(f.why, "(not readable)");
    f.s.cr3 = PML4_GPA;
    f.s.cr0 = 0x11;
    cr_assert_eq(insn(&f, FAKE_SIZE), 0);
    cr_assert_str_eq(f.why, "(not readable)");
    fake_free(&f);
}

Test(pvm_insn_bytes, small_output_buffer)
{
    struct fake f;
    fake_init(&f);
    memcpy(f.m.base + PAGE_A, code, sizeof(code));
    char out[12];
    memset(out, 'x', sizeof(out));
    /* Whole pairs only: "66 0f" and its NUL fit in 8, " ef" does not. */
    cr_assert_eq(pvm_insn_bytes(&f.m, &f.s, VA, out, 8), 15);
    cr_assert_str_eq(out, "66 0f");
    cr_assert_eq(out[8], 'x');
    memset(out, 'x', sizeof(out));
    cr_assert_eq(pvm_insn_bytes(&f.m, &f.s, VA, out, 0), 15);
    cr_assert_eq(out[0], 'x', "nothing written into no room");
    fake_free(&f);
}

/* ---- the tables vmm builds for hvt guests ------------------------------- */


static void hvt_check(uint64_t mem_size)
{
    struct elf_image img = paging_test_image();
    struct fake f;
    memset(&f, 0, sizeof(f));
    cr_assert(gmem_map(&f.m, mem_size));
    char err[256] = "";
    f.s.cr3 = paging_build(f.m.base, f.m.size, &img, 0x8000, 0x100000, err,
                           sizeof(err));
    cr_assert_neq(f.s.cr3, 0, "paging_build: %s", err);
    f.s.cr0 = CR0_LM;
    f.s.cr4 = 0x620;
    f.s.efer = EFER_LM;

    const uint64_t met[] = {0x100000, 0x100fff, 0x102abc, 0x103000, 0x104800,
                            0x107fff, 0x1000,   0x8000,   0x1ff000, 0x200000,
                            0x3fffff, 0x1234567 % mem_size, mem_size - 1};
    for (size_t i = 0; i < sizeof(met) / sizeof(met[0]); i++)
        assert_rule(&f, met[i], PVM_RULES_MET);
    for (uint64_t va = 0x1000; va < 4 * MIB && va < mem_size; va += 0x1000)
        assert_rule(&f, va, PVM_RULES_MET);

    assert_rule(&f, 0, PVM_NOT_MAPPED);
    assert_has(f.why, "0x0 is not mapped");
    assert_has(f.why, "no present page table entry");
    assert_rule(&f, 0xfff, PVM_NOT_MAPPED);
    assert_rule(&f, 512 * GIB, PVM_NOT_MAPPED);
    assert_has(f.why, "no present PML4 entry");

    /* And what vmm would print for the entry point. */
    memcpy(f.m.base + 0x100000, code, sizeof(code));
    cr_assert_eq(insn(&f, 0x100000), 15);
    cr_assert_str_eq(f.why, CODE_HEX);
    gmem_unmap(&f.m);
}

Test(pvm_hvt_tables, small_guest)
{
    hvt_check(32 * MIB + 0x3000); /* ends with a partial 2 MiB region */
}

Test(pvm_hvt_tables, several_gib)
{
    hvt_check(3 * GIB + 512 * MIB);
    struct elf_image img = paging_test_image();
    struct fake f;
    memset(&f, 0, sizeof(f));
    cr_assert(gmem_map(&f.m, 2 * GIB));
    char err[256] = "";
    f.s.cr3 = paging_build(f.m.base, f.m.size, &img, 0x8000, 0x100000, err,
                           sizeof(err));
    cr_assert_neq(f.s.cr3, 0, "paging_build: %s", err);
    f.s.cr0 = CR0_LM;
    f.s.efer = EFER_LM;
    assert_rule(&f, GIB + 0x123456, PVM_RULES_MET);
    assert_rule(&f, 2 * GIB, PVM_NOT_MAPPED);
    assert_has(f.why, "no present PDPT entry");
    gmem_unmap(&f.m);
}

Test(pvm_hvt_tables, past_the_end_of_memory)
{
    struct elf_image img = paging_test_image();
    struct fake f;
    memset(&f, 0, sizeof(f));
    cr_assert(gmem_map(&f.m, 64 * MIB));
    char err[256] = "";
    f.s.cr3 = paging_build(f.m.base, f.m.size, &img, 0x8000, 0x100000, err,
                           sizeof(err));
    cr_assert_neq(f.s.cr3, 0, "paging_build: %s", err);
    f.s.cr0 = CR0_LM;
    f.s.efer = EFER_LM;
    assert_rule(&f, 64 * MIB - 1, PVM_RULES_MET);
    assert_rule(&f, 64 * MIB, PVM_NOT_MAPPED);
    assert_has(f.why, "no present page directory entry");
    assert_rule(&f, GIB, PVM_NOT_MAPPED);
    assert_has(f.why, "no present PDPT entry");
    gmem_unmap(&f.m);
}
