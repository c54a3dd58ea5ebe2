/*
 * target_mem.c: how much guest memory (--mem) each target takes, from the
 * targets' records: the command line may ask for the largest any target
 * takes; once the target is known, its own limit holds, and a refusal
 * says why and which targets would take the memory asked for.
 */
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "target.h"

unsigned target_max_mem_mb(void)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t), max = 0;
    for (unsigned i = 0; i < n; i++)
        if (t[i]->max_mem_mb > max)
            max = t[i]->max_mem_mb;
    return max;
}

/* "hvt takes up to 4096 MiB": the targets taking mb MiB, into out. */
static void takers(char *out, size_t outlen, uint64_t mb)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t);
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < n && used < outlen; i++) {
        if (t[i]->max_mem_mb < mb)
            continue;
        int w = snprintf(out + used, outlen - used, "%s%s takes up to %u MiB",
                         used ? ", " : "; ", t[i]->name, t[i]->max_mem_mb);
        used += w > 0 ? (size_t)w : 0;
    }
}

int target_check_mem(const struct run_opts *o, const struct target_def *t,
                     char *err, size_t errlen)
{
    uint64_t mb = o->mem_bytes >> 20;
    if (!t || mb <= t->max_mem_mb)
        return 0;
    char more[160];
    takers(more, sizeof(more), mb);
    return errmsg(err, errlen,
                  "--mem=%llu: must be between %d and %u MiB on target "
                  "%s%s%s%s%s",
                  (unsigned long long)mb, CLI_MIN_MEM_MB, t->max_mem_mb,
                  t->name, t->mem_limit ? " (" : "",
                  t->mem_limit ? t->mem_limit : "", t->mem_limit ? ")" : "",
                  more);
}
