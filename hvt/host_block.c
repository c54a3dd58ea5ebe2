/*
 * host_block.c: the hvt block hypercalls (BLOCK_READ, BLOCK_WRITE) on the
 * file backend (vmm/dev_file.c); a device attached read-only fails its
 * writes with SOLO5_R_EUNSPEC. A write returns to the guest only
 * once pwrite has put every byte into the file (short writes are
 * continued), so what the guest was told is written survives vmm being
 * killed; surviving a host crash is up to the host's page cache (no
 * fsync).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/devices.h"
#include "host_hvt.h"

enum { R_OK_ = 0, R_AGAIN = 1, R_EINVAL = 2, R_EUNSPEC = 3 };


/*
 * Solo5's rule: offset and len multiples of the device's block size (512,
 * or --block-sector-size's), inside it.
 */
static bool request_ok(const struct mft_entry *e, uint64_t off, uint64_t len)
{
    uint64_t bs = e->u.block_basic.block_size, cap = e->u.block_basic.capacity;
    return len > 0 && off % bs == 0 && len % bs == 0 && off <= cap &&
           len <= cap - off;
}

static int full_io(int fd, uint8_t *buf, uint64_t len, uint64_t off,
                   bool write)
{
    uint64_t done = 0;
    while (done < len) {
        ssize_t n = write ? pwrite(fd, buf + done, len - done,
                                   (off_t)(off + done))
                          : pread(fd, buf + done, len - done,
                                  (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (uint64_t)n;
    }
    return 0;
}

static enum hc_result block_io(struct hvt *h, hvt_gpa_t gpa, bool write)
{
    const char *hc = write ? "BLOCK_WRITE" : "BLOCK_READ";
    struct hvt_hc_block_read a; /* BLOCK_WRITE's layout is the same */
    _Static_assert(sizeof(struct hvt_hc_block_read) ==
                       sizeof(struct hvt_hc_block_write),
                   "block read/write argument layouts differ");
    if (hvt_arg_in(h, hc, gpa, &a, sizeof(a)) != HC_CONTINUE)
        return HC_STOP;
    struct mft_entry *e = hvt_device_entry(h, a.handle, MFT_DEV_BLOCK_BASIC);
    if (!e || !request_ok(e, a.offset, a.len)) {
        a.ret = R_EINVAL;
    } else if (write && devices_read_only(e->b.hostfd)) {
        a.ret = R_EUNSPEC; /* attached read-only: the file stays as it is */
    } else {
        uint8_t *buf = hvt_buf(h, hc, a.data, a.len);
        if (!buf)
            return HC_STOP;
        a.ret = full_io(e->b.hostfd, buf, a.len, a.offset, write) == 0
                    ? R_OK_
                    : R_EUNSPEC;
    }
    hvt_arg_out(h, gpa, &a, sizeof(a));
    return HC_CONTINUE;
}

static enum hc_result hc_block_read(struct hvt *h, hvt_gpa_t gpa)
{
    return block_io(h, gpa, false);
}
HVT_HYPERCALL(HVT_HYPERCALL_BLOCK_READ, "BLOCK_READ", hc_block_read);

static enum hc_result hc_block_write(struct hvt *h, hvt_gpa_t gpa)
{
    return block_io(h, gpa, true);
}
HVT_HYPERCALL(HVT_HYPERCALL_BLOCK_WRITE, "BLOCK_WRITE", hc_block_write);
