/*
 * host_acpi_pm.c: the ACPI PM1a registers the FADT describes, at ports
 * 0x600-0x605, in bytes, words or dwords:
 *   0x600 PM1a_STS: no event ever happens here, so it reads 0 (writes of
 *         1 to clear a bit have nothing to clear);
 *   0x602 PM1a_EN: keeps what the OS writes and reads it back;
 *   0x604 PM1a_CNT: SCI_EN always set (no SMI command port: ACPI mode from
 *         the start), BM_RLD and SLP_TYP kept, GBL_RLS and SLP_EN
 *         write-only (read as 0).
 * Writing SLP_EN with SLP_TYP 0 (\_S5) powers off: vmm exits with status
 * 0, as QEMU does. Another sleep type is an error (status 252).
 */
#include "host_acpi.h"
#include "vmm/exit_status.h"

#define PM_LEN (ACPI_PM1_EVT_LEN + ACPI_PM1_CNT_LEN)
#define EN_OFF 2
#define CNT_SCI_EN 0x0001
#define CNT_BM_RLD 0x0002
#define CNT_SLP_TYP_MASK 0x1c00
#define CNT_SLP_EN 0x2000
#define CNT_SLP_TYP(v) (((v) >> 10) & 7)

static struct {
    uint16_t en, cnt;
} pm;

static uint8_t read_byte(unsigned off)
{
    uint16_t cnt = (uint16_t)(pm.cnt | CNT_SCI_EN);
    switch (off) {
    case EN_OFF:
        return (uint8_t)pm.en;
    case EN_OFF + 1:
        return (uint8_t)(pm.en >> 8);
    case ACPI_PM1_CNT_OFF:
        return (uint8_t)cnt;
    case ACPI_PM1_CNT_OFF + 1:
        return (uint8_t)(cnt >> 8);
    default:
        return 0; /* PM1a_STS */
    }
}

static void set_byte(uint16_t *reg, unsigned hi, uint8_t v)
{
    *reg = hi ? (uint16_t)((*reg & 0x00ff) | v << 8)
              : (uint16_t)((*reg & 0xff00) | v);
}

static enum exit_result pm_io(struct pc *pc, void *opaque, uint16_t off,
                              unsigned size, bool write, uint32_t *val)
{
    (void)opaque;
    if (!write) {
        *val = 0;
        for (unsigned i = 0; i < size; i++)
            *val |= (uint32_t)read_byte(off + i) << (8 * i);
        return EXIT_HANDLED;
    }
    uint16_t cnt = pm.cnt;
    bool cnt_written = false;
    for (unsigned i = 0; i < size; i++) {
        unsigned o = off + i;
        uint8_t b = (uint8_t)(*val >> (8 * i));
        if (o == EN_OFF || o == EN_OFF + 1)
            set_byte(&pm.en, o - EN_OFF, b);
        else if (o == ACPI_PM1_CNT_OFF || o == ACPI_PM1_CNT_OFF + 1) {
            set_byte(&cnt, o - ACPI_PM1_CNT_OFF, b);
            cnt_written = true;
        }
    }
    if (!cnt_written)
        return EXIT_HANDLED;
    pm.cnt = cnt & (CNT_BM_RLD | CNT_SLP_TYP_MASK);
    if (!(cnt & CNT_SLP_EN))
        return EXIT_HANDLED;
    if (CNT_SLP_TYP(cnt) != ACPI_S5_TYPE)
        return vmm_fail(pc->v, VMM_EXIT_UNEXPECTED,
                        "guest asked for ACPI sleep type %u; vmm offers only "
                        "S5 (power off, type %d)",
                        CNT_SLP_TYP(cnt), ACPI_S5_TYPE);
    pc->v->status = 0;
    return EXIT_STOP;
}

static int pm_init(struct pc *pc, char *err, size_t errlen)
{
    pm.en = 0;
    pm.cnt = 0;
    return pc_io_add(pc, ACPI_PM_BASE, PM_LEN, "acpi-pm", pm_io, NULL, err,
                     errlen);
}

static const struct pc_device_def pm_dev = {"acpi-pm", pm_init};
PC_DEVICE(pm_dev);
