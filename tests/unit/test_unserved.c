/*
 * test_unserved.c: what vmm does with an I/O port or MMIO address nothing
 * serves (vmm/unserved.c) with a fake kvm_run: on an open bus (the PC
 * targets) reads give all-ones and writes are dropped, counted per port
 * and address for --stats; --strict-io, or a target without an open bus
 * (hvt), stops the guest with 252 and a line; the --strict-io option.
 */
#include <stdlib.h>

#include "unit.h"
#include "vmm/cli.h"
#include "vmm/exit_status.h"
#include "vmm/run.h"
#include "vmm/unserved.h"

#define DATA_OFF 1024

static const struct target_ops pc_like = {.open_bus = true};
static const struct target_ops hvt_like = {.open_bus = false};

struct ux {
    struct vmm v;
    struct run_opts o;
    _Alignas(8) uint8_t run[4096];
};

static struct ux *ux_new(const struct target_ops *ops, bool strict)
{
    struct ux *u = calloc(1, sizeof(*u));
    cr_assert(u);
    u->v.vm.run = (struct kvm_run *)u->run;
    u->v.vm.vcpu_fd = -1;
    u->v.ops = ops;
    u->o.strict_io = strict;
    u->v.opts = &u->o;
    return u;
}

/* count items of size bytes at port; the data area starts as 0xaa. */
static enum exit_result io(struct ux *u, uint16_t port, unsigned size,
                           unsigned count, bool write)
{
    struct kvm_run *run = u->v.vm.run;
    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = write ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
    run->io.size = (uint8_t)size;
    run->io.port = port;
    run->io.count = count;
    run->io.data_offset = DATA_OFF;
    memset(u->run + DATA_OFF, 0xaa, 64);
    return vmm_unserved_io(&u->v);
}

static enum exit_result mmio(struct ux *u, uint64_t gpa, unsigned len,
                             bool write)
{
    struct kvm_run *run = u->v.vm.run;
    run->exit_reason = KVM_EXIT_MMIO;
    run->mmio.phys_addr = gpa;
    run->mmio.len = len;
    run->mmio.is_write = write;
    memset(run->mmio.data, 0xaa, sizeof(run->mmio.data));
    return vmm_unserved_mmio(&u->v);
}

/* n bytes at p are all b. */
static bool all(const uint8_t *p, size_t n, uint8_t b)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != b)
            return false;
    return true;
}

Test(unserved, pc_ports_read_ones_and_drop_writes)
{
    struct ux *u = ux_new(&pc_like, false);
    static const unsigned sizes[] = {1, 2, 4};
    for (unsigned i = 0; i < 3; i++) {
        cr_assert_eq(io(u, 0x87, sizes[i], 1, false), EXIT_HANDLED);
        cr_assert(all(u->run + DATA_OFF, sizes[i], 0xff), "size %u", sizes[i]);
        cr_assert(all(u->run + DATA_OFF + sizes[i], 64 - sizes[i], 0xaa),
                  "nothing past the item");
    }
    /* rep insw of 5 items: 10 bytes of ones, five reads. */
    cr_assert_eq(io(u, 0x2e, 2, 5, false), EXIT_HANDLED);
    cr_assert(all(u->run + DATA_OFF, 10, 0xff));
    cr_assert(all(u->run + DATA_OFF + 10, 54, 0xaa));
    cr_assert_eq(io(u, 0x2e, 1, 1, true), EXIT_HANDLED);
    cr_assert(all(u->run + DATA_OFF, 64, 0xaa), "a write leaves the data");
    cr_assert_eq(u->v.status, 0);
    cr_assert_eq(stats_unserved_get(&u->v.stats, false, 0x87, false), 3);
    cr_assert_eq(stats_unserved_get(&u->v.stats, false, 0x87, true), 0);
    cr_assert_eq(stats_unserved_get(&u->v.stats, false, 0x2e, false), 5);
    cr_assert_eq(stats_unserved_get(&u->v.stats, false, 0x2e, true), 1);
    cr_assert_eq(stats_unserved_get(&u->v.stats, true, 0x2e, false), 0,
                 "ports and addresses apart");
    free(u);
}

static void stops(struct ux *u, enum exit_result r, const char *msg,
                  const char *want)
{
    cr_assert_eq(r, EXIT_STOP);
    cr_assert_eq(u->v.status, VMM_EXIT_UNEXPECTED);
    assert_has(msg, want);
}

Test(unserved, strict_io_and_hvt_stop_at_the_first_port)
{
    for (int hvt = 0; hvt < 2; hvt++) {
        struct ux *u = ux_new(hvt ? &hvt_like : &pc_like, !hvt);
        struct capture c;
        capture_start(&c, 2);
        enum exit_result r = io(u, 0x2f9, 1, 1, false);
        char *msg = capture_end(&c, NULL);
        stops(u, r, msg,
              "vmm: guest read 1 byte(s) at I/O port 0x2f9, which no "
              "device serves");
        cr_assert(all(u->run + DATA_OFF, 4, 0xaa), "no data given");
        free(msg);
        capture_start(&c, 2);
        r = io(u, 0x64, 4, 1, true);
        msg = capture_end(&c, NULL);
        stops(u, r, msg, "guest wrote 4 byte(s) at I/O port 0x64");
        free(msg);
        free(u);
    }
}

Test(unserved, mmio_ones_on_pc_a_stop_when_strict_or_hvt)
{
    struct ux *u = ux_new(&pc_like, false);
    struct kvm_run *run = u->v.vm.run;
    cr_assert_eq(mmio(u, 0xfed00000, 4, false), EXIT_HANDLED);
    cr_assert(all(run->mmio.data, 4, 0xff));
    cr_assert(all(run->mmio.data + 4, 4, 0xaa));
    cr_assert_eq(mmio(u, 0x1000000000ULL, 8, false), EXIT_HANDLED);
    cr_assert(all(run->mmio.data, 8, 0xff));
    cr_assert_eq(mmio(u, 0xfed00000, 4, true), EXIT_HANDLED);
    cr_assert(all(run->mmio.data, 8, 0xaa), "a write leaves the data");
    cr_assert_eq(stats_unserved_get(&u->v.stats, true, 0xfed00000, false), 1);
    cr_assert_eq(stats_unserved_get(&u->v.stats, true, 0xfed00000, true), 1);
    cr_assert_eq(stats_unserved_get(&u->v.stats, false, 0xfed00000, true), 0);
    free(u);
    for (int hvt = 0; hvt < 2; hvt++) {
        u = ux_new(hvt ? &hvt_like : &pc_like, !hvt);
        struct capture c;
        capture_start(&c, 2);
        enum exit_result r = mmio(u, 0x1000000000ULL, 8, false);
        char *msg = capture_end(&c, NULL);
        stops(u, r, msg,
              "vmm: guest read 8 byte(s) at 0x1000000000, outside guest "
              "memory (MMIO)");
        free(msg);
        free(u);
    }
}

Test(unserved, stats_lines_and_a_full_table)
{
    struct ux *u = ux_new(&pc_like, false);
    io(u, 0xcfb, 1, 1, true);
    io(u, 0x2e, 1, 4, false);
    mmio(u, 0x1000000000ULL, 8, false);
    for (unsigned p = 0; p < STATS_MAX_UNSERVED; p++)
        io(u, (uint16_t)(0x1000 + p), 1, 1, false);
    cr_assert_eq(u->v.stats.nunserved, STATS_MAX_UNSERVED);
    cr_assert_eq(u->v.stats.unserved_more, 3, "the last three ports");
    io(u, 0x2e, 1, 1, true); /* one already in the table: still counted */
    struct capture c;
    capture_start(&c, 1);
    stats_print_unserved(&u->v.stats, stdout);
    char *out = capture_end(&c, NULL);
    assert_has(out, "vmm: stats: unserved I/O port 0xcfb: reads 0, writes 1\n");
    assert_has(out, "vmm: stats: unserved I/O port 0x2e: reads 4, writes 1\n");
    assert_has(out, "vmm: stats: unserved MMIO address 0x1000000000: reads "
                    "1, writes 0\n");
    assert_has(out, "vmm: stats: unserved accesses to other ports and "
                    "addresses (past 64 of them): 3\n");
    free(out);
    free(u);
}

Test(unserved, strict_io_option)
{
    static char opt[] = "--strict-io", image[] = "app.virtio";
    char *argv[] = {opt, image, NULL};
    struct run_opts o;
    char err[256];
    cr_assert_eq(cli_parse_run(2, argv, &o, err, sizeof(err)), 0, "%s", err);
    cr_assert(o.strict_io);
    cr_assert_eq(cli_parse_run(1, argv + 1, &o, err, sizeof(err)), 0);
    cr_assert_not(o.strict_io, "off by default");
}
