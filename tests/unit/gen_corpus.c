/* gen_corpus.c: write each elf_cases.c image to DIR/<name> (make unit-corpus). */
#include <stdio.h>
#include <stdlib.h>

#include "elf_cases.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_corpus DIR\n");
        return 2;
    }
    static struct eb b;
    for (size_t i = 0; i < elf_ncases; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", argv[1], elf_cases[i].name);
        elf_cases[i].make(&b);
        const uint8_t *buf = eb_bytes(&b);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(buf, 1, b.len, f) != b.len || fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    printf("wrote %zu files to %s\n", elf_ncases, argv[1]);
    return 0;
}
