/* cli_extract.c - placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "cli.h"

int zb_cmd_extract(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "zhibiao: 'extract' is not implemented yet\n");
    return 2;
}
