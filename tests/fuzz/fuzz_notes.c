/*
 * fuzz_notes.c: the Solo5 note and manifest parser (vmm/solo5_notes.c) and
 * the target detection built on it (vmm/target.c), on arbitrary files.
 *
 * Each input is read three ways: as an image (solo5_abi_read,
 * solo5_mft_read, target_detect) and as a bare manifest descriptor
 * (mft_validate). A manifest that is accepted must be one vmm can rely on:
 * version 1, 1..64 entries, the reserved entry first, every other entry of
 * a known type with a terminated, non-empty, unique name, and the host-side
 * fields cleared in the copy vmm keeps.
 *
 * Then `vmm check` runs on it for every target vmm has (the hvt, virtio and
 * later xen-pvh loaders' check functions, as registered): it must accept
 * or refuse (with its message on stderr) and free what it allocated.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "vmm/solo5_notes.h"
#include "tests/unit/targets.h"
#include "vmm/vmm.h"

static void check_mft(const struct mft *m, size_t size, bool copy)
{
    FUZZ_CHECK(m->version == MFT_VERSION, "version %u", m->version);
    FUZZ_CHECK(m->entries >= 1 && m->entries <= MFT_MAX_ENTRIES, "%u entries",
               m->entries);
    FUZZ_CHECK(size == sizeof(*m) + m->entries * sizeof(m->e[0]),
               "size %zu for %u entries", size, m->entries);
    FUZZ_CHECK(m->e[0].type == MFT_RESERVED_FIRST, "entry 0 type %u",
               (unsigned)m->e[0].type);
    for (uint32_t i = 0; i < m->entries; i++) {
        const struct mft_entry *e = &m->e[i];
        size_t n = strnlen(e->name, MFT_NAME_SIZE);
        FUZZ_CHECK(n < MFT_NAME_SIZE, "entry %u: name not terminated", i);
        if (copy)
            FUZZ_CHECK(!e->attached && e->b.hostfd == -1 &&
                           fuzz_all_zero((const uint8_t *)&e->u,
                                         sizeof(e->u)),
                       "entry %u: host fields not cleared", i);
        if (i == 0)
            continue;
        FUZZ_CHECK(e->type == MFT_DEV_BLOCK_BASIC ||
                       e->type == MFT_DEV_NET_BASIC,
                   "entry %u: type %u", i, (unsigned)e->type);
        FUZZ_CHECK(n > 0, "entry %u: empty name", i);
        FUZZ_CHECK(strcmp(mft_type_name(e->type), "unknown") != 0,
                   "entry %u: no type name", i);
        FUZZ_CHECK(mft_find(m, e->name) == (int)i,
                   "entry %u: '%s' found at %d", i, e->name,
                   mft_find(m, e->name));
    }
}

static void image(const uint8_t *data, size_t size)
{
    char err[256];
    struct abi1_info abi;
    int r = solo5_abi_read(data, size, &abi, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "solo5_abi_read returned %d", r);
    if (r < 0)
        fuzz_check_err(err, sizeof(err), "solo5_abi_read");

    struct mft *m = NULL;
    size_t msize = 0;
    r = solo5_mft_read(data, size, &m, &msize, err, sizeof(err));
    FUZZ_CHECK(r >= -1 && r <= 1, "solo5_mft_read returned %d", r);
    if (r == 1) {
        FUZZ_CHECK(m != NULL, "manifest read but not returned");
        check_mft(m, msize, true);
        free(m);
    } else {
        FUZZ_CHECK(m == NULL, "manifest refused but allocated");
        if (r < 0)
            fuzz_check_err(err, sizeof(err), "solo5_mft_read");
    }

    const char *why = NULL;
    const struct target_def *t = target_detect(data, size, &why);
    FUZZ_CHECK(why != NULL, "target_detect: no reason");
    FUZZ_CHECK(t == TARGET_AUTO || t == TARGET_HVT || t == TARGET_VIRTIO ||
                   t == TARGET_XEN_PVH,
               "target_detect: target %s", target_name(t));
}

static void vmm_check(const uint8_t *data, size_t size)
{
    static const struct run_opts opts = {.mem_bytes = 512ULL << 20};
    const struct target_def *const all[] = {TARGET_HVT, TARGET_VIRTIO,
                                            TARGET_XEN_PVH};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        const struct target_def *d = all[i];
        if (!d || !d->ops)
            continue;
        struct vmm v;
        memset(&v, 0, sizeof(v));
        v.vm.kvm_fd = v.vm.vm_fd = v.vm.vcpu_fd = -1;
        v.opts = &opts;
        v.image = "fuzz.img";
        int r = vmm_check_image(&v, d->ops, data, size);
        FUZZ_CHECK(r == 0 || r == -1, "check for %s returned %d",
                   target_name(all[i]), r);
        fuzz_trace("vmm check --target=%s: %s", target_name(all[i]),
                   r == 0 ? "accepted" : "refused");
    }
}

static void descriptor(const uint8_t *data, size_t size)
{
    char err[256];
    if (mft_validate(data, size, err, sizeof(err)) < 0) {
        fuzz_check_err(err, sizeof(err), "mft_validate");
        return;
    }
    /* Accepted: read it as vmm would, from an aligned copy. */
    size_t msize = size - MFT1_DESC_PAD;
    struct mft *m = malloc(msize);
    FUZZ_CHECK(m != NULL, "out of memory");
    memcpy(m, data + MFT1_DESC_PAD, msize);
    check_mft(m, msize, false);
    free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    image(data, size);
    vmm_check(data, size);
    descriptor(data, size);
    return 0;
}
