/*
 * hostile-xen: Xen hypercalls with bad arguments, through the hypercall
 * page (vmm's shim on xen-pvh): pointers to unmapped or wrapping guest
 * addresses, lengths and counts too large, unknown commands, vCPUs and
 * numbers. Every call must come back with an error (< 0) and the guest
 * must go on: prints each result and "hostile-xen: all N refused", exits
 * 0. Without Xen (QEMU) there is nothing to attack: says so, exits 0.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

extern const uint8_t xen_hypercall_page[] __attribute__((weak));

#define BAD 0x0000dead00000000ULL      /* canonical, never mapped */
#define WRAP 0xfffffffffffff000ULL     /* + 0x2000 wraps around 2^64 */
#define HC_memory_op 12
#define HC_xen_version 17
#define HC_console_io 18
#define HC_vcpu_op 24
#define HC_sched_op 29
#define HC_event_channel_op 32
#define HC_hvm_op 34

static long call(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
    long ret;
    const void *stub = xen_hypercall_page + nr * 32;
    __asm__ __volatile__("call *%[stub]"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
                         : [stub] "r"(stub)
                         : "memory", "rcx", "r8", "r9", "r10", "r11");
    return ret;
}

static unsigned refused, total;

static void expect_error(const char *what, long r)
{
    total++;
    refused += r < 0;
    rt_printf("hostile-xen: %s: %ld%s\n", what, r, r < 0 ? "" : " (ACCEPTED)");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (!xen_hypercall_page || xen_hypercall_page[0] == 0xc3) {
        rt_printf("hostile-xen: no Xen here: nothing to attack\n");
        return 0;
    }
    static struct {
        uint16_t domid, size;
        uint32_t space;
        uint64_t idx, gpfn;
    } physmap = {0x7ff0, 0, 0, 0, 1ULL << 40}; /* shared info past RAM */
    static struct {
        uint64_t ports;
        uint32_t nr_ports;
        uint64_t timeout;
    } poll_many = {0, 100000, 0}, poll_bad = {BAD, 1, 0};
    expect_error("console_io write from an unmapped buffer",
                 call(HC_console_io, 0, 16, BAD));
    expect_error("console_io write wrapping around 2^64",
                 call(HC_console_io, 0, 0x2000, WRAP));
    expect_error("console_io unknown command", call(HC_console_io, 77, 0, 0));
    expect_error("memory_op memory_map at an unmapped address",
                 call(HC_memory_op, 10, BAD, 0));
    expect_error("memory_op add_to_physmap past memory",
                 call(HC_memory_op, 7, (uintptr_t)&physmap, 0));
    expect_error("memory_op unknown command", call(HC_memory_op, 63, 0, 0));
    expect_error("sched_op poll of 100000 ports",
                 call(HC_sched_op, 3, (uintptr_t)&poll_many, 0));
    expect_error("sched_op poll of an unmapped port list",
                 call(HC_sched_op, 3, (uintptr_t)&poll_bad, 0));
    expect_error("sched_op poll at an unmapped address",
                 call(HC_sched_op, 3, BAD, 0));
    expect_error("sched_op shutdown at an unmapped address",
                 call(HC_sched_op, 2, BAD, 0));
    expect_error("sched_op unknown command", call(HC_sched_op, 99, 0, 0));
    expect_error("vcpu_op on vCPU 5", call(HC_vcpu_op, 8, 5, 0));
    expect_error("vcpu_op singleshot timer at an unmapped address",
                 call(HC_vcpu_op, 8, 0, BAD));
    expect_error("event_channel_op send at an unmapped address",
                 call(HC_event_channel_op, 4, BAD, 0));
    expect_error("hvm_op set_param at an unmapped address",
                 call(HC_hvm_op, 0, BAD, 0));
    expect_error("xen_version extraversion to an unmapped address",
                 call(HC_xen_version, 1, BAD, 0));
    expect_error("hypercall 63 (none)", call(63, 0, 0, 0));
    rt_printf("hostile-xen: %s %u refused\n",
              refused == total ? "all" : "only", refused);
    return refused == total ? 0 : 1;
}
