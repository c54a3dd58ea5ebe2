/*
 * guest_boot.c: from the Multiboot entry to rt_start().
 *
 * boot/boot.S and guest-rt/pc/longmode.S bring the CPU to 64-bit mode on
 * bootstrap page tables and a boot stack in .bss, then call
 * multiboot_main() with the multiboot information's address. In order:
 * COM1 (so every later problem gets reported), the runtime's GDT and IDT
 * (so faults do), the multiboot information (copied out), the W^X page
 * tables, the TSC frequency (kvmclock, else the PIT), the PIC and the
 * devices. Memory after the image first holds what the runtime allocates;
 * rt_start() puts the TLS block and the heap after that, and the stack
 * starts at the top of the RAM region, as on hvt.
 */
#include "guest_mb_info.h"
#include "virtio/guest_devices.h"

#define CMDLINE_SIZE 8192

extern const char _end[];

const char plat_target_name[] = "virtio";

static char cmdline[CMDLINE_SIZE];
static struct rt_boot boot;

static void start(const void *arg) RT_NORETURN;
static void start(const void *arg)
{
    rt_start(arg);
}

void multiboot_main(uint32_t info) RT_NORETURN;
void multiboot_main(uint32_t info)
{
    struct mb_boot mb;
    const char *why;

    pc_serial_init();
    cpu_init();
    if (!mb_info_parse(info, &mb, cmdline, sizeof cmdline, &why)) {
        rt_printf("boot: %s\n", why);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    uintptr_t image_end = (uintptr_t)rt_align_up((uintptr_t)_end, RT_PAGE_SIZE);
    if (mb.mem_end <= image_end) {
        rt_printf("boot: RAM at 1 MiB ends at 0x%lx, before the image does "
                  "(0x%lx)\n",
                  (unsigned long)mb.mem_end, (unsigned long)image_end);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    pc_alloc_init(image_end, mb.mem_end);
    pc_paging_init(mb.mem_end);

    uint64_t tsc_freq = pc_kvmclock_tsc_freq();
    if (tsc_freq == 0)
        tsc_freq = pc_pit_tsc_freq();
    pc_pic_init();

    boot.mft = pc_devices_init("virtio", "", true);
    boot.mem_size = mb.mem_end;
    boot.kernel_end = pc_alloc_end();
    boot.tsc_freq = tsc_freq;
    boot.cmdline = cmdline;
    pc_run_on_stack(mb.mem_end, start, &boot);
}
