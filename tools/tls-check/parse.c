/*
 * parse.c: the text `vmm tls-check` reads that is not the results
 * directory's own: the guest's TLS-FACTS line and the reference file
 * (tls.facts); and the line helpers columns.c shares. Pure: strings in,
 * structures out, reasons in err.
 */
#include <stdio.h>
#include <string.h>

#include "vmm/errmsg.h"
#include "tls_check.h"

static bool key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* A fact's name: [a-z0-9_]+, shorter than TC_KEY_MAX. */
static bool good_key(const char *k, size_t n)
{
    if (n == 0 || n >= TC_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!key_char(k[i]))
            return false;
    return true;
}

const char *tc_facts_get(const struct tc_facts *f, const char *key)
{
    for (unsigned i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].key, key) == 0)
            return f->kv[i].value;
    return NULL;
}

int tc_facts_set(struct tc_facts *f, const char *key, const char *value)
{
    unsigned i = 0;
    while (i < f->n && strcmp(f->kv[i].key, key) != 0)
        i++;
    if (i == f->n) {
        if (f->n == TC_MAX_FACTS)
            return -1;
        f->n++;
    }
    snprintf(f->kv[i].key, sizeof(f->kv[i].key), "%s", key);
    snprintf(f->kv[i].value, sizeof(f->kv[i].value), "%s", value);
    return 0;
}

int tc_parse_line(const char *out, struct tc_facts *f, char *err,
                  size_t errlen)
{
    static const char tag[] = "TLS-FACTS";
    const char *p = out;
    f->n = 0;
    /* The tag at the start of a line or after a terminal's escapes. */
    while ((p = strstr(p, tag)) != NULL) {
        char after = p[sizeof(tag) - 1];
        if (after == ' ' || after == '\n' || after == '\r' || after == '\0')
            break;
        p += sizeof(tag) - 1;
    }
    if (!p)
        return 0;
    p += sizeof(tag) - 1;
    for (;;) {
        while (*p == ' ' || *p == '\r' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n')
            return 1;
        const char *k = p, *eq = NULL;
        while (*p && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            if (!eq && *p == '=')
                eq = p;
            p++;
        }
        size_t n = (size_t)(p - k);
        if (!eq)
            return errmsg(err, errlen, "TLS-FACTS: \"%.*s\" is not key=value",
                          (int)n, k);
        size_t kn = (size_t)(eq - k), vn = (size_t)(p - eq - 1);
        if (!good_key(k, kn))
            return errmsg(err, errlen, "TLS-FACTS: bad fact name \"%.*s\"",
                          (int)kn, k);
        if (vn == 0 || vn >= TC_VALUE_MAX)
            return errmsg(err, errlen,
                          "TLS-FACTS: %.*s: value empty or longer than %d",
                          (int)kn, k, TC_VALUE_MAX - 1);
        char key[TC_KEY_MAX], value[TC_VALUE_MAX];
        snprintf(key, sizeof(key), "%.*s", (int)kn, k);
        snprintf(value, sizeof(value), "%.*s", (int)vn, eq + 1);
        for (size_t i = 0; i < vn; i++)
            if ((unsigned char)value[i] < 0x21 || (unsigned char)value[i] > 0x7e)
                return errmsg(err, errlen,
                              "TLS-FACTS: %s: value holds byte 0x%02x", key,
                              (unsigned char)value[i]);
        if (tc_facts_get(f, key))
            return errmsg(err, errlen, "TLS-FACTS: %s given twice", key);
        if (tc_facts_set(f, key, value) < 0)
            return errmsg(err, errlen, "TLS-FACTS: more than %d facts",
                          TC_MAX_FACTS);
    }
}

const char *tc_next_line(const char *p, char *buf, size_t size)
{
    if (!p || !*p)
        return NULL;
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
    return nl ? nl + 1 : p + strlen(p);
}

size_t tc_first_word(const char *line, const char **rest)
{
    size_t n = strcspn(line, " \t");
    const char *r = line + n;
    while (*r == ' ' || *r == '\t')
        r++;
    *rest = r;
    return n;
}

int tc_parse_spec(const char *text, struct tc_spec *s, char *err,
                  size_t errlen)
{
    char line[256];
    unsigned no = 0;
    s->n = 0;
    for (const char *p = text; (p = tc_next_line(p, line, sizeof(line)));) {
        no++;
        const char *l = line, *expr;
        while (*l == ' ' || *l == '\t')
            l++;
        if (*l == '\0' || *l == '#')
            continue;
        size_t kn = tc_first_word(l, &expr);
        if (!good_key(l, kn))
            return errmsg(err, errlen, "line %u: bad fact name \"%.*s\"", no,
                          (int)kn, l);
        if (*expr == '\0' || strlen(expr) >= TC_EXPR_MAX)
            return errmsg(err, errlen,
                          "line %u: %.*s: reference missing or too long", no,
                          (int)kn, l);
        for (unsigned i = 0; i < s->n; i++)
            if (strlen(s->fact[i].key) == kn &&
                strncmp(s->fact[i].key, l, kn) == 0)
                return errmsg(err, errlen, "line %u: %.*s given twice", no,
                              (int)kn, l);
        if (s->n == TC_MAX_FACTS)
            return errmsg(err, errlen, "line %u: more than %d facts", no,
                          TC_MAX_FACTS);
        snprintf(s->fact[s->n].key, TC_KEY_MAX, "%.*s", (int)kn, l);
        snprintf(s->fact[s->n].expr, TC_EXPR_MAX, "%s", expr);
        s->n++;
    }
    return 0;
}
