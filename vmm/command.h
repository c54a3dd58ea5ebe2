/*
 * command.h: vmm's subcommands (`vmm run`, `vmm check`, `vmm mkimage`,
 * `vmm tls-check`), each a record registered with VMM_COMMAND() in its own
 * file; main() dispatches by name and builds `vmm --help` from them.
 */
#ifndef VMM_COMMAND_H
#define VMM_COMMAND_H

#include <stdio.h>

#include "registry.h"

struct vmm_command {
    const char *name;
    unsigned rank;        /* order in `vmm --help` */
    const char *synopsis; /* "vmm NAME ...", one line per form */
    const char *summary;  /* what it does, for `vmm --help` (may be NULL) */
    /* Print the details, after every summary (may be NULL). */
    void (*details)(FILE *f);
    /* The command: argv[0] is its name; returns vmm's exit status. */
    int (*main)(int argc, char *argv[]);
};

#define VMM_COMMAND(var_) VMM_REGISTER(commands, var_)

#define MAX_COMMANDS 16

/* The registered commands in rank order (at most MAX_COMMANDS): how many. */
unsigned vmm_commands(const struct vmm_command **out);

/* `vmm --help`: every command's synopsis, summary and details. */
void vmm_usage(FILE *f);

#endif
