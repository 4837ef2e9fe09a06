/* main.c - zhibiao: dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f) {
    fprintf(f,
            "zhibiao %s - extract indicators from rule-of-law government reports\n"
            "\n"
            "usage: zhibiao COMMAND [OPTIONS]\n"
            "\n"
            "commands:\n"
            "  run [--config FILE]         run the worker (Kafka, or file mode: the default\n"
            "                              with no config reads the bundled sample reports)\n"
            "  extract [--format F] FILE.. extract one or more reports (json|pretty|avro)\n"
            "  schema list | print NAME    list the Avro schemas, print one (ReportIndicators,\n"
            "                              IndicatorFact, RawReport, DeadLetter)\n"
            "  config check [FILE]         validate a config, print it with secrets masked\n"
            "  dlq replay [OPTIONS]        send dead letters back to the input topic\n"
            "  version                     print the version\n"
            "\n"
            "Run 'zhibiao COMMAND --help' for a command's options.\n",
            ZB_VERSION);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("zhibiao %s\n", ZB_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "extract")) return zb_cmd_extract(argc - 1, argv + 1);
    if (!strcmp(cmd, "schema")) return zb_cmd_schema(argc - 1, argv + 1);
    if (!strcmp(cmd, "run")) return zb_cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "config")) return zb_cmd_config(argc - 1, argv + 1);
    if (!strcmp(cmd, "dlq")) return zb_cmd_dlq(argc - 1, argv + 1);
    fprintf(stderr, "zhibiao: unknown command '%s' (try 'zhibiao --help')\n", cmd);
    return 2;
}
