/* vcpu_tick.c: the vCPU thread's one-second timer (vcpu_tick.h). */
#include "vcpu_tick.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"

static volatile sig_atomic_t ticked;

static void on_tick(int sig)
{
    (void)sig;
    ticked = 1;
}

int vcpu_tick_start(char *err, size_t errlen)
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
    struct itimerspec its = {.it_interval = {VCPU_TICK_SECONDS, 0},
                             .it_value = {VCPU_TICK_SECONDS, 0}};
    if (timer_settime(t, 0, &its, NULL) < 0)
        return errmsg(err, errlen, "timer_settime: %s", strerror(errno));
    return 0;
}

bool vcpu_tick_fired(void)
{
    if (!ticked)
        return false;
    ticked = 0;
    return true;
}
