/*
 * blk: the block device "storage" (a fresh 64 KiB zero-filled file).
 * Writes a distinct pattern to several sectors and reads them back, checks
 * that untouched sectors read as zeros, and that misaligned offsets and
 * sizes and out-of-range requests are refused with SOLO5_R_EINVAL, by
 * guest-rt and, on hvt, by the host too (through raw hypercalls; a virtio
 * device sees only requests guest-rt let through). Works in the block
 * size the host gives (512, or --block-sector-size's up to 4096); with a
 * larger one, 512-byte offsets and sizes are refused.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "guest-rt/rt.h"

#define MAX_BS 4096

static uint8_t buf[2 * MAX_BS], back[2 * MAX_BS];
static int failures;

static void check(int cond, const char *what)
{
    if (!cond) {
        rt_printf("blk: FAIL: %s\n", what);
        failures++;
    }
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 31 + i * 7 + 1);
}

/* The host's own answer to a request guest-rt would refuse. */
static int host_rc(int nr, solo5_handle_t h, uint64_t off, size_t len)
{
    struct hvt_hc_block_read r = {
        .handle = h, .offset = off, .data = buf, .len = len, .ret = -1};

    hvt_do_hypercall(nr, &r);
    return r.ret;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info info;
    struct solo5_net_info ninfo;
    solo5_handle_t h, other;

    (void)si;
    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK) {
        rt_printf("blk: FAIL: cannot acquire \"storage\"\n");
        return SOLO5_EXIT_FAILURE;
    }
    rt_printf("blk: capacity=%lu block_size=%lu\n", info.capacity,
              info.block_size);
    uint64_t bs = info.block_size, cap = info.capacity;
    if (bs == 0 || bs > MAX_BS || cap < 8 * bs || cap % bs) {
        rt_printf("blk: FAIL: unusable geometry\n");
        return SOLO5_EXIT_FAILURE;
    }
    check(solo5_block_acquire("storage", &other, &info) == SOLO5_R_EINVAL,
          "acquiring twice");
    check(solo5_block_acquire("nosuch", &other, &info) == SOLO5_R_EINVAL,
          "acquiring a missing device");
    check(solo5_net_acquire("storage", &other, &ninfo) == SOLO5_R_EINVAL,
          "acquiring a block device as net");

    /* Distinct patterns in several sectors, the last one included. */
    const uint64_t sectors[] = {0, 1, 5, cap / bs / 2, cap / bs - 1};
    for (unsigned i = 0; i < 5; i++) {
        fill(buf, bs, i + 1);
        check(solo5_block_write(h, sectors[i] * bs, buf, bs) == SOLO5_R_OK,
              "writing a sector");
    }
    for (unsigned i = 0; i < 5; i++) {
        fill(buf, bs, i + 1);
        check(solo5_block_read(h, sectors[i] * bs, back, bs) == SOLO5_R_OK,
              "reading a sector");
        check(__builtin_memcmp(buf, back, bs) == 0, "sector read back");
    }
    /* Untouched sectors are still zeros. */
    check(solo5_block_read(h, 2 * bs, back, bs) == SOLO5_R_OK,
          "reading an untouched sector");
    int zero = 1;
    for (uint64_t i = 0; i < bs; i++)
        zero &= back[i] == 0;
    check(zero, "an untouched sector reads as zeros");
    /* Two sectors in one request. */
    fill(buf, 2 * bs, 9);
    check(solo5_block_write(h, 3 * bs, buf, 2 * bs) == SOLO5_R_OK &&
              solo5_block_read(h, 3 * bs, back, 2 * bs) == SOLO5_R_OK &&
              __builtin_memcmp(buf, back, 2 * bs) == 0,
          "a two-sector write read back");

    /* Refused by guest-rt. */
    check(solo5_block_write(h, 1, buf, bs) == SOLO5_R_EINVAL,
          "misaligned offset");
    check(solo5_block_read(h, 0, back, bs - 1) == SOLO5_R_EINVAL,
          "misaligned size");
    check(solo5_block_read(h, cap, back, bs) == SOLO5_R_EINVAL,
          "offset at the end");
    check(solo5_block_write(h, cap - bs, buf, 2 * bs) == SOLO5_R_EINVAL,
          "request running past the end");
    check(solo5_block_read(h, ~0ULL - bs + 1, back, bs) == SOLO5_R_EINVAL,
          "offset wrapping around");
    check(solo5_block_read(h + 1, 0, back, bs) == SOLO5_R_EINVAL,
          "unknown handle");
    if (bs > 512) { /* 512-byte granularity is not enough */
        check(solo5_block_read(h, 512, back, bs) == SOLO5_R_EINVAL,
              "offset 512 on a larger block");
        check(solo5_block_write(h, 0, buf, 512) == SOLO5_R_EINVAL,
              "512 bytes on a larger block");
    }
    /* Refused by the host as well (hvt only: hypercalls). */
    if (__builtin_strcmp(rt_target_name(), "hvt") == 0) {
        check(host_rc(HVT_HYPERCALL_BLOCK_WRITE, h, 1, bs) == SOLO5_R_EINVAL,
              "host: misaligned offset");
        check(host_rc(HVT_HYPERCALL_BLOCK_READ, h, 0, bs - 1) == SOLO5_R_EINVAL,
              "host: misaligned size");
        check(host_rc(HVT_HYPERCALL_BLOCK_READ, h, cap, bs) == SOLO5_R_EINVAL,
              "host: offset at the end");
        check(host_rc(HVT_HYPERCALL_BLOCK_READ, h + 1, 0, bs) == SOLO5_R_EINVAL,
              "host: unknown handle");
        if (bs > 512) {
            check(host_rc(HVT_HYPERCALL_BLOCK_READ, h, 512, bs) ==
                      SOLO5_R_EINVAL,
                  "host: offset 512 on a larger block");
            check(host_rc(HVT_HYPERCALL_BLOCK_WRITE, h, 0, 512) ==
                      SOLO5_R_EINVAL,
                  "host: 512 bytes on a larger block");
        }
    }

    rt_printf("blk: %s\n", failures ? "FAIL" : "ok");
    return failures ? SOLO5_EXIT_FAILURE : SOLO5_EXIT_SUCCESS;
}
