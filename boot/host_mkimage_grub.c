/* host_mkimage_grub.c: grub.cfg and the kernel's name under /boot. */
#include "host_mkimage_grub.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONSOLE                                                                \
    "serial --unit=0 --speed=115200\n"                                         \
    "terminal_input serial\n"                                                  \
    "terminal_output serial\n"

const char mkimage_grub_early_cfg[] =
    "# vmm mkimage: GRUB's console on COM1 before grub.cfg is read.\n" CONSOLE;

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

void mkimage_grub_name(const char *image, char *name, size_t size)
{
    size_t len = strlen(image);
    while (len > 0 && image[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && image[start - 1] != '/')
        start--;
    size_t n = 0;
    for (size_t i = start;
         i < len && n + 1 < size && n + 1 < MKIMAGE_GRUB_NAME_MAX; i++) {
        bool keep = name_char(image[i]) && !(n == 0 && image[i] == '.');
        name[n++] = keep ? image[i] : '_';
    }
    if (n == 0 && size > 0) {
        snprintf(name, size, "kernel");
        return;
    }
    if (size > 0)
        name[n] = '\0';
}

/*
 * GRUB 2 builds the Multiboot command line from the arguments after the
 * file name, joined by single spaces; it wraps an argument that holds a
 * space in double quotes, and (Debian's 2.06) puts a backslash before
 * every ', " and \. So the command line is cut at every space into words
 * (empty ones included: "a  b" is "a", "", "b"), each written
 * single-quoted (nothing inside is special to GRUB's parser), and the
 * three escaped characters are refused (cmdline_refused): GRUB joins the
 * words back into exactly the original bytes.
 */
static void quote_words(const char *s, char *out)
{
    size_t n = 0;
    out[n++] = '\'';
    for (; *s; s++) {
        if (*s == ' ') {
            memcpy(out + n, "' '", 3);
            n += 3;
        } else {
            out[n++] = *s;
        }
    }
    out[n++] = '\'';
    out[n] = '\0';
}

/* Why GRUB cannot pass cmdline unchanged, or NULL when it can. */
static const char *cmdline_refused(const char *cmdline, char *err,
                                   size_t errlen)
{
    size_t len = strlen(cmdline);
    if (len > MKIMAGE_GRUB_CMDLINE_MAX) {
        snprintf(err, errlen,
                 "--cmdline is %zu bytes long; at most %d are taken", len,
                 MKIMAGE_GRUB_CMDLINE_MAX);
        return err;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)cmdline[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            snprintf(err, errlen,
                     "--cmdline holds a control character (0x%02x at byte "
                     "%zu): GRUB cannot pass it",
                     c, i);
            return err;
        }
        if (c == '\'' || c == '"' || c == '\\') {
            snprintf(err, errlen,
                     "--cmdline holds %c (at byte %zu): GRUB 2 passes ', \" "
                     "and \\ to the kernel with a backslash added, so the "
                     "guest would not see the command line it was given",
                     c, i);
            return err;
        }
    }
    return NULL;
}

char *mkimage_grub_cfg(const char *name, const char *cmdline, char *err,
                       size_t errlen)
{
    if (cmdline_refused(cmdline, err, errlen))
        return NULL;
    size_t len = strlen(cmdline);
    char *word = malloc(len * 3 + 3);
    if (!word) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    quote_words(cmdline, word);
    static const char fmt[] =
        "# Made by vmm mkimage: GRUB's console and the guest's on COM1\n"
        "# (115200 8N1), no menu, /boot/%s booted as a Multiboot "
        "kernel.\n" CONSOLE "set timeout_style=hidden\n"
        "set timeout=0\n"
        "set default=0\n"
        "menuentry '%s' {\n"
        "\tmultiboot /boot/%s%s%s\n"
        "\tboot\n"
        "}\n";
    const char *sep = len ? " " : "";
    const char *arg = len ? word : "";
    int n = snprintf(NULL, 0, fmt, name, name, name, sep, arg);
    char *cfg = n > 0 ? malloc((size_t)n + 1) : NULL;
    if (cfg)
        snprintf(cfg, (size_t)n + 1, fmt, name, name, name, sep, arg);
    else
        snprintf(err, errlen, "out of memory");
    free(word);
    return cfg;
}
