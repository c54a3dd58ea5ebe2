/*
 * runtimes: run a command N times and report exec-to-exit wall time and
 * peak RSS of each run, measured from the parent (fork, exec, wait4).
 *
 *   runtimes [--gap MS] [--expect TEXT] [--status S] N COMMAND [ARGS...]
 *
 * Prints one line per run: "run I: MS ms, RSS KiB, status S", then the
 * median, min, max and the 10th/90th percentiles. A run counts only if it
 * exited S (default 0) and, with --expect, its output (stdout and stderr,
 * kept in a temporary file) holds TEXT: a run that did not do the work is
 * not a figure, so one such run makes runtimes print why and exit 1
 * without statistics. --gap sleeps MS milliseconds before each run, so that what
 * the last run left to the kernel (vmm hands the VM's destruction, tens
 * of ms, to a child that outlives it) does not share the CPUs with the
 * next one.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(const double *v, int n, int p)
{
    return v[(n - 1) * p / 100];
}

/* Does the file hold text (in its first 64 KiB)? */
static int file_has(FILE *f, const char *text)
{
    static char buf[1 << 16];
    ssize_t n = pread(fileno(f), buf, sizeof(buf) - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return strstr(buf, text) != NULL;
}

int main(int argc, char *argv[])
{
    const char *expect = NULL;
    int want_status = 0, gap_ms = 0;
    if (argc > 2 && strcmp(argv[1], "--gap") == 0) {
        gap_ms = atoi(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc > 2 && strcmp(argv[1], "--expect") == 0) {
        expect = argv[2];
        argc -= 2;
        argv += 2;
    }
    if (argc > 2 && strcmp(argv[1], "--status") == 0) {
        want_status = atoi(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc < 3 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: runtimes [--gap MS] [--expect TEXT] [--status S] N COMMAND [ARGS...]\n");
        return 2;
    }
    FILE *out = expect ? tmpfile() : NULL;
    if (expect && !out) {
        perror("runtimes: tmpfile");
        return 2;
    }
    int n = atoi(argv[1]);
    double *ms = calloc((size_t)n, sizeof(*ms));
    double *rss = calloc((size_t)n, sizeof(*rss));
    if (!ms || !rss)
        return 2;
    for (int i = 0; i < n; i++) {
        fflush(stdout);
        if (gap_ms > 0) {
            struct timespec gap = {gap_ms / 1000, (long)(gap_ms % 1000) * 1000000L};
            nanosleep(&gap, NULL);
        }
        if (out && (ftruncate(fileno(out), 0) < 0 ||
                    lseek(fileno(out), 0, SEEK_SET) < 0)) {
            perror("runtimes: ftruncate");
            return 2;
        }
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            if (out) {
                dup2(fileno(out), STDOUT_FILENO);
                dup2(fileno(out), STDERR_FILENO);
            } else {
                freopen("/dev/null", "w", stdout);
                freopen("/dev/null", "w", stderr);
            }
            execv(argv[2], argv + 2);
            _exit(127);
        }
        int st;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
            perror("runtimes");
            return 2;
        }
        ms[i] = now_ms() - t0;
        rss[i] = (double)ru.ru_maxrss;
        int status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        printf("run %d: %.3f ms, %ld KiB, status %d\n", i + 1, ms[i],
               ru.ru_maxrss, status);
        bool has = !out || file_has(out, expect);
        if (status != want_status || !has) {
            printf("run %d FAILED: status %d (expected %d)%s; not a figure\n",
                   i + 1, status, want_status,
                   has ? "" : ", the output lacks the text expected");
            return 1;
        }
    }
    qsort(ms, (size_t)n, sizeof(*ms), cmp);
    qsort(rss, (size_t)n, sizeof(*rss), cmp);
    printf("time_ms median=%.3f min=%.3f max=%.3f p10=%.3f p90=%.3f n=%d\n",
           pct(ms, n, 50), ms[0], ms[n - 1], pct(ms, n, 10), pct(ms, n, 90), n);
    printf("rss_kib median=%.0f min=%.0f max=%.0f\n", pct(rss, n, 50), rss[0],
           rss[n - 1]);
    return 0;
}
