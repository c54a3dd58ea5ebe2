/* hvt_console.c: PUTS (console output) and WALLTIME. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "host_hvt.h"

static enum hc_result hc_puts(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_puts a;
    if (hvt_arg_in(h, "PUTS", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    const char *p = hvt_buf(h, "PUTS", a.data, a.len);
    if (!p)
        return HC_STOP;
    /* Best effort, as Solo5 defines console output: stop at an error. */
    size_t done = 0;
    while (done < a.len) {
        ssize_t n = write(STDOUT_FILENO, p + done, a.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    return HC_CONTINUE;
}
HVT_HYPERCALL(HVT_HYPERCALL_PUTS, "PUTS", hc_puts);

static enum hc_result hc_walltime(struct hvt *h, hvt_gpa_t gpa)
{
    struct hvt_hc_walltime a;
    if (hvt_arg_in(h, "WALLTIME", gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    a.nsecs = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
    hvt_arg_out(h, gpa, &a, sizeof(a));
    return HC_CONTINUE;
}
HVT_HYPERCALL(HVT_HYPERCALL_WALLTIME, "WALLTIME", hc_walltime);
