/*
 * dumpcore.h: `vmm run --dumpcore=DIR`: when the guest stops on a fault of
 * its own, an ELF core file of it (its registers and memory) goes to
 * DIR/core.vmm.PID, which `gdb IMAGE CORE` opens.
 *
 * When: status 255 (the guest aborted: solo5_abort(), a CPU trap, a
 * smashed stack), 254 (triple fault), 252 (a VM exit vmm does not serve:
 * an access outside memory, a `hlt` nothing wakes, an instruction kvm_pvm
 * cannot run) and 253 (a hypercall with a bad number, pointer or length):
 * each is the guest's own doing and its state then is what one wants to
 * see. Not on the guest's own exit statuses (0..249), nor on 250/251
 * (vmm's set-up or a host call failed: the guest is not at fault).
 *
 * The file (dumpcore_elf.c): an ELF64 ET_CORE for EM_X86_64, one PT_NOTE
 * with NT_PRSTATUS (the registers, in Linux's user_regs_struct order) and
 * NT_PRPSINFO (the image's name and command line), then one PT_LOAD per
 * range of guest memory at its guest-physical address (vaddr = paddr: the
 * unikernels map memory 1:1). Pages that hold only zeros are left as holes
 * of a sparse file; nothing is read into memory that was not there.
 *
 * The registers are the vCPU's at the stop, except after a trap whose
 * record the guest handed over with its abort (x86_trap_abi.h): then rip,
 * cs, rflags, rsp and ss are the trap's, and with vmm's extension every
 * general register too.
 *
 * Under the sandbox (sandbox.h): DIR is opened at start; once capabilities
 * are gone vmm checks it may still write there, and asks the sandbox for
 * one file in it (sandbox_allow_dump).
 */
#ifndef VMM_DUMPCORE_H
#define VMM_DUMPCORE_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x86_trap_abi.h"

struct vmm;

/* --- the file (dumpcore_elf.c) ----------------------------------------- */

#define CORE_PAGE_SIZE 4096u
#define CORE_MAX_RANGES 4

/* x86-64 registers in the order of Linux's user_regs_struct. */
struct core_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, rflags, rsp, ss;
    uint64_t fs_base, gs_base, ds, es, fs, gs;
};
_Static_assert(sizeof(struct core_regs) == 27 * 8, "user_regs_struct");

/* Guest memory at gpa, mapped at host; gpa, size and host page-aligned. */
struct core_range {
    uint64_t gpa, size;
    const uint8_t *host;
};

struct core_info {
    struct core_regs regs;
    int signal;        /* what gdb says the "process" died of */
    int pid;           /* vmm's */
    const char *fname; /* the image's name (at most 15 characters kept) */
    const char *args;  /* its command line (at most 79 kept) */
    unsigned nranges;
    struct core_range range[CORE_MAX_RANGES];
};

/*
 * Write the core to fd, an empty regular file, with pwrite only. 0, or -1
 * with the reason in err (the file may then be incomplete).
 */
int core_write(int fd, const struct core_info *ci, char *err, size_t errlen);

/* --- in vmm (dumpcore.c) ------------------------------------------------- */

struct dumpcore {
    int dirfd;         /* DIR, or -1: no --dumpcore */
    char name[32];     /* core.vmm.PID */
    uint64_t trap_gpa; /* hvt: the abort's HALT cookie, else 0 */
};

/* Statuses that write a core (above). */
bool dumpcore_wanted(int status);

/*
 * The core's registers: the vCPU's (r, s), then those of the trap record
 * rec when rec_len covers Solo5's part (all of them with the extension's
 * magic). *signal: what gdb reports, from status and the trap's vector.
 */
void dumpcore_regs(const struct kvm_regs *r, const struct kvm_sregs *s,
                   const struct x86_trap_record *rec, size_t rec_len,
                   int status, struct core_regs *out, int *signal);

/* At start: open DIR. 0, or -1 after printing why (no DIR, not one). */
int dumpcore_open(struct vmm *v);
/*
 * Once capabilities are dropped, before any thread starts: DIR still
 * writable, and the sandbox's right to create the core there. 0, or -1
 * after printing why.
 */
int dumpcore_sandbox(struct vmm *v);
/* After the run loop: the core, when status calls for one, and the line
 * saying where it went (or why it could not be written). */
void dumpcore_stopped(struct vmm *v, int status);
void dumpcore_close(struct vmm *v);

#endif
