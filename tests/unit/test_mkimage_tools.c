/*
 * test_mkimage_tools.c: how `vmm mkimage` finds and runs its tools
 * (boot/host_mkimage_tools.c) and handles its files so that a failure
 * leaves nothing (boot/host_mkimage_files.c). Each test works in its own
 * temporary directory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/host_mkimage_job.h"
#include "boot/host_mkimage_tools.h"
#include "unit.h"

static char dir[512];

static void make_dir(void)
{
    snprintf(dir, sizeof(dir), "%s/mkimage-unit.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    mkimage_dir_remove(dir);
}

static void put(const char *rel, const char *text, mode_t mode)
{
    char p[PATH_MAX];
    snprintf(p, sizeof(p), "%s/%s", dir, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    chmod(p, mode);
}

/* Entries of dir other than . and .. */
static int entries(const char *d)
{
    DIR *dp = opendir(d);
    cr_assert_not_null(dp, "%s", d);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(dp);
    return n;
}

TestSuite(mkimage_tools, .init = make_dir, .fini = remove_dir);

Test(mkimage_tools, find_in_path)
{
    char path_env[1024], out[PATH_MAX], want[PATH_MAX];
    put("tool", "#!/bin/sh\n", 0755);
    put("plain", "data", 0644);
    snprintf(want, sizeof(want), "%s/sub", dir);
    mkdir(want, 0755);
    snprintf(path_env, sizeof(path_env), "/nonexistent:%s", dir);
    cr_assert_eq(mkimage_tool_find("tool", path_env, out, sizeof(out)), 0);
    snprintf(want, sizeof(want), "%s/tool", dir);
    cr_assert_str_eq(out, want);
    cr_assert_eq(mkimage_tool_find("plain", path_env, out, sizeof(out)), -1,
                 "not executable");
    cr_assert_eq(mkimage_tool_find("sub", path_env, out, sizeof(out)), -1,
                 "a directory");
    cr_assert_eq(mkimage_tool_find("nothere", path_env, out, sizeof(out)), -1);
    cr_assert_eq(mkimage_tool_find("bin/sh", "/", out, sizeof(out)), -1,
                 "names with a slash are not looked up");
    cr_assert_eq(mkimage_tool_find("", path_env, out, sizeof(out)), -1);
}

Test(mkimage_tools, empty_path_entry_is_the_current_directory)
{
    char out[PATH_MAX], want[PATH_MAX];
    put("tool", "#!/bin/sh\n", 0755);
    cr_assert_eq(chdir(dir), 0);
    cr_assert_eq(
        mkimage_tool_find("tool", "/nonexistent::/x", out, sizeof(out)), 0);
    cr_assert_eq(realpath(dir, want) != NULL, 1);
    strcat(want, "/tool");
    cr_assert_str_eq(out, want);
    cr_assert_eq(mkimage_tool_find("tool", "/nonexistent:", out, sizeof(out)),
                 0);
}

Test(mkimage_tools, default_path_when_unset)
{
    char out[PATH_MAX];
    cr_assert_eq(mkimage_tool_find("sh", NULL, out, sizeof(out)), 0);
    cr_assert_eq(out[0], '/');
    cr_assert_eq(mkimage_tool_find("sh", "", out, sizeof(out)), 0);
}

Test(mkimage_tools, require_names_packages_once)
{
    put("have", "#!/bin/sh\n", 0755);
    setenv("PATH", dir, 1);
    struct mkimage_tool t[] = {
        {"have", "pkg-have", ""},
        {"gone1", "pkg-b", ""},
        {"gone2", "pkg-b", ""},
        {"i386-pc/no-such-file.img", "grub-pc-bin", ""},
        {"gone3", "pkg", ""}, /* a prefix of pkg-b, still listed */
    };
    struct capture c;
    capture_start(&c, 2);
    int r = mkimage_tools_require(t, 5, "--format=test");
    char *out = capture_end(&c, NULL);
    cr_assert_eq(r, -1);
    assert_has(out, "--format=test needs gone1, which is not in PATH (Debian "
                    "package pkg-b)");
    assert_has(out, "needs gone2");
    assert_has(out, "needs GRUB's " MKIMAGE_GRUB_LIB
                    "/i386-pc/no-such-file.img, which is not installed "
                    "(Debian package grub-pc-bin)");
    assert_has(out, "apt-get install pkg-b grub-pc-bin pkg\n");
    cr_assert_null(strstr(out, "pkg-have"));
    free(out);
    char want[PATH_MAX];
    snprintf(want, sizeof(want), "%s/have", dir);
    cr_assert_str_eq(t[0].path, want);
    cr_assert_eq(mkimage_tools_require(t, 1, "x"), 0);
}

static int run(const char *script, char **said)
{
    char log[PATH_MAX];
    snprintf(log, sizeof(log), "%s/log", dir);
    const char *argv[] = {"/bin/sh", "-c", script, "sh", NULL};
    struct capture c;
    capture_start(&c, 2);
    int r = mkimage_tool_run(argv, log, NULL);
    *said = capture_end(&c, NULL);
    return r;
}

Test(mkimage_tools, run_quietly_on_success)
{
    char *said;
    cr_assert_eq(run("echo out; echo err >&2; read x; test -z \"$x\"", &said),
                 0);
    cr_assert_str_eq(said, "");
    free(said);
}

Test(mkimage_tools, run_shows_output_on_failure)
{
    char *said;
    cr_assert_eq(run("echo to-stdout; echo to-stderr >&2; exit 3", &said), -1);
    assert_has(said, "vmm mkimage: sh failed (exit status 3); it said:\n");
    assert_has(said, "to-stdout\nto-stderr\n");
    free(said);
    cr_assert_eq(run("printf no-newline; kill -9 $$", &said), -1);
    assert_has(said, "sh was killed by signal 9");
    assert_has(said, "no-newline\n");
    free(said);
}

Test(mkimage_tools, run_with_tmpdir)
{
    char log[PATH_MAX];
    snprintf(log, sizeof(log), "%s/log", dir);
    setenv("TMPDIR", "/somewhere/else", 1);
    setenv("OTHER", "kept", 1);
    const char *argv[] = {"/bin/sh", "-c",
                          "test \"$TMPDIR\" = /work/dir && "
                          "test \"$OTHER\" = kept && "
                          "test \"$(env | grep -c ^TMPDIR=)\" = 1",
                          NULL};
    cr_assert_eq(mkimage_tool_run(argv, log, "/work/dir"), 0);
    cr_assert_str_eq(getenv("TMPDIR"), "/somewhere/else", "ours changed");
    const char *same[] = {"/bin/sh", "-c", "test \"$TMPDIR\" = /somewhere/else",
                          NULL};
    cr_assert_eq(mkimage_tool_run(same, log, NULL), 0);
}

Test(mkimage_tools, run_shows_the_end_of_a_long_log)
{
    char *said;
    cr_assert_eq(run("i=0; while [ $i -lt 3000 ]; do echo line-$i; "
                     "i=$((i+1)); done; exit 1",
                     &said),
                 -1);
    assert_has(said, "[...]\n");
    assert_has(said, "line-2999\n");
    cr_assert_null(strstr(said, "line-1\n"));
    cr_assert_lt(strlen(said), 17 * 1024);
    free(said);
}

Test(mkimage_tools, run_a_missing_program)
{
    char log[PATH_MAX];
    snprintf(log, sizeof(log), "%s/log", dir);
    const char *argv[] = {"/nonexistent/tool", NULL};
    struct capture c;
    capture_start(&c, 2);
    int r = mkimage_tool_run(argv, log, NULL);
    char *said = capture_end(&c, NULL);
    cr_assert_eq(r, -1);
    /* posix_spawn reports it, or the child exits 127 */
    cr_assert(strstr(said, "cannot run /nonexistent/tool") ||
                  strstr(said, "tool failed (exit status 127)"),
              "%s", said);
    free(said);
}

Test(mkimage_tools, output_appears_only_on_commit)
{
    char final[PATH_MAX];
    snprintf(final, sizeof(final), "%s/out.img", dir);
    struct mkimage_out o = {final, "", -1};
    cr_assert_eq(mkimage_out_open(&o), 0);
    cr_assert_eq(entries(dir), 1);
    assert_has(o.tmp, "/.out.img.");
    cr_assert_eq(write(o.fd, "new", 3), 3);
    cr_assert_eq(access(final, F_OK), -1);
    cr_assert_eq(mkimage_out_commit(&o), 0);
    cr_assert_eq(entries(dir), 1);
    struct stat st;
    cr_assert_eq(stat(final, &st), 0);
    cr_assert_eq(st.st_size, 3);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(st.st_mode & 0777, 0666 & ~mask);
    mkimage_out_abort(&o); /* after a commit: nothing to do */
    cr_assert_eq(stat(final, &st), 0);
}

Test(mkimage_tools, abort_keeps_the_old_output)
{
    char final[PATH_MAX];
    put("out.img", "old", 0644);
    snprintf(final, sizeof(final), "%s/out.img", dir);
    struct mkimage_out o = {final, "", -1};
    cr_assert_eq(mkimage_out_open(&o), 0);
    cr_assert_eq(write(o.fd, "half", 4), 4);
    mkimage_out_abort(&o);
    cr_assert_eq(entries(dir), 1);
    char buf[8] = {0};
    int fd = open(final, O_RDONLY);
    cr_assert_eq(read(fd, buf, sizeof(buf)), 3);
    close(fd);
    cr_assert_str_eq(buf, "old");
}

Test(mkimage_tools, unwritable_outputs)
{
    char final[PATH_MAX];
    struct capture c;
    struct mkimage_out o = {final, "", -1};
    snprintf(final, sizeof(final), "%s/missing/out.img", dir);
    capture_start(&c, 2);
    cr_assert_eq(mkimage_out_open(&o), -1);
    char *said = capture_end(&c, NULL);
    assert_has(said, "cannot write");
    assert_has(said, "/missing: No such file or directory");
    free(said);
    put("file", "x", 0644);
    snprintf(final, sizeof(final), "%s/file/out.img", dir);
    capture_start(&c, 2);
    cr_assert_eq(mkimage_out_open(&o), -1);
    said = capture_end(&c, NULL);
    assert_has(said, "Not a directory");
    free(said);
    snprintf(final, sizeof(final), "%s", dir);
    capture_start(&c, 2);
    cr_assert_eq(mkimage_out_open(&o), -1);
    said = capture_end(&c, NULL);
    assert_has(said, "a directory, not a file name");
    free(said);
    cr_assert_eq(o.fd, -1);
    cr_assert_eq(entries(dir), 1);
}

Test(mkimage_tools, work_directory_made_and_removed)
{
    char work[1024], p[PATH_MAX];
    setenv("TMPDIR", dir, 1);
    cr_assert_eq(mkimage_dir_make(work, sizeof(work)), 0);
    assert_has(work, "/vmm-mkimage.");
    cr_assert_eq(strncmp(work, dir, strlen(dir)), 0);
    snprintf(p, sizeof(p), "%s/a", work);
    cr_assert_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof(p), "%s/a/f", work);
    cr_assert_eq(mkimage_write_file(p, "data", 4), 0);
    size_t len;
    uint8_t *back = mkimage_read_file(p, 100, &len);
    cr_assert_not_null(back);
    cr_assert_eq(len, 4);
    cr_assert_arr_eq(back, "data", 4);
    free(back);
    mkimage_dir_remove(work);
    cr_assert_eq(entries(dir), 0);
}

Test(mkimage_tools, read_file_limits)
{
    char p[PATH_MAX];
    size_t len;
    struct capture c;
    put("f", "12345", 0644);
    snprintf(p, sizeof(p), "%s/f", dir);
    capture_start(&c, 2);
    cr_assert_null(mkimage_read_file(p, 4, &len));
    cr_assert_null(mkimage_read_file(dir, 4, &len));
    snprintf(p, sizeof(p), "%s/none", dir);
    cr_assert_null(mkimage_read_file(p, 4, &len));
    char *said = capture_end(&c, NULL);
    assert_has(said, "not a regular file of at most 4 bytes");
    assert_has(said, "none: No such file or directory");
    free(said);
}
