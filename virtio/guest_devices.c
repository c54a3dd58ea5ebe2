/*
 * devices.c: the manifest and the virtio-PCI devices that back it.
 *
 * On hvt the host fills in the manifest; here the runtime does it itself:
 * it copies the image's own MFT1 note (checked like vmm checks it) into
 * writable memory, scans PCI once (only if the manifest declares devices)
 * for legacy virtio functions with an I/O BAR, and gives the n-th NET_BASIC
 * entry the n-th virtio-net function and the n-th BLOCK_BASIC entry the
 * n-th virtio-blk function, in PCI order. A started device is `attached`
 * with its properties (MAC and MTU, or capacity and 512-byte blocks). An
 * entry without a device stays unattached (solo5_*_acquire() refuses it)
 * and gets a console line; surplus functions are left alone. The Multiboot
 * and PVH linker scripts both define _mft_note and _mft_note_end.
 */
#include "guest_devices.h"

#define VIRTIO_DEVICE_LEGACY_MIN 0x1000
#define VIRTIO_DEVICE_LEGACY_MAX 0x103f
#define PCI_BAR_IO 0x1
#define PCI_BAR_IO_MASK 0xfffffffcU
#define MAX_FUNCS MFT_MAX_ENTRIES
#define DRAIN_SPINS (1U << 24)

extern const uint8_t _mft_note[], _mft_note_end[]; /* the linker script */

static uint8_t mft_buf[MFT1_NOTE_MAX_SIZE] __attribute__((aligned(8)));
static struct vnet *nets[MFT_MAX_ENTRIES];
static struct vblk *blks[MFT_MAX_ENTRIES];

struct found {
    struct virtio_pci_dev net[MAX_FUNCS], blk[MAX_FUNCS];
    unsigned nnet, nblk;
};

/* The image's manifest, checked and copied; NULL if it has none. */
static struct mft *mft_copy(void)
{
    const struct mft1_nhdr *h =
        (const struct mft1_nhdr *)(const void *)_mft_note;
    size_t avail = (size_t)(_mft_note_end - _mft_note);
    size_t hdr = sizeof *h + MFT1_DESC_PAD;

    if (avail < hdr + sizeof(struct mft))
        return NULL;
    const struct mft *m = (const struct mft *)(const void *)(_mft_note + hdr);
    if (h->n_type != MFT1_NOTE_TYPE || h->n_namesz != sizeof "Solo5" ||
        m->entries < 1 || m->entries > MFT_MAX_ENTRIES ||
        h->n_descsz != MFT1_DESC_PAD + sizeof(struct mft) +
                           m->entries * sizeof(struct mft_entry) ||
        h->n_descsz - MFT1_DESC_PAD > avail - hdr) {
        rt_printf("devices: the image's manifest note is malformed\n");
        rt_halt(SOLO5_EXIT_ABORT);
    }
    memcpy(mft_buf, m, h->n_descsz - MFT1_DESC_PAD);
    struct mft *copy = (struct mft *)(void *)mft_buf;
    for (uint32_t i = 0; i < copy->entries; i++) {
        copy->e[i].attached = false;
        copy->e[i].name[MFT_NAME_SIZE - 1] = '\0';
    }
    return copy;
}

static void visit(const struct pci_func *f, void *ctx)
{
    struct found *found = ctx;
    struct virtio_pci_dev *d;
    const char *kind;

    if (f->vendor != VIRTIO_PCI_VENDOR ||
        f->device < VIRTIO_DEVICE_LEGACY_MIN ||
        f->device > VIRTIO_DEVICE_LEGACY_MAX || !(f->bar0 & PCI_BAR_IO))
        return;
    if (f->subsys_id == VIRTIO_ID_NET && found->nnet < MAX_FUNCS) {
        d = &found->net[found->nnet++];
        kind = "virtio-net";
    } else if (f->subsys_id == VIRTIO_ID_BLK && found->nblk < MAX_FUNCS) {
        d = &found->blk[found->nblk++];
        kind = "virtio-blk";
    } else {
        return;
    }
    d->iobase = (uint16_t)(f->bar0 & PCI_BAR_IO_MASK);
    d->irq = f->irq_line;
    rt_snprintf(d->name, sizeof d->name, "%s %02x:%02x.%x", kind, f->bus,
                f->dev, f->fn);
}

static bool use_irqs;

static void attach_net(struct mft_entry *e, solo5_handle_t h,
                       const struct virtio_pci_dev *d)
{
    uint16_t mtu;
    struct vnet *n = vnet_init(d, e->u.net_basic.mac, &mtu);

    if (n == NULL)
        return;
    e->u.net_basic.mtu = mtu;
    e->attached = true;
    nets[h] = n;
    if (!use_irqs)
        return;
    if (d->irq < 16)
        pc_irq_unmask(d->irq);
    else
        rt_printf("%s: no interrupt line; polling\n", d->name);
}

static void attach_blk(struct mft_entry *e, solo5_handle_t h,
                       const struct virtio_pci_dev *d)
{
    uint64_t capacity;
    struct vblk *b = vblk_init(d, &capacity);

    if (b == NULL)
        return;
    e->u.block_basic.capacity = capacity;
    e->u.block_basic.block_size = VIRTIO_BLK_SECTOR_SIZE;
    e->attached = true;
    blks[h] = b;
}

const struct mft *pc_devices_init(const char *tag, const char *why, bool irqs)
{
    static struct found found;
    struct mft *m = mft_copy();
    unsigned inet = 0, iblk = 0;

    use_irqs = irqs;
    if (m == NULL)
        return NULL;
    if (m->entries > 1)
        pci_scan(visit, &found);
    for (uint32_t i = 1; i < m->entries; i++) {
        struct mft_entry *e = &m->e[i];

        if (e->type == MFT_DEV_NET_BASIC && inet < found.nnet)
            attach_net(e, i, &found.net[inet++]);
        else if (e->type == MFT_DEV_BLOCK_BASIC && iblk < found.nblk)
            attach_blk(e, i, &found.blk[iblk++]);
        else
            rt_printf("%s: no %s device for manifest entry \"%s\"%s\n", tag,
                      e->type == MFT_DEV_NET_BASIC     ? "virtio-net"
                      : e->type == MFT_DEV_BLOCK_BASIC ? "virtio-blk"
                                                       : "usable",
                      e->name, why);
    }
    return m;
}

struct vnet *pc_virtio_net(solo5_handle_t h)
{
    return h < MFT_MAX_ENTRIES ? nets[h] : NULL;
}

struct vblk *pc_virtio_blk(solo5_handle_t h)
{
    return h < MFT_MAX_ENTRIES ? blks[h] : NULL;
}

bool pc_net_present(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (nets[h])
            return true;
    return false;
}

bool pc_devices_any(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (blks[h])
            return true;
    return pc_net_present();
}

solo5_handle_set_t pc_net_ready(void)
{
    solo5_handle_set_t ready = 0;

    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (nets[h] && vnet_rx_ready(nets[h]))
            ready |= 1ULL << h;
    return ready;
}

void pc_net_irqs(uint16_t irqs)
{
    uint16_t served = 0;

    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++) {
        if (nets[h] == NULL)
            continue;
        uint8_t irq = vnet_irq(nets[h]);
        if (irq < 16 && (irqs & (1U << irq))) {
            vnet_irq_ack(nets[h]);
            served |= (uint16_t)(1U << irq);
        }
    }
    /* Lines shared by several devices: every one was acknowledged above. */
    for (unsigned irq = 0; irq < 16; irq++)
        if (served & (1U << irq))
            pc_irq_unmask(irq);
}

void pc_net_drain(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++) {
        if (nets[h] == NULL)
            continue;
        for (unsigned i = 0; i < DRAIN_SPINS && vnet_tx_pending(nets[h]); i++)
            __asm__ __volatile__("pause");
    }
}
