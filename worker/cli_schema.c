/* cli_schema.c - `zhibiao schema print NAME` / `zhibiao schema list`: the
 * Avro schemas compiled into the binary. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zb_codec.h"

static void usage(FILE *f) {
    fprintf(f, "usage: zhibiao schema list\n"
               "       zhibiao schema print NAME\n"
               "\n"
               "NAME is one of the schemas listed (short or full name, any case).\n");
}

int zb_cmd_schema(int argc, char **argv) {
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage(stdout);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "list")) {
        for (int k = 0; k < ZB_SCHEMA_COUNT; k++)
            printf("%s\t%s\n", zb_schema_name((zb_schema_kind)k),
                   zb_schema_fullname((zb_schema_kind)k));
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "print")) {
        int k = zb_schema_find(argv[2]);
        if (k < 0) {
            fprintf(stderr, "zhibiao schema: unknown schema '%s' (try 'zhibiao schema list')\n",
                    argv[2]);
            return 2;
        }
        const char *text = zb_schema_text((zb_schema_kind)k);
        size_t n = strlen(text);
        fputs(text, stdout);
        if (n && text[n - 1] != '\n') putchar('\n');
        return fflush(stdout) ? 1 : 0;
    }
    if (argc >= 2 && strcmp(argv[1], "list") && strcmp(argv[1], "print"))
        fprintf(stderr, "zhibiao schema: unknown subcommand or option '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
