/*
 * start.c: from the target binding's boot code to solo5_app_main().
 *
 * Memory after start-up, guest-physical = virtual:
 *   [0, 1 MiB)             reserved: the boot path's tables, boot info,
 *                          command line, manifest copy; never touched here
 *   [1 MiB, kernel_end)    the image (text, rodata, data, bss), then
 *                          what the binding allocated for itself (virtio:
 *                          page tables, virtqueues, packet buffers)
 *   [page_up(kernel_end),  the main context's TLS block
 *    +solo5_tls_size())
 *   [heap_start, mem_size) the heap; the initial stack grows down from
 *                          mem_size, inside it
 */
#include "kernel.h"

extern const char _end[]; /* end of the image, from the linker script */

static struct solo5_start_info start_info;
static const struct rt_module *modules;
static size_t nmodules;

const char *rt_target_name(void)
{
    return plat_target_name;
}

size_t rt_boot_modules(const struct rt_module **list)
{
    if (list)
        *list = modules;
    return nmodules;
}

void rt_start(const struct rt_boot *boot)
{
    /* Nothing here may use a stack canary before ssp_init(). */
    cpu_init();
    ssp_init();
    clock_init(boot->tsc_freq, boot->pvclock);
    tls_boot();
    mft_init(boot->mft);
    modules = boot->modules;
    nmodules = boot->modules ? boot->nmodules : 0;

    uint64_t image_end = boot->kernel_end;
    if (image_end < (uintptr_t)_end)
        image_end = (uintptr_t)_end;
    uintptr_t tls = (uintptr_t)rt_align_up(image_end, RT_PAGE_SIZE);
    uintptr_t heap = (uintptr_t)rt_align_up(tls_setup_main(tls), RT_PAGE_SIZE);
    if (heap >= boot->mem_size) {
        rt_printf("start: no memory left after the image (0x%lx of 0x%lx)\n",
                  (unsigned long)heap, (unsigned long)boot->mem_size);
        rt_halt(SOLO5_EXIT_ABORT);
    }

    start_info.cmdline = boot->cmdline;
    start_info.heap_start = heap;
    start_info.heap_size = boot->mem_size - heap;
    solo5_exit(solo5_app_main(&start_info));
}
