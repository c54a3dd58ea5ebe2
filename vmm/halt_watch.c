/* halt_watch.c: a vCPU halted with interrupts disabled (halt_watch.h). */
#include "halt_watch.h"

bool halt_watch_dead(struct halt_watch *h, bool halted, bool interrupts_on,
                     uint64_t exits)
{
    bool dead_now = halted && !interrupts_on;
    if (!dead_now)
        h->ticks = 0;
    else if (h->ticks && exits != h->exits)
        h->ticks = 1; /* it ran in between: count from here */
    else
        h->ticks++;
    h->exits = exits;
    return h->ticks >= HALT_WATCH_TICKS;
}
