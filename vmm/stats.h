/*
 * stats.h: what `vmm run --stats` prints at exit: VM exits by reason (on
 * virtio: by device or port), work done without an exit, time from exec to
 * the first guest instruction, total run time, peak RSS; on xen-pvh the
 * hypercalls vmm refused with -ENOSYS; on the PC targets the I/O ports and
 * addresses nothing serves, with their reads and writes (stats_unserved.c);
 * whether the sandbox was on.
 */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define STATS_MAX_COUNTERS 96
#define STATS_MAX_QUIET 64
#define STATS_MAX_ENOSYS 32
#define STATS_MAX_UNSERVED 64

struct stats {
    uint64_t exec_ns;      /* estimated exec time on CLOCK_MONOTONIC */
    uint64_t first_run_ns; /* first KVM_RUN */
    uint64_t end_ns;
    unsigned n;
    struct {
        const char *name; /* static string */
        uint64_t count;
    } counter[STATS_MAX_COUNTERS];
    unsigned nquiet;
    struct {
        const char *name; /* static string */
        uint64_t count;
    } quiet[STATS_MAX_QUIET]; /* work done without a VM exit */
    unsigned nenosys;
    struct {
        const char *name; /* static string */
        uint64_t count;
    } enosys[STATS_MAX_ENOSYS]; /* hypercalls answered -ENOSYS, by name */
    const char *kvm;   /* which KVM ran the guest (kvm_flavour), or NULL */
    char sandbox[200]; /* which sandbox mode ran (sandbox_mode); "": none */
    unsigned nunserved;
    struct {
        uint64_t addr; /* the port, or the guest-physical address */
        bool mmio;
        uint64_t reads, writes;     /* items: a rep ins of n bytes reads n */
    } unserved[STATS_MAX_UNSERVED]; /* unserved ports and addresses */
    uint64_t unserved_more; /* accesses to others, once the table is full */
};

uint64_t stats_now_ns(void);
/* Record the process start: call first thing in main(). */
void stats_start(struct stats *s);
/* Add one to the counter called name (a string with static lifetime). */
void stats_count(struct stats *s, const char *name);
uint64_t stats_get(const struct stats *s, const char *name);
/* Every counter added up: the VM exits so far. */
uint64_t stats_total(const struct stats *s);
/* Record work served without a VM exit (ioeventfd, irqfd): name = count. */
void stats_quiet(struct stats *s, const char *name, uint64_t count);
/* A hypercall (static name) the shim does not offer was answered -ENOSYS. */
void stats_enosys(struct stats *s, const char *name);
/* n accesses to an unserved port or (mmio) address, read or written. */
void stats_unserved(struct stats *s, bool mmio, uint64_t addr, bool write,
                    uint64_t n);
/* The reads (or writes) counted for that port or address. */
uint64_t stats_unserved_get(const struct stats *s, bool mmio, uint64_t addr,
                            bool write);
void stats_print(const struct stats *s, FILE *f);
/* stats_print's lines for the unserved ports and addresses. */
void stats_print_unserved(const struct stats *s, FILE *f);

#endif
