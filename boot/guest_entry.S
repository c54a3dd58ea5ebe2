/*
 * guest_entry.S: the Multiboot (v1) header and 32-bit entry of a virtio image.
 *
 * The header asks for page-aligned modules and memory information, and
 * carries the address fields (flag bit 16): QEMU refuses an ELF64 kernel
 * without them, and with them every loader (QEMU, GRUB, vmm) copies exactly
 * [load_addr, load_end_addr) from the file and zeroes up to bss_end_addr.
 * load_end_addr is __mb_load_end, which boot/virtio.ld sets to the end of
 * .data, so .tdata (at the start of the data segment) is loaded; the linker
 * script refuses an image where it is not, and vmm-cc runs `vmm check`.
 *
 * Entry state (Multiboot spec): 32-bit protected mode, flat segments,
 * paging and interrupts off, %eax = 0x2badb002, %ebx = physical address of
 * the multiboot information. On to pc_long_mode (guest-rt/pc/longmode.S),
 * which calls multiboot_main(%ebx) in 64-bit mode.
 */
#define MB_HEADER_MAGIC 0x1badb002     /* multiboot_abi.h */
#define MB_BOOTLOADER_MAGIC 0x2badb002
#define MB_HF_PAGE_ALIGN (1 << 0)
#define MB_HF_MEMORY_INFO (1 << 1)
#define MB_HF_ADDRESS (1 << 16)
#define MB_FLAGS (MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO | MB_HF_ADDRESS)

    .section .multiboot, "a"
    .p2align 2
mb_header:
    .long MB_HEADER_MAGIC
    .long MB_FLAGS
    .long -(MB_HEADER_MAGIC + MB_FLAGS)
    .long mb_header             /* header_addr */
    .long _stext                /* load_addr */
    .long __mb_load_end         /* load_end_addr: covers .tdata and .data */
    .long _end                  /* bss_end_addr: covers .tbss and .bss */
    .long _start                /* entry_addr */

    .text
    .code32
    .globl _start
    .type _start, @function
_start:
    cmpl $MB_BOOTLOADER_MAGIC, %eax
    jne 1f
    movl %ebx, %esi
    movl $multiboot_main, %edi
    jmp pc_long_mode
1:  movl $msg_not_multiboot, %esi
    jmp pc_panic32
    .size _start, . - _start

    .section .rodata
msg_not_multiboot:
    .asciz "boot: not started by a Multiboot loader (no 0x2badb002 in %eax)\n"

    .section .note.GNU-stack, "", @progbits
