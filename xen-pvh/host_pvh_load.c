/*
 * host_pvh_load.c: a xen-pvh image checked and set up: the PVH image on
 * the virtio target's PC (COM1, RTC, in-kernel irqchip and PIT, PCI with
 * virtio devices when attached, isa-debug-exit, ACPI) plus, in Xen PVH
 * mode (host_pvh_mode.c), vmm's Xen shim, entered in 32-bit protected
 * mode with %ebx = hvm_start_info. Plain PVH leaves the shim out: KVM's
 * CPUID leaves, no shim page in memory or in the memory map.
 *
 * The command line in start_info is the guest's arguments alone, joined by
 * spaces: what `qemu-system-x86_64 -kernel IMAGE -append "ARGS"` passes a
 * PVH kernel, so an image prints the same under both.
 */
#include "host_pvh_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_pvh.h"
#include "host_xen_kvm.h"
#include "vmm/errmsg.h"
#include "vmm/read_file.h"
#include "vmm/solo5_notes.h"
#include "vmm/x86_protmode.h"

static struct pvh_image img;
static struct pc pc; /* the target's state: v->target (pc_of) */
static struct xen_kvm xen;
static struct pvh_mode mode;
static uint8_t *area;      /* the shim's page outside RAM (console ring) */
static uint32_t info_gpa; /* hvm_start_info, in RAM above the image */
static struct pvh_module mods[CLI_MAX_MODULES];

int pvh_load(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    v->mft = NULL;
    if (pvh_parse(buf, len, v->opts->mem_bytes, &img, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    if (pvh_mode_pick(buf, len, v->opts->target_mode, &mode, err,
                      sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    if (img.elf.is64 &&
        solo5_mft_read(buf, len, &v->mft, &v->mft_size, err, sizeof(err)) < 0)
        return image_refuse(v->image, "%s", err);
    return 0;
}

int pvh_prepare(struct vmm *v)
{
    const struct run_opts *o = v->opts;
    xen.timer.fd = -1;
    area = NULL;
    memset(mods, 0, sizeof(mods));
    pvh_mode_say(v->image, &mode);
    for (unsigned i = 0; i < o->nmodules; i++) {
        size_t len;
        uint8_t *data = read_file(o->modules[i], &len);
        if (!data)
            return -1;
        mods[i] = (struct pvh_module){o->modules[i], data, len};
    }
    return 0;
}

int pvh_build(struct vmm *v, char *err, size_t errlen)
{
    if (pc_build(v, &pc, err, errlen) < 0)
        return -1;
    if (!mode.xen)
        return 0;
    if (!(area = kvm_add_region(&v->vm, PVH_AREA_GPA, PVH_AREA_SIZE, err,
                                errlen)) ||
        xen_kvm_setup(&xen, v, &pc, v->io, area, err, errlen) < 0)
        return -1;
    xen.x.has_devices = v->mft->entries > 1;
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

int pvh_place(struct vmm *v, const uint8_t *buf, char *err, size_t errlen)
{
    struct guest_mem *m = &v->vm.mem;
    char *cmdline = build_cmdline(v->opts);
    if (!cmdline)
        return errmsg(err, errlen, "out of memory");
    struct pvh_boot b = {.cmdline = cmdline,
                         .rsdp = PVH_BIOS,
                         .image_end = img.end,
                         .no_shim = !mode.xen,
                         .nmodules = v->opts->nmodules,
                         .modules = mods};
    pvh_copy(&img, buf, m->base);
    int r = pc_acpi_write(m, err, errlen);
    if (r == 0)
        r = pvh_write_start_info(m, &b, &info_gpa, err, errlen);
    free(cmdline);
    for (unsigned i = 0; i < v->opts->nmodules; i++) { /* copied: let go */
        free((void *)(uintptr_t)mods[i].data);
        mods[i].data = NULL;
    }
    return r;
}

int pvh_enter(struct vmm *v, char *err, size_t errlen)
{
    struct x86_pm_entry e = {.gdt_gpa = PVH_GDT_GPA,
                             .eip = img.entry,
                             .esp = PVH_STACK_TOP,
                             .ebx = info_gpa};
    return x86_enter_protected_mode(&v->vm, &e, err, errlen);
}

void pvh_sandbox(struct vmm *v)
{
    pc_sandbox(v);
    if (mode.xen)
        xen_kvm_sandbox(&xen);
}

void pvh_cleanup(struct vmm *v)
{
    xen_kvm_destroy(&xen);
    pc_cleanup(v);
    for (unsigned i = 0; i < CLI_MAX_MODULES; i++)
        free((void *)(uintptr_t)mods[i].data);
    memset(mods, 0, sizeof(mods));
}

enum exit_result pvh_on_io(struct vmm *v)
{
    const struct kvm_run *run = v->vm.run;
    if (mode.xen && run->io.port == XEN_SHIM_PORT && run->io.size == 1 &&
        run->io.count == 1 && run->io.direction == KVM_EXIT_IO_OUT)
        return xen_kvm_hypercall(&xen);
    return pc_on_io(v);
}

enum exit_result pvh_on_exit(struct vmm *v)
{
    if (mode.xen && v->vm.run->exit_reason == KVM_EXIT_X86_WRMSR)
        return xen_kvm_wrmsr(&xen);
    return EXIT_UNHANDLED;
}
