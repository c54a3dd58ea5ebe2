/* kvm_pvm.c: detecting kvm_pvm, arming native mode, the fallback policy. */
#include "kvm_pvm.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

/* struct kvm_msrs with room for one entry (it ends in a flexible array). */
struct one_msr {
    _Alignas(struct kvm_msrs) unsigned char bytes[sizeof(struct kvm_msrs) +
                                                  sizeof(struct kvm_msr_entry)];
};

static struct kvm_msrs *one_msr_init(struct one_msr *m, uint32_t index,
                                     uint64_t data)
{
    struct kvm_msrs *k = (struct kvm_msrs *)(void *)m->bytes;
    memset(m, 0, sizeof(*m));
    k->nmsrs = 1;
    k->entries[0].index = index;
    k->entries[0].data = data;
    return k;
}

/* KVM_GET_MSRS of one MSR: how many it read (0 for one it refuses). */
static int read_msr(int vcpu_fd, uint32_t index, uint64_t *value)
{
    struct one_msr m;
    struct kvm_msrs *k = one_msr_init(&m, index, 0);
    int n = ioctl(vcpu_fd, KVM_GET_MSRS, k);
    *value = k->entries[0].data;
    return n;
}

bool pvm_id_means_pvm(int nread, uint64_t value)
{
    return nread == 1 && value == PVM_ID;
}

bool pvm_vcpu_detect(int vcpu_fd, uint64_t *ctl)
{
    uint64_t id = 0;
    int n = read_msr(vcpu_fd, PVM_MSR_ID, &id);
    if (!pvm_id_means_pvm(n, id))
        return false;
    return read_msr(vcpu_fd, PVM_MSR_CTL, ctl) == 1;
}

int pvm_arm(int vcpu_fd, uint64_t ctl)
{
    struct one_msr m;
    int n = ioctl(vcpu_fd, KVM_SET_MSRS,
                  one_msr_init(&m, PVM_MSR_CTL, ctl | PVM_CTL_NATIVE));
    if (n == 1)
        return 0;
    if (n == 0)
        errno = EINVAL; /* KVM refused the MSR without an errno */
    return -1;
}

enum pvm_verdict pvm_fallback_on_failure(struct pvm_fallback *f,
                                         const struct kvm_regs *r)
{
    if (f->retried && memcmp(&f->last, r, sizeof(*r)) == 0)
        return PVM_NO_PROGRESS;
    if (f->rearms >= PVM_MAX_REARMS)
        return PVM_TOO_MANY;
    f->rearms++;
    f->retried = true;
    f->last = *r;
    return PVM_RETRY;
}

void pvm_fallback_progress(struct pvm_fallback *f)
{
    f->retried = false;
}
