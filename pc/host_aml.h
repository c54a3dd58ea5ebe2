/*
 * host_aml.h: a small AML byte-code writer for the DSDT (ACPI 6.x section
 * 20, "ACPI Machine Language Specification") and resource templates for
 * _CRS/_PRS (section 6.4, "Resource Data Types for ACPI").
 *
 * Bytes go into a caller's buffer; running out of room sets `full` and
 * later writes do nothing, so a writer checks once at the end. Objects
 * with a PkgLength (Scope, Device, Method, Package, Buffer) are opened
 * with aml_open_*() and closed with aml_close(), innermost first: the
 * length is encoded in as few bytes as it needs when the object closes.
 */
#ifndef VMM_PC_HOST_AML_H
#define VMM_PC_HOST_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_MAX_DEPTH 8

struct aml {
    uint8_t *buf;
    size_t cap, len;
    bool full;                  /* ran out of room (or nesting) */
    unsigned depth;             /* objects open */
    size_t open[AML_MAX_DEPTH]; /* where each one's PkgLength goes */
};

void aml_init(struct aml *a, uint8_t *buf, size_t cap);
void aml_bytes(struct aml *a, const void *p, size_t n);
void aml_byte(struct aml *a, uint8_t b);

/*
 * A NameString: "\\" for the root, then NameSegs separated by '.', each
 * padded with '_' to four characters ("\\_SB.PCI0", "_S5", "LNKA").
 */
void aml_namestring(struct aml *a, const char *path);
/* The smallest integer encoding: Zero, One, Byte/Word/DWord/QWordConst. */
void aml_integer(struct aml *a, uint64_t v);
/* A DWordConst holding a compressed EISA id such as "PNP0A03". */
void aml_eisaid(struct aml *a, const char *id);

/* Name(path, ...): the object follows. */
void aml_name(struct aml *a, const char *path);
/* Name(path, v) for an integer v. */
void aml_name_integer(struct aml *a, const char *path, uint64_t v);

void aml_open_scope(struct aml *a, const char *path);
void aml_open_device(struct aml *a, const char *path);
void aml_open_method(struct aml *a, const char *path, unsigned nargs);
void aml_open_package(struct aml *a, uint8_t nelems);
/* Close the innermost open object, writing its PkgLength. */
void aml_close(struct aml *a);

/* The PkgLength encoding of total (which counts its own bytes) into out;
 * its size in bytes (1..4), 0 if total is out of range. */
unsigned aml_pkglength(uint8_t out[4], size_t total);

/*
 * Resource templates: descriptors appended to a byte buffer (res), then
 * written as a Buffer with aml_resource_template(), which adds the end
 * tag and its checksum.
 */
struct aml_res {
    uint8_t b[256];
    size_t len;
    bool full;
};

#define AML_RES_MEMORY 0
#define AML_RES_IO 1
#define AML_RES_BUS 2

/* Word address space descriptor, producer, min and max fixed, positive
 * decode; for I/O the range is "entire" (ISA and non-ISA). */
void aml_res_word(struct aml_res *r, uint8_t type, uint16_t min, uint16_t max);
/* I/O port descriptor with 16-bit decode. */
void aml_res_io(struct aml_res *r, uint16_t min, uint16_t max, uint8_t align,
                uint8_t len);
/* IRQ descriptor (3 bytes) for one ISA IRQ. */
#define AML_IRQ_EDGE 0x01
#define AML_IRQ_ACTIVE_LOW 0x08
#define AML_IRQ_SHARED 0x10
void aml_res_irq(struct aml_res *r, unsigned irq, uint8_t flags);
/* Buffer(){descriptors, end tag}. */
void aml_resource_template(struct aml *a, const struct aml_res *r);

#endif
