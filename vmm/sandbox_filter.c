/*
 * sandbox_filter.c: the seccomp allowlist of the run loop (libseccomp),
 * installed on every thread (TSYNC) with no_new_privs, and the kvm_reaper
 * child's one-line filter. What each rule is for:
 *
 *   read/readv, write/writev  the declared fds (eventfds, taps, timerfd;
 *                             reads only: stdin where it is COM1's input)
 *                             and, for writes, stdout and stderr
 *   pread64/preadv            block devices; pwrite64/pwritev writable ones
 *   ioctl                     only the declared (fd, request) pairs: the
 *                             vCPU's KVM_RUN and register reads, the VM's
 *                             KVM_IOEVENTFD / KVM_SIGNAL_MSI / KVM_IRQ_LINE
 *                             where a target uses them
 *   epoll_wait/pwait/ctl      the I/O thread's epoll fd
 *   timerfd_settime           the declared timers (the Xen shim's, COM1's)
 *   ppoll                     hvt POLL (the fds are in memory, not checked;
 *                             polling cannot do anything); COM1's check
 *                             that stdin is still readable
 *   mmap, mprotect            never PROT_EXEC; mmap only anonymous memory
 *                             (malloc); munmap, madvise, mremap, brk
 *   futex, clock_*, time,     locks, condition waits and clocks
 *   gettimeofday, nanosleep,
 *   sched_yield
 *   getrusage(RUSAGE_SELF)    --stats
 *   close                     teardown
 *   tgkill(vmm's own pid)     abort() and the SIGSYS report
 *   getpid, gettid, exit, exit_group, rt_sigreturn, rt_sigprocmask,
 *   restart_syscall
 *   openat(DIR's fd, _,       --dumpcore: the core's file, new, write-only
 *     SANDBOX_DUMP_FLAGS,     (Landlock keeps the name beneath DIR)
 *     SANDBOX_DUMP_MODE)
 *   pwrite64(the fd that      --dumpcore: writing the core; the lowest free
 *     openat will return)     fd number at lock time, as nothing else may
 *                             make an fd afterwards
 *
 * Everything else (open*, execve*, socket, clone, fork, kill of others,
 * ptrace, mount, bpf, ...) traps: SIGSYS, reported then fatal (sandbox.c).
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define NAMES 512 /* x86_64 system call numbers are below this */

static char *names[NAMES];

const char *sandbox_syscall_name(int nr)
{
    return nr >= 0 && nr < NAMES ? names[nr] : NULL;
}

/*
 * What glibc would otherwise do on first use, behind the filter's back:
 * gmtime_r (the CMOS clock) reads the time zone files once.
 */
static void warm_up_libc(void)
{
    tzset();
}

/* Resolved before the filter goes in: the SIGSYS handler cannot allocate. */
static void resolve_names(void)
{
    for (int nr = 0; nr < NAMES; nr++)
        if (!names[nr])
            names[nr] = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
                                                         nr);
}

struct rules {
    scmp_filter_ctx ctx;
    unsigned n;
    int err;      /* first failure (negative errno) */
    const char *what;
};

static void rule(struct rules *r, int nr, const char *what, unsigned cnt,
                 const struct scmp_arg_cmp *args)
{
    int e = seccomp_rule_add_exact_array(r->ctx, SCMP_ACT_ALLOW, nr, cnt,
                                         args);
    if (e < 0 && !r->err) {
        r->err = e;
        r->what = what;
    }
    r->n += e == 0;
}

#define ALLOW(r, name)                                                         \
    rule((r), SCMP_SYS(name), #name, 0, NULL)
#define ALLOW_ARGS(r, name, ...)                                               \
    do {                                                                       \
        const struct scmp_arg_cmp a_[] = {__VA_ARGS__};                        \
        rule((r), SCMP_SYS(name), #name, sizeof(a_) / sizeof(a_[0]), a_);      \
    } while (0)
#define FD_IS(fd) SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)(fd), 0)

static void fd_rules(struct rules *r, int fd, unsigned use)
{
    if (use & SB_READ) {
        ALLOW_ARGS(r, read, FD_IS(fd));
        ALLOW_ARGS(r, readv, FD_IS(fd));
    }
    if (use & SB_WRITE) {
        ALLOW_ARGS(r, write, FD_IS(fd));
        ALLOW_ARGS(r, writev, FD_IS(fd));
    }
    if (use & SB_PREAD) {
        ALLOW_ARGS(r, pread64, FD_IS(fd));
        ALLOW_ARGS(r, preadv, FD_IS(fd));
    }
    if (use & SB_PWRITE) {
        ALLOW_ARGS(r, pwrite64, FD_IS(fd));
        ALLOW_ARGS(r, pwritev, FD_IS(fd));
    }
    if (use & SB_EPOLL) {
        ALLOW_ARGS(r, epoll_wait, FD_IS(fd));
        ALLOW_ARGS(r, epoll_pwait, FD_IS(fd));
        ALLOW_ARGS(r, epoll_ctl, FD_IS(fd));
    }
    if (use & SB_TIMERFD)
        ALLOW_ARGS(r, timerfd_settime, FD_IS(fd));
}

static void common_rules(struct rules *r)
{
    static const char *const plain[] = {
        "futex",        "clock_gettime",   "clock_getres", "clock_nanosleep",
        "nanosleep",    "gettimeofday",    "time",         "ppoll",
        "sched_yield",  "munmap",          "madvise",      "mremap",
        "brk",          "close",           "getpid",       "gettid",
        "exit",         "exit_group",      "rt_sigreturn", "rt_sigprocmask",
        "restart_syscall",
    };
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
        rule(r, seccomp_syscall_resolve_name(plain[i]), plain[i], 0, NULL);
    ALLOW_ARGS(r, mmap, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0),
               SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, MAP_ANONYMOUS));
    ALLOW_ARGS(r, mprotect, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    ALLOW_ARGS(r, getrusage, SCMP_A0(SCMP_CMP_EQ, RUSAGE_SELF, 0));
    ALLOW_ARGS(r, tgkill, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0));
    for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++) {
        ALLOW_ARGS(r, write, FD_IS(fd));
        ALLOW_ARGS(r, writev, FD_IS(fd));
    }
}

/* --dumpcore (sandbox.h): one new file in DIR, written with pwrite64. */
static int dump_rules(struct rules *r, struct sandbox *sb, char *err,
                      size_t errlen)
{
    /* The number openat will hand out: the lowest free one, now. */
    sb->dump_fd = fcntl(sb->dump_dirfd, F_DUPFD_CLOEXEC, 0);
    if (sb->dump_fd < 0) {
        snprintf(err, errlen, "no fd left for the core: %s", strerror(errno));
        return -1;
    }
    close(sb->dump_fd);
    ALLOW_ARGS(r, openat, FD_IS(sb->dump_dirfd),
               SCMP_A2(SCMP_CMP_EQ, SANDBOX_DUMP_FLAGS, 0),
               SCMP_A3(SCMP_CMP_EQ, SANDBOX_DUMP_MODE, 0));
    ALLOW_ARGS(r, pwrite64, FD_IS(sb->dump_fd));
    return 0;
}

static int load(struct rules *r, bool tsync, char *err, size_t errlen)
{
    int e = r->err;
    if (e < 0) {
        snprintf(err, errlen, "seccomp rule for %s: %s", r->what,
                 strerror(-e));
        return -1;
    }
    if ((e = seccomp_attr_set(r->ctx, SCMP_FLTATR_ACT_BADARCH,
                              SCMP_ACT_KILL_PROCESS)) < 0 ||
        (tsync && (e = seccomp_attr_set(r->ctx, SCMP_FLTATR_CTL_TSYNC, 1)) <
                      0) ||
        (e = seccomp_load(r->ctx)) < 0) {
        snprintf(err, errlen, "installing the seccomp filter: %s",
                 strerror(-e));
        return -1;
    }
    return 0;
}

int sandbox_lock(struct sandbox *sb, char *err, size_t errlen)
{
    if (sb->off)
        return 0;
    resolve_names();
    warm_up_libc();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        return -1;
    }
    if (sandbox_report_violations(err, errlen) < 0)
        return -1;
    struct rules r = {.ctx = seccomp_init(SCMP_ACT_TRAP)};
    if (!r.ctx) {
        snprintf(err, errlen, "seccomp_init failed");
        return -1;
    }
    common_rules(&r);
    if (sb->dump && dump_rules(&r, sb, err, errlen) < 0) {
        seccomp_release(r.ctx);
        return -1;
    }
    for (unsigned i = 0; i < sb->nfd; i++)
        fd_rules(&r, sb->fd[i].fd, sb->fd[i].use);
    for (unsigned i = 0; i < sb->nioctl; i++)
        ALLOW_ARGS(&r, ioctl, FD_IS(sb->ioctl[i].fd),
                   SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu,
                           (scmp_datum_t)sb->ioctl[i].request));
    int ret = load(&r, true, err, errlen);
    sb->nrules = r.n;
    seccomp_release(r.ctx);
    sb->locked = ret == 0;
    return ret;
}

int sandbox_reaper(int fd)
{
    char err[160];
    cap_t none = cap_init();
    if (!none)
        return -1;
    for (cap_value_t c = 0; CAP_IS_SUPPORTED(c); c++)
        cap_drop_bound(c); /* fails harmlessly when unprivileged */
    int r = cap_set_proc(none);
    cap_free(none);
    if (r < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -1;
    struct rules rs = {.ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)};
    if (!rs.ctx)
        return -1;
    ALLOW_ARGS(&rs, read, FD_IS(fd));
    ALLOW(&rs, exit_group);
    ALLOW(&rs, exit);
    ALLOW(&rs, rt_sigreturn);
    ALLOW(&rs, restart_syscall);
    r = load(&rs, false, err, sizeof(err));
    seccomp_release(rs.ctx);
    return r;
}
