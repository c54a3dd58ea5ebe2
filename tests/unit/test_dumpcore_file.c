/*
 * test_dumpcore_file.c: the ELF core file core_write() makes of fake guest
 * memory (anonymous mappings, a few pages written) and fake registers,
 * read back field by field: the ELF header, the program headers (PT_NOTE,
 * one PT_LOAD per range at vaddr = paddr = its gpa), NT_PRSTATUS (pid,
 * signal, registers at pr_reg) and NT_PRPSINFO, every byte of memory, and
 * the holes where memory held only zeros.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "vmm/dumpcore.h"

#define PAGE 4096u
#define RAM (256 * PAGE)
#define AREA (2 * PAGE)
#define AREA_GPA 0xfeff0000ULL

struct fake {
    uint8_t *ram, *area;
    struct core_info ci;
    char path[64];
    int fd;
};

static uint8_t *map(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(p, MAP_FAILED);
    return p;
}

/* RAM with pages 0, 5 and 255 written, page 6 written back to zeros;
 * the area with its last page written. */
static void fake_guest(struct fake *f, const char *fname)
{
    f->ram = map(RAM);
    f->area = map(AREA);
    memset(f->ram, 0x11, PAGE);
    for (unsigned i = 0; i < PAGE; i++)
        f->ram[5 * PAGE + i] = (uint8_t)i;
    f->ram[6 * PAGE + 7] = 1;
    f->ram[6 * PAGE + 7] = 0;
    memcpy(f->ram + 255 * PAGE + PAGE - 4, "end!", 4);
    memset(f->area + PAGE, 0xa5, PAGE);
    memset(&f->ci, 0, sizeof(f->ci));
    for (unsigned i = 0; i < 27; i++)
        ((uint64_t *)&f->ci.regs)[i] = 0x1000 + i;
    f->ci.signal = SIGILL;
    f->ci.pid = 4242;
    f->ci.fname = fname;
    f->ci.args = "exception-ud.hvt a b";
    f->ci.range[0] = (struct core_range){0, RAM, f->ram};
    f->ci.range[1] = (struct core_range){AREA_GPA, AREA, f->area};
    f->ci.nranges = 2;
    snprintf(f->path, sizeof(f->path), "/tmp/test_dumpcore.XXXXXX");
    f->fd = mkstemp(f->path);
    cr_assert(f->fd >= 0);
}

/* fake_guest(), its core written, the file's size and blocks in *st. */
static void written(struct fake *f, const char *fname, struct stat *st)
{
    char err[256];
    fake_guest(f, fname);
    cr_assert_eq(core_write(f->fd, &f->ci, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(fstat(f->fd, st), 0);
}

static void done(struct fake *f)
{
    close(f->fd);
    unlink(f->path);
    munmap(f->ram, RAM);
    munmap(f->area, AREA);
}

static void *at(const uint8_t *file, uint64_t off)
{
    return (void *)(uintptr_t)(file + off);
}

Test(dumpcore_file, headers_notes_and_memory)
{
    struct fake f;
    struct stat st;
    written(&f, "exception-ud.hvt", &st);
    uint8_t *file = malloc((size_t)st.st_size);
    cr_assert_eq(pread(f.fd, file, (size_t)st.st_size, 0), st.st_size);

    const Elf64_Ehdr *eh = at(file, 0);
    cr_assert_eq(memcmp(eh->e_ident, ELFMAG, SELFMAG), 0);
    cr_assert(eh->e_ident[EI_CLASS] == ELFCLASS64 &&
              eh->e_ident[EI_DATA] == ELFDATA2LSB);
    cr_assert(eh->e_type == ET_CORE && eh->e_machine == EM_X86_64);
    cr_assert(eh->e_phnum == 3 && eh->e_phentsize == sizeof(Elf64_Phdr));
    const Elf64_Phdr *ph = at(file, eh->e_phoff);
    cr_assert_eq(ph[0].p_type, PT_NOTE);
    for (unsigned i = 0; i < 2; i++) {
        const Elf64_Phdr *l = &ph[1 + i];
        const struct core_range *r = &f.ci.range[i];
        cr_assert(l->p_type == PT_LOAD && l->p_vaddr == r->gpa &&
                  l->p_paddr == r->gpa && l->p_filesz == r->size &&
                  l->p_memsz == r->size && l->p_offset % PAGE == 0);
        cr_assert_leq(l->p_offset + l->p_filesz, (uint64_t)st.st_size);
        cr_assert_eq(memcmp(file + l->p_offset, r->host, r->size), 0,
                     "range %u differs", i);
    }
    cr_assert_geq(ph[1].p_offset, ph[0].p_offset + ph[0].p_filesz);
    cr_assert_geq(ph[2].p_offset, ph[1].p_offset + ph[1].p_filesz);
    /* The file ends with the area's last page. */
    cr_assert_eq((uint64_t)st.st_size, ph[2].p_offset + AREA);

    const uint8_t *n = file + ph[0].p_offset;
    const Elf64_Nhdr *nh = (const Elf64_Nhdr *)n;
    cr_assert(nh->n_namesz == 5 && nh->n_type == NT_PRSTATUS &&
              nh->n_descsz == 336);
    cr_assert_str_eq((const char *)(n + sizeof(*nh)), "CORE");
    const uint8_t *st_desc = n + sizeof(*nh) + 8;
    int32_t signo, pid;
    memcpy(&signo, st_desc, 4);
    memcpy(&pid, st_desc + 32, 4);
    cr_assert(signo == SIGILL && pid == 4242);
    cr_assert_eq(memcmp(st_desc + 112, &f.ci.regs, sizeof(f.ci.regs)), 0);
    uint64_t rip;
    memcpy(&rip, st_desc + 112 + 16 * 8, 8); /* user_regs_struct.rip */
    cr_assert_eq(rip, 0x1000 + 16);
    const uint8_t *ps = st_desc + 336;
    nh = (const Elf64_Nhdr *)ps;
    cr_assert(nh->n_namesz == 5 && nh->n_type == NT_PRPSINFO &&
              nh->n_descsz == 136);
    ps += sizeof(*nh) + 8;
    cr_assert_eq(memcmp(ps + 40, "exception-ud.hvt", 16), 0); /* all 16 */
    cr_assert_str_eq((const char *)ps + 56, "exception-ud.hvt a b");
    cr_assert_eq(ps + 136 - (file + ph[0].p_offset), ph[0].p_filesz);
    free(file);
    done(&f);
}

Test(dumpcore_file, zero_pages_are_holes)
{
    struct fake f;
    struct stat st;
    written(&f, "x", &st);
    /* 1 MiB + 8 KiB long; on disk: a page of headers and 4 of memory (the
     * filesystem may round up to its blocks). */
    cr_assert_gt(st.st_size, RAM);
    cr_assert_leq((uint64_t)st.st_blocks * 512, 16 * PAGE, "%lld bytes on disk",
                  (long long)st.st_blocks * 512);
    done(&f);
}

Test(dumpcore_file, a_zero_last_page_still_ends_the_file)
{
    struct fake f;
    char err[256];
    fake_guest(&f, "x");
    f.ci.nranges = 1; /* RAM only, whose last page is written... */
    memset(f.ram + 255 * PAGE, 0, PAGE); /* ...no more */
    cr_assert_eq(core_write(f.fd, &f.ci, err, sizeof(err)), 0, "%s", err);
    struct stat st;
    Elf64_Phdr load;
    cr_assert_eq(fstat(f.fd, &st), 0);
    cr_assert_eq(pread(f.fd, &load, sizeof(load),
                       sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr)),
                 (ssize_t)sizeof(load));
    cr_assert_eq((uint64_t)st.st_size, load.p_offset + RAM);
    done(&f);
}

Test(dumpcore_file, long_names_are_cut)
{
    struct fake f;
    char err[256], fname[16], args[80];
    fake_guest(&f, "a-very-long-image-name.hvt");
    f.ci.args = "a-very-long-image-name.hvt 0123456789 0123456789 0123456789 "
                "0123456789 0123456789";
    cr_assert_eq(core_write(f.fd, &f.ci, err, sizeof(err)), 0, "%s", err);
    off_t ps = sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr) +
               2 * (sizeof(Elf64_Nhdr) + 8) + 336;
    cr_assert_eq(pread(f.fd, fname, 16, ps + 40), 16);
    cr_assert_eq(pread(f.fd, args, 80, ps + 56), 80);
    cr_assert_eq(memcmp(fname, "a-very-long-imag", 16), 0);
    cr_assert_eq(strlen(args), 79);
    done(&f);
}

Test(dumpcore_file, refusals)
{
    struct fake f;
    char err[256];
    fake_guest(&f, "x");
    int ro = open(f.path, O_RDONLY);
    cr_assert_eq(core_write(ro, &f.ci, err, sizeof(err)), -1);
    assert_has(err, "writing at offset 0x0: Bad file descriptor");
    close(ro);
    f.ci.range[1].gpa = AREA_GPA + 8;
    cr_assert_eq(core_write(f.fd, &f.ci, err, sizeof(err)), -1);
    assert_has(err, "memory range 1 is not page-aligned");
    f.ci.nranges = CORE_MAX_RANGES + 1;
    cr_assert_eq(core_write(f.fd, &f.ci, err, sizeof(err)), -1);
    assert_has(err, "memory ranges (at most");
    done(&f);
}
