/*
 * hostile-durable write|ro: block device "storage".
 *   write: fill sectors 0..7 with the text "hostile-durable sector N",
 *          say "hostile-durable: written" once every write returned OK,
 *          then spin: hostile-host-check kills vmm with SIGKILL at that
 *          line and must find all eight sectors in the file.
 *   ro:    the device is attached read-only: a write must fail (any error
 *          but SOLO5_R_OK), a read must work; says "hostile-durable: ro
 *          ok" and exits 0, or names what went wrong and exits 1.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

static uint8_t sector[512];

static void fill(unsigned n)
{
    char line[32];
    int len = rt_snprintf(line, sizeof(line), "hostile-durable sector %u\n", n);
    for (unsigned i = 0; i < sizeof(sector); i++)
        sector[i] = (uint8_t)line[i % (unsigned)len];
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info info;
    solo5_handle_t h;
    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK) {
        rt_printf("hostile-durable: cannot acquire \"storage\"\n");
        return 1;
    }
    if (__builtin_strcmp(si->cmdline, "ro") == 0) {
        fill(0);
        solo5_result_t w = solo5_block_write(h, 0, sector, sizeof(sector));
        solo5_result_t r = solo5_block_read(h, 0, sector, sizeof(sector));
        rt_printf("hostile-durable: write on a read-only device: %d, read: "
                  "%d\n", (int)w, (int)r);
        int ok = w != SOLO5_R_OK && r == SOLO5_R_OK && sector[0] == 0;
        rt_printf("hostile-durable: ro %s\n", ok ? "ok" : "FAIL");
        return ok ? 0 : 1;
    }
    for (unsigned n = 0; n < 8; n++) {
        fill(n);
        if (solo5_block_write(h, n * 512ULL, sector, sizeof(sector)) !=
            SOLO5_R_OK) {
            rt_printf("hostile-durable: write of sector %u failed\n", n);
            return 1;
        }
    }
    rt_printf("hostile-durable: written\n");
    for (;;)
        solo5_yield(solo5_clock_monotonic() + 1000000000ULL, NULL);
}
