/* command.c: the registered commands, in order, and `vmm --help`. */
#include "command.h"

VMM_REGISTRY(commands, struct vmm_command);

unsigned vmm_commands(const struct vmm_command **out)
{
    unsigned n;
    VMM_RANKED(commands, struct vmm_command, out, MAX_COMMANDS, n);
    return n;
}

void vmm_usage(FILE *f)
{
    const struct vmm_command *c[MAX_COMMANDS];
    unsigned n = vmm_commands(c);
    for (unsigned i = 0; i < n; i++)
        fprintf(f, "%s%s\n", i ? "       " : "usage: ", c[i]->synopsis);
    fputs("       vmm --help | --version\n\n", f);
    for (unsigned i = 0; i < n; i++)
        if (c[i]->summary)
            fputs(c[i]->summary, f);
    for (unsigned i = 0; i < n; i++)
        if (c[i]->details) {
            fputc('\n', f);
            c[i]->details(f);
        }
}
