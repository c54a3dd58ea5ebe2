/*
 * gen_seeds.h: what the seed writers of tests/fuzz/gen_seeds*.c share: a
 * seed buffer, writing into it, and saving it as DIR/<harness>/<name>.
 * Each gen_seeds_*.c writes the seeds of some harnesses; gen_seeds.c runs
 * them all.
 */
#ifndef TESTS_FUZZ_GEN_SEEDS_H
#define TESTS_FUZZ_GEN_SEEDS_H

#include <stddef.h>
#include <stdint.h>

#define CAP 0x12000

struct buf {
    uint8_t b[CAP];
    size_t len;
};

/* Copy n bytes to offset at, growing the seed; exits past CAP. */
void put(struct buf *f, size_t at, const void *p, size_t n);
void put32(struct buf *f, size_t at, uint32_t v);
/* Write the seed as DIR/harness/name; exits on failure. */
void save(const char *harness, const char *name, const struct buf *f);

/* gen_seeds_images.c: elf, notes, multiboot and pvh. */
void multiboot(void);
void pvh(void);
void notes(void);
/* gen_seeds_rings.c: virtq and hypercalls. */
void virtq(void);
void hypercalls(void);
/* gen_seeds_vdev.c: vdev. */
void vdev_blk(void);
void vdev_net(void);
void vdev_regs(void);
/* gen_seeds_xen.c: xen. */
void xen_shim(void);

#endif
