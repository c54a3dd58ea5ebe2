/*
 * devices.c: the manifest and the virtio-PCI devices that back it.
 *
 * On hvt the host fills in the manifest; here the runtime does it itself:
 * it copies the image's own MFT1 note (checked like vmm checks it) into
 * writable memory, scans PCI once (only if the manifest declares devices)
 * for legacy virtio functions with an I/O BAR, and gives the n-th entry of
 * a type the n-th function of that type's driver (struct virtio_driver:
 * NET_BASIC virtio-net, BLOCK_BASIC virtio-blk), in PCI order. A started
 * device is `attached` with the properties its driver filled in (MAC and
 * MTU, or capacity and 512-byte blocks). An entry without a device stays
 * unattached (solo5_*_acquire() refuses it) and gets a console line;
 * surplus functions are left alone. The Multiboot and PVH linker scripts
 * both define _mft_note and _mft_note_end.
 */
#include "guest_devices.h"

#define VIRTIO_DEVICE_LEGACY_MIN 0x1000
#define VIRTIO_DEVICE_LEGACY_MAX 0x103f
#define PCI_BAR_IO 0x1
#define PCI_BAR_IO_MASK 0xfffffffcU
#define DRAIN_SPINS (1U << 24)

extern const uint8_t _mft_note[], _mft_note_end[]; /* the linker script */
RT_TABLE(virtio_drivers, struct virtio_driver);

static uint8_t mft_buf[MFT1_NOTE_MAX_SIZE] __attribute__((aligned(8)));
/* By handle: the function found for the entry, its driver and state. */
static struct virtio_pci_dev funcs[MFT_MAX_ENTRIES];
static bool found[MFT_MAX_ENTRIES];
static const struct virtio_driver *drivers[MFT_MAX_ENTRIES];
static void *devs[MFT_MAX_ENTRIES];

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

/*
 * The registered driver of manifest type (type), or with type 0 (no type)
 * the one of the functions whose PCI subsystem id is (virtio_id).
 */
static const struct virtio_driver *driver_find(mft_type_t type,
                                               uint16_t virtio_id)
{
    for (const struct virtio_driver *const *d = __start_rt_virtio_drivers;
         d < __stop_rt_virtio_drivers; d++)
        if (type ? (*d)->rt.type == type : (*d)->virtio_id == virtio_id)
            return *d;
    return NULL;
}

/* A function of driver d goes to the first entry of its type without one. */
static void visit(const struct pci_func *f, void *ctx)
{
    const struct mft *m = ctx;
    const struct virtio_driver *d;
    uint32_t i = 1;

    if (f->vendor != VIRTIO_PCI_VENDOR ||
        f->device < VIRTIO_DEVICE_LEGACY_MIN ||
        f->device > VIRTIO_DEVICE_LEGACY_MAX || !(f->bar0 & PCI_BAR_IO) ||
        !(d = driver_find(0, f->subsys_id)))
        return;
    while (i < m->entries && (found[i] || m->e[i].type != d->rt.type))
        i++;
    if (i == m->entries)
        return;
    found[i] = true;
    funcs[i].iobase = (uint16_t)(f->bar0 & PCI_BAR_IO_MASK);
    funcs[i].irq = f->irq_line;
    rt_snprintf(funcs[i].name, sizeof funcs[i].name, "%s %02x:%02x.%x",
                d->name, f->bus, f->dev, f->fn);
}

static void attach(struct mft_entry *e, solo5_handle_t h,
                   const struct virtio_driver *d, bool irqs)
{
    void *dev = d->attach(e, &funcs[h]);

    if (dev == NULL)
        return;
    e->attached = true;
    drivers[h] = d;
    devs[h] = dev;
    if (!irqs || d->irq_ack == NULL)
        return;
    if (funcs[h].irq < 16)
        pc_irq_unmask(funcs[h].irq);
    else
        rt_printf("%s: no interrupt line; polling\n", funcs[h].name);
}

const struct mft *pc_devices_init(const char *tag, const char *why, bool irqs)
{
    struct mft *m = mft_copy();

    if (m == NULL)
        return NULL;
    if (m->entries > 1)
        pci_scan(visit, m);
    for (uint32_t i = 1; i < m->entries; i++) {
        struct mft_entry *e = &m->e[i];
        const struct virtio_driver *d = driver_find(e->type, 0);

        if (found[i])
            attach(e, i, d, irqs);
        else
            rt_printf("%s: no %s device for manifest entry \"%s\"%s\n", tag,
                      d ? d->name : "usable", e->name, why);
    }
    return m;
}

void *virtio_device(solo5_handle_t h)
{
    return h < MFT_MAX_ENTRIES ? devs[h] : NULL;
}

bool pc_devices_input(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (devs[h] && drivers[h]->ready)
            return true;
    return false;
}

bool pc_devices_any(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (devs[h])
            return true;
    return false;
}

solo5_handle_set_t pc_devices_ready(void)
{
    solo5_handle_set_t ready = 0;

    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++)
        if (devs[h] && drivers[h]->ready && drivers[h]->ready(devs[h]))
            ready |= 1ULL << h;
    return ready;
}

void pc_devices_irqs(uint16_t irqs)
{
    uint16_t served = 0;

    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++) {
        if (devs[h] == NULL || drivers[h]->irq_ack == NULL)
            continue;
        uint8_t irq = funcs[h].irq;
        if (irq < 16 && (irqs & (1U << irq))) {
            drivers[h]->irq_ack(devs[h]);
            served |= (uint16_t)(1U << irq);
        }
    }
    /* Lines shared by several devices: every one was acknowledged above. */
    for (unsigned irq = 0; irq < 16; irq++)
        if (served & (1U << irq))
            pc_irq_unmask(irq);
}

void pc_devices_drain(void)
{
    for (unsigned h = 1; h < MFT_MAX_ENTRIES; h++) {
        if (devs[h] == NULL || drivers[h]->busy == NULL)
            continue;
        for (unsigned i = 0; i < DRAIN_SPINS && drivers[h]->busy(devs[h]);
             i++)
            __asm__ __volatile__("pause");
    }
}
