/*
 * test_halt_watch.c: when a tick's look at the vCPU means it is halted
 * for good (halt_watch_dead): halted with interrupts disabled at two
 * ticks in a row, with no exit between them.
 */
#include "unit.h"
#include "vmm/halt_watch.h"

Test(halt_watch, two_ticks_halted_with_interrupts_off)
{
    struct halt_watch h = {0};
    cr_assert_not(halt_watch_dead(&h, true, false, 7), "one tick is not yet");
    cr_assert(halt_watch_dead(&h, true, false, 7));
}

Test(halt_watch, interrupts_on_can_be_woken)
{
    struct halt_watch h = {0};
    for (int i = 0; i < 5; i++)
        cr_assert_not(halt_watch_dead(&h, true, true, 7),
                      "sti; hlt waits for an interrupt: its business");
}

Test(halt_watch, running_with_interrupts_off_is_not_halted)
{
    struct halt_watch h = {0};
    for (int i = 0; i < 5; i++)
        cr_assert_not(halt_watch_dead(&h, false, false, 7));
}

Test(halt_watch, an_exit_between_ticks_starts_the_count_again)
{
    struct halt_watch h = {0};
    cr_assert_not(halt_watch_dead(&h, true, false, 7));
    cr_assert_not(halt_watch_dead(&h, true, false, 8),
                  "it ran (an exit) between the ticks");
    cr_assert(halt_watch_dead(&h, true, false, 8));
}

Test(halt_watch, a_wake_between_ticks_starts_the_count_again)
{
    struct halt_watch h = {0};
    cr_assert_not(halt_watch_dead(&h, true, false, 7));
    cr_assert_not(halt_watch_dead(&h, true, true, 7));
    cr_assert_not(halt_watch_dead(&h, true, false, 7));
    cr_assert(halt_watch_dead(&h, true, false, 7));
}
