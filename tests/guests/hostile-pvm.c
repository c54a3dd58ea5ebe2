/*
 * hostile-pvm: a guest that breaks the rules kvm_pvm needs to run it
 * natively (vmm/kvm_pvm.h), one way per argument, then uses SSE:
 *   even-cr3  loads a copy of its top-level page table from an even page
 *   no-user   loads a copy (odd page) whose entry for low memory lacks U/S
 *   mov-ss    loads SS with `mov` (guest-rt's data segment, 0x10) 1000
 *             times, each followed by SSE
 * Every other host runs all three and prints "survived" (status 0). On
 * kvm_pvm vmm must stop it with status 252 and say why: the emulator
 * failed on an even CR3, the host shut the vCPU down on a mapping without
 * U/S, and a vCPU that setting native mode again does not take out of
 * the emulator (measured: after this emulated `mov ss` on the runtime's
 * DPL-3 segments; a guest on DPL-0 ones goes back to native mode each
 * time, and vmm's limit of re-arms is unit-tested).
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define PTE_U 0x4ULL

static uint64_t copies[2][512] __attribute__((aligned(4096)));

static uint64_t read_cr3(void)
{
    uint64_t cr3;

    __asm__ __volatile__("movq %%cr3, %0" : "=r"(cr3));
    return cr3;
}

/* A copy of the current PML4 on an even (odd = 0) or odd page. */
static uint64_t *pml4_copy(int odd)
{
    const uint64_t *cur = (const uint64_t *)(uintptr_t)(read_cr3() & ~0xfffULL);
    uint64_t *c = ((uintptr_t)copies[0] & 0x1000) == (odd ? 0x1000U : 0)
                      ? copies[0]
                      : copies[1];

    for (int i = 0; i < 512; i++)
        c[i] = cur[i];
    return c;
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void use_sse(void)
{
    static volatile uint64_t sink[2] __attribute__((aligned(16)));

    __asm__ __volatile__("pxor %%xmm0, %%xmm0\n\t"
                         "movdqa %%xmm0, %0"
                         : "=m"(sink)
                         :
                         : "xmm0", "memory");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *mode = si->cmdline;

    /* virtio's command line starts with the kernel's name. */
    for (const char *p = si->cmdline; *p; p++)
        if (*p == ' ')
            mode = p + 1;
    rt_printf("hostile-pvm: %s\n", mode);
    if (same(mode, "even-cr3")) {
        uint64_t *c = pml4_copy(0);
        __asm__ __volatile__("movq %0, %%cr3" : : "r"(c) : "memory");
        use_sse();
    } else if (same(mode, "no-user")) {
        uint64_t *c = pml4_copy(1);
        c[0] &= ~PTE_U;
        __asm__ __volatile__("movq %0, %%cr3" : : "r"(c) : "memory");
        use_sse();
    } else if (same(mode, "mov-ss")) {
        uint16_t ss = 0x10;

        for (int i = 0; i < 1000; i++) {
            __asm__ __volatile__("movw %0, %%ss" : : "r"(ss) : "memory");
            use_sse();
        }
    } else {
        rt_printf("hostile-pvm: unknown mode\n");
        return 1;
    }
    rt_printf("hostile-pvm: survived\n");
    return 0;
}
