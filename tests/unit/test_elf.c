/* test_elf.c: hvt_elf_parse on valid images, and elf_copy (file bytes only). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "elf_builder.h"
#include "hvt/host_elf.h"
#include "unit.h"

static const struct elf_limits lim = {EB_MIN, EB_MAX};

static void parse_ok(struct eb *b, struct elf_image *img)
{
    char err[256] = "";
    const uint8_t *buf = eb_bytes(b);
    int r = hvt_elf_parse(buf, b->len, &lim, img, err, sizeof(err));
    cr_assert_eq(r, 0, "refused: %s", err);
}

static void assert_segment(const struct elf_segment *s, const Elf64_Phdr *ph)
{
    cr_assert_eq(s->addr, ph->p_paddr);
    cr_assert_eq(s->memsz, ph->p_memsz);
    cr_assert_eq(s->filesz, ph->p_filesz);
    cr_assert_eq(s->offset, ph->p_offset);
    cr_assert_eq(s->flags, ph->p_flags);
    cr_assert_eq(s->align, ph->p_align);
}

Test(elf_parse, hvt_image_reports_entry_segments_end_tls)
{
    struct eb b;
    struct elf_image img;
    eb_hvt_image(&b);
    parse_ok(&b, &img);
    cr_assert_eq(img.entry, EB_ENTRY);
    cr_assert_eq(img.nload, 3, "PT_NOTE, PT_TLS, GNU_STACK are not loaded");
    /* Sorted by address although the headers are data, text, rodata. */
    assert_segment(&img.load[0], &b.ph[EB_PH_TEXT]);
    assert_segment(&img.load[1], &b.ph[EB_PH_RODATA]);
    assert_segment(&img.load[2], &b.ph[EB_PH_DATA]);
    cr_assert_eq(img.load[0].flags, PF_R | PF_X);
    cr_assert_eq(img.end, EB_END);
    cr_assert(img.has_tls);
    cr_assert_eq(img.tls.addr, EB_TLS);
    cr_assert_eq(img.tls.filesz, 0x20);
    cr_assert_eq(img.tls.memsz, 0x60);
    cr_assert_eq(img.tls.align, 32);
    cr_assert_eq(img.tls.offset, b.ph[EB_PH_TLS].p_offset);
}

Test(elf_parse, without_tls)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_TEXT + 4);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    parse_ok(&b, &img);
    cr_assert_not(img.has_tls);
    cr_assert_eq(img.nload, 1);
    cr_assert_eq(img.end, EB_TEXT + 0x10);
    cr_assert_eq(img.entry, EB_TEXT + 4);
}

Test(elf_parse, ignores_interp_note_stack_and_empty_loads)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_INTERP, PF_R, 0, 8, 8, "/ld.so\0");
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    /* Would be refused (below 1 MiB) if an empty PT_LOAD counted. */
    eb_add(&b, PT_LOAD, PF_R | PF_W, 0, 0, 0, NULL);
    eb_add(&b, PT_NOTE, PF_R, 0, 4, 4, NULL);
    eb_add_at(&b, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
    parse_ok(&b, &img);
    cr_assert_eq(img.nload, 1);
    cr_assert_eq(img.load[0].addr, EB_TEXT);
}

Test(elf_parse, segments_at_the_limits)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_MIN);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_MIN, 0x10, 0x1000, NULL);
    eb_add(&b, PT_LOAD, PF_R | PF_W, EB_MAX - 0x1000, 0x10, 0x1000, NULL);
    parse_ok(&b, &img);
    cr_assert_eq(img.end, EB_MAX, "ending exactly at max_addr is inside");
}

Test(elf_parse, touching_segments_and_a_shared_page)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x100, 0x100, NULL);
    eb_add(&b, PT_LOAD, PF_R, EB_TEXT + 0x100, 0x80, 0x80, NULL);
    eb_add(&b, PT_LOAD, PF_R | PF_W, EB_TEXT + 0x180, 0x80, 0x1000, NULL);
    parse_ok(&b, &img);
    cr_assert_eq(img.nload, 3);
    cr_assert_eq(img.end, EB_TEXT + 0x1180);
}

Test(elf_parse, entry_at_last_byte_and_in_bss_of_text)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_TEXT + 0xfff);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x1000, NULL);
    parse_ok(&b, &img);
    cr_assert_eq(img.entry, EB_TEXT + 0xfff);
}

Test(elf_parse, exactly_max_load_segments)
{
    struct eb b;
    struct elf_image img;
    eb_init(&b, EB_TEXT);
    for (unsigned i = 0; i < ELF_MAX_LOAD; i++)
        eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT + (ELF_MAX_LOAD - 1 - i) *
                                                     0x1000ULL,
               0x10, 0x10, NULL);
    parse_ok(&b, &img);
    cr_assert_eq(img.nload, ELF_MAX_LOAD);
    for (unsigned i = 0; i < ELF_MAX_LOAD; i++)
        cr_assert_eq(img.load[i].addr, EB_TEXT + i * 0x1000ULL,
                     "segment %u not sorted", i);
}

Test(elf_parse, tls_tbss_only_needs_no_load)
{
    struct eb b;
    struct elf_image img;
    eb_hvt_image(&b);
    Elf64_Phdr *t = &b.ph[EB_PH_TLS];
    t->p_filesz = 0;
    t->p_vaddr = t->p_paddr = 0x7000000; /* in no PT_LOAD: nothing to copy */
    t->p_align = 0;                     /* 0 and 1 mean unaligned */
    parse_ok(&b, &img);
    cr_assert(img.has_tls);
    cr_assert_eq(img.tls.addr, 0x7000000);
    t->p_align = 1;
    parse_ok(&b, &img);
    t->p_align = 4096;
    parse_ok(&b, &img);
    cr_assert_eq(img.tls.align, 4096);
}

Test(elf_parse, tdata_ending_at_the_file_part_of_its_load)
{
    struct eb b;
    struct elf_image img;
    eb_hvt_image(&b);
    Elf64_Phdr *t = &b.ph[EB_PH_TLS], *d = &b.ph[EB_PH_DATA];
    t->p_vaddr = t->p_paddr = EB_DATA + 0x60;
    t->p_offset = d->p_offset + 0x60;
    t->p_filesz = 0x20; /* ends at data's p_filesz 0x80 exactly */
    parse_ok(&b, &img);
    cr_assert_eq(img.tls.addr, EB_DATA + 0x60);
}

Test(elf_copy, copies_file_bytes_touches_nothing_else)
{
    struct eb b;
    struct elf_image img;
    eb_hvt_image(&b);
    parse_ok(&b, &img);
    const uint64_t size = EB_END + 0x1000;
    uint8_t *guest = malloc(size);
    cr_assert(guest);
    memset(guest, 0xaa, size);
    elf_copy(&img, b.file, guest);
    const struct {
        unsigned ph, k; /* program header, eb_add() number (pattern) */
    } segs[] = {{EB_PH_DATA, 0}, {EB_PH_TEXT, 1}, {EB_PH_RODATA, 2}};
    for (unsigned s = 0; s < 3; s++) {
        const Elf64_Phdr *ph = &b.ph[segs[s].ph];
        for (uint64_t i = 0; i < ph->p_memsz; i++) {
            /* Past p_filesz (.bss): not written, guest memory is zero. */
            uint8_t want = i < ph->p_filesz ? eb_pattern(segs[s].k, i) : 0xaa;
            cr_assert_eq(guest[ph->p_paddr + i], want,
                         "segment at 0x%lx, byte 0x%lx",
                         (unsigned long)ph->p_paddr, (unsigned long)i);
        }
    }
    /* Gaps between and around the segments stay as they were. */
    cr_assert_eq(guest[EB_TEXT - 1], 0xaa);
    cr_assert_eq(guest[EB_TEXT + 0x300], 0xaa);
    cr_assert_eq(guest[EB_RODATA - 1], 0xaa);
    cr_assert_eq(guest[EB_RODATA + 0x100], 0xaa);
    cr_assert_eq(guest[EB_DATA - 1], 0xaa);
    cr_assert_eq(guest[EB_END], 0xaa);
    free(guest);
}

/*
 * vmm's guest memory is a fresh anonymous mapping: a 64 MiB .bss reads as
 * zero after elf_copy() and not one of its pages past the file data's is
 * resident (RSS does not grow with .bss, only with what the guest touches).
 */
Test(elf_copy, large_bss_stays_unbacked)
{
    struct eb b;
    struct elf_image img;
    const uint64_t bss = 64ULL << 20, page = 4096;
    eb_hvt_image(&b);
    b.ph[EB_PH_DATA].p_memsz = bss;
    parse_ok(&b, &img);
    const uint64_t size = EB_DATA + bss;
    uint8_t *guest = mmap(NULL, size, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert(guest != MAP_FAILED);
    madvise(guest, size, MADV_NOHUGEPAGE);
    elf_copy(&img, b.file, guest);
    const uint64_t first = EB_DATA + page, npages = (bss - page) / page;
    unsigned char *vec = malloc(npages);
    cr_assert(vec);
    cr_assert_eq(mincore(guest + first, npages * page, vec), 0);
    for (uint64_t i = 0; i < npages; i++)
        cr_assert_eq(vec[i] & 1, 0, ".bss page 0x%lx is resident",
                     (unsigned long)(first + i * page));
    cr_assert_eq(guest[EB_DATA + 0x80], 0, ".bss reads zero");
    cr_assert_eq(guest[EB_DATA + bss - 1], 0);
    free(vec);
    munmap(guest, size);
}
