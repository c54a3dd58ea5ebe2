/*
 * test_pci_widths.c: PCI configuration mechanism #1 with byte, word and
 * dword accesses at 0xcfc..0xcff, through pc_on_io() as the run loop
 * dispatches it (an access no device decodes goes on to the open bus,
 * vmm/unserved.c): reads agree at every width, byte and word writes land
 * in their register, and the accesses to 0xcf8..0xcfb that are not a
 * dword (Linux's byte write to 0xcfb) are unserved: dropped, read as
 * ones, a stop under --strict-io.
 */
#include <stdlib.h>

#include "fake_pc.h"
#include "pc/host_pci.h"
#include "unit.h"
#include "vmm/exit_status.h"
#include "vmm/run.h"
#include "vmm/unserved.h"

static const struct target_ops pc_ops = {.open_bus = true};

static struct fx *fx_new(bool strict)
{
    static struct run_opts o;
    struct fx *f = calloc(1, sizeof(*f));
    cr_assert(f);
    fx_init(f);
    memset(&o, 0, sizeof(o));
    o.strict_io = strict;
    f->v.ops = &pc_ops;
    f->v.opts = &o;
    return f;
}

/* One access as the run loop makes it: the device, else the open bus. */
static uint32_t bus(struct fx *f, uint16_t port, unsigned size, bool write,
                    uint32_t val)
{
    uint32_t v = io(f, port, size, write, val);
    if (f->res == EXIT_UNHANDLED) {
        const struct kvm_run *run = f->v.vm.run;
        f->res = vmm_unserved_io(&f->v);
        v = 0;
        memcpy(&v, (const uint8_t *)run + run->io.data_offset, size);
    }
    return v;
}

static void select_reg(struct fx *f, unsigned dev, unsigned reg)
{
    bus(f, 0xcf8, 4, true, 0x80000000u | dev << 11 | (reg & 0xfc));
    cr_assert_eq(f->res, EXIT_HANDLED);
}

static uint32_t cfg(struct fx *f, unsigned dev, unsigned reg, unsigned size)
{
    select_reg(f, dev, reg);
    uint32_t v = bus(f, (uint16_t)(0xcfc + (reg & 3)), size, false, 0);
    cr_assert_eq(f->res, EXIT_HANDLED);
    cr_assert_eq(stats_get(&f->v.stats, "unserved-port"), 0,
                 "reg 0x%x size %u unserved", reg, size);
    return v;
}

static void cfg_write(struct fx *f, unsigned dev, unsigned reg, unsigned size,
                      uint32_t v)
{
    select_reg(f, dev, reg);
    bus(f, (uint16_t)(0xcfc + (reg & 3)), size, true, v);
    cr_assert_eq(f->res, EXIT_HANDLED);
}

/* Every byte and aligned word of the header against its dword. */
static void widths_agree(struct fx *f, unsigned dev)
{
    for (unsigned reg = 0; reg < 0x40; reg += 4) {
        uint32_t d = cfg(f, dev, reg, 4);
        for (unsigned i = 0; i < 4; i++)
            cr_assert_eq(cfg(f, dev, reg + i, 1), d >> 8 * i & 0xff,
                         "00:%02x.0 byte 0x%x", dev, reg + i);
        for (unsigned i = 0; i < 4; i += 2)
            cr_assert_eq(cfg(f, dev, reg + i, 2), d >> 8 * i & 0xffff,
                         "00:%02x.0 word 0x%x", dev, reg + i);
    }
}

Test(pci_widths, reads_agree_at_every_width)
{
    struct fx *f = fx_new(false);
    static struct pci_function fn;
    char err[256];
    pci_function_init(&fn, "t", 0x1af4, 0x1001, 0x010000, 0x1af4, 2, 0xc040,
                      0x40, 11);
    cr_assert_eq(pci_add_function(&fn, err, sizeof(err)), 0, "%s", err);
    widths_agree(f, 0);
    widths_agree(f, fn.slot);
    cr_assert_eq(cfg(f, 0, 0x00, 2), 0x8086);
    cr_assert_eq(cfg(f, 0, 0x02, 2), 0x1237);
    cr_assert_eq(cfg(f, fn.slot, 0x0b, 1), 0x01, "class: storage");
    cr_assert_eq(cfg(f, fn.slot, 0x0a, 1), 0x00);
    cr_assert_eq(cfg(f, fn.slot, 0x0e, 1), 0x00, "header type 0");
    cr_assert_eq(cfg(f, fn.slot, 0x3c, 2), 0x010b, "pin A, line 11");
    cr_assert_eq(cfg(f, 7, 0x0e, 1), 0xff, "an empty slot: ones");
    cr_assert_eq(cfg(f, 7, 0x02, 2), 0xffff);
    free(f);
}

Test(pci_widths, byte_and_word_writes)
{
    struct fx *f = fx_new(false);
    static struct pci_function fn;
    char err[256];
    pci_function_init(&fn, "t", 0x1af4, 0x1000, 0x020000, 0x1af4, 1, 0xc000,
                      0x40, 10);
    cr_assert_eq(pci_add_function(&fn, err, sizeof(err)), 0, "%s", err);
    unsigned s = fn.slot;
    cfg_write(f, s, 0x3c, 1, 5); /* interrupt line by a byte */
    cr_assert_eq(cfg(f, s, 0x3c, 1), 5);
    cr_assert_eq(cfg(f, s, 0x3c, 2), 0x0105, "the pin beside it kept");
    cr_assert_eq(cfg(f, s, 0x3c, 4), 0x0105);
    cfg_write(f, s, 0x3d, 1, 3); /* the pin is read-only */
    cr_assert_eq(cfg(f, s, 0x3c, 4), 0x0105);
    cfg_write(f, s, 0x3e, 2, 0xffff); /* min_gnt, max_lat: read-only */
    cr_assert_eq(cfg(f, s, 0x3c, 4), 0x0105);
    /* The command register's low byte: bus master off, I/O kept. */
    uint16_t cmd = (uint16_t)cfg(f, s, 0x04, 2);
    cr_assert_eq(cmd, PCI_CMD_IO | PCI_CMD_MASTER);
    cfg_write(f, s, 0x04, 1, PCI_CMD_IO);
    cr_assert_eq(cfg(f, s, 0x04, 4), PCI_CMD_IO, "status stays 0");
    /* Its high byte alone (at 0xcfd): INTx disable. */
    cfg_write(f, s, 0x05, 1, PCI_CMD_INTX_DISABLE >> 8);
    cr_assert_eq(cfg(f, s, 0x04, 2), PCI_CMD_IO | PCI_CMD_INTX_DISABLE);
    cfg_write(f, s, 0x06, 2, 0xffff); /* status: read-only */
    cr_assert_eq(cfg(f, s, 0x04, 4), PCI_CMD_IO | PCI_CMD_INTX_DISABLE);
    cfg_write(f, s, 0x04, 2, cmd); /* restored by a word */
    cr_assert_eq(cfg(f, s, 0x04, 4), cmd);
    /* Cache line size and latency timer, a byte each. */
    cfg_write(f, s, 0x0d, 1, 0x40);
    cfg_write(f, s, 0x0c, 1, 0x10);
    cr_assert_eq(cfg(f, s, 0x0c, 2), 0x4010);
    cr_assert_eq(pci_bar0_base(&fn), 0xc000, "BAR 0 never moved");
    free(f);
}

Test(pci_widths, config_address_takes_dwords_only)
{
    struct fx *f = fx_new(false);
    select_reg(f, 0, 0x08);
    /* Linux's probe: a byte to 0xcfb, dropped on the open bus. */
    io(f, 0xcfb, 1, true, 0x01);
    cr_assert_eq(f->res, EXIT_UNHANDLED, "not CONFIG_ADDRESS");
    bus(f, 0xcfb, 1, true, 0x01);
    cr_assert_eq(f->res, EXIT_HANDLED);
    cr_assert_eq(bus(f, 0xcf8, 4, false, 0), 0x80000008u, "address kept");
    cr_assert_eq(bus(f, 0xcf8, 1, false, 0), 0xff, "a byte read: ones");
    cr_assert_eq(bus(f, 0xcfa, 2, false, 0), 0xffff);
    cr_assert_eq(bus(f, 0xcfc, 4, false, 0), 0x06000000, "still selected");
    cr_assert_eq(stats_unserved_get(&f->v.stats, false, 0xcfb, true), 1,
                 "the open bus counted the second");
    cr_assert_eq(stats_unserved_get(&f->v.stats, false, 0xcf8, false), 1);
    /* A misaligned word in the data dword is not decoded either. */
    cr_assert_eq(bus(f, 0xcfd, 2, false, 0), 0xffff);
    free(f);

    f = fx_new(true);
    struct capture c;
    capture_start(&c, 2);
    bus(f, 0xcfb, 1, true, 0x01);
    char *msg = capture_end(&c, NULL);
    cr_assert_eq(f->res, EXIT_STOP, "--strict-io");
    cr_assert_eq(f->v.status, VMM_EXIT_UNEXPECTED);
    assert_has(msg, "guest wrote 1 byte(s) at I/O port 0xcfb, which no device "
                    "serves");
    free(msg);
    free(f);
}
