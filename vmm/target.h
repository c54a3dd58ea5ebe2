/* target.h: tell an image's boot path from its notes and headers. */
#ifndef VMM_TARGET_H
#define VMM_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

/*
 * The target an image was built for: its Solo5 ABI note first, then a Xen
 * PVH note, then a Multiboot header in the first 8 KiB. TARGET_AUTO when
 * none is found. *why names the evidence, for the "picked" message.
 */
enum target target_detect(const uint8_t *buf, size_t len, const char **why);

#endif
