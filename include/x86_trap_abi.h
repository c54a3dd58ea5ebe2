/*
 * x86_trap_abi.h: the trap record a guest hands its host when it aborts on
 * a CPU exception, so that a core dump (`vmm run --dumpcore=DIR`) holds the
 * registers at the trap, not those at the exit that followed it.
 *
 * Self-contained C99; written by guest images (guest-rt/traps.c), read by
 * vmm (vmm/dumpcore.c). All fields are IN (guest to host).
 *
 * The first seven fields are Solo5's x86_64 trap frame: what Solo5's
 * bindings pass as the HALT cookie after a fatal trap, and what solo5-hvt
 * takes rip, cs, rflags, rsp and ss from. vmm's extension follows: when
 * `magic` is X86_TRAP_RECORD_MAGIC, the vector and every general register
 * at the trap are there too. A record without it (any Solo5-built image)
 * still gives its five registers.
 *
 * How the guest passes it, with its abort (status 255):
 *   hvt             HALT's cookie (hvt_abi.h) points at it, as in Solo5;
 *   virtio, xen-pvh (vmm's convention: Solo5's bindings pass nothing there)
 *                   %r15 holds its guest-physical address at the abort's
 *                   exit (the isa-debug-exit write of 255, or the
 *                   SCHEDOP_shutdown hypercall with reason crash); the host
 *                   takes it only when the extension's magic is there.
 */
#ifndef VMM_X86_TRAP_ABI_H
#define VMM_X86_TRAP_ABI_H

#include <stddef.h>
#include <stdint.h>

#define X86_TRAP_RECORD_MAGIC 0x31444345524d4d56ULL /* "VMMRECD1" */

struct x86_trap_record {
    /* Solo5's trap frame */
    uint64_t cr2;    /* IN: CR2 (page faults) */
    uint64_t error;  /* IN: error code, 0 for vectors without one */
    uint64_t rip;    /* IN: the trapping instruction (faults) */
    uint64_t cs;     /* IN */
    uint64_t rflags; /* IN */
    uint64_t rsp;    /* IN */
    uint64_t ss;     /* IN */
    /* vmm's extension */
    uint64_t magic;  /* IN: X86_TRAP_RECORD_MAGIC, or the fields below are
                        not there */
    uint64_t vector; /* IN: 0..31 */
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8; /* IN */
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;    /* IN */
};

/* Solo5's part alone, as a Solo5-built image leaves it. */
#define X86_TRAP_RECORD_SOLO5_SIZE offsetof(struct x86_trap_record, magic)

_Static_assert(X86_TRAP_RECORD_SOLO5_SIZE == 56, "Solo5 trap frame layout");
_Static_assert(offsetof(struct x86_trap_record, r15) == 72, "record layout");
_Static_assert(sizeof(struct x86_trap_record) == 192, "record layout");

#endif /* VMM_X86_TRAP_ABI_H */
