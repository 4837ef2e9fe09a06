/* cli.h - the subcommands of the zhibiao binary. Each returns the process
 * exit status; none calls exit(). */
#ifndef ZB_CLI_H
#define ZB_CLI_H

int zb_cmd_extract(int argc, char **argv); /* cli_extract.c */
int zb_cmd_schema(int argc, char **argv);  /* cli_schema.c */
int zb_cmd_run(int argc, char **argv);     /* cli_run.c */
int zb_cmd_config(int argc, char **argv);  /* cli_config.c */
int zb_cmd_dlq(int argc, char **argv);     /* cli_dlq.c */

/* A whole number from min to max given to option opt of subcommand cmd, or
 * -1 after one line on stderr: a typo must not silently become 0 (often a
 * default) or wrap around. */
int zb_cli_count(const char *cmd, const char *opt, const char *arg, unsigned long long min,
                 unsigned long long max, unsigned long long *out); /* cli_args.c */

struct option;
/* One line on stderr for what getopt_long (optstring starting with ':',
 * opterr 0) returned as ch, '?' or ':': the unknown option, or the option
 * missing its value, of subcommand cmd. The same words for every
 * subcommand. */
void zb_cli_bad_option(const char *cmd, int ch, char **argv,
                       const struct option *longopts); /* cli_args.c */

#endif
