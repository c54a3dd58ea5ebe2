/*
 * entry.S: the mb32-vga test guest, an ELF32 Multiboot kernel of its own
 * (no guest-rt), as other projects build them (Unikraft's qemu-x86_64
 * image is one). It stays in 32-bit protected mode, as the loader leaves
 * it, and probes the PC the way such kernels do before they have a
 * console: the VGA miscellaneous output register (inb 0x3cc, the port
 * Unikraft's helloworld reads first) and a CRTC register (0x3d4/0x3d5),
 * which no device serves on vmm's PC nor on QEMU's -nodefaults one. It
 * prints each value read on COM1 (polling the line status register),
 * then "mb32-vga: ok" and ends with 0 written to isa-debug-exit (0x501).
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x0            /* ELF image: no address fields */
#define MB_BOOT_MAGIC 0x2badb002
#define COM1 0x3f8
#define DEBUG_EXIT 0x501

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .text
    .code32
    .globl _start
    .type _start, @function
_start:
    cli
    movl $stack_top, %esp
    movl %eax, %ebp             /* the loader's magic */
    movl $msg_start, %esi
    call puts
    movl $msg_magic_ok, %esi
    cmpl $MB_BOOT_MAGIC, %ebp
    je 1f
    movl $msg_magic_bad, %esi
1:  call puts

    movl $msg_3cc, %esi         /* VGA misc output register */
    call puts
    movw $0x3cc, %dx
    inb %dx, %al
    call puthex8

    movw $0x3d4, %dx            /* CRTC index 0x0f (cursor low) */
    movb $0x0f, %al
    outb %al, %dx
    movl $msg_3d5, %esi
    call puts
    movw $0x3d5, %dx
    inb %dx, %al
    call puthex8

    movl $msg_ok, %esi
    call puts
    movw $DEBUG_EXIT, %dx
    xorl %eax, %eax
    outb %al, %dx
2:  hlt
    jmp 2b

/* putc: %al to COM1 once its transmitter holding register is empty. */
putc:
    pushl %eax
    movw $COM1 + 5, %dx
3:  inb %dx, %al
    testb $0x20, %al
    jz 3b
    popl %eax
    movw $COM1, %dx
    outb %al, %dx
    ret

/* puts: the NUL-terminated string at %esi. */
puts:
    lodsb
    testb %al, %al
    jz 4f
    call putc
    jmp puts
4:  ret

/* puthex8: %al as "0xNN" and a newline. */
puthex8:
    movb %al, %bl
    movb $'0', %al
    call putc
    movb $'x', %al
    call putc
    movb %bl, %al
    shrb $4, %al
    call hexdigit
    movb %bl, %al
    andb $0xf, %al
    call hexdigit
    movb $'\n', %al
    jmp putc
hexdigit:
    addb $'0', %al
    cmpb $'9', %al
    jbe 5f
    addb $('a' - '0' - 10), %al
5:  jmp putc

    .section .rodata
msg_start:     .asciz "mb32-vga: ELF32 Multiboot kernel started\n"
msg_magic_ok:  .asciz "mb32-vga: loader magic 0x2badb002\n"
msg_magic_bad: .asciz "mb32-vga: loader magic wrong\n"
msg_3cc:       .asciz "mb32-vga: inb 0x3cc = "
msg_3d5:       .asciz "mb32-vga: CRTC 0x0f = "
msg_ok:        .asciz "mb32-vga: ok\n"

    .bss
    .balign 16
    .space 4096
stack_top:
