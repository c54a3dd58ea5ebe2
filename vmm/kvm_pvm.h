/*
 * kvm_pvm.h: running guests natively on kvm_pvm, the "pagetable-based" KVM
 * without VT-x/AMD-V (../shared/PVM.md has what was measured).
 *
 * kvm_pvm runs a vCPU natively, in hardware ring 3 over shadow page tables,
 * only while all of these hold; otherwise it runs the guest through KVM's
 * instruction emulator, which cannot execute SSE and much else:
 *   - MSR 0x4b564d10 (PVM_MSR_CTL) bit 0 is set (vmm sets it before the
 *     first KVM_RUN; guest-rt sets it again itself after the one emulated
 *     `mov ss` of its start-up, which drops the vCPU into the emulator);
 *   - the guest is in long mode with paging;
 *   - CR3 points at an odd 4 KiB page;
 *   - every paging level of every mapping the guest uses has U/S set.
 * The host tells itself apart by MSR 0x4b564d11, which reads "PVM".
 */
#ifndef VMM_KVM_PVM_H
#define VMM_KVM_PVM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_mem.h"
#include "vcpu_tick.h"

#define PVM_MSR_ID 0x4b564d11U  /* reads PVM_ID on kvm_pvm */
#define PVM_ID 0x4d5650ULL      /* "PVM" */
#define PVM_MSR_CTL 0x4b564d10U /* bit 0: run natively when possible */
#define PVM_CTL_NATIVE 1ULL

/*
 * What KVM_GET_MSRS of PVM_MSR_ID says: nread entries read (its return
 * value), value the entry's data. kvm_pvm reads PVM_ID; a hardware KVM
 * reads nothing, or 0 with kvm.ignore_msrs.
 */
bool pvm_id_means_pvm(int nread, uint64_t value);

/* Does this vCPU belong to kvm_pvm? Read right after KVM_CREATE_VCPU. */
bool pvm_vcpu_detect(int vcpu_fd, uint64_t *ctl);

/* Set PVM_MSR_CTL to ctl | PVM_CTL_NATIVE; 0, or -1 with errno. */
int pvm_arm(int vcpu_fd, uint64_t ctl);

/*
 * When the emulator fails while native mode was asked for, vmm sets the
 * control bit again and retries the instruction, within bounds: never
 * twice in a row with the vCPU's registers unchanged (the retry did not
 * help: the instruction did not run natively either), and at most
 * PVM_MAX_REARMS times per run (it keeps falling back).
 */
#define PVM_MAX_REARMS 64
#define PVM_MAX_REARMS_STR "64"

struct pvm_fallback {
    struct kvm_regs last; /* the registers at the retried failure */
    bool retried;         /* a retry is under way, nothing served since */
    unsigned rearms;      /* retries so far */
    /* the watch (below): the state at the last tick */
    bool have_tick;
    uint64_t tick_exits;
    uint64_t tick_rip;
    unsigned emulated_ticks; /* ticks in a row on tables kvm_pvm refuses */
};

enum pvm_verdict {
    PVM_RETRY,       /* re-arm native mode and run again */
    PVM_NO_PROGRESS, /* it failed again, nothing changed: give up */
    PVM_TOO_MANY,    /* it keeps falling back: give up */
};

/* The emulator failed with the vCPU's registers r: what to do. */
enum pvm_verdict pvm_fallback_on_failure(struct pvm_fallback *f,
                                         const struct kvm_regs *r);
/* The guest made progress (an exit vmm served): a new failure may retry. */
void pvm_fallback_progress(struct pvm_fallback *f);

/*
 * The watch (kvm_pvm_watch.c): kvm_pvm may re-fault for good on code in a
 * mapping without U/S, and KVM_RUN then never returns. The vCPU tick
 * (vcpu_tick.h) interrupts it once a PVM_WATCH_SECONDS.
 * pvm_watch_stuck(): no exit since the last tick and the same rip; the
 * caller then asks pvm_check whether kvm_pvm can run it there.
 */
#define PVM_WATCH_SECONDS VCPU_TICK_SECONDS
bool pvm_watch_stuck(struct pvm_fallback *f, const struct kvm_regs *r,
                     uint64_t exits);

/*
 * Whether kvm_pvm can run the guest natively at virtual address va, from
 * its control registers and page tables in m. For any answer but
 * PVM_RULES_MET, one sentence (no trailing period) saying why goes into
 * out. PVM_NOT_MAPPED is no rule of kvm_pvm's: no CPU could use va.
 */
enum pvm_rule {
    PVM_RULES_MET,
    PVM_NOT_LONG_MODE, /* not 64-bit long mode with paging */
    PVM_EVEN_CR3,      /* top-level table on an even 4 KiB page */
    PVM_NO_USER,       /* a paging level of va's mapping lacks U/S */
    PVM_NOT_MAPPED,    /* va is not mapped at all */
};
enum pvm_rule pvm_check(const struct guest_mem *m, const struct kvm_sregs *s,
                        uint64_t va, char *out, size_t outlen);

/*
 * A guest in long mode on page tables that break kvm_pvm's rules where it
 * runs (rip's mapping without U/S, an even CR3) never runs natively: kvm_pvm
 * runs it through its instruction emulator, about a microsecond an
 * instruction, with no exit to vmm, as long as it keeps those tables. A
 * stock Linux kernel's page tables are so for good (seen: Debian's 6.1
 * through PVH, 600 000 emulated instructions a second, not one console
 * line in 60 s). pvm_watch_emulated() takes a tick's pvm_check() verdict
 * at rip and says when PVM_EMULATED_TICKS ticks in a row found the guest
 * so; a guest on such tables for a moment (a hostile test) meets the
 * emulator's own failure first.
 */
#define PVM_EMULATED_TICKS 2
bool pvm_watch_emulated(struct pvm_fallback *f, enum pvm_rule rule);

/*
 * Up to 15 bytes at virtual address rip, through the page tables when
 * paging is on (a fetch may cross into an unmapped page: fewer bytes).
 * Formats them as hex pairs into out; returns how many were read.
 */
size_t pvm_insn_bytes(const struct guest_mem *m, const struct kvm_sregs *s,
                      uint64_t rip, char *out, size_t outlen);

#endif
