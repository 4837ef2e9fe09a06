/* cli_dlq.c - placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "cli.h"

int zb_cmd_dlq(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "zhibiao: 'dlq' is not implemented yet\n");
    return 2;
}
