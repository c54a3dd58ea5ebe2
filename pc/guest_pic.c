/*
 * guest_pic.c: the 8259 PIC pair, remapped to vectors 32..47.
 *
 * Every line starts masked except the cascade (IRQ2). The entry stubs in
 * irq.S mask the line that fired, note it in pc_irq_pending and send the
 * EOI, so a level-triggered line (a PCI INTx) cannot re-fire before its
 * device was acknowledged; the driver acknowledges in normal context and
 * unmasks with pc_irq_unmask(). Interrupts are only ever enabled inside
 * pc_idle(), so nothing else is interrupted. The mask registers are never
 * read back: pc_pic_mask holds what they contain.
 */
#include "guest_pc.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11 /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define CASCADE_IRQ 2

extern const uint64_t irq_stubs[16];   /* irq.S */
uint8_t pc_pic_mask[2] = {0xff, 0xff}; /* master, slave; used by irq.S */
volatile uint16_t pc_irq_pending;      /* set by irq.S */

void pc_pic_init(void)
{
    pc_pic_mask[0] = (uint8_t) ~(1U << CASCADE_IRQ);
    pc_pic_mask[1] = 0xff;
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, PC_IRQ_VECTOR); /* ICW2: vector base */
    outb(PIC2_DATA, PC_IRQ_VECTOR + 8);
    outb(PIC1_DATA, 1U << CASCADE_IRQ); /* ICW3: slave on IRQ2 */
    outb(PIC2_DATA, CASCADE_IRQ);       /* ICW3: slave identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_DATA, pc_pic_mask[0]);
    outb(PIC2_DATA, pc_pic_mask[1]);
    for (unsigned i = 0; i < 16; i++)
        cpu_irq_gate(PC_IRQ_VECTOR + i, irq_stubs[i]);
}

void pc_irq_unmask(unsigned irq)
{
    unsigned chip = irq >> 3 & 1;
    uint8_t m = (uint8_t)(pc_pic_mask[chip] & ~(1U << (irq & 7)));

    if (m == pc_pic_mask[chip])
        return;
    pc_pic_mask[chip] = m;
    outb(chip ? PIC2_DATA : PIC1_DATA, m);
}

uint16_t pc_irq_take(void)
{
    return __atomic_exchange_n(&pc_irq_pending, 0, __ATOMIC_SEQ_CST);
}

void pc_idle(void)
{
    /* sti's one-instruction shadow: a pending IRQ wakes the hlt. */
    __asm__ __volatile__("sti; hlt; cli" : : : "memory");
}
