/*
 * target.c: the registered targets: listed in rank order, found by name,
 * and picked for an image from its Solo5 ABI note or the targets' marks.
 */
#include "target.h"

#include <string.h>

#include "solo5_notes.h"

VMM_REGISTRY(targets, struct target_def);

unsigned target_list(const struct target_def **out)
{
    unsigned n;
    VMM_RANKED(targets, struct target_def, out, TARGET_MAX, n);
    return n;
}

const struct target_def *target_find(const char *name)
{
    VMM_FOREACH(targets, struct target_def, t)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

const char *target_name(const struct target_def *t)
{
    return t ? t->name : "auto";
}

/* The targets with a mark, in the order the marks are looked for. */
static unsigned marked(const struct target_def **out)
{
    const struct target_def *all[TARGET_MAX];
    unsigned n = target_list(all), m = 0;
    for (unsigned k = 0; k < n; k++) {
        if (!all[k]->mark)
            continue;
        unsigned i = m++;
        for (; i > 0 && out[i - 1]->mark_priority < all[k]->mark_priority;
             i--)
            out[i] = out[i - 1];
        out[i] = all[k];
    }
    return m;
}

const struct target_def *target_detect(const uint8_t *buf, size_t len,
                                       const char **why)
{
    char err[128];
    struct abi1_info abi;
    if (solo5_abi_read(buf, len, &abi, err, sizeof(err)) == 1 &&
        abi.abi_target != 0) {
        VMM_FOREACH(targets, struct target_def, t)
        {
            if (t->solo5_abi == abi.abi_target) {
                *why = "its Solo5 ABI note";
                return t;
            }
        }
    }
    const struct target_def *m[TARGET_MAX];
    unsigned n = marked(m);
    for (unsigned i = 0; i < n; i++)
        if (m[i]->recognise(buf, len, why) == 1)
            return m[i];
    *why = "nothing";
    return NULL;
}

/* Append s to out (outlen bytes, NUL-terminated), truncating. */
static void append(char *out, size_t outlen, const char *s)
{
    size_t used = strlen(out);
    if (used + 1 < outlen)
        strncat(out, s, outlen - used - 1);
}

/* Join words[n] by sep, the last by last. */
static void join(char *out, size_t outlen, const char *const *words,
                 unsigned n, const char *sep, const char *last)
{
    out[0] = '\0';
    for (unsigned i = 0; i < n; i++) {
        if (i)
            append(out, outlen, i + 1 == n ? last : sep);
        append(out, outlen, words[i]);
    }
}

void target_names(char *out, size_t outlen, const char *sep,
                  const char *last)
{
    const struct target_def *t[TARGET_MAX];
    const char *words[TARGET_MAX];
    unsigned n = target_list(t);
    for (unsigned i = 0; i < n; i++)
        words[i] = t[i]->name;
    join(out, outlen, words, n, sep, last);
}

void target_evidence(char *out, size_t outlen, const char *sep,
                     const char *last)
{
    const struct target_def *t[TARGET_MAX];
    const char *words[TARGET_MAX + 1] = {"Solo5 ABI note"};
    unsigned n = marked(t);
    for (unsigned i = 0; i < n; i++)
        words[i + 1] = t[i]->mark;
    join(out, outlen, words, n + 1, sep, last);
}
