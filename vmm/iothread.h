/*
 * iothread.h: the one I/O thread of the virtio target. It waits
 * (epoll) on the queue-notify eventfds KVM signals (KVM_IOEVENTFD) and on
 * the taps, and runs the devices' queue work there, so a notification
 * costs the guest no exit to userspace. Devices lock their own state
 * against the vCPU thread's register accesses.
 */
#ifndef VIRTIO_HOST_IOTHREAD_H
#define VIRTIO_HOST_IOTHREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct io_watch {
    int fd;
    void (*fn)(struct io_watch *w); /* runs in the I/O thread */
    void *arg;
};

struct iothread {
    int epfd, stopfd;
    pthread_t thread;
    bool running;
    /* Set by the thread once through its start-up (see iothread_start). */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool started;
};

int iothread_init(struct iothread *t, char *err, size_t errlen);
/* Watch w->fd for `events` (EPOLLIN or 0 for not now); 0 or -1 with err. */
int iothread_watch(struct iothread *t, struct io_watch *w, uint32_t events,
                   char *err, size_t errlen);
/*
 * The same for an fd the sandbox is told about by its owner, not through
 * iothread_fds() (which grants read and write): vmm's stdin, read only.
 */
int iothread_watch_unlisted(struct iothread *t, struct io_watch *w,
                            uint32_t events, char *err, size_t errlen);
/* Change what w is watched for (thread-safe). */
void iothread_rewatch(struct iothread *t, struct io_watch *w, uint32_t events);
/*
 * Start the thread and return once it is in its loop: its start-up system
 * calls (glibc's set_robust_list, rseq, signal mask) are done, so the
 * sandbox installed next never catches one of them.
 */
int iothread_start(struct iothread *t, char *err, size_t errlen);
/* Stop and join the thread, close its fds. */
void iothread_stop(struct iothread *t);

/* An eventfd (non-blocking, close-on-exec), or -1 with err. */
int iothread_eventfd(char *err, size_t errlen);
/*
 * The fds iothread_eventfd() made and iothread_watch() watched since
 * iothread_init() (eventfds, taps, timers): what the threads read and
 * write, for the sandbox's allowlist. Returns how many, *list the array.
 */
unsigned iothread_fds(const int **list);

/* Signal an eventfd; consume its count (returned). */
void iothread_kick(int fd);
uint64_t iothread_drain(int fd);

#endif
