/*
 * gen_seeds_xen.c: the seeds of fuzz_xen: what a PVH guest does from boot
 * to exit (shared info, upcall vector, timer, block, console, shutdown),
 * the console ring, a page table with read-only and missing mappings,
 * masked ports, devices with a halting block, and bad arguments.
 */
#include <string.h>

#include "xen-pvh/xen_abi.h"

#include "gen_seeds.h"

#define XS_HDR 226 /* fuzz_xen.c's header */
#define XS_CALL(i) (1 + 26 * (i))
#define XS_MODE 209
#define XS_TABLE 210
#define XS_PRESENT 0x80
#define XS_WRITABLE 0x40
#define XS_CONSOLE_PAGE 11 /* the record page of the console ring */

/* fuzz_xen.c's order of the hypercalls it has (a number byte < 0x80). */
enum {
    XS_MEMORY,
    XS_TIMER,
    XS_VERSION,
    XS_CONSOLE,
    XS_VCPU,
    XS_SCHED,
    XS_EVTCHN,
    XS_HVM,
    XS_STORE = 0xfe,
    XS_MSR = 0xff
};
#define XS_TSC_2GHZ (11 << 2) /* mode bits: 1 MHz << 11 */

struct xs {
    struct buf f;
    unsigned n;
};

static void xs_init(struct xs *s, uint8_t mode)
{
    memset(s, 0, sizeof(*s));
    s->f.len = XS_HDR;
    s->f.b[XS_MODE] = mode;
}

static void xs_call(struct xs *s, uint8_t which, uint64_t a0, uint64_t a1,
                    uint64_t a2, uint8_t flags)
{
    uint8_t *c = s->f.b + XS_CALL(s->n);
    c[0] = which;
    memcpy(c + 1, &a0, 8);
    memcpy(c + 9, &a1, 8);
    memcpy(c + 17, &a2, 8);
    c[25] = flags;
    s->f.b[0] = (uint8_t)s->n;
    s->n++;
}

/* A memory record: n bytes at offset off of record page `page`. */
static void xs_mem(struct xs *s, uint8_t page, uint16_t off, const void *p,
                   uint16_t n)
{
    size_t at = s->f.len;
    uint8_t h[5] = {page, (uint8_t)off, (uint8_t)(off >> 8), (uint8_t)n,
                    (uint8_t)(n >> 8)};
    put(&s->f, at, h, sizeof(h));
    put(&s->f, at + sizeof(h), p, n);
}

void xen_shim(void)
{
    struct xs s;
    struct xen_add_to_physmap atp = {DOMID_SELF, 0, XENMAPSPACE_shared_info, 0,
                                     2};
    struct xen_hvm_evtchn_upcall_vector uv = {0, 0xf3, {0}};
    struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};
    struct vcpu_set_singleshot_timer st = {50000000, 0, 0}; /* 50 ms */
    struct sched_shutdown sd = {0x100 + 7};
    static const char hello[] = "Hello from a Xen fuzz seed\n";

    /* Identity addresses: what a PVH guest does from boot to exit. */
    xs_init(&s, XS_TSC_2GHZ);
    xs_call(&s, XS_VERSION, XENVER_version, 0, 0, 0);
    xs_call(&s, XS_MEMORY, XENMEM_add_to_physmap, 0x100, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_set_evtchn_upcall_vector, 0x140, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_bind_virq, 0x180, 0, 0);
    xs_call(&s, XS_VCPU, VCPUOP_set_singleshot_timer, 0, 0x1c0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_block, 0, 0, 1);
    xs_call(&s, XS_CONSOLE, CONSOLEIO_write, sizeof(hello) - 1, 0x200, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_shutdown, 0x240, 0, 0);
    xs_mem(&s, 0, 0x100, &atp, sizeof(atp));
    xs_mem(&s, 0, 0x140, &uv, sizeof(uv));
    xs_mem(&s, 0, 0x180, &bv, sizeof(bv));
    xs_mem(&s, 0, 0x1c0, &st, sizeof(st));
    xs_mem(&s, 0, 0x200, hello, sizeof(hello) - 1);
    xs_mem(&s, 0, 0x240, &sd, sizeof(sd));
    save("xen", "boot-timer-exit.bin", &s.f);

    /* The console ring: the guest fills it, sends on port 1, polls it. */
    struct xen_hvm_param pfn = {DOMID_SELF, 0, HVM_PARAM_CONSOLE_PFN, 0};
    struct evtchn_send snd = {1};
    uint32_t port1 = 1;
    struct sched_poll poll = {0x300, 1, 0, 5000000};
    uint32_t idx[2] = {0, sizeof(hello) - 1}; /* out_cons, out_prod */
    /* (struct xencons_interface: in[1024], out[2048], in_cons, in_prod,
     * out_cons, out_prod) */
    xs_init(&s, XS_TSC_2GHZ);
    xs_call(&s, XS_HVM, HVMOP_get_param, 0x100, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_send, 0x140, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_poll, 0x180, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_unmask, 0x140, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_close, 0x140, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_send, 0x140, 0, 0);
    xs_mem(&s, 0, 0x100, &pfn, sizeof(pfn));
    xs_mem(&s, 0, 0x140, &snd, sizeof(snd));
    xs_mem(&s, 0, 0x180, &poll, sizeof(poll));
    xs_mem(&s, 0, 0x300, &port1, sizeof(port1));
    xs_mem(&s, XS_CONSOLE_PAGE, 1024, hello, sizeof(hello) - 1);
    xs_mem(&s, XS_CONSOLE_PAGE, 1024 + 2048 + 8, idx, sizeof(idx));
    save("xen", "console-ring.bin", &s.f);

    /* Through a page table: writable, read-only, the PVH area, nowhere. */
    struct xen_memory_map mm = {8, 0, 0x1800}; /* buffer on virtual page 1 */
    struct xen_memory_map mm_ok = {8, 0, 0x800};
    struct xen_add_to_physmap atp1 = {DOMID_SELF, 0, XENMAPSPACE_shared_info, 0,
                                      1};
    struct sched_shutdown crash = {SHUTDOWN_crash};
    xs_init(&s, 1 | XS_TSC_2GHZ);
    s.f.b[XS_TABLE + 0] = XS_PRESENT | XS_WRITABLE | 0;
    s.f.b[XS_TABLE + 1] = XS_PRESENT | 1;                /* read-only */
    s.f.b[XS_TABLE + 2] = XS_PRESENT | XS_WRITABLE | 11; /* console */
    s.f.b[XS_TABLE + 3] = XS_PRESENT | XS_WRITABLE | 12; /* past memory */
    xs_call(&s, XS_MEMORY, XENMEM_memory_map, 0x100, 0, 0);
    xs_call(&s, XS_MEMORY, XENMEM_memory_map, 0x140, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_get_param, 0x1100, 0, 0);
    xs_call(&s, XS_CONSOLE, CONSOLEIO_write, 16, 0x2400, 0);
    xs_call(&s, XS_CONSOLE, CONSOLEIO_write, 16, 0x3000, 0);
    xs_call(&s, XS_MEMORY, XENMEM_add_to_physmap, 0x180, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_shutdown, 0x1c0, 0, 0);
    xs_mem(&s, 0, 0x100, &mm, sizeof(mm));
    xs_mem(&s, 0, 0x140, &mm_ok, sizeof(mm_ok));
    xs_mem(&s, 0, 0x180, &atp1, sizeof(atp1));
    xs_mem(&s, 0, 0x1c0, &crash, sizeof(crash));
    xs_mem(&s, 1, 0x100, &pfn, sizeof(pfn));
    xs_mem(&s, XS_CONSOLE_PAGE, 0x400, hello, 16);
    save("xen", "page-table.bin", &s.f);

    /* Bad arguments: too many ports, a wrapping port list, a read-only
     * param, an unknown VIRQ, port 0, a wrapping buffer, an unknown
     * number, an upcall vector below 0x10. */
    struct sched_poll many = {0x300, 200, 0, 0};
    struct sched_poll wrap = {UINT64_MAX - 3, 2, 0, 0};
    struct xen_hvm_param ro = {DOMID_SELF, 0, HVM_PARAM_STORE_PFN, 5};
    struct evtchn_bind_virq badvirq = {99, 0, 0};
    struct evtchn_send port0 = {0};
    xs_init(&s, XS_TSC_2GHZ);
    xs_call(&s, XS_SCHED, SCHEDOP_poll, 0x100, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_poll, 0x140, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_set_param, 0x180, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_bind_virq, 0x1c0, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_close, 0x200, 0, 0);
    xs_call(&s, XS_VERSION, 1 /* extraversion */, UINT64_MAX - 3, 0, 0);
    xs_call(&s, 0x80 + 3, 0, 0, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_set_evtchn_upcall_vector, 0x240, 0, 0);
    uv.vector = 0x0f;
    xs_mem(&s, 0, 0x100, &many, sizeof(many));
    xs_mem(&s, 0, 0x140, &wrap, sizeof(wrap));
    xs_mem(&s, 0, 0x180, &ro, sizeof(ro));
    xs_mem(&s, 0, 0x1c0, &badvirq, sizeof(badvirq));
    xs_mem(&s, 0, 0x200, &port0, sizeof(port0));
    xs_mem(&s, 0, 0x240, &uv, sizeof(uv));
    save("xen", "bad-arguments.bin", &s.f);

    /* The hypercall page, then with devices and IF set: block halts in KVM
     * instead of waiting. */
    struct xen_hvm_param cb = {DOMID_SELF, 0, HVM_PARAM_CALLBACK_IRQ,
                               (2ULL << 56) | 0xf3};
    xs_init(&s, 3 | XS_TSC_2GHZ);
    s.f.b[XS_TABLE + 0] = XS_PRESENT | XS_WRITABLE | 0;
    xs_call(&s, XS_MSR, 0x2000, 0, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_set_param, 0x100, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_block, 0, 0, 1);
    xs_call(&s, XS_TIMER, 2000000, 0, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_block, 0, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_block, 0, 0, 0);
    xs_mem(&s, 0, 0x100, &cb, sizeof(cb));
    save("xen", "devices-block.bin", &s.f);

    /* Events on a masked port: shared info placed, the guest masks the
     * timer's port, the timer fires, the guest unmasks it: one upcall. */
    struct xen_add_to_physmap atp3 = {DOMID_SELF, 0, XENMAPSPACE_shared_info, 0,
                                      3};
    uint32_t port2 = 2; /* bind_virq's first port after the console's */
    xs_init(&s, 1 | XS_TSC_2GHZ);
    s.f.b[XS_TABLE + 0] = XS_PRESENT | XS_WRITABLE | 0;
    xs_call(&s, XS_MEMORY, XENMEM_add_to_physmap, 0x100, 0, 0);
    xs_call(&s, XS_HVM, HVMOP_set_evtchn_upcall_vector, 0x140, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_bind_virq, 0x180, 0, 0);
    /* evtchn_mask[0] of shared info (after vcpu_info[32] and
     * evtchn_pending[64]) */
    xs_call(&s, XS_STORE, 3 * 0x1000 + 32 * 64 + 64 * 8, 1u << 2, 0, 0);
    xs_call(&s, XS_TIMER, 1, 0, 0, 0);
    xs_call(&s, XS_EVTCHN, EVTCHNOP_unmask, 0x1c0, 0, 0);
    xs_call(&s, XS_SCHED, SCHEDOP_block, 0, 0, 0);
    xs_mem(&s, 0, 0x100, &atp3, sizeof(atp3));
    uv.vector = 0xf3;
    xs_mem(&s, 0, 0x140, &uv, sizeof(uv));
    xs_mem(&s, 0, 0x180, &bv, sizeof(bv));
    xs_mem(&s, 0, 0x1c0, &port2, sizeof(port2));
    save("xen", "masked-port.bin", &s.f);
}
