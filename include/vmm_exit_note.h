/*
 * vmm_exit_note.h: vmm's own ELF note by which a virtio image says how it
 * reports its end: "my isa-debug-exit writes carry my exit status".
 *
 * Solo5's virtio binding writes 41 to isa-debug-exit (port 0x501) however
 * its guest ended, clean exit or abort (QEMU then exits with 83), so vmm
 * reads a 41 from an image with the Solo5 ABI note for virtio by Solo5's
 * convention (pc/host_solo5_exit.c). guest-rt's virtio images carry the
 * same ABI note but write their real status; they carry this note too, and
 * vmm takes their writes as the status itself.
 *
 * Self-contained C99; used by guest images (to declare the note) and by vmm
 * (to read it). Note owner "vmm", type EXIT, in section .note.vmm.exit.
 */
#ifndef VMM_EXIT_NOTE_H
#define VMM_EXIT_NOTE_H

#include <stdint.h>

#define VMM_NOTE_NAME "vmm"
#define VMM_EXIT_NOTE_TYPE 0x54495845 /* "EXIT" little-endian */

/* The value isa-debug-exit receives is the guest's exit status. */
#define VMM_EXIT_BY_STATUS 1

/* ELF note header with the owner name padded to 4 bytes. */
struct vmm_exit_nhdr {
    uint32_t n_namesz; /* sizeof(VMM_NOTE_NAME) */
    uint32_t n_descsz; /* sizeof(struct vmm_exit_info) */
    uint32_t n_type;   /* VMM_EXIT_NOTE_TYPE */
    char n_name[4];    /* "vmm" NUL-terminated */
};

struct vmm_exit_info {
    uint32_t convention; /* VMM_EXIT_BY_STATUS */
    uint32_t reserved;   /* 0 */
};

struct vmm_exit_note {
    struct vmm_exit_nhdr h;
    struct vmm_exit_info i;
};

_Static_assert(sizeof(struct vmm_exit_nhdr) == 16, "vmm_exit_nhdr layout");
_Static_assert(sizeof(struct vmm_exit_note) == 24, "vmm_exit_note layout");

/* Put in every guest-rt virtio image. */
#define VMM_EXIT_NOTE_DECLARE()                                                \
    const struct vmm_exit_note __vmm_exit_note                                 \
        __attribute__((section(".note.vmm.exit"), aligned(4), used)) = {       \
            .h = {sizeof(VMM_NOTE_NAME), sizeof(struct vmm_exit_info),         \
                  VMM_EXIT_NOTE_TYPE, VMM_NOTE_NAME},                          \
            .i = {VMM_EXIT_BY_STATUS, 0}}

#endif /* VMM_EXIT_NOTE_H */
