/* host_io.c: the PC's I/O port space: regions, and dispatching exits to
 * them. */
#include <stdio.h>
#include <string.h>

#include "vmm/exit_status.h"
#include "host_pc.h"

VMM_REGISTRY(pc_devices, struct pc_device_def);

int pc_init_devices(struct pc *pc, char *err, size_t errlen)
{
    VMM_FOREACH(pc_devices, struct pc_device_def, d)
        if (d->init(pc, err, errlen) < 0)
            return -1;
    return 0;
}

int pc_io_add(struct pc *pc, uint16_t base, uint16_t len, const char *name,
              pc_io_fn fn, void *opaque, char *err, size_t errlen)
{
    uint32_t end = (uint32_t)base + len;
    if (len == 0 || end > 0x10000) {
        snprintf(err, errlen, "%s: I/O ports 0x%x+%u out of range", name, base,
                 len);
        return -1;
    }
    for (unsigned i = 0; i < pc->nio; i++) {
        const struct pc_io_region *r = &pc->io[i];
        if (base < r->base + r->len && r->base < end) {
            snprintf(err, errlen, "%s: I/O ports 0x%x+%u overlap %s", name,
                     base, len, r->name);
            return -1;
        }
    }
    if (pc->nio == PC_MAX_IO) {
        snprintf(err, errlen, "%s: more than %d I/O port ranges", name,
                 PC_MAX_IO);
        return -1;
    }
    pc->io[pc->nio++] = (struct pc_io_region){base, len, name, fn, opaque};
    return 0;
}

void pc_io_remove(struct pc *pc, uint16_t base, void *opaque)
{
    for (unsigned i = 0; i < pc->nio; i++)
        if (pc->io[i].base == base && pc->io[i].opaque == opaque) {
            pc->io[i] = pc->io[--pc->nio];
            return;
        }
}

static struct pc_io_region *find(struct pc *pc, uint16_t port, unsigned size)
{
    for (unsigned i = 0; i < pc->nio; i++) {
        struct pc_io_region *r = &pc->io[i];
        if (port >= r->base && port + size <= (uint32_t)r->base + r->len)
            return r;
    }
    return NULL;
}

enum exit_result pc_on_io(struct vmm *v)
{
    struct pc *pc = pc_of(v);
    struct kvm_run *run = v->vm.run;
    bool write = run->io.direction == KVM_EXIT_IO_OUT;
    unsigned size = run->io.size;
    const struct pc_io_region *found = find(pc, run->io.port, size);
    if (!found || (size != 1 && size != 2 && size != 4)) {
        stats_count(&v->stats, "unserved-port");
        return EXIT_UNHANDLED;
    }
    /* A copy: a config write that moves a BAR reorders the table. */
    const struct pc_io_region r = *found;
    stats_count(&v->stats, r.name);
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    /* String I/O (rep ins/outs) arrives as count items at once. */
    for (uint32_t i = 0; i < run->io.count; i++) {
        uint32_t val = 0;
        if (write)
            memcpy(&val, data + i * size, size);
        enum exit_result res = r.fn(
            pc, r.opaque, (uint16_t)(run->io.port - r.base), size, write, &val);
        if (res != EXIT_HANDLED)
            return res;
        if (!write)
            memcpy(data + i * size, &val, size);
    }
    return EXIT_HANDLED;
}

struct pc *pc_of(struct vmm *v)
{
    return v->target; /* the virtio target's state is its struct pc */
}
