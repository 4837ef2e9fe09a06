/* metrics.h - the worker's counters, rendered as Prometheus text by http.c.
 * Updated by the Kafka loop / file mode thread, read by the HTTP thread:
 * every field is atomic or read under the lock. */
#ifndef ZB_METRICS_H
#define ZB_METRICS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "zb_buf.h"
#include "zb_codec.h"

/* Errors are counted by the DLQ stage (zb_dlq_stage in zb_codec.h:
 * other, decode, extract, encode, produce). */
#define ZB_STAGE_COUNT 5

/* Extraction latency buckets, seconds (upper bounds; +Inf implied). */
#define ZB_LAT_BUCKETS 12

typedef struct {
    atomic_uint_fast64_t messages_in; /* consumed input messages */
    atomic_uint_fast64_t bytes_in;
    atomic_uint_fast64_t reports_ok;   /* reports extracted and produced */
    atomic_uint_fast64_t messages_out; /* records produced (indicators+facts+dlq) */
    atomic_uint_fast64_t dlq;          /* dead letters produced */
    atomic_uint_fast64_t errors[ZB_STAGE_COUNT];
    atomic_uint_fast64_t txn_commits;
    atomic_uint_fast64_t txn_aborts;
    atomic_uint_fast64_t extract_timeouts; /* extractions over engine.timeout_ms (DLQ) */
    atomic_uint_fast64_t stalls;           /* extractions the watchdog reported stalled */
    atomic_int stalled;                    /* extractions stalled now (watchdog.h) */
    atomic_llong longest_run_ms;           /* the longest extraction running now */
    atomic_uint_fast64_t registry_errors;
    atomic_uint_fast64_t rebalances; /* assign+revoke events seen */
    atomic_int assigned_partitions;
    atomic_int paused;         /* 1 while consumption is paused */
    atomic_int broker_up;      /* from stats: brokers in state UP */
    atomic_int registry_ok;    /* last registry call succeeded */
    atomic_int running;        /* 1 once the loop is running */
    int file_mode;             /* readiness does not need Kafka */
    atomic_llong heartbeat_ms; /* monotonic ms of the loop's last turn */
    long liveness_ms;          /* /healthz fails when the loop is stuck this long */

    pthread_mutex_t mu; /* guards the fields below */
    uint64_t lat_bucket[ZB_LAT_BUCKETS + 1];
    double lat_sum;
    uint64_t lat_count;
    int64_t consumer_lag;     /* sum over assigned partitions; -1 unknown */
    int64_t stats_rebalances; /* cgrp.rebalance_cnt from librdkafka */
    char stall[256];          /* the oldest stalled extraction, for /readyz */
} zb_metrics;

extern const double zb_lat_bounds[ZB_LAT_BUCKETS];

void zb_metrics_init(zb_metrics *m);
void zb_metrics_destroy(zb_metrics *m);
void zb_metrics_observe_extract(zb_metrics *m, double seconds);
/* Reads librdkafka's statistics JSON (statistics.interval.ms): consumer lag
 * of the assigned partitions, rebalance count, brokers up. 0 ok. */
int zb_metrics_update_from_stats(zb_metrics *m, const char *json, size_t len);
/* The watchdog's findings: n extractions stalled now (what names the
 * oldest, "" when none) and the longest one running. */
void zb_metrics_set_stalled(zb_metrics *m, int n, long long longest_ms, const char *what);
/* Prometheus text exposition format 0.0.4. */
int zb_metrics_render(zb_metrics *m, zb_buf *out);
/* The loop calls this every turn (at least every 100 ms while healthy). */
void zb_metrics_heartbeat(zb_metrics *m);
/* 1 when alive: not running yet/any more, or the loop's last turn is less
 * than liveness_ms ago (a hung loop - deadlock, a call that never returns -
 * fails the liveness probe and gets the process restarted). */
int zb_metrics_alive(zb_metrics *m, char *why, size_t whylen);

/* 1 when ready: running, no extraction stalled (watchdog.h), and in Kafka
 * mode a broker up, the registry reachable and partitions assigned. why gets
 * the first missing thing. */
int zb_metrics_ready(zb_metrics *m, char *why, size_t whylen);

#endif
