/*
 * solo5_elf_abi.h: the Solo5 "ABI1" ELF note that names an image's target.
 *
 * Self-contained C99; used by guest images (to declare the note) and by vmm
 * (to read it). Note owner "Solo5", type ABI1, in section .note.solo5.abi.
 */
#ifndef VMM_SOLO5_ELF_ABI_H
#define VMM_SOLO5_ELF_ABI_H

#include <stddef.h>
#include <stdint.h>

enum abi_target {
    HVT_ABI_TARGET = 1,
    SPT_ABI_TARGET = 2,
    VIRTIO_ABI_TARGET = 3,
    MUEN_ABI_TARGET = 4,
    GENODE_ABI_TARGET = 5,
    XEN_ABI_TARGET = 6
};

#define SOLO5_NOTE_NAME "Solo5"
#define ABI1_NOTE_TYPE 0x31494241 /* "ABI1" little-endian */

/* ELF note header with the owner name padded to 4 bytes. */
struct abi1_nhdr {
    uint32_t n_namesz; /* sizeof(SOLO5_NOTE_NAME) */
    uint32_t n_descsz; /* sizeof(struct abi1_info) */
    uint32_t n_type;   /* ABI1_NOTE_TYPE */
    char n_name[8];    /* "Solo5" NUL-padded */
};

struct abi1_info {
    uint32_t abi_target;  /* enum abi_target */
    uint32_t abi_version; /* e.g. HVT_ABI_VERSION */
    uint32_t reserved0;
    uint32_t reserved1;
};

struct abi1_note {
    struct abi1_nhdr h;
    struct abi1_info i;
};

_Static_assert(sizeof(struct abi1_nhdr) == 20, "abi1_nhdr layout");
_Static_assert(sizeof(struct abi1_note) == 36, "abi1_note layout");

/* Put in every image; `target` and `version` as above. */
#define ABI1_NOTE_DECLARE(target, version)                                     \
    const struct abi1_note __solo5_abi1_note                                   \
        __attribute__((section(".note.solo5.abi"), aligned(4), used)) = {      \
            .h = {sizeof(SOLO5_NOTE_NAME), sizeof(struct abi1_info),           \
                  ABI1_NOTE_TYPE, SOLO5_NOTE_NAME},                            \
            .i = {(target), (version), 0, 0}}

#endif /* VMM_SOLO5_ELF_ABI_H */
