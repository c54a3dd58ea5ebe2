/*
 * eval.c: the reference of one fact for a column, from its expression in
 * the reference file (tls.facts) and the column's image.
 *
 * A reference expression is literal text or one of
 *   {target}                  the column's target
 *   {p_filesz} {p_memsz} {p_align}   the image's PT_TLS
 *   {tls_size}                (max(p_align, 8) - 1) + round_up(p_memsz,
 *                             p_align) + 8: a block at any address holds
 *                             the aligned image and the TCB word
 *   {tls:SYM}                 the initial value of __thread SYM
 *   {fsbase_by}               how set_tls_base writes the FS base: wrmsr on
 *                             the host whose CPU lacks FSGSBASE (qemu-wrmsr),
 *                             else either (any:wrfsbase|wrmsr)
 *   any:A|B...                one of these words; never marked otherwise
 *   below:X                   a number below X (exits per switch); columns
 *                             that do not measure it show n/a
 * What cannot be computed is TC_BAD, with the reason.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tls_check.h"

static void bad(struct tc_expect *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bad(struct tc_expect *e, const char *fmt, ...)
{
    va_list ap;
    e->kind = TC_BAD;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof(e->text), fmt, ap);
    va_end(ap);
}

static void number(struct tc_expect *e, const char *fmt, uint64_t v)
{
    e->kind = TC_EXACT;
    snprintf(e->text, sizeof(e->text), fmt, v);
}

void tc_eval(const char *expr, const char *target, const char *host,
             const struct tc_image *img, struct tc_expect *e)
{
    size_t n = strlen(expr);
    memset(e, 0, sizeof(*e));
    if (strncmp(expr, "any:", 4) == 0) {
        e->kind = TC_ANY;
        snprintf(e->text, sizeof(e->text), "%s", expr + 4);
        return;
    }
    if (strncmp(expr, "below:", 6) == 0) {
        char *end;
        e->limit = strtod(expr + 6, &end);
        if (end == expr + 6 || *end != '\0')
            return bad(e, "bad limit in %s", expr);
        e->kind = TC_BELOW;
        snprintf(e->text, sizeof(e->text), "< %s", expr + 6);
        return;
    }
    if (n < 2 || expr[0] != '{' || expr[n - 1] != '}') {
        e->kind = TC_EXACT;
        snprintf(e->text, sizeof(e->text), "%s", expr);
        return;
    }
    if (strcmp(expr, "{target}") == 0) {
        e->kind = TC_EXACT;
        snprintf(e->text, sizeof(e->text), "%s", target);
        return;
    }
    if (strcmp(expr, "{fsbase_by}") == 0) {
        bool no_fsgsbase = host && strcmp(host, TC_HOST_NO_FSGSBASE) == 0;
        e->kind = no_fsgsbase ? TC_EXACT : TC_ANY;
        snprintf(e->text, sizeof(e->text), "%s",
                 no_fsgsbase ? "wrmsr" : "wrfsbase|wrmsr");
        return;
    }
    if (!img || !img->buf)
        return bad(e, "no %s image: %s", target,
                   img && img->why ? img->why : "none given");

    char err[TC_VALUE_MAX], sym[TC_KEY_MAX];
    struct tc_tls tls;
    uint64_t v;
    if (tc_elf_tls(img->buf, img->len, &tls, err, sizeof(err)) < 0)
        return bad(e, "%s image: %s", target, err);
    uint64_t align = tls.align ? tls.align : 1;
    uint64_t tp_align = align > 8 ? align : 8;
    if (strcmp(expr, "{p_filesz}") == 0)
        return number(e, "%" PRIu64, tls.filesz);
    if (strcmp(expr, "{p_memsz}") == 0)
        return number(e, "%" PRIu64, tls.memsz);
    if (strcmp(expr, "{p_align}") == 0)
        return number(e, "%" PRIu64, tls.align);
    if (strcmp(expr, "{tls_size}") == 0)
        return number(e, "%" PRIu64,
                      (tp_align - 1) + (tls.memsz + align - 1) / align * align +
                          8);
    if (strncmp(expr, "{tls:", 5) == 0 && n - 6 < sizeof(sym)) {
        snprintf(sym, sizeof(sym), "%.*s", (int)(n - 6), expr + 5);
        if (tc_elf_tls_value(img->buf, img->len, sym, &v, err, sizeof(err)) <
            0)
            return bad(e, "%s image: %s", target, err);
        return number(e, "0x%" PRIx64, v);
    }
    bad(e, "unknown reference %s", expr);
}
