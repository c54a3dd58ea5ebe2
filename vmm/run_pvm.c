/*
 * run_pvm.c: the run loop's kvm_pvm cases (kvm_pvm.h): an emulator failure
 * (re-arm native mode, within bounds), a shutdown that kvm_pvm caused
 * rather than the guest, and the watch's tick (a vCPU stuck at one rip, or
 * one kept in the emulator by its page tables). Each stops the guest with
 * 252 and one line naming kvm_pvm, the rule, rip and the instruction bytes
 * when kvm_pvm cannot run it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "exit_status.h"
#include "vmm.h"

struct vcpu_state {
    struct kvm_regs r;
    struct kvm_sregs s;
    char bytes[64]; /* the instruction at rip, hex: insn_bytes() */
};

static bool read_state(struct vmm *v, struct vcpu_state *st)
{
    return ioctl(v->vm.vcpu_fd, KVM_GET_REGS, &st->r) == 0 &&
           ioctl(v->vm.vcpu_fd, KVM_GET_SREGS, &st->s) == 0;
}

/* For the stop message only: the re-arm and the watch never need them. */
static const char *insn_bytes(struct vmm *v, struct vcpu_state *st)
{
    pvm_insn_bytes(&v->vm.mem, &st->s, st->r.rip, st->bytes,
                   sizeof(st->bytes));
    return st->bytes;
}

/*
 * kvm_pvm's emulator failed: the vCPU fell out of native mode (an emulated
 * `mov ss` does that) and met an instruction the emulator cannot do. Set
 * native mode again and retry, within the bounds of pvm_fallback; give up
 * with the reason when the retry changed nothing or it keeps falling back.
 */
enum exit_result pvm_on_emulation_failure(struct vmm *v)
{
    struct vcpu_state st;
    char why[256];
    if (!read_state(v, &st))
        return vmm_fail(v, VMM_EXIT_HOST_FAILED,
                        "cannot read vCPU registers: %s", strerror(errno));
    enum pvm_verdict verdict = pvm_fallback_on_failure(&v->pvm, &st.r);
    if (verdict == PVM_RETRY) {
        stats_count(&v->stats, "pvm-rearm");
        if (pvm_arm(v->vm.vcpu_fd, v->vm.pvm_ctl) == 0)
            return EXIT_HANDLED;
        return vmm_fail(v, VMM_EXIT_HOST_FAILED,
                        "KVM_SET_MSRS (kvm_pvm native mode): %s",
                        strerror(errno));
    }
    if (pvm_check(&v->vm.mem, &st.s, st.r.rip, why, sizeof(why)) ==
        PVM_RULES_MET)
        snprintf(why, sizeof(why), "%s",
                 verdict == PVM_TOO_MANY
                     ? "the vCPU keeps falling back into the emulator"
                     : "setting native mode again did not take the vCPU "
                       "out of the emulator");
    return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                    "this host's KVM is kvm_pvm, and it cannot run the guest: "
                    "its instruction emulator failed at rip 0x%llx (bytes %s)%s; "
                    "%s",
                    st.r.rip, insn_bytes(v, &st),
                    verdict == PVM_TOO_MANY ? " after " PVM_MAX_REARMS_STR
                                              " re-arms of native mode"
                                            : " again, with nothing changed, "
                                              "after native mode was set",
                    why);
}

/*
 * KVM_EXIT_SHUTDOWN on kvm_pvm: a triple fault, unless the code, the fault
 * address or the stack sit in mappings without U/S, which kvm_pvm faults
 * on where no real CPU would.
 */
enum exit_result pvm_on_shutdown(struct vmm *v)
{
    struct vcpu_state st;
    char why[256];
    if (!read_state(v, &st))
        return EXIT_UNHANDLED;
    const uint64_t where[] = {st.r.rip, st.s.cr2, st.r.rsp - 8};
    size_t i = 0;
    while (i < 3 && pvm_check(&v->vm.mem, &st.s, where[i], why, sizeof(why)) !=
                        PVM_NO_USER)
        i++;
    if (i == 3)
        return EXIT_UNHANDLED;
    return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                    "this host's KVM is kvm_pvm, and it cannot run the guest "
                    "natively: %s; it shut the vCPU down at rip 0x%llx "
                    "(bytes %s)",
                    why, st.r.rip, insn_bytes(v, &st));
}

/*
 * A tick of the kvm_pvm watch interrupted KVM_RUN: stop the guest if the
 * vCPU stands where it stood at the last tick, with no exit in between,
 * on a mapping kvm_pvm cannot shadow (it faults there for good); or if it
 * ran at this tick and the last on page tables kvm_pvm cannot run
 * natively (it stays in the emulator for good).
 */
enum exit_result pvm_on_tick(struct vmm *v)
{
    struct vcpu_state st;
    char why[256];
    if (!read_state(v, &st))
        return EXIT_HANDLED;
    bool stuck = pvm_watch_stuck(&v->pvm, &st.r, stats_total(&v->stats));
    enum pvm_rule rule = pvm_check(&v->vm.mem, &st.s, st.r.rip, why,
                                   sizeof(why));
    if (stuck && rule == PVM_NO_USER) {
        stats_count(&v->stats, "pvm-stuck");
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "this host's KVM is kvm_pvm, and it cannot run the "
                        "guest natively: %s; the vCPU stayed at rip 0x%llx "
                        "for %d s (bytes %s)",
                        why, st.r.rip, PVM_WATCH_SECONDS, insn_bytes(v, &st));
    }
    if (!pvm_watch_emulated(&v->pvm, rule))
        return EXIT_HANDLED; /* a guest that spins or sleeps: its business */
    stats_count(&v->stats, "pvm-emulated");
    return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                    "this host's KVM is kvm_pvm, and it cannot run the guest "
                    "natively: %s; the guest has run in kvm_pvm's instruction "
                    "emulator instead for %d s, an instruction at a time, and "
                    "stays there while its page tables are so (rip 0x%llx, "
                    "bytes %s)",
                    why, PVM_EMULATED_TICKS * PVM_WATCH_SECONDS, st.r.rip,
                    insn_bytes(v, &st));
}
