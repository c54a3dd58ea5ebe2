/*
 * cpu.c: the runtime's own GDT (64-bit code, flat data, a TSS) and IDT.
 *
 * Whatever descriptor tables the boot path left behind (vmm's GDT lives in
 * reserved low memory) are replaced first thing. The TSS exists only for its
 * interrupt stack table: double faults, page faults and NMI/#MC run on
 * stacks of their own, so a fault caused by a blown stack still gets
 * reported. All 32 exception vectors go to traps.S; vectors 32..63 are
 * free for a binding's interrupt stubs (cpu_irq_gate()), not present until
 * set.
 */
#include "kernel.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18

/* Interrupt stack table slots (1-based, as in the IDT gate). */
#define IST_DF 1
#define IST_PF 2
#define IST_NMI 3
#define IST_STACK_SIZE 8192
#define IDT_VECTORS 64

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS layout");

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

struct table_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static uint64_t gdt[5] __attribute__((aligned(16)));
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

static void gdt_init(void)
{
    uint64_t base = (uintptr_t)&tss, limit = sizeof tss - 1;

    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffULL; /* code: present, DPL 0, L=1 */
    gdt[2] = 0x00cf92000000ffffULL; /* data: present, writable, flat */
    /* 16-byte available 64-bit TSS descriptor (type 9, present). */
    gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
             ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
    gdt[4] = base >> 32;

    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uintptr_t)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof tss; /* no I/O permission bitmap */

    struct table_ptr p = {sizeof gdt - 1, (uintptr_t)gdt};
    __asm__ __volatile__("lgdt %0\n\t"
                         "pushq %1\n\t"
                         "leaq 1f(%%rip), %%rax\n\t"
                         "pushq %%rax\n\t"
                         "lretq\n"
                         "1:\n\t"
                         "movl %2, %%eax\n\t"
                         "movw %%ax, %%ds\n\t"
                         "movw %%ax, %%es\n\t"
                         "movw %%ax, %%ss\n\t"
                         "movw %%ax, %%fs\n\t"
                         "movw %%ax, %%gs\n\t"
                         "ltr %w3"
                         :
                         : "m"(p), "i"(SEL_CODE), "i"(SEL_DATA), "r"(SEL_TSS)
                         : "rax", "memory");
}

static void set_gate(unsigned v, uint64_t off, uint8_t ist)
{
    struct idt_gate *g = &idt[v];

    g->offset_lo = off & 0xffff;
    g->selector = SEL_CODE;
    g->ist = ist;
    g->type_attr = 0x8e; /* present, DPL 0, 64-bit interrupt gate */
    g->offset_mid = off >> 16 & 0xffff;
    g->offset_hi = off >> 32;
    g->reserved = 0;
}

void cpu_irq_gate(unsigned vector, uint64_t handler)
{
    if (vector >= 32 && vector < IDT_VECTORS)
        set_gate(vector, handler, 0);
}

static void idt_init(void)
{
    for (unsigned v = 0; v < 32; v++)
        set_gate(v, trap_stubs[v],
                 v == 8 ? IST_DF : v == 14 ? IST_PF
                 : v == 2 || v == 18 ? IST_NMI : 0);
    struct table_ptr p = {sizeof idt - 1, (uintptr_t)idt};
    __asm__ __volatile__("lidt %0" : : "m"(p) : "memory");
}

void cpu_init(void)
{
    gdt_init();
    idt_init();
}
