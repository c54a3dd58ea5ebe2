/*
 * test_sandbox_dump.c: the sandbox's rights for --dumpcore (sandbox.h), in
 * a forked child that applies them to a fresh directory DIR with vmm's own
 * code (sandbox_allow_dump, then sandbox_lock) and tries one thing. The
 * core's openat (DIR's fd, the fixed flags and mode) and pwrite64 on the fd
 * it returns work; a name leading out of DIR is refused by Landlock
 * (EACCES, nothing created); any other directory fd, flags or mode, and
 * pwrite64 on another fd, kill the child by SIGSYS.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "vmm/sandbox.h"

static char dir[64], outside[96];

static void fresh_dir(void)
{
    char err[256];
    if (sandbox_dump_supported(err, sizeof(err)) < 0)
        cr_skip_test("%s", err);
    snprintf(dir, sizeof(dir), "/tmp/test_sandbox_dump.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(outside, sizeof(outside), "%s.outside", dir);
}

static void cleanup(void)
{
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, outside);
    cr_assert_eq(system(cmd), 0);
}

/* Exit the child: not _exit, whose ASan hook would sigaltstack. */
static void leave(int code)
{
    syscall(SYS_exit_group, code);
}

struct outcome {
    int status;
    char err[1024];
};

/* Fork; the child opens DIR, locks the sandbox with the dump's rights and
 * runs body(dirfd, the fd it may write). Its stderr goes to a file. */
static struct outcome boxed(void (*body)(int dirfd, int dump_fd))
{
    FILE *errf = tmpfile();
    cr_assert_not_null(errf);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(fileno(errf), STDERR_FILENO);
        static struct sandbox sb;
        char err[256];
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0 || sandbox_drop_caps(&sb, err, sizeof(err)) < 0 ||
            sandbox_allow_dump(&sb, dirfd, err, sizeof(err)) < 0 ||
            sandbox_lock(&sb, err, sizeof(err)) < 0) {
            fprintf(stderr, "set-up: %s\n", dirfd < 0 ? "open" : err);
            leave(99);
        }
        body(dirfd, sb.dump_fd);
        leave(0);
    }
    struct outcome o = {0};
    cr_assert_eq(waitpid(pid, &o.status, 0), pid);
    ssize_t n = pread(fileno(errf), o.err, sizeof(o.err) - 1, 0);
    o.err[n > 0 ? n : 0] = '\0';
    fclose(errf);
    return o;
}

static void assert_exit(const struct outcome *o, int code)
{
    cr_assert(WIFEXITED(o->status) && WEXITSTATUS(o->status) == code,
              "status 0x%x (expected exit %d), stderr: %s", o->status, code,
              o->err);
}

static void assert_killed(const struct outcome *o, const char *call)
{
    char want[96];
    cr_assert(WIFSIGNALED(o->status) && WTERMSIG(o->status) == SIGSYS,
              "expected SIGSYS for %s; status 0x%x, stderr: %s", call,
              o->status, o->err);
    snprintf(want, sizeof(want), "forbidden system call %s (", call);
    assert_has(o->err, want);
}

static void write_core(int dirfd, int dump_fd)
{
    int fd = openat(dirfd, "core.vmm.1", SANDBOX_DUMP_FLAGS, SANDBOX_DUMP_MODE);
    if (fd != dump_fd)
        leave(1);
    if (pwrite(fd, "core", 4, 1 << 20) != 4 || close(fd) != 0)
        leave(2);
    /* O_EXCL: a second time, the file is there already. */
    if (openat(dirfd, "core.vmm.1", SANDBOX_DUMP_FLAGS, SANDBOX_DUMP_MODE) !=
            -1 ||
        errno != EEXIST)
        leave(3);
}

Test(sandbox_dump, the_core_is_written)
{
    fresh_dir();
    struct outcome o = boxed(write_core);
    assert_exit(&o, 0);
    char path[96];
    struct stat st;
    snprintf(path, sizeof(path), "%s/core.vmm.1", dir);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_size, (1 << 20) + 4);
    cr_assert_eq(st.st_mode & 0077, 0, "mode %o", st.st_mode & 0777);
    cleanup();
}

static void escape(int dirfd, int dump_fd)
{
    (void)dump_fd;
    char up[128];
    snprintf(up, sizeof(up), "../%s", strrchr(outside, '/') + 1);
    int a = openat(dirfd, up, SANDBOX_DUMP_FLAGS, SANDBOX_DUMP_MODE);
    int ea = errno;
    int b = openat(dirfd, outside, SANDBOX_DUMP_FLAGS, SANDBOX_DUMP_MODE);
    int eb = errno;
    leave(a == -1 && ea == EACCES && b == -1 && eb == EACCES ? 0 : 1);
}

Test(sandbox_dump, landlock_keeps_the_name_in_dir)
{
    fresh_dir();
    struct outcome o = boxed(escape);
    assert_exit(&o, 0);
    cr_assert_eq(access(outside, F_OK), -1, "%s was created", outside);
    cleanup();
}

static void other_dirfd(int dirfd, int dump_fd)
{
    (void)dirfd, (void)dump_fd;
    openat(AT_FDCWD, "x", SANDBOX_DUMP_FLAGS, SANDBOX_DUMP_MODE);
}

static void other_flags(int dirfd, int dump_fd)
{
    (void)dump_fd;
    openat(dirfd, "x", O_RDWR | O_CREAT | O_CLOEXEC, SANDBOX_DUMP_MODE);
}

static void reading(int dirfd, int dump_fd)
{
    (void)dump_fd;
    openat(dirfd, "x", O_RDONLY | O_CLOEXEC);
}

static void other_mode(int dirfd, int dump_fd)
{
    (void)dump_fd;
    openat(dirfd, "x", SANDBOX_DUMP_FLAGS, 0644);
}

static void pwrite_elsewhere(int dirfd, int dump_fd)
{
    (void)dirfd;
    if (pwrite(dump_fd + 1, "x", 1, 0) < 0)
        leave(1);
}

Test(sandbox_dump, anything_else_is_killed)
{
    fresh_dir();
    assert_killed((struct outcome[]){boxed(other_dirfd)}, "openat");
    assert_killed((struct outcome[]){boxed(other_flags)}, "openat");
    assert_killed((struct outcome[]){boxed(reading)}, "openat");
    assert_killed((struct outcome[]){boxed(other_mode)}, "openat");
    assert_killed((struct outcome[]){boxed(pwrite_elsewhere)}, "pwrite64");
    cleanup();
}
