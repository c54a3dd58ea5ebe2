/*
 * guest_irq.S: entry stubs for the 16 PIC lines (vectors 32..47, pic.c).
 *
 * Interrupts are only enabled while pc_idle() halts, so the stubs interrupt
 * nothing but that hlt. Each masks its line (pc_pic_mask + the chip's mask
 * register), sets its bit in pc_irq_pending, sends a non-specific EOI (to
 * both chips for lines 8..15) and returns. Only %rax is used; iretq
 * restores the flags.
 */
    .text

.macro IRQ_STUB irq
    .p2align 4
irq_stub_\irq:
    pushq %rax
    .if \irq < 8
    orb $(1 << \irq), pc_pic_mask(%rip)
    movb pc_pic_mask(%rip), %al
    outb %al, $0x21
    .else
    orb $(1 << (\irq - 8)), pc_pic_mask+1(%rip)
    movb pc_pic_mask+1(%rip), %al
    outb %al, $0xa1
    .endif
    lock orw $(1 << \irq), pc_irq_pending(%rip)
    movb $0x20, %al
    .if \irq >= 8
    outb %al, $0xa0
    .endif
    outb %al, $0x20
    popq %rax
    iretq
.endm

.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    IRQ_STUB \i
.endr

    .section .rodata
    .p2align 3
    .globl irq_stubs
irq_stubs:
.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .quad irq_stub_\i
.endr

    .section .note.GNU-stack, "", @progbits
