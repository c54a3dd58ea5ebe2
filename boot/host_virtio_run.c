/*
 * virtio_run.c: running a virtio-target image: devices attached to its
 * manifest (or, without one, in command-line order), the VM with the
 * in-kernel irqchip and PIT, the PC's devices, the image and its Multiboot
 * information in memory, the 32-bit entry, the I/O thread, the run loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_mb_info.h"
#include "vmm/devices.h"
#include "vmm/exit_status.h"
#include "pc/host_pc.h"
#include "virtio/host_virtio.h"
#include "host_virtio_target.h"
#include "vmm/x86_protmode.h"

static struct pc pc; /* the target's state: v->target (pc_of) */
static struct iothread io;

static void flush(struct vmm *v)
{
    pc_uart_flush(pc_of(v));
}

static const struct target_ops virtio_ops = {"virtio", pc_on_io, flush, NULL};

/* "IMAGE ARGS...": the kernel's name first, as QEMU's -kernel/-append. */
static char *build_cmdline(const struct run_opts *o)
{
    size_t len = strlen(o->image) + 2;
    for (int i = 0; i < o->guest_argc; i++)
        len += strlen(o->guest_argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    char *p = s + sprintf(s, "%s ", o->image);
    for (int i = 0; i < o->guest_argc; i++)
        p += sprintf(p, "%s%s", i ? " " : "", o->guest_argv[i]);
    return s;
}

static int load_guest(struct vmm *v, const struct virtio_image *vi,
                      const uint8_t *buf, char *err, size_t errlen)
{
    static const struct mb_info_layout layout = {
        .info = PC_MB_INFO_GPA,
        .mmap = PC_MB_MMAP_GPA,
        .loader = PC_MB_LOADER_GPA,
        .cmdline = PC_CMDLINE_GPA,
        .cmdline_size = PC_CMDLINE_SIZE,
        .ebda = PC_EBDA,
        .low_end = PC_LOW_END,
        .bios = PC_BIOS,
    };
    struct guest_mem *m = &v->vm.mem;
    char *cmdline = build_cmdline(v->opts);
    if (!cmdline) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    mb_copy(&vi->mb, buf, m->base);
    int r = pc_acpi_write(m, err, errlen);
    if (r == 0)
        r = mb_write_info(m, &layout, cmdline, "vmm " VMM_VERSION, err, errlen);
    free(cmdline);
    if (r < 0)
        return -1;
    struct x86_pm_entry e = {.gdt_gpa = PC_GDT_GPA,
                             .eip = vi->mb.entry,
                             .esp = PC_STACK_TOP,
                             .eax = MB_BOOTLOADER_MAGIC,
                             .ebx = PC_MB_INFO_GPA};
    return x86_enter_protected_mode(&v->vm, &e, err, errlen);
}

int virtio_run(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    struct virtio_image vi;
    int status = VMM_EXIT_SETUP_FAILED;
    io.epfd = io.stopfd = -1;
    if (virtio_load(v, buf, len, &vi) < 0)
        return status;
    struct mft *mft = vi.mft;
    size_t mft_size;
    if (!mft && !(mft = devices_mft_from_options(v->opts, &mft_size))) {
        virtio_refuse(v, "out of memory");
        return status;
    }
    if (devices_attach(v->image, mft, v->opts) < 0)
        goto out;
    v->ops = &virtio_ops;
    if (pc_build(v, &pc, &io, mft, err, sizeof(err)) < 0 ||
        load_guest(v, &vi, buf, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s: %s\n", v->image, err);
        goto out;
    }
    /* Capabilities go before the I/O thread could inherit them. */
    if (vmm_sandbox_caps(v) < 0)
        goto out;
    if (iothread_start(&io, err, sizeof(err)) < 0) {
        fprintf(stderr, "vmm: %s: %s\n", v->image, err);
        goto out;
    }
    vmm_sandbox_devices(v, mft);
    vmm_sandbox_pc(v, &io);
    if (vmm_sandbox_lock(v) < 0)
        goto out;
    status = vmm_run_loop(v);
    pc_uart_flush(&pc);
out:
    iothread_stop(&io);
    virtio_devices_stats(&v->stats);
    devices_close(mft);
    free(mft);
    return status;
}
