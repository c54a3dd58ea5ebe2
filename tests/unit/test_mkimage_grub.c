/*
 * test_mkimage_grub.c: what `vmm mkimage` writes for GRUB
 * (boot/host_mkimage_grub.c, host_disk_grub.c): the kernel's name, the
 * grub.cfg text and its quoting of the command line, and the boot.img and
 * core.img patches.
 */
#include <stdlib.h>

#include "boot/host_mkimage_grub.h"
#include "unit.h"

static char name[MKIMAGE_GRUB_NAME_MAX];

static const char *named(const char *image)
{
    memset(name, 'x', sizeof(name));
    mkimage_grub_name(image, name, sizeof(name));
    return name;
}

Test(mkimage_grub, name_is_the_last_component)
{
    cr_assert_str_eq(named("build/tests/guests/hello.virtio"), "hello.virtio");
    cr_assert_str_eq(named("app"), "app");
    cr_assert_str_eq(named("/srv/app.virtio/"), "app.virtio");
    cr_assert_str_eq(named("a-b_C.9"), "a-b_C.9");
}

Test(mkimage_grub, name_has_only_safe_bytes)
{
    cr_assert_str_eq(named("dir/my app$(x)'.virtio"), "my_app__x__.virtio");
    cr_assert_str_eq(named(".hidden"), "_hidden");
    cr_assert_str_eq(named("..x"), "_.x");
    cr_assert_str_eq(named("caf\xc3\xa9"), "caf__");
}

Test(mkimage_grub, name_never_empty_and_cut)
{
    cr_assert_str_eq(named(""), "kernel");
    cr_assert_str_eq(named("/"), "kernel");
    char longer[200];
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    cr_assert_eq(strlen(named(longer)), MKIMAGE_GRUB_NAME_MAX - 1);
    char small[4];
    mkimage_grub_name("hello", small, sizeof(small));
    cr_assert_str_eq(small, "hel");
}

static char err[256];

static char *cfg(const char *cmdline)
{
    err[0] = '\0';
    return mkimage_grub_cfg("app.virtio", cmdline, err, sizeof(err));
}

Test(mkimage_grub, cfg_console_on_com1_and_no_menu)
{
    char *c = cfg("");
    cr_assert_not_null(c, "%s", err);
    assert_has(c, "\nserial --unit=0 --speed=115200\n");
    assert_has(c, "\nterminal_input serial\n");
    assert_has(c, "\nterminal_output serial\n");
    assert_has(c, "\nset timeout=0\n");
    assert_has(c, "\nmenuentry 'app.virtio' {\n");
    assert_has(c, "\tmultiboot /boot/app.virtio\n\tboot\n}\n");
    /* the console comes before anything that could fail */
    cr_assert_lt(strstr(c, "terminal_output"), strstr(c, "multiboot"));
    free(c);
}

/* The multiboot line's arguments as GRUB 2 joins them into the kernel's
 * command line: words of single-quoted parts, one space apart; a word
 * with a space would be double-quoted (never happens here). */
static void grub_cmdline(const char *c, char *out)
{
    const char *p = strstr(c, "\tmultiboot /boot/app.virtio");
    cr_assert_not_null(p);
    p += strlen("\tmultiboot /boot/app.virtio");
    size_t n = 0;
    bool first = true;
    while (*p == ' ') {
        p++;
        if (!first)
            out[n++] = ' ';
        first = false;
        cr_assert_eq(*p, '\'', "unquoted word at: %s", p);
        while (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            cr_assert_not_null(end);
            for (const char *q = p + 1; q < end; q++) {
                cr_assert_neq(*q, ' ', "a space inside a word");
                out[n++] = *q;
            }
            p = end + 1;
        }
    }
    cr_assert_eq(*p, '\n', "junk after the arguments: %s", p);
    out[n] = '\0';
}

Test(mkimage_grub, cmdline_round_trips_through_grub)
{
    static const char *const lines[] = {
        "a", "a b c",          "  lead",    "trail  ",     "a  b   c",
        " ", "$HOME ;b {x} #", "tab\there", "caf\xc3\xa9", "--opt=1 x=y",
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        char *c = cfg(lines[i]);
        cr_assert_not_null(c, "%s: %s", lines[i], err);
        char got[256];
        grub_cmdline(c, got);
        cr_assert_str_eq(got, lines[i]);
        free(c);
    }
}

Test(mkimage_grub, cmdline_words_are_single_quoted)
{
    char *c = cfg("a  $b");
    cr_assert_not_null(c, "%s", err);
    assert_has(c, "\tmultiboot /boot/app.virtio 'a' '' '$b'\n");
    free(c);
}

Test(mkimage_grub, cmdline_refusals)
{
    cr_assert_null(cfg("it's"));
    assert_has(err, "holds '");
    assert_has(err, "backslash");
    cr_assert_null(cfg("a\"b"));
    assert_has(err, "holds \"");
    cr_assert_null(cfg("a\\b"));
    assert_has(err, "holds \\");
    cr_assert_null(cfg("a\nb"));
    assert_has(err, "control character (0x0a at byte 1)");
    cr_assert_null(cfg("\x7f"));
    assert_has(err, "0x7f");
    char *big = malloc(MKIMAGE_GRUB_CMDLINE_MAX + 2);
    memset(big, 'a', MKIMAGE_GRUB_CMDLINE_MAX + 1);
    big[MKIMAGE_GRUB_CMDLINE_MAX + 1] = '\0';
    cr_assert_null(cfg(big));
    assert_has(err, "at most 4096");
    big[MKIMAGE_GRUB_CMDLINE_MAX] = '\0';
    char *c = cfg(big);
    cr_assert_not_null(c, "%s", err);
    free(c);
    free(big);
}

Test(mkimage_grub, early_cfg_is_the_console)
{
    assert_has(mkimage_grub_early_cfg, "serial --unit=0 --speed=115200\n");
    assert_has(mkimage_grub_early_cfg, "terminal_output serial\n");
    cr_assert_null(strstr(mkimage_grub_early_cfg, "multiboot"));
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

Test(mkimage_grub, boot_img_patch)
{
    uint8_t s[GRUB_SECTOR_SIZE], before[GRUB_SECTOR_SIZE];
    for (size_t i = 0; i < sizeof(s); i++)
        s[i] = (uint8_t)(i * 13 + 1);
    memcpy(before, s, sizeof(s));
    mkimage_grub_patch_boot(s, 0x0102030405060708ULL);
    cr_assert_eq(get64(s + 0x5c), 0x0102030405060708ULL);
    cr_assert_eq(s[0x64], 0xff);
    cr_assert_eq(s[0x66], 0x90);
    cr_assert_eq(s[0x67], 0x90);
    for (size_t i = 0; i < sizeof(s); i++)
        if (i < 0x5c || i >= 0x68 || i == 0x65)
            cr_assert_eq(s[i], before[i], "byte 0x%zx changed", i);
}

/* A core.img of n sectors whose diskboot blocklist is as grub-mkimage
 * leaves it (start 2, n - 1 sectors, segment 0x820). */
static uint8_t *core(size_t n, size_t *len)
{
    *len = n * GRUB_SECTOR_SIZE - 100; /* the last sector partly used */
    uint8_t *c = calloc(1, n * GRUB_SECTOR_SIZE);
    c[0x1f4] = 2;
    c[0x1fc] = (uint8_t)(n - 1);
    c[0x1fd] = (uint8_t)((n - 1) >> 8);
    c[0x1fe] = 0x20;
    c[0x1ff] = 0x08;
    memset(c + 0x1e8, 0xee, 12); /* whatever lies below */
    return c;
}

Test(mkimage_grub, core_blocklist_patch)
{
    size_t len;
    uint8_t *c = core(290, &len);
    cr_assert_eq(mkimage_grub_patch_core(c, len, 0x10000, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert_eq(get64(c + 0x1f4), 0x10001);
    cr_assert_eq(c[0x1fc] | c[0x1fd] << 8, 289);
    cr_assert_eq(c[0x1fe] | c[0x1ff] << 8, 0x820);
    for (int i = 0x1e8; i < 0x1f4; i++)
        cr_assert_eq(c[i], 0, "the list does not end at 0x%x", i);
    free(c);
}

Test(mkimage_grub, core_refusals)
{
    size_t len;
    uint8_t *c = core(2, &len);
    cr_assert_eq(
        mkimage_grub_patch_core(c, GRUB_SECTOR_SIZE, 1, err, sizeof(err)), -1);
    assert_has(err, "GRUB's diskboot loads 2..");
    cr_assert_eq(mkimage_grub_patch_core(c, len, 1, err, sizeof(err)), 0);
    c[0x1fe] = 0x00;
    cr_assert_eq(mkimage_grub_patch_core(c, len, 1, err, sizeof(err)), -1);
    assert_has(err, "not GRUB's diskboot.img");
    free(c);
    cr_assert_eq(mkimage_grub_patch_core(NULL, 65537 * GRUB_SECTOR_SIZE, 1, err,
                                         sizeof(err)),
                 -1);
    assert_has(err, "2..65536 sectors");
}
