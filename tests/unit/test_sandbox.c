/*
 * test_sandbox.c: the sandbox's filter, built and installed by vmm's own
 * code in a forked child, which then tries one thing: what the run loop
 * needs must work, anything else must kill the child by SIGSYS after the
 * line naming the call. No KVM needed; the box tests (hostile-host-check)
 * look at a real vmm's /proc status.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmm/sandbox.h"
#include "unit.h"

/* The fds a child's filter declares. */
struct fds {
    int event;   /* SB_READ | SB_WRITE */
    int file;    /* SB_PREAD | SB_PWRITE */
    int ro_file; /* SB_PREAD only */
    int pipe[2]; /* pipe[0]: FIONREAD allowed; pipe[1]: not declared */
};

struct outcome {
    int status;     /* from waitpid */
    char err[1024]; /* what the child wrote to stderr */
};

static int tmpfile_fd(void)
{
    char path[] = "/tmp/test_sandbox.XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    unlink(path);
    cr_assert(ftruncate(fd, 4096) == 0);
    return fd;
}

static atomic_int opener_running;

static void *opener(void *arg)
{
    (void)arg;
    /*
     * glibc starts a thread with every signal blocked; a trap then would be
     * fatal without the report, as in vmm (iothread_start waits the same).
     */
    atomic_store(&opener_running, 1);
    sleep(1); /* the main thread installs the filter meanwhile */
    open("/dev/null", O_RDONLY);
    return NULL;
}

static bool thread_first; /* start `opener` in the child before the lock */
static pthread_t early_thread;

/* Fork; the child locks the sandbox (unless off) and runs body. */
static struct outcome boxed(void (*body)(const struct fds *f), bool off)
{
    struct fds f;
    int errp[2];
    f.event = eventfd(0, EFD_NONBLOCK);
    f.file = tmpfile_fd();
    f.ro_file = tmpfile_fd();
    cr_assert(f.event >= 0 && pipe(f.pipe) == 0 && pipe(errp) == 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(errp[1], STDERR_FILENO);
        if (thread_first) {
            pthread_create(&early_thread, NULL, opener, NULL);
            while (!atomic_load(&opener_running))
                sched_yield();
        }
        static struct sandbox sb;
        char err[256];
        sb.off = off;
        sandbox_allow_fd(&sb, f.event, SB_READ | SB_WRITE);
        sandbox_allow_fd(&sb, f.file, SB_PREAD | SB_PWRITE);
        sandbox_allow_fd(&sb, f.ro_file, SB_PREAD);
        sandbox_allow_fd(&sb, f.pipe[0], SB_READ);
        sandbox_allow_ioctl(&sb, f.pipe[0], FIONREAD);
        if (sandbox_lock(&sb, err, sizeof(err)) < 0) {
            fprintf(stderr, "lock: %s\n", err);
            _exit(99);
        }
        body(&f);
        syscall(SYS_exit_group, 0); /* not _exit: ASan's would sigaltstack */
    }
    close(errp[1]);
    struct outcome o = {0};
    size_t n = 0;
    ssize_t r;
    while ((r = read(errp[0], o.err + n, sizeof(o.err) - 1 - n)) > 0)
        n += (size_t)r;
    close(errp[0]);
    cr_assert(waitpid(pid, &o.status, 0) == pid);
    close(f.event);
    close(f.file);
    close(f.ro_file);
    close(f.pipe[0]);
    close(f.pipe[1]);
    return o;
}

static void assert_killed(const struct outcome *o, const char *call)
{
    char want[96];
    cr_assert(WIFSIGNALED(o->status) && WTERMSIG(o->status) == SIGSYS,
              "expected death by SIGSYS for %s; status 0x%x, stderr: %s",
              call, o->status, o->err);
    snprintf(want, sizeof(want), "vmm: sandbox: forbidden system call %s (",
             call);
    assert_has(o->err, want);
}

static void assert_ok(const struct outcome *o)
{
    cr_assert(WIFEXITED(o->status) && WEXITSTATUS(o->status) == 0,
              "status 0x%x, stderr: %s", o->status, o->err);
}

/* What the run loop does, all allowed. */
static void allowed(const struct fds *f)
{
    uint64_t one = 1, got = 0;
    char buf[512] = "x";
    struct timespec ts;
    int avail;
    if (write(f->event, &one, 8) != 8 || read(f->event, &got, 8) != 8 ||
        got != 1)
        _exit(1);
    if (pwrite(f->file, buf, 512, 512) != 512 ||
        pread(f->file, buf, 512, 0) != 512 ||
        pread(f->ro_file, buf, 512, 0) != 512)
        _exit(2);
    if (ioctl(f->pipe[0], FIONREAD, &avail) < 0)
        _exit(3);
    void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p, 4096, PROT_READ) < 0 ||
        munmap(p, 1 << 20) < 0)
        _exit(4);
    free(malloc(8 << 20)); /* malloc's own mmap and munmap */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(stderr, "still here\n");
    close(f->event);
}

Test(sandbox, what_the_run_loop_needs_works)
{
    struct outcome o = boxed(allowed, false);
    assert_ok(&o);
    assert_has(o.err, "still here");
}

static void do_open(const struct fds *f)
{
    (void)f;
    open("/dev/null", O_RDONLY);
}

Test(sandbox, open_is_killed)
{
    struct outcome o = boxed(do_open, false);
    assert_killed(&o, "openat");
}

static void do_execve(const struct fds *f)
{
    (void)f;
    static char prog[] = "/bin/true";
    char *const argv[] = {prog, NULL};
    execve(prog, argv, argv + 1);
}

Test(sandbox, execve_is_killed)
{
    struct outcome o = boxed(do_execve, false);
    assert_killed(&o, "execve");
}

static void do_socket(const struct fds *f)
{
    (void)f;
    socket(AF_INET, SOCK_STREAM, 0);
}

Test(sandbox, socket_is_killed)
{
    struct outcome o = boxed(do_socket, false);
    assert_killed(&o, "socket");
}

static void do_fork(const struct fds *f)
{
    (void)f;
    fork();
}

Test(sandbox, fork_is_killed)
{
    struct outcome o = boxed(do_fork, false);
    assert_killed(&o, "clone");
}

static void do_mmap_exec(const struct fds *f)
{
    (void)f;
    mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1,
         0);
}

Test(sandbox, mmap_exec_is_killed)
{
    struct outcome o = boxed(do_mmap_exec, false);
    assert_killed(&o, "mmap");
}

static void do_mprotect_exec(const struct fds *f)
{
    (void)f;
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(p, 4096, PROT_READ | PROT_EXEC);
}

Test(sandbox, mprotect_exec_is_killed)
{
    struct outcome o = boxed(do_mprotect_exec, false);
    assert_killed(&o, "mprotect");
}

static void do_mmap_file(const struct fds *f)
{
    mmap(NULL, 4096, PROT_READ, MAP_SHARED, f->file, 0);
}

Test(sandbox, mmap_of_a_file_is_killed)
{
    struct outcome o = boxed(do_mmap_file, false);
    assert_killed(&o, "mmap");
}

static void do_write_undeclared(const struct fds *f)
{
    (void)!write(f->pipe[1], "x", 1);
}

Test(sandbox, write_to_an_undeclared_fd_is_killed)
{
    struct outcome o = boxed(do_write_undeclared, false);
    assert_killed(&o, "write");
}

static void do_pwrite_read_only(const struct fds *f)
{
    (void)!pwrite(f->ro_file, "x", 1, 0);
}

Test(sandbox, pwrite_to_a_read_only_block_device_is_killed)
{
    struct outcome o = boxed(do_pwrite_read_only, false);
    assert_killed(&o, "pwrite64");
}

static void do_ioctl_undeclared(const struct fds *f)
{
    int n;
    ioctl(f->event, FIONREAD, &n); /* right request, wrong fd */
}

Test(sandbox, ioctl_on_an_undeclared_fd_is_killed)
{
    struct outcome o = boxed(do_ioctl_undeclared, false);
    assert_killed(&o, "ioctl");
}

static void do_ioctl_other_request(const struct fds *f)
{
    ioctl(f->pipe[0], FIONBIO, &(int){1}); /* right fd, wrong request */
}

Test(sandbox, ioctl_with_an_undeclared_request_is_killed)
{
    struct outcome o = boxed(do_ioctl_other_request, false);
    assert_killed(&o, "ioctl");
}

static void do_kill_init(const struct fds *f)
{
    (void)f;
    kill(1, 0);
}

Test(sandbox, signalling_another_process_is_killed)
{
    struct outcome o = boxed(do_kill_init, false);
    assert_killed(&o, "kill");
}

static void do_open_in_other_thread(const struct fds *f)
{
    (void)f;
    pthread_join(early_thread, NULL);
    fprintf(stderr, "the other thread's open went through\n");
}

/* A thread started before the filter is under it too (TSYNC). */
Test(sandbox, every_thread_is_filtered)
{
    thread_first = true;
    struct outcome o = boxed(do_open_in_other_thread, false);
    thread_first = false;
    assert_killed(&o, "openat");
}

Test(sandbox, debug_unsafe_installs_nothing)
{
    struct outcome o = boxed(do_open, true);
    assert_ok(&o);
}

static void check_caps(void)
{
    char line[256];
    struct sandbox sb = {0};
    char err[256];
    if (sandbox_drop_caps(&sb, err, sizeof(err)) < 0)
        _exit(1);
    FILE *f = fopen("/proc/self/status", "r");
    int seen = 0;
    while (f && fgets(line, sizeof(line), f)) {
        if (strncmp(line, "CapEff:\t0000000000000000", 24) == 0 ||
            strncmp(line, "CapPrm:\t0000000000000000", 24) == 0 ||
            strncmp(line, "CapInh:\t0000000000000000", 24) == 0 ||
            strncmp(line, "CapAmb:\t0000000000000000", 24) == 0)
            seen++;
        if (strncmp(line, "CapBnd:\t0000000000000000", 24) == 0 ||
            (sb.bounding_kept && strncmp(line, "CapBnd:", 7) == 0))
            seen++;
    }
    _exit(seen == 5 ? 0 : 2);
}

Test(sandbox, every_capability_set_is_emptied)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0)
        check_caps();
    int st;
    cr_assert(waitpid(pid, &st, 0) == pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}

Test(sandbox, read_implies_exec_is_refused)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        char err[256];
        if (sandbox_check_personality(err, sizeof(err)) < 0)
            _exit(1);
        personality(READ_IMPLIES_EXEC);
        _exit(sandbox_check_personality(err, sizeof(err)) < 0 &&
                      strstr(err, "READ_IMPLIES_EXEC")
                  ? 0
                  : 2);
    }
    int st;
    cr_assert(waitpid(pid, &st, 0) == pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}

/* The kvm_reaper child's filter: read on its pipe, exit; nothing else. */
static int reaper_child(bool misbehave)
{
    int p[2];
    cr_assert(pipe(p) == 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        char c;
        close(p[1]);
        if (sandbox_reaper(p[0]) < 0)
            _exit(3);
        if (misbehave)
            (void)!write(2, "x", 1);
        while (read(p[0], &c, 1) > 0)
            ;
        syscall(SYS_exit_group, 0);
    }
    close(p[0]);
    close(p[1]); /* its pipe closes: it exits */
    int st;
    cr_assert(waitpid(pid, &st, 0) == pid);
    return st;
}

Test(sandbox, reaper_reads_and_exits)
{
    int st = reaper_child(false);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
}

Test(sandbox, reaper_may_do_nothing_else)
{
    int st = reaper_child(true);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "status 0x%x", st);
}
