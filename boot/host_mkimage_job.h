/*
 * host_mkimage_job.h: one `vmm mkimage` run, shared by the ISO writer
 * (host_iso.c) and the disk writer (host_disk.c), and the file handling
 * that keeps a failed run from leaving anything behind: work happens in a
 * private temporary directory, and OUT only appears by rename() of a
 * temporary file made next to it (host_mkimage_files.c).
 */
#ifndef BOOT_HOST_MKIMAGE_JOB_H
#define BOOT_HOST_MKIMAGE_JOB_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "host_mkimage_grub.h"

/* The output: a temporary file in OUT's directory until committed. */
struct mkimage_out {
    const char *final;  /* OUT */
    char tmp[PATH_MAX]; /* OUT's directory/.NAME.XXXXXX */
    int fd;             /* open on tmp; -1 when none */
};

struct mkimage_job {
    const char *image;  /* the input's path, for messages */
    const uint8_t *buf; /* its bytes, already checked */
    size_t len;
    char name[MKIMAGE_GRUB_NAME_MAX]; /* the kernel's name under /boot */
    const char *cmdline;              /* the guest's command line */
    char *cfg;                        /* grub.cfg's text */
    char dir[PATH_MAX];               /* private work directory */
    struct mkimage_out out;
    char made[160]; /* what was made, for the report */
};

/* The formats: every tool needed is in PATH, else -1 (and said why). */
int mkimage_iso_tools(void);
int mkimage_disk_tools(void);
/* Write the image into j->out.fd / j->out.tmp; 0, or -1 (said why). */
int mkimage_iso(struct mkimage_job *j);
int mkimage_disk(struct mkimage_job *j);

/* Create the temporary output file next to out->final. */
int mkimage_out_open(struct mkimage_out *out);
/* fsync, close and rename it to out->final; -1 (and removed) on error. */
int mkimage_out_commit(struct mkimage_out *out);
/* Close and remove it, if it exists. */
void mkimage_out_abort(struct mkimage_out *out);

/* A private directory under $TMPDIR (or /tmp), and its removal. */
int mkimage_dir_make(char *dir, size_t size);
void mkimage_dir_remove(const char *dir);

/* dir/rel into out; -1 (and said why) when it does not fit. */
int mkimage_path(char *out, size_t size, const char *dir, const char *rel);
/* Create (or truncate) path and write len bytes; -1 (said why). */
int mkimage_write_file(const char *path, const void *buf, size_t len);
/* Read a whole file of at most max bytes; NULL (said why) on error. */
uint8_t *mkimage_read_file(const char *path, size_t max, size_t *len);

#endif
