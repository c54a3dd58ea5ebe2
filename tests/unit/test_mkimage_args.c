/* test_mkimage_args.c: `vmm mkimage` options (boot/host_mkimage_args.c). */
#include <stdlib.h>

#include "boot/host_mkimage.h"
#include "unit.h"

static struct mkimage_opts o;
static char err[256];

static char *argv[32];

/* args is NULL-terminated, args[0] the command's name; o points into the
 * copies until the next parse. */
static int parse(const char *const *args)
{
    int argc = 0;
    for (int i = 0; i < 32; i++) {
        free(argv[i]);
        argv[i] = NULL;
    }
    while (args[argc] && argc < 31) {
        argv[argc] = strdup(args[argc]);
        argc++;
    }
    err[0] = '\0';
    return mkimage_parse_args(argc, argv, &o, err, sizeof(err));
}

#define PARSE(...) parse((const char *const[]){"mkimage", __VA_ARGS__, NULL})

Test(mkimage_args, every_option)
{
    cr_assert_eq(
        PARSE("--format=iso", "-o", "app.iso", "--cmdline=a b", "app.virtio"),
        0, "%s", err);
    cr_assert_eq(o.format, MKIMAGE_FORMAT_ISO);
    cr_assert_str_eq(o.out, "app.iso");
    cr_assert_str_eq(o.cmdline, "a b");
    cr_assert_str_eq(o.image, "app.virtio");
    cr_assert(!o.help);
}

Test(mkimage_args, separate_values_and_options_after_image)
{
    cr_assert_eq(PARSE("app.virtio", "--format", "disk", "--output", "d.img",
                       "--cmdline", "-x"),
                 0, "%s", err);
    cr_assert_eq(o.format, MKIMAGE_FORMAT_DISK);
    cr_assert_str_eq(o.out, "d.img");
    cr_assert_str_eq(o.cmdline, "-x");
    cr_assert_str_eq(o.image, "app.virtio");
}

Test(mkimage_args, short_output_joined_and_output_equals)
{
    cr_assert_eq(PARSE("--format=disk", "-od.img", "k"), 0, "%s", err);
    cr_assert_str_eq(o.out, "d.img");
    cr_assert_eq(PARSE("--format=disk", "--output=e.img", "k"), 0, "%s", err);
    cr_assert_str_eq(o.out, "e.img");
}

Test(mkimage_args, cmdline_defaults_to_empty)
{
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "k"), 0, "%s", err);
    cr_assert_str_eq(o.cmdline, "");
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "--cmdline=", "k"), 0);
    cr_assert_str_eq(o.cmdline, "");
}

Test(mkimage_args, double_dash_ends_options)
{
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "--", "-image"), 0, "%s",
                 err);
    cr_assert_str_eq(o.image, "-image");
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "--", "--help"), 0, "%s",
                 err);
    cr_assert(!o.help);
    cr_assert_str_eq(o.image, "--help");
}

Test(mkimage_args, help_wins)
{
    cr_assert_eq(PARSE("--format=bogus", "--help"), -1);
    cr_assert_eq(PARSE("--help"), 0);
    cr_assert(o.help);
    cr_assert_eq(PARSE("-h", "--format=bogus"), 0);
    cr_assert(o.help);
}

Test(mkimage_args, refusals_name_the_problem)
{
    cr_assert_eq(PARSE("-o", "x", "k"), -1);
    assert_has(err, "--format=iso or --format=disk");
    cr_assert_eq(PARSE("--format=cd", "-o", "x", "k"), -1);
    assert_has(err, "--format=cd");
    cr_assert_eq(PARSE("--format"), -1);
    assert_has(err, "--format needs");
    cr_assert_eq(PARSE("--format=iso", "k"), -1);
    assert_has(err, "-o OUT is needed");
    cr_assert_eq(PARSE("--format=iso", "k", "-o"), -1);
    assert_has(err, "-o needs");
    cr_assert_eq(PARSE("--format=iso", "-o", "", "k"), -1);
    assert_has(err, "-o needs");
    cr_assert_eq(PARSE("--format=iso", "-o", "x"), -1);
    assert_has(err, "IMAGE");
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "a", "b"), -1);
    assert_has(err, "one IMAGE only");
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "--mem=5", "k"), -1);
    assert_has(err, "unknown option --mem=5");
    cr_assert_eq(PARSE("--format=iso", "-o", "x", "k", "--cmdline"), -1);
    assert_has(err, "--cmdline needs");
    cr_assert_eq(PARSE("--formats=iso", "-o", "x", "k"), -1);
    assert_has(err, "unknown option --formats=iso");
}

Test(mkimage_args, usage_names_both_formats)
{
    assert_has(mkimage_usage, "--format=iso|disk");
    assert_has(mkimage_usage, "--cmdline");
    assert_has(mkimage_usage, "grub-efi-amd64-bin");
}
