/* cli_dlq.c - `zhibiao dlq replay`: sends dead letters back to the input
 * topic after a fix, exactly once.
 *
 * It reads the DLQ topic from the replay group's committed offsets up to the
 * end, decodes each DeadLetter (Avro, Confluent framing, writer schema from
 * the registry), keeps those matching --reason/--stage, and produces the
 * original key, value and headers to the original topic (or --to-topic).
 * Production and the DLQ offsets are committed in one Kafka transaction per
 * batch, so a crash or a second run never sends a dead letter twice and
 * never skips one: the next run starts where the last committed batch ended.
 *
 * The replay group is "zhibiao-dlq-replay" plus the filter, so replaying one
 * reason now and another later each see the whole DLQ; --group overrides. */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>

#include "cli.h"
#include "config.h"
#include "kafka_client.h"
#include "log.h"
#include "mono_clock.h"
#include "registry_conf.h"
#include "zb_codec.h"
#include "zb_registry.h"

#define REPLAY_HEADER "zb.replayed-from"
/* transaction.timeout.ms when the config sets none (librdkafka's default is
 * 60 s). A replay killed with -9 leaves its transaction open until the next
 * replay fences it or the broker aborts it after this timeout (plus up to
 * its 10 s abort check): until then read_committed readers of the target
 * topic stop at it, and reading the group's stable offsets waits. One
 * batch (--batch letters, committed after QUIET_COMMIT_MS without data)
 * must fit in it, or the broker aborts it and the replay stops. */
#define REPLAY_TXN_TIMEOUT "30000"
#define QUIET_COMMIT_MS 1000
/* A batch open this long is committed whatever its size, as a fraction of
 * transaction.timeout.ms: letters trickling in just under QUIET_COMMIT_MS
 * apart would otherwise hold a --batch 500 transaction open for minutes,
 * past the timeout, and the broker would abort it. */
#define BATCH_AGE_SHARE 4 /* at most a quarter of the timeout */

typedef struct {
    const char *config_path;
    const char *reasons; /* comma-separated error codes; NULL = all */
    const char *stage;   /* NULL = all */
    const char *from_topic;
    const char *to_topic;
    const char *group;
    long max;    /* 0 = no limit */
    int batch;   /* messages per transaction */
    int idle_ms; /* give up waiting for the end after this long without data */
    int dry_run;
} replay_opts;

typedef struct {
    uint64_t read, replayed, filtered, undecodable, transactions, aborts;
} replay_stats;

typedef struct {
    const replay_opts *o;
    const zb_config *cfg;
    rd_kafka_t *consumer, *producer;
    zb_codec *codec;
    zb_registry *reg;
    const char *dlq_topic;
    char group[256];
    int in_txn;               /* a transaction is open */
    int pending;              /* messages consumed since the last commit (replayed or not) */
    long long batch_start_ms; /* when the first of them was consumed */
    long long batch_max_ms;   /* transaction.timeout.ms / BATCH_AGE_SHARE */
    replay_stats st;
} replay;

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) {
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f) {
    fprintf(f, "usage: zhibiao dlq replay --config FILE [OPTIONS]\n"
               "\n"
               "Sends dead letters (original key, value, headers) back to the topic they came\n"
               "from, exactly once: one Kafka transaction per batch commits the sends and the\n"
               "DLQ offsets together. Reads up to the current end of the DLQ, then exits.\n"
               "\n"
               "  --config FILE      the worker's config (kafka.*, registry.*, output.dlq_topic)\n"
               "  --reason CODES     only these error codes, comma-separated (e.g. not_a_report)\n"
               "  --stage STAGE      only this stage (decode|extract|encode|produce|other)\n"
               "  --from-topic T     the DLQ topic (default: output.dlq_topic)\n"
               "  --to-topic T       send here instead of each letter's original topic\n"
               "  --group G          replay consumer group (default: zhibiao-dlq-replay[-FILTER])\n"
               "  --max N            replay at most N letters\n"
               "  --batch N          letters per transaction (default 500)\n"
               "  --idle-ms MS       stop when nothing arrives for this long (default 30000)\n"
               "  --dry-run          list what would be replayed; send and commit nothing\n");
}

static int known_stage(const char *s) {
    for (int k = ZB_STAGE_OTHER; k <= ZB_STAGE_PRODUCE; k++)
        if (!strcmp(s, zb_dlq_stage_name((zb_dlq_stage)k))) return 1;
    return 0;
}

static int parse_args(int argc, char **argv, replay_opts *o) {
    static const struct option longopts[] = {
        {"config", required_argument, 0, 'c'},   {"reason", required_argument, 0, 'r'},
        {"stage", required_argument, 0, 's'},    {"from-topic", required_argument, 0, 'f'},
        {"to-topic", required_argument, 0, 't'}, {"group", required_argument, 0, 'g'},
        {"max", required_argument, 0, 'm'},      {"batch", required_argument, 0, 'b'},
        {"idle-ms", required_argument, 0, 'i'},  {"dry-run", no_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    *o = (replay_opts){.batch = 500, .idle_ms = 30000};
    optind = 1;
    opterr = 0; /* zb_cli_bad_option says it, in the words of every subcommand */
    int ch;
    unsigned long long n;
    while ((ch = getopt_long(argc, argv, ":c:r:s:f:t:g:m:b:i:nh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            o->config_path = optarg;
            break;
        case 'r':
            o->reasons = optarg;
            break;
        case 's':
            if (!known_stage(optarg)) {
                /* a typo would replay nothing and say only "skipped by filter" */
                fprintf(stderr,
                        "zhibiao dlq replay: unknown stage '%s' "
                        "(decode|extract|encode|produce|other)\n",
                        optarg);
                return 2;
            }
            o->stage = optarg;
            break;
        case 'f':
            o->from_topic = optarg;
            break;
        case 't':
            o->to_topic = optarg;
            break;
        case 'g':
            o->group = optarg;
            break;
        case 'm':
            if (zb_cli_count("dlq replay", "--max", optarg, 1, LONG_MAX, &n)) return 2;
            o->max = (long)n;
            break;
        case 'b':
            if (zb_cli_count("dlq replay", "--batch", optarg, 1, 1000000, &n)) return 2;
            o->batch = (int)n;
            break;
        case 'i':
            if (zb_cli_count("dlq replay", "--idle-ms", optarg, 100, 86400000, &n)) return 2;
            o->idle_ms = (int)n;
            break;
        case 'n':
            o->dry_run = 1;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            zb_cli_bad_option("dlq replay", ch, argv, longopts);
            return 2;
        }
    }
    if (!o->config_path || optind != argc) {
        if (optind != argc)
            fprintf(stderr, "zhibiao dlq replay: unexpected argument '%s'\n", argv[optind]);
        else
            fprintf(stderr, "zhibiao dlq replay: --config FILE is required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

/* 1 when code is one of the comma-separated names in list. */
static int in_list(const char *list, const char *code) {
    size_t n = strlen(code);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, code, n)) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

static int selected(const replay_opts *o, const zb_dead_letter *d) {
    if (o->reasons && !in_list(o->reasons, d->error_code)) return 0;
    if (o->stage && strcmp(o->stage, zb_dlq_stage_name(d->stage))) return 0;
    return 1;
}

static zb_registry *registry_from_config(const zb_config *c, char *err, size_t errlen) {
    if (!c->registry_url || !*c->registry_url) {
        snprintf(err, errlen, "registry.url is needed to decode dead letters");
        return NULL;
    }
    return zb_config_registry(c, c->registry_url, 0, err, errlen);
}

/* A consumer of the replay group with EOF events (the job ends at the end of
 * the DLQ), assigned every DLQ partition from its committed offset. */
static rd_kafka_t *open_consumer(replay *r, char *err, size_t errlen) {
    rd_kafka_conf_t *conf = zb_kafka_conf_new(r->cfg, ZB_ROLE_CONSUMER, err, errlen);
    if (!conf) return NULL;
    char e[256];
    if (rd_kafka_conf_set(conf, "group.id", r->group, e, sizeof e) ||
        rd_kafka_conf_set(conf, "enable.partition.eof", "true", e, sizeof e) ||
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", e, sizeof e) ||
        rd_kafka_conf_set(conf, "isolation.level", "read_committed", e, sizeof e)) {
        snprintf(err, errlen, "consumer config: %s", e);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return zb_kafka_consumer_new(r->cfg, conf, err, errlen);
}

static int assign_from_committed(replay *r, char *err, size_t errlen) {
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_topic_t *t = rd_kafka_topic_new(r->consumer, r->dlq_topic, NULL);
    rd_kafka_resp_err_t e = rd_kafka_metadata(r->consumer, 0, t, &md, 15000);
    rd_kafka_topic_destroy(t);
    if (e || md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        const char *bs = zb_kvlist_get(&r->cfg->consumer, "bootstrap.servers");
        if (!bs) bs = zb_kvlist_get(&r->cfg->kafka, "bootstrap.servers");
        if (e == RD_KAFKA_RESP_ERR__TRANSPORT || e == RD_KAFKA_RESP_ERR__TIMED_OUT ||
            e == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
            /* librdkafka says only "Local: Broker transport failure" */
            snprintf(err, errlen,
                     "no answer from the Kafka cluster at %s (reading DLQ topic %s: %s): are "
                     "the brokers up and kafka.bootstrap.servers right?",
                     bs ? bs : "?", r->dlq_topic, rd_kafka_err2str(e));
        else
            snprintf(err, errlen, "DLQ topic %s: %s", r->dlq_topic,
                     e ? rd_kafka_err2str(e)
                       : rd_kafka_err2str(md->topic_cnt ? md->topics[0].err
                                                        : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC));
        if (md) rd_kafka_metadata_destroy(md);
        return -1;
    }
    int n = md->topics[0].partition_cnt;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(n);
    for (int i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, r->dlq_topic, md->topics[0].partitions[i].id)->offset =
            RD_KAFKA_OFFSET_STORED;
    rd_kafka_metadata_destroy(md);
    e = rd_kafka_assign(r->consumer, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        snprintf(err, errlen, "assign: %s", rd_kafka_err2str(e));
        return -1;
    }
    return n;
}

/* The next offsets to read, only for partitions where something was read. */
static rd_kafka_topic_partition_list_t *positions(replay *r) {
    rd_kafka_topic_partition_list_t *a = NULL, *out;
    if (rd_kafka_assignment(r->consumer, &a)) return NULL;
    rd_kafka_position(r->consumer, a);
    out = rd_kafka_topic_partition_list_new(a->cnt);
    for (int i = 0; i < a->cnt; i++)
        if (a->elems[i].offset >= 0)
            rd_kafka_topic_partition_list_add(out, a->elems[i].topic, a->elems[i].partition)
                ->offset = a->elems[i].offset;
    rd_kafka_topic_partition_list_destroy(a);
    return out;
}

static int begin_txn(replay *r, char *err, size_t errlen) {
    if (r->in_txn) return 0;
    rd_kafka_error_t *e = rd_kafka_begin_transaction(r->producer);
    if (e) {
        snprintf(err, errlen, "begin_transaction: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        return -1;
    }
    r->in_txn = 1;
    return 0;
}

/* Aborts the open transaction and rewinds the consumer to the committed
 * offsets, so the aborted batch is read and sent again. */
static int abort_and_rewind(replay *r, char *err, size_t errlen) {
    rd_kafka_error_t *e = rd_kafka_abort_transaction(r->producer, 60000);
    r->in_txn = 0;
    r->pending = 0;
    r->st.aborts++;
    if (e) {
        snprintf(err, errlen, "abort_transaction: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        return -1;
    }
    zb_warn("dlq_replay_abort", "transaction aborted; rewinding to the committed offsets");
    rd_kafka_assign(r->consumer, NULL);
    return assign_from_committed(r, err, errlen) < 0 ? -1 : 0;
}

/* Commits the sends and the DLQ positions together. 0 ok, 1 aborted and
 * rewound (the caller goes on), -1 fatal. */
static int commit_txn(replay *r, char *err, size_t errlen) {
    if (!r->pending || r->o->dry_run) return 0;
    if (begin_txn(r, err, errlen)) return -1;
    rd_kafka_topic_partition_list_t *pos = positions(r);
    rd_kafka_consumer_group_metadata_t *cgm = rd_kafka_consumer_group_metadata(r->consumer);
    rd_kafka_error_t *e = pos ? rd_kafka_send_offsets_to_transaction(r->producer, pos, cgm, -1)
                              : rd_kafka_error_new(RD_KAFKA_RESP_ERR__STATE, "no assignment");
    rd_kafka_consumer_group_metadata_destroy(cgm);
    if (pos) rd_kafka_topic_partition_list_destroy(pos);
    if (!e) e = rd_kafka_commit_transaction(r->producer, -1);
    if (!e) {
        r->in_txn = 0;
        r->pending = 0;
        r->st.transactions++;
        return 0;
    }
    int abortable = rd_kafka_error_txn_requires_abort(e);
    snprintf(err, errlen, "commit: %s", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    if (!abortable) return -1;
    zb_warn("dlq_replay_commit", "%s", err);
    return abort_and_rewind(r, err, errlen) ? -1 : 1;
}

static rd_kafka_headers_t *copy_headers(const zb_dead_letter *d, const rd_kafka_message_t *m) {
    rd_kafka_headers_t *h = rd_kafka_headers_new(d->n_headers + 1);
    for (size_t i = 0; i < d->n_headers; i++) {
        if (!strcmp(d->headers[i].name, REPLAY_HEADER)) continue; /* replaced below */
        rd_kafka_header_add(h, d->headers[i].name, -1, d->headers[i].value,
                            d->headers[i].value ? (ssize_t)d->headers[i].value_len : 0);
    }
    /* Where the replayed copy came from: lets an operator trace a message
     * that fails again back to this DLQ record. */
    char from[300];
    snprintf(from, sizeof from, "%s/%" PRId32 "/%" PRId64, rd_kafka_topic_name(m->rkt),
             m->partition, m->offset);
    rd_kafka_header_add(h, REPLAY_HEADER, -1, from, -1);
    return h;
}

static int send_letter(replay *r, const zb_dead_letter *d, const char *to,
                       const rd_kafka_message_t *m, char *err, size_t errlen) {
    if (begin_txn(r, err, errlen)) return -1;
    rd_kafka_headers_t *h = copy_headers(d, m);
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            r->producer, RD_KAFKA_V_TOPIC(to), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(d->key, d->key ? d->key_len : 0),
            RD_KAFKA_V_VALUE((void *)d->value, d->value ? d->value_len : 0), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_END);
        if (!e) return 0;
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(r->producer, 100);
            continue;
        }
        rd_kafka_headers_destroy(h);
        snprintf(err, errlen, "produce to %s: %s", to, rd_kafka_err2str(e));
        return -1;
    }
}

static const char *target_topic(const replay *r, const zb_dead_letter *d) {
    if (r->o->to_topic) return r->o->to_topic;
    if (d->topic && *d->topic) return d->topic;
    return r->cfg->n_input_topics ? r->cfg->input_topics[0] : NULL;
}

/* One DLQ message. 0 ok (sent, filtered or undecodable), -1 fatal. */
static int handle(replay *r, const rd_kafka_message_t *m, char *err, size_t errlen) {
    zb_dead_letter d;
    char derr[256];
    r->st.read++;
    if (r->pending++ == 0) r->batch_start_ms = zb_mono_ms();
    zb_codec_status s =
        zb_decode_dead_letter(r->codec, r->reg, 1, m->payload, m->len, &d, derr, sizeof derr);
    if (s == ZB_CODEC_ERETRY) {
        snprintf(err, errlen, "registry unreachable: %s", derr);
        return -1;
    }
    if (s != ZB_CODEC_OK) {
        r->st.undecodable++;
        zb_error("dlq_replay_undecodable", "%s/%" PRId32 "/%" PRId64 ": %s",
                 rd_kafka_topic_name(m->rkt), m->partition, m->offset, derr);
        return 0;
    }
    if (!selected(r->o, &d)) {
        r->st.filtered++;
        return 0;
    }
    const char *to = target_topic(r, &d);
    if (!to) {
        snprintf(err, errlen, "no target topic: use --to-topic or input.topics");
        return -1;
    }
    r->st.replayed++;
    if (r->o->dry_run) {
        printf("would replay %s/%" PRId32 "/%" PRId64 " -> %s  %s/%s  %zu bytes\n",
               rd_kafka_topic_name(m->rkt), m->partition, m->offset, to, zb_dlq_stage_name(d.stage),
               d.error_code, d.value_len);
        return 0;
    }
    return send_letter(r, &d, to, m, err, errlen);
}

/* Reads to the end of every DLQ partition. 0 ok, -1 fatal. */
static int replay_loop(replay *r, int n_parts, char *err, size_t errlen) {
    char *at_eof = calloc((size_t)n_parts + 1, 1);
    int n_eof = 0, idle = 0, rc = 0;
    while (!stop_flag && n_eof < n_parts) {
        if (r->o->max && r->st.replayed >= (uint64_t)r->o->max) break;
        rd_kafka_message_t *m = rd_kafka_consumer_poll(r->consumer, 200);
        if (!m) {
            idle += 200;
            /* A quiet DLQ does not hold a batch open: the transaction's
             * lifetime stays the batch's work, well under its timeout. */
            if (idle >= QUIET_COMMIT_MS && r->pending) {
                int c = commit_txn(r, err, errlen);
                if (c < 0) {
                    rc = -1;
                    break;
                }
                if (c == 1) memset(at_eof, 0, (size_t)n_parts), n_eof = 0;
            }
            if (idle >= r->o->idle_ms) {
                zb_warn("dlq_replay_idle", "no data for %d ms before the end; stopping",
                        r->o->idle_ms);
                break;
            }
            continue;
        }
        idle = 0;
        int p = m->partition;
        int in_range = p >= 0 && p < n_parts;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (in_range && !at_eof[p]) at_eof[p] = 1, n_eof++;
        } else if (m->err) {
            zb_warn("dlq_replay_consume", "%s", rd_kafka_message_errstr(m));
        } else {
            if (in_range && at_eof[p]) at_eof[p] = 0, n_eof--;
            rc = handle(r, m, err, errlen);
        }
        rd_kafka_message_destroy(m);
        if (rc) break;
        if (r->pending >= r->o->batch ||
            (r->pending && zb_mono_ms() - r->batch_start_ms >= r->batch_max_ms)) {
            int c = commit_txn(r, err, errlen);
            if (c < 0) rc = -1;
            if (c == 1) memset(at_eof, 0, (size_t)n_parts), n_eof = 0;
            if (rc) break;
        }
    }
    free(at_eof);
    return rc;
}

static int run_replay(replay *r, char *err, size_t errlen) {
    r->dlq_topic = r->o->from_topic ? r->o->from_topic : r->cfg->topic_dlq;
    if (r->o->group)
        snprintf(r->group, sizeof r->group, "%s", r->o->group);
    else
        snprintf(r->group, sizeof r->group, "zhibiao-dlq-replay%s%s%s%s", r->o->reasons ? "-" : "",
                 r->o->reasons ? r->o->reasons : "", r->o->stage ? "-" : "",
                 r->o->stage ? r->o->stage : "");
    if (!(r->reg = registry_from_config(r->cfg, err, errlen))) return -1;
    if (!(r->codec = zb_codec_new(err, errlen))) return -1;
    if (!(r->consumer = open_consumer(r, err, errlen))) return -1;
    if (!r->o->dry_run) {
        rd_kafka_conf_t *pc = zb_kafka_conf_new(r->cfg, ZB_ROLE_PRODUCER, err, errlen);
        char tid[300], e[256];
        if (pc && !zb_kvlist_get(&r->cfg->producer, "transaction.timeout.ms") &&
            !zb_kvlist_get(&r->cfg->kafka, "transaction.timeout.ms") &&
            rd_kafka_conf_set(pc, "transaction.timeout.ms", REPLAY_TXN_TIMEOUT, e, sizeof e)) {
            snprintf(err, errlen, "producer config: %s", e);
            rd_kafka_conf_destroy(pc);
            return -1;
        }
        /* Stable per group: a crashed replay is fenced by the next one. With
         * another id the next replay waits for the broker to time the
         * crashed one's transaction out (dlq_replay_test: 21 s, not 2). */
        snprintf(tid, sizeof tid, "zhibiao-dlq-replay-%s", r->group);
        if (!pc || !(r->producer = zb_kafka_producer_new(pc, tid, 60000, NULL, err, errlen)))
            return -1;
    }
    /* Only now read the group's offsets: init_transactions above fenced and
     * aborted the transaction of a replay killed with -9, whose pending
     * offsets make a read of stable offsets (read_committed) wait until
     * that transaction ends. */
    int n_parts = assign_from_committed(r, err, errlen);
    if (n_parts < 0) return -1;
    char tto[32] = "none";
    size_t ttl = sizeof tto;
    if (r->producer)
        rd_kafka_conf_get(rd_kafka_conf(r->producer), "transaction.timeout.ms", tto, &ttl);
    r->batch_max_ms = atoll(tto) / BATCH_AGE_SHARE;
    if (r->batch_max_ms < QUIET_COMMIT_MS) r->batch_max_ms = QUIET_COMMIT_MS;
    zb_info("dlq_replay_start",
            "replaying %s (group %s, transaction.timeout.ms %s, a batch committed after %lld ms)%s",
            r->dlq_topic, r->group, tto, r->batch_max_ms, r->o->dry_run ? " dry run" : "");
    int rc = replay_loop(r, n_parts, err, errlen);
    while (!rc) { /* final batch; an abort rewinds, so read again and retry */
        int c = commit_txn(r, err, errlen);
        if (c <= 0) {
            rc = c;
            break;
        }
        rc = replay_loop(r, n_parts, err, errlen);
    }
    if (rc && r->in_txn) {
        rd_kafka_error_t *e = rd_kafka_abort_transaction(r->producer, 30000);
        if (e) rd_kafka_error_destroy(e);
    }
    return rc;
}

static void close_replay(replay *r) {
    if (r->consumer) {
        rd_kafka_consumer_close(r->consumer);
        rd_kafka_destroy(r->consumer);
    }
    if (r->producer) {
        rd_kafka_flush(r->producer, 10000);
        rd_kafka_destroy(r->producer);
    }
    zb_codec_free(r->codec);
    zb_registry_free(r->reg);
}

static int cmd_replay(int argc, char **argv) {
    replay_opts o;
    int a = parse_args(argc, argv, &o);
    if (a) return a == 1 ? 0 : 2;
    zb_config cfg;
    char err[512] = "";
    if (zb_config_load(&cfg, o.config_path, NULL, err, sizeof err)) {
        fprintf(stderr, "zhibiao dlq replay: %s\n", err);
        return 1;
    }
    zb_log_set_level(cfg.log_level);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    replay r = {.o = &o, .cfg = &cfg};
    int rc = run_replay(&r, err, sizeof err);
    close_replay(&r);
    printf("dlq replay%s: read %" PRIu64 ", replayed %" PRIu64 ", skipped by filter %" PRIu64
           ", undecodable %" PRIu64 ", transactions %" PRIu64 ", aborted %" PRIu64 "\n",
           o.dry_run ? " (dry run)" : "", r.st.read, r.st.replayed, r.st.filtered, r.st.undecodable,
           r.st.transactions, r.st.aborts);
    zb_config_free(&cfg);
    if (rc) {
        fprintf(stderr, "zhibiao dlq replay: %s\n", err);
        return 1;
    }
    return r.st.undecodable ? 1 : 0;
}

int zb_cmd_dlq(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "replay")) return cmd_replay(argc - 1, argv + 1);
    fprintf(stderr, "zhibiao dlq: unknown subcommand '%s' (try 'zhibiao dlq --help')\n", argv[1]);
    return 2;
}
