/*
 * mft_abi.h: the Solo5 application manifest (devices an image declares).
 *
 * Self-contained C99. The image carries a "MFT1" note (owner "Solo5",
 * section .note.solo5.manifest) holding a struct mft; vmm copies it into
 * guest memory with each entry's properties and `attached` filled in, and
 * passes its address in hvt_boot_info.mft. Entry 0 is always the reserved
 * MFT_RESERVED_FIRST entry; a device's handle is its index.
 */
#ifndef VMM_MFT_ABI_H
#define VMM_MFT_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MFT_VERSION 1
#define MFT_MAX_ENTRIES 64
#define MFT_NAME_SIZE 68 /* bytes, terminator included */
#define MFT_NAME_MAX 67  /* characters */
#define MFT1_NOTE_TYPE 0x3154464d /* "MFT1" little-endian */

typedef enum mft_type {
    MFT_DEV_BLOCK_BASIC = 1,
    MFT_DEV_NET_BASIC = 2,
    MFT_RESERVED_FIRST = (1U << 30)
} mft_type_t;

/*
 * The device types as X(enumerator, name): the name is the device's "type"
 * in a manifest's JSON (vmm-mft) and in vmm's messages. A new device kind
 * adds its enumerator above, its line here and its properties to the union
 * of struct mft_entry.
 */
#define MFT_DEV_TYPES(X)                                                       \
    X(MFT_DEV_BLOCK_BASIC, "BLOCK_BASIC")                                      \
    X(MFT_DEV_NET_BASIC, "NET_BASIC")

/* The name of device type t, or NULL when t is no device type. */
static inline const char *mft_dev_name(uint32_t t)
{
#define MFT_DEV_NAME_(type_, name_)                                            \
    if (t == (uint32_t)(type_))                                                \
        return name_;
    MFT_DEV_TYPES(MFT_DEV_NAME_)
#undef MFT_DEV_NAME_
    return NULL;
}

struct mft_block_basic {
    uint64_t capacity;   /* OUT (host): bytes */
    uint16_t block_size; /* OUT (host): bytes */
};

struct mft_net_basic {
    uint8_t mac[6]; /* OUT (host) */
    uint16_t mtu;   /* OUT (host): not counting the Ethernet header */
};

struct mft_entry {
    char name[MFT_NAME_SIZE]; /* IN (image) */
    mft_type_t type;          /* IN (image) */
    union {
        struct mft_block_basic block_basic;
        struct mft_net_basic net_basic;
    } u;
    union {
        int hostfd; /* host-private; the guest must not rely on it */
        void *data;
    } b;
    bool attached; /* OUT (host) */
};

struct mft {
    uint32_t version; /* MFT_VERSION */
    uint32_t entries; /* 1..MFT_MAX_ENTRIES, entry 0 reserved */
    struct mft_entry e[];
};

_Static_assert(offsetof(struct mft_entry, type) == 68, "mft_entry layout");
_Static_assert(offsetof(struct mft_entry, u) == 72, "mft_entry layout");
_Static_assert(offsetof(struct mft_entry, b) == 88, "mft_entry layout");
_Static_assert(offsetof(struct mft_entry, attached) == 96, "mft_entry layout");
_Static_assert(sizeof(struct mft_entry) == 104, "mft_entry layout");
_Static_assert(sizeof(struct mft) == 8, "mft layout");
_Static_assert(MFT_MAX_ENTRIES <= 64, "handles must fit a 64-bit set");

/*
 * The note header in front of the struct mft (owner padded to 8). The note
 * starts 8-aligned and struct mft follows at offset 24 (MFT1_DESC_PAD bytes
 * of padding after the 20-byte header), so n_descsz counts the padding too:
 * n_descsz = MFT1_DESC_PAD + sizeof(struct mft) + entries * sizeof(entry).
 */
#define MFT1_DESC_PAD 4
struct mft1_nhdr {
    uint32_t n_namesz;
    uint32_t n_descsz;
    uint32_t n_type;
    char n_name[8];
};

/* Largest manifest descriptor vmm accepts. */
#define MFT1_NOTE_MAX_SIZE                                                     \
    (sizeof(struct mft) + MFT_MAX_ENTRIES * sizeof(struct mft_entry))

#endif /* VMM_MFT_ABI_H */
