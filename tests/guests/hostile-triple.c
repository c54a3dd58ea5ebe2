/*
 * hostile-triple: load an empty IDT, then trap (int3): the CPU cannot
 * deliver the #BP, nor the #DF that follows, and shuts down (a triple
 * fault). vmm must stop with status 254 and "guest triple-faulted", on
 * every target.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    static const struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } empty = {0, 0};
    rt_printf("hostile-triple: loading an empty IDT, then int3\n");
    __asm__ __volatile__("cli\n\tlidt %0\n\tint3" : : "m"(empty) : "memory");
    rt_printf("hostile-triple: survived\n");
    return 1;
}
