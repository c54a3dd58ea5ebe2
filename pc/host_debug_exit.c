/*
 * host_debug_exit.c: isa-debug-exit at port 0x501, as QEMU's
 * `-device isa-debug-exit,iobase=0x501,iosize=2` places it: a write of v
 * ends the guest. Where QEMU exits with (v << 1) | 1, vmm exits with v
 * itself, under the same rules as the hvt HALT hypercall: 0..249 are the
 * guest's status, 255 is an abort (status 255, registers printed), and any
 * other value (250..254, or above 255) gives 1 with a message.
 */
#include <stdio.h>

#include "vmm/exit_status.h"
#include "host_pc.h"
#include "pc_wire.h"

#define GUEST_STATUS_MAX 249
#define SOLO5_EXIT_ABORT 255

static enum exit_result debug_exit_io(struct pc *pc, void *opaque, uint16_t off,
                                      unsigned size, bool write, uint32_t *val)
{
    (void)opaque;
    (void)off;
    (void)size;
    if (!write)
        return EXIT_UNHANDLED;
    struct vmm *v = pc->v;
    if (*val == SOLO5_EXIT_ABORT)
        return vmm_fail(v, VMM_EXIT_ABORT,
                        "guest aborted (status 255 written to the "
                        "isa-debug-exit port)");
    if (*val > GUEST_STATUS_MAX) {
        pc_uart_flush(pc);
        fprintf(stderr,
                "vmm: guest exit status %u is reserved (guests use 0..%d); "
                "exiting with 1\n",
                *val, GUEST_STATUS_MAX);
        v->status = 1;
        return EXIT_STOP;
    }
    v->status = (int)*val;
    return EXIT_STOP;
}

static int debug_exit_init(struct pc *pc, char *err, size_t errlen)
{
    return pc_io_add(pc, DEBUG_EXIT_PORT, 2, "debug-exit", debug_exit_io, NULL,
                     err, errlen);
}

static const struct pc_device_def debug_exit_dev = {"isa-debug-exit",
                                                    debug_exit_init};
PC_DEVICE(debug_exit_dev);
