/* host_xen_kvm.c: the Xen shim's side on KVM (see host_xen_kvm.h). */
#include "host_xen_kvm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "vmm/exit_status.h"
#include "host_pvh.h"
#include "vmm/run.h"

#define MSR_IA32_TSC 0x10
#define LAPIC_MSI_ADDR 0xfee00000u /* physical destination: APIC ID 0 */

static const int caps[] = {KVM_CAP_X86_USER_SPACE_MSR, KVM_CAP_X86_MSR_FILTER,
                           KVM_CAP_SIGNAL_MSI};
static const char *const cap_names[] = {
    "KVM_CAP_X86_USER_SPACE_MSR", "KVM_CAP_X86_MSR_FILTER",
    "KVM_CAP_SIGNAL_MSI"};

static bool translate(void *ctx, uint64_t gva, bool write, uint64_t *gpa)
{
    struct xen_kvm *k = ctx;
    struct kvm_translation t = {.linear_address = gva};
    (void)write; /* KVM_TRANSLATE does not tell read-only pages apart */
    if (ioctl(k->v->vm.vcpu_fd, KVM_TRANSLATE, &t) < 0 || !t.valid)
        return false;
    *gpa = t.physical_address;
    return true;
}

static uint64_t guest_tsc(void *ctx)
{
    struct xen_kvm *k = ctx;
    union {
        struct kvm_msrs h;
        uint8_t bytes[sizeof(struct kvm_msrs) + sizeof(struct kvm_msr_entry)];
    } m;
    memset(&m, 0, sizeof(m));
    m.h.nmsrs = 1;
    m.h.entries[0].index = MSR_IA32_TSC;
    if (ioctl(k->v->vm.vcpu_fd, KVM_GET_MSRS, &m) != 1)
        return 0;
    return m.h.entries[0].data;
}

static void inject(void *ctx, uint8_t vector)
{
    struct xen_kvm *k = ctx;
    struct kvm_msi msi = {.address_lo = LAPIC_MSI_ADDR, .data = vector};
    ioctl(k->v->vm.vm_fd, KVM_SIGNAL_MSI, &msi);
}

static void arm_timer(void *ctx, uint64_t mono_ns)
{
    struct xen_kvm *k = ctx;
    struct itimerspec its = {
        .it_value = {(time_t)(mono_ns / 1000000000ULL),
                     (long)(mono_ns % 1000000000ULL)}};
    timerfd_settime(k->timer.fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void flush(void *ctx)
{
    struct xen_kvm *k = ctx;
    pc_uart_flush(k->pc);
}

/* The I/O thread: the timer's deadline came. */
static void timer_fired(struct io_watch *w)
{
    struct xen_kvm *k = w->arg;
    uint64_t n;
    if (read(w->fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        return;
    pthread_mutex_lock(&k->x.lock);
    xen_timer_expire(&k->x);
    pthread_mutex_unlock(&k->x.lock);
}

/* Writes to the hypercall-page MSR exit to vmm; all else stays in KVM. */
static int msr_exit(struct kvm_vm *vm, char *err, size_t errlen)
{
    static uint8_t deny = 0;
    struct kvm_enable_cap cap = {.cap = KVM_CAP_X86_USER_SPACE_MSR,
                                 .args[0] = KVM_MSR_EXIT_REASON_FILTER};
    struct kvm_msr_filter f = {
        .flags = KVM_MSR_FILTER_DEFAULT_ALLOW,
        .ranges[0] = {.flags = KVM_MSR_FILTER_WRITE,
                      .nmsrs = 1,
                      .base = XEN_HYPERCALL_PAGE_MSR,
                      .bitmap = &deny},
    };
    if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
        snprintf(err, errlen, "KVM_ENABLE_CAP(KVM_CAP_X86_USER_SPACE_MSR): %s",
                 strerror(errno));
        return -1;
    }
    if (ioctl(vm->vm_fd, KVM_X86_SET_MSR_FILTER, &f) < 0) {
        snprintf(err, errlen, "KVM_X86_SET_MSR_FILTER: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int xen_kvm_setup(struct xen_kvm *k, struct vmm *v, struct pc *pc,
                  struct iothread *io, uint8_t *area, char *err,
                  size_t errlen)
{
    struct kvm_vm *vm = &v->vm;
    memset(k, 0, sizeof(*k));
    k->v = v;
    k->pc = pc;
    k->timer.fd = -1;
    if (kvm_require_caps(vm, caps, cap_names, sizeof(caps) / sizeof(caps[0]),
                         err, errlen) < 0 ||
        msr_exit(vm, err, errlen) < 0 || xen_cpuid_setup(vm, err, errlen) < 0)
        return -1;
    if (xen_init(&k->x, &vm->mem, PVH_AREA_GPA + PVH_AREA_CONSOLE,
                 area + PVH_AREA_CONSOLE, vm->tsc_hz) < 0) {
        snprintf(err, errlen, "cannot set up the Xen shim's lock");
        return -1;
    }
    xen_add_memory(&k->x, PVH_AREA_GPA, area, PVH_AREA_SIZE);
    k->ready = true;
    k->host = (struct xen_host){translate, guest_tsc, inject, arm_timer,
                                flush, k};
    k->x.host = &k->host;
    k->x.stats = &v->stats;
    k->timer.fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (k->timer.fd < 0) {
        snprintf(err, errlen, "timerfd_create: %s", strerror(errno));
        return -1;
    }
    k->timer.fn = timer_fired;
    k->timer.arg = k;
    return iothread_watch(io, &k->timer, EPOLLIN, err, errlen);
}

void xen_kvm_sandbox(struct xen_kvm *k)
{
    static const unsigned long vcpu[] = {KVM_TRANSLATE, KVM_GET_MSRS,
                                         KVM_SET_REGS, KVM_SET_MP_STATE};
    struct vmm *v = k->v;
    vmm_sandbox_vcpu(v, vcpu, sizeof(vcpu) / sizeof(vcpu[0]));
    sandbox_allow_ioctl(&v->sandbox, v->vm.vm_fd, KVM_SIGNAL_MSI);
    sandbox_allow_fd(&v->sandbox, k->timer.fd, SB_READ | SB_TIMERFD);
}

void xen_kvm_destroy(struct xen_kvm *k)
{
    if (k->timer.fd >= 0)
        close(k->timer.fd);
    k->timer.fd = -1;
    if (k->ready)
        xen_destroy(&k->x);
    k->ready = false;
}

static enum exit_result stopped(struct xen_kvm *k)
{
    struct vmm *v = k->v;
    if (k->x.stop_msg[0] && k->x.stop_regs)
        return vmm_fail(v, k->x.status, "%s", k->x.stop_msg);
    if (k->x.stop_msg[0]) {
        v->ops->flush(v);
        fprintf(stderr, "vmm: %s\n", k->x.stop_msg);
    }
    v->status = k->x.status;
    return EXIT_STOP;
}

enum exit_result xen_kvm_hypercall(struct xen_kvm *k)
{
    struct vmm *v = k->v;
    struct kvm_regs r;
    if (ioctl(v->vm.vcpu_fd, KVM_GET_REGS, &r) < 0)
        return vmm_fail(v, VMM_EXIT_HOST_FAILED, "KVM_GET_REGS: %s",
                        strerror(errno));
    struct xen_call c = {.arg = {r.rdi, r.rsi, r.rdx, r.r10, r.r8},
                         .rflags = r.rflags};
    enum xen_verdict vd = xen_hypercall(&k->x, (uint32_t)r.rax, &c);
    if (vd == XEN_STOP)
        return stopped(k);
    r.rax = (uint64_t)c.ret;
    if (ioctl(v->vm.vcpu_fd, KVM_SET_REGS, &r) < 0)
        return vmm_fail(v, VMM_EXIT_HOST_FAILED, "KVM_SET_REGS: %s",
                        strerror(errno));
    struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_HALTED};
    if (vd == XEN_HALT && ioctl(v->vm.vcpu_fd, KVM_SET_MP_STATE, &mp) < 0)
        return vmm_fail(v, VMM_EXIT_HOST_FAILED, "KVM_SET_MP_STATE: %s",
                        strerror(errno));
    return EXIT_HANDLED;
}

enum exit_result xen_kvm_wrmsr(struct xen_kvm *k)
{
    struct kvm_run *run = k->v->vm.run;
    stats_count(&k->v->stats, "hypercall-page");
    run->msr.error = 0;
    if (run->msr.index != XEN_HYPERCALL_PAGE_MSR ||
        xen_write_hypercall_page(&k->v->vm.mem, run->msr.data) < 0)
        run->msr.error = 1; /* the guest takes a #GP, as on Xen */
    return EXIT_HANDLED;
}
