/*
 * elf_class.h: the ELF header and program headers of an ELF64 x86_64 or
 * ELF32 i386 static executable, read in one (ELF64) form: the checked
 * ground floor under the core's ELF reader (elf_read.c) and note finder
 * (elf_notes.c). Loaders use elf_load.h.
 */
#ifndef VMM_ELF_CLASS_H
#define VMM_ELF_CLASS_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Check magic, class, byte order, version, machine (x86_64 for ELF64, i386
 * for ELF32), type ET_EXEC, program header size and count, and that the
 * program headers lie inside the file; fill *eh widened to the ELF64 form
 * (e_ident[EI_CLASS] keeps the class). 0, or -1 with the reason in err.
 */
int elf_read_ehdr(const uint8_t *buf, size_t len, Elf64_Ehdr *eh, char *err,
                  size_t errlen);

/* Program header i of a header elf_read_ehdr() accepted, widened. */
void elf_read_phdr(const uint8_t *buf, const Elf64_Ehdr *eh, unsigned i,
                   Elf64_Phdr *ph);

static inline int elf_is64(const Elf64_Ehdr *eh)
{
    return eh->e_ident[EI_CLASS] == ELFCLASS64;
}

#endif
