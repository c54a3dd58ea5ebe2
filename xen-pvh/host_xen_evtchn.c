/*
 * host_xen_evtchn.c: event channels with Xen's 2-level bitmaps in shared
 * info (evtchn_pending/evtchn_mask words, the vCPU's evtchn_pending_sel
 * and evtchn_upcall_pending), and event_channel_op: bind_virq, send,
 * unmask, close.
 *
 * Ports: 1 is the console (bound to vmm's console backend), the others are
 * handed out by bind_virq. A 0 -> 1 change of evtchn_upcall_pending raises
 * the upcall: the vector set with HVMOP_set_evtchn_upcall_vector (or an
 * HVM_PARAM_CALLBACK_IRQ of the vector type), sent to the local APIC, and
 * a wake-up for a vCPU blocked in vmm. The guest and vmm update the bitmaps
 * with atomic operations, as with Xen.
 */
#include "host_xen.h"

#define WORD_BITS 64
#define CALLBACK_TYPE_VECTOR 2 /* HVM_PARAM_CALLBACK_IRQ bits 63:56 */

struct evtchn_close {
    uint32_t port; /* IN */
};

bool xen_upcall_pending(const struct xen *x)
{
    return __atomic_load_n(&x->shinfo->vcpu_info[0].evtchn_upcall_pending,
                           __ATOMIC_SEQ_CST) != 0;
}

uint32_t xen_virq_port(const struct xen *x, uint32_t virq)
{
    for (uint32_t p = 1; p < XEN_MAX_PORTS; p++)
        if (x->port[p].kind == XEN_PORT_VIRQ && x->port[p].virq == virq)
            return p;
    return 0;
}

static uint8_t upcall_vector(const struct xen *x)
{
    uint64_t cb = x->param[HVM_PARAM_CALLBACK_IRQ];
    if (x->upcall_vector)
        return x->upcall_vector;
    if ((cb >> 56) == CALLBACK_TYPE_VECTOR && (uint8_t)cb >= 0x10)
        return (uint8_t)cb;
    return 0; /* GSI and PCI INTx callbacks are not raised */
}

static void raise_upcall(struct xen *x)
{
    uint8_t vector = upcall_vector(x);
    if (vector && x->host && x->host->inject)
        x->host->inject(x->host->ctx, vector);
    pthread_cond_broadcast(&x->wake);
}

void xen_upcall_kick(struct xen *x)
{
    if (xen_upcall_pending(x))
        raise_upcall(x);
}

/* Xen's vcpu_mark_events_pending: one upcall per 0 -> 1 change. */
static void mark_events_pending(struct xen *x)
{
    uint8_t *p = &x->shinfo->vcpu_info[0].evtchn_upcall_pending;
    if (__atomic_exchange_n(p, 1, __ATOMIC_SEQ_CST) == 0)
        raise_upcall(x);
}

/* Set the selector bit of word w; true when it was clear. */
static bool select_word(struct xen *x, unsigned w)
{
    uint64_t bit = 1ULL << w;
    return !(__atomic_fetch_or(&x->shinfo->vcpu_info[0].evtchn_pending_sel,
                               bit, __ATOMIC_SEQ_CST) &
             bit);
}

void xen_evtchn_set_pending(struct xen *x, uint32_t port)
{
    struct shared_info *s = x->shinfo;
    unsigned w = port / WORD_BITS;
    uint64_t bit = 1ULL << (port % WORD_BITS);
    if (__atomic_fetch_or(&s->evtchn_pending[w], bit, __ATOMIC_SEQ_CST) & bit)
        return; /* already pending */
    if (__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_SEQ_CST) & bit)
        return;
    if (select_word(x, w))
        mark_events_pending(x);
}

static void unmask(struct xen *x, uint32_t port)
{
    struct shared_info *s = x->shinfo;
    unsigned w = port / WORD_BITS;
    uint64_t bit = 1ULL << (port % WORD_BITS);
    if (!(__atomic_fetch_and(&s->evtchn_mask[w], ~bit, __ATOMIC_SEQ_CST) &
          bit))
        return; /* was not masked */
    if (!(__atomic_load_n(&s->evtchn_pending[w], __ATOMIC_SEQ_CST) & bit))
        return;
    if (select_word(x, w))
        mark_events_pending(x);
}

static int64_t bind_virq(struct xen *x, uint64_t arg)
{
    struct evtchn_bind_virq b;
    if (!xen_copy_in(x, arg, &b, sizeof(b)))
        return -XEN_EFAULT;
    if (b.virq >= XEN_NR_VIRQS)
        return -XEN_EINVAL;
    if (b.vcpu != 0)
        return -XEN_ENOENT;
    uint32_t free_port = 0;
    for (uint32_t p = XEN_MAX_PORTS - 1; p >= 1; p--) {
        if (x->port[p].kind == XEN_PORT_VIRQ && x->port[p].virq == b.virq)
            return -XEN_EEXIST;
        if (x->port[p].kind == XEN_PORT_FREE)
            free_port = p;
    }
    if (!free_port)
        return -XEN_ENOSPC;
    x->port[free_port].kind = XEN_PORT_VIRQ;
    x->port[free_port].virq = b.virq;
    b.port = free_port;
    /* As Xen: the port stays bound even when it cannot be reported. */
    return xen_copy_out(x, arg, &b, sizeof(b)) ? 0 : -XEN_EFAULT;
}

/* One of the two arguments that are just a port number. */
static int64_t read_port(struct xen *x, uint64_t arg, uint32_t *port)
{
    if (!xen_copy_in(x, arg, port, sizeof(*port)))
        return -XEN_EFAULT;
    return *port >= XEN_MAX_PORTS ? -XEN_EINVAL : 0;
}

static int64_t send(struct xen *x, uint64_t arg)
{
    struct evtchn_send s;
    int64_t r = read_port(x, arg, &s.port);
    if (r < 0)
        return r;
    if (x->port[s.port].kind != XEN_PORT_CONSOLE)
        return -XEN_EINVAL; /* free, or a VIRQ (Xen refuses those too) */
    xen_console_drain(x);
    /* The backend took the output: it signals back, as xenconsoled does. */
    xen_evtchn_set_pending(x, s.port);
    return 0;
}

static int64_t close_port(struct xen *x, uint64_t arg)
{
    struct evtchn_close c;
    int64_t r = read_port(x, arg, &c.port);
    if (r < 0)
        return r;
    if (c.port == 0 || x->port[c.port].kind == XEN_PORT_FREE)
        return -XEN_EINVAL;
    x->port[c.port].kind = XEN_PORT_FREE;
    return 0;
}

static enum xen_verdict hc_event_channel_op(struct xen *x, struct xen_call *c)
{
    struct evtchn_unmask u;
    switch ((uint32_t)c->arg[0]) {
    case EVTCHNOP_bind_virq:
        c->ret = bind_virq(x, c->arg[1]);
        break;
    case EVTCHNOP_send:
        c->ret = send(x, c->arg[1]);
        break;
    case EVTCHNOP_unmask:
        c->ret = read_port(x, c->arg[1], &u.port);
        if (c->ret == 0)
            unmask(x, u.port);
        break;
    case EVTCHNOP_close:
        c->ret = close_port(x, c->arg[1]);
        break;
    default:
        c->ret = -XEN_ENOSYS;
    }
    return XEN_RESUME;
}
XEN_HYPERCALL(__HYPERVISOR_event_channel_op, "event_channel_op",
              hc_event_channel_op);
