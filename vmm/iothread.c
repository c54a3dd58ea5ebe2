/* iothread.c: the epoll loop serving queue notifications and taps. */
#include "iothread.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define MAX_EVENTS 32
#define MAX_FDS 256

/* Every fd made or watched here, for the sandbox (set-up time only). */
static int fds[MAX_FDS];
static unsigned nfds;

static void remember(int fd)
{
    for (unsigned i = 0; i < nfds; i++)
        if (fds[i] == fd)
            return;
    if (fd >= 0 && nfds < MAX_FDS)
        fds[nfds++] = fd;
}

unsigned iothread_fds(const int **list)
{
    *list = fds;
    return nfds;
}

int iothread_eventfd(char *err, size_t errlen)
{
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        snprintf(err, errlen, "eventfd: %s", strerror(errno));
    remember(fd);
    return fd;
}

void iothread_kick(int fd)
{
    uint64_t one = 1;
    ssize_t n;
    do
        n = write(fd, &one, sizeof(one));
    while (n < 0 && errno == EINTR);
}

uint64_t iothread_drain(int fd)
{
    uint64_t count;
    ssize_t n;
    do
        n = read(fd, &count, sizeof(count));
    while (n < 0 && errno == EINTR);
    return n == sizeof(count) ? count : 0;
}

int iothread_init(struct iothread *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof(*t));
    nfds = 0;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    t->stopfd = -1;
    t->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (t->epfd < 0) {
        snprintf(err, errlen, "epoll_create1: %s", strerror(errno));
        return -1;
    }
    t->stopfd = iothread_eventfd(err, errlen);
    if (t->stopfd < 0)
        return -1;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, t->stopfd, &ev) < 0) {
        snprintf(err, errlen, "epoll_ctl: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int iothread_watch(struct iothread *t, struct io_watch *w, uint32_t events,
                   char *err, size_t errlen)
{
    if (iothread_watch_unlisted(t, w, events, err, errlen) < 0)
        return -1;
    remember(w->fd);
    return 0;
}

int iothread_watch_unlisted(struct iothread *t, struct io_watch *w,
                            uint32_t events, char *err, size_t errlen)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0) {
        snprintf(err, errlen, "epoll_ctl: %s", strerror(errno));
        return -1;
    }
    return 0;
}

void iothread_rewatch(struct iothread *t, struct io_watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    epoll_ctl(t->epfd, EPOLL_CTL_MOD, w->fd, &ev);
}

static void *loop(void *arg)
{
    struct iothread *t = arg;
    struct epoll_event ev[MAX_EVENTS];
    pthread_mutex_lock(&t->lock);
    t->started = true;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
    for (;;) {
        int n = epoll_wait(t->epfd, ev, MAX_EVENTS, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "vmm: I/O thread: epoll_wait: %s\n",
                    strerror(errno));
            return NULL;
        }
        for (int i = 0; i < n; i++) {
            struct io_watch *w = ev[i].data.ptr;
            if (!w)
                return NULL; /* the stop eventfd */
            w->fn(w);
        }
    }
}

int iothread_start(struct iothread *t, char *err, size_t errlen)
{
    int r = pthread_create(&t->thread, NULL, loop, t);
    if (r != 0) {
        snprintf(err, errlen, "pthread_create: %s", strerror(r));
        return -1;
    }
    t->running = true;
    pthread_mutex_lock(&t->lock);
    while (!t->started)
        pthread_cond_wait(&t->cond, &t->lock);
    pthread_mutex_unlock(&t->lock);
    return 0;
}

void iothread_stop(struct iothread *t)
{
    if (t->running) {
        iothread_kick(t->stopfd);
        pthread_join(t->thread, NULL);
        t->running = false;
    }
    if (t->stopfd >= 0)
        close(t->stopfd);
    if (t->epfd >= 0)
        close(t->epfd);
    t->stopfd = t->epfd = -1;
}
