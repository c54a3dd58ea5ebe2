/*
 * fuzz_multiboot.c: the Multiboot loader (boot/host_multiboot.c,
 * host_mb_tls.c, over the core's ELF reader) on arbitrary files.
 *
 * mb_find_header() must report a 4-aligned header with a good checksum in
 * the first 8 KiB or nothing; mb_parse() must accept only a layout vmm can
 * load (segments sorted, apart, inside the limits and the file, the entry
 * in loaded file data), and mb_copy() must then place exactly the file's
 * bytes and leave the rest zero (the memory is zeroed before each load),
 * in a fake guest memory AddressSanitizer watches below
 * 1 MiB and past its end. mb_check_tls() runs on every accepted image.
 *
 * A random mutation almost never keeps magic + flags + checksum == 0, so
 * each input is tried twice: as it is, and with the checksum of its first
 * magic in the first 8 KiB repaired, which takes the fuzzer past the
 * header search into the layout checks.
 */
#include <stdlib.h>
#include <string.h>

#include "boot/host_multiboot.h"
#include "fuzz_util.h"

#define GUEST_SIZE 0x200000ULL /* 1 MiB of room above MB_MIN_LOAD_ADDR */

static uint8_t *guest;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    guest = fuzz_guest_new(GUEST_SIZE, MB_MIN_LOAD_ADDR);
    return 0;
}

static void check_header(const uint8_t *buf, size_t len)
{
    char err[256];
    size_t off = SIZE_MAX;
    struct mb_header h;
    int r = mb_find_header(buf, len, &off, &h, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "mb_find_header returned %d", r);
    if (r != 1) {
        fuzz_check_err(err, sizeof(err), "mb_find_header");
        return;
    }
    FUZZ_CHECK(off % 4 == 0 && off + 12 <= len && off + 12 <= MB_SEARCH_LIMIT,
               "header at 0x%zx (file %zu bytes)", off, len);
    FUZZ_CHECK(h.magic == MB_HEADER_MAGIC &&
                   (uint32_t)(h.magic + h.flags + h.checksum) == 0,
               "header at 0x%zx: magic 0x%x, bad checksum", off, h.magic);
    FUZZ_CHECK(memcmp(buf + off, &h, 12) == 0, "header not the file's");
    if (h.flags & MB_HF_ADDRESS)
        FUZZ_CHECK(off + sizeof(h) <= len && off + sizeof(h) <= MB_SEARCH_LIMIT,
                   "address fields at 0x%zx past the limit", off);
}

static void check_image(const struct mb_image *img, size_t len,
                        const struct elf_limits *lim)
{
    FUZZ_CHECK(img->nseg >= 1 && img->nseg <= ELF_MAX_LOAD, "nseg %u",
               img->nseg);
    bool entry_ok = false;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        FUZZ_CHECK(s->filesz <= s->memsz, "segment %u: filesz > memsz", i);
        FUZZ_CHECK(s->offset <= len && s->filesz <= len - s->offset,
                   "segment %u: file data past the end", i);
        FUZZ_CHECK(s->addr >= lim->min_addr && s->addr <= lim->max_addr &&
                       s->memsz <= lim->max_addr - s->addr,
                   "segment %u: [0x%llx, +0x%llx) outside the limits", i,
                   (unsigned long long)s->addr, (unsigned long long)s->memsz);
        if (i > 0)
            FUZZ_CHECK(img->seg[i - 1].addr + img->seg[i - 1].memsz <= s->addr,
                       "segments %u and %u overlap or are unsorted", i - 1, i);
        if (img->entry >= s->addr && img->entry - s->addr < s->filesz)
            entry_ok = true;
    }
    FUZZ_CHECK(img->start == img->seg[0].addr, "start 0x%llx",
               (unsigned long long)img->start);
    const struct elf_segment *last = &img->seg[img->nseg - 1];
    FUZZ_CHECK(img->end == last->addr + last->memsz, "end 0x%llx",
               (unsigned long long)img->end);
    FUZZ_CHECK(entry_ok, "entry 0x%x is not in loaded file data", img->entry);
    FUZZ_CHECK(img->layout == MB_LAYOUT_ADDRESS || img->is_elf,
               "ELF layout without ELF headers");
}

static void check_copy(const struct mb_image *img, const uint8_t *buf)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        const uint8_t *g = guest + s->addr;
        FUZZ_CHECK(memcmp(g, buf + s->offset, s->filesz) == 0,
                   "segment %u: file bytes not copied", i);
        FUZZ_CHECK(fuzz_all_zero(g + s->filesz, s->memsz - s->filesz),
                   "segment %u: bytes past the file data not zero", i);
    }
}

static void one(const uint8_t *buf, size_t len)
{
    check_header(buf, len);

    struct elf_limits lim = {MB_MIN_LOAD_ADDR, GUEST_SIZE};
    struct mb_image img;
    char err[256];
    if (mb_parse(buf, len, &lim, &img, err, sizeof(err)) < 0) {
        fuzz_check_err(err, sizeof(err), "mb_parse");
        return;
    }
    check_image(&img, len, &lim);
    fuzz_guest_clear(guest, GUEST_SIZE, MB_MIN_LOAD_ADDR);
    mb_copy(&img, buf, guest);
    check_copy(&img, buf);
    if (mb_check_tls(&img, err, sizeof(err)) < 0)
        fuzz_check_err(err, sizeof(err), "mb_check_tls");
}

/* A copy with the first magic's checksum made good, or NULL if no change. */
static uint8_t *repaired(const uint8_t *buf, size_t len)
{
    size_t end = len < MB_SEARCH_LIMIT ? len : MB_SEARCH_LIMIT;
    for (size_t at = 0; at + 12 <= end; at += 4) {
        uint32_t w[3];
        memcpy(w, buf + at, sizeof(w));
        if (w[0] != MB_HEADER_MAGIC)
            continue;
        if ((uint32_t)(w[0] + w[1] + w[2]) == 0)
            return NULL;
        uint8_t *copy = malloc(len);
        FUZZ_CHECK(copy != NULL, "out of memory");
        memcpy(copy, buf, len);
        w[2] = -(w[0] + w[1]);
        memcpy(copy + at + 8, &w[2], 4);
        return copy;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size);
    uint8_t *fixed = repaired(data, size);
    if (fixed) {
        one(fixed, size);
        free(fixed);
    }
    return 0;
}
