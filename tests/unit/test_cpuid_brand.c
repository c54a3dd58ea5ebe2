/*
 * test_cpuid_brand.c: the host's brand string goes into the vCPU's CPUID
 * table where KVM left 0x80000002..4 zero, and nowhere else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vmm/cpuid_brand.h"
#include "vmm/kvm.h"

/* A table holding leaves first..last (index 0), each (leaf, leaf, 0, 0)
 * or all zero when zero is set. */
static struct kvm_cpuid2 *table(uint32_t first, uint32_t last, int zero)
{
    uint32_t n = last - first + 1;
    struct kvm_cpuid2 *c =
        calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
    cr_assert(c);
    c->nent = n;
    for (uint32_t i = 0; i < n; i++) {
        c->entries[i].function = first + i;
        if (!zero)
            c->entries[i].eax = c->entries[i].ebx = first + i;
    }
    return c;
}

#define NAME "AMD EPYC 9472 16-Core Processor"

/* The three leaves' registers as a CPU returns them for NAME. */
static uint32_t brand[3][4];
static void pack(void)
{
    char s[48] = {0};
    memcpy(s, NAME, sizeof(NAME) - 1);
    memcpy(brand, s, sizeof(s));
}

/* cpuid_fill_brand with NAME on a VM whose CPUID table is c. */
static int fill(struct kvm_cpuid2 *c)
{
    struct kvm_vm vm = {.cpuid = c};
    pack();
    return cpuid_fill_brand(&vm, (const uint32_t(*)[4])brand);
}

/* The string the table's 0x80000002..4 entries at e spell. */
static void spell(const struct kvm_cpuid_entry2 *e, char out[49])
{
    for (unsigned i = 0; i < 3; i++) {
        const uint32_t r[4] = {e[i].eax, e[i].ebx, e[i].ecx, e[i].edx};
        memcpy(out + 16 * i, r, 16);
    }
    out[48] = 0;
}

Test(cpuid_brand, zero_leaves_get_the_hosts_brand)
{
    struct kvm_cpuid2 *c = table(0x80000000, 0x80000008, 1);
    c->entries[0].eax = 0x80000008;
    cr_assert_eq(fill(c), 1);
    char s[49];
    spell(&c->entries[2], s);
    cr_assert_str_eq(s, NAME);
    /* the leaves around them stay as they were */
    cr_assert_eq(c->entries[0].eax, 0x80000008);
    cr_assert_eq(c->entries[5].eax, 0);
    free(c);
}

Test(cpuid_brand, a_brand_kvm_gave_is_kept)
{
    struct kvm_cpuid2 *c = table(0x80000002, 0x80000004, 0);
    cr_assert_eq(fill(c), 0);
    cr_assert_eq(c->entries[0].eax, 0x80000002);
    cr_assert_eq(c->entries[2].ebx, 0x80000004);
    free(c);
}

Test(cpuid_brand, no_leaves_no_brand)
{
    struct kvm_cpuid2 *c = table(0x80000000, 0x80000001, 1);
    cr_assert_eq(fill(c), 0);
    cr_assert_eq(c->nent, 2);
    free(c);
}

Test(cpuid_brand, the_host_brand_matches_the_cpu)
{
    uint32_t b[3][4];
    cpuid_host_brand(b);
    /* The host this runs on: read it the other way, through /proc. */
    FILE *f = fopen("/proc/cpuinfo", "r");
    cr_assert(f, "cannot open /proc/cpuinfo");
    char line[256], want[128] = "";
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "model name", 10) == 0) {
            char *v = strchr(line, ':');
            if (v) {
                v += 2;
                v[strcspn(v, "\n")] = 0;
                strncpy(want, v, sizeof(want) - 1);
            }
            break;
        }
    fclose(f);
    char s[49] = {0};
    memcpy(s, b, 48);
    cr_assert(want[0], "no model name in /proc/cpuinfo");
    const char *got = s;
    while (*got == ' ')
        got++;
    cr_assert_str_eq(got, want);
}
