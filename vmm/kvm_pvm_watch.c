/*
 * kvm_pvm_watch.c: a guest whose code sits in a mapping without U/S can
 * leave kvm_pvm re-faulting on it for good ("refault livelock"): KVM_RUN
 * never returns; or, in long mode on such tables, run in kvm_pvm's
 * emulator for good (pvm_watch_emulated). On kvm_pvm a one-second timer
 * aimed at the vCPU thread interrupts KVM_RUN (EINTR); the run loop then
 * looks whether the vCPU moved since the last tick (pvm_watch_stuck) and,
 * if not, whether kvm_pvm's rules fail where it stands; and whether they
 * failed at rip at the last ticks (pvm_watch_emulated). (Seen: a guest whose PML4 entry
 * lacks U/S takes #PF on its handler's first fetch, again and again, one
 * frame further down its stack each time; 512 MiB of stack lasted 3 min.)
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "errmsg.h"
#include "kvm_pvm.h"

static volatile sig_atomic_t ticked;

static void on_tick(int sig)
{
    (void)sig;
    ticked = 1;
}

int pvm_watch_start(char *err, size_t errlen)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    /*
     * KVM_RUN returns EINTR for a pending signal whatever the flags;
     * SA_RESTART spares every other system call of the vCPU thread.
     */
    sa.sa_handler = on_tick;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) < 0)
        return errmsg(err, errlen, "sigaction(SIGALRM): %s", strerror(errno));
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGALRM;
    ev._sigev_un._tid = (pid_t)syscall(SYS_gettid); /* sigev_notify_thread_id */
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) < 0)
        return errmsg(err, errlen, "timer_create: %s", strerror(errno));
    struct itimerspec its = {.it_interval = {PVM_WATCH_SECONDS, 0},
                             .it_value = {PVM_WATCH_SECONDS, 0}};
    if (timer_settime(t, 0, &its, NULL) < 0)
        return errmsg(err, errlen, "timer_settime: %s", strerror(errno));
    return 0;
}

bool pvm_watch_ticked(void)
{
    if (!ticked)
        return false;
    ticked = 0;
    return true;
}

bool pvm_watch_stuck(struct pvm_fallback *f, const struct kvm_regs *r,
                     uint64_t exits)
{
    /*
     * The same rip and no exit: a loop in place (its business), a halt,
     * or kvm_pvm delivering #PF to a handler it cannot fetch either, over
     * and over, the stack going down a frame each time (the caller tells
     * these apart by the mapping at rip).
     */
    bool stuck = f->have_tick && f->tick_exits == exits &&
                 f->tick_rip == r->rip;
    f->have_tick = true;
    f->tick_exits = exits;
    f->tick_rip = r->rip;
    return stuck;
}

bool pvm_watch_emulated(struct pvm_fallback *f, enum pvm_rule rule)
{
    if (rule != PVM_NO_USER && rule != PVM_EVEN_CR3) {
        f->emulated_ticks = 0;
        return false;
    }
    return ++f->emulated_ticks >= PVM_EMULATED_TICKS;
}
