/*
 * hostile-hvt CASE: hvt hypercalls beyond badcall's.
 *   pt-overlap  BLOCK_READ (zeros) over the page tables vmm built for the
 *               guest (at 0x8000, below the image), then reload CR3: the
 *               guest's own memory, so vmm serves it; the guest has no
 *               mappings left and triple-faults (status 254)
 *   huge        PUTS of 2^63 bytes: refused (status 253)
 * (pt-overlap zeroes 64 KiB of tables: the whole 64 KiB device.)
 * Any case returning to the guest prints "returned" and exits 1.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "guest-rt/rt.h"

#define PT_GPA 0x8000 /* vmm's page tables for hvt guests */

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info bi;
    solo5_handle_t blk;
    const char *c = si->cmdline;
    if (solo5_block_acquire("storage", &blk, &bi) != SOLO5_R_OK) {
        rt_printf("hostile-hvt: cannot acquire \"storage\"\n");
        return 2;
    }
    rt_printf("hostile-hvt: %s\n", c);
    if (__builtin_strcmp(c, "pt-overlap") == 0) {
        static struct hvt_hc_block_read r;
        r = (struct hvt_hc_block_read){
            .handle = blk, .offset = 0, .data = (void *)PT_GPA, .len = 0x10000};
        hvt_do_hypercall(HVT_HYPERCALL_BLOCK_READ, &r);
        uint64_t cr3;
        __asm__ __volatile__("mov %%cr3, %0\n\tmov %0, %%cr3"
                             : "=r"(cr3)
                             :
                             : "memory");
        rt_printf("hostile-hvt: still mapped (ret %d)\n", r.ret);
    } else if (__builtin_strcmp(c, "huge") == 0) {
        static struct hvt_hc_puts p;
        p = (struct hvt_hc_puts){.data = "x", .len = 1ULL << 63};
        hvt_do_hypercall(HVT_HYPERCALL_PUTS, &p);
    } else {
        rt_printf("hostile-hvt: unknown case\n");
        return 2;
    }
    rt_printf("hostile-hvt: %s returned to the guest\n", c);
    return 1;
}
