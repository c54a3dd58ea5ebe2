/* command.c: the registered commands, in order, and `vmm --help`. */
#include "command.h"

VMM_REGISTRY(commands, struct vmm_command);

unsigned vmm_commands(const struct vmm_command **out)
{
    unsigned n = 0;
    VMM_FOREACH(commands, struct vmm_command, c)
    {
        if (n == MAX_COMMANDS)
            break;
        unsigned i = n++;
        for (; i > 0 && out[i - 1]->rank > c->rank; i--)
            out[i] = out[i - 1];
        out[i] = c;
    }
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
