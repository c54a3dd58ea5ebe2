/* test_hc_block.c: the block device: attach, BLOCK_READ and BLOCK_WRITE. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vmm/exit_status.h"
#include "fake_hvt.h"
#include "unit.h"

#define DISK_SIZE 4096 /* 8 sectors */
enum { R_OK_ = 0, R_EINVAL = 2, R_EUNSPEC = 3 };

static const char *const names[] = {"disk", "net0", "spare"};
static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC,
                                 MFT_DEV_BLOCK_BASIC};

/* A temporary file of size bytes, byte i = i * 31 + 1. */
static void temp_file(char *path, size_t size)
{
    strcpy(path, "/tmp/vmm-unit-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    uint8_t *buf = malloc(size ? size : 1);
    for (size_t i = 0; i < size; i++)
        buf[i] = (uint8_t)(i * 31 + 1);
    cr_assert_eq(write(fd, buf, size), (ssize_t)size);
    free(buf);
    close(fd);
}

static int attach(struct mft_entry *e, const char *path, char *err)
{
    const struct device_kind *d = device_kind_find(MFT_DEV_BLOCK_BASIC);
    cr_assert(d);
    return d->attach(e, path, err, 256);
}

/* "disk" (handle 1) attached to a fresh DISK_SIZE file at path. */
static void setup(struct fake *f, char *path)
{
    char err[256] = "";
    fake_init(f, 3, names, types);
    temp_file(path, DISK_SIZE);
    cr_assert_eq(attach(&f->h.mft->e[1], path, err), 0, "%s", err);
    f->h.mft->e[1].attached = true;
}

static void teardown(struct fake *f, const char *path)
{
    unlink(path);
    fake_free(f);
}

/* One BLOCK_READ/WRITE; returns ret as the guest sees it. */
static int block(struct fake *f, unsigned nr, uint64_t handle, uint64_t off,
                 uint64_t data, uint64_t len, enum hc_result *r, char **msg)
{
    struct hvt_hc_block_read a = {.handle = handle, .offset = off,
                                  .data = data, .len = len, .ret = 77};
    fake_put(f, FAKE_ARG, &a, sizeof(a));
    *r = fake_call(f, nr, FAKE_ARG, msg);
    fake_get(f, FAKE_ARG, &a, sizeof(a));
    return a.ret;
}

static void file_bytes(const char *path, uint64_t off, void *buf, size_t len)
{
    int fd = open(path, O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(pread(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

Test(block_attach, reports_capacity_and_block_size)
{
    struct fake f;
    char path[64];
    setup(&f, path);
    const struct mft_entry *e = &f.h.mft->e[1];
    cr_assert_eq(e->u.block_basic.capacity, DISK_SIZE);
    cr_assert_eq(e->u.block_basic.block_size, 512);
    cr_assert_geq(e->b.hostfd, 0);
    teardown(&f, path);
}

Test(block_attach, refusals_name_the_file)
{
    struct mft_entry e;
    char path[64], err[256];
    const size_t bad_sizes[] = {0, 1000, 511};
    memset(&e, 0, sizeof(e));
    cr_assert_eq(attach(&e, "/nonexistent/vmm-disk", err), -1);
    assert_has(err, "/nonexistent/vmm-disk");
    assert_has(err, "No such file");
    cr_assert_eq(attach(&e, "/tmp", err), -1, "a directory");
    assert_has(err, "/tmp");
    for (unsigned i = 0; i < 3; i++) {
        temp_file(path, bad_sizes[i]);
        cr_assert_eq(attach(&e, path, err), -1, "size %zu", bad_sizes[i]);
        assert_has(err, path);
        assert_has(err, "not a positive multiple of the block size 512");
        unlink(path);
    }
    cr_assert_eq(attach(&e, "/dev/null", err), -1, "a character device");
    assert_has(err, "not a regular file or block device");
}

Test(block, aligned_write_then_read_round_trip)
{
    struct fake f;
    char path[64], *msg;
    enum hc_result r;
    uint8_t before[DISK_SIZE], after[DISK_SIZE];
    setup(&f, path);
    file_bytes(path, 0, before, DISK_SIZE);
    for (unsigned i = 0; i < 1024; i++)
        f.mem[FAKE_BUF + i] = (uint8_t)(0xc0 ^ i);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, 1, 512, FAKE_BUF, 1024,
                       &r, &msg),
                 R_OK_, "%s", msg);
    cr_assert_eq(r, HC_CONTINUE);
    free(msg);
    file_bytes(path, 0, after, DISK_SIZE);
    cr_assert(memcmp(after + 512, f.mem + FAKE_BUF, 1024) == 0);
    cr_assert(memcmp(after, before, 512) == 0, "sector 0 untouched");
    cr_assert(memcmp(after + 1536, before + 1536, DISK_SIZE - 1536) == 0);

    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_READ, 1, 0, FAKE_BUF + 0x2000,
                       DISK_SIZE, &r, &msg),
                 R_OK_, "%s", msg);
    cr_assert_eq(r, HC_CONTINUE);
    free(msg);
    cr_assert(memcmp(f.mem + FAKE_BUF + 0x2000, after, DISK_SIZE) == 0);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_READ, 1, DISK_SIZE - 512,
                       FAKE_MEM_SIZE - 512, 512, &r, NULL),
                 R_OK_, "last sector into the last bytes of memory");
    cr_assert(memcmp(f.mem + FAKE_MEM_SIZE - 512, after + DISK_SIZE - 512,
                     512) == 0);
    cr_assert_eq(f.v.status, -1);
    teardown(&f, path);
}

Test(block, bad_requests_are_einval_and_touch_nothing)
{
    const uint64_t bad[][2] = {
        {100, 512},                   /* misaligned offset */
        {512, 100},                   /* misaligned length */
        {512, 0},                     /* empty */
        {DISK_SIZE, 512},             /* at the end */
        {DISK_SIZE - 512, 1024},      /* across the end */
        {8192, 512},                  /* past the end */
        {512, 0ULL - 512},            /* offset + len wraps to 0 */
        {0ULL - 512, 1024},           /* offset near 2^64 */
    };
    struct fake f;
    char path[64], *msg;
    enum hc_result r;
    uint8_t before[DISK_SIZE], after[DISK_SIZE];
    setup(&f, path);
    file_bytes(path, 0, before, DISK_SIZE);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (unsigned w = 0; w < 2; w++) {
            unsigned nr = w ? HVT_HYPERCALL_BLOCK_WRITE
                            : HVT_HYPERCALL_BLOCK_READ;
            memset(f.mem + FAKE_BUF, 0xee, 0x2000);
            cr_assert_eq(block(&f, nr, 1, bad[i][0], FAKE_BUF, bad[i][1], &r,
                               &msg),
                         R_EINVAL, "case %u, %s", i, w ? "write" : "read");
            cr_assert_eq(r, HC_CONTINUE, "case %u", i);
            cr_assert_eq(f.v.status, -1, "case %u", i);
            cr_assert_str_eq(msg, "", "case %u", i);
            cr_assert_eq(f.mem[FAKE_BUF], 0xee, "case %u: guest written", i);
            free(msg);
        }
    }
    file_bytes(path, 0, after, DISK_SIZE);
    cr_assert(memcmp(before, after, DISK_SIZE) == 0, "file written");
    teardown(&f, path);
}

Test(block, bad_handles_are_einval)
{
    const uint64_t bad[] = {0, 2 /* net */, 3 /* not attached */,
                            4 /* past the manifest */, 64, 1ULL << 32,
                            UINT64_MAX};
    struct fake f;
    char path[64];
    enum hc_result r;
    setup(&f, path);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_READ, bad[i], 0, FAKE_BUF,
                           512, &r, NULL),
                     R_EINVAL, "read, handle %llu",
                     (unsigned long long)bad[i]);
        cr_assert_eq(r, HC_CONTINUE);
        cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, bad[i], 0, FAKE_BUF,
                           512, &r, NULL),
                     R_EINVAL, "write, handle %llu",
                     (unsigned long long)bad[i]);
    }
    cr_assert_eq(f.v.status, -1);
    teardown(&f, path);
}

Test(block, data_outside_memory_stops_the_guest)
{
    const uint64_t bad[] = {FAKE_MEM_SIZE, FAKE_MEM_SIZE - 511,
                            UINT64_MAX - 255};
    for (unsigned i = 0; i < 3; i++) {
        for (unsigned w = 0; w < 2; w++) {
            struct fake f;
            char path[64], *msg;
            enum hc_result r;
            setup(&f, path);
            block(&f, w ? HVT_HYPERCALL_BLOCK_WRITE : HVT_HYPERCALL_BLOCK_READ,
                  1, 0, bad[i], 512, &r, &msg);
            cr_assert_eq(r, HC_STOP, "data %u", i);
            cr_assert_eq(f.v.status, VMM_EXIT_BAD_HYPERCALL);
            assert_has(msg, w ? "hypercall BLOCK_WRITE:"
                              : "hypercall BLOCK_READ:");
            free(msg);
            teardown(&f, path);
        }
    }
}

Test(block, host_io_errors_are_eunspec)
{
    struct fake f;
    char path[64];
    enum hc_result r;
    setup(&f, path);
    struct mft_entry *e = &f.h.mft->e[1];
    /* The file shrank under the guest: a short read. */
    cr_assert_eq(truncate(path, 512), 0);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_READ, 1, 1024, FAKE_BUF, 512,
                       &r, NULL),
                 R_EUNSPEC);
    cr_assert_eq(r, HC_CONTINUE);
    /* A descriptor that cannot be written. */
    close(e->b.hostfd);
    e->b.hostfd = open(path, O_RDONLY);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, 1, 0, FAKE_BUF, 512, &r,
                       NULL),
                 R_EUNSPEC);
    cr_assert_eq(r, HC_CONTINUE);
    cr_assert_eq(f.v.status, -1);
    teardown(&f, path);
}

Test(block, checks_follow_the_devices_block_size)
{
    struct fake f;
    char path[64], *msg;
    enum hc_result r;
    setup(&f, path);
    f.h.mft->e[1].u.block_basic.block_size = 4096; /* --block-sector-size */
    const uint64_t bad[][2] = {{0, 512}, {512, 4096}, {0, 4096 + 512}};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (unsigned w = 0; w < 2; w++) {
            unsigned nr = w ? HVT_HYPERCALL_BLOCK_WRITE
                            : HVT_HYPERCALL_BLOCK_READ;
            cr_assert_eq(block(&f, nr, 1, bad[i][0], FAKE_BUF, bad[i][1], &r,
                               &msg),
                         R_EINVAL, "case %u, %s", i, w ? "write" : "read");
            cr_assert_eq(r, HC_CONTINUE);
            free(msg);
        }
    }
    memset(f.mem + FAKE_BUF, 0x5a, DISK_SIZE);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, 1, 0, FAKE_BUF,
                       DISK_SIZE, &r, &msg),
                 R_OK_, "one whole block");
    free(msg);
    uint8_t back[DISK_SIZE];
    file_bytes(path, 0, back, DISK_SIZE);
    cr_assert_eq(back[0], 0x5a);
    cr_assert_eq(back[DISK_SIZE - 1], 0x5a);
    teardown(&f, path);
}
