/*
 * fuzz_elf.c: the hvt ELF loader (vmm/elf_load.c) on arbitrary files.
 *
 * elf_parse() must accept or refuse with a reason; what it accepts must be
 * loadable as it says (segments sorted, apart, inside the limits and the
 * file, the entry in an executable one), and elf_copy() must then place
 * exactly the file's bytes and zeros there, in a fake guest memory that
 * AddressSanitizer watches below the lowest load address and past its end.
 * elf_find_note() is driven with the owners vmm looks for.
 */
#include <elf.h>
#include <stdint.h>
#include <string.h>

#include "elf_load.h"
#include "fuzz_util.h"
#include "mft_abi.h"
#include "solo5_elf_abi.h"

#define GUEST_MIN 0x100000ULL  /* HVT_GUEST_MIN_BASE */
#define GUEST_SIZE 0x200000ULL /* 1 MiB of room above it */

static uint8_t *guest;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    guest = fuzz_guest_new(GUEST_SIZE, GUEST_MIN);
    return 0;
}

static void check_image(const struct elf_image *img, size_t len,
                        const struct elf_limits *lim)
{
    FUZZ_CHECK(img->nload >= 1 && img->nload <= ELF_MAX_LOAD, "nload %u",
               img->nload);
    bool entry_ok = false;
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        FUZZ_CHECK(s->memsz > 0, "segment %u: empty", i);
        FUZZ_CHECK(s->filesz <= s->memsz, "segment %u: filesz > memsz", i);
        FUZZ_CHECK(s->offset <= len && s->filesz <= len - s->offset,
                   "segment %u: file data past the end", i);
        FUZZ_CHECK(s->addr >= lim->min_addr && s->addr <= lim->max_addr &&
                       s->memsz <= lim->max_addr - s->addr,
                   "segment %u: [0x%llx, +0x%llx) outside the limits", i,
                   (unsigned long long)s->addr, (unsigned long long)s->memsz);
        if (i > 0)
            FUZZ_CHECK(img->load[i - 1].addr + img->load[i - 1].memsz <=
                           s->addr,
                       "segments %u and %u overlap or are unsorted", i - 1, i);
        if ((s->flags & PF_X) && img->entry >= s->addr &&
            img->entry - s->addr < s->memsz)
            entry_ok = true;
    }
    const struct elf_segment *last = &img->load[img->nload - 1];
    FUZZ_CHECK(img->end == last->addr + last->memsz, "end 0x%llx",
               (unsigned long long)img->end);
    FUZZ_CHECK(entry_ok, "entry 0x%llx not in an executable segment",
               (unsigned long long)img->entry);
}

/* After elf_copy(): every segment holds its file bytes, then zeros. */
static void check_copy(const struct elf_image *img, const uint8_t *buf)
{
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        const uint8_t *g = guest + s->addr;
        FUZZ_CHECK(memcmp(g, buf + s->offset, s->filesz) == 0,
                   "segment %u: file bytes not copied", i);
        FUZZ_CHECK(fuzz_all_zero(g + s->filesz, s->memsz - s->filesz),
                   "segment %u: bytes past p_filesz not zeroed", i);
    }
}

static void find_note(const uint8_t *buf, size_t len, const char *name,
                      uint32_t type)
{
    char err[256];
    size_t off = SIZE_MAX, dlen = SIZE_MAX;
    int r = elf_find_note(buf, len, name, type, &off, &dlen, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "elf_find_note returned %d", r);
    if (r == 1)
        FUZZ_CHECK(off <= len && dlen <= len - off,
                   "note %s/%u: descriptor [0x%zx, +0x%zx) past the end "
                   "(%zu bytes)",
                   name, type, off, dlen, len);
    else if (r < 0)
        fuzz_check_err(err, sizeof(err), "elf_find_note");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_limits lim = {GUEST_MIN, GUEST_SIZE};
    struct elf_image img;
    char err[256];
    if (elf_parse(data, size, &lim, &img, err, sizeof(err)) == 0) {
        check_image(&img, size, &lim);
        elf_copy(&img, data, guest);
        check_copy(&img, data);
    } else {
        fuzz_check_err(err, sizeof(err), "elf_parse");
    }
    find_note(data, size, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE);
    find_note(data, size, SOLO5_NOTE_NAME, MFT1_NOTE_TYPE);
    find_note(data, size, "Xen", 18); /* XEN_ELFNOTE_PHYS32_ENTRY */
    find_note(data, size, "", 0);
    return 0;
}
