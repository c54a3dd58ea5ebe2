/*
 * fake_xen.h: the Xen shim over a fake guest memory (no KVM) for the shim's
 * unit tests: 2 MiB of RAM, the console ring, and a host that only records
 * the upcalls it is asked to inject. Hypercall arguments go through guest
 * memory at XF_ARG, as a guest passes them.
 */
#ifndef TESTS_UNIT_FAKE_XEN_H
#define TESTS_UNIT_FAKE_XEN_H

#include <stddef.h>
#include <stdint.h>

#include "xen-pvh/host_pvh.h"
#include "xen-pvh/host_xen.h"

#define XF_MEM (2ULL << 20)
#define XF_CONSOLE (PVH_AREA_GPA + PVH_AREA_CONSOLE)
#define XF_ARG 0x10000ULL    /* where the tests put argument structs */
#define XF_SHINFO 0x20000ULL /* the guest's shared info frame */
#define XF_MS 1000000ULL

struct xen_fake {
    struct xen x;
    struct xencons_interface console;
    struct guest_mem mem;
    unsigned injected;   /* upcalls injected */
    uint8_t last_vector; /* on this vector, last */
};
extern struct xen_fake xf;

/* Criterion .init and .fini: a fresh shim (3 GHz TSC), and its end. */
void xf_setup(void);
void xf_teardown(void);

/* Hypercall nr with these arguments and RFLAGS; the result in *ret. */
enum xen_verdict xf_call_v(unsigned nr, uint64_t a0, uint64_t a1,
                           uint64_t rflags, int64_t *ret);
/*
 * Hypercall nr(a0, XF_ARG) with *arg copied to XF_ARG before and back
 * after (arg may be NULL); it must resume the guest. Returns its result.
 */
int64_t xf_call(unsigned nr, uint64_t a0, const void *arg, size_t len);

/* Shared info placed at XF_SHINFO; VIRQ_TIMER bound (its port); the
 * upcall vector set. Each asserts that the shim accepted it. */
struct shared_info *xf_map_shinfo(void);
uint32_t xf_bind_timer(void);
void xf_set_vector(uint8_t v);

#endif
