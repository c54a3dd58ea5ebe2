/*
 * host_pvh_target.c: the xen-pvh target: a PVH image on the PC of the
 * virtio target (COM1, RTC, in-kernel irqchip and PIT, PCI with virtio
 * devices when attached, isa-debug-exit, ACPI) plus vmm's Xen shim,
 * entered in 32-bit protected mode with %ebx = hvm_start_info.
 *
 * The command line in start_info is the guest's arguments alone, joined by
 * spaces: what `qemu-system-x86_64 -kernel IMAGE -append "ARGS"` passes a
 * PVH kernel, so an image prints the same under both.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/devices.h"
#include "vmm/errmsg.h"
#include "vmm/exit_status.h"
#include "host_pvh.h"
#include "host_xen_kvm.h"
#include "vmm/read_file.h"
#include "vmm/solo5_notes.h"
#include "vmm/target.h"
#include "virtio/host_virtio.h"
#include "vmm/x86_protmode.h"

static struct pc pc; /* the target's state: v->target (pc_of) */
static struct iothread io;
static struct xen_kvm xen;

static enum exit_result pvh_on_io(struct vmm *v)
{
    const struct kvm_run *run = v->vm.run;
    if (run->io.port == XEN_SHIM_PORT && run->io.size == 1 &&
        run->io.count == 1 && run->io.direction == KVM_EXIT_IO_OUT)
        return xen_kvm_hypercall(&xen);
    return pc_on_io(v);
}

static enum exit_result pvh_on_exit(struct vmm *v)
{
    if (v->vm.run->exit_reason == KVM_EXIT_X86_WRMSR)
        return xen_kvm_wrmsr(&xen);
    return EXIT_UNHANDLED;
}

static void pvh_flush(struct vmm *v)
{
    pc_uart_flush(pc_of(v));
}

static const struct target_ops pvh_ops = {"xen-pvh", pvh_on_io, pvh_flush,
                                          pvh_on_exit};

/* The image and its manifest (Solo5 images carry one; others do not). */
static int pvh_load(struct vmm *v, const uint8_t *buf, size_t len,
                    struct pvh_image *img, struct mft **mft, size_t *mft_size)
{
    char err[256];
    *mft = NULL;
    if (pvh_parse(buf, len, v->opts->mem_bytes, img, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    if (img->elf.is64 &&
        solo5_mft_read(buf, len, mft, mft_size, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    return 0;
}

static int pvh_check(struct vmm *v, const uint8_t *buf, size_t len)
{
    struct pvh_image img;
    struct mft *mft;
    size_t mft_size;
    if (pvh_load(v, buf, len, &img, &mft, &mft_size) < 0)
        return -1;
    free(mft);
    return 0;
}

/* The guest's arguments joined by spaces (QEMU's -append). */
static char *build_cmdline(const struct run_opts *o)
{
    size_t len = 1;
    for (int i = 0; i < o->guest_argc; i++)
        len += strlen(o->guest_argv[i]) + 1;
    char *s = calloc(1, len);
    for (int i = 0; s && i < o->guest_argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, o->guest_argv[i]);
    }
    return s;
}

static int load_guest(struct vmm *v, const struct pvh_image *img,
                      const uint8_t *buf, const struct pvh_module *mods,
                      uint8_t *area, char *err, size_t errlen)
{
    struct guest_mem *m = &v->vm.mem;
    char *cmdline = build_cmdline(v->opts);
    if (!cmdline) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    struct pvh_boot b = {.cmdline = cmdline,
                         .rsdp = PVH_BIOS,
                         .image_end = img->end,
                         .nmodules = v->opts->nmodules,
                         .modules = mods};
    pvh_copy(img, buf, m->base);
    int r = pc_acpi_write(m, err, errlen);
    if (r == 0)
        r = pvh_write_start_info(m, area, &b, err, errlen);
    free(cmdline);
    if (r < 0)
        return -1;
    struct x86_pm_entry e = {.gdt_gpa = PVH_GDT_GPA,
                             .eip = img->entry,
                             .esp = PVH_STACK_TOP,
                             .ebx = PVH_AREA_GPA + PVH_AREA_INFO};
    return x86_enter_protected_mode(&v->vm, &e, err, errlen);
}

static int read_modules(const struct run_opts *o, struct pvh_module *mods)
{
    for (unsigned i = 0; i < o->nmodules; i++) {
        size_t len;
        uint8_t *data = read_file(o->modules[i], &len);
        if (!data)
            return -1;
        mods[i] = (struct pvh_module){o->modules[i], data, len};
    }
    return 0;
}

static int pvh_run(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    struct pvh_image img;
    struct pvh_module mods[CLI_MAX_MODULES] = {{0}};
    struct mft *mft;
    size_t mft_size;
    int status = VMM_EXIT_SETUP_FAILED;
    io.epfd = io.stopfd = -1;
    xen.timer.fd = -1;
    if (pvh_load(v, buf, len, &img, &mft, &mft_size) < 0)
        return status;
    if (!mft && !(mft = devices_mft_from_options(v->opts, &mft_size))) {
        image_refuse(v->image, "out of memory");
        return status;
    }
    if (read_modules(v->opts, mods) < 0 ||
        devices_attach(v->image, mft, v->opts) < 0)
        goto out;
    v->ops = &pvh_ops;
    uint8_t *area = NULL;
    if (pc_build(v, &pc, &io, mft, err, sizeof(err)) < 0 ||
        !(area = kvm_add_region(&v->vm, PVH_AREA_GPA, PVH_AREA_SIZE, err,
                                sizeof(err))) ||
        xen_kvm_setup(&xen, v, &pc, &io, area, err, sizeof(err)) < 0 ||
        load_guest(v, &img, buf, mods, area, err, sizeof(err)) < 0) {
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
    xen.x.has_devices = mft->entries > 1;
    vmm_sandbox_devices(v, mft);
    vmm_sandbox_pc(v, &io);
    xen_kvm_sandbox(&xen);
    if (vmm_sandbox_lock(v) < 0)
        goto out;
    status = vmm_run_loop(v);
    pc_uart_flush(&pc);
out:
    iothread_stop(&io);
    xen_kvm_destroy(&xen);
    virtio_devices_stats(&v->stats);
    devices_close(mft);
    free(mft);
    for (unsigned i = 0; i < CLI_MAX_MODULES; i++)
        free((void *)(uintptr_t)mods[i].data);
    return status;
}

static const struct target_def pvh_target = {TARGET_XEN_PVH, pvh_check,
                                             pvh_run};
VMM_TARGET(pvh_target);
