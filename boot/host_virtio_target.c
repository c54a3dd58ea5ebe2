/*
 * virtio_target.c: the virtio target: a Multiboot image on an emulated PC
 * with legacy virtio-PCI devices. This file checks the image; running it
 * is virtio_run.c.
 */
#include "host_virtio_target.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmm/exit_status.h"
#include "vmm/solo5_notes.h"
#include "vmm/target.h"

int virtio_refuse(const struct vmm *v, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "vmm: %s: ", v->image);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

int virtio_load(struct vmm *v, const uint8_t *buf, size_t len,
                struct virtio_image *vi)
{
    char err[256];
    struct elf_limits lim = {MB_MIN_LOAD_ADDR, v->opts->mem_bytes};
    vi->mft = NULL;
    if (mb_parse(buf, len, &lim, &vi->mb, err, sizeof(err)) < 0 ||
        mb_check_tls(&vi->mb, err, sizeof(err)) < 0)
        return virtio_refuse(v, "%s", err);
    /* A Solo5 manifest (ELF64 only) is optional: plain kernels have none. */
    int r = 0;
    if (vi->mb.is_elf && vi->mb.elf.is64)
        r = solo5_mft_read(buf, len, &vi->mft, &vi->mft_size, err, sizeof(err));
    if (r < 0)
        return virtio_refuse(v, "%s", err);
    return 0;
}

static int virtio_check(struct vmm *v, const uint8_t *buf, size_t len)
{
    struct virtio_image vi;
    if (virtio_load(v, buf, len, &vi) < 0)
        return -1;
    free(vi.mft);
    return 0;
}

static const struct target_def virtio_target = {TARGET_VIRTIO, virtio_check,
                                                virtio_run};
VMM_TARGET(virtio_target);
