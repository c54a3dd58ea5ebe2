/*
 * guest-rt/rt.h: guest-rt extras beyond the Solo5 API (formatted console
 * output, facts about the runtime for conformance tests). Freestanding C99.
 */
#ifndef VMM_RT_H
#define VMM_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * printf-style formatting. Conversions: %d %i %u %x %X %o %c %s %p %%, with
 * flags '-' and '0', a field width (number or '*'), a precision for %s, and
 * the length modifiers hh h l ll z j t. No floating point.
 */
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Format to the console; returns the number of characters written. */
int rt_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The PT_TLS segment of this image, as the linker laid it out. */
struct rt_tls_layout {
    size_t filesz; /* bytes of .tdata */
    size_t memsz;  /* bytes of .tdata + .tbss (alignment padding included) */
    size_t align;  /* p_align: largest alignment of a TLS variable */
};
void rt_tls_layout(struct rt_tls_layout *out);

/* How solo5_set_tls_base() writes the FS base: "wrfsbase" or "wrmsr". */
const char *rt_tls_fsbase_method(void);

/* Name of the target this image was built for, e.g. "hvt". */
const char *rt_target_name(void);

/*
 * Modules the boot loader passed along (xen-pvh: hvm_start_info's list,
 * e.g. QEMU's -initrd), in its order; their memory lies outside the heap.
 * Returns how many, with *list pointing to them; 0 on other targets.
 */
struct rt_module {
    uint64_t addr;       /* guest-physical = virtual address */
    uint64_t size;       /* bytes */
    const char *cmdline; /* never NULL */
};
size_t rt_boot_modules(const struct rt_module **list);

#endif /* VMM_RT_H */
