/*
 * json.c: the report for machines (`vmm tls-check --json`):
 *
 *   {"ok": BOOL, "marked": N, "not_run": N, "skipped": N,
 *    "columns": [{"name": "T/H", "target": T, "host": H,
 *                 "state": "ran"|"skipped"|"not run", "why": TEXT}...],
 *    "facts": [KEY...],
 *    "cells": [{"fact": KEY, "column": "T/H", "value": TEXT|null,
 *               "reference": TEXT, "match": "exact"|"any"|"below"|"unknown",
 *               "off_reference": BOOL, "off_columns": BOOL}...],
 *    "notes": [TEXT...]}
 *
 * One cell per line, in table order; cells only for columns that ran.
 */
#include "tls_check.h"

static void str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *state_name(enum tc_state s)
{
    return s == TC_RAN ? "ran" : s == TC_SKIPPED ? "skipped" : "not run";
}

static const char *match_name(enum tc_kind k)
{
    return k == TC_EXACT  ? "exact"
           : k == TC_ANY  ? "any"
           : k == TC_BELOW ? "below"
                          : "unknown";
}

static const char *boolean(bool b)
{
    return b ? "true" : "false";
}

void tc_print_json(const struct tc_report *r, FILE *f)
{
    fprintf(f,
            "{\"ok\": %s, \"marked\": %u, \"not_run\": %u, \"skipped\": %u,\n"
            " \"columns\": [",
            boolean(r->ok), r->marked, r->failed, r->skipped);
    for (unsigned c = 0; c < r->ncols; c++) {
        char name[40];
        snprintf(name, sizeof(name), "%s/%s", r->col[c].target, r->col[c].host);
        fputs(c ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
        str(f, name);
        fputs(", \"target\": ", f);
        str(f, r->col[c].target);
        fputs(", \"host\": ", f);
        str(f, r->col[c].host);
        fprintf(f, ", \"state\": \"%s\", \"why\": ", state_name(r->col[c].state));
        str(f, r->col[c].why);
        fputc('}', f);
    }
    fputs("],\n \"facts\": [", f);
    for (unsigned i = 0; i < r->nrows; i++) {
        fputs(i ? ", " : "", f);
        str(f, r->row[i].key);
    }
    fputs("],\n \"cells\": [", f);
    const char *sep = "\n  ";
    for (unsigned i = 0; i < r->nrows; i++)
        for (unsigned c = 0; c < r->ncols; c++) {
            const struct tc_cell *cell = &r->row[i].cell[c];
            char name[40];
            if (!cell->run)
                continue;
            snprintf(name, sizeof(name), "%s/%s", r->col[c].target,
                     r->col[c].host);
            fprintf(f, "%s{\"fact\": ", sep);
            sep = ",\n  ";
            str(f, r->row[i].key);
            fputs(", \"column\": ", f);
            str(f, name);
            fputs(", \"value\": ", f);
            if (cell->present)
                str(f, cell->value);
            else
                fputs("null", f);
            fputs(", \"reference\": ", f);
            str(f, cell->expect.text);
            fprintf(f,
                    ", \"match\": \"%s\", \"off_reference\": %s, "
                    "\"off_columns\": %s}",
                    match_name(cell->expect.kind), boolean(cell->off_ref),
                    boolean(cell->off_cols));
        }
    fputs("],\n \"notes\": [", f);
    for (unsigned i = 0; i < r->nnotes; i++) {
        fputs(i ? ",\n  " : "\n  ", f);
        str(f, r->note[i]);
    }
    fputs("]}\n", f);
}
