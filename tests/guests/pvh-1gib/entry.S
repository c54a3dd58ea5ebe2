/*
 * entry.S: the pvh-1gib test guest's PVH entry note, 32-bit entry and page
 * tables. No guest-rt: the guest starts as Solo5's Xen binding and Linux's
 * PVH code do, on bootstrap page tables that identity-map only the first
 * 1 GiB (2 MiB pages), and reads hvm_start_info only through them.
 *
 * Entry (Xen's PVH ABI): 32-bit protected mode, paging off, %ebx = the
 * physical address of struct hvm_start_info, not read here. Long mode on
 * the tables below, then pvh1g_main(%ebx) on a .bss stack.
 *
 * The tables follow kvm_pvm's rules (../shared/PVM.md): U/S at every level
 * and each PML4 on an odd 4 KiB page, so the guest runs natively there too.
 * boot_pml4 maps [0, 1 GiB); low_pml4 (pvh1g_unmap_low) maps [1 MiB,
 * 1 GiB) only, [0, 1 MiB) not present, as Solo5's Xen binding maps memory
 * once it has its own page tables (nothing below its .text).
 */
#include "xen-pvh/guest_pvh_note.h"

#define PTE 0x7    /* present, writable, user */
#define PDE_2M 0x87 /* the same, 2 MiB page */

    PVH_ENTRY_NOTE _start

    .text
    .code32
    .globl _start
    .type _start, @function
_start:
    cli
    movl $stack_top, %esp
    movl %ebx, %esi             /* start_info's address, for main */
    movl %cr4, %eax
    orl $0x20, %eax             /* PAE */
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx      /* EFER */
    rdmsr
    orl $0x100, %eax            /* LME */
    wrmsr
    lgdt gdt_ptr
    movl %cr0, %eax
    orl $0x80000001, %eax       /* PG | PE */
    movl %eax, %cr0
    ljmp $0x08, $long_mode

    .code64
long_mode:
    movl %esi, %edi             /* zero-extended */
    movl $stack_top, %esp
    call pvh1g_main
1:  hlt
    jmp 1b
    .size _start, . - _start

/* Switch to the tables without [0, 1 MiB). */
    .globl pvh1g_unmap_low
    .type pvh1g_unmap_low, @function
pvh1g_unmap_low:
    movq $low_pml4, %rax
    movq %rax, %cr3
    ret
    .size pvh1g_unmap_low, . - pvh1g_unmap_low

    .section .rodata
    .p2align 3
gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff    /* 0x10: flat data */
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt

    .data
    .p2align 13
boot_pdpt:                      /* even page */
    .quad boot_pd + PTE
    .fill 511, 8, 0
boot_pml4:                      /* odd page */
    .quad boot_pdpt + PTE
    .fill 511, 8, 0
boot_pd:                        /* [0, 1 GiB) in 2 MiB pages */
    .set i, 0
    .rept 512
    .quad (i << 21) + PDE_2M
    .set i, i + 1
    .endr
low_pml4:                       /* odd page (boot_pd took an even one) */
    .quad low_pdpt + PTE
    .fill 511, 8, 0
low_pdpt:
    .quad low_pd + PTE
    .fill 511, 8, 0
low_pd:                         /* boot_pd with the first 2 MiB in 4 KiB */
    .quad low_pt + PTE
    .set i, 1
    .rept 511
    .quad (i << 21) + PDE_2M
    .set i, i + 1
    .endr
low_pt:                         /* [0, 1 MiB) not present */
    .fill 256, 8, 0
    .set i, 256
    .rept 256
    .quad (i << 12) + PTE
    .set i, i + 1
    .endr

    .bss
    .p2align 4
    .space 16384
stack_top:

    .section .note.GNU-stack, "", @progbits
