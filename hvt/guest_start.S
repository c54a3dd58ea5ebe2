/*
 * start.S: the hvt entry point.
 *
 * vmm enters here in 64-bit mode with interrupts off, %rdi = address of
 * struct hvt_boot_info and %rsp = mem_size - 8 (the top of guest memory;
 * the stack stays there). Align the stack as the SysV ABI wants it at a
 * call and go to C; hvt_main() never returns.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    andq $-16, %rsp
    call hvt_main
1:  cli
    hlt
    jmp 1b
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
