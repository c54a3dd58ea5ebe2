/* target.c: picking the target from the image; the registered targets. */
#include "target.h"

#include <string.h>

#include "elf_load.h"
#include "solo5_notes.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define MULTIBOOT_MAGIC 0x1BADB002u
#define MULTIBOOT_SEARCH 8192

static int has_multiboot_header(const uint8_t *buf, size_t len)
{
    size_t end = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;
    for (size_t off = 0; off + 12 <= end; off += 4) {
        uint32_t w[3];
        memcpy(w, buf + off, sizeof(w));
        if (w[0] == MULTIBOOT_MAGIC && (uint32_t)(w[0] + w[1] + w[2]) == 0)
            return 1;
    }
    return 0;
}

enum target target_detect(const uint8_t *buf, size_t len, const char **why)
{
    char err[128];
    struct abi1_info abi;
    size_t off, dlen;
    if (solo5_abi_read(buf, len, &abi, err, sizeof(err)) == 1) {
        *why = "its Solo5 ABI note";
        switch (abi.abi_target) {
        case HVT_ABI_TARGET:
            return TARGET_HVT;
        case VIRTIO_ABI_TARGET:
            return TARGET_VIRTIO;
        case XEN_ABI_TARGET:
            return TARGET_XEN_PVH;
        default:
            break;
        }
    }
    if (elf_find_note(buf, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &off, &dlen,
                      err, sizeof(err)) == 1) {
        *why = "its Xen PVH entry note";
        return TARGET_XEN_PVH;
    }
    if (has_multiboot_header(buf, len)) {
        *why = "its Multiboot header";
        return TARGET_VIRTIO;
    }
    *why = "nothing";
    return TARGET_AUTO;
}

VMM_REGISTRY(targets, struct target_def);

const struct target_def *target_def_find(enum target t)
{
    VMM_FOREACH(targets, struct target_def, d)
        if (d->target == t)
            return d;
    return NULL;
}
