/*
 * guest_note.c: the ABI1 note naming this image's target: virtio, ABI
 * version 1 (what Solo5's virtio images carry), and vmm's EXIT note: this
 * runtime writes its real exit status to isa-debug-exit (pc_halt), where
 * Solo5's virtio binding always writes 41. Linked into start.o with
 * boot/boot.S, so every image has both.
 */
#include "solo5_elf_abi.h"
#include "vmm_exit_note.h"

#define VIRTIO_ABI_VERSION 1

ABI1_NOTE_DECLARE(VIRTIO_ABI_TARGET, VIRTIO_ABI_VERSION);
VMM_EXIT_NOTE_DECLARE();
