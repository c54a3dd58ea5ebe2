/*
 * test_aml.c: the AML writer of pc/host_aml.h byte for byte against the
 * ACPI specification's encodings: PkgLength at its size boundaries,
 * NameStrings, integers, EISA ids, nested objects, resource descriptors
 * with the end tag's checksum, and a full buffer that writes nothing
 * past its end.
 */
#include "pc/host_aml.h"
#include "unit.h"

#define assert_bytes(a, ...)                                                   \
    do {                                                                       \
        static const uint8_t want_[] = {__VA_ARGS__};                          \
        cr_assert(!(a)->full, "writer full");                                  \
        cr_assert_eq((a)->len, sizeof(want_), "length %zu, want %zu",          \
                     (a)->len, sizeof(want_));                                 \
        cr_assert(memcmp((a)->buf, want_, sizeof(want_)) == 0);                \
    } while (0)

Test(aml, pkglength_sizes)
{
    uint8_t e[4];
    cr_assert_eq(aml_pkglength(e, 0x3f), 1);
    cr_assert_eq(e[0], 0x3f);
    cr_assert_eq(aml_pkglength(e, 0x40), 2);
    cr_assert(e[0] == 0x40 && e[1] == 0x04);
    cr_assert_eq(aml_pkglength(e, 0xfff), 2);
    cr_assert(e[0] == 0x4f && e[1] == 0xff);
    cr_assert_eq(aml_pkglength(e, 0x1000), 3);
    cr_assert(e[0] == 0x80 && e[1] == 0x00 && e[2] == 0x01);
    cr_assert_eq(aml_pkglength(e, 0x12345), 3);
    cr_assert(e[0] == 0x85 && e[1] == 0x34 && e[2] == 0x12);
    cr_assert_eq(aml_pkglength(e, 0x100000), 4);
    cr_assert(e[0] == 0xc0 && e[1] == 0 && e[2] == 0 && e[3] == 0x01);
    cr_assert_eq(aml_pkglength(e, 0x10000000), 0, "past 28 bits");
}

/* A package whose body (NumElements and n Zero elements) is 1 + n bytes. */
static size_t package_of(uint8_t *buf, size_t cap, unsigned n)
{
    struct aml a;
    aml_init(&a, buf, cap);
    aml_open_package(&a, (uint8_t)n);
    for (unsigned i = 0; i < n; i++)
        aml_integer(&a, 0);
    aml_close(&a);
    cr_assert(!a.full);
    return a.len;
}

Test(aml, close_counts_its_own_length_bytes)
{
    uint8_t b[8192];
    cr_assert_eq(package_of(b, sizeof(b), 61), 1 + 1 + 62);
    cr_assert_eq(b[1], 63, "62 bytes of body + 1 length byte");
    cr_assert_eq(package_of(b, sizeof(b), 62), 1 + 2 + 63);
    cr_assert(b[1] == 0x41 && b[2] == 0x04, "63 + 2 = 65 = 0x41");
    cr_assert_eq(package_of(b, sizeof(b), 255), 1 + 2 + 256);
    cr_assert(b[1] == 0x42 && b[2] == 0x10);
}

Test(aml, namestrings)
{
    uint8_t b[64];
    struct aml a;
    aml_init(&a, b, sizeof(b));
    aml_namestring(&a, "_S5");
    assert_bytes(&a, '_', 'S', '5', '_');
    aml_init(&a, b, sizeof(b));
    aml_namestring(&a, "\\_SB.PCI0");
    assert_bytes(&a, '\\', 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0');
    aml_init(&a, b, sizeof(b));
    aml_namestring(&a, "\\A.B.C");
    assert_bytes(&a, '\\', 0x2f, 3, 'A', '_', '_', '_', 'B', '_', '_', '_', 'C',
                 '_', '_', '_');
    aml_init(&a, b, sizeof(b));
    aml_namestring(&a, "\\");
    assert_bytes(&a, '\\', 0);
    aml_init(&a, b, sizeof(b));
    aml_namestring(&a, "TOOLONG");
    cr_assert(a.full, "a NameSeg has four characters at most");
}

Test(aml, integers_and_eisaid)
{
    uint8_t b[64];
    struct aml a;
    aml_init(&a, b, sizeof(b));
    aml_integer(&a, 0);
    aml_integer(&a, 1);
    aml_integer(&a, 0xff);
    aml_integer(&a, 0x100);
    aml_integer(&a, 0x0001ffff);
    aml_integer(&a, 0x100000000ULL);
    assert_bytes(&a, 0x00, 0x01, 0x0a, 0xff, 0x0b, 0x00, 0x01, 0x0c, 0xff, 0xff,
                 0x01, 0x00, 0x0e, 0, 0, 0, 0, 1, 0, 0, 0);
    aml_init(&a, b, sizeof(b));
    aml_eisaid(&a, "PNP0A03");
    aml_eisaid(&a, "PNP0C0F");
    assert_bytes(&a, 0x0c, 0x41, 0xd0, 0x0a, 0x03, 0x0c, 0x41, 0xd0, 0x0c,
                 0x0f);
}

Test(aml, scope_device_method_name)
{
    uint8_t b[64];
    struct aml a;
    aml_init(&a, b, sizeof(b));
    aml_open_scope(&a, "\\_SB");
    aml_open_device(&a, "LNKA");
    aml_name_integer(&a, "_UID", 1);
    aml_open_method(&a, "_SRS", 1);
    aml_close(&a);
    aml_close(&a);
    aml_close(&a);
    cr_assert_eq(a.depth, 0);
    assert_bytes(&a, 0x10, 26, '\\', '_', 'S', 'B', '_', /* Scope */
                 0x5b, 0x82, 18, 'L', 'N', 'K', 'A',     /* Device */
                 0x08, '_', 'U', 'I', 'D', 0x01,         /* Name */
                 0x14, 6, '_', 'S', 'R', 'S', 0x01);     /* Method */
}

Test(aml, resource_template)
{
    uint8_t b[128];
    struct aml a;
    struct aml_res r = {.len = 0};
    aml_res_irq(&r, 10, AML_IRQ_EDGE | AML_IRQ_SHARED);
    aml_res_io(&r, 0xcf8, 0xcf8, 1, 8);
    aml_res_word(&r, AML_RES_IO, 0x0d00, 0xffff);
    aml_init(&a, b, sizeof(b));
    aml_resource_template(&a, &r);
    cr_assert(!a.full);
    static const uint8_t want[] = {
        0x11, 33,   0x0a, 30,                           /* Buffer(30) */
        0x23, 0x00, 0x04, 0x11,                         /* IRQ 10 */
        0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08, /* IO */
        0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03,             /* WordIO */
        0,    0,    0x00, 0x0d, 0xff, 0xff, 0,    0,    0x00, 0xf3, 0x79};
    cr_assert_eq(a.len, sizeof(want) + 1);
    cr_assert(memcmp(b, want, sizeof(want)) == 0);
    uint8_t s = 0;
    for (size_t i = 4; i < a.len; i++)
        s = (uint8_t)(s + b[i]);
    cr_assert_eq(s, 0, "the end tag's checksum makes the template sum to 0");
}

Test(aml, full_buffer_writes_nothing_past_it)
{
    uint8_t b[16];
    memset(b, 0xee, sizeof(b));
    struct aml a;
    aml_init(&a, b, 8);
    aml_open_package(&a, 4);
    for (unsigned i = 0; i < 8; i++)
        aml_integer(&a, 0x1234);
    aml_close(&a);
    cr_assert(a.full);
    for (unsigned i = 8; i < sizeof(b); i++)
        cr_assert_eq(b[i], 0xee, "byte %u written", i);
    aml_init(&a, b, sizeof(b));
    aml_close(&a);
    cr_assert(a.full, "closing what was never opened");
    aml_init(&a, b, sizeof(b));
    for (unsigned i = 0; i <= AML_MAX_DEPTH; i++)
        aml_open_package(&a, 0);
    cr_assert(a.full, "nesting past AML_MAX_DEPTH");
}
