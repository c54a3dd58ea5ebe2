/*
 * test_solo5_exit.c: Solo5's virtio exit convention: which images follow
 * it (virtio_exit_convention: the Solo5 ABI note for virtio without vmm's
 * EXIT note) and the status a write of 41 to isa-debug-exit gives, from
 * the console lines COM1 carried before it (pc/host_solo5_exit.c), through
 * pc_on_io() with a fake kvm_run.
 */
#include <stdlib.h>

#include "boot/host_virtio_target.h"
#include "elf_builder.h"
#include "fake_pc.h"
#include "pc/host_pc.h"
#include "solo5_elf_abi.h"
#include "vmm/exit_status.h"
#include "vmm_exit_note.h"
#include "unit.h"

/* n bytes to COM1, '\n' as "\r\n" as Solo5's serial_putc sends it. */
static void console(struct fx *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            io(f, 0x3f8, 1, true, '\r');
        io(f, 0x3f8, 1, true, (uint8_t)s[i]);
        cr_assert_eq(f->res, EXIT_HANDLED);
    }
}

/* Print lines, write v to isa-debug-exit: vmm's status; msg gets stderr. */
static int ends(bool solo5, const char *lines, size_t n, uint32_t v, char **msg)
{
    struct fx f;
    struct capture c;
    fx_init(&f);
    f.pc.solo5.on = solo5;
    capture_start(&c, 1);
    console(&f, lines, n);
    free(capture_end(&c, NULL));
    capture_start(&c, 2);
    io(&f, 0x501, 2, true, v);
    *msg = capture_end(&c, NULL);
    cr_assert_eq(f.res, EXIT_STOP);
    return f.v.status;
}

static int ends_s(bool solo5, const char *lines, uint32_t v)
{
    char *msg;
    int st = ends(solo5, lines, strlen(lines), v, &msg);
    free(msg);
    return st;
}

Test(solo5_exit, forty_one_means_ended)
{
    cr_assert_eq(ends_s(true, "", 41), 0, "nothing printed (--solo5:quiet)");
    cr_assert_eq(ends_s(true, "hello\nSolo5: solo5_exit(0) called\n", 41), 0);
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit(3) called\n", 41), 3);
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit(3) called\nmore\n", 41), 3);
    cr_assert_eq(ends_s(true,
                        "Solo5: solo5_exit(3) called\n"
                        "Solo5: solo5_exit(4) called\n",
                        41),
                 4, "the last exit line counts");
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit(41) called\n", 41), 41);
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit(3) called", 41), 0,
                 "a line counts once it ends");
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit(3)  called\n", 41), 0);
    cr_assert_eq(ends_s(true, "Solo5: solo5_exit() called\n", 41), 0);
    cr_assert_eq(ends_s(true, "x Solo5: ABORT: y\n", 41), 0);
}

Test(solo5_exit, aborts)
{
    static const char *const lines[] = {
        "Solo5: trap: type=#PF ec=0x2 rip=0x1 rsp=0x2 rflags=0x2\n"
        "Solo5: ABORT: cpu_x86_64.c:181: Fatal trap\n",
        "Solo5: ABORT: test.c:7: Assertion `0' failed\n",
        "Solo5: solo5_abort() called\n",
        "Solo5: ABORT: x\nSolo5: solo5_exit(0) called\n",
        "Solo5: solo5_exit(255) called\n",
    };
    for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        char *msg;
        cr_assert_eq(ends(true, lines[i], strlen(lines[i]), 41, &msg),
                     VMM_EXIT_ABORT, "%s", lines[i]);
        if (i < 4)
            assert_has(msg, "guest aborted (Solo5's virtio exit: 41 written "
                            "to the isa-debug-exit port after an abort line");
        free(msg);
    }
    /* The smashed-stack message is sent with its terminating NUL. */
    static const char ssp[] = "Solo5: ABORT: Stack corruption detected\n";
    char *msg;
    cr_assert_eq(ends(true, ssp, sizeof(ssp), 41, &msg), VMM_EXIT_ABORT);
    free(msg);
    /* A line far longer than the watcher keeps. */
    char long_line[600];
    memset(long_line, 'x', sizeof(long_line));
    memcpy(long_line, "Solo5: ABORT: ", 14);
    long_line[sizeof(long_line) - 1] = '\n';
    cr_assert_eq(ends(true, long_line, sizeof(long_line), 41, &msg),
                 VMM_EXIT_ABORT);
    free(msg);
    memcpy(long_line, "xxxxxxxxxxxxxx", 14);
    cr_assert_eq(ends(true, long_line, sizeof(long_line), 41, &msg), 0);
    free(msg);
}

Test(solo5_exit, reserved_values_and_other_writes)
{
    char *msg;
    const char *l = "Solo5: solo5_exit(250) called\n";
    cr_assert_eq(ends(true, l, strlen(l), 41, &msg), 1);
    assert_has(msg, "guest exit status 250 is reserved");
    free(msg);
    l = "Solo5: solo5_exit(-2) called\n";
    cr_assert_eq(ends(true, l, strlen(l), 41, &msg), 1);
    assert_has(msg, "guest exit status -2 is reserved");
    free(msg);
    l = "Solo5: solo5_exit(99999999999999999999) called\n";
    cr_assert_eq(ends(true, l, strlen(l), 41, &msg), 1);
    free(msg);
    /* Values other than 41 keep isa-debug-exit's rules. */
    l = "Solo5: ABORT: x\n";
    cr_assert_eq(ends_s(true, l, 7), 7);
    cr_assert_eq(ends_s(true, "", 255), VMM_EXIT_ABORT);
}

Test(solo5_exit, off_for_other_images)
{
    /* guest-rt's images and plain kernels: 41 is the status 41. */
    cr_assert_eq(ends_s(false, "Solo5: ABORT: x\n", 41), 41);
    cr_assert_eq(ends_s(false, "", 41), 41);
}

static int convention(const uint8_t *notes, size_t nlen, bool *solo5)
{
    static struct eb b;
    char err[256];
    eb_notes_image(&b, notes, nlen, NULL, 0);
    const uint8_t *buf = eb_bytes(&b);
    *solo5 = true;
    return virtio_exit_convention(buf, b.len, solo5, err, sizeof(err));
}

static size_t exit_note(uint8_t *out, size_t *at, uint32_t conv)
{
    struct vmm_exit_info i = {.convention = conv};
    eb_note(out, at, VMM_NOTE_NAME, VMM_EXIT_NOTE_TYPE, &i, sizeof(i));
    return *at;
}

Test(solo5_exit, which_images_follow_it)
{
    uint8_t n[256];
    size_t at = 0;
    bool solo5;
    eb_abi_note(n, &at, VIRTIO_ABI_TARGET, 1);
    cr_assert_eq(convention(n, at, &solo5), 0);
    cr_assert(solo5, "Solo5's virtio image: ABI note only");
    exit_note(n, &at, VMM_EXIT_BY_STATUS);
    cr_assert_eq(convention(n, at, &solo5), 0);
    cr_assert(!solo5, "guest-rt's virtio image: ABI and EXIT notes");

    at = 0;
    eb_abi_note(n, &at, VIRTIO_ABI_TARGET, 1);
    exit_note(n, &at, 0);
    cr_assert_eq(convention(n, at, &solo5), 0);
    cr_assert(solo5, "an EXIT note that says something else");

    at = 0;
    eb_abi_note(n, &at, XEN_ABI_TARGET, 1);
    cr_assert_eq(convention(n, at, &solo5), 0);
    cr_assert(!solo5, "not a virtio image");
    at = 0;
    eb_note(n, &at, "GNU", 3, "abcd", 4);
    cr_assert_eq(convention(n, at, &solo5), 0);
    cr_assert(!solo5, "no Solo5 ABI note: a plain Multiboot kernel");
    at = 0;
    eb_note(n, &at, SOLO5_NOTE_NAME, ABI1_NOTE_TYPE, "abcd", 4);
    cr_assert_eq(convention(n, at, &solo5), -1, "a malformed ABI note");
}
