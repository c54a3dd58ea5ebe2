/*
 * kvm_reaper.c: destroy the VM after vmm has exited, not before.
 *
 * Tearing a VM down (the last close of its fds) takes the kernel tens of
 * milliseconds, and a process's fds are closed before its parent learns it
 * exited. So a small child process keeps a reference to the KVM fds and
 * nothing else; when vmm exits, for whatever reason, the child sees its
 * pipe close and exits too, and the kernel destroys the VM then. The caller
 * of `vmm run` gets the guest's status without waiting for that.
 *
 * The child is confined at once (unless --debug-unsafe): no capabilities,
 * no_new_privs and a seccomp filter allowing read on its pipe and exit,
 * nothing else (sandbox_reaper). vmm is still single-threaded when it
 * forks, so building that filter in the child is safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "kvm.h"
#include "sandbox.h"

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Close every fd but the `n` in keep (async-signal-safe after fork). */
static void close_all_but(int *keep, int n)
{
    qsort(keep, (size_t)n, sizeof(*keep), cmp_int);
    unsigned lo = 0;
    for (int i = 0; i < n; i++) {
        if ((unsigned)keep[i] > lo)
            close_range(lo, (unsigned)keep[i] - 1, 0);
        lo = (unsigned)keep[i] + 1;
    }
    close_range(lo, ~0U, 0);
}

int kvm_defer_teardown(struct kvm_vm *vm, char *err, size_t errlen)
{
    int p[2];
    /* The guest's memory stays out of the child entirely. */
    if (madvise(vm->mem.base, vm->mem.size, MADV_DONTFORK) < 0 ||
        pipe2(p, O_CLOEXEC) < 0) {
        snprintf(err, errlen, "cannot set up VM teardown: %s",
                 strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        int keep[] = {vm->kvm_fd, vm->vm_fd, vm->vcpu_fd, p[0]};
        close_all_but(keep, 4);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* Its own sandbox: read its pipe, exit. Without one, go now. */
        if (!vm->sandbox_off && sandbox_reaper(p[0]) < 0)
            _exit(0);
        char c;
        while (read(p[0], &c, 1) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(p[0]); /* p[1] stays open, unused, until vmm exits */
    return 0;
}
