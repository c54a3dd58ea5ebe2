/*
 * guest_pc.h: the PC hardware guest-rt drives on the targets that boot like
 * a PC (virtio, and xen-pvh where no Xen is found): port I/O, the
 * 32-to-64-bit switch, page tables, COM1, the 8259 PIC pair, the 8254 PIT,
 * the CMOS RTC, kvmclock, PCI configuration space and ACPI power-off. Not
 * installed.
 *
 * Boot order (see guest-rt/virtio/boot.c): the 32-bit entry jumps to
 * pc_long_mode(), whose 64-bit entry function parses its boot protocol,
 * calls pc_alloc_init() and pc_paging_init(), sets up clocks, the PIC and
 * devices, then moves to the final stack with pc_run_on_stack().
 */
#ifndef GUEST_RT_PC_H
#define GUEST_RT_PC_H

#include "guest-rt/kernel.h"

/* Port I/O. */
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
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
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

/* longmode.S: the bootstrap page tables (4 GiB identity, 2 MiB pages). */
extern uint64_t pc_boot_cr3; /* longmode.S's tables (PML4 address) */
/* Call fn(arg) on a fresh stack ending at sp; never returns. */
void pc_run_on_stack(uintptr_t sp, void (*fn)(const void *),
                     const void *arg) RT_NORETURN;

/* alloc.c: zeroed, aligned memory from [start, end), for the runtime only. */
void pc_alloc_init(uintptr_t start, uintptr_t end);
void *pc_alloc(size_t size, size_t align);
uintptr_t pc_alloc_end(void); /* first byte not handed out */

/*
 * paging.c: the final identity map of [0, mem_end) with the image's W^X;
 * pc_mem_end is that mem_end (the RAM devices may use). pc_paging_map()
 * adds pages outside it (MMIO, host-provided pages), read+write and
 * no-execute, uncached if asked; addresses below 4 GiB, page-aligned.
 */
extern uint64_t pc_mem_end;
void pc_paging_init(uint64_t mem_end);
void pc_paging_map(uint64_t addr, uint64_t size, bool uncached);
/* Back to the bootstrap tables (all of the low 4 GiB), for the exit path. */
void pc_paging_use_boot_tables(void);

/* serial.c: COM1. */
void pc_serial_init(void);
void pc_serial_write(const char *buf, size_t size);

/* pic.c and irq.S: 8259 pair at vectors 32..47; IRQs latch in a pending set. */
#define PC_IRQ_VECTOR 32
void pc_pic_init(void);
void pc_irq_unmask(unsigned irq);
uint16_t pc_irq_take(void); /* the IRQs seen since the last call */
void pc_idle(void);         /* sti; hlt; cli: wait for one interrupt */

/* pit.c: the 8254. */
#define PC_PIT_HZ 1193182ULL
uint64_t pc_pit_tsc_freq(void);      /* calibrate the TSC, Hz */
void pc_pit_oneshot(uint64_t nsecs); /* IRQ0 once after (capped) nsecs */

/* kvmclock.c: the TSC frequency from KVM's pvclock, 0 if not offered. */
uint64_t pc_kvmclock_tsc_freq(void);

/* rtc.c: CMOS wall clock, ns since the epoch. */
uint64_t pc_rtc_nsecs(void);

/* pci.c: configuration mechanism #1, read-only. */
struct pci_func {
    uint8_t bus, dev, fn;
    uint16_t vendor, device, subsys_id;
    uint32_t bar0;
    uint8_t irq_line;
};
uint32_t pci_cfg_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off);
/* Call (visit) for every function on every reachable bus, in bus order. */
void pci_scan(void (*visit)(const struct pci_func *f, void *ctx), void *ctx);

/* acpi.c: try an ACPI S5 power-off; returns if that did not work. */
void pc_acpi_poweroff(void);

#endif /* GUEST_RT_PC_H */
