/*
 * test_tls_check_elf.c: what `vmm tls-check` reads from a conformance image
 * (tools/tls-check/elf.c) and the reference expressions evaluated against
 * it (tc_eval in tools/tls-check/eval.c).
 */
#include <elf.h>
#include <string.h>

#include "tools/tls-check/tls_check.h"
#include "unit.h"

/*
 * A small ELF64 x86_64 image: PT_TLS (16 bytes of .tdata, memsz 32, align
 * 64) and a symbol table with TLS symbols v8 (8 bytes at 0), b3 (3 bytes
 * at 8), z8 (in .tbss), cross (8 bytes at 12: half .tdata, half .tbss),
 * big (16 bytes), far (past the image) and a function called notls.
 */
#define TDATA_OFF 128
#define SYMTAB_OFF 256
#define NSYMS 8
#define STRTAB_OFF (SYMTAB_OFF + NSYMS * sizeof(Elf64_Sym))
#define SHDR_OFF 512
#define IMAGE_LEN (SHDR_OFF + 3 * sizeof(Elf64_Shdr))

static uint8_t img[IMAGE_LEN];
static char err[256];

static const uint8_t tdata[16] = {0x08, 0x7d, 0, 0,    0, 0,    0, 0,
                                  0x7b, 0x7c, 0x7d, 0, 0x11, 0x22, 0x33, 0x44};

static void build(void)
{
    static const char strs[] = "\0v8\0b3\0z8\0cross\0big\0far\0notls";
    static const struct {
        unsigned name;
        unsigned char type;
        uint64_t value, size;
    } syms[NSYMS] = {
        {0, 0, 0, 0},           {1, STT_TLS, 0, 8},    {4, STT_TLS, 8, 3},
        {7, STT_TLS, 16, 8},    {10, STT_TLS, 12, 8},  {16, STT_TLS, 0, 16},
        {20, STT_TLS, 100, 8},  {24, STT_FUNC, 0, 8},
    };
    Elf64_Ehdr eh = {0};
    Elf64_Phdr ph = {0};
    Elf64_Shdr sh[3] = {{0}};

    memset(img, 0, sizeof(img));
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_phoff = sizeof(eh);
    eh.e_phentsize = sizeof(ph);
    eh.e_phnum = 1;
    eh.e_shoff = SHDR_OFF;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = 3;
    eh.e_ehsize = sizeof(eh);
    memcpy(img, &eh, sizeof(eh));

    ph.p_type = PT_TLS;
    ph.p_offset = TDATA_OFF;
    ph.p_vaddr = ph.p_paddr = 0x104000;
    ph.p_filesz = 16;
    ph.p_memsz = 32;
    ph.p_align = 64;
    memcpy(img + sizeof(eh), &ph, sizeof(ph));
    memcpy(img + TDATA_OFF, tdata, sizeof(tdata));

    for (unsigned i = 0; i < NSYMS; i++) {
        Elf64_Sym s = {0};
        s.st_name = syms[i].name;
        s.st_info = ELF64_ST_INFO(STB_GLOBAL, syms[i].type);
        s.st_value = syms[i].value;
        s.st_size = syms[i].size;
        memcpy(img + SYMTAB_OFF + i * sizeof(s), &s, sizeof(s));
    }
    memcpy(img + STRTAB_OFF, strs, sizeof(strs));

    sh[1].sh_type = SHT_SYMTAB;
    sh[1].sh_offset = SYMTAB_OFF;
    sh[1].sh_size = NSYMS * sizeof(Elf64_Sym);
    sh[1].sh_entsize = sizeof(Elf64_Sym);
    sh[1].sh_link = 2;
    sh[2].sh_type = SHT_STRTAB;
    sh[2].sh_offset = STRTAB_OFF;
    sh[2].sh_size = sizeof(strs);
    memcpy(img + SHDR_OFF, sh, sizeof(sh));
}

static Elf64_Phdr *phdr(void)
{
    return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr));
}

static Elf64_Ehdr *ehdr(void)
{
    return (Elf64_Ehdr *)img;
}

static uint64_t value_of(const char *sym)
{
    uint64_t v = 0xdead;
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), sym, &v, err, sizeof(err)),
                 0, "%s: %s", sym, err);
    return v;
}

static void refused(const char *sym, const char *why)
{
    uint64_t v;
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), sym, &v, err, sizeof(err)),
                 -1, "%s accepted", sym);
    assert_has(err, why);
}

Test(tls_check_elf, pt_tls)
{
    struct tc_tls t;
    build();
    cr_assert_eq(tc_elf_tls(img, sizeof(img), &t, err, sizeof(err)), 0, "%s",
                 err);
    cr_assert_eq(t.offset, TDATA_OFF);
    cr_assert_eq(t.filesz, 16);
    cr_assert_eq(t.memsz, 32);
    cr_assert_eq(t.align, 64);
}

Test(tls_check_elf, initial_values_little_endian_zero_in_tbss)
{
    build();
    cr_assert_eq(value_of("v8"), 0x7d08);
    cr_assert_eq(value_of("b3"), 0x7d7c7b);
    cr_assert_eq(value_of("z8"), 0);
    cr_assert_eq(value_of("cross"), 0x44332211);
}

Test(tls_check_elf, refusals_name_the_problem)
{
    build();
    refused("nosuch", "no __thread variable nosuch");
    refused("notls", "no __thread variable notls");
    refused("big", "16 bytes");
    refused("far", "offset 100");
    refused("v", "no __thread variable v"); /* a prefix of v8 is not v8 */
}

Test(tls_check_elf, image_problems)
{
    struct tc_tls t;
    uint64_t v;

    build();
    cr_assert_eq(tc_elf_tls(img, 10, &t, err, sizeof(err)), -1);
    assert_has(err, "not an ELF file");

    build();
    img[EI_CLASS] = ELFCLASS32;
    cr_assert_eq(tc_elf_tls(img, sizeof(img), &t, err, sizeof(err)), -1);
    assert_has(err, "ELF64 x86_64");

    build();
    phdr()->p_type = PT_LOAD;
    cr_assert_eq(tc_elf_tls(img, sizeof(img), &t, err, sizeof(err)), -1);
    assert_has(err, "no PT_TLS");

    build();
    phdr()->p_filesz = 64;
    cr_assert_eq(tc_elf_tls(img, sizeof(img), &t, err, sizeof(err)), -1);
    assert_has(err, "PT_TLS");

    build();
    ehdr()->e_phnum = 60000;
    cr_assert_eq(tc_elf_tls(img, sizeof(img), &t, err, sizeof(err)), -1);
    assert_has(err, "program headers outside the file");

    build();
    ehdr()->e_shnum = 0; /* stripped */
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), "v8", &v, err, sizeof(err)),
                 -1);
    assert_has(err, "no symbol table");

    build();
    ehdr()->e_shoff = IMAGE_LEN - 8;
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), "v8", &v, err, sizeof(err)),
                 -1);
    assert_has(err, "section headers outside the file");

    build();
    ((Elf64_Shdr *)(img + SHDR_OFF))[1].sh_link = 7;
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), "v8", &v, err, sizeof(err)),
                 -1);
    assert_has(err, "symbol table");

    build();
    ((Elf64_Shdr *)(img + SHDR_OFF))[1].sh_size = 1 << 20;
    cr_assert_eq(tc_elf_tls_value(img, sizeof(img), "v8", &v, err, sizeof(err)),
                 -1);
    assert_has(err, "outside the file");
}

/* tc_eval against this image. */
static struct tc_expect eval(const char *expr)
{
    struct tc_image im = {.target = "hvt", .buf = img, .len = sizeof(img)};
    struct tc_expect e;
    tc_eval(expr, "hvt", "vmm", &im, &e);
    return e;
}

static void exact(const char *expr, const char *want)
{
    struct tc_expect e = eval(expr);
    cr_assert_eq(e.kind, TC_EXACT, "%s: kind %d (%s)", expr, e.kind, e.text);
    cr_assert_str_eq(e.text, want, "%s", expr);
}

Test(tls_check_eval, from_the_image)
{
    build();
    exact("{p_filesz}", "16");
    exact("{p_memsz}", "32");
    exact("{p_align}", "64");
    /* (64 - 1) + round_up(32, 64) + 8 */
    exact("{tls_size}", "135");
    exact("{tls:v8}", "0x7d08");
    exact("{tls:b3}", "0x7d7c7b");
    exact("{tls:z8}", "0x0");
    exact("{target}", "hvt");
}

Test(tls_check_eval, tls_size_small_and_odd_alignment)
{
    build();
    phdr()->p_align = 4; /* tp still 8-aligned for the TCB word */
    phdr()->p_memsz = 30;
    exact("{tls_size}", "47"); /* 7 + 32 + 8 */
    phdr()->p_align = 0;
    exact("{tls_size}", "45"); /* 7 + 30 + 8 */
}

Test(tls_check_eval, literal_any_below)
{
    struct tc_expect e;
    exact("0xaaaa", "0xaaaa");
    exact("EINVAL", "EINVAL");
    exact("{", "{");
    e = eval("any:wrfsbase|wrmsr");
    cr_assert_eq(e.kind, TC_ANY);
    cr_assert_str_eq(e.text, "wrfsbase|wrmsr");
    e = eval("below:0.01");
    cr_assert_eq(e.kind, TC_BELOW);
    cr_assert_str_eq(e.text, "< 0.01");
    cr_assert_float_eq(e.limit, 0.01, 1e-12);
    e = eval("below:x");
    cr_assert_eq(e.kind, TC_BAD);
    assert_has(e.text, "bad limit");
}

Test(tls_check_eval, what_cannot_be_computed)
{
    struct tc_expect e;
    build();
    e = eval("{tls:nosuch}");
    cr_assert_eq(e.kind, TC_BAD);
    assert_has(e.text, "no __thread variable nosuch");
    e = eval("{p_size}");
    cr_assert_eq(e.kind, TC_BAD);
    assert_has(e.text, "unknown reference {p_size}");

    tc_eval("{p_align}", "virtio", "qemu", NULL, &e);
    cr_assert_eq(e.kind, TC_BAD);
    assert_has(e.text, "no virtio image");
    struct tc_image none = {.target = "virtio", .why = "cannot read it"};
    tc_eval("{p_align}", "virtio", "qemu", &none, &e);
    assert_has(e.text, "cannot read it");
    /* {target} needs no image */
    tc_eval("{target}", "virtio", "qemu", NULL, &e);
    cr_assert_eq(e.kind, TC_EXACT);
    cr_assert_str_eq(e.text, "virtio");
}

Test(tls_check_eval, fsbase_by_is_wrmsr_only_where_the_cpu_lacks_fsgsbase)
{
    struct tc_expect e;
    tc_eval("{fsbase_by}", "virtio", "qemu-wrmsr", NULL, &e);
    cr_assert_eq(e.kind, TC_EXACT);
    cr_assert_str_eq(e.text, "wrmsr");
    static const char *const hosts[] = {"vmm", "vmm-box", "qemu",
                                        "iso-bios", "iso-uefi"};
    for (unsigned i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
        tc_eval("{fsbase_by}", "virtio", hosts[i], NULL, &e);
        cr_assert_eq(e.kind, TC_ANY, "%s", hosts[i]);
        cr_assert_str_eq(e.text, "wrfsbase|wrmsr", "%s", hosts[i]);
    }
}
