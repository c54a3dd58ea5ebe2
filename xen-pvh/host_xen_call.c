/*
 * host_xen_call.c: the shim's state, hypercall dispatch, and the checked
 * access to guest memory every handler goes through.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "host_xen.h"

#define PAGE 4096ULL

VMM_REGISTRY(xen_hypercalls, struct xen_hc_def);

int xen_init(struct xen *x, struct guest_mem *mem, uint64_t console_gpa,
             void *console, uint64_t tsc_hz)
{
    pthread_condattr_t ca;
    memset(x, 0, sizeof(*x));
    x->mem = mem;
    x->shinfo = (struct shared_info *)x->shadow;
    /* As Xen leaves a new domain's vCPUs: event delivery masked. */
    x->shinfo->vcpu_info[0].evtchn_upcall_mask = 1;
    x->console_gpa = console_gpa;
    x->console = console;
    x->console_port = 1;
    x->port[1].kind = XEN_PORT_CONSOLE;
    x->tsc_hz = tsc_hz ? tsc_hz : 1000000000ULL;
    xen_pvclock_params(x->tsc_hz, &x->tsc_mul, &x->tsc_shift);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    x->boot_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
    if (pthread_mutex_init(&x->lock, NULL) != 0)
        return -1;
    if (pthread_condattr_init(&ca) != 0 ||
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&x->wake, &ca) != 0) {
        pthread_mutex_destroy(&x->lock);
        return -1;
    }
    pthread_condattr_destroy(&ca);
    return 0;
}

void xen_destroy(struct xen *x)
{
    pthread_cond_destroy(&x->wake);
    pthread_mutex_destroy(&x->lock);
}

void xen_add_memory(struct xen *x, uint64_t gpa, void *host, uint64_t size)
{
    x->extra = (struct guest_mem){host, size};
    x->extra_gpa = gpa;
}

const struct xen_hc_def *xen_hypercall_find(unsigned nr)
{
    VMM_FOREACH(xen_hypercalls, struct xen_hc_def, d)
        if (d->nr == nr)
            return d;
    return NULL;
}

enum xen_verdict xen_hypercall(struct xen *x, unsigned nr, struct xen_call *c)
{
    const struct xen_hc_def *d = xen_hypercall_find(nr);
    c->ret = -XEN_ENOSYS;
    if (!d) {
        if (x->stats) {
            stats_count(x->stats, "unknown-hypercall");
            stats_enosys(x->stats, "unknown-hypercall");
        }
        return XEN_RESUME;
    }
    if (x->stats)
        stats_count(x->stats, d->name);
    pthread_mutex_lock(&x->lock);
    enum xen_verdict r = d->fn(x, c);
    pthread_mutex_unlock(&x->lock);
    if (c->ret == -XEN_ENOSYS && x->stats)
        stats_enosys(x->stats, d->name);
    return r;
}

enum xen_verdict xen_stop(struct xen *x, int status, bool regs,
                          const char *fmt, ...)
{
    x->status = status;
    x->stop_regs = regs;
    x->stop_msg[0] = '\0';
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->stop_msg, sizeof(x->stop_msg), fmt, ap);
        va_end(ap);
    }
    return XEN_STOP;
}

/* Host pointer for the n bytes at gva (within one page), or NULL. */
static void *piece(struct xen *x, uint64_t gva, uint64_t n, bool write)
{
    uint64_t gpa = gva;
    if (x->host && x->host->translate &&
        !x->host->translate(x->host->ctx, gva, write, &gpa))
        return NULL;
    void *p = gmem_ptr(x->mem, gpa, n);
    if (!p && x->extra.base && gpa >= x->extra_gpa)
        p = gmem_ptr(&x->extra, gpa - x->extra_gpa, n);
    return p;
}

/* Walk [gva, gva + len) a page at a time; fn may be NULL (check only). */
static bool walk(struct xen *x, uint64_t gva, uint64_t len, bool write,
                 void (*fn)(void *arg, void *p, size_t n), void *arg)
{
    if (gva + len < gva)
        return false;
    while (len) {
        uint64_t n = PAGE - (gva & (PAGE - 1));
        if (n > len)
            n = len;
        void *p = piece(x, gva, n, write);
        if (!p)
            return false;
        if (fn)
            fn(arg, p, (size_t)n);
        gva += n;
        len -= n;
    }
    return true;
}

struct cursor {
    uint8_t *host;
    bool out;
};

static void copy_piece(void *arg, void *p, size_t n)
{
    struct cursor *c = arg;
    if (c->out)
        memcpy(p, c->host, n);
    else
        memcpy(c->host, p, n);
    c->host += n;
}

bool xen_copy_in(struct xen *x, uint64_t gva, void *dst, uint64_t len)
{
    struct cursor c = {dst, false};
    return walk(x, gva, len, false, NULL, NULL) &&
           walk(x, gva, len, false, copy_piece, &c);
}

bool xen_copy_out(struct xen *x, uint64_t gva, const void *src, uint64_t len)
{
    struct cursor c = {(uint8_t *)(uintptr_t)src, true};
    return walk(x, gva, len, true, NULL, NULL) &&
           walk(x, gva, len, true, copy_piece, &c);
}

struct range_fn {
    void (*fn)(void *arg, const void *p, size_t n);
    void *arg;
};

static void range_piece(void *arg, void *p, size_t n)
{
    struct range_fn *r = arg;
    r->fn(r->arg, p, n);
}

bool xen_guest_range(struct xen *x, uint64_t gva, uint64_t len,
                     void (*fn)(void *arg, const void *p, size_t n),
                     void *arg)
{
    struct range_fn r = {fn, arg};
    return walk(x, gva, len, false, NULL, NULL) &&
           walk(x, gva, len, false, range_piece, &r);
}
