/*
 * guest_kvmclock.c: KVM's paravirtual clock, used here for one thing: the TSC
 * frequency, exactly as the host scales it, without a calibration delay.
 *
 * Offered when CPUID leaf 0x40000000 carries the "KVMKVMKVM" signature and
 * leaf 0x40000001 EAX has KVM_FEATURE_CLOCKSOURCE2 (MSR 0x4b564d01) or the
 * older KVM_FEATURE_CLOCKSOURCE (MSR 0x12). Writing the physical address of
 * a pvclock area (struct rt_pvclock) | 1 to the MSR makes the host fill it in; ns =
 * ((tsc << shift) * mul) >> 32 (shift may be negative), so the frequency is
 * 10^9 * 2^32 / (mul * 2^shift).
 */
#include "guest_pc.h"

#define KVM_CPUID_SIGNATURE 0x40000000U
#define KVM_CPUID_FEATURES 0x40000001U
#define KVM_FEATURE_CLOCKSOURCE (1U << 0)
#define KVM_FEATURE_CLOCKSOURCE2 (1U << 3)
#define MSR_KVM_SYSTEM_TIME 0x12U
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01U
#define NSEC_PER_SEC 1000000000ULL

/* KVM's pvclock_vcpu_time_info: the runtime's struct rt_pvclock. */
static volatile struct rt_pvclock pvclock
    __attribute__((aligned(64)));

static uint32_t kvm_msr(void)
{
    uint32_t r[4];

    rt_cpuid(KVM_CPUID_SIGNATURE, 0, r);
    /* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX. */
    if (r[1] != 0x4b4d564b || r[2] != 0x564b4d56 || r[3] != 0x4d ||
        r[0] < KVM_CPUID_FEATURES)
        return 0;
    rt_cpuid(KVM_CPUID_FEATURES, 0, r);
    if (r[0] & KVM_FEATURE_CLOCKSOURCE2)
        return MSR_KVM_SYSTEM_TIME_NEW;
    if (r[0] & KVM_FEATURE_CLOCKSOURCE)
        return MSR_KVM_SYSTEM_TIME;
    return 0;
}

uint64_t pc_kvmclock_tsc_freq(void)
{
    uint32_t msr = kvm_msr();
    uint64_t pa = (uintptr_t)&pvclock | 1;
    uint32_t version = 0, mul = 0;
    int8_t shift = 0;

    if (msr == 0)
        return 0;
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(msr), "a"((uint32_t)pa),
                           "d"((uint32_t)(pa >> 32))
                         : "memory");
    for (unsigned tries = 0; tries < 1000000; tries++) {
        version = pvclock.version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        mul = pvclock.tsc_to_system_mul;
        shift = pvclock.tsc_shift;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (!(version & 1) && version == pvclock.version)
            break;
    }
    if (version == 0 || (version & 1) || mul == 0 || shift < -32 ||
        shift > 32) {
        /* Not filled in: switch it off again and calibrate instead. */
        __asm__ __volatile__("wrmsr" : : "c"(msr), "a"(0), "d"(0));
        return 0;
    }

    unsigned __int128 num = (unsigned __int128)NSEC_PER_SEC << 32;
    unsigned __int128 den = mul;
    if (shift >= 0)
        den <<= shift;
    else
        num <<= -shift;
    return (uint64_t)(num / den);
}
