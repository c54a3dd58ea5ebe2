/* host_mkimage_tools.c: find the programs mkimage needs and run them. */
#include "host_mkimage_tools.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* At most this much of a failed tool's output is shown (its end). */
#define LOG_SHOWN (16 * 1024)

extern char **environ;

static bool regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool executable(const char *path)
{
    return regular(path) && access(path, X_OK) == 0;
}

int mkimage_tool_find(const char *name, const char *path_env, char *out,
                      size_t size)
{
    char fallback[256] = "/usr/bin:/bin";
    if (!path_env || !*path_env) {
        size_t n = confstr(_CS_PATH, fallback, sizeof(fallback));
        if (n == 0 || n > sizeof(fallback))
            strcpy(fallback, "/usr/bin:/bin");
        path_env = fallback;
    }
    if (!*name || strchr(name, '/'))
        return -1;
    for (const char *p = path_env;; p++) {
        const char *end = strchrnul(p, ':');
        char dir[PATH_MAX];
        int dl = (int)(end - p);
        if (dl == 0) {
            if (!getcwd(dir, sizeof(dir)))
                dir[0] = '\0';
        } else if ((size_t)dl < sizeof(dir)) {
            memcpy(dir, p, (size_t)dl);
            dir[dl] = '\0';
        } else {
            dir[0] = '\0';
        }
        if (dir[0] == '/') {
            int n = snprintf(out, size, "%s/%s", dir, name);
            if (n > 0 && (size_t)n < size && executable(out))
                return 0;
        }
        if (!*end)
            break;
        p = end;
    }
    return -1;
}

/* The word pkg is in the list " a b c". */
static bool listed(const char *list, const char *pkg)
{
    size_t n = strlen(pkg);
    for (const char *p = list; (p = strstr(p, pkg)) != NULL; p++)
        if (p > list && p[-1] == ' ' && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

int mkimage_tools_require(struct mkimage_tool *t, size_t n, const char *what)
{
    const char *path_env = getenv("PATH");
    char pkgs[512] = "";
    size_t used = 0;
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        bool grub_file = strchr(t[i].name, '/') != NULL;
        int w = grub_file ? snprintf(t[i].path, sizeof(t[i].path), "%s/%s",
                                     MKIMAGE_GRUB_LIB, t[i].name)
                          : 0;
        if (grub_file
                ? w > 0 && (size_t)w < sizeof(t[i].path) && regular(t[i].path)
                : mkimage_tool_find(t[i].name, path_env, t[i].path,
                                    sizeof(t[i].path)) == 0)
            continue;
        if (grub_file)
            fprintf(stderr,
                    "vmm mkimage: %s needs GRUB's %s, which is not installed "
                    "(Debian package %s)\n",
                    what, t[i].path, t[i].package);
        else
            fprintf(stderr,
                    "vmm mkimage: %s needs %s, which is not in PATH (Debian "
                    "package %s)\n",
                    what, t[i].name, t[i].package);
        missing++;
        if (!listed(pkgs, t[i].package)) {
            w = snprintf(pkgs + used, sizeof(pkgs) - used, " %s", t[i].package);
            if (w > 0 && (size_t)w < sizeof(pkgs) - used)
                used += (size_t)w;
        }
    }
    if (!missing)
        return 0;
    fprintf(stderr, "vmm mkimage: to install: apt-get install%s\n", pkgs);
    return -1;
}

bool mkimage_grub_has(const char *platform, const char *file)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof(path), "%s/%s/%s", MKIMAGE_GRUB_LIB, platform,
                     file);
    return n > 0 && (size_t)n < sizeof(path) && regular(path);
}

/* Print the end of the log (at most LOG_SHOWN bytes) to stderr. */
static void show_log(const char *log)
{
    int fd = open(log, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = size > LOG_SHOWN ? size - LOG_SHOWN : 0;
    char buf[4096];
    ssize_t r;
    bool last_nl = true;
    if (from > 0)
        fputs("[...]\n", stderr);
    if (lseek(fd, from, SEEK_SET) == from) {
        while ((r = read(fd, buf, sizeof(buf))) > 0) {
            fwrite(buf, 1, (size_t)r, stderr);
            last_nl = buf[r - 1] == '\n';
        }
    }
    if (!last_nl)
        fputc('\n', stderr);
    close(fd);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* posix_spawn takes char *const[]: give it copies. */
static char **argv_copy(const char *const argv[])
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **v = calloc(n + 1, sizeof(*v));
    for (size_t i = 0; v && i < n; i++) {
        v[i] = strdup(argv[i]);
        if (!v[i]) {
            while (i > 0)
                free(v[--i]);
            free(v);
            return NULL;
        }
    }
    return v;
}

static void argv_free(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

/* environ with TMPDIR=tmpdir instead of any TMPDIR it has. */
static char **env_with_tmpdir(const char *tmpdir)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof(*env));
    char *t = malloc(strlen("TMPDIR=") + strlen(tmpdir) + 1);
    if (!env || !t) {
        free(env);
        free(t);
        return NULL;
    }
    strcpy(t, "TMPDIR=");
    strcat(t, tmpdir);
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "TMPDIR=", 7) != 0)
            env[k++] = environ[i];
    env[k] = t;
    return env;
}

static void env_free(char **env)
{
    size_t k = 0;
    while (env[k + 1])
        k++;
    free(env[k]); /* the TMPDIR entry; the others are environ's */
    free(env);
}

static int spawn(const char *const argv[], int log_fd, const char *tmpdir,
                 pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    char **v = argv_copy(argv);
    char **env = tmpdir ? env_with_tmpdir(tmpdir) : environ;
    if (!v || !env) {
        if (v)
            argv_free(v);
        if (env && env != environ)
            env_free(env);
        return ENOMEM;
    }
    int e = posix_spawn_file_actions_init(&fa);
    if (e == 0) {
        e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        if (e == 0)
            e = posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
        if (e == 0)
            e = posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
        if (e == 0)
            e = posix_spawn(pid, v[0], &fa, NULL, v, env);
        posix_spawn_file_actions_destroy(&fa);
    }
    argv_free(v);
    if (env != environ)
        env_free(env);
    return e;
}

int mkimage_tool_run(const char *const argv[], const char *log,
                     const char *tmpdir)
{
    const char *name = base_name(argv[0]);
    int log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        fprintf(stderr, "vmm mkimage: %s: %s\n", log, strerror(errno));
        return -1;
    }
    pid_t pid;
    int e = spawn(argv, log_fd, tmpdir, &pid);
    close(log_fd);
    if (e != 0) {
        fprintf(stderr, "vmm mkimage: cannot run %s: %s\n", argv[0],
                strerror(e));
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "vmm mkimage: waiting for %s: %s\n", name,
                    strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 0;
    if (WIFEXITED(st))
        fprintf(stderr, "vmm mkimage: %s failed (exit status %d); it said:\n",
                name, WEXITSTATUS(st));
    else
        fprintf(stderr, "vmm mkimage: %s was killed by signal %d; it said:\n",
                name, WTERMSIG(st));
    show_log(log);
    return -1;
}
