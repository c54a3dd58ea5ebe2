/*
 * tls.c: thread-local storage, x86_64 ELF TLS variant II (local-exec).
 *
 * A block allocated by the application (any alignment) holds, from the
 * aligned thread pointer tp downwards and upwards:
 *
 *   [slack][tdata copy | tbss zeros, round_up(p_memsz, p_align) bytes][TCB]
 *                                                                     ^ tp
 *
 * tp is aligned to p_align (at least to 8, for the TCB word), and the image
 * starts at tp - round_up(p_memsz, p_align): that is where ld's local-exec
 * offsets (%fs:-N) expect it. The TCB is one word holding tp itself, so
 * `mov %fs:0, %reg` yields tp. The slack in front absorbs the alignment.
 *
 * The image and its alignment come from symbols the target's linker script
 * defines around .tdata/.tbss (_tls_start, _tdata_end, _tls_end,
 * _tls_align = max(ALIGNOF(.tdata), ALIGNOF(.tbss)) = p_align).
 */
#include "kernel.h"

#define TCB_SIZE sizeof(uintptr_t)
#define MSR_FS_BASE 0xc0000100U

extern const char _tls_start[], _tdata_end[], _tls_end[], _tls_align[];

static bool use_wrfsbase;

static size_t p_filesz(void)
{
    return (size_t)((uintptr_t)_tdata_end - (uintptr_t)_tls_start);
}

static size_t p_memsz(void)
{
    return (size_t)((uintptr_t)_tls_end - (uintptr_t)_tls_start);
}

static uint64_t p_align(void)
{
    uint64_t a = (uintptr_t)_tls_align;

    return a ? a : 1;
}

/* round_up(p_memsz, p_align): distance from the image start to tp. */
static uint64_t image_span(void)
{
    return rt_align_up(p_memsz(), p_align());
}

/*
 * tp's alignment: p_align, and at least 8 for the TCB word. A test-only
 * build with -DRT_TLS_TEST_TP_ALIGN=N aligns tp to N instead, ignoring
 * p_align: the broken runtime `make tls-check-selftest` links into the
 * conformance guest to see `vmm tls-check` fail.
 */
static uint64_t tp_align(void)
{
#ifdef RT_TLS_TEST_TP_ALIGN
    uint64_t a = RT_TLS_TEST_TP_ALIGN;
#else
    uint64_t a = p_align();
#endif
    return a > TCB_SIZE ? a : TCB_SIZE;
}

void rt_tls_layout(struct rt_tls_layout *out)
{
    out->filesz = p_filesz();
    out->memsz = p_memsz();
    out->align = (size_t)p_align();
}

size_t solo5_tls_size(void)
{
    return (size_t)(tp_align() - 1 + image_span() + TCB_SIZE);
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
    return (uintptr_t)rt_align_up(tls + image_span(), tp_align());
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
    if (tls == 0)
        return SOLO5_R_EINVAL;

    uintptr_t tp = solo5_tls_tp_offset(tls);
    char *image = (char *)(tp - image_span());
    size_t filesz = p_filesz();

    memcpy(image, _tls_start, filesz);
    memset(image + filesz, 0, (size_t)image_span() - filesz);
    *(uintptr_t *)tp = tp;
    return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
    /* Canonical with 48-bit virtual addresses: bits 63..47 all equal. */
    if ((uintptr_t)((intptr_t)(base << 16) >> 16) != base)
        return SOLO5_R_EINVAL;
    if (use_wrfsbase) {
        __asm__ __volatile__("wrfsbase %0" : : "r"(base) : "memory");
    } else {
        __asm__ __volatile__("wrmsr"
                             :
                             : "c"(MSR_FS_BASE), "a"((uint32_t)base),
                               "d"((uint32_t)(base >> 32))
                             : "memory");
    }
    return SOLO5_R_OK;
}

const char *rt_tls_fsbase_method(void)
{
    return use_wrfsbase ? "wrfsbase" : "wrmsr";
}

/*
 * wrfsbase where it works (CPUID offers FSGSBASE and the boot path set
 * CR4.FSGSBASE; on kvm_pvm it runs natively whatever the guest's CR4
 * says), else wrmsr: decided by trying it once (a #UD means no). FS base
 * is still 0 here. Asking CPUID and CR4 instead would cost three emulated
 * instructions on kvm_pvm and two VM exits on a hardware KVM.
 */
void tls_boot(void)
{
    use_wrfsbase = rt_wrfsbase_safe(0);
}

uintptr_t tls_setup_main(uintptr_t at)
{
    (void)solo5_tls_init(at);
    (void)solo5_set_tls_base(solo5_tls_tp_offset(at));
    return at + solo5_tls_size();
}
