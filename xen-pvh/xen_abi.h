/*
 * xen_abi.h: the parts of the Xen PVH boot ABI and the Xen hypercall ABI
 * that a PVH unikernel uses, read by guest-rt's xen-pvh binding and by vmm's
 * PVH loader and Xen hypercall shim alike. Self-contained C99, x86_64 only.
 * Facts (numbers, layouts) from Xen's public headers; written anew here.
 */
#ifndef VMM_XEN_ABI_H
#define VMM_XEN_ABI_H

#include <stdint.h>

/* --- PVH boot -------------------------------------------------------- */

#define XEN_ELFNOTE_PHYS32_ENTRY 18 /* note owner "Xen"; desc: 32-bit entry */
#define HVM_START_MAGIC 0x336ec578u

/* In %ebx at the 32-bit entry (paging off, flat 32-bit segments). */
struct hvm_start_info {
    uint32_t magic;          /* IN: HVM_START_MAGIC */
    uint32_t version;        /* IN: 1 (has the memory map) */
    uint32_t flags;          /* IN: SIF_* */
    uint32_t nr_modules;     /* IN */
    uint64_t modlist_paddr;  /* IN: struct hvm_modlist_entry[nr_modules] */
    uint64_t cmdline_paddr;  /* IN: C string, 0 if none */
    uint64_t rsdp_paddr;     /* IN: ACPI RSDP, 0 if none */
    uint64_t memmap_paddr;   /* IN: struct hvm_memmap_table_entry[] */
    uint32_t memmap_entries; /* IN */
    uint32_t reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr;         /* IN: module start */
    uint64_t size;          /* IN: bytes */
    uint64_t cmdline_paddr; /* IN: C string, 0 if none */
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;     /* IN */
    uint64_t size;     /* IN */
    uint32_t type;     /* IN: XEN_HVM_MEMMAP_TYPE_* (E820 numbering) */
    uint32_t reserved;
};

#define XEN_HVM_MEMMAP_TYPE_RAM 1
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2
#define XEN_HVM_MEMMAP_TYPE_ACPI 3

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info layout");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "modlist layout");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "memmap layout");

/* --- CPUID and the hypercall page ------------------------------------ */

#define XEN_CPUID_FIRST_LEAF 0x40000000u /* guests scan in steps of 0x100 */
#define XEN_CPUID_LEAF_STEP 0x100u
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */
/* leaf base+1: eax = version (major << 16 | minor) */
/* leaf base+2: eax = hypercall pages, ebx = MSR that installs them */
#define XEN_HYPERCALL_PAGE_MSR 0x40000000u
#define XEN_HYPERCALL_STUB_SIZE 32 /* entry nr at page + 32 * nr */

/* Hypercall numbers; arguments in rdi, rsi, rdx, r10, r8; result in rax. */
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op 34

/* Errors are returned negated. */
#define XEN_EPERM 1
#define XEN_ENOENT 2
#define XEN_EFAULT 14
#define XEN_EINVAL 22
#define XEN_ENOSYS 38

/* xen_version */
#define XENVER_version 0

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* sched_op(cmd, arg) */
#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2 /* arg: struct sched_shutdown */
#define SCHEDOP_poll 3     /* arg: struct sched_poll */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3

struct sched_shutdown {
    uint32_t reason; /* IN: SHUTDOWN_* */
};

struct sched_poll {
    uint64_t ports;     /* IN: guest address of uint32_t ports[nr_ports] */
    uint32_t nr_ports;  /* IN */
    uint32_t pad;
    uint64_t timeout;   /* IN: absolute system time (ns), 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll layout");

/* vcpu_op(cmd, vcpu, arg) */
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* IN: absolute system time */
    uint32_t flags;          /* IN */
    uint32_t pad;
};

/* memory_op(cmd, arg) */
#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map 10
#define XENMAPSPACE_shared_info 0

struct xen_add_to_physmap {
    uint16_t domid; /* IN: DOMID_SELF (0x7ff0) */
    uint16_t size;  /* IN: ignored for shared_info */
    uint32_t space; /* IN: XENMAPSPACE_* */
    uint64_t idx;   /* IN: 0 for shared_info */
    uint64_t gpfn;  /* IN: guest frame to place it at */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "add_to_physmap");

struct xen_memory_map {
    uint32_t nr_entries; /* IN: buffer capacity; OUT: entries written */
    uint32_t pad;
    uint64_t buffer;     /* IN: guest address of E820 entries (20 bytes each) */
};
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map layout");

#define DOMID_SELF 0x7ff0

/* hvm_op(cmd, arg) */
#define HVMOP_set_param 0
#define HVMOP_get_param 1
#define HVMOP_set_evtchn_upcall_vector 23
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_STORE_PFN 1
#define HVM_PARAM_STORE_EVTCHN 2
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18

struct xen_hvm_param {
    uint16_t domid;  /* IN: DOMID_SELF */
    uint16_t pad;
    uint32_t index;  /* IN: HVM_PARAM_* */
    uint64_t value;  /* IN (set) / OUT (get) */
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param layout");

struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;  /* IN */
    uint8_t vector; /* IN: IDT vector the upcall is delivered on */
    uint8_t pad[3];
};

/* event_channel_op(cmd, arg) */
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_unmask 9
#define VIRQ_TIMER 0

struct evtchn_bind_virq {
    uint32_t virq; /* IN */
    uint32_t vcpu; /* IN */
    uint32_t port; /* OUT */
};
struct evtchn_send {
    uint32_t port; /* IN */
};
struct evtchn_unmask {
    uint32_t port; /* IN */
};

/* --- shared info page (2-level event channels, one vCPU used) --------- */

struct vcpu_time_info {
    uint32_t version;           /* odd while being updated */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC at system_time */
    uint64_t system_time;       /* ns since boot */
    uint32_t tsc_to_system_mul; /* ns = ((tsc delta << shift) * mul) >> 32 */
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info layout");

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t pad[6];
    uint64_t evtchn_pending_sel;
    uint64_t arch_cr2;
    uint64_t arch_pad;
    struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info layout");

#define XEN_LEGACY_MAX_VCPUS 32
#define XEN_EVTCHN_WORDS 64 /* 64 x 64 = 4096 ports */

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[XEN_EVTCHN_WORDS];
    uint64_t evtchn_mask[XEN_EVTCHN_WORDS];
    uint32_t wc_version; /* odd while being updated */
    uint32_t wc_sec;     /* wall clock at system time 0 */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    /* arch_shared_info follows; vmm leaves it zero */
};
_Static_assert(sizeof(struct vcpu_info) * 32 == 2048, "vcpu_info array");
_Static_assert(sizeof(struct shared_info) == 3088, "shared_info layout");

/* --- console ring (HVM_PARAM_CONSOLE_PFN page) ------------------------ */

struct xencons_interface {
    char in[1024];
    char out[2048];
    uint32_t in_cons, in_prod;   /* ring indices, free-running */
    uint32_t out_cons, out_prod;
};
_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons layout");

/* --- vmm's extension: the exact exit status -------------------------- */

/*
 * vmm's Xen shim shows its own signature "vmmvmmvmm\0\0\0" (EBX, ECX, EDX)
 * at hypervisor CPUID leaf VMM_CPUID_LEAF, after Xen's (a guest that found
 * Xen need not look further). A guest that sees it may shut down with reason
 * VMM_SHUTDOWN_STATUS + n to exit with status n (1..254); real Xen has no
 * such reason, so there guests use SHUTDOWN_poweroff for those statuses.
 * Status 0 is SHUTDOWN_poweroff and 255 (abort) SHUTDOWN_crash everywhere.
 */
#define VMM_CPUID_LEAF 0x40000100u
#define VMM_CPUID_SIGNATURE_EBX 0x766d6d76u /* "vmmv" */
#define VMM_CPUID_SIGNATURE_ECX 0x6d766d6du /* "mmvm" */
#define VMM_CPUID_SIGNATURE_EDX 0x0000006du /* "m\0\0\0" */
#define VMM_SHUTDOWN_STATUS 0x100u

#endif /* VMM_XEN_ABI_H */
