/* kafka_client.c - librdkafka clients from the config. */
#include "kafka_client.h"

#include <stdarg.h>
#include <string.h>

#include "log.h"
#include "zb_err.h"

/* librdkafka's syslog levels -> ours. */
static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
    zb_log_level l = level <= 3   ? ZB_LOG_ERROR
                     : level <= 4 ? ZB_LOG_WARN
                     : level <= 6 ? ZB_LOG_INFO
                                  : ZB_LOG_DEBUG;
    zb_log(l, "librdkafka", "%s: %s: %s", rd_kafka_name(rk), fac, buf);
}

static int apply(rd_kafka_conf_t *conf, const zb_kvlist *l, const char *prefix, char *err,
                 size_t errlen) {
    for (size_t i = 0; i < l->n; i++) {
        char e[256];
        if (rd_kafka_conf_set(conf, l->v[i].key, l->v[i].value, e, sizeof e) != RD_KAFKA_CONF_OK) {
            /* The value is not echoed: it may be a secret. */
            zb_errf(err, errlen, "%s%s: %s", prefix, l->v[i].key, e);
            return -1;
        }
    }
    return 0;
}

static int set_default(rd_kafka_conf_t *conf, const zb_config *c, const zb_kvlist *role,
                       const char *key, const char *value) {
    if (zb_kvlist_get(&c->kafka, key) || zb_kvlist_get(role, key)) return 0;
    char e[256];
    return rd_kafka_conf_set(conf, key, value, e, sizeof e) == RD_KAFKA_CONF_OK ? 0 : -1;
}

rd_kafka_conf_t *zb_kafka_conf_new(const zb_config *c, zb_kafka_role role, char *err,
                                   size_t errlen) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const zb_kvlist *rl = role == ZB_ROLE_CONSUMER ? &c->consumer : &c->producer;
    int bad = 0;
    if (role == ZB_ROLE_CONSUMER) {
        bad |= set_default(conf, c, rl, "group.id", "zhibiao");
        bad |= set_default(conf, c, rl, "partition.assignment.strategy", "cooperative-sticky");
        bad |= set_default(conf, c, rl, "enable.auto.commit", "false");
        bad |= set_default(conf, c, rl, "auto.offset.reset", "earliest");
        bad |= set_default(conf, c, rl, "isolation.level", "read_committed");
        bad |= set_default(conf, c, rl, "enable.partition.eof", "false");
    } else {
        bad |= set_default(conf, c, rl, "enable.idempotence", "true");
        bad |= set_default(conf, c, rl, "acks", "all");
        /* Reports can be large: allow messages up to the report limit plus
         * the Avro envelope (DLQ records carry the original bytes). */
        char mmb[32];
        snprintf(mmb, sizeof mmb, "%zu",
                 c->max_report_bytes + (c->max_report_bytes / 4) + (1u << 20));
        bad |= set_default(conf, c, rl, "message.max.bytes", mmb);
    }
    if (bad) {
        zb_errf(err, errlen, "cannot set librdkafka defaults");
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    if (apply(conf, &c->kafka, "kafka.", err, errlen) ||
        apply(conf, rl, role == ZB_ROLE_CONSUMER ? "consumer." : "producer.", err, errlen)) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_log_cb(conf, log_cb);
    return conf;
}

rd_kafka_t *zb_kafka_consumer_new(const zb_config *c, rd_kafka_conf_t *conf, char *err,
                                  size_t errlen) {
    if (!conf && !(conf = zb_kafka_conf_new(c, ZB_ROLE_CONSUMER, err, errlen))) return NULL;
    char e[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, e, sizeof e);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        zb_errf(err, errlen, "cannot create consumer: %s", e);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

/* librdkafka's message for a timed-out init_transactions ("Timed out
 * waiting for operation to finish, retry call to resume") names neither the
 * cluster nor the likely cause: say both. */
static void init_txn_error(rd_kafka_t *rk, const char *tid, int timeout_ms,
                           const rd_kafka_error_t *error, char *err, size_t errlen) {
    char servers[256] = "?";
    size_t n = sizeof servers;
    rd_kafka_conf_get(rd_kafka_conf(rk), "bootstrap.servers", servers, &n);
    if (rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__TIMED_OUT)
        zb_errf(err, errlen,
                "no answer from the Kafka cluster at %s within %d ms (init_transactions for "
                "transactional.id %s): are the brokers up and kafka.bootstrap.servers right?",
                servers, timeout_ms, tid);
    else
        zb_errf(err, errlen, "init_transactions(%s) at %s: %s", tid, servers,
                rd_kafka_error_string(error));
}

rd_kafka_t *zb_kafka_producer_new(rd_kafka_conf_t *conf, const char *transactional_id,
                                  int timeout_ms, volatile sig_atomic_t *stop, char *err,
                                  size_t errlen) {
    char e[512];
    if (transactional_id && rd_kafka_conf_set(conf, "transactional.id", transactional_id, e,
                                              sizeof e) != RD_KAFKA_CONF_OK) {
        zb_errf(err, errlen, "transactional.id: %s", e);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, e, sizeof e);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        zb_errf(err, errlen, "cannot create producer: %s", e);
        return NULL;
    }
    while (transactional_id) {
        rd_kafka_error_t *error = rd_kafka_init_transactions(rk, timeout_ms);
        if (!error) break;
        init_txn_error(rk, transactional_id, timeout_ms, error, err, errlen);
        /* A worker started before its cluster (or during an outage) waits
         * for it like a running one does, instead of exiting: a timed-out
         * init_transactions resumes when called again. */
        int again = stop && !*stop && rd_kafka_error_is_retriable(error);
        rd_kafka_error_destroy(error);
        if (!again) {
            rd_kafka_destroy(rk);
            return NULL;
        }
        zb_warn("kafka_unreachable", "%s (trying again)", err);
    }
    return rk;
}

void zb_kafka_transactional_id(const zb_config *c, char *out, size_t outlen) {
    const char *tid = zb_kvlist_get(&c->producer, "transactional.id");
    if (!tid) tid = zb_kvlist_get(&c->kafka, "transactional.id");
    if (tid) {
        snprintf(out, outlen, "%s", tid);
        return;
    }
    char id[256];
    zb_config_worker_id(c, id, sizeof id);
    snprintf(out, outlen, "zhibiao-%s", id);
}

int zb_kafka_subscribe(rd_kafka_t *consumer, const zb_config *c, char *err, size_t errlen) {
    rd_kafka_topic_partition_list_t *t = rd_kafka_topic_partition_list_new((int)c->n_input_topics);
    for (size_t i = 0; i < c->n_input_topics; i++)
        rd_kafka_topic_partition_list_add(t, c->input_topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(consumer, t);
    rd_kafka_topic_partition_list_destroy(t);
    if (e) {
        zb_errf(err, errlen, "subscribe: %s", rd_kafka_err2str(e));
        return -1;
    }
    return 0;
}
