/*
 * pc-test.h: what the PC tests that take over an interrupt share (for
 * pit-solo5 and uart, included by each): port I/O, usable from a handler
 * built for general registers only, and an IDT gate of their own.
 */
#ifndef TESTS_GUESTS_PC_TEST_H
#define TESTS_GUESTS_PC_TEST_H

#include <stdint.h>

#define PC_TEST_GR __attribute__((target("general-regs-only")))
#define PC_TEST_TEMPLATE_VECTOR 6 /* #UD: IST 0, the runtime's selector */

PC_TEST_GR static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

PC_TEST_GR static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

struct __attribute__((packed)) pc_test_idtr {
    uint16_t limit;
    uint64_t base;
};

/* vector becomes a copy of the runtime's #UD gate aimed at entry: the
 * selector, IST, type and DPL that work on every host (kvm_pvm too). */
static inline void pc_test_set_gate(unsigned vector, const void *entry)
{
    struct pc_test_idtr r;
    __asm__ __volatile__("sidt %0" : "=m"(r));
    uint64_t *idt = (uint64_t *)r.base;
    uint64_t lo = idt[2 * PC_TEST_TEMPLATE_VECTOR], h = (uint64_t)entry;
    lo &= 0x0000ffffffff0000ULL; /* selector, IST, type, DPL, present */
    lo |= (h & 0xffff) | (h >> 16 & 0xffff) << 48;
    idt[2 * vector] = lo;
    idt[2 * vector + 1] = h >> 32;
}

#endif
