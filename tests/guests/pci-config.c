/*
 * pci-config: PCI configuration space through mechanism #1 with byte, word
 * and dword accesses, as Linux makes them. For the host bridge (00:00.0)
 * and the virtio-blk function of "storage", every byte and aligned word of
 * the first 64 bytes of the header must agree with the dword that holds it
 * (ids, command and status, class, header type, BARs, interrupt line and
 * pin). Then writes: the interrupt line by a byte (read back as byte, word
 * and dword, the pin beside it kept, then restored), the command register's
 * low byte (bus master off: the high byte and the status register kept;
 * restored by a word write), and Linux's probe of mechanism #1 (a byte
 * write to 0xcfb, then CONFIG_ADDRESS must still read back what a dword
 * write put there). Ends with "pci-config: ok" (exit 0) or FAIL (1).
 */
#include "guest-rt/rt.h"
#include "port_io.h"
#include "solo5.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define ENABLE 0x80000000u
#define CMD_MASTER 0x04

static int failed;

/* Register reg of 00:dev.0, size bytes at CONFIG_DATA + (reg & 3). */
static uint32_t rd(unsigned dev, unsigned reg, unsigned size)
{
    uint16_t port = (uint16_t)(CONFIG_DATA + (reg & 3));
    outl(CONFIG_ADDRESS, ENABLE | dev << 11 | (reg & 0xfc));
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void wr(unsigned dev, unsigned reg, unsigned size, uint32_t v)
{
    uint16_t port = (uint16_t)(CONFIG_DATA + (reg & 3));
    outl(CONFIG_ADDRESS, ENABLE | dev << 11 | (reg & 0xfc));
    if (size == 1)
        outb(port, (uint8_t)v);
    else if (size == 2)
        outw(port, (uint16_t)v);
    else
        outl(port, v);
}

static void check(int ok, const char *what)
{
    if (!ok) {
        rt_printf("pci-config: FAIL: %s\n", what);
        failed = 1;
    }
}

/* Every byte and aligned word of [0, 0x40) against its dword. */
static int widths_agree(unsigned dev)
{
    int ok = 1;
    for (unsigned reg = 0; reg < 0x40; reg += 4) {
        uint32_t d = rd(dev, reg, 4);
        for (unsigned i = 0; i < 4; i++)
            if (rd(dev, reg + i, 1) != (d >> 8 * i & 0xff)) {
                rt_printf("pci-config: 00:%02x.0: byte 0x%x is 0x%x, its "
                          "dword 0x%x\n",
                          dev, reg + i, rd(dev, reg + i, 1), d);
                ok = 0;
            }
        for (unsigned i = 0; i < 4; i += 2)
            if (rd(dev, reg + i, 2) != (d >> 8 * i & 0xffff)) {
                rt_printf("pci-config: 00:%02x.0: word 0x%x is 0x%x, its "
                          "dword 0x%x\n",
                          dev, reg + i, rd(dev, reg + i, 2), d);
                ok = 0;
            }
    }
    return ok;
}

static void describe(const char *what, unsigned dev)
{
    int ok = widths_agree(dev);
    rt_printf("pci-config: %s 00:%02x.0 %04x:%04x class %02x%02x%02x header "
              "%02x: bytes, words and dwords %s\n",
              what, dev, rd(dev, 0, 2), rd(dev, 2, 2), rd(dev, 0x0b, 1),
              rd(dev, 0x0a, 1), rd(dev, 0x09, 1), rd(dev, 0x0e, 1),
              ok ? "agree" : "DIFFER");
    check(ok, "byte, word and dword reads differ");
}

static void interrupt_line(unsigned dev)
{
    uint32_t old = rd(dev, 0x3c, 4);
    uint8_t line = (uint8_t)old, pin = (uint8_t)(old >> 8);
    uint8_t new = line == 0x0b ? 0x0a : 0x0b;
    wr(dev, 0x3c, 1, new);
    check(rd(dev, 0x3c, 1) == new, "the line's byte read back");
    check(rd(dev, 0x3c, 2) == (uint32_t)(pin << 8 | new), "line and pin word");
    check(rd(dev, 0x3c, 4) == ((old & ~0xffu) | new), "line's dword");
    wr(dev, 0x3c, 1, line);
    check(rd(dev, 0x3c, 4) == old, "line restored");
    rt_printf("pci-config: interrupt line written by a byte, read back as "
              "byte, word and dword, pin %u kept, restored\n",
              pin);
}

static void command_byte(unsigned dev)
{
    uint32_t old = rd(dev, 0x04, 4);
    uint16_t cmd = (uint16_t)old, status = (uint16_t)(old >> 16);
    check(cmd & CMD_MASTER, "bus master on at first");
    wr(dev, 0x04, 1, (uint8_t)cmd & ~CMD_MASTER);
    uint32_t now = rd(dev, 0x04, 4);
    check((uint16_t)now == (cmd & ~CMD_MASTER), "bus master off, rest kept");
    check((uint16_t)(now >> 16) == status, "status kept");
    check(rd(dev, 0x04, 1) == (cmd & 0xff & ~CMD_MASTER), "command byte");
    check(rd(dev, 0x05, 1) == (uint32_t)(cmd >> 8), "command high byte kept");
    wr(dev, 0x04, 2, cmd);
    check(rd(dev, 0x04, 2) == cmd, "command restored by a word");
    rt_printf("pci-config: command low byte written (bus master off), high "
              "byte and status kept, restored by a word write\n");
}

/* Linux's pci_check_type1(): a byte to 0xcfb first, then the dword test. */
static void type1_probe(void)
{
    outb(CONFIG_ADDRESS + 3, 0x01);
    uint32_t saved = inl(CONFIG_ADDRESS);
    outl(CONFIG_ADDRESS, ENABLE);
    uint32_t v = inl(CONFIG_ADDRESS);
    outl(CONFIG_ADDRESS, saved);
    check(v == ENABLE, "CONFIG_ADDRESS after a byte to 0xcfb");
    rt_printf("pci-config: byte write to 0xcfb, then CONFIG_ADDRESS reads "
              "back 0x%x\n",
              v);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    unsigned blk = 0;
    describe("host bridge", 0);
    for (unsigned dev = 1; dev < 32 && !blk; dev++)
        if (rd(dev, 0, 4) == 0x10011af4) /* legacy virtio-blk */
            blk = dev;
    check(blk != 0, "no virtio-blk function on bus 0");
    if (blk) {
        describe("virtio-blk", blk);
        interrupt_line(blk);
        command_byte(blk);
    }
    type1_probe();
    rt_printf("pci-config: %s\n", failed ? "FAIL" : "ok");
    return failed;
}
