/*
 * tls_check.h: `vmm tls-check`, the TLS conformance tool (DESIGN.md,
 * "Thread-local storage: one semantics everywhere").
 *
 * tls-check-run (here) boots the conformance guest (tests/guests/tls.c) on
 * every target and host and leaves what each run printed in a results
 * directory; vmm reads it back, computes the reference each fact must equal
 * (tls.facts, evaluated against the image's own PT_TLS and symbols) and
 * shows the facts down and the target/host columns across, marking every
 * cell that differs from the reference or from the other columns.
 *
 * Everything here but results.c and main.c is pure: parsing works on
 * strings, the ELF on a buffer, output goes to a FILE.
 */
#ifndef VMM_TLS_CHECK_H
#define VMM_TLS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TC_KEY_MAX 40     /* bytes of a fact's name, NUL included */
#define TC_VALUE_MAX 48   /* bytes of a value */
#define TC_EXPR_MAX 96    /* bytes of a reference expression */
#define TC_MAX_FACTS 64   /* facts in a line, a spec, a report */
#define TC_MAX_COLUMNS 12 /* target/host columns */
#define TC_WHY_MAX 320    /* why a column did not run */
#define TC_NOTE_MAX 360
#define TC_MAX_NOTES 16

/* Facts the tool itself adds to a column (not printed by the guest). */
#define TC_FACT_STATUS "status"
/* The host whose CPU lacks FSGSBASE: QEMU TCG, -cpu max,-fsgsbase. */
#define TC_HOST_NO_FSGSBASE "qemu-wrmsr"
#define TC_FACT_EXITS "exits_per_switch"
#define TC_FACT_KVM_EXITS "kvm_exits_per_switch"
#define TC_FACT_WRMSR_EXITS "wrmsr_exits_per_switch"
#define TC_FACT_KVM_WRMSR_EXITS "kvm_wrmsr_exits_per_switch"

struct tc_kv {
    char key[TC_KEY_MAX];
    char value[TC_VALUE_MAX];
};

/* key=value facts, in order. */
struct tc_facts {
    unsigned n;
    struct tc_kv kv[TC_MAX_FACTS];
};

/* The reference file (tls.facts): KEY EXPR, in table order. */
struct tc_spec {
    unsigned n;
    struct {
        char key[TC_KEY_MAX];
        char expr[TC_EXPR_MAX];
    } fact[TC_MAX_FACTS];
};

enum tc_state {
    TC_RAN,     /* the guest ran; its output is in facts */
    TC_SKIPPED, /* allowed not to run (OVMF missing): not a failure */
    TC_FAILED,  /* could not run: a failure */
};

struct tc_column {
    char target[16]; /* hvt, virtio, xen-pvh */
    char host[16];   /* vmm, vmm-box, qemu, qemu-wrmsr, iso-bios, iso-uefi */
    enum tc_state state;
    char why[TC_WHY_MAX]; /* why it did not run, or what went wrong */
    struct tc_facts facts; /* the line's facts and the tool's own */
};

/* The image of one target, for the reference. */
struct tc_image {
    const char *target;
    const uint8_t *buf; /* NULL when unreadable; why says so */
    size_t len;
    const char *why;
};

/* PT_TLS of an image. */
struct tc_tls {
    uint64_t offset, filesz, memsz, align;
};

/* What one cell must be. */
enum tc_kind {
    TC_EXACT, /* equal to text */
    TC_ANY,   /* one of the '|'-separated words of text; never marked */
    TC_BELOW, /* a number below limit; absent means not measured here */
    TC_BAD,   /* the reference cannot be computed; text says why */
};

struct tc_expect {
    enum tc_kind kind;
    char text[TC_VALUE_MAX];
    double limit;
};

struct tc_cell {
    bool run;      /* the column ran */
    bool present;  /* the fact is in the column's line */
    char value[TC_VALUE_MAX];
    struct tc_expect expect;
    bool off_ref;  /* differs from the reference */
    bool off_cols; /* differs from the other columns */
};

struct tc_row {
    char key[TC_KEY_MAX];
    char ref_shown[TC_EXPR_MAX]; /* the common reference, or the expression */
    struct tc_cell cell[TC_MAX_COLUMNS];
};

struct tc_report {
    unsigned ncols, nrows;
    const struct tc_column *col;
    struct tc_row row[TC_MAX_FACTS];
    unsigned marked;   /* cells marked in columns that ran */
    unsigned failed;   /* columns that could not run */
    unsigned skipped;  /* columns allowed not to run */
    unsigned nnotes;
    char note[TC_MAX_NOTES][TC_NOTE_MAX];
    bool ok; /* every column ran or was skipped, and nothing is marked */
};

/* elf.c: PT_TLS, and the initial value of __thread SYM (its
 * st_size <= 8 bytes, little-endian, zero past p_filesz). 0, or -1 with the
 * reason in err. */
int tc_elf_tls(const uint8_t *buf, size_t len, struct tc_tls *tls, char *err,
               size_t errlen);
int tc_elf_tls_value(const uint8_t *buf, size_t len, const char *sym,
                     uint64_t *value, char *err, size_t errlen);

/* parse.c */
/* The first "TLS-FACTS k=v ..." line in a console output; 1 found, 0 not,
 * -1 malformed (err). */
int tc_parse_line(const char *out, struct tc_facts *f, char *err,
                  size_t errlen);
/* Set (or add) a fact; -1 when full. */
int tc_facts_set(struct tc_facts *f, const char *key, const char *value);
const char *tc_facts_get(const struct tc_facts *f, const char *key);
/* The reference file; -1 with "line N: ..." in err. */
int tc_parse_spec(const char *text, struct tc_spec *s, char *err,
                  size_t errlen);
/* The next line of text into buf (without its newline and trailing
 * blanks); NULL at the end. */
const char *tc_next_line(const char *p, char *buf, size_t size);
/* Split "WORD rest": the length of WORD, *rest after the blanks ("" when
 * none). */
size_t tc_first_word(const char *line, const char **rest);

/* columns.c */
/* The results directory's columns file: "TARGET/HOST ran|skip|fail [WHY]"
 * a line. Returns the number of columns, or -1 (err). */
int tc_parse_columns(const char *text, struct tc_column *cols, unsigned max,
                     char *err, size_t errlen);
/* A column's result file ("status N", "switches N", "exits_loop N",
 * "exits_base N", "wrmsr_exits_loop N", "kvm_exits_loop N",
 * "kvm_exits_base N", "kvm_wrmsr_exits_loop N", "kvm n/a WHY"): adds the
 * tool's facts (status; on vmm and vmm-box the exits per switch of the
 * switch loop and of the wrmsr loop, as vmm --stats and as KVM count them)
 * to the column. */
int tc_apply_result(const char *text, struct tc_column *col, char *err,
                    size_t errlen);
/* --hosts LIST: hosts (vmm: this machine's /dev/kvm, or the KVM box
 * without one; vmm-box: always the KVM box; qemu, qemu-wrmsr, iso-bios,
 * iso-uefi) or columns (TARGET/HOST), comma-separated; NULL means all.
 * Fills names[] with the columns, in table order; returns how many, or -1
 * (err). */
int tc_select_columns(const char *list, char names[][32], unsigned max,
                      char *err, size_t errlen);

/* eval.c: the reference of one expression for a column (target, host) and
 * its image. */
void tc_eval(const char *expr, const char *target, const char *host,
             const struct tc_image *img, struct tc_expect *e);
/* compare.c: evaluate, compare, mark. images[] holds one entry per
 * target. */
void tc_compare(const struct tc_spec *spec, const struct tc_column *cols,
                unsigned ncols, const struct tc_image *images,
                unsigned nimages, struct tc_report *r);

/* table.c, json.c */
void tc_print_table(const struct tc_report *r, FILE *f);
void tc_print_json(const struct tc_report *r, FILE *f);

/* results.c (files, not pure): a whole text file, NUL-ended, or
 * NULL after saying why; the results directory's columns with their facts
 * (-1 after saying why) and the images its run used (img[] and bufs[] hold
 * 3 entries; bufs[] to be freed). */
char *tc_read_text(const char *path);
int tc_load_results(const char *dir, struct tc_column *cols,
                    struct tc_image *img, uint8_t **bufs, unsigned *nimages);

/* main.c: the command. */
int tls_check_main(int argc, char *argv[]);

#endif
