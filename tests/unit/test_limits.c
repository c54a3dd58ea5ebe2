/*
 * test_limits.c: the limits solo5-hvt's options have in vmm: --mem per
 * target (the targets' records: hvt 4096 MiB, the PC targets 3840, and
 * the refusal saying why and who takes more), and
 * --block-sector-size:NAME=N (a power of two from 512 to 32768; the file's
 * size a multiple of N), from parsing to the manifest entry.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vmm/cli.h"
#include "vmm/devices.h"
#include "targets.h"
#include "unit.h"

struct run {
    char *argv[16];
    int argc, r;
    struct run_opts o;
    char err[256];
};

/* cli_parse_run (check: cli_parse_check) of the NULL-ended arguments. */
static struct run *parse(bool check, const char *first, ...)
{
    struct run *p = calloc(1, sizeof(*p));
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        p->argv[p->argc++] = strdup(a);
    va_end(ap);
    p->r = check ? cli_parse_check(p->argc, p->argv, &p->o, p->err,
                                   sizeof(p->err))
                 : cli_parse_run(p->argc, p->argv, &p->o, p->err,
                                 sizeof(p->err));
    return p;
}

static void done(struct run *p)
{
    for (int i = 0; i < p->argc; i++)
        free(p->argv[i]);
    free(p);
}

static void accepted(struct run *p)
{
    cr_assert_eq(p->r, 0, "refused: %s", p->err);
    done(p);
}

static void refused(struct run *p, const char *want)
{
    cr_assert_eq(p->r, -1, "accepted, expected \"%s\"", want);
    cr_assert_str_eq(p->err, want);
    done(p);
}

#define PC_WHY "(its RAM ends where the PC's I/O hole starts, at 3840 MiB)"

Test(mem_limits, records)
{
    cr_assert_eq(TARGET_HVT->max_mem_mb, 4096);
    cr_assert_eq(TARGET_VIRTIO->max_mem_mb, 3840);
    cr_assert_eq(TARGET_XEN_PVH->max_mem_mb, 3840);
    cr_assert_eq(target_max_mem_mb(), 4096);
}

Test(mem_limits, each_target_its_own)
{
    accepted(parse(false, "--target=hvt", "--mem=4096", "app", NULL));
    accepted(parse(false, "--mem=4096", "--target=hvt", "app", NULL));
    accepted(parse(false, "--target=virtio", "--mem=3840", "app", NULL));
    accepted(parse(false, "--target=xen-pvh", "--mem=3840", "app", NULL));
    accepted(parse(true, "--target=hvt", "--mem=4096", "app", NULL));
    refused(parse(false, "--target=virtio", "--mem=4096", "app", NULL),
            "--mem=4096: must be between 2 and 3840 MiB on target virtio "
            PC_WHY "; hvt takes up to 4096 MiB");
    /* The order does not matter: the target is known after the parse. */
    refused(parse(false, "--mem=3841", "--target", "xen-pvh", "app", NULL),
            "--mem=3841: must be between 2 and 3840 MiB on target xen-pvh "
            PC_WHY "; hvt takes up to 4096 MiB");
    refused(parse(true, "--mem=4000", "--target=virtio", "app", NULL),
            "--mem=4000: must be between 2 and 3840 MiB on target virtio "
            PC_WHY "; hvt takes up to 4096 MiB");
    refused(parse(false, "--target=hvt", "--mem=4097", "app", NULL),
            "--mem=4097: must be between 2 and 4096 MiB");
}

Test(mem_limits, once_the_image_names_the_target)
{
    struct run_opts o = {.mem_bytes = 4096ULL << 20};
    char err[256];
    cr_assert_eq(target_check_mem(&o, NULL, err, sizeof(err)), 0, "auto");
    cr_assert_eq(target_check_mem(&o, TARGET_HVT, err, sizeof(err)), 0);
    cr_assert_eq(target_check_mem(&o, TARGET_VIRTIO, err, sizeof(err)), -1);
    assert_has(err, "on target virtio");
    o.mem_bytes = 3840ULL << 20;
    cr_assert_eq(target_check_mem(&o, TARGET_XEN_PVH, err, sizeof(err)), 0);
}

Test(mem_limits, help_names_each_limit)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    target_help_mem(f);
    fclose(f);
    cr_assert_str_eq(text,
                     "  --mem=MB            guest memory in MiB (default 512; "
                     "from 2 up to 4096\n"
                     "                      on hvt, 3840 on virtio and "
                     "xen-pvh)\n");
    free(text);
}

Test(sector_size, powers_of_two_from_512_to_32768)
{
    for (unsigned n = 512; n <= 32768; n *= 2) {
        char opt[64], value[16];
        snprintf(value, sizeof(value), "%u", n);
        snprintf(opt, sizeof(opt), "--block-sector-size:disk=%s", value);
        struct run *p = parse(false, "--block:disk=f", opt, "app", NULL);
        cr_assert_eq(p->r, 0, "%u: %s", n, p->err);
        cr_assert_str_eq(device_option_name(&p->o.dev[1]),
                         "--block-sector-size");
        cr_assert_str_eq(p->o.dev[1].name, "disk");
        cr_assert_str_eq(p->o.dev[1].value, value);
        done(p);
    }
}

Test(sector_size, refusals_say_what_is_wrong)
{
    const struct {
        const char *value, *why;
    } bad[] = {
        {"1000", "'1000' is not a power of two"},
        {"4095", "'4095' is not a power of two"},
        {"256", "'256' is less than 512, the smallest sector size"},
        {"0", "'0' is less than 512, the smallest sector size"},
        {"1", "'1' is less than 512, the smallest sector size"},
        {"65536", "'65536' is more than 32768, the largest sector size "
                  "(16 bits)"},
        {"99999999999999999999999", "is more than 32768"},
        {"abc", "'abc' is not a number of bytes"},
        {"4096k", "'4096k' is not a number of bytes"},
        {"-512", "'-512' is not a number of bytes"},
        {"+512", "'+512' is not a number of bytes"},
        {" 512", "' 512' is not a number of bytes"},
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char opt[64];
        snprintf(opt, sizeof(opt), "--block-sector-size:disk=%s",
                 bad[i].value);
        struct run *p = parse(false, "--block:disk=f", opt, "app", NULL);
        cr_assert_eq(p->r, -1, "%s accepted", bad[i].value);
        assert_has(p->err, "--block-sector-size: ");
        assert_has(p->err, bad[i].why);
        done(p);
    }
    refused(parse(false, "--block-sector-size:disk=", "app", NULL),
            "--block-sector-size:disk=: expected "
            "--block-sector-size:NAME=VALUE");
    refused(parse(false, "--block-sector-size:d=512",
                  "--block-sector-size:d=4096", "app", NULL),
            "--block-sector-size:d=4096: device 'd' given twice");
}

/* A file of size bytes; its path in path. */
static void temp_file(char *path, off_t size)
{
    strcpy(path, "/tmp/vmm-unit-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0 && ftruncate(fd, size) == 0);
    close(fd);
}

/* A manifest declaring the block device "disk". */
static struct mft *disk_mft(void)
{
    struct mft *m = calloc(1, sizeof(*m) + 2 * sizeof(struct mft_entry));
    m->version = MFT_VERSION;
    m->entries = 2;
    m->e[0].type = MFT_RESERVED_FIRST;
    m->e[1].type = MFT_DEV_BLOCK_BASIC;
    strcpy(m->e[1].name, "disk");
    m->e[0].b.hostfd = m->e[1].b.hostfd = -1;
    return m;
}

/*
 * --block-sector-size:disk=n and, unless path is NULL,
 * --block:disk=PATH[suffix], attached to a manifest declaring "disk": the
 * entry's block size, or -1; what vmm printed in *msg (malloc'd).
 */
static int sector_size(const char *path, const char *suffix, const char *n,
                       char **msg)
{
    char blk[128] = "", sec[64];
    if (path)
        snprintf(blk, sizeof(blk), "--block:disk=%s%s", path, suffix);
    snprintf(sec, sizeof(sec), "--block-sector-size:disk=%s", n);
    struct run *p = path ? parse(false, sec, blk, "app", NULL) /* any order */
                         : parse(false, sec, "app", NULL);
    cr_assert_eq(p->r, 0, "%s", p->err);
    struct mft *m = disk_mft();
    struct capture c;
    capture_start(&c, 2);
    int r = devices_attach("app", m, &p->o);
    *msg = capture_end(&c, NULL);
    if (r == 0) {
        cr_assert_eq(m->e[1].u.block_basic.capacity % (unsigned)atoi(n), 0);
        r = m->e[1].u.block_basic.block_size;
    }
    devices_close(m);
    free(m);
    done(p);
    return r;
}

Test(sector_size, the_manifest_entry_gets_it)
{
    char path[64], *msg;
    temp_file(path, 65536);
    cr_assert_eq(sector_size(path, ":ro", "4096", &msg), 4096, "%s", msg);
    free(msg);
    cr_assert_eq(sector_size(path, "", "32768", &msg), 32768, "%s", msg);
    free(msg);
    unlink(path);
}

Test(sector_size, the_file_must_hold_whole_sectors)
{
    char path[64], want[256], *msg;
    temp_file(path, 66048); /* 129 sectors of 512 */
    cr_assert_eq(sector_size(path, ":ro", "4096", &msg), -1);
    snprintf(want, sizeof(want),
             "vmm: app: --block-sector-size:disk=4096: %s: size 66048 is "
             "not a multiple of the sector size 4096\n",
             path);
    cr_assert_str_eq(msg, want);
    free(msg);
    cr_assert_eq(sector_size(path, "", "512", &msg), 512, "%s", msg);
    free(msg);
    unlink(path);
}

Test(sector_size, needs_its_device_attached)
{
    char *msg;
    cr_assert_eq(sector_size(NULL, "", "4096", &msg), -1);
    assert_has(msg, "--block-sector-size:disk given without --block:disk");
    free(msg);
}
