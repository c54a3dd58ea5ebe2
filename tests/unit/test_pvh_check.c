/*
 * test_pvh_check.c: the xen-pvh target as registered (what `vmm check` and
 * `vmm run` share, without KVM): a PVH image with or without a Solo5
 * manifest, and refusals naming the image.
 */
#include <stdlib.h>

#include <stddef.h>

#include "elf_builder.h"
#include "mft_abi.h"
#include "solo5_elf_abi.h"
#include "targets.h"
#include "unit.h"
#include "vmm/vmm.h"
#include "xen-pvh/host_xen.h"

#define ENTRY (EB_TEXT + 0x20)

static int pvh_check(const uint8_t *buf, size_t len, uint64_t mem, char **msg)
{
    const struct target_def *t = target_find("xen-pvh");
    cr_assert(t && t->ops);
    struct run_opts o;
    memset(&o, 0, sizeof(o));
    o.target = TARGET_XEN_PVH;
    o.mem_bytes = mem;
    o.image = "app.xen";
    struct vmm v;
    memset(&v, 0, sizeof(v));
    v.vm.kvm_fd = v.vm.vm_fd = v.vm.vcpu_fd = -1;
    v.opts = &o;
    v.image = o.image;
    struct capture c;
    capture_start(&c, 2);
    int r = vmm_check_image(&v, t->ops, buf, len);
    *msg = capture_end(&c, NULL);
    return r;
}

/* Text at 1 MiB, data, and one PT_NOTE holding notes. */
static void image(struct eb *b, const uint8_t *notes, size_t nlen)
{
    eb_init(b, EB_TEXT);
    eb_add(b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x300, 0x300, NULL);
    eb_add(b, PT_LOAD, PF_R | PF_W, EB_DATA, 0x80, 0x2000, NULL);
    eb_add(b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
    eb_bytes(b);
}

static size_t pvh_note(uint8_t *notes, uint32_t entry)
{
    size_t at = 0;
    eb_note(notes, &at, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4);
    return at;
}

Test(pvh_check, plain_pvh_kernel)
{
    struct eb b;
    uint8_t notes[64];
    char *msg;
    image(&b, notes, pvh_note(notes, ENTRY));
    cr_assert_eq(pvh_check(b.file, b.len, 64ULL << 20, &msg), 0, "%s", msg);
    cr_assert_str_eq(msg, "");
    free(msg);
}

Test(pvh_check, solo5_image_with_a_manifest)
{
    struct eb b;
    static uint8_t notes[EB_NOTES_MAX + 64];
    char *msg;
    size_t at = pvh_note(notes, ENTRY);
    static const char *const names[] = {"disk"};
    static const uint32_t types[] = {MFT_DEV_BLOCK_BASIC};
    eb_abi_note(notes, &at, XEN_ABI_TARGET, 1);
    size_t desc = eb_mft_note(notes, &at, 1, names, types);
    image(&b, notes, at);
    cr_assert_eq(pvh_check(b.file, b.len, 64ULL << 20, &msg), 0, "%s", msg);
    free(msg);
    /* A manifest that does not hold together is refused. */
    uint32_t bad_type = 0x7f;
    memcpy(notes + desc + MFT1_DESC_PAD + sizeof(struct mft) +
               sizeof(struct mft_entry) + offsetof(struct mft_entry, type),
           &bad_type, sizeof(bad_type));
    image(&b, notes, at);
    cr_assert_eq(pvh_check(b.file, b.len, 64ULL << 20, &msg), -1);
    assert_has(msg, "vmm: app.xen: manifest");
    free(msg);
}

Test(pvh_check, refusals_name_the_image)
{
    struct eb b;
    uint8_t notes[64] = {0};
    char *msg;
    image(&b, notes, 0);
    cr_assert_eq(pvh_check(b.file, b.len, 64ULL << 20, &msg), -1);
    assert_has(msg, "vmm: app.xen: no Xen PVH entry note");
    free(msg);
    image(&b, notes, pvh_note(notes, ENTRY));
    cr_assert_eq(pvh_check(b.file, b.len, 0x102000, &msg), -1);
    assert_has(msg, "vmm: app.xen: PT_LOAD segment at p_paddr 0x102000");
    assert_has(msg, "see --mem");
    free(msg);
}
