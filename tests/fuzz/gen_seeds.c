/*
 * gen_seeds.c: write the synthetic seeds of the fuzz harnesses into
 * DIR/<harness>/ (make fuzz-seeds). Each seed is a small input the harness
 * accepts and walks deep (a ring with chains, a hypercall sequence with
 * good arguments, a Multiboot image of each layout, manifests), plus a few
 * malformed ones next to each. Stripped real guest images are added by
 * fuzz.mk beside these when build/tests/guests/ has them. The seeds of
 * each harness are written by one of gen_seeds_*.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_seeds.h"

static const char *out_dir;
static unsigned written;

void put(struct buf *f, size_t at, const void *p, size_t n)
{
    if (at + n > CAP) {
        fprintf(stderr, "gen_seeds: seed larger than %d bytes\n", CAP);
        exit(1);
    }
    memcpy(f->b + at, p, n);
    if (at + n > f->len)
        f->len = at + n;
}

void put32(struct buf *f, size_t at, uint32_t v)
{
    put(f, at, &v, 4);
}

void save(const char *harness, const char *name, const struct buf *f)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, harness, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(f->b, 1, f->len, fp) != f->len || fclose(fp) != 0) {
        perror(path);
        exit(1);
    }
    written++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_seeds DIR (writes DIR/<harness>/*)\n");
        return 2;
    }
    out_dir = argv[1];
    multiboot();
    pvh();
    notes();
    virtq();
    hypercalls();
    vdev_blk();
    vdev_net();
    vdev_regs();
    xen_shim();
    printf("gen_seeds: wrote %u seeds under %s\n", written, out_dir);
    return 0;
}
