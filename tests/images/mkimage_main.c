/*
 * mkimage_main.c: `vmm mkimage` as a program of its own (argv as vmm
 * passes them after "mkimage"), so the image tests run whether or not the
 * vmm binary at hand offers the command yet.
 */
#include "boot/host_mkimage.h"

int main(int argc, char *argv[])
{
    return mkimage_main(argc, argv);
}
