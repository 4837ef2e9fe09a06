/* test_http.c - the HTTP endpoints answer with the expected content:
 * Prometheus text on /metrics, /healthz, /readyz turning ready only when
 * broker, registry and partitions are there. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check.h"
#include "http.h"
#include "http_get.h"
#include "log.h"
#include "metrics.h"

static const char stats_json[] = "{\"type\":\"consumer\",\"brokers\":{"
                                 "\"b:9092/1\":{\"nodeid\":1,\"state\":\"UP\"},"
                                 "\"GroupCoordinator\":{\"nodeid\":-1,\"state\":\"UP\"}},"
                                 "\"topics\":{\"reports.raw\":{\"partitions\":{"
                                 "\"0\":{\"fetch_state\":\"active\",\"consumer_lag\":40},"
                                 "\"1\":{\"fetch_state\":\"active\",\"consumer_lag\":2},"
                                 "\"2\":{\"fetch_state\":\"none\",\"consumer_lag\":1000},"
                                 "\"-1\":{\"fetch_state\":\"none\",\"consumer_lag\":-1}}}},"
                                 "\"cgrp\":{\"rebalance_cnt\":3}}";

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    zb_metrics m;
    zb_metrics_init(&m);
    char err[256] = "";
    FILE *logf = tmpfile(); /* a clean start logs no libmicrohttpd warning */
    zb_log_set_stream(logf);
    zb_http *h = zb_http_start("127.0.0.1:0", &m, err, sizeof err);
    CHECK(h != NULL);
    char logbuf[4096] = "";
    rewind(logf);
    logbuf[fread(logbuf, 1, sizeof logbuf - 1, logf)] = 0;
    zb_log_set_stream(NULL);
    fclose(logf);
    CHECK(strstr(logbuf, "\"event\":\"http_listen\"") && !strstr(logbuf, "\"event\":\"http\""));
    if (!h) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", zb_http_port(h));
    char url[128];
    zb_buf body = ZB_BUF_INIT;

    snprintf(url, sizeof url, "%s/healthz", base);
    CHECK(http_get(url, &body) == 200); /* not running yet: alive */
    atomic_store(&m.running, 1);
    m.liveness_ms = 50;
    zb_metrics_heartbeat(&m);
    CHECK(http_get(url, &body) == 200);
    struct timespec nap = {0, 120 * 1000000L};
    nanosleep(&nap, NULL); /* the loop stops turning */
    CHECK(http_get(url, &body) == 503);
    CHECK(strstr(body.p, "stuck") != NULL);
    zb_metrics_heartbeat(&m);
    CHECK(http_get(url, &body) == 200);
    atomic_store(&m.running, 0);

    /* Not ready: not running, no broker, no registry, no partitions. */
    snprintf(url, sizeof url, "%s/readyz", base);
    CHECK(http_get(url, &body) == 503);
    atomic_store(&m.running, 1);
    CHECK(http_get(url, &body) == 503);
    CHECK(strstr(body.p, "broker") != NULL);
    CHECK(zb_metrics_update_from_stats(&m, stats_json, strlen(stats_json)) == 0);
    CHECK(http_get(url, &body) == 503);
    CHECK(strstr(body.p, "registry") != NULL);
    atomic_store(&m.registry_ok, 1);
    CHECK(http_get(url, &body) == 503);
    CHECK(strstr(body.p, "partitions") != NULL);
    atomic_store(&m.assigned_partitions, 2);
    CHECK(http_get(url, &body) == 200);

    /* Counters and the histogram. */
    atomic_fetch_add(&m.messages_in, 12);
    atomic_fetch_add(&m.dlq, 2);
    atomic_fetch_add(&m.errors[ZB_STAGE_EXTRACT], 2);
    zb_metrics_observe_extract(&m, 0.003);
    zb_metrics_observe_extract(&m, 0.2);
    zb_metrics_observe_extract(&m, 30);
    snprintf(url, sizeof url, "%s/metrics", base);
    CHECK(http_get(url, &body) == 200);
    const char *want[] = {
        "# TYPE zhibiao_messages_in_total counter\nzhibiao_messages_in_total 12\n",
        "zhibiao_dlq_total 2\n",
        "zhibiao_errors_total{stage=\"extract\"} 2\n",
        "zhibiao_errors_total{stage=\"decode\"} 0\n",
        "# TYPE zhibiao_extract_duration_seconds histogram\n",
        "zhibiao_extract_duration_seconds_bucket{le=\"0.005\"} 1\n",
        "zhibiao_extract_duration_seconds_bucket{le=\"0.25\"} 2\n",
        "zhibiao_extract_duration_seconds_bucket{le=\"10\"} 2\n",
        "zhibiao_extract_duration_seconds_bucket{le=\"+Inf\"} 3\n",
        "zhibiao_extract_duration_seconds_count 3\n",
        "zhibiao_consumer_lag 42\n", /* partitions 0 and 1; 2 is not fetched */
        "zhibiao_group_rebalances 3\n",
        "zhibiao_brokers_up 1\n",
        "zhibiao_assigned_partitions 2\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(body.p, want[i])) {
            fprintf(stderr, "missing in /metrics: %s", want[i]);
            CHECK(0);
        }
    }
    snprintf(url, sizeof url, "%s/nope", base);
    CHECK(http_get(url, &body) == 404);

    /* A port already taken: the error says so (it said only "cannot listen
     * on ..."), and a second server is not started. */
    char taken[64];
    snprintf(taken, sizeof taken, "127.0.0.1:%d", zb_http_port(h));
    err[0] = 0;
    zb_http *h2 = zb_http_start(taken, &m, err, sizeof err);
    fprintf(stderr, "test_http: second server on %s: %s\n", taken, err);
    CHECK(h2 == NULL && strstr(err, "http.listen") && strstr(err, taken) &&
          strstr(err, strerror(EADDRINUSE)));
    zb_http_stop(h2);
    /* and the first one still answers */
    snprintf(url, sizeof url, "%s/healthz", base);
    CHECK(http_get(url, &body) == 200);
    CHECK(zb_http_start("127.0.0.1:http", &m, err, sizeof err) == NULL &&
          strstr(err, "http.listen: bad port"));

    zb_http_stop(h);
    zb_buf_free(&body);
    zb_metrics_destroy(&m);
    curl_global_cleanup();
    return check_report("test_http");
}
