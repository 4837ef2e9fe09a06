/* cli.h - the subcommands of the zhibiao binary. Each returns the process
 * exit status; none calls exit(). */
#ifndef ZB_CLI_H
#define ZB_CLI_H

int zb_cmd_extract(int argc, char **argv); /* cli_extract.c */
int zb_cmd_schema(int argc, char **argv);  /* cli_schema.c */
int zb_cmd_run(int argc, char **argv);     /* cli_run.c */
int zb_cmd_config(int argc, char **argv);  /* cli_config.c */
int zb_cmd_dlq(int argc, char **argv);     /* cli_dlq.c */

#endif
