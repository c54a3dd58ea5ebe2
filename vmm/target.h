/*
 * target.h: the boot targets as records. Each target folder registers one
 * struct target_def with VMM_TARGET() (a linker section): its name, how
 * its images are recognised, its lines of `vmm --help`, its own options of
 * `vmm run`, and its check and run hooks. The core knows no target by
 * name: --target=NAME, picking the target of an image, the help and the
 * messages listing targets all come from the registered records.
 */
#ifndef VMM_TARGET_H
#define VMM_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "registry.h"

struct vmm;
struct target_ops;

/*
 * An option of `vmm run` that belongs to one target, taking a value:
 * "--module=FILE" or "--module FILE". Any target's option is accepted on
 * the command line; once the target is picked, one of another target's
 * options that was given is refused ("--module is for target xen-pvh
 * only").
 */
struct target_option {
    const char *name;  /* "--module" */
    const char *value; /* "FILE": what the value is, for help and messages */
    /* The help after "--module=FILE  (xen-pvh) ", lines split by '\n'. */
    const char *help;
    /* Store a non-empty value into o; 0, or -1 with the reason in err. */
    int (*parse)(struct run_opts *o, const char *value, char *err,
                 size_t errlen);
    /* Whether the command line gave the option. */
    bool (*given)(const struct run_opts *o);
};

struct target_def {
    const char *name; /* "xen-pvh": --target=NAME, messages */
    unsigned rank;    /* order in help and in lists of targets */
    /* The lines after the name under "Targets:" in `vmm --help`. */
    const char *help;
    /*
     * Recognising an image. First its Solo5 ABI note: the target whose
     * solo5_abi is the note's target value (0: none) takes it. Else the
     * targets' own marks, from the highest mark_priority down: the first
     * whose recognise() returns 1 takes it, *why naming the evidence
     * ("its Multiboot header"). mark ("Multiboot header") names it in
     * help and messages; NULL when the target has none.
     */
    uint32_t solo5_abi;
    const char *mark;
    unsigned mark_priority;
    int (*recognise)(const uint8_t *buf, size_t len, const char **why);
    /*
     * The most memory (--mem, MiB) it takes, and why no more (NULL when
     * no other target takes more): "RAM ends below the PC's I/O hole at
     * 3840 MiB". `vmm run` accepts the largest of the targets' limits,
     * and the picked target's own once it is known.
     */
    unsigned max_mem_mb;
    const char *mem_limit;
    /* Its own options of `vmm run` (noptions of them). */
    const struct target_option *options;
    unsigned noptions;
    /*
     * Its hooks of the run sequence (run.h): `vmm check` runs the image's
     * load hook (vmm_check_image), `vmm run` all of them (vmm_run_image).
     */
    const struct target_ops *ops;
};

#define VMM_TARGET(var_) VMM_REGISTER(targets, var_)

#define TARGET_MAX 16

/* The registered targets in rank order (at most TARGET_MAX): how many. */
unsigned target_list(const struct target_def **out);

/* The target called name, or NULL (none such: "auto"). */
const struct target_def *target_find(const char *name);

/* Its name; "auto" for NULL. */
const char *target_name(const struct target_def *t);

/*
 * The target an image was built for, as target_def describes: NULL when
 * nothing tells. *why names the evidence, for the "picked" message
 * ("its Solo5 ABI note"; "nothing" when none).
 */
const struct target_def *target_detect(const uint8_t *buf, size_t len,
                                       const char **why);

/*
 * The names of the targets in rank order, or what tells them apart
 * ("Solo5 ABI note", then the marks in the order they are looked for),
 * joined by sep and, before the last, by last: "hvt, virtio or xen-pvh".
 */
void target_names(char *out, size_t outlen, const char *sep,
                  const char *last);
void target_evidence(char *out, size_t outlen, const char *sep,
                     const char *last);

/*
 * Memory limits (target_mem.c). target_max_mem_mb: the largest --mem any
 * target takes. target_check_mem: 0 when t takes o's --mem, else -1 with
 * err saying t's limit, why, and which targets take more.
 */
unsigned target_max_mem_mb(void);
int target_check_mem(const struct run_opts *o, const struct target_def *t,
                     char *err, size_t errlen);

/*
 * The targets' options (target_option.c). target_option_find: the option
 * arg spells ("--module" or "--module=..."), or NULL. target_option_parse:
 * parse argv[*i] (and the value after it); 0, or -1 with err.
 * target_option_foreign: an option given that t does not take, and *owner
 * its target; NULL when none.
 */
const struct target_option *target_option_find(const char *arg);
int target_option_parse(int argc, char *const argv[], int *i,
                        struct run_opts *o, char *err, size_t errlen);
const struct target_option *
target_option_foreign(const struct run_opts *o, const struct target_def *t,
                      const struct target_def **owner);

/*
 * `vmm run --help` (target_help.c): the "Targets:" lines, the --target
 * option, and the targets' own options.
 */
void target_help_targets(FILE *f);
void target_help_target_option(FILE *f);
void target_help_options(FILE *f);
void target_help_mem(FILE *f); /* --mem, each target's limit */

#endif
