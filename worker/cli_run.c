/* cli_run.c - placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "cli.h"

int zb_cmd_run(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "zhibiao: 'run' is not implemented yet\n");
    return 2;
}
