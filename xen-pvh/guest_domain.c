/*
 * guest_domain.c: calls about the whole domain: its memory map and its
 * end.
 *
 * Exit statuses: SCHEDOP_shutdown carries a reason, not a status. 0 is
 * SHUTDOWN_poweroff and 255 (solo5_abort(), traps) SHUTDOWN_crash on every
 * host. Other statuses (1..254) are SHUTDOWN_poweroff on Xen, as Solo5's
 * Xen binding does (Xen cannot tell them apart), and VMM_SHUTDOWN_STATUS +
 * status under vmm's shim, which then exits with that status. A status
 * outside 0..255 counts as 1.
 */
#include "guest_xen.h"

long xen_memory_map(void *buf, uint32_t max_entries)
{
    struct xen_memory_map m = {.nr_entries = max_entries,
                               .buffer = (uintptr_t)buf};
    long rc = xen_hypercall_ptr(__HYPERVISOR_memory_op, XENMEM_memory_map, &m);

    if (rc != 0)
        return rc < 0 ? rc : -XEN_EINVAL;
    return m.nr_entries <= max_entries ? (long)m.nr_entries : -XEN_EINVAL;
}

void xen_shutdown(int status, const struct xen_cpuid *cpuid)
{
    struct sched_shutdown s;

    if (status < 0 || status > SOLO5_EXIT_ABORT)
        status = SOLO5_EXIT_FAILURE;
    if (status == SOLO5_EXIT_SUCCESS)
        s.reason = SHUTDOWN_poweroff;
    else if (status == SOLO5_EXIT_ABORT)
        s.reason = SHUTDOWN_crash;
    else if (cpuid->vmm)
        s.reason = VMM_SHUTDOWN_STATUS + (uint32_t)status;
    else
        s.reason = SHUTDOWN_poweroff;
    /*
     * A crash after a trap has %r15 point at the trap's record, vmm's
     * convention for a core dump (x86_trap_abi.h); Xen ignores it.
     */
    register const struct x86_trap_record *rec __asm__("r15") =
        s.reason == SHUTDOWN_crash ? rt_trap_record : NULL;
    long ret;
    uint64_t cmd = SCHEDOP_shutdown, arg = (uintptr_t)&s, unused = 0;
    __asm__ __volatile__("call *%[stub]"
                         : "=a"(ret), "+D"(cmd), "+S"(arg), "+d"(unused)
                         : [stub] "r"(xen_hypercall_page +
                                      __HYPERVISOR_sched_op * 32),
                           "r"(rec)
                         : "rcx", "r8", "r10", "r11", "memory");
    (void)ret;
}
