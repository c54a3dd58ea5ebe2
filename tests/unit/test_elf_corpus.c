/*
 * test_elf_corpus.c: the seed corpus on disk, every prefix of valid and
 * malformed images, and single-byte mutations of the headers and notes.
 * Accepted images must satisfy what the loader promises (segments inside
 * the limits and the file, sorted, disjoint, entry executable, .tdata
 * loaded) and elf_copy must stay inside guest memory. Every buffer is an
 * exact-size heap copy, so the sanitized build catches any read past it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "elf_cases.h"
#include "hvt/host_elf.h"
#include "vmm/read_file.h"
#include "vmm/solo5_notes.h"
#include "targets.h"
#include "unit.h"

#define SWEEP_MAX (8ULL << 20) /* guest memory of the sweeps */

/* A corpus file, read by vmm's own reader. */
static uint8_t *corpus_file(const char *path, size_t *len)
{
    uint8_t *buf = read_file(path, len);
    cr_assert(buf, "cannot open %s (run make unit-corpus?)", path);
    return buf;
}

static uint8_t *copy(const uint8_t *src, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    cr_assert(p);
    memcpy(p, src, len);
    return p;
}

/* What an accepted image promises; then copy it into guest memory. */
static void check_accepted(const struct elf_image *img, size_t len,
                           const struct elf_limits *lim, const uint8_t *buf,
                           uint8_t *guest)
{
    bool entry_ok = false;
    cr_assert(img->nload >= 1 && img->nload <= ELF_MAX_LOAD);
    for (unsigned i = 0; i < img->nload; i++) {
        const struct elf_segment *s = &img->load[i];
        cr_assert(s->memsz > 0 && s->filesz <= s->memsz);
        cr_assert(s->addr >= lim->min_addr && s->addr < lim->max_addr &&
                  s->memsz <= lim->max_addr - s->addr);
        cr_assert(s->offset <= len && s->filesz <= len - s->offset);
        if (i > 0)
            cr_assert(img->load[i - 1].addr + img->load[i - 1].memsz <=
                      s->addr);
        if ((s->flags & PF_X) && img->entry >= s->addr &&
            img->entry - s->addr < s->memsz)
            entry_ok = true;
    }
    cr_assert(entry_ok);
    const struct elf_segment *last = &img->load[img->nload - 1];
    cr_assert_eq(img->end, last->addr + last->memsz);
    if (img->has_tls && img->tls.filesz > 0) {
        bool loaded = false;
        for (unsigned i = 0; i < img->nload; i++) {
            const struct elf_segment *s = &img->load[i];
            if (img->tls.addr >= s->addr &&
                img->tls.addr - s->addr <= s->filesz &&
                img->tls.filesz <= s->filesz - (img->tls.addr - s->addr))
                loaded = true;
        }
        cr_assert(loaded);
    }
    if (guest)
        elf_copy(img, buf, guest);
}

/* Every reader on buf[0..len); returns hvt_elf_parse's verdict. */
static int read_all(const uint8_t *buf, size_t len, uint8_t *guest)
{
    static const struct elf_limits lim = {EB_MIN, SWEEP_MAX};
    char err[512];
    struct elf_image img;
    struct abi1_info abi;
    struct mft *m = NULL;
    size_t msize = 0;
    const char *why = NULL;
    int r = hvt_elf_parse(buf, len, &lim, &img, err, sizeof(err));
    if (r == 0)
        check_accepted(&img, len, &lim, buf, guest);
    else
        cr_assert(err[0] != '\0', "refused without a reason");
    solo5_abi_read(buf, len, &abi, err, sizeof(err));
    if (solo5_mft_read(buf, len, &m, &msize, err, sizeof(err)) == 1) {
        cr_assert(m->entries >= 1 && m->entries <= MFT_MAX_ENTRIES);
        cr_assert_eq(msize, sizeof(*m) + m->entries * sizeof(m->e[0]));
        free(m);
    }
    target_detect(buf, len, &why);
    cr_assert(why != NULL);
    return r;
}

Test(elf_corpus, files_match_the_cases_and_are_refused)
{
    static struct eb b;
    for (size_t i = 0; i < elf_ncases; i++) {
        const struct elf_case *c = &elf_cases[i];
        char path[4096], err[512] = "";
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", UNIT_CORPUS_DIR, c->name);
        uint8_t *file = corpus_file(path, &len);
        c->make(&b);
        eb_bytes(&b);
        cr_assert(len == b.len && memcmp(file, b.file, len) == 0,
                  "%s is stale: run make unit-corpus", path);
        int r = elf_case_check(c, file, len, err, sizeof(err));
        cr_assert_eq(r, c->kind == CASE_OK ? 0 : -1, "%s: %s", c->name, err);
        for (unsigned k = 0; c->kind != CASE_OK && k < 4 && c->expect[k]; k++)
            cr_assert(strstr(err, c->expect[k]), "%s: expected \"%s\" in: %s",
                      c->name, c->expect[k], err);
        free(file);
    }
}

Test(elf_corpus, every_file_is_a_known_case)
{
    DIR *d = opendir(UNIT_CORPUS_DIR);
    cr_assert(d);
    struct dirent *de;
    unsigned n = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strncmp(de->d_name, "README", 6) == 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < elf_ncases; i++)
            known |= strcmp(de->d_name, elf_cases[i].name) == 0;
        cr_assert(known, "corpus file %s is in no case of elf_cases.c",
                  de->d_name);
        n++;
    }
    closedir(d);
    cr_assert_eq(n, elf_ncases);
}

Test(elf_corpus, every_prefix_of_the_hvt_image)
{
    static struct eb b;
    eb_hvt_image(&b);
    const uint8_t *full = eb_bytes(&b);
    uint64_t load_end = 0, note_end = 0;
    for (unsigned i = 0; i < b.nph; i++) {
        uint64_t e = b.ph[i].p_offset + b.ph[i].p_filesz;
        if (b.ph[i].p_type == PT_LOAD && e > load_end)
            load_end = e;
        if (b.ph[i].p_type == PT_NOTE)
            note_end = e;
    }
    cr_assert_eq(note_end, b.len, "the notes come last in the file");
    uint8_t *guest = malloc(SWEEP_MAX);
    for (size_t len = 0; len <= b.len; len++) {
        uint8_t *buf = copy(full, len);
        char err[512];
        struct abi1_info abi;
        struct mft *m = NULL;
        size_t msize;
        const char *why;
        int r = read_all(buf, len, guest);
        cr_assert_eq(r, len >= load_end ? 0 : -1, "prefix of %zu bytes", len);
        int want = len >= note_end ? 1 : -1;
        cr_assert_eq(solo5_abi_read(buf, len, &abi, err, sizeof(err)), want,
                     "prefix of %zu bytes", len);
        cr_assert_eq(solo5_mft_read(buf, len, &m, &msize, err, sizeof(err)),
                     want, "prefix of %zu bytes", len);
        free(m);
        cr_assert_eq(target_detect(buf, len, &why),
                     len >= note_end ? TARGET_HVT : TARGET_AUTO,
                     "prefix of %zu bytes", len);
        free(buf);
    }
    free(guest);
}

Test(elf_corpus, every_prefix_of_every_case)
{
    static struct eb b;
    uint8_t *guest = malloc(SWEEP_MAX);
    for (size_t i = 0; i < elf_ncases; i++) {
        elf_cases[i].make(&b);
        const uint8_t *full = eb_bytes(&b);
        for (size_t len = 0; len <= b.len; len++) {
            uint8_t *buf = copy(full, len);
            read_all(buf, len, guest);
            free(buf);
        }
    }
    free(guest);
}

/* Each header, program header and note byte set to a few values. */
Test(elf_corpus, single_byte_mutations)
{
    static struct eb b;
    static const uint8_t vals[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    eb_hvt_image(&b);
    const uint8_t *full = eb_bytes(&b);
    const Elf64_Phdr *note = &b.ph[EB_PH_NOTE];
    uint8_t *guest = malloc(SWEEP_MAX);
    unsigned accepted = 0, refused = 0;
    for (size_t at = 0; at < b.len; at++) {
        bool header = at < EB_PHOFF + b.nph * sizeof(Elf64_Phdr);
        bool in_note = at >= note->p_offset && at < b.len;
        if (!header && !in_note)
            continue;
        for (unsigned v = 0; v < sizeof(vals); v++) {
            if (full[at] == vals[v])
                continue;
            uint8_t *buf = copy(full, b.len);
            buf[at] = vals[v];
            if (read_all(buf, b.len, guest) == 0)
                accepted++;
            else
                refused++;
            free(buf);
        }
    }
    free(guest);
    /* Both outcomes happen, or the sweep is not exercising anything. */
    cr_assert(accepted > 100 && refused > 100, "accepted %u, refused %u",
              accepted, refused);
}
