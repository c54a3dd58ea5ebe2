/*
 * test_pvh_mode.c: Xen PVH or plain PVH (pvh_mode_pick): the Solo5 ABI
 * note for xen keeps vmm's Xen shim; other PVH images (Linux) boot plain;
 * --pvh=MODE forces either; the option's parse, and the line `vmm run`
 * prints.
 */
#include <stdlib.h>

#include "elf_builder.h"
#include "solo5_elf_abi.h"
#include "unit.h"
#include "vmm/cli.h"
#include "xen-pvh/host_pvh_target.h"
#include "xen-pvh/xen_abi.h"

/* A PVH image with, when target is not 0, the Solo5 ABI note for it. */
static const uint8_t *pvh_image(struct eb *b, uint32_t target)
{
    uint8_t notes[128];
    size_t at = 0;
    uint32_t entry = EB_TEXT;
    eb_note(notes, &at, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4);
    if (target)
        eb_abi_note(notes, &at, target, 1);
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x300, 0x300, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, at, at, notes);
    return eb_bytes(b);
}

static struct eb b;
static char err[256];

Test(pvh_mode, solo5_xen_note_keeps_the_shim)
{
    struct pvh_mode m;
    const uint8_t *img = pvh_image(&b, XEN_ABI_TARGET);
    cr_assert_eq(pvh_mode_pick(img, b.len, NULL, &m, err, sizeof(err)), 0,
                 "%s", err);
    cr_assert(m.xen);
    cr_assert_str_eq(m.why, "from its Solo5 ABI note for xen");
}

Test(pvh_mode, no_note_or_another_target_boots_plain)
{
    struct pvh_mode m;
    const uint8_t *img = pvh_image(&b, 0);
    cr_assert_eq(pvh_mode_pick(img, b.len, NULL, &m, err, sizeof(err)), 0);
    cr_assert_not(m.xen);
    cr_assert_str_eq(m.why, "it has no Solo5 ABI note for xen");
    img = pvh_image(&b, VIRTIO_ABI_TARGET);
    cr_assert_eq(pvh_mode_pick(img, b.len, NULL, &m, err, sizeof(err)), 0);
    cr_assert_not(m.xen, "a Solo5 note for another target is no Xen note");
}

Test(pvh_mode, forced_either_way)
{
    struct pvh_mode m;
    const uint8_t *img = pvh_image(&b, XEN_ABI_TARGET);
    cr_assert_eq(pvh_mode_pick(img, b.len, "plain", &m, err, sizeof(err)), 0);
    cr_assert_not(m.xen);
    cr_assert_str_eq(m.why, "from --pvh=plain");
    img = pvh_image(&b, 0);
    cr_assert_eq(pvh_mode_pick(img, b.len, "xen", &m, err, sizeof(err)), 0);
    cr_assert(m.xen);
    cr_assert_str_eq(m.why, "from --pvh=xen");
}

Test(pvh_mode, the_line_vmm_run_prints)
{
    struct pvh_mode m = {false, "it has no Solo5 ABI note for xen"};
    struct capture c;
    capture_start(&c, 2);
    pvh_mode_say("vmlinux", &m);
    m = (struct pvh_mode){true, "from --pvh=xen"};
    pvh_mode_say("k.xen", &m);
    char *out = capture_end(&c, NULL);
    assert_has(out, "vmm: vmlinux: plain PVH: KVM's CPUID leaves, no Xen "
                    "shim (it has no Solo5 ABI note for xen)\n");
    assert_has(out, "vmm: k.xen: Xen PVH: Xen's CPUID leaves and vmm's Xen "
                    "shim (from --pvh=xen)\n");
    free(out);
}

static int parse(int n, const char *const *args, struct run_opts *o)
{
    static char *argv[8];
    for (int i = 0; i < n; i++)
        argv[i] = (char *)(uintptr_t)args[i];
    return cli_parse_run(n, argv, o, err, sizeof(err));
}

Test(pvh_mode, option_values)
{
    static struct run_opts o;
    static const char *const plain[] = {"--pvh=plain", "vmlinux"};
    cr_assert_eq(parse(2, plain, &o), 0, "%s", err);
    cr_assert_str_eq(o.target_mode, "plain");
    static const char *const xen[] = {"--pvh", "xen", "k.xen"};
    cr_assert_eq(parse(3, xen, &o), 0, "%s", err);
    cr_assert_str_eq(o.target_mode, "xen");
    static const char *const bad[] = {"--pvh=hvm", "k.xen"};
    cr_assert_eq(parse(2, bad, &o), -1);
    assert_has(err, "--pvh=hvm: expected --pvh=xen or --pvh=plain");
    static const char *const none[] = {"vmlinux"};
    cr_assert_eq(parse(1, none, &o), 0, "%s", err);
    cr_assert_null(o.target_mode);
}
