/*
 * hvt_abi.h: the hvt hypercall ABI between vmm and a guest (Solo5 hvt ABI v2).
 *
 * Self-contained C99. Both sides include it: the host defines HVT_HOST first,
 * which turns every guest pointer into a plain integer (hvt_gpa_t) that host
 * code cannot dereference by accident.
 *
 * A hypercall is a 32-bit `outl` to port HVT_HYPERCALL_PIO_BASE + nr whose
 * value is the guest-physical address of the argument struct.
 */
#ifndef VMM_HVT_ABI_H
#define VMM_HVT_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "solo5_elf_abi.h"

#define HVT_ABI_VERSION 2

/* The image may not be loaded below this guest-physical address. */
#define HVT_GUEST_MIN_BASE 0x100000

/* Hypercall I/O ports start here. */
#define HVT_HYPERCALL_PIO_BASE 0x500

#ifdef HVT_HOST
typedef uint64_t hvt_gpa_t;
#define HVT_GUEST_PTR(T) hvt_gpa_t
#else
#define HVT_GUEST_PTR(T) T
/* Issue hypercall nr with arg; arg must lie below 4 GiB (identity mapped). */
static inline void hvt_do_hypercall(int nr, volatile void *arg)
{
    __asm__ __volatile__("outl %0, %1"
                         :
                         : "a"((uint32_t)(uintptr_t)arg),
                           "d"((uint16_t)(HVT_HYPERCALL_PIO_BASE + nr))
                         : "memory");
}
#endif

/* Passed in %rdi to the guest entry point. */
struct hvt_boot_info {
    uint64_t mem_size;                   /* IN: guest memory, bytes */
    uint64_t kernel_end;                 /* IN: first byte after the image */
    uint64_t cpu_cycle_freq;             /* IN: TSC frequency, Hz */
    HVT_GUEST_PTR(const char *) cmdline; /* IN: NUL-terminated command line */
    HVT_GUEST_PTR(const void *) mft;     /* IN: struct mft, devices filled in */
};

/* Largest command line, terminator included. */
#define HVT_CMDLINE_SIZE 8192

enum hvt_hypercall {
    HVT_HYPERCALL_WALLTIME = 1,
    HVT_HYPERCALL_PUTS = 2,
    HVT_HYPERCALL_POLL = 3,
    HVT_HYPERCALL_BLOCK_WRITE = 4,
    HVT_HYPERCALL_BLOCK_READ = 5,
    HVT_HYPERCALL_NET_WRITE = 6,
    HVT_HYPERCALL_NET_READ = 7,
    HVT_HYPERCALL_HALT = 8,
    HVT_HYPERCALL_MAX
};

/* WALLTIME: host wall clock. */
struct hvt_hc_walltime {
    uint64_t nsecs; /* OUT: nanoseconds since the UNIX epoch */
};

/* PUTS: write bytes to the console. */
struct hvt_hc_puts {
    HVT_GUEST_PTR(const char *) data; /* IN */
    size_t len;                       /* IN */
};

/* BLOCK_WRITE: write len bytes at offset (both multiples of block_size). */
struct hvt_hc_block_write {
    uint64_t handle;                  /* IN */
    uint64_t offset;                  /* IN */
    HVT_GUEST_PTR(const void *) data; /* IN */
    size_t len;                       /* IN */
    int ret;                          /* OUT: solo5_result_t */
};

/* BLOCK_READ: read len bytes at offset (both multiples of block_size). */
struct hvt_hc_block_read {
    uint64_t handle;            /* IN */
    uint64_t offset;            /* IN */
    HVT_GUEST_PTR(void *) data; /* IN */
    size_t len;                 /* IN/OUT */
    int ret;                    /* OUT: solo5_result_t */
};

/* NET_WRITE: send one Ethernet frame. */
struct hvt_hc_net_write {
    uint64_t handle;                  /* IN */
    HVT_GUEST_PTR(const void *) data; /* IN */
    size_t len;                       /* IN */
    int ret;                          /* OUT: solo5_result_t */
};

/* NET_READ: receive one Ethernet frame without blocking. */
struct hvt_hc_net_read {
    uint64_t handle;            /* IN */
    HVT_GUEST_PTR(void *) data; /* IN */
    size_t len;                 /* IN: buffer size; OUT: frame size */
    int ret;                    /* OUT: solo5_result_t */
};

/* POLL: wait up to timeout_nsecs for input on any attached net device. */
struct hvt_hc_poll {
    uint64_t timeout_nsecs; /* IN: relative to the call */
    uint64_t ready_set;     /* OUT: bit n set: handle n has input */
    int ret;                /* OUT: 1 if any device is ready, else 0 */
};

/* HALT: stop the guest; cookie (optional) points at HVT_HALT_COOKIE_MAX bytes. */
#define HVT_HALT_COOKIE_MAX 512
struct hvt_hc_halt {
    HVT_GUEST_PTR(void *) cookie; /* IN: may be 0 */
    int exit_status;              /* IN */
};

_Static_assert(sizeof(struct hvt_boot_info) == 40, "hvt_boot_info layout");
_Static_assert(sizeof(struct hvt_hc_puts) == 16, "hvt_hc_puts layout");
_Static_assert(sizeof(struct hvt_hc_block_write) == 40, "block_write layout");
_Static_assert(offsetof(struct hvt_hc_block_read, ret) == 32, "block_read layout");
_Static_assert(sizeof(struct hvt_hc_net_write) == 32, "net_write layout");
_Static_assert(offsetof(struct hvt_hc_net_read, ret) == 24, "net_read layout");
_Static_assert(offsetof(struct hvt_hc_poll, ret) == 16, "poll layout");
_Static_assert(offsetof(struct hvt_hc_halt, exit_status) == 8, "halt layout");

#endif /* VMM_HVT_ABI_H */
