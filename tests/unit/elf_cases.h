/*
 * elf_cases.h: malformed (and a few valid) images, one builder each, with
 * the function that must refuse them and words its message must contain.
 * test_elf_refuse.c checks them in memory; gen_corpus writes them to
 * tests/unit/corpus/ (seeds for fuzzing) and test_elf_corpus.c checks that
 * the files there still match and are still refused.
 */
#ifndef TESTS_UNIT_ELF_CASES_H
#define TESTS_UNIT_ELF_CASES_H

#include "elf_builder.h"

enum case_kind {
    CASE_OK,      /* hvt_elf_parse, solo5_abi_read and solo5_mft_read accept */
    CASE_ELF,     /* hvt_elf_parse refuses */
    CASE_ABI,     /* solo5_abi_read refuses (hvt_elf_parse may accept) */
    CASE_MFT,     /* solo5_mft_read refuses (hvt_elf_parse may accept) */
};

struct elf_case {
    const char *name; /* also the corpus file name */
    enum case_kind kind;
    void (*make)(struct eb *b);
    const char *expect[4]; /* substrings of the error message */
};

extern struct elf_case elf_cases[];
extern const size_t elf_ncases;

/* Run the case's function on buf; 0 accepted, -1 refused (err filled). */
int elf_case_check(const struct elf_case *c, const uint8_t *buf, size_t len,
                   char *err, size_t errlen);

#endif
