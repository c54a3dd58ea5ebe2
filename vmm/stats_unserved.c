/*
 * stats_unserved.c: --stats' table of the I/O ports and guest-physical
 * addresses no device or memory served (on the PC targets they read
 * all-ones and drop writes; unserved.c), with their reads and writes.
 */
#include <inttypes.h>

#include "stats.h"

static int find(const struct stats *s, bool mmio, uint64_t addr)
{
    for (unsigned i = 0; i < s->nunserved; i++)
        if (s->unserved[i].addr == addr && s->unserved[i].mmio == mmio)
            return (int)i;
    return -1;
}

void stats_unserved(struct stats *s, bool mmio, uint64_t addr, bool write,
                    uint64_t n)
{
    int i = find(s, mmio, addr);
    if (i < 0) {
        if (s->nunserved == STATS_MAX_UNSERVED) {
            s->unserved_more += n;
            return;
        }
        i = (int)s->nunserved++;
        s->unserved[i].addr = addr;
        s->unserved[i].mmio = mmio;
        s->unserved[i].reads = s->unserved[i].writes = 0;
    }
    if (write)
        s->unserved[i].writes += n;
    else
        s->unserved[i].reads += n;
}

uint64_t stats_unserved_get(const struct stats *s, bool mmio, uint64_t addr,
                            bool write)
{
    int i = find(s, mmio, addr);
    if (i < 0)
        return 0;
    return write ? s->unserved[i].writes : s->unserved[i].reads;
}

void stats_print_unserved(const struct stats *s, FILE *f)
{
    for (unsigned i = 0; i < s->nunserved; i++)
        fprintf(f,
                "vmm: stats: unserved %s 0x%" PRIx64 ": reads %" PRIu64
                ", writes %" PRIu64 "\n",
                s->unserved[i].mmio ? "MMIO address" : "I/O port",
                s->unserved[i].addr, s->unserved[i].reads,
                s->unserved[i].writes);
    if (s->unserved_more)
        fprintf(f,
                "vmm: stats: unserved accesses to other ports and addresses "
                "(past %d of them): %" PRIu64 "\n",
                STATS_MAX_UNSERVED, s->unserved_more);
}
