/* hello: the smallest guest; prints a greeting and its command line. */
#include "solo5.h"
#include "guest-rt/rt.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    static const char msg[] = "Hello, world\n";

    solo5_console_write(msg, sizeof msg - 1);
    rt_printf("cmdline: %s\n", si->cmdline);
    return SOLO5_EXIT_SUCCESS;
}
