/*
 * host_pc.h: the emulated PC of the virtio target, and nothing more than its
 * guests touch: I/O ports served by devices that register themselves.
 *
 * Fixed devices (COM1, CMOS RTC, isa-debug-exit, ACPI PM, PCI config
 * ports) register with PC_DEVICE() (a linker section) and add their port
 * ranges in their init function; PCI functions add theirs when created.
 * A port no device serves (or an access size its device does not decode)
 * is left to the core: on a PC's open bus it reads all-ones and drops
 * writes, or stops the guest under --strict-io (vmm/unserved.h).
 */
#ifndef VMM_PC_H
#define VMM_PC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/registry.h"
#include "vmm/vmm.h"

#define PC_MAX_IO 96

/* Guest-physical layout below 1 MiB (all of it RAM to KVM). */
#define PC_GDT_GPA 0x1000
#define PC_STACK_TOP 0x8000 /* %esp at entry; the guest sets its own */
#define PC_MB_INFO_GPA 0x8000
#define PC_MB_MMAP_GPA 0x8100
#define PC_MB_LOADER_GPA 0x8200
#define PC_CMDLINE_GPA 0x9000
#define PC_CMDLINE_SIZE 8192
#define PC_EBDA 0x9fc00 /* reserved from here to 0xa0000 */
#define PC_BIOS 0xe0000 /* reserved from here to 1 MiB: ACPI tables */
#define PC_LOW_END 0xa0000

/*
 * RAM is one range from 0, and it ends below the PC's I/O hole: from
 * 0xf0000000 up to 4 GiB the addresses are the devices' (IOAPIC, LAPIC,
 * PVH's area). The PC targets' --mem limit, and why (target.h).
 */
#define PC_IO_HOLE_GPA 0xf0000000ULL
#define PC_RAM_MAX_MB (unsigned)(PC_IO_HOLE_GPA >> 20) /* 3840 */
#define PC_RAM_LIMIT                                                           \
    "its RAM ends where the PC's I/O hole starts, at 3840 MiB"

struct pc;
struct iothread;
struct mft;

/*
 * One access to a port in [base, base + len): off from base, size 1, 2 or
 * 4; a read fills *val. EXIT_UNHANDLED: the device does not decode it (an
 * unserved port access, vmm/unserved.h).
 */
typedef enum exit_result (*pc_io_fn)(struct pc *pc, void *opaque, uint16_t off,
                                     unsigned size, bool write, uint32_t *val);

struct pc_io_region {
    uint16_t base, len;
    const char *name; /* "com1": one word, for messages and --stats */
    pc_io_fn fn;
    void *opaque;
};

/*
 * Solo5's virtio exit convention (host_solo5_exit.c): when on, a write of
 * PC_SOLO5_EXIT_VALUE to isa-debug-exit ends the guest with the value its
 * console lines gave (pc_solo5_exit_value), fed byte by byte by COM1.
 */
#define PC_SOLO5_EXIT_VALUE 41
struct pc_solo5_exit {
    bool on;       /* set by the target for an image that follows it */
    bool aborted;  /* an abort line was seen */
    int64_t value; /* N of the last "solo5_exit(N) called" line, else 0 */
    size_t n;      /* bytes in line */
    char line[64];
};
void pc_solo5_exit_byte(struct pc_solo5_exit *s, char c);
int64_t pc_solo5_exit_value(const struct pc_solo5_exit *s);

struct pc {
    struct vmm *v;
    unsigned nio;
    struct pc_io_region io[PC_MAX_IO];
    void *uart; /* flushed before vmm prints anything */
    struct pc_solo5_exit solo5;
};

struct pc_device_def {
    const char *name;
    int (*init)(struct pc *pc, char *err, size_t errlen);
};

#define PC_DEVICE(var_) VMM_REGISTER(pc_devices, var_)

/*
 * The PC targets' hooks of the run sequence (vmm/run.h; pc_build.c):
 * pc_vm_devices, the in-kernel irqchip and PIT, before the vCPU;
 * pc_build, the vCPU's LAPIC and kvmclock CPUID, every registered device
 * and a virtio-PCI function per attached device of v->mft, served by
 * v->io; v->target = pc. 0, or -1 with err. pc_flush writes the UART's
 * output, pc_sandbox declares the I/O thread and the vCPU's ioctls,
 * pc_cleanup counts the devices' work for --stats.
 */
int pc_vm_devices(struct vmm *v, char *err, size_t errlen);
int pc_build(struct vmm *v, struct pc *pc, char *err, size_t errlen);
void pc_flush(struct vmm *v);
void pc_sandbox(struct vmm *v);
void pc_cleanup(struct vmm *v);

/* Run every registered device's init; 0, or -1 with err. */
int pc_init_devices(struct pc *pc, char *err, size_t errlen);

/* Serve [base, base + len) with fn; 0, or -1 (overlap, table full). */
int pc_io_add(struct pc *pc, uint16_t base, uint16_t len, const char *name,
              pc_io_fn fn, void *opaque, char *err, size_t errlen);
/* Stop serving the region of opaque that starts at base. */
void pc_io_remove(struct pc *pc, uint16_t base, void *opaque);

/* The target's on_io: dispatch vm.run's KVM_EXIT_IO to its region. */
enum exit_result pc_on_io(struct vmm *v);

/* The PC of the running vmm (set by pc_build). */
struct pc *pc_of(struct vmm *v);

/* Write the UART's buffered output (before vmm's own messages). */
void pc_uart_flush(struct pc *pc);
/* COM1's rights in the sandbox (KVM_IRQ_LINE on the VM; reading stdin
 * where it is the UART's input); its input's fds closed. */
void pc_uart_sandbox(struct pc *pc);
void pc_uart_cleanup(struct pc *pc);

/* ACPI tables (host_acpi.h: RSDP, RSDT, XSDT, FADT, FACS, MADT, DSDT) into
 * guest memory. */
int pc_acpi_write(struct guest_mem *m, char *err, size_t errlen);

/* The in-kernel irqchip and PIT, the LAPIC's LINT0/1 and kvmclock CPUID. */
int pc_kvm_setup(struct kvm_vm *vm, char *err, size_t errlen);
/* The PIC's masks and PIT channel 0 as a BIOS leaves them (after both
 * exist); 0, or -1 with err. */
int pc_kvm_bios_state(struct kvm_vm *vm, char *err, size_t errlen);
int pc_kvm_vcpu_setup(struct kvm_vm *vm, char *err, size_t errlen);

#endif
