/*
 * traps.S: entry stubs for exception vectors 0-31.
 *
 * Each stub makes the stack look the same (a dummy error code where the CPU
 * pushes none, then the vector number), saves the general registers in the
 * order of struct trap_frame (kernel.h) and calls trap_handler(), which
 * reports the trap and halts. It returns only for a fault a probe expects
 * (rt_fixups: rt_rdmsr_safe, rt_wrfsbase_safe, rt_rdrand_safe), with the
 * saved %rip moved to the probe's way out: the stub then restores the
 * registers and returns with iretq.
 */

    .text

/* The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29 and 30. */
.macro TRAP_STUB vec
    .p2align 4
trap_stub_\vec:
    .if !((\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30))
    pushq $0
    .endif
    pushq $\vec
    jmp trap_common
.endm

.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    TRAP_STUB \v
.endr

    .p2align 4
trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, %rbx
    movq %rsp, %rdi
    andq $-16, %rsp
    cld
    call trap_handler
    movq %rbx, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp              /* vector and error code */
    iretq

/*
 * Probes: one instruction that may fault on this host, and where the trap
 * path resumes when it does (rt_fixups below, traps.c). Each returns true
 * when the instruction ran.
 *
 * bool rt_rdmsr_safe(uint32_t msr, uint64_t *value): #GP for an MSR the
 * host does not have.
 */
    .globl rt_rdmsr_safe
    .type rt_rdmsr_safe, @function
rt_rdmsr_safe:
    movl %edi, %ecx
rdmsr_insn:
    rdmsr
    movl %eax, (%rsi)
    movl %edx, 4(%rsi)
    movl $1, %eax
    ret
rdmsr_fault:
    xorl %eax, %eax
    ret
    .size rt_rdmsr_safe, . - rt_rdmsr_safe

/* bool rt_wrfsbase_safe(uint64_t base): #UD without CR4.FSGSBASE. */
    .globl rt_wrfsbase_safe
    .type rt_wrfsbase_safe, @function
rt_wrfsbase_safe:
wrfsbase_insn:
    wrfsbase %rdi
    movl $1, %eax
    ret
wrfsbase_fault:
    xorl %eax, %eax
    ret
    .size rt_wrfsbase_safe, . - rt_wrfsbase_safe

/*
 * bool rt_rdrand_safe(uint64_t *value): #UD without RDRAND; false also
 * when RDRAND had no number ready (CF clear).
 */
    .globl rt_rdrand_safe
    .type rt_rdrand_safe, @function
rt_rdrand_safe:
rdrand_insn:
    rdrand %rax
    jnc rdrand_fault
    movq %rax, (%rdi)
    movl $1, %eax
    ret
rdrand_fault:
    xorl %eax, %eax
    ret
    .size rt_rdrand_safe, . - rt_rdrand_safe

    .section .rodata
    .p2align 3
    .globl rt_fixups, rt_fixups_end
rt_fixups:                      /* struct rt_fixup: insn, resume, vector */
    .quad rdmsr_insn, rdmsr_fault, 13
    .quad wrfsbase_insn, wrfsbase_fault, 6
    .quad rdrand_insn, rdrand_fault, 6
rt_fixups_end:

    .globl trap_stubs
trap_stubs:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_stub_\v
.endr

    .section .note.GNU-stack, "", @progbits
