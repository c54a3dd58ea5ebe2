/*
 * host_mkimage_tools.h: the external programs `vmm mkimage` runs (GRUB's,
 * xorriso, mtools): found by name in PATH, run by absolute path with
 * posix_spawn and an argv (no shell), their output kept in a log file that
 * is shown when they fail.
 */
#ifndef BOOT_HOST_MKIMAGE_TOOLS_H
#define BOOT_HOST_MKIMAGE_TOOLS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Where Debian's GRUB keeps its platforms (grub-pc-bin: i386-pc, ...). */
#define MKIMAGE_GRUB_LIB "/usr/lib/grub"

/*
 * A program needed, and the Debian package that installs it; or, when the
 * name holds a '/', a file of GRUB's (MKIMAGE_GRUB_LIB/name).
 */
struct mkimage_tool {
    const char *name;    /* looked up in PATH, or under MKIMAGE_GRUB_LIB */
    const char *package; /* to name in the error */
    char path[PATH_MAX]; /* absolute, once found */
};

/*
 * Search the directories of path_env (PATH; the system default when it is
 * NULL or empty) for an executable regular file called name; an empty
 * entry means ".", which is made absolute. 0 with the absolute path in
 * out, or -1.
 */
int mkimage_tool_find(const char *name, const char *path_env, char *out,
                      size_t size);

/*
 * Find every tool of t[0..n). When some are missing, print one line per
 * missing tool naming its package and one apt-get line with them all, and
 * return -1. what says who needs them ("--format=iso").
 */
int mkimage_tools_require(struct mkimage_tool *t, size_t n, const char *what);

/* The GRUB platform directory MKIMAGE_GRUB_LIB/platform holds file. */
bool mkimage_grub_has(const char *platform, const char *file);

/*
 * Run argv[0] (an absolute path) with argv, stdin from /dev/null, stdout
 * and stderr into log (a file path, truncated first), and TMPDIR=tmpdir
 * in its environment (when not NULL: the work directory, so that what a
 * failing tool leaves there goes with it). 0 when it exits 0; otherwise
 * print why on stderr, with what it wrote to log, and return -1.
 */
int mkimage_tool_run(const char *const argv[], const char *log,
                     const char *tmpdir);

#endif
