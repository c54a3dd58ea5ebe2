/* read_file.h: reading an image or a module into memory. */
#ifndef VMM_READ_FILE_H
#define VMM_READ_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The whole regular file (at most 1 GiB), malloc'd, its size in *len; or
 * NULL after printing "vmm: PATH: reason".
 */
uint8_t *read_file(const char *path, size_t *len);

#endif
