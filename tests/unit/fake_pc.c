/* fake_pc.c: the PC without KVM for device tests (fake_pc.h). */
#include "fake_pc.h"

#include "unit.h"

#define DATA_OFF 1024

void fx_init(struct fx *f)
{
    char err[256];
    memset(f, 0, sizeof(*f));
    f->v.vm.run = (struct kvm_run *)f->run;
    f->v.vm.vcpu_fd = -1;
    f->v.vm.vm_fd = -1;
    f->v.target = &f->pc;
    f->pc.v = &f->v;
    cr_assert_eq(pc_init_devices(&f->pc, err, sizeof(err)), 0, "%s", err);
}

uint32_t io(struct fx *f, uint16_t port, unsigned size, bool write,
            uint32_t val)
{
    struct kvm_run *run = f->v.vm.run;
    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = write ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
    run->io.size = (uint8_t)size;
    run->io.port = port;
    run->io.count = 1;
    run->io.data_offset = DATA_OFF;
    memset(f->run + DATA_OFF, 0xaa, 4);
    if (write)
        memcpy(f->run + DATA_OFF, &val, size);
    f->res = pc_on_io(&f->v);
    uint32_t out = 0;
    memcpy(&out, f->run + DATA_OFF, size);
    return out;
}
