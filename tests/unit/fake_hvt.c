/* fake_hvt.c: a KVM-less hvt guest for the hypercall tests. */
#include "fake_hvt.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

void fake_init(struct fake *f, unsigned n, const char *const *names,
               const uint32_t *types)
{
    memset(f, 0, sizeof(*f));
    f->mem = calloc(1, FAKE_MEM_SIZE);
    cr_assert(f->mem);
    f->v.vm.kvm_fd = f->v.vm.vm_fd = f->v.vm.vcpu_fd = -1;
    f->v.vm.mem.base = f->mem;
    f->v.vm.mem.size = FAKE_MEM_SIZE;
    f->v.image = "test.hvt";
    f->v.status = -1; /* "not set" */
    f->h.v = &f->v;
    f->h.mft_size = sizeof(struct mft) + (n + 1) * sizeof(struct mft_entry);
    f->h.mft = calloc(1, f->h.mft_size);
    cr_assert(f->h.mft);
    f->h.mft->version = MFT_VERSION;
    f->h.mft->entries = n + 1;
    f->h.mft->e[0].type = MFT_RESERVED_FIRST;
    for (unsigned i = 0; i <= n; i++)
        f->h.mft->e[i].b.hostfd = -1;
    for (unsigned i = 1; i <= n; i++) {
        f->h.mft->e[i].type = (mft_type_t)types[i - 1];
        strncpy(f->h.mft->e[i].name, names[i - 1], MFT_NAME_SIZE - 1);
    }
}

void fake_free(struct fake *f)
{
    for (uint32_t i = 1; i < f->h.mft->entries; i++)
        if (f->h.mft->e[i].attached && f->h.mft->e[i].b.hostfd >= 0)
            close(f->h.mft->e[i].b.hostfd);
    free(f->h.mft);
    free(f->mem);
}

enum hc_result fake_call(struct fake *f, unsigned nr, uint64_t gpa,
                         char **msg)
{
    const struct hvt_hc_def *d = hvt_hypercall_find(nr);
    cr_assert(d, "no handler for hypercall %u", nr);
    struct capture c;
    capture_start(&c, 2);
    enum hc_result r = d->fn(&f->h, gpa);
    char *s = capture_end(&c, NULL);
    if (msg)
        *msg = s;
    else
        free(s);
    return r;
}

void fake_put(struct fake *f, uint64_t gpa, const void *src, size_t len)
{
    cr_assert(gpa <= FAKE_MEM_SIZE && len <= FAKE_MEM_SIZE - gpa);
    memcpy(f->mem + gpa, src, len);
}

void fake_get(struct fake *f, uint64_t gpa, void *dst, size_t len)
{
    cr_assert(gpa <= FAKE_MEM_SIZE && len <= FAKE_MEM_SIZE - gpa);
    memcpy(dst, f->mem + gpa, len);
}
