/*
 * traps.c: report a CPU exception and abort the guest (status 255).
 *
 * Exactly one line goes to the console, addresses as 0x + 16 lowercase hex
 * digits, for example:
 *   trap: #PF (page fault) vector=14 error=0x0000000000000002
 *         rip=0x0000000000101234 rsp=0x0000000001fffe80 cr2=0x0000000000000000
 * (one line, wrapped here). error is 0 for vectors without an error code;
 * cr2 is printed for every vector but only means something for #PF.
 * The faults not reported are those of the probes (traps.S: rt_fixups),
 * which make the probe return false. The abort carries the trap's
 * registers to the host (rt_trap_record) for a core dump.
 */
#include "kernel.h"

static const char *const trap_names[32][2] = {
    [0] = {"#DE", "divide error"},
    [1] = {"#DB", "debug"},
    [2] = {"NMI", "non-maskable interrupt"},
    [3] = {"#BP", "breakpoint"},
    [4] = {"#OF", "overflow"},
    [5] = {"#BR", "bound range exceeded"},
    [6] = {"#UD", "invalid opcode"},
    [7] = {"#NM", "device not available"},
    [8] = {"#DF", "double fault"},
    [9] = {"#CSO", "coprocessor segment overrun"},
    [10] = {"#TS", "invalid TSS"},
    [11] = {"#NP", "segment not present"},
    [12] = {"#SS", "stack-segment fault"},
    [13] = {"#GP", "general protection"},
    [14] = {"#PF", "page fault"},
    [16] = {"#MF", "x87 floating-point error"},
    [17] = {"#AC", "alignment check"},
    [18] = {"#MC", "machine check"},
    [19] = {"#XM", "SIMD floating-point exception"},
    [20] = {"#VE", "virtualization exception"},
    [21] = {"#CP", "control protection"},
    [28] = {"#HV", "hypervisor injection"},
    [29] = {"#VC", "VMM communication"},
    [30] = {"#SX", "security exception"},
};

#define PF_ERR_USER (1U << 2)

/* Traps being reported; a fault while reporting must not loop. */
static unsigned nesting;

const struct x86_trap_record *rt_trap_record;
static struct x86_trap_record record;

/* The trap's registers, for the host's core dump (x86_trap_abi.h). */
static void keep_record(const struct trap_frame *tf, uint64_t cr2)
{
    record = (struct x86_trap_record){
        .cr2 = cr2, .error = tf->error, .rip = tf->rip, .cs = tf->cs,
        .rflags = tf->rflags, .rsp = tf->rsp, .ss = tf->ss,
        .magic = X86_TRAP_RECORD_MAGIC, .vector = tf->vector,
        .r15 = tf->r15, .r14 = tf->r14, .r13 = tf->r13, .r12 = tf->r12,
        .r11 = tf->r11, .r10 = tf->r10, .r9 = tf->r9, .r8 = tf->r8,
        .rbp = tf->rbp, .rdi = tf->rdi, .rsi = tf->rsi, .rdx = tf->rdx,
        .rcx = tf->rcx, .rbx = tf->rbx, .rax = tf->rax,
    };
    rt_trap_record = &record;
}

void trap_handler(struct trap_frame *tf)
{
    static const char nested[] = "trap: fault while reporting a trap\n";
    uint64_t cr2;

    /* A probe's fault (traps.S): the probe returns false. */
    for (const struct rt_fixup *f = rt_fixups; f < rt_fixups_end; f++)
        if (tf->vector == f->vector && tf->rip == f->insn) {
            tf->rip = f->resume;
            return;
        }

    if (nesting++) {
        if (nesting == 2)
            plat_console_write(nested, sizeof nested - 1);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    unsigned v = (unsigned)(tf->vector & 31);
    const char *mnemonic = trap_names[v][0] ? trap_names[v][0] : "#RSV";
    const char *name = trap_names[v][1] ? trap_names[v][1] : "reserved";

    __asm__ __volatile__("movq %%cr2, %0" : "=r"(cr2));
    /*
     * kvm_pvm reports every page fault as from user mode (the guest runs
     * in hardware ring 3 there): the runtime's code is kernel code, so the
     * report shows what any other host shows.
     */
    if (v == 14 && cpu_on_pvm())
        tf->error &= ~(uint64_t)PF_ERR_USER;
    rt_printf("trap: %s (%s) vector=%u error=0x%016lx rip=0x%016lx "
              "rsp=0x%016lx cr2=0x%016lx\n",
              mnemonic, name, v, tf->error, tf->rip, tf->rsp, cr2);
    keep_record(tf, cr2);
    rt_halt(SOLO5_EXIT_ABORT);
}
