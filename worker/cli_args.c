/* cli_args.c - option values shared by the subcommands. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The long option a ("--name" or "--name=V") names, when its val is ch. */
static const struct option *long_named(const struct option *longopts, const char *a, int ch) {
    if (strncmp(a, "--", 2)) return NULL;
    size_t n = strcspn(a + 2, "=");
    for (const struct option *o = longopts; o->name; o++)
        if (o->val == ch && strlen(o->name) == n && !strncmp(o->name, a + 2, n)) return o;
    return NULL;
}

void zb_cli_bad_option(const char *cmd, int ch, char **argv, const struct option *longopts) {
    /* getopt_long leaves the culprit in argv[optind - 1] for a long option
     * and in optopt for a short one (then optopt is not the long option's
     * val, or argv[optind - 1] is another word). */
    const char *a = optind > 0 ? argv[optind - 1] : "";
    const struct option *o = long_named(longopts, a, optopt);
    int n = (int)strcspn(a, "=");
    if (ch == ':') {
        if (o)
            fprintf(stderr, "zhibiao %s: no value after option '%.*s' (try --help)\n", cmd, n, a);
        else
            fprintf(stderr, "zhibiao %s: no value after option '-%c' (try --help)\n", cmd, optopt);
    } else if (o) {
        fprintf(stderr, "zhibiao %s: option '%.*s' takes no value (try --help)\n", cmd, n, a);
    } else if (!optopt) {
        fprintf(stderr, "zhibiao %s: unknown option '%.*s' (try --help)\n", cmd, n, a);
    } else {
        fprintf(stderr, "zhibiao %s: unknown option '-%c' (try --help)\n", cmd, optopt);
    }
}
