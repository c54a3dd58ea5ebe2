/*
 * guest_mb_info.c: the Multiboot information a virtio guest is started with.
 *
 * Memory: the available (type 1) memory map entry that holds 1 MiB, where
 * the image is, grown by any available entries that continue it without a
 * gap, and capped at 4 GiB (the runtime's identity map and the exit path's
 * bootstrap tables cover the low 4 GiB). Without a memory map, mem_upper
 * (KiB above 1 MiB) gives the same region. Command line: loaders pass the
 * kernel's name first (QEMU "IMAGE args", GRUB "/boot/app args"), so the
 * application gets what follows the first word and its blanks. Everything
 * is copied out before the runtime reuses memory past the image, where a
 * loader may have put the information (QEMU does). GRUB 2 is the exception
 * to "name first": it passes only the arguments (and says who it is in
 * boot_loader_name, "GRUB 2.06"), so nothing is skipped for it.
 */
#include "guest_mb_info.h"

#include "multiboot_abi.h"

#define MB_1MIB 0x100000ULL
#define MB_4GIB 0x100000000ULL
#define MMAP_ENTRY_MIN 20 /* addr, len, type after the size field */

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static void copy_cmdline(const char *s, bool skip_name, char *out, size_t size)
{
    size_t n = 0;

    while (blank(*s))
        s++;
    if (skip_name) {
        while (*s && !blank(*s))
            s++;
        while (blank(*s))
            s++;
    }
    while (*s && n + 1 < size)
        out[n++] = *s++;
    out[n] = '\0';
}

static bool loader_is_grub2(const struct mb_info *mbi)
{
    static const char grub2[] = "GRUB 2";

    if (!(mbi->flags & MB_INFO_LOADER_NAME) || mbi->boot_loader_name == 0)
        return false;
    const char *name = (const char *)(uintptr_t)mbi->boot_loader_name;
    for (size_t i = 0; i < sizeof grub2 - 1; i++)
        if (name[i] != grub2[i])
            return false;
    return true;
}

/*
 * Move *end up to the end of an available entry that holds 1 MiB (first)
 * or that starts at or before *end; true if it moved.
 */
static bool extend(const struct mb_info *mbi, uint64_t *end, bool first)
{
    uint64_t at = mbi->mmap_addr, stop = at + mbi->mmap_length;
    bool grown = false;

    while (at + 4 <= stop) {
        const struct mb_mmap_entry *e =
            (const struct mb_mmap_entry *)(uintptr_t)at;
        uint64_t next = at + 4 + e->size;

        if (e->size < MMAP_ENTRY_MIN || next > stop)
            break;
        uint64_t lo = e->addr, hi = e->addr + e->len;
        if (e->type == MB_MEMORY_AVAILABLE && hi > lo) {
            uint64_t from = first ? MB_1MIB : *end;
            if (lo <= from && hi > *end) {
                *end = hi;
                grown = true;
            }
        }
        at = next;
    }
    return grown;
}

bool mb_info_parse(uint32_t info, struct mb_boot *out, char *cmdline,
                   size_t size, const char **why)
{
    const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)info;
    uint64_t end = MB_1MIB;

    if (info == 0) {
        *why = "no multiboot information";
        return false;
    }
    if (mbi->flags & MB_INFO_MEM_MAP) {
        if (extend(mbi, &end, true))
            for (unsigned i = 0; i < 64 && extend(mbi, &end, false); i++)
                ;
    } else if (mbi->flags & MB_INFO_MEMORY) {
        end = MB_1MIB + (uint64_t)mbi->mem_upper * 1024;
    }
    if (end <= MB_1MIB) {
        *why = "no available memory at 1 MiB in the multiboot memory map";
        return false;
    }
    out->mem_end = end < MB_4GIB ? end : MB_4GIB;

    cmdline[0] = '\0';
    if ((mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline != 0)
        copy_cmdline((const char *)(uintptr_t)mbi->cmdline,
                     !loader_is_grub2(mbi), cmdline, size);
    return true;
}
