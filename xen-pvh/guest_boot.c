/*
 * guest_boot.c: from the PVH entry to rt_start().
 *
 * xen-pvh/guest_pvh.S and guest-rt/pc/longmode.S bring the CPU to 64-bit
 * mode on bootstrap page tables and a boot stack in .bss, then call
 * pvh_main() with the hvm_start_info's address. In order: the runtime's
 * GDT and IDT; Xen, if CPUID shows it (its hypercall page; console_io is
 * the console from then on), else COM1; the start info (copied out); the
 * memory map (from the start info, else XENMEM_memory_map); the W^X page
 * tables; the devices of the manifest (virtio-PCI, the same on every
 * host). Then, on Xen: the shared info page, event channels, the upcall
 * and the console ring, with the monotonic clock read from the shared info
 * page; without Xen, as the virtio binding: the TSC frequency (kvmclock,
 * else the PIT) and the PIC. Runtime allocations start after the image, the
 * stack at the top of the RAM region, both clear of any boot module.
 */
#include "guest_start_info.h"
#include "guest_platform.h"

#define CMDLINE_SIZE 8192
#define E820_MAX 64
#define E820_ENTRY_SIZE 20
#define NO_FRONTENDS                                                           \
    " (guest-rt drives only virtio-PCI devices; Xen's "                        \
    "netfront/blkfront are not supported)"

extern const char _stext[], _end[];

const char plat_target_name[] = "xen-pvh";
bool xen_pvh_on_xen;
bool xen_pvh_pci_devices;
struct xen_cpuid xen_pvh_cpuid;

static char cmdline[CMDLINE_SIZE];
static struct pvh_boot pvh;
static uint8_t e820[E820_MAX * E820_ENTRY_SIZE];
static struct rt_boot boot;

static void fail(const char *what) RT_NORETURN;
static void fail(const char *what)
{
    rt_printf("boot: %s\n", what);
    rt_halt(SOLO5_EXIT_ABORT);
}

static void find_xen(void)
{
    const char *why;

    if (!xen_detect(&xen_pvh_cpuid)) {
        pc_serial_init();
        return;
    }
    if (!xen_hypercall_init(&xen_pvh_cpuid, &why)) {
        pc_serial_init();
        rt_printf("xen-pvh: %s; going on without Xen\n", why);
        return;
    }
    xen_pvh_on_xen = true;
}

static uint64_t ram_end(void)
{
    uint64_t end = pvh.mem_end;

    if (!pvh.have_memmap && xen_pvh_on_xen) {
        long n = xen_memory_map(e820, E820_MAX);
        if (n > 0)
            end = pvh_ram_end(e820, (size_t)n, E820_ENTRY_SIZE);
    }
    if (end == 0)
        fail(pvh.have_memmap || xen_pvh_on_xen
                 ? "no available memory at 1 MiB in the memory map"
                 : "hvm_start_info has no memory map (version 0) and no "
                   "Xen to ask");
    return end;
}

/*
 * Keep boot modules out of [*start, *end), the RAM the runtime allocates
 * from and gives to the heap: a module in it moves *start past it when it
 * lies nearer the start (vmm puts modules right after the image), else
 * pulls *end down to it (QEMU puts an initrd at the top of RAM).
 */
static void clear_modules(uint64_t *start, uint64_t *end)
{
    uint64_t image = (uintptr_t)_stext;

    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < pvh.nmodules; i++) {
            uint64_t lo = rt_align_down(pvh.modules[i].addr, RT_PAGE_SIZE);
            uint64_t hi = pvh.modules[i].addr + pvh.modules[i].size;

            if (hi < lo || (lo < (uintptr_t)_end && hi > image))
                fail("a boot module overlaps the image");
            if (hi <= *start || lo >= *end)
                continue;
            if (lo - *start < *end - hi || lo < *start)
                *start = rt_align_up(hi, RT_PAGE_SIZE);
            else
                *end = lo;
            moved = true;
        }
    }
    if (*start >= *end)
        fail("no RAM left after the image and its boot modules");
}

static void start(const void *arg) RT_NORETURN;
static void start(const void *arg)
{
    rt_start(arg);
}

void pvh_main(uint32_t info) RT_NORETURN;
void pvh_main(uint32_t info)
{
    const char *why;

    cpu_init();
    find_xen();
    if (!pvh_info_parse(info, &pvh, cmdline, sizeof cmdline, &why))
        fail(why);
    /* All RAM is mapped (modules too); the runtime uses what they leave. */
    uint64_t ram = ram_end();
    uint64_t mem_start = rt_align_up((uintptr_t)_end, RT_PAGE_SIZE);
    uint64_t mem_end = ram;
    clear_modules(&mem_start, &mem_end);
    pc_alloc_init(mem_start, mem_end);
    pc_paging_init(ram);

    if (xen_pvh_on_xen) {
        /* The devices are polled: the upcall owns the interrupts. */
        boot.mft = pc_devices_init("xen-pvh", NO_FRONTENDS, false);
        xen_pvh_pci_devices = pc_devices_any();
        /* Only vmm pairs Xen with PCI devices: keep their PIC quiet. */
        if (xen_pvh_pci_devices)
            pc_pic_init();
        if (!xen_events_init(&why))
            fail(why);
        xen_console_ring_init((uintptr_t)_stext, ram);
        boot.pvclock = xen_pvclock();
        if (boot.pvclock->tsc_to_system_mul == 0)
            fail("Xen left vCPU 0's time info in the shared info page empty");
    } else {
        boot.tsc_freq = pc_kvmclock_tsc_freq();
        if (boot.tsc_freq == 0)
            boot.tsc_freq = pc_pit_tsc_freq();
        pc_pic_init();
        boot.mft = pc_devices_init("xen-pvh", "", true);
        xen_pvh_pci_devices = pc_devices_any();
    }
    boot.mem_size = mem_end;
    boot.kernel_end = pc_alloc_end();
    boot.cmdline = cmdline;
    boot.modules = pvh.modules;
    boot.nmodules = pvh.nmodules;
    pc_run_on_stack(mem_end, start, &boot);
}
