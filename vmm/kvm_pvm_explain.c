/*
 * kvm_pvm_explain.c: what in the guest's state keeps kvm_pvm from running
 * it natively, and the instruction bytes for vmm's messages. Pure functions
 * over guest memory (unit-tested with a fake one).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kvm_pvm.h"
#include "paging.h"

#define CR0_PG (1ULL << 31)
#define EFER_LMA (1ULL << 10)

static const char *const level_name[4] = {"PML4", "PDPT", "page directory",
                                          "page table"};

static bool walk(const struct guest_mem *m, uint64_t cr3, uint64_t va,
                 struct paging_walk *w)
{
    return paging_walk(m->base, m->size, cr3, va, w);
}

enum pvm_rule pvm_check(const struct guest_mem *m, const struct kvm_sregs *s,
                        uint64_t va, char *out, size_t outlen)
{
    struct paging_walk w;
    if (!(s->cr0 & CR0_PG) || !(s->efer & EFER_LMA)) {
        snprintf(out, outlen,
                 "the guest is not in 64-bit long mode with paging (CR0 "
                 "0x%llx, EFER 0x%llx), and kvm_pvm runs only that natively",
                 s->cr0, s->efer);
        return PVM_NOT_LONG_MODE;
    }
    if (!(s->cr3 & 0x1000)) {
        snprintf(out, outlen,
                 "the guest's top-level page table (CR3 0x%llx) is on an even "
                 "4 KiB page; kvm_pvm runs a guest natively only with it on "
                 "an odd one",
                 s->cr3);
        return PVM_EVEN_CR3;
    }
    if (!walk(m, s->cr3, va, &w)) {
        snprintf(out, outlen,
                 "0x%" PRIx64 " is not mapped by the guest's page tables "
                 "(no present %s entry inside guest memory)",
                 va, level_name[w.depth]);
        return PVM_NOT_MAPPED;
    }
    for (unsigned level = 0; level < w.depth; level++)
        if (!(w.entry[level] & PTE_U)) {
            snprintf(out, outlen,
                     "the %s entry 0x%016" PRIx64 " mapping 0x%" PRIx64
                     " lacks U/S (bit 2); kvm_pvm runs a guest natively "
                     "only with U/S set at every paging level",
                     level_name[level], w.entry[level], va);
            return PVM_NO_USER;
        }
    return PVM_RULES_MET;
}

size_t pvm_insn_bytes(const struct guest_mem *m, const struct kvm_sregs *s,
                      uint64_t rip, char *out, size_t outlen)
{
    uint8_t b[15];
    size_t n = 0;
    uint64_t va = rip;
    if (!(s->cr0 & CR0_PG))
        va = (s->cs.base + rip) & 0xffffffffULL;
    while (n < sizeof(b)) {
        uint64_t pa = va + n;
        if (s->cr0 & CR0_PG) {
            struct paging_walk w;
            if (!(s->efer & EFER_LMA) || !walk(m, s->cr3, va + n, &w))
                break;
            pa = w.pa;
        }
        if (!gmem_read(m, pa, &b[n], 1))
            break;
        n++;
    }
    size_t used = 0;
    if (outlen)
        out[0] = '\0';
    for (size_t i = 0; i < n && used + 3 < outlen; i++)
        used += (size_t)snprintf(out + used, outlen - used, "%s%02x",
                                 i ? " " : "", b[i]);
    if (n == 0)
        snprintf(out, outlen, "(not readable)");
    return n;
}
