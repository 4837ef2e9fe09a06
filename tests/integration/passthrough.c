/* passthrough.c - the benchmark's baseline: consumes a topic in a consumer
 * group and produces the same bytes (key, value, headers) to another topic,
 * exactly once, with the worker's client settings and batching - a
 * transactional producer, input offsets committed in the transaction, a
 * batch closed by count or time - and no decoding, extraction or encoding.
 * What the worker does beyond this is what the benchmark's ratio measures.
 *
 *   passthrough BOOTSTRAP IN_TOPIC OUT_TOPIC GROUP [BATCH_MESSAGES] [BATCH_MS]
 *
 * Runs until SIGTERM/SIGINT, then commits the open batch and exits 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) {
    (void)sig;
    stop = 1;
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int set(rd_kafka_conf_t *c, const char *k, const char *v) {
    char e[256];
    if (rd_kafka_conf_set(c, k, v, e, sizeof e) == RD_KAFKA_CONF_OK) return 0;
    fprintf(stderr, "passthrough: %s: %s\n", k, e);
    return -1;
}

static void die_on(rd_kafka_error_t *e, const char *what) {
    if (!e) return;
    fprintf(stderr, "passthrough: %s: %s\n", what, rd_kafka_error_string(e));
    exit(1); /* a benchmark tool: no recovery, the run is void */
}

static rd_kafka_t *consumer(const char *bs, const char *group) {
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    char e[512];
    /* the worker's consumer defaults (worker/kafka_client.c) */
    if (set(c, "bootstrap.servers", bs) || set(c, "group.id", group) ||
        set(c, "partition.assignment.strategy", "cooperative-sticky") ||
        set(c, "enable.auto.commit", "false") || set(c, "auto.offset.reset", "earliest") ||
        set(c, "isolation.level", "read_committed"))
        exit(2);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, e, sizeof e);
    if (!rk) {
        fprintf(stderr, "passthrough: %s\n", e);
        exit(1);
    }
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

static rd_kafka_t *producer(const char *bs, const char *tid) {
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    char e[512];
    if (set(c, "bootstrap.servers", bs) || set(c, "enable.idempotence", "true") ||
        set(c, "acks", "all") || set(c, "transactional.id", tid) ||
        set(c, "message.max.bytes", "14155776"))
        exit(2);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, e, sizeof e);
    if (!rk) {
        fprintf(stderr, "passthrough: %s\n", e);
        exit(1);
    }
    die_on(rd_kafka_init_transactions(rk, 60000), "init_transactions");
    return rk;
}

/* Commits the batch: the consumer's positions go into the transaction. */
static void commit(rd_kafka_t *p, rd_kafka_t *c) {
    rd_kafka_topic_partition_list_t *pos = NULL;
    if (rd_kafka_assignment(c, &pos) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_position(c, pos);
        rd_kafka_consumer_group_metadata_t *cgm = rd_kafka_consumer_group_metadata(c);
        die_on(rd_kafka_send_offsets_to_transaction(p, pos, cgm, -1), "send_offsets");
        rd_kafka_consumer_group_metadata_destroy(cgm);
        rd_kafka_topic_partition_list_destroy(pos);
    }
    die_on(rd_kafka_commit_transaction(p, -1), "commit_transaction");
}

static void forward(rd_kafka_t *p, const char *out, rd_kafka_message_t *m) {
    rd_kafka_headers_t *h = NULL;
    if (rd_kafka_message_detach_headers(m, &h)) h = NULL;
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            p, RD_KAFKA_V_TOPIC(out), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(m->key, m->key_len), RD_KAFKA_V_VALUE(m->payload, m->len),
            RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
        if (!e) return;
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            fprintf(stderr, "passthrough: produce: %s\n", rd_kafka_err2str(e));
            exit(1);
        }
        rd_kafka_poll(p, 50);
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: passthrough BOOTSTRAP IN OUT GROUP [BATCH_MESSAGES] [BATCH_MS]\n");
        return 2;
    }
    int batch_max = argc > 5 ? atoi(argv[5]) : 100;
    int batch_ms = argc > 6 ? atoi(argv[6]) : 1000;
    char tid[256];
    snprintf(tid, sizeof tid, "passthrough-%s", argv[4]);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    rd_kafka_t *c = consumer(argv[1], argv[4]);
    rd_kafka_t *p = producer(argv[1], tid);
    rd_kafka_topic_partition_list_t *t = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(t, argv[2], RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(c, t);
    rd_kafka_topic_partition_list_destroy(t);

    int in_batch = 0;
    long long opened = 0;
    while (!stop) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(c, 100);
        if (m && !m->err) {
            if (!in_batch) {
                die_on(rd_kafka_begin_transaction(p), "begin_transaction");
                opened = now_ms();
            }
            forward(p, argv[3], m);
            in_batch++;
        }
        if (m) rd_kafka_message_destroy(m);
        if (in_batch && (in_batch >= batch_max || now_ms() - opened >= batch_ms)) {
            commit(p, c);
            in_batch = 0;
        }
    }
    if (in_batch) commit(p, c);
    rd_kafka_consumer_close(c);
    rd_kafka_destroy(c);
    rd_kafka_flush(p, 10000);
    rd_kafka_destroy(p);
    return 0;
}
