/*
 * guest_longmode.S: from a 32-bit protected-mode entry (Multiboot, Xen PVH) to
 * 64-bit C.
 *
 * pc_long_mode is jumped to (not called) with flat 32-bit segments, paging
 * off and interrupts off, %esi = an argument for the 64-bit entry and
 * %edi = the 64-bit entry function's address (below 4 GiB). It
 *   - checks that the CPU has long mode,
 *   - loads bootstrap page tables: the low 4 GiB identity-mapped with
 *     2 MiB pages (the runtime replaces them with its W^X map soon after),
 *     U/S set at every level and the PML4 on an odd page, as kvm_pvm
 *     needs to run the guest natively (paging.c); they are initialized
 *     data, so no 32-bit loop fills them: on kvm_pvm all 32-bit code runs
 *     in the host's instruction emulator, about 1 us an instruction,
 *     and filling 2048 entries took 10 ms,
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
#define PTE_PRESENT_RW_USER 0x7
#define PDE_HUGE_RW_USER 0x87
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

    /*
     * The bootstrap tables are data, built by the assembler (below): no
     * loop here. Of the two identical PML4 pages, the odd one is CR3.
     */
    movl $pc_boot_pml4s, %eax
    orl $0x1000, %eax
    movl %eax, pc_boot_cr3

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
    movl pc_boot_cr3, %eax
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
    /*
     * SS keeps the boot loader's flat segment until cpu_init() reloads
     * it: nothing before that can take an interrupt or a trap, and on
     * kvm_pvm an emulated `mov ss` would drop the vCPU into the host's
     * instruction emulator, which cannot run the SSE code that follows.
     */
    movl $0x10, %eax
    movw %ax, %ds
    movw %ax, %es
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

    /*
     * Bootstrap page tables (24 KiB of read-only data: the runtime's own
     * tables replace them, and .rodata is loaded even by a loader that
     * stops short of .data). Two identical PML4 pages, so that one of them
     * is on an odd page whatever the link address (pc_long_mode picks it);
     * the PDPT; four page directories. The CPU sets accessed and dirty
     * bits in them while they are in use: bootstrap paging maps all of
     * memory writable, .rodata included.
     */
    .section .rodata
    .p2align 12
pc_boot_pml4s:
    .quad pc_boot_pdpt + PTE_PRESENT_RW_USER
    .fill 511, 8, 0
    .quad pc_boot_pdpt + PTE_PRESENT_RW_USER
    .fill 511, 8, 0
pc_boot_pdpt:
    .quad pc_boot_pd + PTE_PRESENT_RW_USER
    .quad pc_boot_pd + 0x1000 + PTE_PRESENT_RW_USER
    .quad pc_boot_pd + 0x2000 + PTE_PRESENT_RW_USER
    .quad pc_boot_pd + 0x3000 + PTE_PRESENT_RW_USER
    .fill 508, 8, 0
pc_boot_pd:
    .set boot_page, 0
    .rept 2048
    .quad (boot_page << 21) | PDE_HUGE_RW_USER
    .set boot_page, boot_page + 1
    .endr

    .bss
    .globl pc_boot_cr3
    .p2align 3
pc_boot_cr3:
    .skip 8
    .p2align 4
pc_boot_stack:
    .skip BOOT_STACK_SIZE
pc_boot_stack_top:

    .section .note.GNU-stack, "", @progbits
