/*
 * unserved.c: ports and addresses nothing serves: all-ones and dropped
 * writes on a PC's open bus, a stop (252) under --strict-io or on hvt
 * (unserved.h).
 */
#include "unserved.h"

#include <string.h>

#include "exit_status.h"
#include "run.h"

/* Reads all-ones, writes dropped: this target's bus, unless --strict-io. */
static bool open_bus(const struct vmm *v)
{
    return v->ops && v->ops->open_bus && !(v->opts && v->opts->strict_io);
}

enum exit_result vmm_unserved_io(struct vmm *v)
{
    struct kvm_run *run = v->vm.run;
    bool write = run->io.direction == KVM_EXIT_IO_OUT;
    stats_unserved(&v->stats, false, run->io.port, write, run->io.count);
    if (!open_bus(v))
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "guest %s %u byte(s) at I/O port 0x%x, which no "
                        "device serves",
                        write ? "wrote" : "read", run->io.size, run->io.port);
    /* String I/O (rep ins) reads count items at once. */
    if (!write)
        memset((uint8_t *)run + run->io.data_offset, 0xff,
               (size_t)run->io.size * run->io.count);
    return EXIT_HANDLED;
}

enum exit_result vmm_unserved_mmio(struct vmm *v)
{
    struct kvm_run *run = v->vm.run;
    bool write = run->mmio.is_write;
    stats_unserved(&v->stats, true, run->mmio.phys_addr, write, 1);
    if (!open_bus(v))
        return vmm_fail(v, VMM_EXIT_UNEXPECTED,
                        "guest %s %u byte(s) at 0x%llx, outside guest "
                        "memory (MMIO)",
                        write ? "wrote" : "read", run->mmio.len,
                        run->mmio.phys_addr);
    if (!write) {
        unsigned len = run->mmio.len;
        memset(run->mmio.data, 0xff,
               len < sizeof(run->mmio.data) ? len : sizeof(run->mmio.data));
    }
    return EXIT_HANDLED;
}
