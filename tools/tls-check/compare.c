/*
 * compare.c: the marks. Each cell is checked against its reference (eval.c):
 * a cell is marked when it differs from its reference (a fact missing from
 * the line does), and when the references of the row agree across columns
 * but the cell differs from the value most columns that show the fact show
 * (every such cell when no value has a majority).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tls_check.h"

/* Is word one of the '|'-separated words of list? */
static bool one_of(const char *word, const char *list)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, "|");
        if (k == n && strncmp(p, word, n) == 0)
            return true;
        p += k;
        if (*p == '|')
            p++;
    }
    return false;
}

static bool off_reference(const struct tc_cell *c)
{
    switch (c->expect.kind) {
    case TC_EXACT:
        return !c->present || strcmp(c->value, c->expect.text) != 0;
    case TC_ANY:
        return !c->present || !one_of(c->value, c->expect.text);
    case TC_BELOW: {
        if (!c->present || strcmp(c->value, "n/a") == 0)
            return false;
        char *end;
        double v = strtod(c->value, &end);
        return end == c->value || *end != '\0' || !(v < c->expect.limit);
    }
    case TC_BAD:
        break;
    }
    return true;
}

static void note(struct tc_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note(struct tc_report *r, const char *fmt, ...)
{
    char text[TC_NOTE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    for (unsigned i = 0; i < r->nnotes; i++)
        if (strcmp(r->note[i], text) == 0)
            return;
    if (r->nnotes < TC_MAX_NOTES)
        snprintf(r->note[r->nnotes++], TC_NOTE_MAX, "%s", text);
}

/* The value most cells of the row hold, when one holds a majority. */
static const char *majority(const struct tc_row *row, unsigned ncols)
{
    const char *best = NULL;
    unsigned best_n = 0, ties = 0;
    for (unsigned i = 0; i < ncols; i++) {
        const struct tc_cell *c = &row->cell[i];
        if (!c->present)
            continue;
        unsigned k = 0;
        for (unsigned j = 0; j < ncols; j++)
            if (row->cell[j].present &&
                strcmp(row->cell[j].value, c->value) == 0)
                k++;
        if (k > best_n) {
            best = c->value;
            best_n = k;
            ties = 0;
        } else if (k == best_n && strcmp(c->value, best) != 0) {
            ties++;
        }
    }
    return ties ? NULL : best;
}

/* Mark the cells of a row whose references agree but whose values do not. */
static void mark_columns(struct tc_row *row, unsigned ncols)
{
    const struct tc_expect *first = NULL;
    for (unsigned i = 0; i < ncols; i++) {
        const struct tc_cell *c = &row->cell[i];
        if (!c->run)
            continue;
        if (c->expect.kind != TC_EXACT)
            return;
        if (first && strcmp(first->text, c->expect.text) != 0)
            return;
        first = &c->expect;
    }
    const char *m = majority(row, ncols);
    for (unsigned i = 0; i < ncols; i++) {
        struct tc_cell *c = &row->cell[i];
        if (c->present)
            c->off_cols = !m || strcmp(c->value, m) != 0;
    }
}

/* What the reference column shows: the common reference, else expr. */
static void shown(struct tc_row *row, unsigned ncols, const char *expr)
{
    const struct tc_expect *first = NULL;
    for (unsigned i = 0; i < ncols; i++) {
        const struct tc_expect *e = &row->cell[i].expect;
        if (!row->cell[i].run)
            continue;
        if (first && (e->kind != first->kind ||
                      strcmp(e->text, first->text) != 0)) {
            snprintf(row->ref_shown, sizeof(row->ref_shown), "%s", expr);
            return;
        }
        first = e;
    }
    snprintf(row->ref_shown, sizeof(row->ref_shown), "%s",
             !first                  ? expr
             : first->kind == TC_BAD ? "?"
                                     : first->text);
}

static const struct tc_image *image_of(const struct tc_image *images,
                                       unsigned n, const char *target)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(images[i].target, target) == 0)
            return &images[i];
    return NULL;
}

/* Add a row; expr NULL for a fact the reference does not know. */
static void add_row(struct tc_report *r, const char *key, const char *expr,
                    const struct tc_column *cols, unsigned ncols,
                    const struct tc_image *images, unsigned nimages)
{
    struct tc_row *row = &r->row[r->nrows++];
    snprintf(row->key, sizeof(row->key), "%s", key);
    for (unsigned i = 0; i < ncols; i++) {
        struct tc_cell *c = &row->cell[i];
        const char *v = tc_facts_get(&cols[i].facts, key);
        c->run = cols[i].state == TC_RAN;
        c->present = c->run && v;
        snprintf(c->value, sizeof(c->value), "%s", c->present ? v : "");
        if (expr)
            tc_eval(expr, cols[i].target, cols[i].host,
                    image_of(images, nimages, cols[i].target), &c->expect);
        else {
            c->expect.kind = TC_BAD;
            snprintf(c->expect.text, sizeof(c->expect.text),
                     "%s is not in the reference file", key);
        }
        if (!c->run)
            continue;
        /* an unknown fact is marked where it shows up, not where absent */
        c->off_ref = (expr || c->present) && off_reference(c);
        if (c->expect.kind == TC_BAD)
            note(r, "%s: %s", key, c->expect.text);
    }
    mark_columns(row, ncols);
    shown(row, ncols, expr ? expr : "?");
}

void tc_compare(const struct tc_spec *spec, const struct tc_column *cols,
                unsigned ncols, const struct tc_image *images,
                unsigned nimages, struct tc_report *r)
{
    memset(r, 0, sizeof(*r));
    r->ncols = ncols < TC_MAX_COLUMNS ? ncols : TC_MAX_COLUMNS;
    r->col = cols;
    ncols = r->ncols;
    unsigned ran = 0;
    for (unsigned c = 0; c < ncols; c++) {
        const char *what = cols[c].state == TC_RAN       ? ""
                           : cols[c].state == TC_SKIPPED ? "skipped: "
                                                         : "not run: ";
        if (cols[c].state == TC_RAN)
            ran++;
        else if (cols[c].state == TC_SKIPPED)
            r->skipped++;
        else
            r->failed++;
        if (cols[c].why[0] || cols[c].state != TC_RAN)
            note(r, "%s/%s: %s%s", cols[c].target, cols[c].host, what,
                 cols[c].why[0] ? cols[c].why : "no reason given");
    }
    for (unsigned i = 0; i < spec->n && r->nrows < TC_MAX_FACTS; i++)
        add_row(r, spec->fact[i].key, spec->fact[i].expr, cols, ncols, images,
                nimages);
    /* Facts the guest printed that the reference does not know. */
    for (unsigned c = 0; c < ncols; c++)
        for (unsigned k = 0; k < cols[c].facts.n; k++) {
            const char *key = cols[c].facts.kv[k].key;
            bool known = false;
            for (unsigned i = 0; i < r->nrows && !known; i++)
                known = strcmp(r->row[i].key, key) == 0;
            if (!known && cols[c].state == TC_RAN && r->nrows < TC_MAX_FACTS)
                add_row(r, key, NULL, cols, ncols, images, nimages);
        }
    for (unsigned i = 0; i < r->nrows; i++)
        for (unsigned c = 0; c < ncols; c++) {
            const struct tc_cell *cell = &r->row[i].cell[c];
            if (cell->run && (cell->off_ref || cell->off_cols))
                r->marked++;
        }
    if (ran == 0)
        note(r, "no column ran");
    r->ok = ran > 0 && r->marked == 0 && r->failed == 0;
}
