/*
 * mftgen.c: vmm-mft, the manifest compiler. Turns a Solo5-style manifest
 *
 *   {"type": "solo5.manifest", "version": 1,
 *    "devices": [{"name": "storage", "type": "BLOCK_BASIC"}, ...]}
 *
 * into C source defining the image's .note.solo5.manifest (MFT1) note: the
 * 20-byte note header, MFT1_DESC_PAD bytes of padding, then struct mft with
 * entry 0 = MFT_RESERVED_FIRST followed by the devices in order (a device's
 * handle is its index). Without an input file the manifest has no devices.
 *
 * The device types are mft_abi.h's (MFT_DEV_TYPES). The JSON reader
 * (mftgen_json.c) is a small hand-written one; this file accepts exactly
 * the schema (no other keys, no duplicates), reporting FILE:LINE:COL on
 * error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mft_abi.h"
#include "mftgen.h"

struct device {
    char name[MFT_NAME_SIZE];
    const char *type; /* enumerator name in mft_abi.h */
};

static struct device devices[MFT_MAX_ENTRIES - 1];
static unsigned n_devices;

/* The device types by their names in manifests (mft_abi.h). */
static const struct {
    const char *name, *enumerator;
} types[] = {
#define TYPE_(type_, name_) {name_, #type_},
    MFT_DEV_TYPES(TYPE_)
#undef TYPE_
};
#define N_TYPES (sizeof types / sizeof types[0])

/* The enumerator of the device type called name, or NULL. */
static const char *type_enumerator(const char *name)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (strcmp(types[i].name, name) == 0)
            return types[i].enumerator;
    return NULL;
}

/* "BLOCK_BASIC, NET_BASIC": the names, for messages. */
static const char *type_names(void)
{
    static char list[N_TYPES * (MFT_NAME_SIZE + 2)];
    size_t n = 0;

    for (size_t i = 0; i < N_TYPES; i++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
                              i ? ", " : "", types[i].name);
    return list;
}

static void device_member(struct parser *ps, const char *key, void *ctx)
{
    struct device *d = ctx;
    char type[32];

    if ((strcmp(key, "name") == 0 && d->name[0]) ||
        (strcmp(key, "type") == 0 && d->type))
        fail(ps, "device %u: duplicate key \"%s\"", n_devices + 1, key);
    if (strcmp(key, "name") == 0) {
        char name[256];
        const char *at = ps->p, *end;
        unsigned n = n_devices + 1;

        parse_string(ps, name, sizeof name);
        end = ps->p;
        ps->p = at; /* errors point at the name */
        if (name[0] == '\0' || strlen(name) > MFT_NAME_MAX)
            fail(ps, "device %u: name must be 1 to %d characters long", n,
                 MFT_NAME_MAX);
        for (const char *c = name; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_')
                fail(ps, "device %u: name \"%s\" may only contain A-Z a-z "
                         "0-9 _", n, name);
        for (unsigned i = 0; i < n_devices; i++)
            if (strcmp(devices[i].name, name) == 0)
                fail(ps, "device %u: name \"%s\" is already used by device %u",
                     n, name, i + 1);
        strcpy(d->name, name);
        ps->p = end;
    } else if (strcmp(key, "type") == 0) {
        parse_string(ps, type, sizeof type);
        d->type = type_enumerator(type);
        if (d->type == NULL)
            fail(ps, "device %u: unknown type \"%s\" (%s)", n_devices + 1,
                 type, type_names());
    } else {
        fail(ps, "device %u: unknown key \"%s\" (name, type)", n_devices + 1,
             key);
    }
}

static void parse_devices(struct parser *ps)
{
    expect(ps, '[');
    if (peek(ps) == ']') {
        ps->p++;
        return;
    }
    for (;;) {
        if (n_devices == MFT_MAX_ENTRIES - 1)
            fail(ps, "more than %d devices", MFT_MAX_ENTRIES - 1);
        struct device *d = &devices[n_devices];
        parse_object(ps, device_member, d);
        if (d->name[0] == '\0' || d->type == NULL)
            fail(ps, "device %u: needs both \"name\" and \"type\"",
                 n_devices + 1);
        n_devices++;
        if (peek(ps) != ',')
            break;
        ps->p++;
    }
    expect(ps, ']');
}

static void top_member(struct parser *ps, const char *key, void *ctx)
{
    static const char *const keys[] = {"type", "version", "devices"};
    unsigned *seen = ctx;
    char type[32];

    for (unsigned i = 0; i < 3; i++) {
        if (strcmp(key, keys[i]) == 0 && (*seen & 1U << i))
            fail(ps, "duplicate key \"%s\"", key);
    }
    if (strcmp(key, "type") == 0) {
        parse_string(ps, type, sizeof type);
        if (strcmp(type, "solo5.manifest") != 0)
            fail(ps, "\"type\" must be \"solo5.manifest\", not \"%s\"", type);
        *seen |= 1;
    } else if (strcmp(key, "version") == 0) {
        if (parse_uint(ps) != MFT_VERSION)
            fail(ps, "unsupported \"version\" (this is version %d)",
                 MFT_VERSION);
        *seen |= 2;
    } else if (strcmp(key, "devices") == 0) {
        parse_devices(ps);
        *seen |= 4;
    } else {
        fail(ps, "unknown key \"%s\" (type, version, devices)", key);
    }
}

static void parse_manifest(const char *path)
{
    char *text = read_file(path);
    struct parser ps = {path, text, text};
    unsigned seen = 0;

    parse_object(&ps, top_member, &seen);
    if (peek(&ps) != '\0')
        fail(&ps, "unexpected text after the manifest object");
    if (!(seen & 1))
        fail(&ps, "missing \"type\": \"solo5.manifest\"");
    if (!(seen & 2))
        fail(&ps, "missing \"version\": %d", MFT_VERSION);
}

static int emit(FILE *out, const char *source)
{
    unsigned n = n_devices + 1;

    if (source == NULL || strstr(source, "*/"))
        source = n_devices ? "a manifest" : "no manifest (no devices)";
    fprintf(out,
            "/* Generated by vmm-mft from %s; do not edit. */\n"
            "#include \"mft_abi.h\"\n\n"
            "struct vmm_mft1_note {\n"
            "    struct mft1_nhdr h;\n"
            "    char pad[MFT1_DESC_PAD];\n"
            "    uint32_t version, entries;\n"
            "    struct mft_entry e[%u];\n"
            "};\n"
            "_Static_assert(offsetof(struct vmm_mft1_note, version) == 24,\n"
            "               \"struct mft must start at offset 24\");\n\n"
            "const struct vmm_mft1_note __solo5_mft1_note\n"
            "    __attribute__((section(\".note.solo5.manifest\"), "
            "aligned(8), used)) = {\n"
            "    .h = {sizeof \"Solo5\",\n"
            "          MFT1_DESC_PAD + sizeof(struct mft) + %u * "
            "sizeof(struct mft_entry),\n"
            "          MFT1_NOTE_TYPE, \"Solo5\"},\n"
            "    .version = MFT_VERSION,\n"
            "    .entries = %u,\n"
            "    .e = {\n"
            "        {.name = \"\", .type = MFT_RESERVED_FIRST},\n",
            source, n, n, n);
    for (unsigned i = 0; i < n_devices; i++)
        fprintf(out, "        {.name = \"%s\", .type = %s},\n",
                devices[i].name, devices[i].type);
    fprintf(out, "    },\n};\n");
    return ferror(out) ? -1 : 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: vmm-mft [-o OUTPUT.c] [MANIFEST.json]\n"
               "Writes C source for the image's manifest note (stdout by "
               "default).\nWithout MANIFEST.json the manifest declares no "
               "devices.\n");
}

int main(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            output = argv[++i];
        } else if (argv[i][0] == '-' || input != NULL) {
            usage(stderr);
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (input)
        parse_manifest(input);

    FILE *out = output ? fopen(output, "w") : stdout;
    if (out == NULL) {
        fprintf(stderr, "vmm-mft: %s: %s\n", output, strerror(errno));
        return 1;
    }
    if (emit(out, input) != 0 || (output && fclose(out) != 0)) {
        fprintf(stderr, "vmm-mft: %s: write error\n",
                output ? output : "stdout");
        if (output)
            remove(output);
        return 1;
    }
    return 0;
}
