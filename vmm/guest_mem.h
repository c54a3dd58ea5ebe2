/*
 * guest_mem.h: guest-physical memory as seen from the host.
 *
 * Every guest address goes through gmem_check/gmem_ptr before use: a range
 * is valid only if it lies wholly inside [0, size) without wrapping.
 */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_mem {
    uint8_t *base; /* host mapping of guest-physical 0 */
    uint64_t size; /* bytes */
};

/* True if [gpa, gpa + len) lies inside guest memory (len 0 is allowed). */
bool gmem_check(const struct guest_mem *m, uint64_t gpa, uint64_t len);

/* Host pointer for [gpa, gpa + len), or NULL when the range is not inside. */
void *gmem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len);

/* Copy between guest and host; false (nothing copied) when out of range. */
bool gmem_read(const struct guest_mem *m, uint64_t gpa, void *dst, size_t len);
bool gmem_write(const struct guest_mem *m, uint64_t gpa, const void *src,
                size_t len);

/* Map `size` bytes of lazily-backed anonymous memory; false on failure. */
bool gmem_map(struct guest_mem *m, uint64_t size);
void gmem_unmap(struct guest_mem *m);

#endif
