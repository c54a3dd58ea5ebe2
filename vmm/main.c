/*
 * main.c: the vmm command: --help, --version, and the registered commands
 * (command.h), found by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "exit_status.h"
#include "kvm.h"

/*
 * stdin, stdout and stderr are open (on /dev/null if they were closed):
 * else the next open() would get one of their numbers, and the KVM fd, an
 * image or a disk would be read as console input or written with output.
 */
static int stdio_open(void)
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int n = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
        if (n != fd) /* the lowest free number: fd itself */
            return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    if (stdio_open() < 0) {
        fprintf(stderr, "vmm: stdin, stdout or stderr is closed, and "
                        "/dev/null cannot take its place\n");
        return VMM_EXIT_SETUP_FAILED;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        vmm_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? VMM_EXIT_SETUP_FAILED : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        char kvm[160];
        kvm_flavour(kvm, sizeof(kvm));
        printf("vmm %s\nkvm: %s\n", VMM_VERSION, kvm);
        return 0;
    }
    const struct vmm_command *c[MAX_COMMANDS];
    unsigned n = vmm_commands(c);
    for (unsigned i = 0; i < n; i++)
        if (strcmp(argv[1], c[i]->name) == 0)
            return c[i]->main(argc - 1, argv + 1);
    fprintf(stderr, "vmm: unknown command '%s' (see vmm --help)\n", argv[1]);
    return VMM_EXIT_SETUP_FAILED;
}
