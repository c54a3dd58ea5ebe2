/*
 * host_debug_exit.c: isa-debug-exit at port 0x501, as QEMU's
 * `-device isa-debug-exit,iobase=0x501,iosize=2` places it: a write of v
 * ends the guest. Where QEMU exits with (v << 1) | 1, vmm exits with v
 * itself, under the same rules as the hvt HALT hypercall: 0..249 are the
 * guest's status, 255 is an abort (status 255, registers printed), and any
 * other value (250..254, or above 255) gives 1 with a message.
 *
 * For an image that follows Solo5's virtio exit convention (pc->solo5.on,
 * host_solo5_exit.c) a write of 41 means "ended" and the value those rules
 * apply to is what its console said: 0, solo5_exit's N, or 255.
 */
#include <inttypes.h>
#include <stdio.h>

#include "vmm/exit_status.h"
#include "host_pc.h"
#include "pc_wire.h"

#define GUEST_STATUS_MAX 249
#define SOLO5_EXIT_ABORT 255

static enum exit_result guest_ended(struct pc *pc, int64_t value, bool solo5)
{
    struct vmm *v = pc->v;
    if (value == SOLO5_EXIT_ABORT)
        return vmm_fail(v, VMM_EXIT_ABORT,
                        solo5 ? "guest aborted (Solo5's virtio exit: 41 "
                                "written to the isa-debug-exit port after an "
                                "abort line on the console)"
                              : "guest aborted (status 255 written to the "
                                "isa-debug-exit port)");
    if (value < 0 || value > GUEST_STATUS_MAX) {
        pc_uart_flush(pc);
        fprintf(stderr,
                "vmm: guest exit status %" PRId64
                " is reserved (guests use 0..%d); "
                "exiting with 1\n",
                value, GUEST_STATUS_MAX);
        v->status = 1;
        return EXIT_STOP;
    }
    v->status = (int)value;
    return EXIT_STOP;
}

static enum exit_result debug_exit_io(struct pc *pc, void *opaque, uint16_t off,
                                      unsigned size, bool write, uint32_t *val)
{
    (void)opaque;
    (void)off;
    (void)size;
    if (!write)
        return EXIT_UNHANDLED;
    if (pc->solo5.on && *val == PC_SOLO5_EXIT_VALUE)
        return guest_ended(pc, pc_solo5_exit_value(&pc->solo5), true);
    return guest_ended(pc, *val, false);
}

static int debug_exit_init(struct pc *pc, char *err, size_t errlen)
{
    return pc_io_add(pc, DEBUG_EXIT_PORT, 2, "debug-exit", debug_exit_io, NULL,
                     err, errlen);
}

static const struct pc_device_def debug_exit_dev = {"isa-debug-exit",
                                                    debug_exit_init};
PC_DEVICE(debug_exit_dev);
