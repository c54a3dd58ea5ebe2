/*
 * target_help.c: what the target records put in `vmm run --help`: the
 * "Targets:" lines, the --target option naming them and their evidence,
 * and each target's own options.
 */
#include <string.h>

#include "target.h"

#define HELP_WIDTH 75 /* columns the help's lines keep within */
#define OPTION_COLUMN 22 /* where an option's description starts */

/*
 * Print text's lines (split by '\n'): the first after what is already on
 * the line, the others indented to column col.
 */
static void lines(FILE *f, const char *text, int col)
{
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(f, "%.*s\n", len, p);
        if (!nl)
            return;
        p = nl + 1;
        fprintf(f, "%*s", col, "");
    }
}

void target_help_targets(FILE *f)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t);
    int width = 0;
    for (unsigned i = 0; i < n; i++)
        if ((int)strlen(t[i]->name) > width)
            width = (int)strlen(t[i]->name);
    for (unsigned i = 0; i < n; i++) {
        fprintf(f, "  %-*s ", width, t[i]->name);
        lines(f, t[i]->help, width + 3);
    }
}

/* text's words filled into lines of HELP_WIDTH from OPTION_COLUMN. */
static void fill(FILE *f, const char *text)
{
    int at = OPTION_COLUMN;
    bool first = true;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, " ");
        if (!first && at + 1 + (int)len > HELP_WIDTH) {
            fprintf(f, "\n%*s", OPTION_COLUMN, "");
            at = OPTION_COLUMN;
            first = true;
        }
        fprintf(f, "%s%.*s", first ? "" : " ", (int)len, p);
        at += (first ? 0 : 1) + (int)len;
        first = false;
        p += len;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

void target_help_target_option(FILE *f)
{
    char names[256], evidence[256], text[600];
    target_names(names, sizeof(names), ", ", " or ");
    target_evidence(evidence, sizeof(evidence), ", ", ", ");
    snprintf(text, sizeof(text),
             "%s; by default vmm picks it from the image (%s) and says which",
             names, evidence);
    fprintf(f, "  %-*s", OPTION_COLUMN - 2, "--target=T");
    fill(f, text);
}

void target_help_options(FILE *f)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t);
    for (unsigned k = 0; k < n; k++) {
        for (unsigned j = 0; j < t[k]->noptions; j++) {
            const struct target_option *o = &t[k]->options[j];
            char spelled[64];
            snprintf(spelled, sizeof(spelled), "%s=%s", o->name, o->value);
            fprintf(f, "  %-*s (%s) ", OPTION_COLUMN - 3, spelled,
                    t[k]->name);
            lines(f, o->help, OPTION_COLUMN);
        }
    }
}

/* --mem, with each target's limit: "4096 on hvt, 3840 on virtio and ...". */
void target_help_mem(FILE *f)
{
    const struct target_def *t[TARGET_MAX];
    unsigned n = target_list(t);
    char text[600];
    int used = snprintf(text, sizeof(text),
                        "guest memory in MiB (default %d; from %d up to",
                        CLI_DEFAULT_MEM_MB, CLI_MIN_MEM_MB);
    bool done[TARGET_MAX] = {false};
    for (unsigned i = 0; i < n; i++) {
        if (done[i])
            continue;
        used += snprintf(text + used, sizeof(text) - (size_t)used, "%s %u on",
                         i ? "," : "", t[i]->max_mem_mb);
        for (unsigned j = i, k = 0; j < n; j++) {
            if (done[j] || t[j]->max_mem_mb != t[i]->max_mem_mb)
                continue;
            done[j] = true;
            used += snprintf(text + used, sizeof(text) - (size_t)used, "%s %s",
                             k++ ? " and" : "", t[j]->name);
        }
    }
    snprintf(text + used, sizeof(text) - (size_t)used, ")");
    fprintf(f, "  %-*s", OPTION_COLUMN - 2, "--mem=MB");
    fill(f, text);
}
