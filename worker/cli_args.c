/* cli_args.c - option values shared by the subcommands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int zb_cli_count(const char *cmd, const char *opt, const char *arg, unsigned long long min,
                 unsigned long long max, unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    /* strtoull takes "-1" (wrapped) and " 5": only digits are a count */
    if (arg[0] < '0' || arg[0] > '9' || *end || errno || v < min || v > max) {
        fprintf(stderr, "zhibiao %s: %s wants a whole number from %llu to %llu, not '%s'\n", cmd,
                opt, min, max, arg);
        return -1;
    }
    *out = v;
    return 0;
}
