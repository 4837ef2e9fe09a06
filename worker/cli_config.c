/* cli_config.c - `zhibiao config check FILE`: validates the config (our keys
 * and every librdkafka property, through librdkafka itself) and prints the
 * effective configuration with secrets masked. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "kafka_client.h"

static void usage(FILE *f) {
    fprintf(f, "usage: zhibiao config check [FILE]\n"
               "  validates FILE (plus ZB_* environment overrides) and prints the effective\n"
               "  configuration, secrets masked; exit 0 when valid, 1 when not\n");
}

/* librdkafka knows its properties: a typo in kafka.* fails here, not at 3am. */
static int check_kafka(const zb_config *c, char *err, size_t errlen) {
    for (int role = ZB_ROLE_CONSUMER; role <= ZB_ROLE_PRODUCER; role++) {
        rd_kafka_conf_t *conf = zb_kafka_conf_new(c, (zb_kafka_role)role, err, errlen);
        if (!conf) return -1;
        rd_kafka_conf_destroy(conf);
    }
    return 0;
}

static int is_help(const char *a) { return !strcmp(a, "-h") || !strcmp(a, "--help"); }

int zb_cmd_config(int argc, char **argv) {
    if ((argc >= 2 && is_help(argv[1])) || (argc == 3 && is_help(argv[2]))) {
        usage(stdout);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "check") || argc > 3) {
        usage(stderr);
        return 2;
    }
    const char *path = argc == 3 ? argv[2] : NULL;
    if (path && path[0] == '-') { /* not read as a file named "--bogus" */
        fprintf(stderr, "zhibiao config check: unknown option '%s' (try --help)\n", path);
        return 2;
    }
    zb_config c;
    char err[512];
    if (zb_config_load(&c, path, NULL, err, sizeof err)) {
        fprintf(stderr, "zhibiao config check: config invalid: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (check_kafka(&c, err, sizeof err)) {
        fprintf(stderr, "zhibiao config check: config invalid: %s\n", err);
        rc = 1;
    } else {
        zb_config_print(&c, stdout);
        fprintf(stderr, "config OK (%s mode)\n", c.mode == ZB_MODE_KAFKA ? "kafka" : "file");
    }
    zb_config_free(&c);
    return rc;
}
