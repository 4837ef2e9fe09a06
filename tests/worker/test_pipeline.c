/* test_pipeline.c - one message through the pipeline, for every input
 * format and every failure reason, against the Schema Registry stand-in
 * (ZB_SR_URL). Outputs are decoded back with the codec and the registry:
 * good reports become ReportIndicators + IndicatorFacts; poison messages
 * (invalid bytes, empty, 20 MB, not a report, wrong Avro, bad envelope)
 * become one DeadLetter each, with the right reason and the original bytes,
 * while good messages around them go through; a message over its
 * extraction budget (engine.timeout_ms) becomes a DeadLetter "timeout". */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "pipeline.h"
#include "zb_registry.h"

static zb_rules *rules;
static zb_config cfg;
static zb_codec *codec;
static zb_registry *reg;

static char *slurp(const char *rel, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ZB_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    *len = fread(p, 1, (size_t)n, f);
    p[*len] = 0;
    fclose(f);
    return p;
}

static zb_pipe_in msg_in(const void *v, size_t len, int64_t offset) {
    zb_pipe_in in = {.value = v,
                     .len = len,
                     .key = "k1",
                     .key_len = 2,
                     .topic = "reports.raw",
                     .partition = 3,
                     .offset = offset,
                     .timestamp_ms = 1700000000000};
    return in;
}

/* A report: one ReportIndicators keyed by report id, one fact per indicator. */
static void expect_report(zb_pipeline *p, const zb_pipe_in *in, const char *url) {
    zb_pipe_out o;
    zb_pipe_out_init(&o);
    zb_pipe_result r = zb_pipeline_process(p, in, &o);
    if (r != ZB_PIPE_OK)
        fprintf(stderr, "offset %lld: %s/%s: %s\n", (long long)in->offset,
                zb_dlq_stage_name(o.stage), o.reason, o.message);
    CHECK(r == ZB_PIPE_OK);
    if (r != ZB_PIPE_OK || o.n < 1) {
        zb_pipe_out_free(&o);
        return;
    }
    char want_id[17];
    if (url) zb_report_id(url, strlen(url), want_id);
    CHECK(o.msgs[0].kind == ZB_OUT_INDICATORS);
    CHECK(o.msgs[0].key.len == 16);
    if (url) CHECK(!memcmp(o.msgs[0].key.p, want_id, 16));
    zb_decoded_report *d = NULL;
    char err[256];
    CHECK(zb_decode_report(codec, reg, 1, o.msgs[0].value.p, o.msgs[0].value.len, &d, err,
                           sizeof err) == ZB_CODEC_OK);
    if (d) {
        CHECK(!strncmp(d->origin.report_id, o.msgs[0].key.p, 16));
        if (url) CHECK_STR(d->origin.source_url, url);
        CHECK_STR(d->origin.topic, "reports.raw");
        CHECK(d->origin.offset == in->offset);
        CHECK(d->report.n_indicators == o.n - 1); /* one fact per indicator */
        CHECK(d->report.n_indicators > 0);
        for (size_t i = 1; i < o.n; i++) {
            CHECK(o.msgs[i].kind == ZB_OUT_FACT);
            zb_fact_record f;
            CHECK(zb_decode_fact(codec, reg, 1, o.msgs[i].value.p, o.msgs[i].value.len, &f, err,
                                 sizeof err) == ZB_CODEC_OK);
            /* key = region.code|report_year|code */
            char key[256];
            snprintf(key, sizeof key, "%s|%d|%s", f.region_code ? f.region_code : "", f.report_year,
                     f.code);
            CHECK(o.msgs[i].key.len == strlen(key) && !memcmp(o.msgs[i].key.p, key, strlen(key)));
        }
        zb_decoded_report_free(d);
    }
    zb_pipe_out_free(&o);
}

/* A poison message: exactly one DeadLetter with the reason and the bytes. */
static void expect_dlq(zb_pipeline *p, const zb_pipe_in *in, const char *stage, const char *reason,
                       size_t kept) {
    zb_pipe_out o;
    zb_pipe_out_init(&o);
    zb_pipe_result r = zb_pipeline_process(p, in, &o);
    CHECK(r == ZB_PIPE_DLQ);
    CHECK(o.n == 1);
    if (r != ZB_PIPE_DLQ || o.n != 1) {
        fprintf(stderr, "offset %lld: result %d, want DLQ %s\n", (long long)in->offset, r, reason);
        zb_pipe_out_free(&o);
        return;
    }
    CHECK_STR(o.reason, reason);
    CHECK(o.msgs[0].kind == ZB_OUT_DLQ);
    CHECK(o.msgs[0].key.len == in->key_len && !memcmp(o.msgs[0].key.p, in->key, in->key_len));
    CHECK(o.msgs[0].n_headers == 3);
    CHECK_STR(o.msgs[0].headers[1].value, reason);
    CHECK_STR(o.msgs[0].headers[0].value, stage);
    zb_dead_letter d;
    char err[256];
    CHECK(zb_decode_dead_letter(codec, reg, 1, o.msgs[0].value.p, o.msgs[0].value.len, &d, err,
                                sizeof err) == ZB_CODEC_OK);
    CHECK_STR(d.error_code, reason);
    CHECK(d.stage != ZB_STAGE_OTHER && !strcmp(zb_dlq_stage_name(d.stage), stage));
    CHECK(d.value_len == kept);
    CHECK(kept == 0 || (d.value && !memcmp(d.value, in->value, kept)));
    CHECK_STR(d.topic, "reports.raw");
    CHECK(d.partition == 3 && d.offset == in->offset);
    CHECK(d.error_message && d.error_message[0]);
    zb_pipe_out_free(&o);
}

static void test_formats_and_poison(zb_pipeline *p) {
    size_t hlen, glen, nlen;
    char *html = slurp("config/samples/hexi-2023.html", &hlen);
    char *gb = slurp("config/samples/pujiang-2022-gb18030.txt", &glen);
    char *trad = slurp("config/samples/siming-2023-traditional.html", &nlen);
    const char *url = "https://www.tjhx.gov.cn/zwgk/fzzfjs/2024/03/report.html";
    zb_header hdrs[2] = {{"content-type", "text/html; charset=utf-8", 24},
                         {"source-url", url, strlen(url)}};

    /* raw bytes with headers */
    zb_pipe_in in = msg_in(html, hlen, 100);
    in.headers = hdrs;
    in.n_headers = 2;
    expect_report(p, &in, url);

    /* poison: invalid bytes */
    unsigned char bin[512];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(0xff - (i * 7) % 256);
    bin[0] = 0xff;
    in = msg_in(bin, sizeof bin, 101);
    expect_dlq(p, &in, "extract", "bad_encoding", sizeof bin);

    /* JSON envelope, GB18030 body in base64 */
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    zb_buf env = ZB_BUF_INIT;
    const char *gurl = "http://www.pujiang.gov.cn/pjxrmzf/c149500/2023-02/15/content_1.shtml";
    zb_buf_printf(&env,
                  "{\"url\":\"%s\",\"fetched_at\":\"2023-03-01T08:00:00+08:00\","
                  "\"content_type\":\"text/plain\",\"charset\":\"gb18030\",\"body_base64\":\"",
                  gurl);
    for (size_t i = 0; i < glen; i += 3) {
        unsigned v = (unsigned char)gb[i] << 16;
        if (i + 1 < glen) v |= (unsigned char)gb[i + 1] << 8;
        if (i + 2 < glen) v |= (unsigned char)gb[i + 2];
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], i + 1 < glen ? b64[(v >> 6) & 63] : '=',
                     i + 2 < glen ? b64[v & 63] : '='};
        zb_buf_append(&env, q, 4);
    }
    zb_buf_puts(&env, "\"}");
    in = msg_in(env.p, env.len, 102);
    expect_report(p, &in, gurl);

    /* poison: empty */
    in = msg_in("", 0, 103);
    expect_dlq(p, &in, "decode", "empty", 0);

    /* JSON envelope with a plain body (traditional script) */
    zb_buf env2 = ZB_BUF_INIT;
    const char *turl = "https://www.siming.gov.cn/xxgk/fzzf/2024/report.htm";
    zb_buf_printf(&env2, "{\"url\":\"%s\",\"content_type\":\"text/html\",\"body\":", turl);
    zb_buf_json_str(&env2, trad, nlen);
    zb_buf_puts(&env2, "}");
    in = msg_in(env2.p, env2.len, 104);
    expect_report(p, &in, turl);

    /* poison: 20 MB - the dead letter keeps the first 64 KiB */
    size_t big = 20u << 20;
    char *huge = malloc(big);
    for (size_t i = 0; i < big; i++)
        huge[i] = html[i % hlen];
    in = msg_in(huge, big, 105);
    expect_dlq(p, &in, "decode", "too_large", 65536);
    free(huge);

    /* poison: not a report (a crawler fetching an error page) */
    const char *notice = "<html><head><title>404 Not Found</title></head><body>"
                         "<h1>Not Found</h1><p>The requested URL was not found on this server."
                         "</p></body></html>";
    in = msg_in(notice, strlen(notice), 106);
    expect_dlq(p, &in, "extract", "not_a_report", strlen(notice));

    /* Avro RawReport with Confluent framing */
    int32_t raw_id = -1;
    char err[256];
    CHECK(zb_registry_register(reg, "reports.raw-value", zb_schema_text(ZB_SCHEMA_RAW_REPORT),
                               &raw_id, err, sizeof err) == ZB_REG_OK);
    zb_raw_report rr = {.url = url,
                        .fetched_time_ms = 1711600000000,
                        .content_type = "text/html",
                        .charset = "utf-8",
                        .body = html,
                        .body_len = hlen};
    zb_buf avro = ZB_BUF_INIT;
    CHECK(zb_encode_raw_report(codec, raw_id, &rr, &avro, err, sizeof err) == ZB_CODEC_OK);
    in = msg_in(avro.p, avro.len, 107);
    expect_report(p, &in, url);

    /* poison: wrong Avro - an unknown schema id, then a truncated body */
    unsigned char wrong[64] = {0, 0, 0, 0x7f, 0x33, 1, 2, 3, 4, 5};
    in = msg_in(wrong, sizeof wrong, 108);
    expect_dlq(p, &in, "decode", "bad_avro", sizeof wrong);
    in = msg_in(avro.p, 12, 109);
    expect_dlq(p, &in, "decode", "bad_avro", 12);

    /* poison: a JSON envelope whose body is not a string */
    const char *badenv = "{\"url\":\"http://x\",\"body\":42}";
    in = msg_in(badenv, strlen(badenv), 110);
    expect_dlq(p, &in, "decode", "bad_envelope", strlen(badenv));

    /* and a good one after all of them */
    in = msg_in(html, hlen, 111);
    in.headers = hdrs;
    in.n_headers = 2;
    expect_report(p, &in, url);

    zb_buf_free(&avro);
    zb_buf_free(&env);
    zb_buf_free(&env2);
    free(html);
    free(gb);
    free(trad);
}

/* A port on 127.0.0.1 bound by this process and not listening: connecting
 * to it is refused, as to a registry that is down, and no other process can
 * take it meanwhile (a fixed "unused" port may be in use on a shared machine).
 * Returns the socket (close it when done) and the port in *port; -1 on error. */
static int refused_port(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) ||
        getsockname(fd, (struct sockaddr *)&sa, &len)) {
        if (fd >= 0) close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Registry down: nothing is routed, the caller is told to retry. */
static void test_registry_down(void) {
    int port = 0, fd = refused_port(&port);
    CHECK(fd >= 0);
    if (fd < 0) return;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    zb_pipe_opts po = {.format = ZB_INPUT_AUTO,
                       .max_report_bytes = 1 << 20,
                       .encode = 1,
                       .registry_url = url,
                       .cfg = &cfg};
    char err[256];
    zb_pipeline *p = zb_pipeline_new(rules, &po, NULL, err, sizeof err);
    CHECK(p != NULL);
    if (!p) {
        close(fd);
        return;
    }
    zb_pipe_out o;
    zb_pipe_out_init(&o);
    zb_pipe_in in = msg_in("<p>法治政府建设年度报告</p>", 30, 5);
    CHECK(zb_pipeline_process(p, &in, &o) == ZB_PIPE_RETRY);
    CHECK(o.n == 0);
    zb_pipe_out_free(&o);
    zb_pipeline_free(p);
    close(fd);
}

/* registry.auto_register: false - ids are only looked up: found for the
 * subjects registered above, a fatal error for unregistered ones. */
static void test_lookup_only(const char *sr) {
    const char *topics[2] = {"reports", "unregistered"};
    for (int i = 0; i < 2; i++) {
        char yaml[512], err[256];
        snprintf(yaml, sizeof yaml,
                 "mode: kafka\nregistry:\n  url: %s\n  auto_register: false\n"
                 "output:\n  indicators_topic: %s.indicators\n"
                 "  facts_topic: %s.indicator-facts\n  dlq_topic: %s.dlq\n"
                 "kafka:\n  bootstrap.servers: 127.0.0.1:1\n",
                 sr, topics[i], topics[i], topics[i]);
        char *env[] = {NULL};
        zb_config c;
        CHECK(zb_config_load_string(&c, yaml, strlen(yaml), env, err, sizeof err) == 0);
        zb_pipe_opts po = {.format = ZB_INPUT_AUTO,
                           .max_report_bytes = 1 << 20,
                           .encode = 1,
                           .registry_url = sr,
                           .cfg = &c};
        zb_pipeline *p = zb_pipeline_new(rules, &po, NULL, err, sizeof err);
        CHECK(p != NULL);
        if (p) CHECK(zb_pipeline_prepare(p, err, sizeof err) == (i == 0 ? 0 : -1));
        zb_pipeline_free(p);
        zb_config_free(&c);
    }
}

/* engine.timeout_ms: a message whose extraction outruns its budget is a
 * dead letter (stage extract, reason timeout, the original bytes kept),
 * counted and logged; the next message on the same pipeline goes through
 * (the partition moves on). The slow message is an invented 900 KB report
 * with a budget of 1 ms: its decoding alone takes longer. */
static void test_timeout(const char *sr) {
    zb_metrics m;
    zb_metrics_init(&m);
    zb_pipe_opts po = {.format = ZB_INPUT_AUTO,
                       .max_report_bytes = 4 << 20,
                       .encode = 1,
                       .registry_url = sr,
                       .cfg = &cfg,
                       .max_ms = 1};
    char err[256];
    zb_pipeline *slow = zb_pipeline_new(rules, &po, &m, err, sizeof err);
    po.max_ms = 0; /* the engine's default */
    zb_pipeline *normal = zb_pipeline_new(rules, &po, &m, err, sizeof err);
    CHECK(slow && normal);
    if (!slow || !normal) return;
    size_t cap = 900 << 10, n = 0;
    char *big = malloc(cap + 256);
    n += (size_t)snprintf(big, cap, "某某县2024年法治政府建设年度报告\n");
    for (unsigned k = 0; n < cap; k++)
        n += (size_t)snprintf(big + n, cap + 256 - n,
                              "全年共审核规范性文件%u件，办理行政复议案件%u件。\n", 10 + k % 90,
                              3 + k % 7);
    FILE *logf = tmpfile();
    zb_log_set_stream(logf);
    zb_pipe_in in = msg_in(big, n, 200);
    expect_dlq(slow, &in, "extract", "timeout", n);
    zb_log_set_stream(NULL);
    CHECK(atomic_load(&m.extract_timeouts) == 1);
    CHECK(atomic_load(&m.errors[ZB_STAGE_EXTRACT]) == 1);
    char line[1024] = "";
    rewind(logf);
    CHECK(fgets(line, sizeof line, logf) != NULL);
    CHECK(strstr(line, "\"extract_timeout\"") && strstr(line, "reports.raw/3/200") &&
          strstr(line, "over its limit of 1 ms"));
    fclose(logf);
    /* the message after it */
    size_t hlen;
    char *html = slurp("config/samples/hexi-2023.html", &hlen);
    in = msg_in(html, hlen, 201);
    expect_report(normal, &in, NULL);
    CHECK(atomic_load(&m.extract_timeouts) == 1);
    free(html);
    free(big);
    zb_pipeline_free(slow);
    zb_pipeline_free(normal);
    zb_metrics_destroy(&m);
}

static void test_pure(void) {
    char id[17];
    zb_report_id("", 0, id);
    CHECK_STR(id, "cbf29ce484222325"); /* FNV-1a 64 test vectors */
    zb_report_id("a", 1, id);
    CHECK_STR(id, "af63dc4c8601ec8c");
    CHECK(zb_pipeline_detect("\0\0\0\0\1x", 6) == ZB_INPUT_AVRO);
    CHECK(zb_pipeline_detect(" {\"body\":\"x\"}", 13) == ZB_INPUT_JSON);
    CHECK(zb_pipeline_detect("{\"other\":1}", 11) == ZB_INPUT_RAW);
    CHECK(zb_pipeline_detect("<html>", 6) == ZB_INPUT_RAW);
}

int main(void) {
    const char *sr = getenv("ZB_SR_URL");
    if (!sr) {
        fprintf(stderr, "ZB_SR_URL not set (run under tests/registry/with_standin.sh)\n");
        return 1;
    }
    char err[512];
    char *env[] = {NULL};
    char yaml[512];
    snprintf(yaml, sizeof yaml,
             "mode: kafka\nregistry:\n  url: %s\n  backoff_initial_ms: 10\n"
             "kafka:\n  bootstrap.servers: 127.0.0.1:1\n",
             sr);
    if (zb_config_load_string(&cfg, yaml, strlen(yaml), env, err, sizeof err)) {
        fprintf(stderr, "config: %s\n", err);
        return 1;
    }
    rules = zb_rules_load(ZB_CONFIG_DIR, err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 1;
    }
    codec = zb_codec_new(err, sizeof err);
    zb_registry_conf rc;
    zb_registry_conf_init(&rc);
    rc.urls = sr;
    reg = zb_registry_new(&rc, err, sizeof err);
    zb_metrics m;
    zb_metrics_init(&m);
    zb_pipe_opts po = {.format = ZB_INPUT_AUTO,
                       .max_report_bytes = 10u << 20,
                       .encode = 1,
                       .registry_url = sr,
                       .cfg = &cfg};
    zb_pipeline *p = zb_pipeline_new(rules, &po, &m, err, sizeof err);
    CHECK(p != NULL);
    if (p) {
        CHECK(zb_pipeline_prepare(p, err, sizeof err) == 0);
        test_formats_and_poison(p);
        zb_pipeline_free(p);
    }
    CHECK(atomic_load(&m.errors[ZB_STAGE_DECODE]) == 5);
    CHECK(atomic_load(&m.errors[ZB_STAGE_EXTRACT]) == 2);
    test_registry_down();
    test_lookup_only(sr);
    test_pure();
    test_timeout(sr);
    zb_metrics_destroy(&m);
    zb_registry_free(reg);
    zb_codec_free(codec);
    zb_rules_free(rules);
    zb_config_free(&cfg);
    return check_report("test_pipeline");
}
