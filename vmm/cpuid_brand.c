/* cpuid_brand.c: the host's brand string in the vCPU's CPUID table. */
#include "cpuid_brand.h"

#include <cpuid.h>
#include <string.h>

#include "kvm.h"

void cpuid_host_brand(uint32_t brand[3][4])
{
    memset(brand, 0, 3 * sizeof(brand[0]));
    /* gcc's cpuid.h returns it unsigned, clang's int */
    if ((unsigned)__get_cpuid_max(0x80000000, NULL) < 0x80000004)
        return;
    for (unsigned i = 0; i < 3; i++)
        __cpuid(0x80000002 + i, brand[i][0], brand[i][1], brand[i][2],
                brand[i][3]);
}

int cpuid_fill_brand(struct kvm_vm *vm, const uint32_t brand[3][4])
{
    struct kvm_cpuid_entry2 *e[3];
    for (unsigned i = 0; i < 3; i++) {
        e[i] = kvm_cpuid_entry(vm, 0x80000002 + i, 0);
        if (!e[i] || e[i]->eax || e[i]->ebx || e[i]->ecx || e[i]->edx)
            return 0;
    }
    for (unsigned i = 0; i < 3; i++) {
        e[i]->eax = brand[i][0];
        e[i]->ebx = brand[i][1];
        e[i]->ecx = brand[i][2];
        e[i]->edx = brand[i][3];
    }
    return 1;
}
