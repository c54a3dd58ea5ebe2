/*
 * test_hvt_check.c: the hvt target's image check (what `vmm check` and
 * `vmm run` share, without KVM): the ABI note's target and version, the
 * manifest, and the ELF layout against --mem.
 */
#include <stdlib.h>

#include "elf_builder.h"
#include "hvt/host_hvt.h"
#include "targets.h"
#include "unit.h"

static int hvt_check(const uint8_t *buf, size_t len, uint64_t mem,
                     char **msg)
{
    const struct target_def *t = target_find("hvt");
    cr_assert(t && t->ops);
    struct run_opts o;
    memset(&o, 0, sizeof(o));
    o.target = TARGET_HVT;
    o.mem_bytes = mem;
    o.image = "app.hvt";
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

static int check_notes(const uint8_t *notes, size_t nlen, char **msg)
{
    struct eb b;
    eb_hvt_image_notes(&b, notes, nlen);
    eb_bytes(&b);
    return hvt_check(b.file, b.len, 512ULL << 20, msg);
}

/* The ABI note of (target, version) and the usual manifest. */
static int check_abi(uint32_t target, uint32_t version, char **msg)
{
    uint8_t notes[EB_NOTES_MAX];
    size_t n = eb_hvt_notes(notes);
    struct abi1_info i = {target, version, 0, 0};
    memcpy(notes + 20, &i, sizeof(i)); /* the first note's descriptor */
    return check_notes(notes, n, msg);
}

Test(hvt_check, valid_image)
{
    char *msg;
    cr_assert_eq(check_abi(HVT_ABI_TARGET, HVT_ABI_VERSION, &msg), 0, "%s",
                 msg);
    cr_assert_str_eq(msg, "");
    free(msg);
}

Test(hvt_check, wrong_abi_target)
{
    char *msg;
    cr_assert_eq(check_abi(VIRTIO_ABI_TARGET, HVT_ABI_VERSION, &msg), -1);
    assert_has(msg, "vmm: app.hvt: ");
    assert_has(msg, "built for Solo5 ABI target 3, not hvt (1)");
    free(msg);
    cr_assert_eq(check_abi(SPT_ABI_TARGET, HVT_ABI_VERSION, &msg), -1);
    assert_has(msg, "ABI target 2");
    free(msg);
}

Test(hvt_check, wrong_abi_version)
{
    char *msg;
    cr_assert_eq(check_abi(HVT_ABI_TARGET, 1, &msg), -1);
    assert_has(msg, "Solo5 hvt ABI version 1; vmm runs version 2");
    free(msg);
    cr_assert_eq(check_abi(HVT_ABI_TARGET, 3, &msg), -1);
    assert_has(msg, "version 3");
    free(msg);
}

Test(hvt_check, missing_notes)
{
    uint8_t notes[EB_NOTES_MAX];
    size_t at = 0;
    char *msg;
    eb_note(notes, &at, "GNU", 3, "abcd", 4);
    cr_assert_eq(check_notes(notes, at, &msg), -1);
    assert_has(msg, "no Solo5 ABI note");
    free(msg);
    at = 0;
    eb_abi_note(notes, &at, HVT_ABI_TARGET, HVT_ABI_VERSION);
    cr_assert_eq(check_notes(notes, at, &msg), -1);
    assert_has(msg, "no Solo5 manifest note");
    free(msg);
}

Test(hvt_check, malformed_manifest_and_elf)
{
    static const char *const names[] = {"a", "a"};
    static const uint32_t types[] = {MFT_DEV_NET_BASIC, MFT_DEV_NET_BASIC};
    uint8_t notes[EB_NOTES_MAX];
    size_t at = 0;
    char *msg;
    eb_abi_note(notes, &at, HVT_ABI_TARGET, HVT_ABI_VERSION);
    eb_mft_note(notes, &at, 2, names, types);
    cr_assert_eq(check_notes(notes, at, &msg), -1);
    assert_has(msg, "declares 'a' twice");
    free(msg);

    struct eb b;
    eb_hvt_image(&b);
    b.eh.e_machine = EM_AARCH64;
    eb_bytes(&b);
    cr_assert_eq(hvt_check(b.file, b.len, 512ULL << 20, &msg), -1);
    assert_has(msg, "app.hvt: ");
    assert_has(msg, "not x86_64");
    free(msg);
}

Test(hvt_check, image_against_mem)
{
    struct eb b;
    char *msg;
    eb_hvt_image(&b);
    eb_bytes(&b);
    cr_assert_eq(hvt_check(b.file, b.len, EB_END, &msg), 0, "%s", msg);
    free(msg);
    cr_assert_eq(hvt_check(b.file, b.len, EB_END - 0x1000, &msg), -1);
    assert_has(msg, "PT_LOAD segment 0 ends past guest memory");
    free(msg);
}
