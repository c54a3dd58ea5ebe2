/*
 * test_elf_refuse.c: every malformed image of elf_cases.c is refused by its
 * function, with a message naming the problem; the valid ones are accepted.
 */
#include <criterion/parameterized.h>
#include <stdlib.h>

#include "elf_cases.h"
#include "unit.h"

/*
 * Criterion hands each worker a copy of the parameter array, in a process
 * where code and data may sit at other addresses: pass indices, not the
 * cases' pointers.
 */
static void free_params(struct criterion_test_params *p)
{
    cr_free(p->params);
}

ParameterizedTestParameters(elf_cases, in_memory)
{
    size_t *idx = cr_malloc(elf_ncases * sizeof(*idx));
    for (size_t i = 0; i < elf_ncases; i++)
        idx[i] = i;
    return cr_make_param_array(size_t, idx, elf_ncases, free_params);
}

ParameterizedTest(size_t *n, elf_cases, in_memory)
{
    const struct elf_case *c = &elf_cases[*n];
    struct eb *b = malloc(sizeof(*b));
    char err[512] = "";
    cr_assert(b);
    c->make(b);
    const uint8_t *file = eb_bytes(b);
    /* An exact-size copy, so that any read past the end is caught (ASan). */
    uint8_t *buf = malloc(b->len ? b->len : 1);
    memcpy(buf, file, b->len);
    int r = elf_case_check(c, buf, b->len, err, sizeof(err));
    if (c->kind == CASE_OK) {
        cr_assert_eq(r, 0, "%s: refused: %s", c->name, err);
    } else {
        cr_assert_eq(r, -1, "%s: accepted", c->name);
        for (unsigned i = 0; i < 4 && c->expect[i]; i++)
            cr_assert(strstr(err, c->expect[i]), "%s: expected \"%s\" in: %s",
                      c->name, c->expect[i], err);
    }
    free(buf);
    free(b);
}
