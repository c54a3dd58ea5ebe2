/*
 * badcall CASE: issue one raw hypercall that vmm must refuse (status 253,
 * a message naming the hypercall). "end" is the first byte past guest
 * memory; argument structs placed at end - k straddle it. Cases:
 *   <hc>-arg    the argument struct runs past the end of guest memory
 *   <hc>-data   an inner pointer (data, cookie) lies outside guest memory
 *   <hc>-wrap   pointer + length wraps around 2^64
 *   unknown     a hypercall number vmm does not know (port 0x500 + 20)
 * Any case returning to the guest prints "returned" and exits 1.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "guest-rt/rt.h"

#define WRAP_PTR 0xffffffffffffff00ULL /* + 512 bytes wraps around */

static uintptr_t end;
static uint8_t frame[1600];
static solo5_handle_t blk, net;

static void *at(uintptr_t a)
{
    return (void *)a;
}

static void run(const char *c)
{
    static struct hvt_hc_puts puts;
    static struct hvt_hc_block_write bw;
    static struct hvt_hc_block_read br;
    static struct hvt_hc_net_write nw;
    static struct hvt_hc_net_read nr;
    static struct hvt_hc_halt halt;

    puts = (struct hvt_hc_puts){.data = "x", .len = 1};
    bw = (struct hvt_hc_block_write){.handle = blk, .data = frame, .len = 512};
    br = (struct hvt_hc_block_read){.handle = blk, .data = frame, .len = 512};
    nw = (struct hvt_hc_net_write){.handle = net, .data = frame, .len = 60};
    nr = (struct hvt_hc_net_read){
        .handle = net, .data = frame, .len = sizeof frame};
    halt = (struct hvt_hc_halt){.exit_status = 0};

#define CASE(name) else if (__builtin_strcmp(c, name) == 0)
    if (0) {
    }
    CASE("puts-arg") hvt_do_hypercall(HVT_HYPERCALL_PUTS, at(end - 8));
    CASE("puts-data") {
        puts.data = at(end);
        hvt_do_hypercall(HVT_HYPERCALL_PUTS, &puts);
    }
    CASE("puts-len") {
        puts.data = at(end - 16);
        puts.len = 32;
        hvt_do_hypercall(HVT_HYPERCALL_PUTS, &puts);
    }
    CASE("puts-wrap") {
        puts.data = at(WRAP_PTR);
        puts.len = 512;
        hvt_do_hypercall(HVT_HYPERCALL_PUTS, &puts);
    }
    CASE("walltime-arg") hvt_do_hypercall(HVT_HYPERCALL_WALLTIME, at(end - 4));
    CASE("poll-arg") hvt_do_hypercall(HVT_HYPERCALL_POLL, at(end - 8));
    CASE("block-write-arg")
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_WRITE, at(end - 16));
    CASE("block-write-data") {
        bw.data = at(end - 256);
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_WRITE, &bw);
    }
    CASE("block-write-wrap") {
        bw.data = at(WRAP_PTR);
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_WRITE, &bw);
    }
    CASE("block-read-arg")
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_READ, at(end - 16));
    CASE("block-read-data") {
        br.data = at(end);
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_READ, &br);
    }
    CASE("block-read-wrap") {
        br.data = at(WRAP_PTR);
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_READ, &br);
    }
    CASE("net-write-arg")
        hvt_do_hypercall(HVT_HYPERCALL_NET_WRITE, at(end - 16));
    CASE("net-write-data") {
        nw.data = at(end - 30);
        hvt_do_hypercall(HVT_HYPERCALL_NET_WRITE, &nw);
    }
    CASE("net-write-wrap") {
        nw.data = at(~0ULL - 20);
        hvt_do_hypercall(HVT_HYPERCALL_NET_WRITE, &nw);
    }
    CASE("net-read-arg")
        hvt_do_hypercall(HVT_HYPERCALL_NET_READ, at(end - 16));
    CASE("net-read-data") {
        nr.data = at(end - 100);
        hvt_do_hypercall(HVT_HYPERCALL_NET_READ, &nr);
    }
    CASE("net-read-wrap") {
        nr.data = at(WRAP_PTR);
        hvt_do_hypercall(HVT_HYPERCALL_NET_READ, &nr);
    }
    CASE("halt-arg") hvt_do_hypercall(HVT_HYPERCALL_HALT, at(end - 4));
    CASE("halt-cookie") {
        halt.cookie = at(end - 100);
        hvt_do_hypercall(HVT_HYPERCALL_HALT, &halt);
    }
    CASE("halt-wrap") {
        halt.cookie = at(WRAP_PTR);
        hvt_do_hypercall(HVT_HYPERCALL_HALT, &halt);
    }
    CASE("unknown") hvt_do_hypercall(20, &puts);
    else {
        rt_printf("badcall: unknown case \"%s\"\n", c);
        solo5_exit(2);
    }
#undef CASE
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info bi;
    struct solo5_net_info ni;

    end = si->heap_start + si->heap_size;
    if (solo5_block_acquire("storage", &blk, &bi) != SOLO5_R_OK ||
        solo5_net_acquire("service", &net, &ni) != SOLO5_R_OK) {
        rt_printf("badcall: cannot acquire the devices\n");
        return SOLO5_EXIT_FAILURE;
    }
    rt_printf("badcall: %s (guest memory ends at 0x%lx)\n", si->cmdline,
              (unsigned long)end);
    run(si->cmdline);
    rt_printf("badcall: %s returned to the guest\n", si->cmdline);
    return SOLO5_EXIT_FAILURE;
}
