/*
 * port_io.h: x86 port I/O for the guest tests that drive ports themselves
 * (unserved-io, pci-config): in and out of a byte, word and dword.
 */
#ifndef TESTS_GUESTS_PORT_IO_H
#define TESTS_GUESTS_PORT_IO_H

#include <stdint.h>

static inline void outb(uint16_t p, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static inline void outw(uint16_t p, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static inline void outl(uint16_t p, uint32_t v)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static inline uint8_t inb(uint16_t p)
{
    uint8_t v;
    __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(p) : "memory");
    return v;
}
static inline uint16_t inw(uint16_t p)
{
    uint16_t v;
    __asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(p) : "memory");
    return v;
}
static inline uint32_t inl(uint16_t p)
{
    uint32_t v;
    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(p) : "memory");
    return v;
}

#endif
