/*
 * read_file.h: reading a whole file (an image, a module, a boot loader
 * part) into memory: the one reader, and vmm's way of saying why it failed.
 */
#ifndef VMM_READ_FILE_H
#define VMM_READ_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Why read_file_max() failed, for the caller's own message. */
struct read_file_error {
    enum {
        READ_FILE_OPEN,  /* open or fstat failed (errnum) */
        READ_FILE_SIZE,  /* not a regular file, or larger than max */
        READ_FILE_NOMEM, /* no memory for its bytes */
        READ_FILE_READ,  /* read failed (errnum), or 0: the file shrank */
    } what;
    int errnum;
};

/*
 * The whole regular file of at most max bytes, malloc'd (at least one byte
 * even when empty), its size in *len; or NULL with the reason in *e.
 * Prints nothing.
 */
uint8_t *read_file_max(const char *path, size_t max, size_t *len,
                       struct read_file_error *e);

/*
 * The whole regular file (at most 1 GiB), malloc'd, its size in *len; or
 * NULL after printing "vmm: PATH: reason".
 */
uint8_t *read_file(const char *path, size_t *len);

#endif
