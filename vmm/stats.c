/* stats.c: exit counters and timings for --stats. */
#include "stats.h"

#include <inttypes.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

uint64_t stats_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Linux keeps no precise exec timestamp, but a freshly exec'd process has
 * run only since then: its on-CPU time (CLOCK_THREAD_CPUTIME_ID, the
 * counter /proc/self/schedstat shows first) is the time from exec to here,
 * minus time spent blocked, which for a static binary before main() is
 * close to none. (No file and no scanf: this runs on every start.)
 */
void stats_start(struct stats *s)
{
    uint64_t now = stats_now_ns(), oncpu = 0;
    struct timespec ts;
    memset(s, 0, sizeof(*s));
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        oncpu = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
    s->exec_ns = now - oncpu;
}

void stats_count(struct stats *s, const char *name)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->counter[i].name == name || strcmp(s->counter[i].name, name) == 0) {
            s->counter[i].count++;
            return;
        }
    if (s->n < STATS_MAX_COUNTERS) {
        s->counter[s->n].name = name;
        s->counter[s->n].count = 1;
        s->n++;
    }
}

uint64_t stats_get(const struct stats *s, const char *name)
{
    for (unsigned i = 0; i < s->n; i++)
        if (strcmp(s->counter[i].name, name) == 0)
            return s->counter[i].count;
    return 0;
}

uint64_t stats_total(const struct stats *s)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < s->n; i++)
        total += s->counter[i].count;
    return total;
}

void stats_quiet(struct stats *s, const char *name, uint64_t count)
{
    if (s->nquiet < STATS_MAX_QUIET) {
        s->quiet[s->nquiet].name = name;
        s->quiet[s->nquiet].count = count;
        s->nquiet++;
    }
}

void stats_enosys(struct stats *s, const char *name)
{
    for (unsigned i = 0; i < s->nenosys; i++)
        if (strcmp(s->enosys[i].name, name) == 0) {
            s->enosys[i].count++;
            return;
        }
    if (s->nenosys < STATS_MAX_ENOSYS) {
        s->enosys[s->nenosys].name = name;
        s->enosys[s->nenosys].count = 1;
        s->nenosys++;
    }
}

void stats_print(const struct stats *s, FILE *f)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    uint64_t total = stats_total(s);
    fprintf(f, "vmm: stats: vm exits: %" PRIu64 "\n", total);
    for (unsigned i = 0; i < s->n; i++)
        fprintf(f, "vmm: stats:   %-24s %" PRIu64 "\n", s->counter[i].name,
                s->counter[i].count);
    stats_print_unserved(s, f);
    for (unsigned i = 0; i < s->nquiet; i++)
        fprintf(f, "vmm: stats: without a vm exit: %s: %" PRIu64 "\n",
                s->quiet[i].name, s->quiet[i].count);
    for (unsigned i = 0; i < s->nenosys; i++)
        fprintf(f, "vmm: stats: answered -ENOSYS (not implemented): %s: %" PRIu64
                   "\n",
                s->enosys[i].name, s->enosys[i].count);
    if (s->first_run_ns)
        fprintf(f, "vmm: stats: exec to first guest instruction: %.3f ms\n",
                (double)(s->first_run_ns - s->exec_ns) / 1e6);
    fprintf(f, "vmm: stats: total run time: %.3f ms\n",
            (double)(s->end_ns - s->exec_ns) / 1e6);
    fprintf(f, "vmm: stats: peak RSS: %ld KiB\n", ru.ru_maxrss);
    if (s->kvm)
        fprintf(f, "vmm: stats: kvm: %s\n", s->kvm);
    if (s->sandbox[0])
        fprintf(f, "vmm: stats: sandbox: %s\n", s->sandbox);
}
