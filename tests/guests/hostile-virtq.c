/*
 * hostile-virtq CASE: drive the virtio-blk device "storage" (legacy
 * virtio-PCI) with a raw queue of our own and offer it one malformed
 * request, then reset the device and read a sector properly: the device
 * must have refused the bad request (vmm: a message naming the problem and
 * NEEDS_RESET; QEMU: the device goes quiet until reset) and must work
 * again after the reset. Cases:
 *   loop     descriptors 0 -> 1 -> 2 -> 1 -> 2 ...
 *   long     a chain through all 256 descriptors and back to the first
 *   past     a data buffer past the end of guest memory
 *   wrap     a data buffer whose address + length wraps around 2^64
 *   zero     a zero-length data buffer
 *   next     a next index past the queue
 *   jump     the avail index jumps 1000 entries ahead
 *   unaligned  a well-formed read of 512 bytes at sector 1, on a device
 *            with 4096-byte blocks (--block-sector-size, QEMU's
 *            logical_block_size): answered VIRTIO_BLK_S_IOERR (1)
 * The good request reads 4096 bytes at sector 0: whole blocks of any size
 * up to 4096.
 * Prints "hostile-virtq: CASE: <what the device did>" and "hostile-virtq:
 * recovered" and exits 0; exits 1 if the device never works again.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define QNUM 256
#define F_NEXT 1
#define F_WRITE 2
/* Legacy virtio-PCI registers (I/O BAR 0). */
#define R_GUEST_FEATURES 4
#define R_QUEUE_PFN 8
#define R_QUEUE_SEL 14
#define R_QUEUE_NOTIFY 16
#define R_STATUS 18
#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_NEEDS_RESET 0x40

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static uint8_t ring[3 * 4096] __attribute__((aligned(4096)));
static struct desc *const d = (struct desc *)ring;
static volatile uint16_t *const avail = (volatile uint16_t *)(ring + 4096);
static volatile uint16_t *const used = (volatile uint16_t *)(ring + 8192);
static struct {
    uint32_t type, reserved;
    uint64_t sector;
} hdr;
static uint8_t data[4096];
static volatile uint8_t status;
static uint16_t io, next_avail;

static void outb(uint16_t p, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static void outw(uint16_t p, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static void outl(uint16_t p, uint32_t v)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(p) : "memory");
}
static uint8_t inb(uint16_t p)
{
    uint8_t v;
    __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(p) : "memory");
    return v;
}
static uint32_t inl(uint16_t p)
{
    uint32_t v;
    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(p) : "memory");
    return v;
}

static uint32_t pci_read(unsigned dev, unsigned off)
{
    outl(0xcf8, 0x80000000u | dev << 11 | off);
    return inl(0xcfc);
}

/* The I/O base of the first legacy virtio-blk function on bus 0, or 0. */
static uint16_t find_blk(void)
{
    for (unsigned dev = 0; dev < 32; dev++)
        if (pci_read(dev, 0) == (0x1001u << 16 | 0x1af4u))
            return (uint16_t)(pci_read(dev, 0x10) & ~3u);
    return 0;
}

/* Reset the device and give it our (emptied) queue 0. */
static void setup(void)
{
    outb(io + R_STATUS, 0);
    __builtin_memset(ring, 0, sizeof(ring));
    next_avail = 0;
    outb(io + R_STATUS, S_ACK | S_DRIVER);
    outl(io + R_GUEST_FEATURES, 0);
    outw(io + R_QUEUE_SEL, 0);
    outl(io + R_QUEUE_PFN, (uint32_t)((uintptr_t)ring >> 12));
    outb(io + R_STATUS, S_ACK | S_DRIVER | S_DRIVER_OK);
}

/* Offer the chain at head (the avail index moved by `step`), notify. */
static void offer(uint16_t head, uint16_t step)
{
    avail[2 + next_avail % QNUM] = head;
    next_avail = (uint16_t)(next_avail + step);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    avail[1] = next_avail;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    outw(io + R_QUEUE_NOTIFY, 0);
}

/* A well-formed read of sector 0: header, 4096 bytes, status. */
static void good_chain(void)
{
    hdr.type = 0; /* VIRTIO_BLK_T_IN */
    hdr.sector = 0;
    d[0] = (struct desc){(uintptr_t)&hdr, sizeof(hdr), F_NEXT, 1};
    d[1] = (struct desc){(uintptr_t)data, sizeof(data), F_NEXT | F_WRITE, 2};
    d[2] = (struct desc){(uintptr_t)&status, 1, F_WRITE, 0};
}

/* Wait up to 1 s: "used" (with the status), "NEEDS_RESET" or "nothing". */
static const char *outcome(char *buf, size_t size)
{
    solo5_time_t until = solo5_clock_monotonic() + 1000000000ULL;
    while (solo5_clock_monotonic() < until) {
        if (used[1] != 0) {
            rt_snprintf(buf, size, "completed it, status %u", status);
            return buf;
        }
        if (inb(io + R_STATUS) & S_NEEDS_RESET)
            return "set NEEDS_RESET";
    }
    return "left it unanswered (1 s)";
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *c = si->cmdline;
    char buf[64];
    io = find_blk();
    if (!io) {
        rt_printf("hostile-virtq: no legacy virtio-blk device\n");
        return 1;
    }
    setup();
    good_chain();
    status = 0xff;
    uint16_t step = 1;
    if (__builtin_strcmp(c, "loop") == 0) {
        d[2].flags |= F_NEXT;
        d[2].next = 1; /* 1 -> 2 -> 1 -> ... */
    } else if (__builtin_strcmp(c, "long") == 0) {
        for (unsigned i = 2; i < QNUM; i++)
            d[i] = (struct desc){(uintptr_t)&status, 1, F_WRITE | F_NEXT,
                                 (uint16_t)((i + 1) % QNUM)};
    } else if (__builtin_strcmp(c, "past") == 0) {
        d[1].addr = 0xfff000000000ULL;
    } else if (__builtin_strcmp(c, "wrap") == 0) {
        d[1].addr = 0xfffffffffffff000ULL;
        d[1].len = 0x2000;
    } else if (__builtin_strcmp(c, "zero") == 0) {
        d[1].len = 0;
    } else if (__builtin_strcmp(c, "next") == 0) {
        d[1].next = 300;
    } else if (__builtin_strcmp(c, "jump") == 0) {
        step = 1000;
    } else if (__builtin_strcmp(c, "unaligned") == 0) {
        hdr.sector = 1;
        d[1].len = 512;
    } else {
        rt_printf("hostile-virtq: unknown case \"%s\"\n", c);
        return 2;
    }
    offer(0, step);
    rt_printf("hostile-virtq: %s: the device %s\n", c, outcome(buf, sizeof(buf)));

    /* Reset; a good request must work again. */
    setup();
    good_chain();
    status = 0xff;
    offer(0, 1);
    const char *o = outcome(buf, sizeof(buf));
    int ok = used[1] == 1 && status == 0;
    rt_printf("hostile-virtq: %s (after reset the device %s)\n",
              ok ? "recovered" : "FAIL: dead", o);
    outb(io + R_STATUS, 0);
    return ok ? 0 : 1;
}
