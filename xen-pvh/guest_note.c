/*
 * guest_note.c: the ABI1 note naming this image's target: Xen, ABI version 1
 * (what Solo5's Xen images carry; Xen has no tender to version against).
 * Linked into start.o with xen-pvh/guest_pvh.S, so every image has it.
 */
#include "solo5_elf_abi.h"

#define XEN_ABI_VERSION 1

ABI1_NOTE_DECLARE(XEN_ABI_TARGET, XEN_ABI_VERSION);
