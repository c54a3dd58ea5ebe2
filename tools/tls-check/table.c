/*
 * table.c: the report as a table for people: facts down, the
 * reference, then one column per target/host (target above host). A cell
 * shows the value with '*' when it differs from the reference and '!' when
 * it differs from the other columns; "-" in a column that did not run,
 * "(none)" for a fact missing from the line, "n/a" where a measurement does
 * not apply (exits per switch outside vmm).
 */
#include <string.h>

#include "tls_check.h"

#define KEY_HEAD "fact"
#define REF_HEAD "reference"

/* The cell as shown, marks included. */
static void cell_text(const struct tc_cell *c, char *buf, size_t size)
{
    const char *v = c->value;
    if (!c->run)
        v = "-";
    else if (!c->present)
        v = c->expect.kind == TC_BELOW ? "n/a" : "(none)";
    snprintf(buf, size, "%s%s%s", v, c->off_ref ? "*" : "",
             c->off_cols ? "!" : "");
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

static const char *state_word(enum tc_state s)
{
    return s == TC_RAN ? "" : s == TC_SKIPPED ? "skipped" : "NOT RUN";
}

/* One line of the table, without trailing blanks. */
static void line(FILE *f, size_t kw, const char *key, size_t rw,
                 const char *ref, const char *const *cells, const size_t *cw,
                 unsigned n)
{
    char buf[TC_EXPR_MAX + TC_KEY_MAX + TC_MAX_COLUMNS * (TC_VALUE_MAX + 8)];
    int len = snprintf(buf, sizeof(buf), "%-*s  %-*s", (int)kw, key, (int)rw,
                       ref);
    for (unsigned c = 0; c < n && len >= 0 && (size_t)len < sizeof(buf); c++)
        len += snprintf(buf + len, sizeof(buf) - (size_t)len, "  %-*s",
                        (int)cw[c], cells[c]);
    size_t end = strnlen(buf, sizeof(buf));
    while (end > 0 && buf[end - 1] == ' ')
        end--;
    fprintf(f, "%.*s\n", (int)end, buf);
}

static void summary(const struct tc_report *r, FILE *f)
{
    if (r->ok) {
        fprintf(f,
                "vmm tls-check: ok: %u columns, %u facts, every cell as the "
                "reference%s\n",
                r->ncols - r->skipped, r->nrows,
                r->skipped ? " (skipped columns aside)" : "");
        return;
    }
    fprintf(f, "vmm tls-check: FAIL: %u cells marked, %u columns not run",
            r->marked, r->failed);
    const char *sep = "; facts: ";
    for (unsigned i = 0; i < r->nrows; i++)
        for (unsigned c = 0; c < r->ncols; c++) {
            const struct tc_cell *cell = &r->row[i].cell[c];
            if (cell->run && (cell->off_ref || cell->off_cols)) {
                fprintf(f, "%s%s", sep, r->row[i].key);
                sep = ", ";
                break;
            }
        }
    fputc('\n', f);
}

void tc_print_table(const struct tc_report *r, FILE *f)
{
    size_t kw = strlen(KEY_HEAD), rw = strlen(REF_HEAD);
    size_t cw[TC_MAX_COLUMNS] = {0};
    char buf[TC_VALUE_MAX + 4];
    bool any_state = false;

    for (unsigned i = 0; i < r->nrows; i++) {
        kw = max_size(kw, strlen(r->row[i].key));
        rw = max_size(rw, strlen(r->row[i].ref_shown));
    }
    for (unsigned c = 0; c < r->ncols; c++) {
        cw[c] = max_size(strlen(r->col[c].target), strlen(r->col[c].host));
        cw[c] = max_size(cw[c], strlen(state_word(r->col[c].state)));
        any_state |= r->col[c].state != TC_RAN;
        for (unsigned i = 0; i < r->nrows; i++) {
            cell_text(&r->row[i].cell[c], buf, sizeof(buf));
            cw[c] = max_size(cw[c], strlen(buf));
        }
    }

    const char *head[3][TC_MAX_COLUMNS] = {{NULL}};
    for (unsigned c = 0; c < r->ncols; c++) {
        head[0][c] = r->col[c].target;
        head[1][c] = r->col[c].host;
        head[2][c] = state_word(r->col[c].state);
    }
    line(f, kw, KEY_HEAD, rw, REF_HEAD, head[0], cw, r->ncols);
    line(f, kw, "", rw, "", head[1], cw, r->ncols);
    if (any_state)
        line(f, kw, "", rw, "", head[2], cw, r->ncols);
    for (unsigned i = 0; i < r->nrows; i++) {
        char text[TC_MAX_COLUMNS][TC_VALUE_MAX + 4];
        const char *cells[TC_MAX_COLUMNS];
        for (unsigned c = 0; c < r->ncols; c++) {
            cell_text(&r->row[i].cell[c], text[c], sizeof(text[c]));
            cells[c] = text[c];
        }
        line(f, kw, r->row[i].key, rw, r->row[i].ref_shown, cells, cw,
             r->ncols);
    }
    fputs("\n* differs from the reference   ! differs from the other "
          "columns\n",
          f);
    for (unsigned i = 0; i < r->nnotes; i++)
        fprintf(f, "note: %s\n", r->note[i]);
    summary(r, f);
}
