/*
 * guest_alloc.c: the runtime's own memory (page tables, virtqueues, packet
 * buffers), handed out once at boot from just after the image and never
 * freed. Whatever is left after the last allocation becomes the TLS block
 * and the application's heap (rt_start() places them after pc_alloc_end()).
 */
#include "guest_pc.h"

static uintptr_t next, limit;

void pc_alloc_init(uintptr_t start, uintptr_t end)
{
    next = start;
    limit = end;
}

void *pc_alloc(size_t size, size_t align)
{
    uintptr_t at = (uintptr_t)rt_align_up(next, align ? align : 1);

    if (at < next || at > limit || size > limit - at) {
        rt_printf("boot: out of memory for the runtime (%lu bytes wanted)\n",
                  (unsigned long)size);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    next = at + size;
    return memset((void *)at, 0, size);
}

uintptr_t pc_alloc_end(void)
{
    return next;
}
