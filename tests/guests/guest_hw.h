/*
 * guest_hw.h: for guest tests on the PC targets, port I/O and MSR
 * accesses, and mmio_map(): a device page (the
 * IOAPIC, the local APIC) made reachable in the runtime's identity map,
 * which covers RAM only: the page tables CR3 points to are walked (they
 * are identity-mapped RAM) and a missing level is filled in, uncached,
 * with U/S set at every level as kvm_pvm requires (../shared/PVM.md). A
 * 2 MiB or 1 GiB page already there is used as it is. Addresses below 4
 * GiB; the PML4 entry for them always exists.
 */
#ifndef TESTS_GUESTS_GUEST_HW_H
#define TESTS_GUESTS_GUEST_HW_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                         : "memory");
}

#define MMIO_PTE_P 0x001ULL
#define MMIO_PTE_W 0x002ULL
#define MMIO_PTE_U 0x004ULL
#define MMIO_PTE_PWT 0x008ULL
#define MMIO_PTE_PCD 0x010ULL
#define MMIO_PTE_PS 0x080ULL
#define MMIO_PTE_ADDR 0x000ffffffffff000ULL
#define MMIO_DEV                                                               \
    (MMIO_PTE_P | MMIO_PTE_W | MMIO_PTE_U | MMIO_PTE_PWT | MMIO_PTE_PCD)

static uint64_t mmio_spare[2][512] __attribute__((aligned(4096)));
static unsigned mmio_spares;

static inline uint64_t *mmio_next(uint64_t *e, uint64_t pa, unsigned shift)
{
    if (!(*e & MMIO_PTE_P)) {
        if (shift == 21) { /* a 2 MiB page for the device */
            *e = (pa & ~0x1fffffULL) | MMIO_DEV | MMIO_PTE_PS;
            return 0;
        }
        *e = (uint64_t)(uintptr_t)mmio_spare[mmio_spares++ & 1] | MMIO_PTE_P |
             MMIO_PTE_W | MMIO_PTE_U;
    }
    if (*e & MMIO_PTE_PS)
        return 0;
    return (uint64_t *)(uintptr_t)(*e & MMIO_PTE_ADDR);
}

/* The device page at pa (4 KiB aligned), as a pointer. */
static inline volatile uint32_t *mmio_map(uint64_t pa)
{
    uint64_t cr3;
    __asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
    uint64_t *t = (uint64_t *)(uintptr_t)(cr3 & MMIO_PTE_ADDR);
    t = mmio_next(&t[pa >> 39 & 511], pa, 39);
    if (t)
        t = mmio_next(&t[pa >> 30 & 511], pa, 30);
    if (t)
        t = mmio_next(&t[pa >> 21 & 511], pa, 21);
    if (t && !(t[pa >> 12 & 511] & MMIO_PTE_P))
        t[pa >> 12 & 511] = (pa & MMIO_PTE_ADDR) | MMIO_DEV;
    __asm__ __volatile__("invlpg (%0)" : : "r"((uintptr_t)pa) : "memory");
    return (volatile uint32_t *)(uintptr_t)pa;
}

#endif
