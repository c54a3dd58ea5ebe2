/*
 * sandbox_landlock.c: --dumpcore's part of the sandbox (sandbox.h). The
 * filter must let the run loop openat() the core's file in DIR, and
 * seccomp can compare the directory's fd and the flags but not the name
 * ("../elsewhere" would escape DIR). Landlock closes that: the process may
 * then create and write files beneath DIR only; making, removing or
 * linking anything else, and opening any other file for writing, is
 * refused (EACCES). Files opened before (block devices, taps, KVM) keep
 * what they were opened with. Reading is left to the seccomp filter,
 * which allows no open but this write-only one.
 *
 * Landlock holds the thread that applies it and every thread it starts
 * later, so this runs before vmm's I/O thread exists.
 */
#include <errno.h>
#include <linux/landlock.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errmsg.h"
#include "sandbox.h"

#ifndef SYS_landlock_create_ruleset /* older C libraries: x86-64 numbers */
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

/* Everything that makes, changes or removes a file: refused but in DIR. */
#define HANDLED                                                                \
    (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |           \
     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |           \
     LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |               \
     LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |             \
     LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)
/* What DIR allows: a new regular file, written. */
#define IN_DIR (LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_WRITE_FILE)

int sandbox_dump_supported(char *err, size_t errlen)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
                       LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 1)
        return 0;
    return errmsg(err, errlen,
                  "the sandbox needs Landlock to hold the core's writes to "
                  "this directory, and this kernel has none (%s); "
                  "--debug-unsafe dumps without the sandbox",
                  errno == EOPNOTSUPP ? "disabled at boot" : strerror(errno));
}

int sandbox_allow_dump(struct sandbox *sb, int dirfd, char *err, size_t errlen)
{
    sb->dump = true;
    sb->dump_dirfd = dirfd;
    sb->dump_fd = -1;
    if (sb->off)
        return 0;
    if (sandbox_dump_supported(err, errlen) < 0)
        return -1;
    /* Landlock needs it (vmm has no CAP_SYS_ADMIN); sandbox_lock sets it
     * again. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return errmsg(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
    struct landlock_ruleset_attr attr = {.handled_access_fs = HANDLED};
    int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
    if (rs < 0)
        return errmsg(err, errlen, "landlock_create_ruleset: %s",
                      strerror(errno));
    struct landlock_path_beneath_attr dir = {.allowed_access = IN_DIR,
                                             .parent_fd = dirfd};
    const char *what = NULL;
    if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &dir,
                0) < 0)
        what = "landlock_add_rule";
    else if (syscall(SYS_landlock_restrict_self, rs, 0) < 0)
        what = "landlock_restrict_self";
    int e = errno;
    close(rs);
    if (what)
        return errmsg(err, errlen, "%s: %s", what, strerror(e));
    return 0;
}
