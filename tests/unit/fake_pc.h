/*
 * fake_pc.h: the virtio target's PC without KVM for device tests: every
 * registered PC device on a struct pc, a fake kvm_run that pc_on_io()
 * reads its KVM_EXIT_IO from, vCPU fd -1 (register dumps just say they
 * cannot read).
 */
#ifndef TESTS_UNIT_FAKE_PC_H
#define TESTS_UNIT_FAKE_PC_H

#include <stdbool.h>
#include <stdint.h>

#include "pc/host_pc.h"

struct fx {
    struct vmm v;
    struct pc pc;
    _Alignas(8) uint8_t run[4096];
    enum exit_result res; /* of the last io() */
};

void fx_init(struct fx *f);

/* One port access through pc_on_io(); a read's value (f->res: how). */
uint32_t io(struct fx *f, uint16_t port, unsigned size, bool write,
            uint32_t val);

#endif
