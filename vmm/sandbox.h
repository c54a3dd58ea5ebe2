/*
 * sandbox.h: least privilege once the guest is loaded and its devices are
 * open. Two steps, because capabilities belong to each thread while the
 * seccomp filter is synchronised to all of them:
 *
 *   sandbox_drop_caps()  every capability goes (effective, permitted,
 *                        inheritable, ambient and the bounding set) and
 *                        core dumps are off; call it before the I/O thread
 *                        is started, so that thread inherits nothing.
 *   sandbox_lock()       PR_SET_NO_NEW_PRIVS and a seccomp allowlist
 *                        (libseccomp, TSYNC: every thread) of what the run
 *                        loop needs: read/write and friends only on the fds
 *                        the target declared with sandbox_allow_fd(), ioctl
 *                        only on the (fd, request) pairs declared with
 *                        sandbox_allow_ioctl(), mmap/mprotect never with
 *                        PROT_EXEC and mmap of no file; no open, execve,
 *                        socket, fork. Any other call raises SIGSYS: a
 *                        handler prints "vmm: sandbox: forbidden system call
 *                        NAME (N)" on stderr and vmm dies by SIGSYS (a
 *                        shell reports status 159, 128 + 31).
 *
 * With --dumpcore=DIR (sandbox_allow_dump(), before any thread starts) the
 * filter also lets the run loop create one file in DIR and write it:
 * openat on DIR's fd with SANDBOX_DUMP_FLAGS and SANDBOX_DUMP_MODE, and
 * pwrite64 on the one fd number such an openat returns (the lowest free
 * when the filter goes in: after it no other call may make an fd).
 * openat cannot be held to a name by seccomp, so Landlock holds the
 * process to DIR: no file may be created, written, removed or linked
 * anywhere else (files opened before keep their rights).
 *
 * `vmm run --debug-unsafe` sets sb->off: both steps then do nothing. The
 * kvm_reaper child gets its own filter (sandbox_reaper()): read on its pipe
 * and exit, nothing else.
 */
#ifndef VMM_SANDBOX_H
#define VMM_SANDBOX_H

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>

#define SANDBOX_MAX_FDS 256
/* The only openat the filter allows (--dumpcore): a new file, 0600. */
#define SANDBOX_DUMP_FLAGS                                                     \
    (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)
#define SANDBOX_DUMP_MODE 0600
#define SANDBOX_MAX_IOCTLS 48

/* What the run loop does with an fd (a mask). */
enum sandbox_fd_use {
    SB_READ = 1u << 0,     /* read, readv */
    SB_WRITE = 1u << 1,    /* write, writev */
    SB_PREAD = 1u << 2,    /* pread64, preadv: a block device */
    SB_PWRITE = 1u << 3,   /* pwrite64, pwritev: a writable block device */
    SB_EPOLL = 1u << 4,    /* epoll_wait, epoll_pwait, epoll_ctl */
    SB_TIMERFD = 1u << 5,  /* timerfd_settime */
};

struct sandbox {
    bool off;    /* --debug-unsafe: no sandbox at all */
    bool locked; /* the filter is installed */
    bool bounding_kept; /* not privileged to empty the bounding set */
    unsigned nrules;    /* seccomp rules installed */
    unsigned nfd;
    struct {
        int fd;
        unsigned use;
    } fd[SANDBOX_MAX_FDS];
    unsigned nioctl;
    struct {
        int fd;
        unsigned long request;
    } ioctl[SANDBOX_MAX_IOCTLS];
    bool dump; /* --dumpcore: one file in dump_dirfd */
    int dump_dirfd;
    int dump_fd; /* the fd number it may write (set by sandbox_lock) */
};

/* Declare fd's uses (added to any declared before); fd < 0 is ignored. */
void sandbox_allow_fd(struct sandbox *sb, int fd, unsigned use);
/* Allow ioctl(fd, request); fd < 0 is ignored. */
void sandbox_allow_ioctl(struct sandbox *sb, int fd, unsigned long request);

/*
 * Refuse a personality with READ_IMPLIES_EXEC (every readable mapping
 * would be executable, defeating the filter's PROT_EXEC rule): -1 with
 * the reason in err.
 */
int sandbox_check_personality(char *err, size_t errlen);

/* Step 1 (see above); 0, or -1 with err. Nothing when sb->off. */
int sandbox_drop_caps(struct sandbox *sb, char *err, size_t errlen);

/*
 * --dumpcore's directory (see above), after sandbox_drop_caps() and before
 * any thread starts: sets no_new_privs and applies the Landlock rules now
 * (they hold this thread and those it starts). 0, or -1 with err.
 */
int sandbox_allow_dump(struct sandbox *sb, int dirfd, char *err,
                       size_t errlen);
/* Can this kernel confine the dump (Landlock)? 0, or -1 with err. */
int sandbox_dump_supported(char *err, size_t errlen);

/* Step 2 (see above); 0, or -1 with err. Nothing when sb->off. */
int sandbox_lock(struct sandbox *sb, char *err, size_t errlen);

/* One line for --stats: which mode ran. */
const char *sandbox_mode(const struct sandbox *sb, char *buf, size_t len);

/*
 * In the kvm_reaper child: no capabilities, no new privileges, and a
 * filter allowing only read(fd) and exit. Returns -1 if any step failed
 * (the child then exits rather than run unconfined).
 */
int sandbox_reaper(int fd);

/* The system call's name (for the SIGSYS message), or NULL. */
const char *sandbox_syscall_name(int nr);

/* Internal (sandbox.c for sandbox_filter.c): the SIGSYS reporter. */
int sandbox_report_violations(char *err, size_t errlen);

#endif
