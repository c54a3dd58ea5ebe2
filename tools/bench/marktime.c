/*
 * marktime: run a command once and report when lines of its output first
 * contained given texts, and when it exited, in ms from exec, measured from
 * the parent (fork, exec, a pipe read as the output comes, wait4).
 *
 *   marktime [--out FILE] [--mark TEXT]... COMMAND [ARGS...]
 *
 * The command's stdout and stderr go through one pipe (and into FILE with
 * --out). Prints "mark I ms=MS" (or "mark I ms=none" when no line held the
 * Ith TEXT), then "exit ms=MS status=S peak_rss_kib=K". For boots whose
 * console prints a marker: Linux's /init line, its power-off.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_MARKS 8
#define LINE_MAX_BYTES 4096

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *marks[MAX_MARKS];
static double seen[MAX_MARKS];
static int nmarks;

static char buf[LINE_MAX_BYTES + 1]; /* the line being read */
static size_t have;

/* The line read so far (without its newline), seen at time t. */
static void flush_line(double t)
{
    buf[have] = '\0';
    for (int i = 0; i < nmarks; i++)
        if (seen[i] < 0 && strstr(buf, marks[i]))
            seen[i] = t;
    have = 0;
}

/* Read what the pipe holds; false at its end. */
static bool drain(int fd, double t0, FILE *copy)
{
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n <= 0)
        return false;
    double t = now_ms() - t0;
    if (copy)
        fwrite(chunk, 1, (size_t)n, copy);
    for (ssize_t i = 0; i < n; i++) {
        if (chunk[i] == '\n' || have == LINE_MAX_BYTES)
            flush_line(t);
        if (chunk[i] != '\n' && chunk[i] != '\r')
            buf[have++] = chunk[i];
    }
    return true;
}

int main(int argc, char *argv[])
{
    FILE *copy = NULL;
    int a = 1;
    for (; a + 1 < argc; a += 2) {
        if (strcmp(argv[a], "--out") == 0) {
            if (!(copy = fopen(argv[a + 1], "w"))) {
                perror(argv[a + 1]);
                return 2;
            }
        } else if (strcmp(argv[a], "--mark") == 0 && nmarks < MAX_MARKS) {
            seen[nmarks] = -1;
            marks[nmarks++] = argv[a + 1];
        } else {
            break;
        }
    }
    if (a >= argc) {
        fprintf(stderr, "usage: marktime [--out FILE] [--mark TEXT]... "
                        "COMMAND [ARGS...]\n");
        return 2;
    }
    int p[2];
    if (pipe(p) < 0) {
        perror("marktime: pipe");
        return 2;
    }
    fflush(NULL);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], STDOUT_FILENO);
        dup2(p[1], STDERR_FILENO);
        close(p[0]);
        close(p[1]);
        execvp(argv[a], argv + a);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        perror("marktime: fork");
        return 2;
    }
    /*
     * Read until the command exited and its output ran dry (a process it
     * left behind holding the pipe does not hold this up).
     */
    int st = 0;
    double end = -1;
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    struct pollfd pf = {.fd = p[0], .events = POLLIN};
    for (;;) {
        int r = poll(&pf, 1, end < 0 ? 10 : 0);
        if (r > 0 && !drain(p[0], t0, copy)) {
            r = 0;      /* end of file: wait for the exit alone, */
            pf.fd = -1; /* not in a busy loop on the closed pipe */
        }
        if (end < 0 && wait4(pid, &st, WNOHANG, &ru) == pid)
            end = now_ms() - t0;
        if (end >= 0 && r <= 0)
            break;
    }
    flush_line(now_ms() - t0);
    for (int i = 0; i < nmarks; i++) {
        if (seen[i] < 0)
            printf("mark %d ms=none\n", i + 1);
        else
            printf("mark %d ms=%.1f\n", i + 1, seen[i]);
    }
    printf("exit ms=%.1f status=%d peak_rss_kib=%ld\n", end,
           WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), ru.ru_maxrss);
    if (copy)
        fclose(copy);
    return 0;
}
