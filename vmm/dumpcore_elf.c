/*
 * dumpcore_elf.c: the ELF core file of a guest (dumpcore.h), written with
 * pwrite alone (all the sandbox allows on it).
 *
 * Layout: the ELF header, the program headers (PT_NOTE, then one PT_LOAD
 * per memory range), the notes (NT_PRSTATUS, NT_PRPSINFO, owner "CORE",
 * 4-byte aligned as Linux writes them), then each range's memory from the
 * next page boundary on. A page of zeros is skipped, leaving a hole that
 * reads back as zeros; a last byte is written when the file would end
 * short of its last segment.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dumpcore.h"
#include "errmsg.h"

/* Linux's struct elf_prstatus on x86-64 (NT_PRSTATUS). */
struct core_prstatus {
    int32_t si_signo, si_code, si_errno;
    int16_t cursig;
    uint16_t pad0;
    uint64_t sigpend, sighold;
    int32_t pid, ppid, pgrp, sid;
    uint64_t utime[2], stime[2], cutime[2], cstime[2];
    struct core_regs reg;
    int32_t fpvalid;
    uint32_t pad1;
};
_Static_assert(offsetof(struct core_prstatus, reg) == 112, "elf_prstatus");
_Static_assert(sizeof(struct core_prstatus) == 336, "elf_prstatus");

/* Linux's struct elf_prpsinfo on x86-64 (NT_PRPSINFO). */
struct core_prpsinfo {
    char state, sname, zombie, nice;
    uint32_t pad0;
    uint64_t flag;
    uint32_t uid, gid;
    int32_t pid, ppid, pgrp, sid;
    char fname[16];
    char psargs[80];
};
_Static_assert(offsetof(struct core_prpsinfo, fname) == 40, "elf_prpsinfo");
_Static_assert(sizeof(struct core_prpsinfo) == 136, "elf_prpsinfo");

/* A note: header, "CORE\0" padded to 8, descriptor (a multiple of 4). */
#define NOTE_SIZE(desc) (sizeof(Elf64_Nhdr) + 8 + (desc))
#define NOTES_SIZE                                                             \
    (NOTE_SIZE(sizeof(struct core_prstatus)) +                                 \
     NOTE_SIZE(sizeof(struct core_prpsinfo)))
#define HEADERS_MAX                                                            \
    (sizeof(Elf64_Ehdr) + (1 + CORE_MAX_RANGES) * sizeof(Elf64_Phdr) +         \
     NOTES_SIZE)

static uint64_t page_up(uint64_t x)
{
    return (x + CORE_PAGE_SIZE - 1) & ~(uint64_t)(CORE_PAGE_SIZE - 1);
}

static size_t put_note(uint8_t *p, uint32_t type, const void *desc, size_t len)
{
    Elf64_Nhdr n = {.n_namesz = 5, .n_descsz = (Elf64_Word)len, .n_type = type};
    memcpy(p, &n, sizeof(n));
    memcpy(p + sizeof(n), "CORE\0\0\0", 8);
    memcpy(p + sizeof(n) + 8, desc, len);
    return NOTE_SIZE(len);
}

static size_t put_notes(uint8_t *p, const struct core_info *ci)
{
    struct core_prstatus st = {.si_signo = ci->signal,
                               .cursig = (int16_t)ci->signal,
                               .pid = ci->pid,
                               .reg = ci->regs};
    struct core_prpsinfo ps = {.sname = 'R', .pid = ci->pid};
    /* As many as fit, unterminated when all 16 do: gdb compares the
     * image's name with all of them. */
    if (ci->fname)
        memcpy(ps.fname, ci->fname, strnlen(ci->fname, sizeof(ps.fname)));
    snprintf(ps.psargs, sizeof(ps.psargs), "%s", ci->args ? ci->args : "");
    size_t n = put_note(p, NT_PRSTATUS, &st, sizeof(st));
    return n + put_note(p + n, NT_PRPSINFO, &ps, sizeof(ps));
}

/* The headers and notes into buf; the file offset of each range in off. */
static size_t put_headers(uint8_t *buf, const struct core_info *ci,
                          uint64_t off[CORE_MAX_RANGES], uint64_t *end)
{
    unsigned phnum = 1 + ci->nranges;
    Elf64_Ehdr eh = {.e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                                 ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE},
                     .e_type = ET_CORE,
                     .e_machine = EM_X86_64,
                     .e_version = EV_CURRENT,
                     .e_phoff = sizeof(Elf64_Ehdr),
                     .e_ehsize = sizeof(Elf64_Ehdr),
                     .e_phentsize = sizeof(Elf64_Phdr),
                     .e_phnum = (Elf64_Half)phnum};
    memcpy(buf, &eh, sizeof(eh));
    uint64_t notes = sizeof(eh) + phnum * sizeof(Elf64_Phdr);
    Elf64_Phdr ph = {.p_type = PT_NOTE,
                     .p_offset = notes,
                     .p_filesz = NOTES_SIZE,
                     .p_align = 4};
    memcpy(buf + sizeof(eh), &ph, sizeof(ph));
    uint64_t at = page_up(notes + NOTES_SIZE);
    for (unsigned i = 0; i < ci->nranges; i++) {
        const struct core_range *r = &ci->range[i];
        ph = (Elf64_Phdr){.p_type = PT_LOAD,
                          .p_flags = PF_R | PF_W | PF_X,
                          .p_offset = at,
                          .p_vaddr = r->gpa,
                          .p_paddr = r->gpa,
                          .p_filesz = r->size,
                          .p_memsz = r->size,
                          .p_align = CORE_PAGE_SIZE};
        memcpy(buf + sizeof(eh) + (1 + i) * sizeof(ph), &ph, sizeof(ph));
        off[i] = at;
        at += r->size;
    }
    *end = at;
    return notes + put_notes(buf + notes, ci);
}

static int put(int fd, const void *p, size_t len, uint64_t off, char *err,
               size_t errlen)
{
    const uint8_t *b = p;
    while (len) {
        ssize_t w = pwrite(fd, b, len, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return errmsg(err, errlen, "writing at offset 0x%llx: %s",
                          (unsigned long long)off,
                          w < 0 ? strerror(errno) : "nothing written");
        b += w;
        off += (uint64_t)w;
        len -= (size_t)w;
    }
    return 0;
}

static bool page_is_zero(const uint8_t *p)
{
    static const uint8_t zero[CORE_PAGE_SIZE];
    return memcmp(p, zero, sizeof(zero)) == 0;
}

/* A range's pages that hold something, in runs; *last: where it ended. */
static int put_range(int fd, const struct core_range *r, uint64_t off,
                     uint64_t *last, char *err, size_t errlen)
{
    uint64_t run = 0, len = 0; /* the run of non-zero pages being gathered */
    for (uint64_t p = 0; p <= r->size; p += CORE_PAGE_SIZE) {
        if (p < r->size && !page_is_zero(r->host + p)) {
            if (!len)
                run = p;
            len += CORE_PAGE_SIZE;
            continue;
        }
        if (!len)
            continue;
        if (put(fd, r->host + run, len, off + run, err, errlen) < 0)
            return -1;
        *last = off + run + len;
        len = 0;
    }
    return 0;
}

int core_write(int fd, const struct core_info *ci, char *err, size_t errlen)
{
    uint8_t head[HEADERS_MAX];
    uint64_t off[CORE_MAX_RANGES], end, last = 0;
    if (ci->nranges > CORE_MAX_RANGES)
        return errmsg(err, errlen, "%u memory ranges (at most %u)", ci->nranges,
                      CORE_MAX_RANGES);
    for (unsigned i = 0; i < ci->nranges; i++)
        if ((ci->range[i].gpa | ci->range[i].size |
             (uintptr_t)ci->range[i].host) %
            CORE_PAGE_SIZE)
            return errmsg(err, errlen, "memory range %u is not page-aligned",
                          i);
    memset(head, 0, sizeof(head));
    size_t n = put_headers(head, ci, off, &end);
    if (put(fd, head, n, 0, err, errlen) < 0)
        return -1;
    last = n;
    for (unsigned i = 0; i < ci->nranges; i++)
        if (put_range(fd, &ci->range[i], off[i], &last, err, errlen) < 0)
            return -1;
    /* A zero page last: the file still reaches the end of its segments. */
    if (last < end && put(fd, "", 1, end - 1, err, errlen) < 0)
        return -1;
    return 0;
}
