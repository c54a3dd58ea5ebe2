/*
 * guest_hypercall_page.S: the page Xen fills with hypercall stubs, and the
 * blocking call that needs interrupts enabled around it.
 *
 * The page lies in .text (read+execute in the runtime's page tables; Xen
 * writes it through guest-physical memory) and starts as all `ret`, which
 * guest_hypercall.c checks to see that Xen filled it. Stub n is at
 * page + 32 * n; arguments in %rdi, %rsi, %rdx, %r10, %r8, result in %rax.
 *
 * xen_sched_block: `sti` holds interrupts off for one more instruction,
 * the call; from the stub's first instruction on, an upcall may come in
 * before the stub's trapping instruction. xen_upcall() sees the interrupted
 * %rip inside the SCHEDOP stub while xen_blocking is set and returns to
 * after the call instead, so Xen never blocks on an event that was already
 * delivered.
 */
#define HYPERVISOR_sched_op 29 /* xen_abi.h */
#define SCHEDOP_block 1

    .text
    .p2align 12
    .globl xen_hypercall_page
    .type xen_hypercall_page, @object
xen_hypercall_page:
    .fill 4096, 1, 0xc3
    .size xen_hypercall_page, 4096

    .globl xen_sched_block
    .type xen_sched_block, @function
xen_sched_block:
    movl $SCHEDOP_block, %edi
    xorl %esi, %esi
    leaq xen_hypercall_page + HYPERVISOR_sched_op * 32(%rip), %rax
    movb $1, xen_blocking(%rip)
    sti
    call *%rax
    cli
    movb $0, xen_blocking(%rip)
    ret
    .size xen_sched_block, . - xen_sched_block

    .bss
    .globl xen_blocking
xen_blocking:
    .byte 0

    .section .note.GNU-stack, "", @progbits
