/*
 * test_dumpcore.c: --dumpcore without KVM: the option, the statuses that
 * dump, the registers (the vCPU's, or a trap record's), and the ELF core
 * file core_write() makes of fake guest memory and registers, read back
 * field by field (header, program headers, notes, memory, holes).
 */
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "vmm/cli.h"
#include "vmm/dumpcore.h"

#define PAGE 4096u

/* cli_parse_run over copies of the arguments; its err in err. */
static int parse(struct run_opts *o, char *err, const char *a0, const char *a1,
                 const char *a2)
{
    static char args[3][64];
    char *argv[3];
    const char *in[3] = {a0, a1, a2};
    int argc = 0;
    for (; argc < 3 && in[argc]; argc++)
        argv[argc] = strcpy(args[argc], in[argc]);
    return cli_parse_run(argc, argv, o, err, 256);
}

Test(dumpcore, option)
{
    struct run_opts o;
    char err[256];
    cr_assert_eq(parse(&o, err, "--dumpcore=/var/cores", "app.hvt", NULL), 0,
                 "%s", err);
    cr_assert_str_eq(o.dumpcore, "/var/cores");
    cr_assert_eq(parse(&o, err, "app.hvt", NULL, NULL), 0);
    cr_assert_null(o.dumpcore);
    cr_assert_eq(parse(&o, err, "--dumpcore=", "app.hvt", NULL), -1);
    assert_has(err, "--dumpcore=DIR: no directory given");
    cr_assert_eq(parse(&o, err, "--dumpcore", "/var/cores", "app.hvt"), -1);
    assert_has(err, "unknown option --dumpcore");
}

Test(dumpcore, which_statuses_dump)
{
    for (int s = 0; s <= 255; s++)
        cr_assert_eq(dumpcore_wanted(s), s >= 252, "status %d", s);
}

static void vcpu(struct kvm_regs *r, struct kvm_sregs *s)
{
    memset(r, 0, sizeof(*r));
    memset(s, 0, sizeof(*s));
    r->rax = 0xa0, r->rbx = 0xb0, r->rcx = 0xc0, r->rdx = 0xd0;
    r->rsi = 0x51, r->rdi = 0xd1, r->rsp = 0x5b, r->rbp = 0xbb;
    r->r8 = 8, r->r9 = 9, r->r10 = 10, r->r11 = 11, r->r12 = 12;
    r->r13 = 13, r->r14 = 14, r->r15 = 15, r->rip = 0x1234, r->rflags = 2;
    s->cs.selector = 0x43, s->ss.selector = 0x3b, s->ds.selector = 0x10;
    s->es.selector = 0x18, s->fs.selector = 0x20, s->gs.selector = 0x28;
    s->fs.base = 0xf5000, s->gs.base = 0x65000;
}

Test(dumpcore, registers_of_the_vcpu)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    struct core_regs c;
    int sig;
    vcpu(&r, &s);
    dumpcore_regs(&r, &s, NULL, 0, 255, &c, &sig);
    cr_assert_eq(sig, SIGABRT);
    cr_assert(c.rax == 0xa0 && c.rbx == 0xb0 && c.rcx == 0xc0 &&
              c.rdx == 0xd0 && c.rsi == 0x51 && c.rdi == 0xd1 &&
              c.rsp == 0x5b && c.rbp == 0xbb && c.r8 == 8 && c.r15 == 15 &&
              c.rip == 0x1234 && c.rflags == 2);
    cr_assert(c.cs == 0x43 && c.ss == 0x3b && c.ds == 0x10 && c.es == 0x18 &&
              c.fs == 0x20 && c.gs == 0x28);
    cr_assert(c.fs_base == 0xf5000 && c.gs_base == 0x65000);
    cr_assert_eq(c.orig_rax, ~0ULL);
    dumpcore_regs(&r, &s, NULL, 0, 254, &c, &sig);
    cr_assert_eq(sig, SIGSEGV);
    dumpcore_regs(&r, &s, NULL, 0, 253, &c, &sig);
    cr_assert_eq(sig, SIGSYS);
    dumpcore_regs(&r, &s, NULL, 0, 252, &c, &sig);
    cr_assert_eq(sig, SIGBUS);
}

static struct x86_trap_record record(void)
{
    return (struct x86_trap_record){.cr2 = 0xc2,
                                    .error = 4,
                                    .rip = 0x100000,
                                    .cs = 0x8,
                                    .rflags = 0x46,
                                    .rsp = 0x1fff0,
                                    .ss = 0x10,
                                    .magic = X86_TRAP_RECORD_MAGIC,
                                    .vector = 6,
                                    .r15 = 0xf15,
                                    .r14 = 0xf14,
                                    .r13 = 0xf13,
                                    .r12 = 0xf12,
                                    .r11 = 0xf11,
                                    .r10 = 0xf10,
                                    .r9 = 0xf9,
                                    .r8 = 0xf8,
                                    .rbp = 0xfbb,
                                    .rdi = 0xfd1,
                                    .rsi = 0xf51,
                                    .rdx = 0xfd0,
                                    .rcx = 0xfc0,
                                    .rbx = 0xfb0,
                                    .rax = 0xfa0};
}

/* The core's registers from the vCPU of vcpu() and rec (rec_len bytes). */
static struct core_regs regs_with(const struct x86_trap_record *rec,
                                  size_t rec_len, int *sig)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    struct core_regs c;
    vcpu(&r, &s);
    dumpcore_regs(&r, &s, rec, rec_len, 255, &c, sig);
    return c;
}

Test(dumpcore, registers_of_a_solo5_trap_frame)
{
    struct x86_trap_record rec = record();
    int sig;
    /* Solo5's part alone: five registers from it, the rest the vCPU's. */
    struct core_regs c = regs_with(&rec, X86_TRAP_RECORD_SOLO5_SIZE, &sig);
    cr_assert(c.rip == 0x100000 && c.cs == 0x8 && c.rflags == 0x46 &&
              c.rsp == 0x1fff0 && c.ss == 0x10);
    cr_assert(c.rax == 0xa0 && c.r15 == 15 && c.rbp == 0xbb);
    cr_assert_eq(sig, SIGSEGV);
    /* The whole record but no magic: the same. */
    rec.magic = 0;
    c = regs_with(&rec, sizeof(rec), &sig);
    cr_assert(c.rip == 0x100000 && c.rax == 0xa0 && c.r15 == 15);
    /* Too short for Solo5's part: no record at all. */
    c = regs_with(&rec, X86_TRAP_RECORD_SOLO5_SIZE - 1, &sig);
    cr_assert(c.rip == 0x1234 && sig == SIGABRT);
}

Test(dumpcore, registers_of_vmms_trap_record)
{
    struct x86_trap_record rec = record();
    int sig;
    struct core_regs c = regs_with(&rec, sizeof(rec), &sig);
    cr_assert(c.rip == 0x100000 && c.rsp == 0x1fff0 && c.cs == 0x8);
    cr_assert(c.r15 == 0xf15 && c.r14 == 0xf14 && c.r13 == 0xf13 &&
              c.r12 == 0xf12 && c.r11 == 0xf11 && c.r10 == 0xf10 &&
              c.r9 == 0xf9 && c.r8 == 0xf8 && c.rbp == 0xfbb &&
              c.rdi == 0xfd1 && c.rsi == 0xf51 && c.rdx == 0xfd0 &&
              c.rcx == 0xfc0 && c.rbx == 0xfb0 && c.rax == 0xfa0);
    cr_assert(c.fs_base == 0xf5000 && c.ds == 0x10); /* still the vCPU's */
    cr_assert_eq(sig, SIGILL);
    static const struct {
        uint64_t vector;
        int sig;
    } v[] = {{0, SIGFPE},   {3, SIGTRAP}, {13, SIGSEGV},
             {14, SIGSEGV}, {17, SIGBUS}, {19, SIGFPE}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        rec.vector = v[i].vector;
        regs_with(&rec, sizeof(rec), &sig);
        cr_assert_eq(sig, v[i].sig, "vector %lu", (unsigned long)v[i].vector);
    }
}
