/* test_pvh_cli.c: `vmm run --module=FILE` (xen-pvh boot modules). */
#include <stdio.h>
#include <stdlib.h>

#include "vmm/cli.h"
#include "unit.h"

static struct run_opts o;
static char err[256];
static char *argv[CLI_MAX_MODULES + 8];
static int argc;

/* Parse the n arguments given (those after "run"). */
static int parse(int n, const char *const *args)
{
    for (argc = 0; argc < n; argc++)
        argv[argc] = strdup(args[argc]);
    err[0] = '\0';
    return cli_parse_run(argc, argv, &o, err, sizeof(err));
}

static void done(void)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
}

Test(cli_module, in_command_line_order_both_spellings, .fini = done)
{
    static const char *const a[] = {"--module=a.bin", "--module", "b.bin",
                                    "--target=xen-pvh", "k.xen", "--module=c"};
    cr_assert_eq(parse(6, a), 0, "%s", err);
    cr_assert_eq(o.nmodules, 2);
    cr_assert_str_eq(o.modules[0], "a.bin");
    cr_assert_str_eq(o.modules[1], "b.bin");
    cr_assert_str_eq(o.image, "k.xen");
    cr_assert_eq(o.guest_argc, 1, "after the image: a guest argument");
    cr_assert_str_eq(o.guest_argv[0], "--module=c");
}

Test(cli_module, empty_or_missing_file, .fini = done)
{
    static const char *const empty[] = {"--module=", "k.xen"};
    cr_assert_eq(parse(2, empty), -1);
    assert_has(err, "--module=FILE");
    done();
    static const char *const last[] = {"--module"};
    cr_assert_eq(parse(1, last), -1);
    assert_has(err, "--module needs a FILE");
}

Test(cli_module, at_most_16, .fini = done)
{
    static char names[CLI_MAX_MODULES + 1][16];
    const char *a[CLI_MAX_MODULES + 2];
    for (int i = 0; i <= CLI_MAX_MODULES; i++) {
        snprintf(names[i], sizeof(names[i]), "--module=m%d", i);
        a[i] = names[i];
    }
    a[CLI_MAX_MODULES + 1] = "k.xen";
    cr_assert_eq(parse(CLI_MAX_MODULES + 1, a + 1), 0, "%s", err);
    cr_assert_eq(o.nmodules, CLI_MAX_MODULES);
    done();
    cr_assert_eq(parse(CLI_MAX_MODULES + 2, a), -1);
    assert_has(err, "too many modules (at most 16)");
}
