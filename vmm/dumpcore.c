/*
 * dumpcore.c: --dumpcore=DIR in vmm's run sequence (dumpcore.h): DIR
 * opened at start and checked once capabilities are gone, the sandbox's
 * right to one file there, and after the run loop the core itself: the
 * vCPU's registers (or the trap's, from the guest's trap record), guest
 * memory, and one line saying where it went.
 */
#include "dumpcore.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "errmsg.h"
#include "exit_status.h"
#include "vmm.h"

bool dumpcore_wanted(int status)
{
    return status == VMM_EXIT_ABORT || status == VMM_EXIT_TRIPLE_FAULT ||
           status == VMM_EXIT_UNEXPECTED || status == VMM_EXIT_BAD_HYPERCALL;
}

/* What a process would have died of, for gdb's "terminated with signal". */
static int signal_of(int status, const struct x86_trap_record *rec, bool ext)
{
    if (status == VMM_EXIT_BAD_HYPERCALL)
        return SIGSYS;
    if (status == VMM_EXIT_UNEXPECTED)
        return SIGBUS;
    if (status == VMM_EXIT_ABORT && !rec)
        return SIGABRT;
    if (!ext)
        return SIGSEGV;
    switch (rec->vector) {
    case 0:
    case 7:
    case 16:
    case 19: /* #DE #NM #MF #XM */
        return SIGFPE;
    case 1:
    case 3: /* #DB #BP */
        return SIGTRAP;
    case 6: /* #UD */
        return SIGILL;
    case 12:
    case 17: /* #SS #AC */
        return SIGBUS;
    default:
        return SIGSEGV;
    }
}

void dumpcore_regs(const struct kvm_regs *r, const struct kvm_sregs *s,
                   const struct x86_trap_record *rec, size_t rec_len,
                   int status, struct core_regs *out, int *signal)
{
    /* clang-format off */
    *out = (struct core_regs){
        .r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12,
        .rbp = r->rbp, .rbx = r->rbx, .r11 = r->r11, .r10 = r->r10,
        .r9 = r->r9, .r8 = r->r8, .rax = r->rax, .rcx = r->rcx,
        .rdx = r->rdx, .rsi = r->rsi, .rdi = r->rdi, .orig_rax = ~0ULL,
        .rip = r->rip, .cs = s->cs.selector, .rflags = r->rflags,
        .rsp = r->rsp, .ss = s->ss.selector, .fs_base = s->fs.base,
        .gs_base = s->gs.base, .ds = s->ds.selector, .es = s->es.selector,
        .fs = s->fs.selector, .gs = s->gs.selector};
    /* clang-format on */
    if (rec_len < X86_TRAP_RECORD_SOLO5_SIZE)
        rec = NULL;
    bool ext =
        rec && rec_len >= sizeof(*rec) && rec->magic == X86_TRAP_RECORD_MAGIC;
    *signal = signal_of(status, rec, ext);
    if (!rec)
        return;
    out->rip = rec->rip;
    out->cs = rec->cs;
    out->rflags = rec->rflags;
    out->rsp = rec->rsp;
    out->ss = rec->ss;
    if (!ext)
        return;
    out->r15 = rec->r15, out->r14 = rec->r14, out->r13 = rec->r13;
    out->r12 = rec->r12, out->r11 = rec->r11, out->r10 = rec->r10;
    out->r9 = rec->r9, out->r8 = rec->r8, out->rbp = rec->rbp;
    out->rdi = rec->rdi, out->rsi = rec->rsi, out->rdx = rec->rdx;
    out->rcx = rec->rcx, out->rbx = rec->rbx, out->rax = rec->rax;
}

/* DIR may be written to with the credentials vmm has now. */
static int check_writable(struct vmm *v, const char *when)
{
    if (faccessat(v->dump.dirfd, ".", W_OK | X_OK, AT_EACCESS) == 0)
        return 0;
    fprintf(stderr, "vmm: --dumpcore=%s: cannot create files there%s: %s\n",
            v->opts->dumpcore, when, strerror(errno));
    return -1;
}

int dumpcore_open(struct vmm *v)
{
    const char *dir = v->opts->dumpcore;
    v->dump.dirfd = -1;
    v->dump.trap_gpa = 0;
    if (!dir)
        return 0;
    v->dump.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (v->dump.dirfd < 0) {
        fprintf(stderr, "vmm: --dumpcore=%s: %s\n", dir,
                errno == ENOTDIR ? "not a directory" : strerror(errno));
        return -1;
    }
    snprintf(v->dump.name, sizeof(v->dump.name), "core.vmm.%d", (int)getpid());
    char err[256];
    if (check_writable(v, "") < 0)
        return -1;
    if (!v->opts->debug_unsafe && sandbox_dump_supported(err, sizeof(err))) {
        fprintf(stderr, "vmm: --dumpcore=%s: %s\n", dir, err);
        return -1;
    }
    return 0;
}

int dumpcore_sandbox(struct vmm *v)
{
    static const unsigned long regs[] = {KVM_GET_REGS, KVM_GET_SREGS};
    char err[256];
    if (v->dump.dirfd < 0)
        return 0;
    if (check_writable(v, v->sandbox.off ? ""
                                         : " once vmm has dropped its "
                                           "capabilities") < 0)
        return -1;
    if (sandbox_allow_dump(&v->sandbox, v->dump.dirfd, err, sizeof(err))) {
        fprintf(stderr, "vmm: %s: sandbox: %s\n", v->image, err);
        return -1;
    }
    vmm_sandbox_vcpu(v, regs, sizeof(regs) / sizeof(regs[0]));
    return 0;
}

/* The trap record: hvt's HALT cookie, or where %r15 points (magic). */
static size_t trap_record(struct vmm *v, int status, const struct kvm_regs *r,
                          struct x86_trap_record *rec)
{
    const struct guest_mem *m = &v->vm.mem;
    if (status != VMM_EXIT_ABORT)
        return 0;
    if (v->dump.trap_gpa) {
        if (gmem_read(m, v->dump.trap_gpa, rec, sizeof(*rec)))
            return sizeof(*rec);
        return gmem_read(m, v->dump.trap_gpa, rec, X86_TRAP_RECORD_SOLO5_SIZE)
                   ? X86_TRAP_RECORD_SOLO5_SIZE
                   : 0;
    }
    if (r->r15 && gmem_read(m, r->r15, rec, sizeof(*rec)) &&
        rec->magic == X86_TRAP_RECORD_MAGIC)
        return sizeof(*rec);
    return 0;
}

static void command_line(const struct run_opts *o, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "%s", o->image);
    for (int i = 0; i < o->guest_argc && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, " %s", o->guest_argv[i]);
}

/*
 * KVM on AMD (SVM) resets the vCPU at a triple fault (its VMCB is undefined
 * after the shutdown): the registers are then the reset vector's.
 */
static bool was_reset(int status, const struct kvm_regs *r,
                      const struct kvm_sregs *s)
{
    return status == VMM_EXIT_TRIPLE_FAULT && r->rip == 0xfff0 &&
           s->cs.selector == 0xf000 && !(s->cr0 & 1);
}

/* Everything but the file: registers, memory, names. 0, or -1 with err. */
static int gather(struct vmm *v, int status, struct core_info *ci, char *args,
                  size_t argslen, bool *reset, char *err, size_t errlen)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    struct x86_trap_record rec;
    if (ioctl(v->vm.vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(v->vm.vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return errmsg(err, errlen, "reading the vCPU's registers: %s",
                      strerror(errno));
    *reset = was_reset(status, &r, &s);
    size_t rec_len = trap_record(v, status, &r, &rec);
    dumpcore_regs(&r, &s, rec_len ? &rec : NULL, rec_len, status, &ci->regs,
                  &ci->signal);
    const char *base = strrchr(v->image, '/');
    ci->fname = base ? base + 1 : v->image;
    command_line(v->opts, args, argslen);
    ci->args = args;
    ci->pid = (int)getpid();
    ci->range[0] = (struct core_range){0, v->vm.mem.size, v->vm.mem.base};
    ci->nranges = 1;
    if (v->vm.region)
        ci->range[ci->nranges++] = (struct core_range){
            v->vm.region_gpa, v->vm.region_size, v->vm.region};
    return 0;
}

void dumpcore_stopped(struct vmm *v, int status)
{
    const char *dir = v->opts->dumpcore;
    const char *slash = dir && dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    char err[256], args[128];
    struct core_info ci;
    bool reset = false;
    if (v->dump.dirfd < 0 || !dumpcore_wanted(status))
        return;
    memset(&ci, 0, sizeof(ci));
    if (gather(v, status, &ci, args, sizeof(args), &reset, err, sizeof(err)) <
        0)
        goto fail;
    int fd = openat(v->dump.dirfd, v->dump.name, SANDBOX_DUMP_FLAGS,
                    SANDBOX_DUMP_MODE);
    if (fd < 0) {
        errmsg(err, sizeof(err), "%s", strerror(errno));
        goto fail;
    }
    /* The sandbox lets vmm write to the one fd number it expected. */
    if (v->sandbox.locked && fd != v->sandbox.dump_fd) {
        close(fd);
        errmsg(err, sizeof(err),
               "it was opened as fd %d, not fd %d as the "
               "sandbox expects (left empty)",
               fd, v->sandbox.dump_fd);
        goto fail;
    }
    int r = core_write(fd, &ci, err, sizeof(err));
    close(fd);
    if (r < 0)
        goto fail;
    fprintf(stderr, "vmm: core dumped to %s%s%s\n", dir, slash, v->dump.name);
    if (reset)
        fprintf(stderr, "vmm: its registers are a reset vCPU's: KVM resets "
                        "the vCPU at a triple fault on AMD (SVM); its "
                        "memory is the guest's\n");
    return;
fail:
    fprintf(stderr, "vmm: could not write a core to %s%s%s: %s\n", dir, slash,
            v->dump.name, err);
}

void dumpcore_close(struct vmm *v)
{
    if (v->dump.dirfd >= 0)
        close(v->dump.dirfd);
    v->dump.dirfd = -1;
}
