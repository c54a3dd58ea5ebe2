/*
 * sandbox.c: dropping capabilities, refusing READ_IMPLIES_EXEC, and the
 * SIGSYS report of a forbidden system call (the filter itself is
 * sandbox_filter.c).
 */
#include "sandbox.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errmsg.h"

void sandbox_allow_fd(struct sandbox *sb, int fd, unsigned use)
{
    if (fd < 0)
        return;
    for (unsigned i = 0; i < sb->nfd; i++)
        if (sb->fd[i].fd == fd) {
            sb->fd[i].use |= use;
            return;
        }
    if (sb->nfd < SANDBOX_MAX_FDS) {
        sb->fd[sb->nfd].fd = fd;
        sb->fd[sb->nfd++].use = use;
    }
}

void sandbox_allow_ioctl(struct sandbox *sb, int fd, unsigned long request)
{
    if (fd >= 0 && sb->nioctl < SANDBOX_MAX_IOCTLS) {
        sb->ioctl[sb->nioctl].fd = fd;
        sb->ioctl[sb->nioctl++].request = request;
    }
}

int sandbox_check_personality(char *err, size_t errlen)
{
    int p = personality(0xffffffff);
    if (p != -1 && (p & READ_IMPLIES_EXEC))
        return errmsg(err, errlen,
                    "the process personality has READ_IMPLIES_EXEC (every "
                    "readable mapping executable): vmm refuses to run so");
    return 0;
}

/* Empty every capability set of this thread, the bounding set first. */
static int drop_all_caps(struct sandbox *sb, char *err, size_t errlen)
{
    cap_flag_value_t setpcap = CAP_CLEAR;
    cap_t cur = cap_get_proc();
    if (cur) {
        cap_get_flag(cur, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
        cap_free(cur);
    }
    sb->bounding_kept = false;
    for (cap_value_t c = 0; CAP_IS_SUPPORTED(c); c++) {
        if (cap_get_bound(c) != 1)
            continue;
        if (cap_drop_bound(c) == 0)
            continue;
        /* Only CAP_SETPCAP may shrink it; without it there is nothing to
         * use the bounding set for either (no_new_privs, no execve). */
        if (setpcap == CAP_SET)
            return errmsg(err, errlen, "dropping capability %d from the "
                                     "bounding set: %s",
                        c, strerror(errno));
        sb->bounding_kept = true;
        break;
    }
    if (CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
        return errmsg(err, errlen, "clearing the ambient capabilities: %s",
                    strerror(errno));
    cap_t none = cap_init();
    if (!none)
        return errmsg(err, errlen, "cap_init: %s", strerror(errno));
    int r = cap_set_proc(none);
    int e = errno;
    cap_free(none);
    if (r < 0)
        return errmsg(err, errlen, "dropping capabilities: %s", strerror(e));
    return 0;
}

int sandbox_drop_caps(struct sandbox *sb, char *err, size_t errlen)
{
    if (sb->off)
        return 0;
    /* A core dump would write guest memory to disk; none. */
    struct rlimit no_core = {0, 0};
    if (setrlimit(RLIMIT_CORE, &no_core) < 0)
        return errmsg(err, errlen, "setrlimit(RLIMIT_CORE): %s",
                    strerror(errno));
    return drop_all_caps(sb, err, errlen);
}

/* --- the SIGSYS report (async-signal-safe) ------------------------------ */

static void put(char *buf, size_t *n, size_t max, const char *s)
{
    while (*s && *n < max)
        buf[(*n)++] = *s++;
}

static void put_num(char *buf, size_t *n, size_t max, long v)
{
    char d[24];
    int i = 0;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do
        d[i++] = (char)('0' + u % 10);
    while ((u /= 10) && i < (int)sizeof(d));
    if (v < 0 && *n < max)
        buf[(*n)++] = '-';
    while (i > 0 && *n < max)
        buf[(*n)++] = d[--i];
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    char buf[200];
    size_t n = 0;
    int nr = si->si_syscall;
    const char *name = sandbox_syscall_name(nr);
    put(buf, &n, sizeof(buf), "\nvmm: sandbox: forbidden system call ");
    put(buf, &n, sizeof(buf), name ? name : "?");
    put(buf, &n, sizeof(buf), " (");
    put_num(buf, &n, sizeof(buf), nr);
    put(buf, &n, sizeof(buf), "); vmm is killed by SIGSYS\n");
    ssize_t w = write(STDERR_FILENO, buf, n);
    (void)w;
    /* SA_RESETHAND made SIGSYS fatal again; SA_NODEFER lets it in now. */
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
    _exit(128 + sig); /* not reached */
}

int sandbox_report_violations(char *err, size_t errlen)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, NULL) < 0)
        return errmsg(err, errlen, "sigaction(SIGSYS): %s", strerror(errno));
    /* Unblock it in this thread; the others get it through TSYNC's kill. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSYS);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    return 0;
}

const char *sandbox_mode(const struct sandbox *sb, char *buf, size_t len)
{
    if (sb->off)
        snprintf(buf, len, "off (--debug-unsafe): no seccomp filter, "
                           "capabilities kept");
    else if (!sb->locked)
        snprintf(buf, len, "not entered (the guest never ran)");
    else
        snprintf(buf, len,
                 "on: seccomp allowlist of %u rules on every thread, no "
                 "capabilities%s, no_new_privs",
                 sb->nrules,
                 sb->bounding_kept ? " (bounding set kept: not privileged "
                                     "to empty it)"
                                   : " (bounding set empty)");
    return buf;
}
