/* guest_mem.c: bounds-checked access to guest-physical memory. */
#include "guest_mem.h"

#include <string.h>
#include <sys/mman.h>

bool gmem_check(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
    return gpa <= m->size && len <= m->size - gpa;
}

void *gmem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
    if (!gmem_check(m, gpa, len))
        return NULL;
    return m->base + gpa;
}

bool gmem_read(const struct guest_mem *m, uint64_t gpa, void *dst, size_t len)
{
    const void *p = gmem_ptr(m, gpa, len);
    if (!p)
        return false;
    memcpy(dst, p, len);
    return true;
}

bool gmem_write(const struct guest_mem *m, uint64_t gpa, const void *src,
                size_t len)
{
    void *p = gmem_ptr(m, gpa, len);
    if (!p)
        return false;
    memcpy(p, src, len);
    return true;
}

bool gmem_map(struct guest_mem *m, uint64_t size)
{
    /* MAP_NORESERVE and no MAP_POPULATE: pages are backed on first touch. */
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    /*
     * A unikernel touches a few scattered pages; transparent huge pages
     * would back each first touch with 2 MiB of host memory.
     */
    madvise(p, size, MADV_NOHUGEPAGE);
    m->base = p;
    m->size = size;
    return true;
}

void gmem_unmap(struct guest_mem *m)
{
    if (m->base)
        munmap(m->base, m->size);
    m->base = NULL;
    m->size = 0;
}
