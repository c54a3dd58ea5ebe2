/*
 * guest_upcall.S: interrupt entries for the Xen upcall vector and the
 * local APIC's spurious vector (guest_events.c installs both).
 *
 * The upcall entry saves the registers a C call may clobber in the order
 * of struct xen_irq_frame (guest_xen.h), calls xen_upcall(frame) on a
 * 16-byte aligned stack and returns with iretq; xen_upcall() may change the
 * saved %rip, %rsp and %rax. A spurious interrupt needs no EOI: iretq.
 */
    .text

    .p2align 4
    .globl xen_upcall_entry
    .type xen_upcall_entry, @function
xen_upcall_entry:
    pushq %rax
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    movq %rsp, %rdi
    pushq %rbp
    movq %rsp, %rbp
    andq $-16, %rsp
    cld
    call xen_upcall
    movq %rbp, %rsp
    popq %rbp
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rax
    iretq
    .size xen_upcall_entry, . - xen_upcall_entry

    .p2align 4
    .globl xen_spurious_entry
    .type xen_spurious_entry, @function
xen_spurious_entry:
    iretq
    .size xen_spurious_entry, . - xen_spurious_entry

    .section .note.GNU-stack, "", @progbits
