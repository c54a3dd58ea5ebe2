/* exception-ud: an invalid opcode at a known address is reported as #UD. */
#include "solo5.h"
#include "guest-rt/rt.h"

/* `ud2` at the global label the .test looks up. */
__asm__(".text\n"
        ".globl ud_here\n"
        ".type ud_here, @function\n"
        "ud_here:\n"
        "\tud2\n"
        ".size ud_here, . - ud_here\n");
void ud_here(void);

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    rt_printf("exception-ud: executing ud2\n");
    ud_here();
    rt_printf("exception-ud: survived ud2\n");
    return SOLO5_EXIT_FAILURE;
}
