/*
 * steptrace: run a command under ptrace, one instruction at a time on
 * every thread it starts, and print where it first ran code in [LO, HI):
 * one line "I ADDR,1" for each 16-byte piece of that range, in the order
 * the run first reached it. tools/hot-text/hot-text turns these into the
 * order of vmm's code (vmm/vmm-hot.ld). About a microsecond a step: a
 * vmm hello run takes a minute or two.
 *
 *   steptrace LO HI COMMAND [ARGS...]   (LO, HI in hex)
 *
 * The command's own output goes where steptrace's stderr goes; its exit
 * status is steptrace's. Children it forks run untraced.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define PIECE_SHIFT 4
#define MAX_PIECES (1U << 24) /* a range of up to 256 MiB */

static unsigned char seen[MAX_PIECES];
static uint64_t order[MAX_PIECES];
static size_t norder;

static void note(uint64_t rip, uint64_t lo, uint64_t hi)
{
    if (rip < lo || rip >= hi)
        return;
    uint64_t k = (rip - lo) >> PIECE_SHIFT;
    if (k < MAX_PIECES && !seen[k]) {
        seen[k] = 1;
        order[norder++] = rip;
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: steptrace LO HI COMMAND [ARGS...]\n");
        return 2;
    }
    uint64_t lo = strtoull(argv[1], NULL, 16), hi = strtoull(argv[2], NULL, 16);
    pid_t child = fork();
    if (child < 0) {
        perror("steptrace: fork");
        return 2;
    }
    if (child == 0) {
        dup2(2, 1); /* the command's output stays off the trace */
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        execvp(argv[3], argv + 3);
        perror("steptrace: exec");
        _exit(127);
    }
    int st, status = 1;
    if (waitpid(child, &st, 0) < 0 || !WIFSTOPPED(st)) {
        fprintf(stderr, "steptrace: the command did not start\n");
        return 2;
    }
    ptrace(PTRACE_SETOPTIONS, child, NULL,
           (void *)(PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL));
    ptrace(PTRACE_SINGLESTEP, child, NULL, NULL);
    unsigned long steps = 0;
    pid_t p;
    while ((p = waitpid(-1, &st, __WALL)) > 0) {
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            if (p == child)
                status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            continue;
        }
        int sig = WSTOPSIG(st), pass = 0;
        if (sig == SIGTRAP) {
            struct user_regs_struct r;
            if (ptrace(PTRACE_GETREGS, p, NULL, &r) == 0)
                note(r.rip, lo, hi);
            steps++;
        } else if (sig != SIGSTOP) {
            pass = sig; /* the command's own signals reach it */
        }
        ptrace(PTRACE_SINGLESTEP, p, NULL, (void *)(intptr_t)pass);
    }
    fprintf(stderr, "steptrace: %lu steps, %zu pieces of code, status %d\n",
            steps, norder, status);
    for (size_t i = 0; i < norder; i++)
        printf("I %llx,1\n", (unsigned long long)order[i]);
    return status;
}
