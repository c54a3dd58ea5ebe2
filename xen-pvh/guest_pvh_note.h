/*
 * guest_pvh_note.h: the Xen PVH entry note, for assembly (.S) files of
 * images that carry one: guest-rt's xen-pvh entry (guest_pvh.S) and the
 * tests' guests without guest-rt (tests/guests/pvh-1gib).
 *
 * PVH_ENTRY_NOTE sym: owner "Xen", type XEN_ELFNOTE_PHYS32_ENTRY, a 4-byte
 * descriptor holding sym, the 32-bit physical entry point. It goes into
 * the allocated section .note.xen, which the image's linker script puts in
 * a PT_NOTE segment of its own: Xen's loader, QEMU's PVH boot and vmm
 * find notes through the program headers.
 */
#ifndef XEN_PVH_GUEST_PVH_NOTE_H
#define XEN_PVH_GUEST_PVH_NOTE_H

#define XEN_ELFNOTE_PHYS32_ENTRY 18 /* xen_abi.h */

/* clang-format off */
.macro PVH_ENTRY_NOTE sym
    .pushsection .note.xen, "a", @note
    .p2align 2
    .long 4                     /* n_namesz: "Xen\0" */
    .long 4                     /* n_descsz */
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long \sym
    .popsection
.endm
/* clang-format on */

#endif
