/*
 * bptrace: run a command under ptrace with a one-shot breakpoint (int3) at
 * each of the given code addresses, and print the addresses in the order
 * the run first reached them: one line "I ADDR,1" each.
 * tools/hot-text/hot-text gives it every function entry of vmm's text and
 * turns the result into the order of vmm's code (vmm/vmm-hot.ld).
 *
 *   bptrace ADDRS COMMAND [ARGS...]
 *
 * ADDRS is a file of hex addresses, one a line. A breakpoint costs one
 * stop the first time it is hit, in each process, and none after (its
 * byte is put back): a hello run takes well under a second, even in the
 * KVM box under TCG, where stepping every instruction would take an hour.
 * Threads and forked children are traced too (a child inherits the
 * breakpoints not yet hit). The command's own output goes where bptrace's
 * stderr goes; its exit status is bptrace's.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

struct bp {
    uint64_t addr;
    unsigned char orig;
    unsigned char hit;
};

static struct bp *bps;
static size_t nbps;
static uint64_t *order;
static size_t norder;

static int by_addr(const void *a, const void *b)
{
    uint64_t x = ((const struct bp *)a)->addr, y = ((const struct bp *)b)->addr;
    return x < y ? -1 : x > y;
}

static struct bp *find(uint64_t addr)
{
    struct bp key = {.addr = addr};
    return bsearch(&key, bps, nbps, sizeof(*bps), by_addr);
}

static int read_addrs(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bptrace: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    unsigned long long a;
    while (fscanf(f, "%llx", &a) == 1) {
        if (nbps == cap) {
            cap = cap ? cap * 2 : 4096;
            struct bp *n = realloc(bps, cap * sizeof(*bps));
            if (!n) {
                fclose(f);
                return -1;
            }
            bps = n;
        }
        bps[nbps++] = (struct bp){.addr = a};
    }
    fclose(f);
    qsort(bps, nbps, sizeof(*bps), by_addr);
    size_t k = 0; /* duplicates once */
    for (size_t i = 0; i < nbps; i++)
        if (!k || bps[i].addr != bps[k - 1].addr)
            bps[k++] = bps[i];
    nbps = k;
    order = calloc(nbps ? nbps : 1, sizeof(*order));
    return order ? 0 : -1;
}

/* The byte at ADDR in PID's memory set to V; the old byte in *OLD. */
static int poke_byte(pid_t pid, uint64_t addr, unsigned char v,
                     unsigned char *old)
{
    errno = 0;
    long w = ptrace(PTRACE_PEEKTEXT, pid, (void *)addr, NULL);
    if (errno)
        return -1;
    if (old)
        *old = (unsigned char)(w & 0xff);
    w = (long)(((unsigned long)w & ~0xffUL) | v);
    return (int)ptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)w);
}

static int arm(pid_t pid)
{
    for (size_t i = 0; i < nbps; i++)
        if (poke_byte(pid, bps[i].addr, 0xcc, &bps[i].orig) < 0) {
            fprintf(stderr, "bptrace: cannot set a breakpoint at %llx: %s\n",
                    (unsigned long long)bps[i].addr, strerror(errno));
            return -1;
        }
    return 0;
}

/* A SIGTRAP stop of PID: one of ours? Then note it, put the byte back
 * (in PID's process) and run the instruction. Returns 1 if it was ours. */
static int on_trap(pid_t pid)
{
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &r) < 0)
        return 0;
    struct bp *b = find(r.rip - 1);
    if (!b)
        return 0;
    if (!b->hit) {
        b->hit = 1;
        order[norder++] = b->addr;
    }
    unsigned char now;
    errno = 0;
    long w = ptrace(PTRACE_PEEKTEXT, pid, (void *)b->addr, NULL);
    now = (unsigned char)(w & 0xff);
    if (!errno && now == 0xcc) /* another thread may have put it back */
        poke_byte(pid, b->addr, b->orig, NULL);
    r.rip = b->addr;
    ptrace(PTRACE_SETREGS, pid, NULL, &r);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bptrace ADDRS COMMAND [ARGS...]\n");
        return 2;
    }
    if (read_addrs(argv[1]) < 0)
        return 2;
    pid_t child = fork();
    if (child < 0) {
        perror("bptrace: fork");
        return 2;
    }
    if (child == 0) {
        dup2(2, 1); /* the command's output stays off the trace */
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        execvp(argv[2], argv + 2);
        perror("bptrace: exec");
        _exit(127);
    }
    int st, status = 1;
    if (waitpid(child, &st, 0) < 0 || !WIFSTOPPED(st)) {
        fprintf(stderr, "bptrace: the command did not start\n");
        return 2;
    }
    ptrace(PTRACE_SETOPTIONS, child, NULL,
           (void *)(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                    PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC |
                    PTRACE_O_EXITKILL));
    ptrace(PTRACE_CONT, child, NULL, NULL);
    int armed = 0;
    unsigned long traps = 0;
    pid_t p;
    while ((p = waitpid(-1, &st, __WALL)) > 0) {
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            if (p == child)
                status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            continue;
        }
        int sig = WSTOPSIG(st), pass = 0, event = st >> 16;
        if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC && p == child &&
            !armed) {
            if (arm(child) < 0) {
                kill(child, SIGKILL);
                return 2;
            }
            armed = 1;
        } else if (sig == SIGTRAP && event == 0) {
            if (on_trap(p))
                traps++;
            else
                pass = sig;
        } else if (sig != SIGTRAP && sig != SIGSTOP) {
            pass = sig; /* the command's own signals reach it */
        }
        ptrace(PTRACE_CONT, p, NULL, (void *)(intptr_t)pass);
    }
    fprintf(stderr, "bptrace: %zu breakpoints, %zu reached (%lu stops), status %d\n",
            nbps, norder, traps, status);
    for (size_t i = 0; i < norder; i++)
        printf("I %llx,1\n", (unsigned long long)order[i]);
    return status;
}
