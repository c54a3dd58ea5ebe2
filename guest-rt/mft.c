/*
 * mft.c: the application manifest as the host filled it in.
 *
 * The host copies the image's MFT1 note into guest memory with every entry's
 * `attached` flag and properties set. A device's handle is its index; entry
 * 0 is the reserved MFT_RESERVED_FIRST entry and never a device. Each device
 * can be acquired once, and only acquired devices accept I/O. Acquiring an
 * entry the host left unattached (a binding that finds its own devices
 * found none) fails with a console line naming it. A device's I/O goes to
 * the driver its binding registered for the kind (RT_DRIVER).
 */
#include "kernel.h"

static const struct mft *mft;
static uint64_t acquired; /* bit n: handle n was acquired */

void mft_init(const struct mft *m)
{
    if (m == NULL)
        return;
    if (m->version != MFT_VERSION || m->entries < 1 ||
        m->entries > MFT_MAX_ENTRIES ||
        m->e[0].type != MFT_RESERVED_FIRST) {
        rt_printf("mft: host passed an invalid manifest (version %u, "
                  "%u entries)\n",
                  m->version, m->entries);
        rt_halt(SOLO5_EXIT_ABORT);
    }
    mft = m;
}

const struct mft_entry *mft_device(solo5_handle_t handle, mft_type_t type)
{
    if (mft == NULL || handle == 0 || handle >= mft->entries)
        return NULL;
    if (!(acquired & (1ULL << handle)))
        return NULL;
    const struct mft_entry *e = &mft->e[handle];
    return e->type == type && e->attached ? e : NULL;
}

solo5_result_t mft_acquire(const char *name, mft_type_t type,
                           const char *what, solo5_handle_t *handle,
                           const struct mft_entry **entry)
{
    if (mft == NULL || name == NULL || handle == NULL)
        return SOLO5_R_EINVAL;
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct mft_entry *e = &mft->e[i];

        if (e->type != type || strncmp(e->name, name, MFT_NAME_SIZE) != 0)
            continue;
        if (!e->attached) {
            rt_printf("%s: %s device \"%s\" is not attached\n",
                      plat_target_name, what, e->name);
            return SOLO5_R_EINVAL;
        }
        if (acquired & (1ULL << i))
            return SOLO5_R_EINVAL;
        acquired |= 1ULL << i;
        *handle = i;
        *entry = e;
        return SOLO5_R_OK;
    }
    return SOLO5_R_EINVAL;
}

RT_TABLE(drivers, struct rt_driver);

const struct rt_driver *rt_driver_find(mft_type_t type)
{
    for (const struct rt_driver *const *d = __start_rt_drivers;
         d < __stop_rt_drivers; d++)
        if ((*d)->type == type)
            return *d;
    return NULL;
}
