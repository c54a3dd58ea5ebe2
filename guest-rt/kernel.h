/*
 * kernel.h: guest-rt internals shared by the common code and the target
 * bindings (guest-rt/<target>/). Not installed.
 *
 * Start-up order: the binding's entry builds a struct rt_boot and calls
 * rt_start(), which loads the GDT/TSS/IDT, seeds the stack protector, starts
 * the clock, reads the manifest, gives the main context its TLS block and
 * calls solo5_app_main().
 */
#ifndef GUEST_RT_KERNEL_H
#define GUEST_RT_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mft_abi.h"
#include "solo5.h"
#include "x86_trap_abi.h"
#include "guest-rt/rt.h"

#define RT_PAGE_SIZE 4096UL
#define RT_NORETURN __attribute__((noreturn))

/* Round (x) up / down to a multiple of (a), a power of two. */
static inline uint64_t rt_align_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}
static inline uint64_t rt_align_down(uint64_t x, uint64_t a)
{
    return x & ~(a - 1);
}

/* CPUID leaf (leaf, sub): r = {eax, ebx, ecx, edx}. */
static inline void rt_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ __volatile__("cpuid"
                         : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                         : "a"(leaf), "c"(sub));
}

/* lib.c: the C library functions the compiler may call. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/*
 * A paravirtual clock area as KVM (kvmclock) and Xen (vcpu_time_info) both
 * lay it out: ns = system_time + (((tsc - tsc_timestamp) << shift) * mul
 * >> 32), shift negative meaning a right shift; version is odd while the
 * host updates the fields.
 */
struct rt_pvclock {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
_Static_assert(sizeof(struct rt_pvclock) == 32, "pvclock layout");

/* What a target binding learned from its boot protocol. */
struct rt_boot {
    uint64_t mem_size;      /* guest memory is [0, mem_size) */
    uint64_t kernel_end;    /* first byte after the image and the binding's
                               own allocations */
    uint64_t tsc_freq;      /* TSC frequency, Hz (unused with pvclock) */
    /* If set, the monotonic clock is this area's system time. */
    const volatile struct rt_pvclock *pvclock;
    const char *cmdline;    /* never NULL */
    const struct mft *mft;  /* NULL: no devices */
    const struct rt_module *modules; /* boot modules, below kernel_end or */
    size_t nmodules;                 /* outside [0, mem_size) */
};

/* start.c */
void rt_start(const struct rt_boot *boot) RT_NORETURN;

/*
 * cpu.c: GDT with TSS and IST stacks, IDT for vectors 0-31. cpu_init() may
 * run more than once (a binding may call it early to catch boot faults).
 */
void cpu_init(void);
/* Point IDT vector 32..63 at (handler), an interrupt stub. */
void cpu_irq_gate(unsigned vector, uint64_t handler);
/* Is the host kvm_pvm (the runtime runs on DPL-3 segments there)? */
bool cpu_on_pvm(void);

/* traps.S / traps.c: register state saved by the trap entry stubs. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
extern const uint64_t trap_stubs[32]; /* entry point of each vector */
/* Reports the trap and halts, unless it was a fault a probe expects. */
void trap_handler(struct trap_frame *tf);
/*
 * The record of the trap being reported (x86_trap_abi.h), set just before
 * its abort, else NULL. The bindings hand it to the host with the abort
 * (hvt: HALT's cookie; virtio and xen-pvh: %r15 at the exit), for a core
 * dump's registers.
 */
extern const struct x86_trap_record *rt_trap_record;
/*
 * Probes (traps.S): an instruction that may fault on this host, true when
 * it ran. Need the IDT (cpu_init). rdmsr (#GP: an MSR the host lacks);
 * wrfsbase (#UD: no CR4.FSGSBASE); rdrand (#UD: none; false also when it
 * had no number ready).
 */
bool rt_rdmsr_safe(uint32_t msr, uint64_t *value);
bool rt_wrfsbase_safe(uint64_t base);
bool rt_rdrand_safe(uint64_t *value);
/* Where the trap path resumes a faulting probe instruction. */
struct rt_fixup {
    uint64_t insn, resume, vector;
};
extern const struct rt_fixup rt_fixups[], rt_fixups_end[];

/* ssp.c: seed __stack_chk_guard; before any code with a canary runs. */
void ssp_init(void);

/*
 * clock.c: the TSC scaled to nanoseconds since clock_init(), or, given a
 * pvclock area, that area's system time (Xen's timers take that time).
 */
void clock_init(uint64_t tsc_freq, const volatile struct rt_pvclock *pvclock);
uint64_t rt_rdtsc(void);
/* The time a pvclock area gives now, ns; never less than the last reading. */
uint64_t rt_pvclock_read(const volatile struct rt_pvclock *p);

/* tls.c */
void tls_boot(void);                         /* pick wrfsbase or wrmsr */
uintptr_t tls_setup_main(uintptr_t at);      /* returns the end of the block */

/*
 * Tables that fill themselves at link time, as vmm's do: RT_REGISTER(table,
 * var) puts a pointer to var (RT_REGISTER_AS: ptr, under var's name) in
 * section "rt_<table>"; the linker bounds it with __start_rt_<table> and
 * __stop_rt_<table>. Only linked objects count, so a binding's files that
 * register records go into its start object, linked whole, not into
 * libguest-rt.a.
 */
#define RT_REGISTER(table_, var_) RT_REGISTER_AS(table_, var_, &var_)
#define RT_REGISTER_AS(table_, var_, ptr_)                                     \
    static const __typeof__(*(ptr_)) *const rt_##table_##_##var_              \
        __attribute__((used, section("rt_" #table_), aligned(8))) = (ptr_)
#define RT_TABLE(table_, type_)                                                \
    extern const type_ *const __start_rt_##table_[], *const __stop_rt_##table_[]

/*
 * A device kind's driver on this target: how the kind's Solo5 API
 * (net.c, block.c) reaches it, after its own checks, for an acquired
 * device. One per kind in an image, registered with RT_DRIVER(): hvt's
 * hypercalls (hvt/guest_net.c, guest_block.c); on the PC targets, part of
 * each virtio driver's record (virtio/guest_net.c, guest_blk.c). offset is
 * for block devices (0 otherwise), read_size for network devices (NULL
 * otherwise).
 */
struct rt_driver {
    mft_type_t type;
    solo5_result_t (*write)(solo5_handle_t h, solo5_off_t offset,
                            const uint8_t *buf, size_t size);
    solo5_result_t (*read)(solo5_handle_t h, solo5_off_t offset, uint8_t *buf,
                           size_t size, size_t *read_size);
};
#define RT_DRIVER(var_) RT_REGISTER(drivers, var_)

/* mft.c */
void mft_init(const struct mft *mft);
/* The attached device (handle) of (type), or NULL. */
const struct mft_entry *mft_device(solo5_handle_t handle, mft_type_t type);
/*
 * Claim the device (name) of (type) once; SOLO5_R_EINVAL otherwise. (what)
 * names the kind in messages: "network".
 */
solo5_result_t mft_acquire(const char *name, mft_type_t type,
                           const char *what, solo5_handle_t *handle,
                           const struct mft_entry **entry);
/* The registered driver of (type), or NULL. */
const struct rt_driver *rt_driver_find(mft_type_t type);

/* exit.c: stop with (status); abort paths use SOLO5_EXIT_ABORT. */
void rt_halt(int status) RT_NORETURN;

/*
 * The target binding (guest-rt/<target>/) provides these. None of them may
 * be called before rt_start() unless noted.
 */
extern const char plat_target_name[];
void plat_console_write(const char *buf, size_t size); /* any time */
uint64_t plat_wall_nsecs(void);          /* host wall clock, ns since epoch */
/* Sleep until (deadline) or net input; returns the ready set. */
solo5_handle_set_t plat_yield(solo5_time_t deadline);
void plat_halt(int status) RT_NORETURN;  /* any time */
/* Device I/O goes through the registered drivers (struct rt_driver). */

#endif /* GUEST_RT_KERNEL_H */
