/*
 * unserved-io: reads and writes I/O ports no device serves on vmm's PC nor
 * on QEMU's: the Super-I/O configuration ports 0x2e/0x2f and 0x4e/0x4f
 * that Linux probes, and the dword at 0x4c. On a PC (virtio, xen-pvh)
 * every read gives all-ones, a byte, a word, a dword and a `rep insb`
 * alike, and writes change nothing: the guest prints what it read and
 * "unserved-io: ok". vmm counts each port's reads and writes in --stats;
 * under --strict-io, and on hvt (whose ports are its hypercalls), the
 * first read stops the guest with 252.
 */
#include "guest-rt/rt.h"
#include "port_io.h"
#include "solo5.h"

/* rep insb: n bytes from port p into buf. */
static void insb(uint16_t p, uint8_t *buf, unsigned long n)
{
    __asm__ __volatile__("rep insb" : "+D"(buf), "+c"(n) : "d"(p) : "memory");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    uint8_t rep[4] = {0, 0, 0, 0};
    rt_printf("unserved-io: reading port 0x2e\n");
    uint8_t b = inb(0x2e);
    uint16_t w = inw(0x4e);
    uint32_t l = inl(0x4c);
    rt_printf("unserved-io: inb 0x2e 0x%x, inw 0x4e 0x%x, inl 0x4c 0x%x\n", b,
              w, l);
    outb(0x2e, 0x55); /* a Super-I/O unlock sequence, as Linux probes */
    outb(0x2e, 0x55);
    outw(0x4e, 0x1234);
    uint8_t b2 = inb(0x2e);
    insb(0x2e, rep, sizeof(rep));
    rt_printf("unserved-io: after writes: inb 0x2e 0x%x, rep insb 0x2e "
              "%x %x %x %x\n",
              b2, rep[0], rep[1], rep[2], rep[3]);
    int ok = b == 0xff && w == 0xffff && l == 0xffffffffu && b2 == 0xff;
    for (unsigned i = 0; i < sizeof(rep); i++)
        ok = ok && rep[i] == 0xff;
    rt_printf("unserved-io: %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
