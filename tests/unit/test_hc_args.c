/*
 * test_hc_args.c: the hypercall table, and argument structs at addresses
 * outside guest memory for every hypercall: the guest is stopped with
 * VMM_EXIT_BAD_HYPERCALL and a message naming the hypercall.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmm/exit_status.h"
#include "fake_hvt.h"
#include "unit.h"

static const struct {
    unsigned nr;
    const char *name;
    size_t arg_size;
} hcs[] = {
    {HVT_HYPERCALL_WALLTIME, "WALLTIME", sizeof(struct hvt_hc_walltime)},
    {HVT_HYPERCALL_PUTS, "PUTS", sizeof(struct hvt_hc_puts)},
    {HVT_HYPERCALL_POLL, "POLL", sizeof(struct hvt_hc_poll)},
    {HVT_HYPERCALL_BLOCK_WRITE, "BLOCK_WRITE", sizeof(struct hvt_hc_block_write)},
    {HVT_HYPERCALL_BLOCK_READ, "BLOCK_READ", sizeof(struct hvt_hc_block_read)},
    {HVT_HYPERCALL_NET_WRITE, "NET_WRITE", sizeof(struct hvt_hc_net_write)},
    {HVT_HYPERCALL_NET_READ, "NET_READ", sizeof(struct hvt_hc_net_read)},
    {HVT_HYPERCALL_HALT, "HALT", sizeof(struct hvt_hc_halt)},
};
#define NHC (sizeof(hcs) / sizeof(hcs[0]))

Test(hvt_hypercall_find, every_hypercall_is_registered)
{
    for (unsigned i = 0; i < NHC; i++) {
        const struct hvt_hc_def *d = hvt_hypercall_find(hcs[i].nr);
        cr_assert(d, "hypercall %u (%s) not registered", hcs[i].nr,
                  hcs[i].name);
        cr_assert_eq(d->nr, hcs[i].nr);
        cr_assert_str_eq(d->name, hcs[i].name);
        cr_assert(d->fn);
    }
}

Test(hvt_hypercall_find, unknown_numbers)
{
    cr_assert_null(hvt_hypercall_find(0));
    cr_assert_null(hvt_hypercall_find(HVT_HYPERCALL_MAX));
    cr_assert_null(hvt_hypercall_find(63));
    cr_assert_null(hvt_hypercall_find(~0u));
}

Test(device_kind_find, block_and_net)
{
    const struct device_kind *b = device_kind_find(MFT_DEV_BLOCK_BASIC);
    const struct device_kind *n = device_kind_find(MFT_DEV_NET_BASIC);
    cr_assert(b && n);
    cr_assert_str_eq(b->option, "--block");
    cr_assert_str_eq(n->option, "--net");
    cr_assert_null(device_kind_find(MFT_RESERVED_FIRST));
}

static void expect_bad(unsigned i, uint64_t gpa, const char *what)
{
    struct fake f;
    char *msg, hex[32];
    fake_init(&f, 0, NULL, NULL);
    enum hc_result r = fake_call(&f, hcs[i].nr, gpa, &msg);
    cr_assert_eq(r, HC_STOP, "%s, argument %s: not stopped", hcs[i].name,
                 what);
    cr_assert_eq(f.v.status, VMM_EXIT_BAD_HYPERCALL, "%s, argument %s",
                 hcs[i].name, what);
    char name[64];
    snprintf(name, sizeof(name), "hypercall %s:", hcs[i].name);
    assert_has(msg, name);
    assert_has(msg, "outside guest memory");
    snprintf(hex, sizeof(hex), "0x%" PRIx64, gpa);
    assert_has(msg, hex);
    free(msg);
    fake_free(&f);
}

Test(hypercall_args, outside_memory)
{
    for (unsigned i = 0; i < NHC; i++) {
        expect_bad(i, FAKE_MEM_SIZE, "at the end");
        expect_bad(i, FAKE_MEM_SIZE + 0x1000, "past the end");
        expect_bad(i, 0xffffffff, "at 4 GiB - 1");
    }
}

Test(hypercall_args, straddling_the_end)
{
    for (unsigned i = 0; i < NHC; i++)
        expect_bad(i, FAKE_MEM_SIZE - hcs[i].arg_size + 1, "straddling");
}

Test(hypercall_args, wrapping_2_to_the_64)
{
    for (unsigned i = 0; i < NHC; i++) {
        expect_bad(i, UINT64_MAX, "at 2^64 - 1");
        expect_bad(i, UINT64_MAX - hcs[i].arg_size + 2, "wrapping to 0");
    }
}

Test(hypercall_args, last_bytes_of_memory_are_fine)
{
    struct fake f;
    char *msg;
    fake_init(&f, 0, NULL, NULL);
    uint64_t gpa = FAKE_MEM_SIZE - sizeof(struct hvt_hc_walltime);
    cr_assert_eq(fake_call(&f, HVT_HYPERCALL_WALLTIME, gpa, &msg),
                 HC_CONTINUE, "%s", msg);
    cr_assert_eq(f.v.status, -1);
    cr_assert_str_eq(msg, "");
    free(msg);
    fake_free(&f);
}
