/*
 * host_hvt.c: the hvt target: a Solo5 hvt image checked and loaded, its
 * memory at entry (page tables, command line, manifest, boot info), the
 * long-mode entry, hypercalls by port; its record (the run sequence is the
 * core's, vmm/run.c).
 */
#include "host_hvt.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_elf.h"
#include "vmm/elf_load.h"
#include "vmm/errmsg.h"
#include "vmm/exit_status.h"
#include "vmm/paging.h"
#include "vmm/run.h"
#include "vmm/solo5_notes.h"
#include "vmm/target.h"
#include "vmm/x86_longmode.h"

/* Guest memory below HVT_GUEST_MIN_BASE, reserved for vmm. */
#define GDT_GPA 0x1000
#define BOOT_INFO_GPA 0x2000
#define CMDLINE_GPA 0x3000 /* HVT_CMDLINE_SIZE bytes */
#define MFT_GPA 0x5000     /* at most 8 + 64 * 104 bytes */
#define PT_BASE 0x8000
#define PT_LIMIT HVT_GUEST_MIN_BASE
#define PAGE_UP(x) (((x) + 0xfffULL) & ~0xfffULL)

_Static_assert(CMDLINE_GPA + HVT_CMDLINE_SIZE <= MFT_GPA, "layout");
_Static_assert(MFT_GPA + MFT1_NOTE_MAX_SIZE <= PT_BASE, "layout");

static int check_abi(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    struct abi1_info abi;
    int r = solo5_abi_read(buf, len, &abi, err, sizeof(err));
    if (r < 0)
        return image_refuse(v->image, "%s", err);
    if (r == 0)
        return image_refuse(v->image, "no Solo5 ABI note (.note.solo5.abi): not an hvt "
                         "image");
    if (abi.abi_target != HVT_ABI_TARGET)
        return image_refuse(v->image, "built for Solo5 ABI target %u, not hvt (%d)",
                      abi.abi_target, HVT_ABI_TARGET);
    if (abi.abi_version != HVT_ABI_VERSION)
        return image_refuse(v->image, "Solo5 hvt ABI version %u; vmm runs version %d",
                      abi.abi_version, HVT_ABI_VERSION);
    return 0;
}

static int build_cmdline(const struct run_opts *o, char *out)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < o->guest_argc; i++) {
        size_t n = strlen(o->guest_argv[i]);
        if (used + n + (i ? 1 : 0) >= HVT_CMDLINE_SIZE)
            return -1;
        if (i)
            out[used++] = ' ';
        memcpy(out + used, o->guest_argv[i], n + 1);
        used += n;
    }
    return 0;
}

/* The target's state (v->target), from hvt_load on. */
static struct hvt hvt;
static struct elf_image img;
static uint64_t cr3;

/* What `vmm check` and `vmm run` share: ABI note, manifest, ELF layout. */
static int hvt_load(struct vmm *v, const uint8_t *buf, size_t len)
{
    char err[256];
    struct elf_limits lim = {HVT_GUEST_MIN_BASE, v->opts->mem_bytes};
    hvt = (struct hvt){.v = v};
    v->target = &hvt;
    v->mft = NULL;
    if (check_abi(v, buf, len) < 0)
        return -1;
    int r = solo5_mft_read(buf, len, &v->mft, &v->mft_size, err, sizeof(err));
    if (r <= 0)
        return image_refuse(v->image, "%s", r < 0 ? err
                                     : "no Solo5 manifest note "
                                       "(.note.solo5.manifest)");
    if (hvt_elf_parse(buf, len, &lim, &img, err, sizeof(err)) < 0) {
        free(v->mft);
        v->mft = NULL;
        return image_refuse(v->image, "%s", err);
    }
    hvt.mft = v->mft;
    hvt.mft_size = v->mft_size;
    return 0;
}

/* Everything the guest finds in memory at entry. */
static int hvt_place(struct vmm *v, const uint8_t *buf, char *err,
                     size_t errlen)
{
    struct guest_mem *m = &v->vm.mem;
    static char cmdline[HVT_CMDLINE_SIZE];
    if (build_cmdline(v->opts, cmdline) < 0)
        return errmsg(err, errlen, "guest command line longer than %d bytes",
                      HVT_CMDLINE_SIZE - 1);
    elf_copy(&img, buf, m->base);
    cr3 = paging_build(m->base, m->size, &img, PT_BASE, PT_LIMIT, err, errlen);
    if (!cr3)
        return -1;
    gmem_write(m, CMDLINE_GPA, cmdline, strlen(cmdline) + 1);
    gmem_write(m, MFT_GPA, hvt.mft, hvt.mft_size);
    struct mft *gm = gmem_ptr(m, MFT_GPA, hvt.mft_size);
    for (uint32_t i = 0; i < gm->entries; i++)
        memset(&gm->e[i].b, 0, sizeof(gm->e[i].b)); /* host-private */
    struct hvt_boot_info bi = {.mem_size = m->size,
                               .kernel_end = PAGE_UP(img.end),
                               .cpu_cycle_freq = v->vm.tsc_hz,
                               .cmdline = CMDLINE_GPA,
                               .mft = MFT_GPA};
    gmem_write(m, BOOT_INFO_GPA, &bi, sizeof(bi));
    return 0;
}

static int hvt_enter(struct vmm *v, char *err, size_t errlen)
{
    struct x86_lm_entry e = {.gdt_gpa = GDT_GPA,
                             .cr3 = cr3,
                             .rip = img.entry,
                             .rsp = v->vm.mem.size - 8,
                             .rdi = BOOT_INFO_GPA};
    return x86_enter_long_mode(&v->vm, &e, err, errlen);
}

/* The run loop: KVM_RUN, and the registers for vmm's messages. */
static void hvt_sandbox(struct vmm *v)
{
    static const unsigned long vcpu[] = {KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS};
    vmm_sandbox_vcpu(v, vcpu, sizeof(vcpu) / sizeof(vcpu[0]));
}

static enum exit_result hvt_on_io(struct vmm *v)
{
    struct hvt *h = v->target;
    struct kvm_run *run = v->vm.run;
    if (run->io.port < HVT_HYPERCALL_PIO_BASE ||
        run->io.port >= HVT_HYPERCALL_PIO_BASE + 64)
        return EXIT_UNHANDLED;
    unsigned nr = run->io.port - HVT_HYPERCALL_PIO_BASE;
    const struct hvt_hc_def *hc = hvt_hypercall_find(nr);
    if (!hc || run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1) {
        stats_count(&v->stats, "bad hypercall");
        return vmm_fail(v, VMM_EXIT_BAD_HYPERCALL,
                        "unknown hypercall %u (%s of %u bytes at port 0x%x)",
                        nr,
                        run->io.direction == KVM_EXIT_IO_OUT ? "write" : "read",
                        run->io.size, run->io.port);
    }
    stats_count(&v->stats, hc->name);
    uint32_t arg;
    memcpy(&arg, (uint8_t *)run + run->io.data_offset, sizeof(arg));
    return hc->fn(h, arg) == HC_CONTINUE ? EXIT_HANDLED : EXIT_STOP;
}

static const struct target_ops hvt_ops = {
    .load = hvt_load,
    .place = hvt_place,
    .enter = hvt_enter,
    .sandbox = hvt_sandbox,
    .on_io = hvt_on_io,
    .vm_errors_unnamed = true,
};

static const struct target_def hvt_target = {
    .name = "hvt",
    .rank = 0,
    .help = "Solo5 hvt ABI 2 ELF64 image, entered in long mode; hypercalls",
    .solo5_abi = HVT_ABI_TARGET,
    /* As solo5-hvt: all of the low 4 GiB; hypercall arguments and the
     * stack at the top stay 32-bit addresses. */
    .max_mem_mb = 4096,
    .ops = &hvt_ops,
};
VMM_TARGET(hvt_target);
