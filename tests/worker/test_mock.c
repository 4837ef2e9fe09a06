/* test_mock.c - fault injection with librdkafka's mock cluster
 * (rdkafka_mock.h) and the Schema Registry stand-in (ZB_SR_URL):
 *
 *  1. The Kafka loop in at-least-once mode over 4 partitions of good and
 *     poison messages while a broker goes down and comes back and Produce,
 *     Fetch and OffsetCommit requests fail: every input offset ends up on the
 *     indicators topic or in the DLQ (none lost), poison only in the DLQ.
 *  2. A Schema Registry that hangs from the start: the loop pauses, stays
 *     in the group, produces nothing; once the registry answers it resumes
 *     and every input comes out.
 *     Each registry call hangs longer than max.poll.interval.ms, so this is
 *     also a message whose processing outlasts it: the member must keep its
 *     assignment throughout (one assign event, no loss of it).
 *  3. A message over its extraction budget (engine.timeout_ms) on a
 *     partition of good ones: a dead letter with reason timeout, and every
 *     message after it comes out (the partition does not stall).
 *  4. The zhibiao binary (argv[1]) against the same cluster, started while
 *     its registry is down and no message comes: /readyz says the registry
 *     is unreachable, then turns ready once the registry is started;
 *     SIGTERM makes it exit 0 in bounded time; at least once, with no
 *     batch closing by itself, the offsets it committed on the way out
 *     are every input's.
 *  5. The binary started while every broker is down: SIGTERM meanwhile
 *     exits 0 at once; it waits (not ready) instead of exiting, turns ready
 *     once they are up, exits 0 on SIGTERM.
 *
 * With argv[2] = exactly_once the same scenarios run the transactional code
 * path (begin/send_offsets/commit under the same faults, commit on SIGTERM):
 * this shows that path survives the faults and loses nothing; it does NOT
 * show exactly-once, which the mock cannot (see below).
 *
 * Debian's librdkafka 2.0.2 mock does not implement transactions (offsets
 * sent in a transaction are not stored, aborted messages stay visible), so
 * exactly-once is tested against the real broker in tests/integration. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "http_get.h"
#include "kafka_loop.h"
#include "zb_registry.h"

extern char **environ;

#define N_MSGS 240
#define N_PARTS 4

/* Output topics get N_PARTS partitions too: the mock keeps only 5 MiB per
 * partition and deletes the oldest records beyond that. */
static rd_kafka_mock_cluster_t *mc;
static const char *bootstraps;
static const char *sr_url;
static const char *semantics = "at_least_once";
static char *report;
static size_t report_len;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void load_report(void) {
    char path[1024];
    snprintf(path, sizeof path, "%s/config/samples/hexi-2023.html", ZB_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    if (!f) exit(1);
    report = malloc(1 << 20);
    report_len = fread(report, 1, 1 << 20, f);
    fclose(f);
}

/* Every 8th message is poison, of three kinds. */
static int is_poison(int i) { return i % 8 == 5; }

static void produce_inputs(const char *topic, int n) {
    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, err, sizeof err);
    rd_kafka_t *p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    static const unsigned char binary[] = {0xff, 0xfe, 0x00, 0x81, 0xc0, 0xff, 0x00, 0x13};
    for (int i = 0; i < n; i++) {
        char url[128];
        snprintf(url, sizeof url, "https://www.tjhx.gov.cn/report/%s/%d.html", topic, i);
        const void *v = report;
        size_t len = report_len;
        if (is_poison(i)) {
            int kind = (i / 8) % 3;
            v = kind == 0 ? "" : kind == 1 ? (const void *)binary : "<p>通知：元旦放假三天。</p>";
            len = kind == 0 ? 0 : kind == 1 ? sizeof binary : strlen(v);
        }
        rd_kafka_producev(p, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(i % N_PARTS),
                          RD_KAFKA_V_VALUE((void *)v, len),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_HEADER("source-url", url, -1),
                          RD_KAFKA_V_HEADER("content-type", "text/html", -1), RD_KAFKA_V_END);
    }
    rd_kafka_flush(p, 30000);
    rd_kafka_destroy(p);
}

/* ---- verifier: which input offsets reached an output topic ---------------- */

typedef struct {
    unsigned char report[N_PARTS][N_MSGS]; /* count of indicators records per input offset */
    unsigned char dlq[N_PARTS][N_MSGS];
    unsigned char dlq_timeout[N_PARTS][N_MSGS]; /* dead letters with reason timeout */
    rd_kafka_t *c;
    zb_codec *codec;
    zb_registry *reg;
    const char *in_topic;
} verifier;

static void verifier_open(verifier *v, const char *in_topic, const char *registry,
                          const char *ind_topic, const char *dlq_topic) {
    memset(v, 0, sizeof *v);
    v->in_topic = in_topic;
    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", "verifier", err, sizeof err);
    rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.partition.eof", "false", err, sizeof err);
    v->c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    rd_kafka_poll_set_consumer(v->c);
    rd_kafka_topic_partition_list_t *a = rd_kafka_topic_partition_list_new(4);
    for (int p = 0; p < N_PARTS; p++) {
        rd_kafka_topic_partition_list_add(a, ind_topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_topic_partition_list_add(a, dlq_topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(v->c, a);
    rd_kafka_topic_partition_list_destroy(a);
    v->codec = zb_codec_new(err, sizeof err);
    zb_registry_conf rc;
    zb_registry_conf_init(&rc);
    rc.urls = registry;
    v->reg = zb_registry_new(&rc, err, sizeof err);
}

static void verifier_close(verifier *v) {
    rd_kafka_consumer_close(v->c);
    rd_kafka_destroy(v->c);
    zb_codec_free(v->codec);
    zb_registry_free(v->reg);
}

static long g_seen, g_bytes;
static void verifier_poll(verifier *v, int ms) {
    int64_t until = now_ms() + ms;
    while (now_ms() < until) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(v->c, 50);
        if (!m) continue;
        if (m->err) fprintf(stderr, "verifier: %s\n", rd_kafka_message_errstr(m));
        if (!m->err) {
            g_seen++;
            g_bytes += (long)m->len;
            char err[256];
            const char *t = rd_kafka_topic_name(m->rkt);
            if (strstr(t, "indicators")) {
                zb_decoded_report *d = NULL;
                if (zb_decode_report(v->codec, v->reg, 1, m->payload, m->len, &d, err,
                                     sizeof err) == ZB_CODEC_OK) {
                    if (d->origin.topic && !strcmp(d->origin.topic, v->in_topic) &&
                        d->origin.partition >= 0 && d->origin.partition < N_PARTS &&
                        d->origin.offset >= 0 && d->origin.offset < N_MSGS)
                        v->report[d->origin.partition][d->origin.offset]++;
                    zb_decoded_report_free(d);
                } else {
                    fprintf(stderr, "undecodable indicators record: %s\n", err);
                    CHECK(0);
                }
            } else {
                zb_dead_letter d;
                if (zb_decode_dead_letter(v->codec, v->reg, 1, m->payload, m->len, &d, err,
                                          sizeof err) == ZB_CODEC_OK) {
                    if (d.topic && !strcmp(d.topic, v->in_topic) && d.partition >= 0 &&
                        d.partition < N_PARTS && d.offset >= 0 && d.offset < N_MSGS) {
                        v->dlq[d.partition][d.offset]++;
                        if (d.error_code && !strcmp(d.error_code, "timeout"))
                            v->dlq_timeout[d.partition][d.offset]++;
                    }
                } else {
                    CHECK(0);
                }
            }
        }
        rd_kafka_message_destroy(m);
    }
}

/* Input i went to partition i % N_PARTS at offset i / N_PARTS. */
static int verifier_missing(const verifier *v, int n) {
    int missing = 0;
    for (int i = 0; i < n; i++)
        if (!v->report[i % N_PARTS][i / N_PARTS] && !v->dlq[i % N_PARTS][i / N_PARTS]) missing++;
    return missing;
}

/* ---- scenario 1: the loop under faults ------------------------------------ */

typedef struct {
    zb_config cfg;
    zb_pipeline *pipe;
    zb_metrics m;
    pthread_t th;
    volatile sig_atomic_t stop;
    int rc;
    char err[512];
} runner;

static void *run_thread(void *arg) {
    runner *r = arg;
    r->rc = zb_kafka_run(&r->cfg, r->pipe, &r->m, &r->stop, r->err, sizeof r->err);
    return NULL;
}

/* The worker's Kafka loop on its own thread, configured from yaml and built
 * the way `zhibiao run` builds it (cli_run.c), the registry at registry.url.
 * NULL (and a failed check) if the config or the pipeline is refused. */
static runner *runner_start(zb_rules *rules, const char *yaml) {
    runner *r = calloc(1, sizeof *r);
    char err[256];
    char *env[] = {NULL};
    if (zb_config_load_string(&r->cfg, yaml, strlen(yaml), env, err, sizeof err)) {
        fprintf(stderr, "config: %s\n", err);
        CHECK(0);
        free(r);
        return NULL;
    }
    zb_metrics_init(&r->m);
    zb_pipe_opts po = {.format = r->cfg.input_format,
                       .max_report_bytes = r->cfg.max_report_bytes,
                       .encode = 1,
                       .registry_url = r->cfg.registry_url,
                       .cfg = &r->cfg,
                       .max_ms = (uint32_t)r->cfg.extract_timeout_ms};
    r->pipe = zb_pipeline_new(rules, &po, &r->m, err, sizeof err);
    if (!r->pipe) {
        fprintf(stderr, "pipeline: %s\n", err);
        CHECK(0);
        zb_metrics_destroy(&r->m);
        zb_config_free(&r->cfg);
        free(r);
        return NULL;
    }
    pthread_create(&r->th, NULL, run_thread, r);
    return r;
}

/* Asks the loop to stop, waits for it and frees the runner; the loop's
 * status, with its message on stderr when it failed. */
static int runner_stop(runner *r) {
    r->stop = 1;
    pthread_join(r->th, NULL);
    int rc = r->rc;
    if (rc) fprintf(stderr, "loop: rc %d %s\n", rc, r->err);
    zb_pipeline_free(r->pipe);
    zb_metrics_destroy(&r->m);
    zb_config_free(&r->cfg);
    free(r);
    return rc;
}

static void test_faults(zb_rules *rules) {
    rd_kafka_mock_topic_create(mc, "reports.raw", N_PARTS, 1);
    produce_inputs("reports.raw", N_MSGS);

    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "mode: kafka\nlog:\n  level: warn\n"
             "delivery:\n  semantics: %s\n  batch_max_messages: 16\n"
             "  batch_max_ms: 200\n  shutdown_timeout_ms: 10000\n"
             "registry:\n  url: %s\n"
             "kafka:\n  bootstrap.servers: %s\n"
             "consumer:\n  group.id: zb-faults\n  statistics.interval.ms: 500\n",
             semantics, sr_url, bootstraps);
    runner *r = runner_start(rules, yaml);
    if (!r) return;

    /* Faults while it works. */
    int64_t t0 = now_ms();
    while (atomic_load(&r->m.messages_in) < 40 && now_ms() - t0 < 60000)
        sleep_ms(20);
    fprintf(stderr, "faults: broker 1 down at %llu messages\n",
            (unsigned long long)atomic_load(&r->m.messages_in));
    rd_kafka_mock_broker_set_down(mc, 1);
    sleep_ms(2500);
    rd_kafka_mock_broker_set_up(mc, 1);
    rd_kafka_mock_push_request_errors(
        mc, 0 /* Produce */, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE);
    rd_kafka_mock_push_request_errors(mc, 1 /* Fetch */, 2,
                                      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                      RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
    rd_kafka_mock_push_request_errors(mc, 8 /* OffsetCommit */, 2,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
    sleep_ms(500);
    rd_kafka_mock_broker_set_down(mc, 2);
    sleep_ms(1500);
    rd_kafka_mock_broker_set_up(mc, 2);

    /* Wait until every input is accounted for on an output topic. */
    verifier v;
    verifier_open(&v, "reports.raw", sr_url, "reports.indicators", "reports.dlq");
    int missing = N_MSGS;
    t0 = now_ms();
    int64_t reopened = t0;
    while ((missing = verifier_missing(&v, N_MSGS)) > 0 && now_ms() - t0 < 120000) {
        verifier_poll(&v, 500);
        if (now_ms() - reopened > 30000) {
            /* The reading side may have been hit by the injected Fetch
             * errors too: read everything again with a fresh consumer, so a
             * miss is the topic's, not the verifier's. */
            fprintf(stderr, "faults: %d missing after 30 s: reading the outputs again\n",
                    verifier_missing(&v, N_MSGS));
            verifier_close(&v);
            verifier_open(&v, "reports.raw", sr_url, "reports.indicators", "reports.dlq");
            g_seen = 0;
            reopened = now_ms();
        }
    }
    fprintf(stderr, "verifier saw %ld records, %ld bytes\n", g_seen, g_bytes);
    fprintf(stderr, "faults: %d of %d inputs missing after %lld ms; in=%llu out=%llu dlq=%llu\n",
            missing, N_MSGS, (long long)(now_ms() - t0),
            (unsigned long long)atomic_load(&r->m.messages_in),
            (unsigned long long)atomic_load(&r->m.messages_out),
            (unsigned long long)atomic_load(&r->m.dlq));
    CHECK(missing == 0);
    for (int i = 0; i < N_MSGS; i++)
        if (!v.report[i % N_PARTS][i / N_PARTS] && !v.dlq[i % N_PARTS][i / N_PARTS])
            fprintf(stderr, "faults: missing input %d (partition %d offset %d)\n", i, i % N_PARTS,
                    i / N_PARTS);
    for (int i = 0; i < N_MSGS; i++) {
        int p = i % N_PARTS, o = i / N_PARTS;
        if (is_poison(i)) {
            CHECK(v.dlq[p][o] >= 1 && v.report[p][o] == 0);
        } else {
            CHECK(v.report[p][o] >= 1 && v.dlq[p][o] == 0);
        }
    }
    verifier_close(&v);
    if (!strcmp(semantics, "exactly_once")) {
        /* batches close by count (16) or time (200 ms): at least 240/16 */
        unsigned long long commits = atomic_load(&r->m.txn_commits);
        fprintf(stderr, "faults: %llu transactions committed, %llu aborted\n", commits,
                (unsigned long long)atomic_load(&r->m.txn_aborts));
        CHECK(commits >= N_MSGS / 16);
    }

    int64_t t_stop = now_ms();
    CHECK(runner_stop(r) == 0);
    fprintf(stderr, "faults: loop stopped in %lld ms\n", (long long)(now_ms() - t_stop));
    CHECK(now_ms() - t_stop < 15000);
}

/* A free TCP port on 127.0.0.1 (so parallel test runs do not collide). */
static int free_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int port = -1;
    if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof sa) &&
        !getsockname(fd, (struct sockaddr *)&sa, &len))
        port = ntohs(sa.sin_port);
    if (fd >= 0) close(fd);
    return port;
}

/* ---- scenario 3: Schema Registry outage ---------------------------------- */

/* A second stand-in, which this test can freeze (SIGSTOP: connections are
 * accepted, nothing answers, requests time out) and thaw. */
static pid_t spawn_standin(int port) {
    char script[1024], portbuf[16];
    snprintf(script, sizeof script, "%s/tests/registry/sr_standin.py", ZB_SOURCE_DIR);
    snprintf(portbuf, sizeof portbuf, "%d", port);
    char *argv[] = {"/usr/bin/python3", script, "--port", portbuf, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/subjects", port);
    zb_buf b = ZB_BUF_INIT;
    for (int i = 0; i < 100 && http_get(url, &b) != 200; i++)
        sleep_ms(100);
    zb_buf_free(&b);
    return pid;
}

static void test_registry_outage(zb_rules *rules) {
    int port = free_port();
    pid_t sr = spawn_standin(port);
    CHECK(sr > 0);
    if (sr <= 0) return;
    char sr2[64];
    snprintf(sr2, sizeof sr2, "http://127.0.0.1:%d", port);
    const char *in_topic = "raw3", *ind = "out3.indicators", *dlq = "out3.dlq";
    rd_kafka_mock_topic_create(mc, in_topic, N_PARTS, 1);
    rd_kafka_mock_topic_create(mc, ind, N_PARTS, 1);
    rd_kafka_mock_topic_create(mc, "out3.facts", N_PARTS, 1);
    rd_kafka_mock_topic_create(mc, dlq, N_PARTS, 1);
    produce_inputs(in_topic, 40);
    kill(sr, SIGSTOP); /* the registry hangs from the start */

    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "mode: kafka\nlog:\n  level: warn\n"
             "input:\n  topics: [%s]\n"
             "output:\n  indicators_topic: %s\n  facts_topic: out3.facts\n  dlq_topic: %s\n"
             "delivery:\n  semantics: %s\n  batch_max_ms: 200\n  shutdown_timeout_ms: 10000\n"
             "registry:\n  url: %s\n  timeout_ms: 7000\n  backoff_initial_ms: 100\n"
             "  backoff_max_ms: 400\n"
             "kafka:\n  bootstrap.servers: %s\n"
             "consumer:\n  group.id: zb-outage-%s\n  session.timeout.ms: 6000\n"
             "  heartbeat.interval.ms: 1000\n  max.poll.interval.ms: 6000\n",
             in_topic, ind, dlq, semantics, sr2, bootstraps, semantics);
    runner *r = runner_start(rules, yaml);
    if (!r) {
        kill(sr, SIGKILL);
        waitpid(sr, NULL, 0);
        return;
    }

    /* While the registry hangs: paused, still in the group, nothing out. */
    int64_t t0 = now_ms();
    while (now_ms() - t0 < 30000 &&
           !(atomic_load(&r->m.paused) && atomic_load(&r->m.assigned_partitions) == N_PARTS))
        sleep_ms(100);
    sleep_ms(16000); /* several registry calls, each longer than max.poll.interval.ms */
    fprintf(stderr, "outage: paused=%d assigned=%d registry_errors=%llu out=%llu\n",
            atomic_load(&r->m.paused), atomic_load(&r->m.assigned_partitions),
            (unsigned long long)atomic_load(&r->m.registry_errors),
            (unsigned long long)atomic_load(&r->m.messages_out));
    CHECK(atomic_load(&r->m.paused) == 1);
    CHECK(atomic_load(&r->m.assigned_partitions) == N_PARTS);
    CHECK(atomic_load(&r->m.registry_errors) >= 2);
    CHECK(atomic_load(&r->m.registry_ok) == 0);
    CHECK(atomic_load(&r->m.messages_out) == 0);

    kill(sr, SIGCONT);
    verifier v;
    verifier_open(&v, in_topic, sr2, ind, dlq);
    int missing = 40;
    t0 = now_ms();
    while ((missing = verifier_missing(&v, 40)) > 0 && now_ms() - t0 < 60000)
        verifier_poll(&v, 300);
    fprintf(stderr, "outage: %d of 40 missing %lld ms after the registry came back\n", missing,
            (long long)(now_ms() - t0));
    CHECK(missing == 0);
    CHECK(atomic_load(&r->m.paused) == 0);
    CHECK(atomic_load(&r->m.registry_ok) == 1);
    fprintf(stderr, "outage: rebalance events %llu\n",
            (unsigned long long)atomic_load(&r->m.rebalances));
    CHECK(atomic_load(&r->m.rebalances) == 1); /* the first assignment, never lost */
    verifier_close(&v);
    CHECK(runner_stop(r) == 0);
    kill(sr, SIGTERM);
    waitpid(sr, NULL, 0);
}

/* ---- scenario 3: a message over its budget does not stall its partition --- */

static double extract_ms(zb_rules *rules, const char *doc, size_t len) {
    double best = 1e9;
    for (int i = 0; i < 3; i++) {
        zb_report *rep = NULL;
        char err[256];
        zb_extract_opts o = {.max_ms = 600000};
        struct timespec a, b; /* CPU time, the clock engine.timeout_ms counts */
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        zb_extract(rules, doc, len, &o, &rep, err, sizeof err);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (ms < best) best = ms;
        zb_report_free(rep);
    }
    return best;
}

/* One partition: good reports with two slow ones among them (an invented
 * 600 KB report, ~100x the work of the sample). engine.timeout_ms is set
 * between the two as measured here, at a third of the slow report's time.
 * Both figures are best cases (warm, the least of three runs); in the
 * worker each can only take longer. The slow report then always overruns
 * its budget, so the margin goes to the other side: the sample's first
 * extraction on a fresh worker thread (cold caches, the sanitizers' first
 * allocations, a loaded machine) can take several times its figure, and a
 * geometric-mean budget (about 7 ms here under ASan) was overrun by it at
 * times. The slow ones become dead letters with reason timeout, every
 * message after them comes out, the offsets move on. */
static void test_timeout(zb_rules *rules) {
    size_t cap = 600 << 10, slow_len = 0;
    char *slow = malloc(cap + 256);
    slow_len += (size_t)snprintf(slow, cap, "某某县2024年法治政府建设年度报告\n");
    for (unsigned k = 0; slow_len < cap; k++)
        slow_len += (size_t)snprintf(slow + slow_len, cap + 256 - slow_len,
                                     "全年共审核规范性文件%u件，办理行政复议案件%u件。\n",
                                     10 + k % 90, 3 + k % 7);
    double tn = extract_ms(rules, report, report_len), ts = extract_ms(rules, slow, slow_len);
    int budget = (int)(ts / 3);
    fprintf(stderr, "timeout: sample %.1f ms, slow report %.1f ms: engine.timeout_ms %d\n", tn, ts,
            budget);
    CHECK(budget >= 1 && budget > 10 * tn); /* else the budget cannot tell them apart */
    const char *in_topic = "raw4";
    enum { N = 8 };
    static const int is_slow[N] = {0, 1, 0, 0, 1, 0, 0, 0};
    rd_kafka_mock_topic_create(mc, in_topic, 1, 1);
    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, err, sizeof err);
    rd_kafka_t *p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    for (int i = 0; i < N; i++) {
        char url[128];
        snprintf(url, sizeof url, "https://www.tjhx.gov.cn/report/slow/%d.html", i);
        char *value = is_slow[i] ? slow : report; /* the macro casts: no ?: inside */
        size_t value_len = is_slow[i] ? slow_len : report_len;
        rd_kafka_producev(p, RD_KAFKA_V_TOPIC(in_topic), RD_KAFKA_V_PARTITION(0),
                          RD_KAFKA_V_VALUE(value, value_len),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_HEADER("source-url", url, -1), RD_KAFKA_V_END);
    }
    rd_kafka_flush(p, 30000);
    rd_kafka_destroy(p);

    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "mode: kafka\nlog:\n  level: warn\nengine:\n  timeout_ms: %d\n"
             "input:\n  topics: [%s]\n"
             "delivery:\n  semantics: %s\n  batch_max_ms: 200\n  shutdown_timeout_ms: 10000\n"
             "registry:\n  url: %s\n"
             "kafka:\n  bootstrap.servers: %s\n"
             "consumer:\n  group.id: zb-timeout-%s\n",
             budget, in_topic, semantics, sr_url, bootstraps, semantics);
    runner *r = runner_start(rules, yaml);
    if (!r) {
        free(slow);
        return;
    }
    CHECK(r->cfg.extract_timeout_ms == budget);

    verifier v;
    verifier_open(&v, in_topic, sr_url, "reports.indicators", "reports.dlq");
    int missing = N;
    int64_t t0 = now_ms();
    while (missing > 0 && now_ms() - t0 < 60000) {
        verifier_poll(&v, 300);
        missing = 0;
        for (int i = 0; i < N; i++)
            missing += !v.report[0][i] && !v.dlq[0][i];
    }
    fprintf(stderr, "timeout: %d of %d missing after %lld ms, %llu timeouts\n", missing, N,
            (long long)(now_ms() - t0), (unsigned long long)atomic_load(&r->m.extract_timeouts));
    CHECK(missing == 0);
    for (int i = 0; i < N; i++) {
        if (is_slow[i])
            CHECK(v.dlq_timeout[0][i] >= 1 && !v.report[0][i]);
        else
            CHECK(v.report[0][i] >= 1 && !v.dlq[0][i]);
    }
    CHECK(atomic_load(&r->m.extract_timeouts) >= 2);
    CHECK(atomic_load(&r->m.stalls) == 0);
    verifier_close(&v);
    CHECK(runner_stop(r) == 0);
    free(slow);
}

/* The offsets group has committed on topic's N_PARTS partitions, summed
 * (a partition with none counts 0); -1 when the cluster does not answer. */
static long committed_total(const char *group, const char *topic) {
    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group, err, sizeof err);
    rd_kafka_t *c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!c) return -1;
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(N_PARTS);
    for (int p = 0; p < N_PARTS; p++)
        rd_kafka_topic_partition_list_add(parts, topic, p);
    long total = -1;
    if (rd_kafka_committed(c, parts, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        total = 0;
        for (int i = 0; i < parts->cnt; i++)
            if (parts->elems[i].offset > 0) total += (long)parts->elems[i].offset;
    }
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_destroy(c);
    return total;
}

/* ---- scenario 2: the binary, /readyz, SIGTERM ------------------------------ */

static long metric(const char *url, const char *name) {
    zb_buf b = ZB_BUF_INIT;
    long v = -1;
    if (http_get(url, &b) == 200) {
        char needle[128];
        snprintf(needle, sizeof needle, "\n%s ", name);
        const char *p = strstr(b.p, needle);
        if (p) v = strtol(p + strlen(needle), NULL, 10);
    }
    zb_buf_free(&b);
    return v;
}

/* Starts `bin run` in Kafka mode on the mock cluster: topic, group, the
 * registry at registry_url, HTTP on 127.0.0.1:port, delivery semantics of
 * this run; extra: NULL or more variables, NULL-terminated (at most 4). */
static pid_t spawn_worker(const char *bin, const char *topic, const char *group,
                          const char *registry_url, int port, int shutdown_ms, char *const *extra) {
    char e_boot[512], e_sr[512], e_sem[64], e_http[64], e_topic[128], e_group[128], e_stop[64];
    snprintf(e_boot, sizeof e_boot, "ZB_KAFKA_BOOTSTRAP_SERVERS=%s", bootstraps);
    snprintf(e_sr, sizeof e_sr, "ZB_REGISTRY_URL=%s", registry_url);
    snprintf(e_sem, sizeof e_sem, "ZB_DELIVERY_SEMANTICS=%s", semantics);
    snprintf(e_http, sizeof e_http, "ZB_HTTP_LISTEN=127.0.0.1:%d", port);
    snprintf(e_topic, sizeof e_topic, "ZB_INPUT_TOPICS=%s", topic);
    snprintf(e_group, sizeof e_group, "ZB_CONSUMER_GROUP_ID=%s", group);
    snprintf(e_stop, sizeof e_stop, "ZB_DELIVERY_SHUTDOWN_TIMEOUT_MS=%d", shutdown_ms);
    char *envp[16] = {e_boot,
                      e_sr,
                      e_sem,
                      e_http,
                      e_topic,
                      e_group,
                      e_stop,
                      "ZB_MODE=kafka",
                      "ZB_CONSUMER_STATISTICS_INTERVAL_MS=300",
                      "ZB_LOG_LEVEL=info",
                      "ZB_ENGINE_RULES_DIR=" ZB_CONFIG_DIR};
    for (size_t i = 11, k = 0; extra && extra[k] && i < 15; i++, k++)
        envp[i] = extra[k];
    char *argv[] = {(char *)bin, "run", NULL};
    pid_t pid;
    return posix_spawn(&pid, bin, NULL, NULL, argv, envp) == 0 ? pid : -1;
}

/* SIGTERM, then up to 20 s for the exit (SIGKILL after): the exit status, or
 * -1 when it had to be killed; *ms the time it took. */
static int stop_worker(pid_t pid, int64_t *ms) {
    int64_t t_kill = now_ms();
    kill(pid, SIGTERM);
    int status = 0;
    pid_t w = 0;
    while (now_ms() - t_kill < 20000 && (w = waitpid(pid, &status, WNOHANG)) == 0)
        sleep_ms(50);
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    *ms = now_ms() - t_kill;
    return w == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_sigterm(const char *bin) {
    int alo = !strcmp(semantics, "at_least_once");
    rd_kafka_mock_topic_create(mc, "reports.raw2", N_PARTS, 1);
    char base[64], url[128], sr_url_down[64];
    int port = free_port();
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    /* The registry is down when the worker starts and no message comes:
     * /readyz must still turn ready once it answers (the worker retries on
     * its own, not only when a message needs it). */
    int sr_port = free_port();
    snprintf(sr_url_down, sizeof sr_url_down, "http://127.0.0.1:%d", sr_port);
    /* at least once, no batch closes by itself: only the SIGTERM path commits */
    char *one_batch[] = {"ZB_DELIVERY_BATCH_MAX_MS=3600000",
                         "ZB_DELIVERY_BATCH_MAX_MESSAGES=1000000", NULL};
    pid_t pid = spawn_worker(bin, "reports.raw2", "zb-sigterm", sr_url_down, port, 10000,
                             alo ? one_batch : NULL);
    CHECK(pid > 0);
    zb_buf b = ZB_BUF_INIT;
    long st = -1;
    int64_t t0 = now_ms();
    snprintf(url, sizeof url, "%s/readyz", base);
    while (now_ms() - t0 < 30000 &&
           !(http_get(url, &b) == 503 && b.p && strstr(b.p, "schema registry unreachable")))
        sleep_ms(200);
    fprintf(stderr, "sigterm: /readyz says %s after %lld ms; starting the registry\n",
            b.p ? b.p : "", (long long)(now_ms() - t0));
    CHECK(b.p && strstr(b.p, "schema registry unreachable"));
    pid_t sr = spawn_standin(sr_port);
    CHECK(sr > 0);
    t0 = now_ms();
    int early = 0, early_status = 0;
    while (now_ms() - t0 < 60000 &&
           (st = http_get((snprintf(url, sizeof url, "%s/readyz", base), url), &b)) != 200) {
        if (waitpid(pid, &early_status, WNOHANG) == pid) { /* died: say why, stop */
            early = 1;
            break;
        }
        sleep_ms(200);
    }
    if (early) {
        fprintf(stderr, "sigterm: the worker exited before it was ready\n");
        CHECK(0);
        if (sr > 0) kill(sr, SIGTERM);
        return;
    }
    fprintf(stderr, "sigterm: /readyz %ld after %lld ms (%s)\n", st, (long long)(now_ms() - t0),
            b.p ? b.p : "");
    CHECK(st == 200);
    snprintf(url, sizeof url, "%s/healthz", base);
    CHECK(http_get(url, &b) == 200);
    snprintf(url, sizeof url, "%s/metrics", base);
    zb_buf_free(&b);

    produce_inputs("reports.raw2", 60);
    t0 = now_ms();
    long in = 0;
    while (now_ms() - t0 < 60000 && (in = metric(url, "zhibiao_messages_in_total")) < 60)
        sleep_ms(200);
    CHECK(in >= 60);
    /* 60 inputs, poison at i % 8 == 5: 7 dead letters, counted on delivery. */
    long dlq = 0;
    while (now_ms() - t0 < 60000 && (dlq = metric(url, "zhibiao_dlq_total")) < 7)
        sleep_ms(100);
    CHECK(dlq == 7);
    CHECK(metric(url, "zhibiao_reports_total") == 53);
    /* The mock stores no offsets sent in a transaction (see the top): the
     * commit on SIGTERM is checked at least once only. */
    long before = alo ? committed_total("zb-sigterm", "reports.raw2") : 0;
    if (alo) CHECK(before == 0);

    int64_t took;
    int rc = stop_worker(pid, &took);
    fprintf(stderr, "sigterm: exited after %lld ms, status %d\n", (long long)took, rc);
    CHECK(rc == 0);
    CHECK(took < 15000);
    if (alo) {
        long after = committed_total("zb-sigterm", "reports.raw2");
        fprintf(stderr, "sigterm: committed offsets %ld before SIGTERM, %ld after\n", before,
                after);
        CHECK(after == 60);
    }
    if (sr > 0) {
        kill(sr, SIGTERM);
        waitpid(sr, NULL, 0);
    }
}

/* ---- scenario 5: the binary started before its cluster -------------------- */

/* With every broker down at start the worker waits (exactly once: its
 * init_transactions is called again; at least once: the clients retry),
 * /readyz says it is not ready, and once the brokers are up it joins the
 * group and turns ready; SIGTERM then exits 0. It used to exit 1 after
 * delivery.shutdown_timeout_ms in exactly-once mode. */
static void test_late_cluster(const char *bin) {
    rd_kafka_mock_topic_create(mc, "reports.raw3", N_PARTS, 1);
    char url[128];
    int port = free_port();
    snprintf(url, sizeof url, "http://127.0.0.1:%d/readyz", port);
    for (int b = 1; b <= 3; b++)
        rd_kafka_mock_broker_set_down(mc, b);
    /* SIGTERM while it waits for the cluster: a clean exit, in bounded time */
    int64_t took;
    pid_t pid = spawn_worker(bin, "reports.raw3", "zb-late", sr_url, port, 1000, NULL);
    CHECK(pid > 0);
    sleep_ms(1500);
    int rc = stop_worker(pid, &took);
    fprintf(stderr, "late cluster: SIGTERM while waiting: exit %d after %lld ms\n", rc,
            (long long)took);
    CHECK(rc == 0 && took < 5000);
    pid = spawn_worker(bin, "reports.raw3", "zb-late", sr_url, port, 1000, NULL);
    CHECK(pid > 0);
    /* three init_transactions timeouts and more */
    sleep_ms(3500);
    int status = 0;
    pid_t w = waitpid(pid, &status, WNOHANG);
    fprintf(stderr, "late cluster: worker %s after 3.5 s with every broker down\n",
            w == 0 ? "still running" : "EXITED");
    CHECK(w == 0);
    zb_buf b = ZB_BUF_INIT;
    long st = http_get(url, &b);
    fprintf(stderr, "late cluster: /readyz %ld %s\n", st, b.p ? b.p : "");
    CHECK(st == 503);
    for (int k = 1; k <= 3; k++)
        rd_kafka_mock_broker_set_up(mc, k);
    int64_t t0 = now_ms();
    while (w == 0 && now_ms() - t0 < 60000 && (st = http_get(url, &b)) != 200) {
        sleep_ms(200);
        w = waitpid(pid, &status, WNOHANG);
    }
    fprintf(stderr, "late cluster: /readyz %ld after the brokers came up (%lld ms)\n", st,
            (long long)(now_ms() - t0));
    CHECK(st == 200);
    zb_buf_free(&b);
    if (w == 0) CHECK(stop_worker(pid, &took) == 0);
}

int main(int argc, char **argv) {
    sr_url = getenv("ZB_SR_URL");
    if (!sr_url || argc < 2) {
        fprintf(stderr, "usage: ZB_SR_URL=... test_mock ZHIBIAO_BINARY [exactly_once]\n");
        return 1;
    }
    if (argc > 2) semantics = argv[2];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    load_report();
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_t *owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    mc = rd_kafka_mock_cluster_new(owner, 3);
    bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
    rd_kafka_mock_topic_create(mc, "reports.indicators", N_PARTS, 1);
    rd_kafka_mock_topic_create(mc, "reports.indicator-facts", N_PARTS, 1);
    rd_kafka_mock_topic_create(mc, "reports.dlq", N_PARTS, 1);
    zb_rules *rules = zb_rules_load(ZB_CONFIG_DIR, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 1;
    }
    test_faults(rules);
    test_registry_outage(rules);
    test_timeout(rules);
    test_sigterm(argv[1]);
    test_late_cluster(argv[1]);
    zb_rules_free(rules);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(owner);
    free(report);
    curl_global_cleanup();
    return check_report("test_mock");
}
