/*
 * host_xen_console.c: the guest's console output, both ways Xen offers it:
 * console_io(CONSOLEIO_write) and the xencons_interface ring on the page
 * HVM_PARAM_CONSOLE_PFN names, drained when the guest sends on the console
 * port. Both go to vmm's stdout as the guest wrote them (a guest that
 * writes CRLF gets CRLF), after any buffered COM1 output. Nothing is ever
 * read: CONSOLEIO_read returns 0 and the input ring stays empty.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "host_xen.h"

static void write_out(void *arg, const void *p, size_t n)
{
    (void)arg;
    const char *c = p;
    while (n) {
        ssize_t w = write(STDOUT_FILENO, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* best effort, as on the other targets */
        c += w;
        n -= (size_t)w;
    }
}

static void flush_others(struct xen *x)
{
    if (x->host && x->host->flush)
        x->host->flush(x->host->ctx);
}

void xen_console_drain(struct xen *x)
{
    struct xencons_interface *r = x->console;
    uint32_t cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
    uint32_t prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
    uint32_t n = prod - cons;
    if (n > sizeof(r->out)) {
        flush_others(x);
        fprintf(stderr,
                "vmm: console ring: out_prod 0x%x is 0x%x bytes past "
                "out_cons 0x%x, more than the ring holds (%zu); output "
                "dropped\n",
                prod, n, cons, sizeof(r->out));
        __atomic_store_n(&r->out_cons, prod, __ATOMIC_RELEASE);
        return;
    }
    flush_others(x);
    uint32_t at = cons % sizeof(r->out);
    uint32_t first = n < sizeof(r->out) - at ? n : (uint32_t)sizeof(r->out) - at;
    write_out(NULL, r->out + at, first);
    write_out(NULL, r->out, n - first);
    __atomic_store_n(&r->out_cons, prod, __ATOMIC_RELEASE);
}

static enum xen_verdict hc_console_io(struct xen *x, struct xen_call *c)
{
    switch ((uint32_t)c->arg[0]) {
    case CONSOLEIO_write:
        flush_others(x);
        c->ret = xen_guest_range(x, c->arg[2], (uint32_t)c->arg[1], write_out,
                                 NULL)
                     ? 0
                     : -XEN_EFAULT;
        break;
    case CONSOLEIO_read:
        c->ret = 0;
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_console_io, "console_io", hc_console_io);
