/* paging_image.c: see paging_image.h. */
#include "paging_image.h"

#include <elf.h>
#include <string.h>

struct elf_image paging_test_image(void)
{
    struct elf_image img;
    memset(&img, 0, sizeof(img));
    img.entry = 0x100000;
    img.nload = 3;
    img.load[0] = (struct elf_segment){.addr = 0x100000, .memsz = 0x3000,
                                       .filesz = 0x3000, .flags = PF_R | PF_X};
    img.load[1] = (struct elf_segment){.addr = 0x103000, .memsz = 0x1800,
                                       .filesz = 0x1800, .flags = PF_R};
    img.load[2] = (struct elf_segment){.addr = 0x104800, .memsz = 0x3000,
                                       .filesz = 0x100, .flags = PF_R | PF_W};
    img.end = 0x107800;
    return img;
}
