/*
 * host_virtio_target.c: the virtio target's record: a Multiboot image on
 * an emulated PC with legacy virtio-PCI devices, recognised by its Solo5
 * ABI note or its Multiboot header; its hooks of the run sequence
 * (host_virtio_load.c, and the PC's shared ones).
 */
#include "host_virtio_target.h"

#include <string.h>

#include "multiboot_abi.h"
#include "pc/host_pc.h"
#include "solo5_elf_abi.h"
#include "vmm/run.h"
#include "vmm/target.h"

/* A header (magic, flags, checksum summing to 0), 4-aligned, in 8 KiB. */
static int has_multiboot_header(const uint8_t *buf, size_t len,
                                const char **why)
{
    size_t end = len < MB_SEARCH_LIMIT ? len : MB_SEARCH_LIMIT;
    for (size_t off = 0; off + 12 <= end; off += 4) {
        uint32_t w[3];
        memcpy(w, buf + off, sizeof(w));
        if (w[0] == MB_HEADER_MAGIC && (uint32_t)(w[0] + w[1] + w[2]) == 0) {
            *why = "its Multiboot header";
            return 1;
        }
    }
    return 0;
}

static const struct target_ops virtio_ops = {
    .load = virtio_load,
    .vm_devices = pc_vm_devices,
    .build = virtio_build,
    .place = virtio_place,
    .enter = virtio_enter,
    .sandbox = pc_sandbox,
    .cleanup = pc_cleanup,
    .on_io = pc_on_io,
    .flush = pc_flush,
    .iothread = true,
    .open_bus = true,
};

static const struct target_def virtio_target = {
    .name = "virtio",
    .rank = 1,
    .help = "Multiboot image (address fields, ELF32 or ELF64), entered in\n"
            "32-bit protected mode on a minimal PC: COM1, CMOS RTC, PIC,\n"
            "PIT, kvmclock, PCI with legacy virtio-net and virtio-blk,\n"
            "isa-debug-exit at 0x501, ACPI S5 power-off",
    .solo5_abi = VIRTIO_ABI_TARGET,
    .mark = "Multiboot header",
    .mark_priority = 1, /* a header found by scanning: below notes */
    .recognise = has_multiboot_header,
    .max_mem_mb = PC_RAM_MAX_MB,
    .mem_limit = PC_RAM_LIMIT,
    .ops = &virtio_ops,
};
VMM_TARGET(virtio_target);
