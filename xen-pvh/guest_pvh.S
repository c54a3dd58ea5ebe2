/*
 * guest_pvh.S: the Xen PVH entry note and 32-bit entry of a xen-pvh image.
 *
 * The note (owner "Xen", type XEN_ELFNOTE_PHYS32_ENTRY, a 4-byte entry
 * address) sits in the allocated section .note.xen, which
 * xen-pvh/xen-pvh.ld puts in a PT_NOTE segment of its own: Xen's loader and
 * QEMU's PVH boot find notes through the program headers. The image has no
 * Multiboot header: QEMU tries Multiboot before PVH, and this entry is for
 * PVH only (the virtio target is the Multiboot image).
 *
 * Entry state (Xen's PVH boot ABI): 32-bit protected mode, flat 4 GiB
 * segments, paging off, %ebx = physical address of struct hvm_start_info
 * (xen_abi.h), whose first word is HVM_START_MAGIC. On to pc_long_mode
 * (guest-rt/pc/longmode.S), which calls pvh_main(%ebx) in 64-bit mode.
 */
#include "guest_pvh_note.h"

#define HVM_START_MAGIC 0x336ec578

    PVH_ENTRY_NOTE _start

    .text
    .code32
    .globl _start
    .type _start, @function
_start:
    cmpl $HVM_START_MAGIC, (%ebx)
    jne 1f
    movl %ebx, %esi
    movl $pvh_main, %edi
    jmp pc_long_mode
1:  movl $msg_not_pvh, %esi
    jmp pc_panic32
    .size _start, . - _start

    .section .rodata
msg_not_pvh:
    .asciz "boot: not started by a PVH loader (no hvm_start_info at %ebx)\n"

    .section .note.GNU-stack, "", @progbits
