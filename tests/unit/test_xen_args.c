/*
 * test_xen_args.c: the Xen shim's argument checks over a fake guest
 * memory (no KVM): every guest pointer outside memory, wrapping, or
 * straddling its end gets -EFAULT back (never a crash, never a stop);
 * unknown hypercalls and operations get -ENOSYS and are counted.
 */
#include <stdlib.h>

#include "unit.h"
#include "xen-pvh/host_pvh.h"
#include "xen-pvh/host_xen.h"

#define MEM (2ULL << 20)
#define CONSOLE (PVH_AREA_GPA + PVH_AREA_CONSOLE)

static struct xen x;
static struct xencons_interface console;
static struct guest_mem mem;
static struct stats st;

static void setup(void)
{
    mem.size = MEM;
    mem.base = calloc(1, MEM);
    cr_assert(mem.base);
    cr_assert_eq(xen_init(&x, &mem, CONSOLE, &console, 2000000000ULL), 0);
    memset(&st, 0, sizeof(st));
    x.stats = &st;
}

static void teardown(void)
{
    xen_destroy(&x);
    free(mem.base);
}

static int64_t call(unsigned nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct xen_call c = {.arg = {a0, a1, a2, 0, 0}};
    enum xen_verdict v = xen_hypercall(&x, nr, &c);
    cr_assert_eq(v, XEN_RESUME, "hypercall %u (%lu) stopped the guest", nr,
                 (unsigned long)a0);
    return c.ret;
}

/* Addresses no argument may have: past the end, straddling it, wrapping. */
static const uint64_t bad[] = {MEM, MEM - 2, 1ULL << 40, UINT64_MAX - 1,
                               UINT64_MAX};
#define NBAD (sizeof(bad) / sizeof(bad[0]))

static const struct {
    unsigned nr;
    uint64_t cmd;
    int argno; /* which argument is the pointer */
} ptr_ops[] = {
    {__HYPERVISOR_memory_op, XENMEM_add_to_physmap, 1},
    {__HYPERVISOR_memory_op, XENMEM_memory_map, 1},
    {__HYPERVISOR_hvm_op, HVMOP_get_param, 1},
    {__HYPERVISOR_hvm_op, HVMOP_set_param, 1},
    {__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector, 1},
    {__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, 1},
    {__HYPERVISOR_event_channel_op, EVTCHNOP_send, 1},
    {__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, 1},
    {__HYPERVISOR_event_channel_op, EVTCHNOP_close, 1},
    {__HYPERVISOR_sched_op, SCHEDOP_shutdown, 1},
    {__HYPERVISOR_sched_op, SCHEDOP_poll, 1},
    {__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 2},
    {__HYPERVISOR_xen_version, 1 /* extraversion */, 1},
    {__HYPERVISOR_xen_version, 6 /* get_features */, 1},
};

Test(xen_args, every_argument_pointer_outside_memory_is_efault,
     .init = setup, .fini = teardown)
{
    for (size_t i = 0; i < sizeof(ptr_ops) / sizeof(ptr_ops[0]); i++)
        for (size_t k = 0; k < NBAD; k++) {
            uint64_t a[3] = {ptr_ops[i].cmd, 0, 0};
            a[ptr_ops[i].argno] = bad[k];
            cr_assert_eq(call(ptr_ops[i].nr, a[0], a[1], a[2]), -XEN_EFAULT,
                         "hypercall %u op %lu with 0x%lx", ptr_ops[i].nr,
                         (unsigned long)ptr_ops[i].cmd,
                         (unsigned long)bad[k]);
        }
}

Test(xen_args, console_io_buffer_outside_memory, .init = setup,
     .fini = teardown)
{
    for (size_t k = 0; k < NBAD; k++)
        cr_assert_eq(call(__HYPERVISOR_console_io, CONSOLEIO_write, 8,
                          bad[k]),
                     -XEN_EFAULT);
    /* The first byte inside, the rest not: refused before any output. */
    struct capture cap;
    capture_start(&cap, 1);
    int64_t r = call(__HYPERVISOR_console_io, CONSOLEIO_write, 4096, MEM - 16);
    size_t n;
    free(capture_end(&cap, &n));
    cr_assert_eq(r, -XEN_EFAULT);
    cr_assert_eq(n, 0, "nothing written");
}

Test(xen_args, memory_outside_ram_the_shim_was_given, .init = setup,
     .fini = teardown)
{
    static char area[8192] = "text in vmm's area";
    xen_add_memory(&x, PVH_AREA_GPA, area, sizeof(area));
    struct capture cap;
    capture_start(&cap, 1);
    int64_t r = call(__HYPERVISOR_console_io, CONSOLEIO_write, 18,
                     PVH_AREA_GPA);
    char *out = capture_end(&cap, NULL);
    cr_assert_eq(r, 0);
    cr_assert_str_eq(out, "text in vmm's area");
    free(out);
    cr_assert_eq(call(__HYPERVISOR_console_io, CONSOLEIO_write, 2,
                      PVH_AREA_GPA + sizeof(area) - 1),
                 -XEN_EFAULT, "straddling the area's end");
    cr_assert_eq(call(__HYPERVISOR_console_io, CONSOLEIO_write, 1,
                      PVH_AREA_GPA - 1),
                 -XEN_EFAULT, "just below the area");
}

Test(xen_args, buffers_named_inside_arguments, .init = setup,
     .fini = teardown)
{
    /* XENMEM_memory_map's buffer and SCHEDOP_poll's port array. */
    struct xen_memory_map mm = {.nr_entries = 4, .buffer = MEM - 20};
    memcpy(mem.base + 0x10000, &mm, sizeof(mm));
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_memory_map, 0x10000, 0),
                 -XEN_EFAULT);
    struct sched_poll p = {.ports = MEM - 2, .nr_ports = 1, .timeout = 1};
    memcpy(mem.base + 0x10000, &p, sizeof(p));
    cr_assert_eq(call(__HYPERVISOR_sched_op, SCHEDOP_poll, 0x10000, 0),
                 -XEN_EFAULT);
    p.ports = UINT64_MAX - 1;
    memcpy(mem.base + 0x10000, &p, sizeof(p));
    cr_assert_eq(call(__HYPERVISOR_sched_op, SCHEDOP_poll, 0x10000, 0),
                 -XEN_EFAULT);
}

Test(xen_args, unknown_hypercalls_are_enosys_and_counted, .init = setup,
     .fini = teardown)
{
    cr_assert_null(xen_hypercall_find(0));
    cr_assert_null(xen_hypercall_find(40));
    cr_assert_eq(call(40, 0, 0, 0), -XEN_ENOSYS);
    cr_assert_eq(call(~0u, 0, 0, 0), -XEN_ENOSYS);
    cr_assert_eq(stats_get(&st, "unknown-hypercall"), 2);
    cr_assert_eq(st.nenosys, 1);
    cr_assert_str_eq(st.enosys[0].name, "unknown-hypercall");
    cr_assert_eq(st.enosys[0].count, 2);
}

Test(xen_args, unknown_operations_are_enosys_and_counted, .init = setup,
     .fini = teardown)
{
    static const unsigned nrs[] = {
        __HYPERVISOR_memory_op,   __HYPERVISOR_xen_version,
        __HYPERVISOR_console_io,  __HYPERVISOR_vcpu_op,
        __HYPERVISOR_sched_op,    __HYPERVISOR_event_channel_op,
        __HYPERVISOR_hvm_op};
    for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
        const struct xen_hc_def *d = xen_hypercall_find(nrs[i]);
        cr_assert(d && d->fn && d->nr == nrs[i]);
        cr_assert_eq(call(nrs[i], 63, 0, 0x1000), -XEN_ENOSYS, "%s", d->name);
        cr_assert_eq(stats_get(&st, d->name), 1, "%s counted as an exit",
                     d->name);
    }
    cr_assert_eq(st.nenosys, sizeof(nrs) / sizeof(nrs[0]));
    /* An address space other than shared info: not offered. */
    struct xen_add_to_physmap a = {.domid = DOMID_SELF, .space = 1,
                                   .gpfn = 0x100};
    memcpy(mem.base + 0x10000, &a, sizeof(a));
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x10000,
                      0),
                 -XEN_ENOSYS);
}

Test(xen_args, out_of_range_values, .init = setup, .fini = teardown)
{
    uint8_t *a = mem.base + 0x10000;
    struct xen_hvm_param p = {.domid = 1, .index = HVM_PARAM_CONSOLE_PFN};
    memcpy(a, &p, sizeof(p));
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_get_param, 0x10000, 0),
                 -XEN_ESRCH);
    p = (struct xen_hvm_param){.domid = DOMID_SELF, .index = XEN_NR_PARAMS};
    memcpy(a, &p, sizeof(p));
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_get_param, 0x10000, 0),
                 -XEN_EINVAL);
    p.index = HVM_PARAM_CONSOLE_EVTCHN;
    memcpy(a, &p, sizeof(p));
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_set_param, 0x10000, 0),
                 -XEN_EPERM);
    struct xen_hvm_evtchn_upcall_vector u = {.vcpu = 0, .vector = 15};
    memcpy(a, &u, sizeof(u));
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
                      0x10000, 0),
                 -XEN_EINVAL);
    u = (struct xen_hvm_evtchn_upcall_vector){.vcpu = 1, .vector = 32};
    memcpy(a, &u, sizeof(u));
    cr_assert_eq(call(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
                      0x10000, 0),
                 -XEN_ENOENT);
    uint32_t port = XEN_MAX_PORTS;
    memcpy(a, &port, sizeof(port));
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask,
                      0x10000, 0),
                 -XEN_EINVAL);
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_send, 0x10000,
                      0),
                 -XEN_EINVAL);
    struct evtchn_bind_virq b = {.virq = XEN_NR_VIRQS, .vcpu = 0};
    memcpy(a, &b, sizeof(b));
    cr_assert_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
                      0x10000, 0),
                 -XEN_EINVAL);
    struct sched_poll sp = {.ports = 0x11000, .nr_ports = 129};
    memcpy(a, &sp, sizeof(sp));
    cr_assert_eq(call(__HYPERVISOR_sched_op, SCHEDOP_poll, 0x10000, 0),
                 -XEN_EINVAL);
    cr_assert_eq(call(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 1,
                      0x10000),
                 -XEN_ENOENT);
    struct xen_add_to_physmap m = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = MEM >> 12};
    memcpy(a, &m, sizeof(m));
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x10000,
                      0),
                 -XEN_EINVAL, "a frame past memory");
    m.gpfn = CONSOLE >> 12;
    memcpy(a, &m, sizeof(m));
    cr_assert_eq(call(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x10000,
                      0),
                 -XEN_EINVAL, "the console page (vmm's area)");
}
