/*
 * exception-pf: reading the first byte past guest memory (the end of the
 * heap) is a page fault with cr2 = that address; no page maps it.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile uint8_t *end = (volatile uint8_t *)(si->heap_start + si->heap_size);

    rt_printf("exception-pf: reading 0x%016lx\n", (unsigned long)(uintptr_t)end);
    uint8_t v = *end;
    rt_printf("exception-pf: survived, read 0x%02x\n", v);
    return SOLO5_EXIT_FAILURE;
}
