/*
 * results.c: reading back the results directory tls-check-run leaves
 * (see its comment): the columns, each column's TLS-FACTS line and result
 * file, and the images, for the reference. The parsing itself is
 * parse.c's and columns.c's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/read_file.h"
#include "tls_check.h"

char *tc_read_text(const char *path)
{
    size_t len;
    uint8_t *buf = read_file(path, &len);
    if (!buf)
        return NULL;
    char *text = realloc(buf, len + 1);
    if (!text) {
        free(buf);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

/* The last line of an output that is not --stats', for notes. */
static const char *last_line(char *out)
{
    const char *last = "(none)";
    for (char *p = out; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        p[strcspn(p, "\r")] = '\0';
        if (*p && strncmp(p, "vmm: stats:", 11) != 0)
            last = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    return last;
}

/* The results directory's columns, each with its facts. */
static int load_columns(const char *dir, struct tc_column *cols)
{
    char path[PATH_MAX], err[TC_NOTE_MAX];
    snprintf(path, sizeof(path), "%s/columns", dir);
    char *text = tc_read_text(path);
    if (!text)
        return -1;
    int n = tc_parse_columns(text, cols, TC_MAX_COLUMNS, err, sizeof(err));
    free(text);
    if (n < 0) {
        fprintf(stderr, "vmm: tls-check: %s: %s\n", path, err);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        struct tc_column *c = &cols[i];
        if (c->state != TC_RAN)
            continue;
        snprintf(path, sizeof(path), "%s/%s-%s.out", dir, c->target, c->host);
        char *out = tc_read_text(path);
        int found = out ? tc_parse_line(out, &c->facts, err, sizeof(err)) : -1;
        if (!out)
            snprintf(c->why, sizeof(c->why), "no output (%s-%s.out)",
                     c->target, c->host);
        else if (found == 0)
            snprintf(c->why, sizeof(c->why),
                     "no TLS-FACTS line in %s-%s.out; its last line: %.240s",
                     c->target, c->host, last_line(out));
        else if (found < 0)
            snprintf(c->why, sizeof(c->why), "%.150s", err);
        free(out);
        snprintf(path, sizeof(path), "%s/%s-%s.result", dir, c->target,
                 c->host);
        char *res = tc_read_text(path);
        if (tc_apply_result(res ? res : "", c, err, sizeof(err)) < 0)
            snprintf(c->why, sizeof(c->why), "%s-%s.result: %.120s",
                     c->target, c->host, err);
        free(res);
    }
    return n;
}

/* The images the run used ("TARGET PATH" lines). */
static unsigned load_images(const char *dir, struct tc_image *img,
                            uint8_t **bufs, unsigned max)
{
    static const char *const targets[] = {"hvt", "virtio", "xen-pvh"};
    char path[PATH_MAX], line[PATH_MAX + 32];
    unsigned n = 0;
    snprintf(path, sizeof(path), "%s/images", dir);
    FILE *f = fopen(path, "re");
    while (f && n < max && fgets(line, sizeof(line), f)) {
        char *sp = strchr(line, ' ');
        line[strcspn(line, "\n")] = '\0';
        if (!sp)
            continue;
        *sp = '\0';
        for (unsigned t = 0; t < 3; t++)
            if (strcmp(line, targets[t]) == 0) {
                img[n].target = targets[t];
                img[n].buf = bufs[n] = read_file(sp + 1, &img[n].len);
                img[n].why = "cannot read it";
                n++;
            }
    }
    if (f)
        fclose(f);
    return n;
}

int tc_load_results(const char *dir, struct tc_column *cols,
                    struct tc_image *img, uint8_t **bufs, unsigned *nimages)
{
    int n = load_columns(dir, cols);
    if (n >= 0)
        *nimages = load_images(dir, img, bufs, 3);
    return n;
}
