/*
 * paging_image.h: the small hvt image the page-table tests map: text R+X
 * [1 MiB, +0x3000), rodata R to 0x104800, data R+W to 0x107800 (the page
 * at 0x104000 holds both rodata and data).
 */
#ifndef TESTS_UNIT_PAGING_IMAGE_H
#define TESTS_UNIT_PAGING_IMAGE_H

#include "vmm/elf_load.h"

struct elf_image paging_test_image(void);

#endif
