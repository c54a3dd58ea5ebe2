/*
 * target_option.c: the options of `vmm run` that targets declare in their
 * records (struct target_option): found by spelling, parsed into run_opts,
 * and refused once the picked target turns out not to take them.
 */
#include <string.h>

#include "errmsg.h"
#include "target.h"

/* The option arg spells, and the target declaring it: *owner. */
static const struct target_option *
each_option(const char *arg, const struct target_def **owner)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t);
    for (unsigned k = 0; k < n; k++) {
        for (unsigned j = 0; j < t[k]->noptions; j++) {
            const struct target_option *opt = &t[k]->options[j];
            size_t len = strlen(opt->name);
            if (strncmp(arg, opt->name, len) == 0 &&
                (arg[len] == '\0' || arg[len] == '=')) {
                *owner = t[k];
                return opt;
            }
        }
    }
    return NULL;
}

const struct target_option *target_option_find(const char *arg)
{
    const struct target_def *owner;
    return each_option(arg, &owner);
}

int target_option_parse(int argc, char *const argv[], int *i,
                        struct run_opts *o, char *err, size_t errlen)
{
    const char *a = argv[*i];
    const struct target_option *opt = target_option_find(a);
    const char *v = a + strlen(opt->name);
    if (*v == '=') {
        v++;
    } else {
        if (*i + 1 == argc)
            return errmsg(err, errlen, "%s needs a %s", opt->name,
                          opt->value);
        v = argv[++*i];
    }
    if (v[0] == '\0')
        return errmsg(err, errlen, "%s=: expected %s=%s", opt->name,
                      opt->name, opt->value);
    return opt->parse(o, v, err, errlen);
}

/* Whether t declares an option called name. */
static bool takes(const struct target_def *t, const char *name)
{
    for (unsigned j = 0; j < t->noptions; j++)
        if (strcmp(t->options[j].name, name) == 0)
            return true;
    return false;
}

const struct target_option *
target_option_foreign(const struct run_opts *o, const struct target_def *t,
                      const struct target_def **owner)
{
    const struct target_def *all[TARGET_MAX];
    unsigned n = target_list(all);
    for (unsigned k = 0; k < n; k++) {
        if (all[k] == t)
            continue;
        for (unsigned j = 0; j < all[k]->noptions; j++) {
            const struct target_option *opt = &all[k]->options[j];
            if (opt->given(o) && !takes(t, opt->name)) {
                *owner = all[k];
                return opt;
            }
        }
    }
    return NULL;
}
