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
 *
 * On kvm_pvm (the "pagetable-based" KVM without VT-x/AMD-V) the guest runs
 * in hardware ring 3, and the host delivers exceptions and interrupts as
 * if from CPL 3 with no working stack switch: a gate to a DPL-0 segment, a
 * TSS RSP0 or an IST entry ends in #SS, #DF and a triple fault. There the
 * runtime itself runs on the DPL-3 segments GDT[7] (data) and GDT[8]
 * (64-bit code), entered with iretq, and every gate targets that code
 * segment with IST 0, so traps and interrupts land on the current stack.
 * Only kvm_pvm may see this: on any other host DPL 3 is really ring 3. The
 * runtime asks the host (rt_rdmsr_safe of the "PVM" MSR, a #GP elsewhere)
 * before it switches. It never loads SS with `mov` there: kvm_pvm would
 * drop the vCPU into its instruction emulator for good (vmm then sets
 * native mode again, at the cost of a VM exit; setting it from the guest,
 * an emulated wrmsr, was measured to cost 0.7 ms of the next native run).
 * The data segment registers keep their boot values: in 64-bit mode they
 * take no part in addressing, and each load would be an emulated
 * instruction (about 20 us). See ../shared/PVM.md and vmm/kvm_pvm.h.
 */
#include "kernel.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18
#define SEL_PVM_DATA (7 * 8 + 3) /* GDT[7], RPL 3 */
#define SEL_PVM_CODE (8 * 8 + 3) /* GDT[8], RPL 3 */
#define PVM_MSR_ID 0x4b564d11U   /* reads "PVM" on kvm_pvm */
#define PVM_ID 0x4d5650ULL

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

static uint64_t gdt[9] __attribute__((aligned(16)));
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

static bool on_pvm;

bool cpu_on_pvm(void)
{
    return on_pvm;
}

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
    gdt[5] = gdt[6] = 0;
    gdt[7] = 0x00cff2000000ffffULL; /* data: present, DPL 3, writable */
    gdt[8] = 0x00affa000000ffffULL; /* code: present, DPL 3, L=1 */

    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uintptr_t)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof tss; /* no I/O permission bitmap */

    struct table_ptr p = {sizeof gdt - 1, (uintptr_t)gdt};
    __asm__ __volatile__("lgdt %0\n\t"
                         "ltr %w1"
                         :
                         : "m"(p), "r"(SEL_TSS)
                         : "memory");
    if (on_pvm) {
        /*
         * To the DPL-3 segments: iretq loads CS and SS together. Its
         * RFLAGS keeps interrupts off, as they are at every boot entry
         * (kvm_pvm's pushfq always shows IF set).
         */
        __asm__ __volatile__("movq %%rsp, %%rax\n\t"
                             "pushq %0\n\t"
                             "pushq %%rax\n\t"
                             "pushfq\n\t"
                             "andq $~0x200, (%%rsp)\n\t"
                             "pushq %1\n\t"
                             "leaq 1f(%%rip), %%rax\n\t"
                             "pushq %%rax\n\t"
                             "iretq\n"
                             "1:"
                             :
                             : "i"(SEL_PVM_DATA), "i"(SEL_PVM_CODE)
                             : "rax", "memory", "cc");
        return;
    }
    __asm__ __volatile__("pushq %0\n\t"
                         "leaq 1f(%%rip), %%rax\n\t"
                         "pushq %%rax\n\t"
                         "lretq\n"
                         "1:\n\t"
                         "movl %1, %%eax\n\t"
                         "movw %%ax, %%ds\n\t"
                         "movw %%ax, %%es\n\t"
                         "movw %%ax, %%ss\n\t"
                         "movw %%ax, %%fs\n\t"
                         "movw %%ax, %%gs"
                         :
                         : "i"(SEL_CODE), "i"(SEL_DATA)
                         : "rax", "memory");
}

static void set_gate(unsigned v, uint64_t off, uint8_t ist)
{
    struct idt_gate *g = &idt[v];

    g->offset_lo = off & 0xffff;
    g->selector = on_pvm ? SEL_PVM_CODE : SEL_CODE;
    g->ist = on_pvm ? 0 : ist;
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

static void idt_fill(void)
{
    for (unsigned v = 0; v < 32; v++)
        set_gate(v, trap_stubs[v],
                 v == 8 ? IST_DF : v == 14 ? IST_PF
                 : v == 2 || v == 18 ? IST_NMI : 0);
}

/*
 * kvm_pvm answers its identification MSR; every other host (hardware KVM,
 * QEMU, Xen, a real CPU) raises #GP, which the trap path turns into a
 * false return of rt_rdmsr_safe. Needs the IDT.
 */
static bool pvm_detect(void)
{
    uint64_t id;

    return rt_rdmsr_safe(PVM_MSR_ID, &id) && id == PVM_ID;
}

void cpu_init(void)
{
    struct table_ptr p = {sizeof idt - 1, (uintptr_t)idt};

    /* The boot GDT's 0x08 is 64-bit code on every boot path. */
    idt_fill();
    __asm__ __volatile__("lidt %0" : : "m"(p) : "memory");
    on_pvm = pvm_detect();
    gdt_init();
    if (on_pvm)
        idt_fill(); /* the CPU reads gates from memory: no second lidt */
}
