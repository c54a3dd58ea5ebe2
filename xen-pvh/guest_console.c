/*
 * guest_console.c: the Xen console.
 *
 * Early on, CONSOLEIO_write hands each write to Xen's own console (real
 * Xen shows a domU's only in debug builds; vmm's shim prints it). Once the
 * shared info page is up, output goes to the console ring: the page
 * HVM_PARAM_CONSOLE_PFN names, bytes in out[] at out_prod (free-running,
 * modulo 2048), then EVTCHNOP_send on HVM_PARAM_CONSOLE_EVTCHN so the
 * backend reads them and advances out_cons. Bytes go out as written (no
 * LF -> CRLF). A full ring waits for the backend with SCHEDOP_yield, for a
 * bounded number of rounds; a backend that never reads loses output rather
 * than hanging the guest.
 */
#include "guest_xen.h"

#define RING_SIZE sizeof(((struct xencons_interface *)0)->out)
#define WAIT_ROUNDS 100000

static volatile struct xencons_interface *ring;
static uint32_t ring_port;

static void console_io(const char *buf, size_t size)
{
    (void)xen_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, size,
                        (uintptr_t)buf);
}

static void kick(void)
{
    struct evtchn_send send = {.port = ring_port};

    (void)xen_hypercall_ptr(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
                            &send);
}

/* Free bytes in the ring, waiting for the backend while there are none. */
static uint32_t ring_space(void)
{
    for (unsigned round = 0; round < WAIT_ROUNDS; round++) {
        uint32_t cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
        uint32_t used = ring->out_prod - cons;

        if (used > RING_SIZE)
            return 0; /* the backend corrupted the indices */
        if (used < RING_SIZE)
            return (uint32_t)RING_SIZE - used;
        kick();
        (void)xen_hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    }
    return 0;
}

void xen_console_write(const char *buf, size_t size)
{
    if (ring == NULL) {
        console_io(buf, size);
        return;
    }
    while (size) {
        uint32_t space = ring_space();
        if (space == 0)
            return;
        uint32_t prod = ring->out_prod;
        size_t n = size < space ? size : space;
        for (size_t i = 0; i < n; i++)
            ring->out[(prod + i) % RING_SIZE] = buf[i];
        __atomic_store_n(&ring->out_prod, prod + (uint32_t)n, __ATOMIC_RELEASE);
        buf += n;
        size -= n;
        kick();
    }
}

void xen_console_flush(void)
{
    if (ring == NULL)
        return;
    for (unsigned round = 0; round < WAIT_ROUNDS; round++) {
        if (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) ==
            ring->out_prod)
            return;
        kick();
        (void)xen_hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    }
}

static bool get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};

    if (xen_hypercall_ptr(__HYPERVISOR_hvm_op, HVMOP_get_param, &p) != 0)
        return false;
    *value = p.value;
    return true;
}

void xen_console_ring_init(uint64_t runtime_start, uint64_t mem_end)
{
    uint64_t pfn, port;

    if (!get_param(HVM_PARAM_CONSOLE_PFN, &pfn) ||
        !get_param(HVM_PARAM_CONSOLE_EVTCHN, &port) || pfn == 0) {
        rt_printf("xen-pvh: no console ring (HVM_PARAM_CONSOLE_PFN/EVTCHN); "
                  "staying on console_io\n");
        return;
    }
    uint64_t pa = pfn << 12;
    if (pfn >= (1ULL << 20) || port >= XEN_EVTCHN_WORDS * 64) {
        rt_printf("xen-pvh: unusable console ring (pfn 0x%lx, port %lu); "
                  "staying on console_io\n",
                  (unsigned long)pfn, (unsigned long)port);
        return;
    }
    if (pa + RT_PAGE_SIZE > runtime_start && pa < mem_end) {
        rt_printf("xen-pvh: the console ring (0x%lx) lies in memory the "
                  "runtime uses; staying on console_io\n",
                  (unsigned long)pa);
        return;
    }
    if (pa >= mem_end || pa < RT_PAGE_SIZE)
        pc_paging_map(pa, RT_PAGE_SIZE, false);
    ring_port = (uint32_t)port;
    ring = (volatile struct xencons_interface *)(uintptr_t)pa;
}
