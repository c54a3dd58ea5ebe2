/* hvt_halt.c: HALT, the guest's exit with a status and optional cookie
 * (after a trap, the trap's record: --dumpcore takes registers from it). */
#include <inttypes.h>
#include <stdio.h>

#include "vmm/exit_status.h"
#include "host_hvt.h"

#define SOLO5_EXIT_ABORT 255
#define GUEST_STATUS_MAX 249 /* 250..255 are vmm's own (exit_status.h) */

static enum hc_result hc_halt(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_halt a;
    if (hvt_arg_in(h, "HALT", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    if (a.cookie && !hvt_buf(h, "HALT", a.cookie, HVT_HALT_COOKIE_MAX))
        return HC_STOP;
    if (a.exit_status == SOLO5_EXIT_ABORT) {
        /* The trap's record, after a trap (x86_trap_abi.h): for the core. */
        h->v->dump.trap_gpa = a.cookie;
        vmm_fail(h->v, VMM_EXIT_ABORT, "guest aborted (status 255)%s",
                 a.cookie ? "; it left a cookie" : "");
        return HC_STOP;
    }
    if (a.exit_status < 0 || a.exit_status > GUEST_STATUS_MAX) {
        fprintf(stderr,
                "vmm: guest exit status %d is reserved (guests use 0..%d); "
                "exiting with 1\n",
                a.exit_status, GUEST_STATUS_MAX);
        h->v->status = 1;
        return HC_STOP;
    }
    h->v->status = a.exit_status;
    return HC_STOP;
}
HVT_HYPERCALL(HVT_HYPERCALL_HALT, "HALT", hc_halt);
