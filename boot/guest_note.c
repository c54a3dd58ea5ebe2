/*
 * guest_note.c: the ABI1 note naming this image's target: virtio, ABI
 * version 1 (what Solo5's virtio images carry). Linked into start.o with
 * boot/boot.S, so every image has it.
 */
#include "solo5_elf_abi.h"

#define VIRTIO_ABI_VERSION 1

ABI1_NOTE_DECLARE(VIRTIO_ABI_TARGET, VIRTIO_ABI_VERSION);
