/*
 * test_sandbox_block.c: read-only block devices (--block:NAME=FILE:ro) on
 * hvt: the guest's BLOCK_WRITE fails with SOLO5_R_EUNSPEC and the file
 * keeps its bytes, reads work; ":rw" is the default spelled out; and the
 * --debug-unsafe option.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vmm/cli.h"
#include "vmm/devices.h"
#include "fake_hvt.h"
#include "unit.h"

#define DISK_SIZE 4096
enum { R_OK_ = 0, R_EUNSPEC = 3 };

static const char *const names[] = {"disk"};
static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC};

/* A DISK_SIZE file of 0xa5 bytes at a path ending in suffix. */
static void temp_file(char *path, const char *suffix)
{
    snprintf(path, 96, "/tmp/vmm-unit-ro-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    cr_assert(fd >= 0);
    uint8_t buf[DISK_SIZE];
    memset(buf, 0xa5, sizeof(buf));
    cr_assert_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
    close(fd);
}

/* "disk" attached as value; 0 or -1 (err). */
static int attach(struct fake *f, const char *value, char *err)
{
    fake_init(f, 1, names, types);
    const struct device_kind *d = device_kind_find(MFT_DEV_BLOCK_BASIC);
    int r = d->attach(&f->h.mft->e[1], value, err, 256);
    f->h.mft->e[1].attached = r == 0;
    return r;
}

static int block(struct fake *f, unsigned nr, uint64_t off)
{
    struct hvt_hc_block_write a = {
        .handle = 1, .offset = off, .data = FAKE_BUF, .len = 512, .ret = 77};
    fake_put(f, FAKE_ARG, &a, sizeof(a));
    cr_assert_eq(fake_call(f, nr, FAKE_ARG, NULL), HC_CONTINUE);
    fake_get(f, FAKE_ARG, &a, sizeof(a));
    return a.ret;
}

static uint8_t file_byte(const char *path, off_t off)
{
    uint8_t b = 0;
    int fd = open(path, O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(pread(fd, &b, 1, off), 1);
    close(fd);
    return b;
}

Test(block_read_only, writes_fail_and_the_file_stays)
{
    struct fake f;
    char path[96], value[128], err[256] = "";
    temp_file(path, "");
    snprintf(value, sizeof(value), "%s:ro", path);
    cr_assert_eq(attach(&f, value, err), 0, "%s", err);
    int fd = f.h.mft->e[1].b.hostfd;
    cr_assert(devices_read_only(fd));
    memset(f.mem + FAKE_BUF, 0x11, 512);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, 512), R_EUNSPEC);
    cr_assert_eq(file_byte(path, 512), 0xa5, "a read-only file was written");
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_READ, 512), R_OK_);
    cr_assert_eq(f.mem[FAKE_BUF], 0xa5);
    devices_close(f.h.mft);
    cr_assert_not(devices_read_only(fd), "closing forgets the fd");
    unlink(path);
    fake_free(&f);
}

Test(block_read_only, rw_suffix_and_default_write)
{
    struct fake f;
    char path[96], value[128], err[256] = "";
    temp_file(path, ":ro"); /* a file whose own name ends in ":ro" */
    snprintf(value, sizeof(value), "%s:rw", path);
    cr_assert_eq(attach(&f, value, err), 0, "%s", err);
    cr_assert_not(devices_read_only(f.h.mft->e[1].b.hostfd));
    memset(f.mem + FAKE_BUF, 0x11, 512);
    cr_assert_eq(block(&f, HVT_HYPERCALL_BLOCK_WRITE, 0), R_OK_);
    cr_assert_eq(file_byte(path, 0), 0x11, "the write reached the file");
    devices_close(f.h.mft);
    unlink(path);
    fake_free(&f);
}

Test(block_read_only, missing_file_named_without_suffix)
{
    struct fake f;
    char err[256] = "";
    cr_assert_eq(attach(&f, "/nonexistent/disk.img:ro", err), -1);
    assert_has(err, "/nonexistent/disk.img: ");
    fake_free(&f);
}

Test(cli_debug_unsafe, parsed_and_off_by_default)
{
    struct run_opts o;
    char err[256];
    char *a1[] = {(char[]){"app.hvt"}};
    cr_assert_eq(cli_parse_run(1, a1, &o, err, sizeof(err)), 0, "%s", err);
    cr_assert_not(o.debug_unsafe);
    char *a2[] = {(char[]){"--debug-unsafe"}, (char[]){"app.hvt"}};
    cr_assert_eq(cli_parse_run(2, a2, &o, err, sizeof(err)), 0, "%s", err);
    cr_assert(o.debug_unsafe);
}
