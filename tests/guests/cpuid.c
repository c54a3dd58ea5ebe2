/*
 * cpuid: what the guest's CPUID says about the CPU: the vendor, the
 * highest extended leaf and the brand string (leaves 0x80000002..4),
 * which Linux shows as /proc/cpuinfo's "model name". A KVM passes the
 * host's brand through; a VMM that leaves it empty makes Linux fall back
 * to a family name ("AMD Hammer"). Then the hypervisor's signatures at
 * 0x40000000 and 0x40000100 (Xen's leaves sit at either; KVM's at the
 * first), which tell a PVH kernel whether it runs on Xen.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    uint32_t r[4];
    char vendor[13];
    cpuid(0, r);
    uint32_t words[3] = {r[1], r[3], r[2]}; /* ebx, edx, ecx */
    for (int i = 0; i < 12; i++)
        vendor[i] = (char)(words[i / 4] >> (8 * (i % 4)));
    vendor[12] = 0;
    rt_printf("cpuid: vendor: %s\n", vendor);
    cpuid(0x80000000, r);
    uint32_t max = r[0];
    rt_printf("cpuid: max extended leaf: 0x%x\n", (unsigned)max);
    char brand[49] = {0};
    if (max >= 0x80000004)
        for (uint32_t leaf = 0; leaf < 3; leaf++) {
            cpuid(0x80000002 + leaf, r);
            for (int i = 0; i < 16; i++)
                brand[leaf * 16 + (uint32_t)i] = (char)(r[i / 4] >> (8 * (i % 4)));
        }
    const char *b = brand;
    while (*b == ' ')
        b++;
    rt_printf("cpuid: brand: %s\n", b);
    for (uint32_t base = 0x40000000; base <= 0x40000100; base += 0x100) {
        char sig[13];
        cpuid(base, r);
        uint32_t s3[3] = {r[1], r[2], r[3]}; /* ebx, ecx, edx */
        for (int i = 0; i < 12; i++) {
            char c = (char)(s3[i / 4] >> (8 * (i % 4)));
            sig[i] = c >= 0x20 && c < 0x7f ? c : '.';
        }
        sig[12] = 0;
        rt_printf("cpuid: hypervisor 0x%x: %s\n", (unsigned)base, sig);
    }
    solo5_exit(0);
}
