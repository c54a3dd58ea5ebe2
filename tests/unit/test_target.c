/* test_target.c: target_detect (Solo5 note, Xen PVH note, Multiboot). */
#include <stdlib.h>

#include "elf_builder.h"
#include "solo5_elf_abi.h"
#include "targets.h"
#include "unit.h"

#define MB_MAGIC 0x1BADB002u

static const struct target_def *detect_notes(const uint8_t *notes,
                                             size_t nlen, const char **why)
{
    struct eb b;
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    eb_add(&b, PT_NOTE, PF_R, 0, nlen, nlen, notes);
    eb_bytes(&b);
    return target_detect(b.file, b.len, why);
}

static const struct target_def *detect_abi(uint32_t abi_target,
                                           const char **why)
{
    uint8_t notes[64];
    size_t at = 0;
    eb_abi_note(notes, &at, abi_target, 2);
    return detect_notes(notes, at, why);
}

Test(target_detect, solo5_note_names_the_target)
{
    const char *why = NULL;
    cr_assert_eq(detect_abi(HVT_ABI_TARGET, &why), TARGET_HVT);
    assert_has(why, "Solo5 ABI note");
    cr_assert_eq(detect_abi(VIRTIO_ABI_TARGET, &why), TARGET_VIRTIO);
    assert_has(why, "Solo5");
    cr_assert_eq(detect_abi(XEN_ABI_TARGET, &why), TARGET_XEN_PVH);
    assert_has(why, "Solo5");
}

Test(target_detect, solo5_note_of_another_target_is_no_evidence)
{
    const char *why = NULL;
    cr_assert_eq(detect_abi(SPT_ABI_TARGET, &why), TARGET_AUTO);
    cr_assert_str_eq(why, "nothing");
    cr_assert_eq(detect_abi(MUEN_ABI_TARGET, &why), TARGET_AUTO);
}

Test(target_detect, xen_pvh_note)
{
    uint8_t notes[64];
    size_t at = 0;
    const char *why = NULL;
    eb_note(notes, &at, "Xen", 18, "\x00\x00\x10\x00", 4);
    cr_assert_eq(detect_notes(notes, at, &why), TARGET_XEN_PVH);
    assert_has(why, "Xen PVH");
    at = 0; /* another Xen note (XEN_ELFNOTE_ENTRY) is not PVH */
    eb_note(notes, &at, "Xen", 1, "\x00\x00\x10\x00", 4);
    cr_assert_eq(detect_notes(notes, at, &why), TARGET_AUTO);
    at = 0; /* type 18 of another owner */
    eb_note(notes, &at, "GNU", 18, "\x00\x00\x10\x00", 4);
    cr_assert_eq(detect_notes(notes, at, &why), TARGET_AUTO);
}

Test(target_detect, solo5_note_wins_over_xen_note)
{
    uint8_t notes[128];
    size_t at = 0;
    const char *why = NULL;
    eb_note(notes, &at, "Xen", 18, "\x00\x00\x10\x00", 4);
    eb_abi_note(notes, &at, HVT_ABI_TARGET, 2);
    cr_assert_eq(detect_notes(notes, at, &why), TARGET_HVT);
}

/* A raw (non-ELF) kernel of len bytes with a Multiboot header at off. */
static uint8_t *raw_with_header(size_t len, size_t off, uint32_t flags,
                                uint32_t sum_delta)
{
    uint8_t *buf = malloc(len);
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(i * 13 + 5);
    uint32_t w[3] = {MB_MAGIC, flags, -(MB_MAGIC + flags) + sum_delta};
    memcpy(buf + off, w, sizeof(w));
    return buf;
}

static const struct target_def *detect_raw(size_t len, size_t off,
                                           uint32_t sum_delta)
{
    const char *why = NULL;
    uint8_t *buf = raw_with_header(len, off, 0x00010003, sum_delta);
    const struct target_def *t = target_detect(buf, len, &why);
    cr_assert(why);
    if (t == TARGET_VIRTIO)
        assert_has(why, "Multiboot header");
    free(buf);
    return t;
}

Test(target_detect, multiboot_header_in_the_first_8k)
{
    cr_assert_eq(detect_raw(16384, 0, 0), TARGET_VIRTIO);
    cr_assert_eq(detect_raw(16384, 4096, 0), TARGET_VIRTIO);
    cr_assert_eq(detect_raw(16384, 8192 - 12, 0), TARGET_VIRTIO,
                 "a header ending at 8 KiB is inside");
    cr_assert_eq(detect_raw(12, 0, 0), TARGET_VIRTIO, "a 12-byte file");
}

Test(target_detect, multiboot_header_refused)
{
    cr_assert_eq(detect_raw(16384, 0, 1), TARGET_AUTO, "bad checksum");
    cr_assert_eq(detect_raw(16384, 8192 - 8, 0), TARGET_AUTO,
                 "header crossing 8 KiB");
    cr_assert_eq(detect_raw(16384, 8192, 0), TARGET_AUTO, "beyond 8 KiB");
    cr_assert_eq(detect_raw(16384, 2, 0), TARGET_AUTO, "not 4-aligned");
    cr_assert_eq(detect_raw(14, 2, 0), TARGET_AUTO, "unaligned, short");
}

Test(target_detect, multiboot_header_inside_an_elf_image)
{
    struct eb b;
    const char *why = NULL;
    uint32_t w[3] = {MB_MAGIC, 0x00010003, -(MB_MAGIC + 0x00010003)};
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, sizeof(w), sizeof(w), w);
    eb_bytes(&b);
    cr_assert_eq(target_detect(b.file, b.len, &why), TARGET_VIRTIO);
}

Test(target_detect, nothing)
{
    const char *why = NULL;
    uint8_t buf[64] = {0};
    cr_assert_eq(target_detect(buf, 0, &why), TARGET_AUTO);
    cr_assert_str_eq(why, "nothing");
    cr_assert_eq(target_detect(buf, sizeof(buf), &why), TARGET_AUTO);
    struct eb b;
    eb_init(&b, EB_TEXT);
    eb_add(&b, PT_LOAD, PF_R | PF_X, EB_TEXT, 0x10, 0x10, NULL);
    eb_bytes(&b);
    cr_assert_eq(target_detect(b.file, b.len, &why), TARGET_AUTO);
    cr_assert_str_eq(why, "nothing");
}

Test(target_find, registered_targets)
{
    const struct target_def *h = target_find("hvt");
    cr_assert(h && h == TARGET_HVT && h->ops);
    const struct target_def *v = target_find("virtio");
    cr_assert(v && v == TARGET_VIRTIO && v->ops);
    cr_assert_null(target_find("auto"));
}
