/*
 * fake_hvt.h: an hvt guest without KVM for hypercall tests: a calloc'd
 * guest memory, vCPU fds of -1 (register dumps just say they cannot read),
 * and a host manifest whose entries the test attaches by hand.
 */
#ifndef TESTS_UNIT_FAKE_HVT_H
#define TESTS_UNIT_FAKE_HVT_H

#include <stdint.h>

#include "hvt/host_hvt.h"
#include "vmm/devices.h"

#define FAKE_MEM_SIZE (1ULL << 20)
#define FAKE_ARG 0x1000ULL  /* where tests put the argument struct */
#define FAKE_BUF 0x10000ULL /* and data buffers */

struct fake {
    struct vmm v;
    struct hvt h;
    uint8_t *mem;
};

/* Entry 0 reserved, then n entries of these names/types, none attached. */
void fake_init(struct fake *f, unsigned n, const char *const *names,
               const uint32_t *types);
void fake_free(struct fake *f);

/*
 * Run hypercall nr with its argument at gpa, capturing stderr; *msg gets
 * what was written there (malloc'd, free it) when msg is not NULL.
 */
enum hc_result fake_call(struct fake *f, unsigned nr, uint64_t gpa,
                         char **msg);

/* Copy an argument struct in and out of guest memory at gpa. */
void fake_put(struct fake *f, uint64_t gpa, const void *src, size_t len);
void fake_get(struct fake *f, uint64_t gpa, void *dst, size_t len);

#endif
