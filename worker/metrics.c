/* metrics.c - counters and the Prometheus text rendering. */
#include "metrics.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "mono_clock.h"

const double zb_lat_bounds[ZB_LAT_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,   0.25,   0.5,   1,    2.5,   10};

void zb_metrics_init(zb_metrics *m) {
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->mu, NULL);
    m->consumer_lag = -1;
    m->liveness_ms = 120000;
    m->stats_rebalances = -1;
}

void zb_metrics_destroy(zb_metrics *m) { pthread_mutex_destroy(&m->mu); }

void zb_metrics_observe_extract(zb_metrics *m, double s) {
    int b = 0;
    while (b < ZB_LAT_BUCKETS && s > zb_lat_bounds[b])
        b++;
    pthread_mutex_lock(&m->mu);
    m->lat_bucket[b]++;
    m->lat_sum += s;
    m->lat_count++;
    pthread_mutex_unlock(&m->mu);
}

/* Lag per assigned partition: librdkafka reports consumer_lag_stored (or
 * consumer_lag) for partitions it fetches; -1 means unknown. */
static int64_t sum_lag(json_t *topics) {
    int64_t total = -1;
    const char *tname;
    json_t *t;
    json_object_foreach(topics, tname, t) {
        const char *pname;
        json_t *pt;
        json_object_foreach(json_object_get(t, "partitions"), pname, pt) {
            if (!strcmp(pname, "-1")) continue;
            const char *fs = json_string_value(json_object_get(pt, "fetch_state"));
            if (!fs || !strcmp(fs, "none") || !strcmp(fs, "stopped")) continue;
            json_t *lag = json_object_get(pt, "consumer_lag");
            if (!json_is_integer(lag) || json_integer_value(lag) < 0) continue;
            total = (total < 0 ? 0 : total) + json_integer_value(lag);
        }
    }
    return total;
}

static int brokers_up(json_t *brokers) {
    int up = 0;
    const char *name;
    json_t *b;
    json_object_foreach(brokers, name, b) {
        const char *st = json_string_value(json_object_get(b, "state"));
        json_t *nodeid = json_object_get(b, "nodeid");
        /* Skip the bootstrap pseudo-brokers (nodeid -1) and internal ones. */
        if (st && !strcmp(st, "UP") && json_integer_value(nodeid) >= 0) up++;
    }
    return up;
}

int zb_metrics_update_from_stats(zb_metrics *m, const char *js, size_t len) {
    json_t *j = json_loadb(js, len, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return -1;
    }
    const char *type = json_string_value(json_object_get(j, "type"));
    atomic_store(&m->broker_up, brokers_up(json_object_get(j, "brokers")));
    if (type && !strcmp(type, "consumer")) {
        int64_t lag = sum_lag(json_object_get(j, "topics"));
        json_t *rb = json_object_get(json_object_get(j, "cgrp"), "rebalance_cnt");
        pthread_mutex_lock(&m->mu);
        m->consumer_lag = lag;
        if (json_is_integer(rb)) m->stats_rebalances = json_integer_value(rb);
        pthread_mutex_unlock(&m->mu);
    }
    json_decref(j);
    return 0;
}

static void counter(zb_buf *o, const char *name, const char *help, uint64_t v) {
    zb_buf_printf(o, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name, name,
                  (unsigned long long)v);
}

static void gauge(zb_buf *o, const char *name, const char *help, long long v) {
    zb_buf_printf(o, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name, help, name, name, v);
}

void zb_metrics_set_stalled(zb_metrics *m, int n, long long longest_ms, const char *what) {
    atomic_store(&m->longest_run_ms, longest_ms);
    if (n == 0 && atomic_load(&m->stalled) == 0) return;
    pthread_mutex_lock(&m->mu);
    snprintf(m->stall, sizeof m->stall, "%s", what);
    atomic_store(&m->stalled, n);
    pthread_mutex_unlock(&m->mu);
}

static void render_histogram(zb_metrics *m, zb_buf *o) {
    const char *n = "zhibiao_extract_duration_seconds";
    zb_buf_printf(o, "# HELP %s Time zb_extract took per message.\n# TYPE %s histogram\n", n, n);
    pthread_mutex_lock(&m->mu);
    uint64_t cum = 0;
    for (int b = 0; b < ZB_LAT_BUCKETS; b++) {
        cum += m->lat_bucket[b];
        zb_buf_printf(o, "%s_bucket{le=\"%g\"} %llu\n", n, zb_lat_bounds[b],
                      (unsigned long long)cum);
    }
    cum += m->lat_bucket[ZB_LAT_BUCKETS];
    zb_buf_printf(o, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.6f\n%s_count %llu\n", n,
                  (unsigned long long)cum, n, m->lat_sum, n, (unsigned long long)m->lat_count);
    pthread_mutex_unlock(&m->mu);
}

int zb_metrics_render(zb_metrics *m, zb_buf *o) {
    counter(o, "zhibiao_messages_in_total", "Input messages consumed.",
            atomic_load(&m->messages_in));
    counter(o, "zhibiao_bytes_in_total", "Input bytes consumed.", atomic_load(&m->bytes_in));
    counter(o, "zhibiao_reports_total", "Reports extracted and routed to the output topics.",
            atomic_load(&m->reports_ok));
    counter(o, "zhibiao_messages_out_total", "Records produced (indicators, facts, DLQ).",
            atomic_load(&m->messages_out));
    counter(o, "zhibiao_dlq_total", "Dead letters produced.", atomic_load(&m->dlq));
    zb_buf_puts(o, "# HELP zhibiao_errors_total Messages that failed, by stage.\n"
                   "# TYPE zhibiao_errors_total counter\n");
    for (int s = 0; s < ZB_STAGE_COUNT; s++)
        zb_buf_printf(o, "zhibiao_errors_total{stage=\"%s\"} %llu\n",
                      zb_dlq_stage_name((zb_dlq_stage)s),
                      (unsigned long long)atomic_load(&m->errors[s]));
    counter(o, "zhibiao_transactions_committed_total", "Kafka transactions committed.",
            atomic_load(&m->txn_commits));
    counter(o, "zhibiao_transactions_aborted_total", "Kafka transactions aborted.",
            atomic_load(&m->txn_aborts));
    counter(o, "zhibiao_extract_timeouts_total",
            "Extractions stopped at engine.timeout_ms (dead letters, reason timeout).",
            atomic_load(&m->extract_timeouts));
    counter(o, "zhibiao_extract_stalls_total",
            "Extractions still running at twice engine.timeout_ms + 5 s (an engine loop without a "
            "budget check; logged as extract_stalled).",
            atomic_load(&m->stalls));
    gauge(o, "zhibiao_extract_stalled",
          "Extractions stalled now: their partitions wait on them (see /readyz).",
          atomic_load(&m->stalled));
    gauge(o, "zhibiao_extract_longest_running_ms",
          "How long the longest extraction running now has run (0 when none).",
          atomic_load(&m->longest_run_ms));
    counter(o, "zhibiao_registry_errors_total", "Schema Registry calls that failed.",
            atomic_load(&m->registry_errors));
    counter(o, "zhibiao_rebalances_total", "Partition assign/revoke events seen by this worker.",
            atomic_load(&m->rebalances));
    render_histogram(m, o);
    pthread_mutex_lock(&m->mu);
    long long lag = m->consumer_lag, rb = m->stats_rebalances;
    pthread_mutex_unlock(&m->mu);
    gauge(o, "zhibiao_consumer_lag",
          "Messages behind the high watermark, assigned partitions "
          "(librdkafka statistics; -1 unknown).",
          lag);
    gauge(o, "zhibiao_group_rebalances",
          "Consumer group rebalances (librdkafka cgrp "
          "rebalance_cnt; -1 unknown).",
          rb);
    gauge(o, "zhibiao_assigned_partitions", "Input partitions assigned to this worker.",
          atomic_load(&m->assigned_partitions));
    gauge(o, "zhibiao_paused", "1 while consumption is paused (registry outage).",
          atomic_load(&m->paused));
    gauge(o, "zhibiao_brokers_up", "Brokers in state UP (librdkafka statistics).",
          atomic_load(&m->broker_up));
    gauge(o, "zhibiao_registry_up", "1 when the last Schema Registry call succeeded.",
          atomic_load(&m->registry_ok));
    return o->p ? 0 : -1;
}

void zb_metrics_heartbeat(zb_metrics *m) { atomic_store(&m->heartbeat_ms, zb_mono_ms()); }

int zb_metrics_alive(zb_metrics *m, char *why, size_t whylen) {
    long long last = atomic_load(&m->heartbeat_ms);
    long long stuck = last ? zb_mono_ms() - last : 0;
    if (atomic_load(&m->running) && m->liveness_ms > 0 && stuck > m->liveness_ms) {
        snprintf(why, whylen, "loop stuck for %lld ms", stuck);
        return 0;
    }
    snprintf(why, whylen, "ok");
    return 1;
}

int zb_metrics_ready(zb_metrics *m, char *why, size_t whylen) {
    const char *miss = NULL;
    char stall[sizeof m->stall + 32];
    if (!atomic_load(&m->running))
        miss = "not running";
    else if (atomic_load(&m->stalled) > 0) {
        pthread_mutex_lock(&m->mu);
        snprintf(stall, sizeof stall, "extraction stalled: %s", m->stall);
        pthread_mutex_unlock(&m->mu);
        miss = stall;
    } else if (!m->file_mode && atomic_load(&m->broker_up) <= 0)
        miss = "no broker reachable";
    else if (!m->file_mode && !atomic_load(&m->registry_ok))
        miss = "schema registry unreachable";
    else if (!m->file_mode && atomic_load(&m->assigned_partitions) <= 0)
        miss = "no partitions assigned";
    snprintf(why, whylen, "%s", miss ? miss : "ready");
    return miss == NULL;
}
