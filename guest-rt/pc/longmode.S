/*
 * longmode.S: from a 32-bit protected-mode entry (Multiboot, Xen PVH) to
 * 64-bit C.
 *
 * pc_long_mode is jumped to (not called) with flat 32-bit segments, paging
 * off and interrupts off, %esi = an argument for the 64-bit entry and
 * %edi = the 64-bit entry function's address (below 4 GiB). It
 *   - checks that the CPU has long mode,
 *   - builds bootstrap page tables: the low 4 GiB identity-mapped with
 *     2 MiB pages (the runtime replaces them with its W^X map soon after),
 *   - sets CR4.PAE|OSFXSR|OSXMMEXCPT (SSE) and CR4.FSGSBASE when CPUID
 *     leaf 7 offers it, EFER.LME and EFER.NXE when CPUID offers NX,
 *     CR0.PG|WP|NE|MP with EM and TS clear,
 *   - loads a GDT with a 64-bit code segment and jumps to it,
 * then calls entry(argument) on the boot stack (.bss, 16 KiB).
 */
#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_TS (1 << 3)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_NW (1 << 29)
#define CR0_CD (1 << 30)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define CR4_FSGSBASE (1 << 16)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_PRESENT_RW 0x3
#define PDE_HUGE_RW 0x83
#define BOOT_STACK_SIZE 16384

    .text
    .code32
    .globl pc_long_mode
    .type pc_long_mode, @function
pc_long_mode:
    cli
    cld
    movl $pc_boot_stack_top, %esp
    pushl %edi                  /* 4(%esp): 64-bit entry */
    pushl %esi                  /* 0(%esp): its argument */

    /* Long mode (CPUID 0x80000001 EDX bit 29); keep EDX for NX (bit 20). */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    btl $29, %edx
    jnc no_long_mode
    movl %edx, %ebp

    /* Bootstrap tables: PML4[0] -> PDPT, PDPT[0..3] -> 4 PDs of 2 MiB pages. */
    movl $pc_boot_pml4, %edi
    xorl %eax, %eax
    movl $(6 * 4096 / 4), %ecx
    rep stosl
    movl $(pc_boot_pdpt + PTE_PRESENT_RW), pc_boot_pml4
    movl $pc_boot_pdpt, %edi
    movl $(pc_boot_pd + PTE_PRESENT_RW), %eax
    movl $4, %ecx
1:  movl %eax, (%edi)
    addl $4096, %eax
    addl $8, %edi
    loop 1b
    movl $pc_boot_pd, %edi
    movl $PDE_HUGE_RW, %eax
    movl $2048, %ecx
2:  movl %eax, (%edi)
    addl $0x200000, %eax
    addl $8, %edi
    loop 2b

    /* CR4: PAE and SSE, FSGSBASE when CPUID.(7,0):EBX[0]. */
    movl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %esi
    xorl %eax, %eax
    cpuid
    cmpl $7, %eax
    jb 3f
    movl $7, %eax
    xorl %ecx, %ecx
    cpuid
    testl $1, %ebx
    jz 3f
    orl $CR4_FSGSBASE, %esi
3:  movl %cr4, %eax
    orl %esi, %eax
    movl %eax, %cr4
    movl $pc_boot_pml4, %eax
    movl %eax, %cr3

    /* EFER: long mode, no-execute when offered. */
    movl $MSR_EFER, %ecx
    rdmsr
    orl $EFER_LME, %eax
    btl $20, %ebp
    jnc 4f
    orl $EFER_NXE, %eax
4:  wrmsr

    lgdt pc_boot_gdt_ptr
    movl %cr0, %eax
    andl $~(CR0_EM | CR0_TS | CR0_CD | CR0_NW), %eax
    orl $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
    movl %eax, %cr0
    ljmp $0x08, $long_mode_64

    .code64
long_mode_64:
    movl $0x10, %eax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorl %eax, %eax
    movw %ax, %fs
    movw %ax, %gs
    movl 0(%rsp), %edi          /* argument, zero-extended */
    movl 4(%rsp), %eax          /* entry */
    movl $pc_boot_stack_top, %esp
    xorl %ebp, %ebp
    call *%rax
5:  cli
    hlt
    jmp 5b
    .size pc_long_mode, . - pc_long_mode

    .code32
no_long_mode:
    movl $msg_no_long_mode, %esi
    jmp pc_panic32

/*
 * pc_panic32: print the NUL-terminated string at %esi on COM1 (no set-up
 * needed for an emulated UART) and halt for good. 32-bit code.
 */
    .globl pc_panic32
    .type pc_panic32, @function
pc_panic32:
    movw $0x3f8, %dx
1:  lodsb
    testb %al, %al
    jz 2f
    outb %al, %dx
    jmp 1b
2:  cli
    hlt
    jmp 2b
    .size pc_panic32, . - pc_panic32

/* pc_run_on_stack(sp, fn, arg): 64-bit. */
    .code64
    .globl pc_run_on_stack
    .type pc_run_on_stack, @function
pc_run_on_stack:
    movq %rdi, %rsp
    andq $-16, %rsp
    movq %rdx, %rdi
    xorl %ebp, %ebp
    call *%rsi
1:  cli
    hlt
    jmp 1b
    .size pc_run_on_stack, . - pc_run_on_stack

    .section .rodata
msg_no_long_mode:
    .asciz "boot: this CPU has no 64-bit long mode\n"
    .p2align 3
/* Flat GDT; accessed bits preset so the CPU never writes to it. */
pc_boot_gdt:
    .quad 0
    .quad 0x00af9b000000ffff    /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf93000000ffff    /* 0x10: data, read/write, flat */
pc_boot_gdt_end:
pc_boot_gdt_ptr:
    .word pc_boot_gdt_end - pc_boot_gdt - 1
    .long pc_boot_gdt

    .bss
    .p2align 12
    .globl pc_boot_pml4
pc_boot_pml4:
    .skip 4096
pc_boot_pdpt:
    .skip 4096
pc_boot_pd:
    .skip 4 * 4096
    .p2align 4
pc_boot_stack:
    .skip BOOT_STACK_SIZE
pc_boot_stack_top:

    .section .note.GNU-stack, "", @progbits
