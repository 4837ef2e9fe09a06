/* cli_run.c - `zhibiao run`: the worker. With no config it runs file mode on
 * the bundled samples; with `mode: kafka` it joins the consumer group. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "file_mode.h"
#include "http.h"
#include "kafka_loop.h"
#include "log.h"
#include "pipeline.h"
#include "zb_extract.h"

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
    (void)sig;
    g_stop = 1;
}

static void usage(FILE *f) {
    fprintf(f, "usage: zhibiao run [--config FILE] [--http LISTEN] [-o OUT.avro] [INPUT...]\n"
               "\n"
               "  -c, --config FILE  YAML config (default: none = file mode on the bundled\n"
               "                     samples); environment ZB_* overrides it\n"
               "  --http LISTEN      serve /metrics /healthz /readyz (e.g. :8080)\n"
               "  -o, --output FILE  file mode: the Avro container to write\n"
               "  INPUT...           file mode on these files, directories, *.jsonl\n"
               "                     (after --, names that start with '-')\n"
               "\n"
               "SIGTERM/SIGINT: Kafka mode commits or aborts the open transaction, leaves the\n"
               "group and exits 0; file mode finishes the inputs read so far, closes the\n"
               "container and exits 1 (the rest were not read).\n");
}

static void install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

typedef struct {
    const char *config, *http, *output;
    char **inputs;
    int n_inputs;
} run_args;

static int parse_args(int argc, char **argv, run_args *a) {
    static const struct option longopts[] = {{"config", required_argument, 0, 'c'},
                                             {"http", required_argument, 0, 'H'},
                                             {"output", required_argument, 0, 'o'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    optind = 1;
    opterr = 0; /* zb_cli_bad_option says it, in the words of every subcommand */
    int ch;
    while ((ch = getopt_long(argc, argv, ":c:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            a->config = optarg;
            break;
        case 'H':
            a->http = optarg;
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            zb_cli_bad_option("run", ch, argv, longopts);
            return 2;
        }
    }
    for (int i = optind; i < argc; i++)
        a->inputs[a->n_inputs++] = argv[i];
    return 0;
}

/* Command-line inputs turn file mode on and replace file.inputs. */
static int apply_args(zb_config *c, const run_args *a) {
    if (a->http) {
        free(c->http_listen);
        c->http_listen = strdup(a->http);
    }
    if (a->output) {
        free(c->file_output);
        c->file_output = strdup(a->output);
    }
    if (a->n_inputs) {
        for (size_t i = 0; i < c->n_file_inputs; i++)
            free(c->file_inputs[i]);
        free(c->file_inputs);
        c->file_inputs = calloc((size_t)a->n_inputs, sizeof *c->file_inputs);
        if (!c->file_inputs) return -1;
        for (int i = 0; i < a->n_inputs; i++)
            c->file_inputs[i] = strdup(a->inputs[i]);
        c->n_file_inputs = (size_t)a->n_inputs;
        c->mode = ZB_MODE_FILE;
    }
    return (c->http_listen && c->file_output) ? 0 : -1;
}

static int run_kafka(const zb_config *cfg, const zb_rules *rules, zb_metrics *m) {
    char err[512];
    zb_pipe_opts po = {.format = cfg->input_format,
                       .max_report_bytes = cfg->max_report_bytes,
                       .encode = 1,
                       .registry_url = cfg->registry_url,
                       .cfg = cfg,
                       .max_ms = (uint32_t)cfg->extract_timeout_ms};
    zb_pipeline *p = zb_pipeline_new(rules, &po, m, err, sizeof err);
    if (!p) {
        zb_error("fatal", "%s", err);
        return 1;
    }
    err[0] = 0;
    int rc = zb_kafka_run(cfg, p, m, &g_stop, err, sizeof err);
    if (rc == 3) return 0; /* a thread still uses p: exit without freeing it */
    zb_pipeline_free(p);
    if (rc)
        zb_error("fatal", "%s", err);
    else
        zb_info("exit", "stopped cleanly");
    return rc;
}

static int run_files(const zb_config *cfg, const zb_rules *rules, zb_metrics *m) {
    char err[512] = "";
    zb_file_stats st;
    int rc = zb_file_mode_run(cfg, rules, m, &g_stop, stdout, &st, err, sizeof err);
    if (rc) {
        zb_error("fatal", "%s", err);
    } else if (st.interrupted) {
        /* a batch cut short is no success: `run && ship out.avro` must not ship it */
        zb_warn("interrupted", "stopped by a signal after %lu inputs; the rest were not read",
                st.inputs);
        rc = 1;
    }
    return rc;
}

int zb_cmd_run(int argc, char **argv) {
    run_args a = {0};
    a.inputs = calloc((size_t)argc + 1, sizeof *a.inputs);
    if (!a.inputs) return 1;
    int pr = parse_args(argc, argv, &a);
    if (pr) {
        free(a.inputs);
        return pr == 1 ? 0 : pr;
    }
    zb_config cfg;
    char err[512];
    int rc = 1;
    if (zb_config_load(&cfg, a.config, NULL, err, sizeof err)) {
        fprintf(stderr, "zhibiao run: %s\n", err);
        free(a.inputs);
        return 2;
    }
    if (apply_args(&cfg, &a)) goto out;
    zb_log_set_level(cfg.log_level);
    install_signals();
    zb_rules *rules = zb_rules_load(cfg.rules_dir, err, sizeof err);
    if (!rules) {
        zb_error("fatal", "rules: %s", err);
        goto out;
    }
    zb_metrics m;
    zb_metrics_init(&m);
    m.file_mode = cfg.mode == ZB_MODE_FILE;
    m.liveness_ms = cfg.liveness_ms;
    zb_http *h = NULL;
    if (cfg.http_listen[0] && !(h = zb_http_start(cfg.http_listen, &m, err, sizeof err))) {
        zb_error("fatal", "%s", err);
    } else {
        rc = cfg.mode == ZB_MODE_KAFKA ? run_kafka(&cfg, rules, &m) : run_files(&cfg, rules, &m);
    }
    zb_http_stop(h);
    zb_metrics_destroy(&m);
    zb_rules_free(rules);
out:
    zb_config_free(&cfg);
    free(a.inputs);
    return rc;
}
