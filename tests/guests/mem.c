/*
 * mem: the guest memory the runtime hands over. Prints where the heap
 * starts and where memory ends (heap_start + heap_size: the --mem the host
 * gave, less what the target keeps), checks that the stack lives just
 * below that end, and writes, then reads back, a pattern on pages across
 * the heap: its first page, its middle, 1 MiB below the end and, when
 * memory reaches past 3840 MiB (--mem=4096 on hvt), the page at 3840 MiB
 * and the last page below the stack's top 64 KiB.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define PAGE 4096UL
#define MIB (1024UL * 1024)
#define LOW_LIMIT (3840 * MIB)
#define STACK_ROOM (64 * 1024UL)

static int failures;

/* A pattern on the page at addr that only this page would hold. */
static void probe(uintptr_t addr)
{
    volatile uint64_t *p = (volatile uint64_t *)addr;

    for (unsigned i = 0; i < PAGE / 8; i++)
        p[i] = addr ^ (0x9e3779b97f4a7c15ULL * (i + 1));
    for (unsigned i = 0; i < PAGE / 8; i++)
        if (p[i] != (addr ^ (0x9e3779b97f4a7c15ULL * (i + 1)))) {
            rt_printf("mem: FAIL: page 0x%lx does not read back\n",
                      (unsigned long)addr);
            failures++;
            return;
        }
}

int solo5_app_main(const struct solo5_start_info *si)
{
    uintptr_t start = si->heap_start, end = start + si->heap_size;
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    unsigned n = 0;
    uintptr_t highest = 0;

    rt_printf("mem: heap_start=0x%lx end=0x%lx (%lu MiB)\n",
              (unsigned long)start, (unsigned long)end,
              (unsigned long)(end / MIB));
    if (sp >= end || sp < end - STACK_ROOM) {
        rt_printf("mem: FAIL: stack at 0x%lx, not just below the end\n",
                  (unsigned long)sp);
        failures++;
    }
    uintptr_t at[5] = {start, (start + (end - start) / 2) & ~(PAGE - 1),
                       (end - MIB) & ~(PAGE - 1)};
    unsigned count = 3;
    if (end > LOW_LIMIT + MIB) {
        at[count++] = LOW_LIMIT;
        at[count++] = (end - STACK_ROOM - PAGE) & ~(PAGE - 1);
    }
    for (unsigned i = 0; i < count; i++) {
        if (at[i] < start || at[i] + PAGE > end - STACK_ROOM)
            continue;
        probe(at[i]);
        n++;
        highest = at[i] > highest ? at[i] : highest;
    }
    rt_printf("mem: %u pages written and read back, the highest at 0x%lx\n",
              n, (unsigned long)highest);
    rt_printf("mem: %s\n", failures ? "FAIL" : "ok");
    return failures ? SOLO5_EXIT_FAILURE : SOLO5_EXIT_SUCCESS;
}
