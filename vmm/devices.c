/*
 * devices.c: the device kinds' registry and options; matching device
 * options to the manifest, opening host sides through the kinds' backends.
 */
#include "devices.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "solo5_notes.h"

VMM_REGISTRY(device_kinds, struct device_kind);

const struct device_kind *device_kind_find(mft_type_t type)
{
    VMM_FOREACH(device_kinds, struct device_kind, k)
        if (k->type == type)
            return k;
    return NULL;
}

/* Does arg start with option and a ':'? */
static bool is_option(const char *arg, const char *option)
{
    size_t n = strlen(option);
    return strncmp(arg, option, n) == 0 && arg[n] == ':';
}

const struct device_kind *device_option_find(
    const char *arg, const struct device_setting **setting)
{
    *setting = NULL;
    VMM_FOREACH(device_kinds, struct device_kind, k) {
        if (is_option(arg, k->option))
            return k;
        for (const struct device_setting *s = k->settings; s && s->option;
             s++)
            if (is_option(arg, s->option)) {
                *setting = s;
                return k;
            }
    }
    return NULL;
}

const char *device_option_name(const struct cli_device *d)
{
    return d->setting ? d->setting->option : d->kind->option;
}

static int attach_one(const char *image, struct mft *mft,
                      const struct cli_device *d)
{
    char err[256];
    int i = mft_find(mft, d->name);
    const char *opt = device_option_name(d);
    if (i < 0)
        return image_refuse(image,
                      "%s:%s: the image's manifest declares no device "
                      "'%s'",
                      opt, d->name, d->name);
    struct mft_entry *e = &mft->e[i];
    if (e->type != d->kind->type)
        return image_refuse(image, "%s:%s: '%s' is a %s device in the manifest", opt,
                      d->name, d->name, mft_type_name(e->type));
    if (d->setting)
        return 0; /* applied once the device is attached */
    if (d->kind->attach(e, d->value, err, sizeof(err)) < 0)
        return image_refuse(image, "%s:%s=%s: %s", opt, d->name, d->value,
                            err);
    e->attached = true;
    return 0;
}

/* The value of the option that attached device d's entry (set d). */
static const char *attached_value(const struct run_opts *o,
                                  const struct cli_device *d)
{
    for (unsigned i = 0; i < o->ndev; i++)
        if (!o->dev[i].setting && o->dev[i].kind == d->kind &&
            strcmp(o->dev[i].name, d->name) == 0)
            return o->dev[i].value;
    return NULL;
}

int devices_attach(const char *image, struct mft *mft, const struct run_opts *o)
{
    char err[256];
    for (unsigned i = 0; i < o->ndev; i++)
        if (attach_one(image, mft, &o->dev[i]) < 0)
            return -1;
    for (unsigned i = 0; i < o->ndev; i++) {
        const struct cli_device *d = &o->dev[i];
        if (!d->setting)
            continue;
        struct mft_entry *e = &mft->e[mft_find(mft, d->name)];
        if (!e->attached)
            return image_refuse(image, "%s:%s given without %s:%s",
                                d->setting->option, d->name, d->kind->option,
                                d->name);
        if (d->setting->apply(e, d->value, attached_value(o, d), err,
                              sizeof(err)) < 0)
            return image_refuse(image, "%s:%s=%s: %s", d->setting->option,
                                d->name, d->value, err);
    }
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct mft_entry *e = &mft->e[i];
        const struct device_kind *k = device_kind_find(e->type);
        if (e->attached)
            continue;
        if (!k)
            return image_refuse(image, "device '%s' (%s): vmm has no "
                                "backend for it", e->name,
                                mft_type_name(e->type));
        return image_refuse(image,
                            "device '%s' (%s) is declared in the image's "
                            "manifest but not attached; add %s:%s=%s",
                            e->name, mft_type_name(e->type), k->option,
                            e->name, k->value);
    }
    return 0;
}

struct mft *devices_mft_from_options(const struct run_opts *o, size_t *size)
{
    unsigned n = 0;
    for (unsigned i = 0; i < o->ndev; i++)
        n += !o->dev[i].setting;
    *size = sizeof(struct mft) + (n + 1) * sizeof(struct mft_entry);
    struct mft *m = calloc(1, *size);
    if (!m)
        return NULL;
    m->version = MFT_VERSION;
    m->entries = n + 1;
    m->e[0].type = MFT_RESERVED_FIRST;
    m->e[0].b.hostfd = -1;
    for (unsigned i = 0, k = 1; i < o->ndev; i++) {
        if (o->dev[i].setting)
            continue;
        struct mft_entry *e = &m->e[k++];
        snprintf(e->name, sizeof(e->name), "%s", o->dev[i].name);
        e->type = o->dev[i].kind->type;
        e->b.hostfd = -1;
    }
    return m;
}

#define RO_FDS 1024
static uint64_t read_only[RO_FDS / 64]; /* bit per host fd */

void devices_set_read_only(int fd, bool ro)
{
    if (fd < 0 || fd >= RO_FDS)
        return;
    if (ro)
        read_only[fd / 64] |= 1ULL << (fd % 64);
    else
        read_only[fd / 64] &= ~(1ULL << (fd % 64));
}

bool devices_read_only(int fd)
{
    return fd >= 0 && fd < RO_FDS && (read_only[fd / 64] >> (fd % 64) & 1);
}

unsigned devices_rights(const struct mft_entry *e)
{
    const struct device_kind *k = device_kind_find(e->type);
    unsigned rights = k ? k->rights : 0;
    if (devices_read_only(e->b.hostfd))
        rights &= ~(unsigned)(SB_WRITE | SB_PWRITE);
    return rights;
}

void devices_close(struct mft *mft)
{
    for (uint32_t i = 1; mft && i < mft->entries; i++)
        if (mft->e[i].attached && mft->e[i].b.hostfd >= 0) {
            devices_set_read_only(mft->e[i].b.hostfd, false);
            close(mft->e[i].b.hostfd);
            mft->e[i].b.hostfd = -1;
        }
}
