/* test_config.c - YAML parsing, defaults, environment overrides, librdkafka
 * passthrough, validation errors and secret masking. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "config.h"
#include "kafka_client.h"

static const char *yaml =
    "mode: kafka\n"
    "log:\n  level: debug\n"
    "input:\n  topics: [raw.a, raw.b]\n  format: json\n  max_report_bytes: 2048\n"
    "delivery:\n  semantics: at_least_once\n  batch_max_messages: 7\n"
    "registry:\n  url: https://sr-user:sr-pass@registry.example:8081\n"
    "  basic_auth_password: hunter2\n  key_password: keypw\n"
    "kafka:\n  bootstrap.servers: b1:9092,b2:9092\n  sasl.password: kafkasecret\n"
    "  security.protocol: SASL_SSL\n"
    "consumer:\n  group.id: g1\n  session.timeout.ms: 6000\n"
    "producer:\n  linger.ms: 5\n";

static void test_parse(void) {
    zb_config c;
    char err[256] = "";
    char *env[] = {NULL};
    CHECK(zb_config_load_string(&c, yaml, strlen(yaml), env, err, sizeof err) == 0);
    CHECK(c.mode == ZB_MODE_KAFKA);
    CHECK(c.log_level == ZB_LOG_DEBUG);
    CHECK(c.n_input_topics == 2);
    if (c.n_input_topics == 2) {
        CHECK_STR(c.input_topics[0], "raw.a");
        CHECK_STR(c.input_topics[1], "raw.b");
    }
    CHECK(c.input_format == ZB_INPUT_JSON);
    CHECK(c.max_report_bytes == 2048);
    CHECK(c.delivery == ZB_AT_LEAST_ONCE);
    CHECK(c.batch_max_messages == 7);
    CHECK(c.batch_max_ms == 1000); /* default */
    CHECK_STR(c.topic_facts, "reports.indicator-facts");
    CHECK_STR(zb_kvlist_get(&c.kafka, "bootstrap.servers"), "b1:9092,b2:9092");
    CHECK_STR(zb_kvlist_get(&c.consumer, "group.id"), "g1");
    CHECK_STR(zb_kvlist_get(&c.producer, "linger.ms"), "5");
    CHECK_STR(c.registry_password, "hunter2");

    /* The passthrough reaches librdkafka: it accepts these properties. */
    rd_kafka_conf_t *kc = zb_kafka_conf_new(&c, ZB_ROLE_CONSUMER, err, sizeof err);
    CHECK(kc != NULL);
    if (kc) {
        char v[64];
        size_t vl = sizeof v;
        CHECK(rd_kafka_conf_get(kc, "session.timeout.ms", v, &vl) == RD_KAFKA_CONF_OK);
        CHECK_STR(v, "6000");
        vl = sizeof v;
        rd_kafka_conf_get(kc, "partition.assignment.strategy", v, &vl);
        CHECK_STR(v, "cooperative-sticky");
        vl = sizeof v;
        rd_kafka_conf_get(kc, "enable.auto.commit", v, &vl);
        CHECK_STR(v, "false");
        rd_kafka_conf_destroy(kc);
    }
    /* Without static membership: zhibiao-<host>-<pid>. */
    char tid[128];
    zb_kafka_transactional_id(&c, tid, sizeof tid);
    CHECK(!strncmp(tid, "zhibiao-", 8));
    /* the worker's own name is the same without the prefix, and ends in its pid */
    char id[128], pid[32];
    zb_config_worker_id(&c, id, sizeof id);
    CHECK_STR(tid + 8, id);
    snprintf(pid, sizeof pid, "-%ld", (long)getpid());
    CHECK(strlen(id) > strlen(pid) && !strcmp(id + strlen(id) - strlen(pid), pid));
    char none[128];
    zb_config_worker_id(NULL, none, sizeof none);
    CHECK_STR(none, id);
    zb_config_free(&c);
}

static void test_env(void) {
    zb_config c;
    char err[256] = "";
    char *env[] = {"ZB_DELIVERY_SEMANTICS=exactly_once",
                   "ZB_INPUT_MAX_REPORT_BYTES=4096",
                   "ZB_KAFKA_BOOTSTRAP_SERVERS=envbroker:9093",
                   "ZB_CONSUMER_GROUP_INSTANCE_ID=pod-3",
                   "ZB_LOG_LEVEL=warn",
                   "ZB_INPUT_TOPICS=x, y ,z",
                   "UNRELATED=1",
                   NULL};
    CHECK(zb_config_load_string(&c, yaml, strlen(yaml), env, err, sizeof err) == 0);
    CHECK(c.delivery == ZB_EXACTLY_ONCE);
    CHECK(c.max_report_bytes == 4096);
    CHECK_STR(zb_kvlist_get(&c.kafka, "bootstrap.servers"), "envbroker:9093");
    CHECK_STR(zb_kvlist_get(&c.consumer, "group.instance.id"), "pod-3");
    CHECK(c.log_level == ZB_LOG_WARN);
    CHECK(c.n_input_topics == 3);
    if (c.n_input_topics == 3) CHECK_STR(c.input_topics[1], "y");
    char tid[128];
    zb_kafka_transactional_id(&c, tid, sizeof tid);
    CHECK_STR(tid, "zhibiao-pod-3");
    char id[128];
    zb_config_worker_id(&c, id, sizeof id);
    CHECK_STR(id, "pod-3");
    zb_config_free(&c);
}

static void expect_error(const char *text, const char *needle) {
    zb_config c;
    char err[256] = "";
    char *env[] = {NULL};
    int rc = zb_config_load_string(&c, text, strlen(text), env, err, sizeof err);
    CHECK(rc == -1);
    if (!strstr(err, needle)) {
        fprintf(stderr, "error '%s' does not mention '%s'\n", err, needle);
        CHECK(0);
    }
    if (rc == 0) zb_config_free(&c);
}

static void test_errors(void) {
    expect_error("inptu:\n  topics: a\n",
                 "unknown config key 'inptu.topics' (did you mean 'input.topics'?)");
    expect_error("delivery:\n  batch_max_mesages: 5\n",
                 "(did you mean 'delivery.batch_max_messages'?)");
    expect_error("engine:\n  timeout: 5\n", "(did you mean 'engine.timeout_ms'?)");
    /* nothing near: no guess */
    expect_error("color: blue\n", "unknown config key 'color'");
    {
        zb_config c;
        char err[256] = "";
        char *env[] = {NULL};
        const char *t = "color: blue\n";
        CHECK(zb_config_load_string(&c, t, strlen(t), env, err, sizeof err) == -1 &&
              !strstr(err, "did you mean"));
    }
    expect_error("delivery:\n  semantics: maybe\n", "delivery.semantics");
    expect_error("input:\n  max_report_bytes: lots\n", "input.max_report_bytes");
    expect_error("mode: kafka\nregistry:\n  url: http://x\n", "bootstrap.servers");
    expect_error("mode: kafka\nkafka:\n  bootstrap.servers: b:1\n", "registry.url");
    expect_error("key: [unclosed\n", "YAML");
    expect_error("- a\n- b\n", "mapping");
    expect_error("registry:\n  auto_register: maybe\n", "registry.auto_register");
    expect_error("engine:\n  timeout_ms: 0\n", "engine.timeout_ms");
    expect_error("engine:\n  timeout_ms: soon\n", "engine.timeout_ms");
    /* An unknown librdkafka property is caught by librdkafka itself. */
    zb_config c;
    char err[256] = "";
    char *env[] = {NULL};
    const char *t = "kafka:\n  bootstrap.servers: b:1\n  no.such.property: 1\n";
    CHECK(zb_config_load_string(&c, t, strlen(t), env, err, sizeof err) == 0);
    rd_kafka_conf_t *kc = zb_kafka_conf_new(&c, ZB_ROLE_PRODUCER, err, sizeof err);
    CHECK(kc == NULL);
    CHECK(strstr(err, "kafka.no.such.property") != NULL);
    if (kc) rd_kafka_conf_destroy(kc);
    zb_config_free(&c);
}

static void test_mask(void) {
    zb_config c;
    char err[256] = "";
    char *env[] = {"ZB_KAFKA_SSL_KEY_PASSWORD=envsecret", NULL};
    CHECK(zb_config_load_string(&c, yaml, strlen(yaml), env, err, sizeof err) == 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    zb_config_print(&c, f);
    fclose(f);
    CHECK(strstr(text, "hunter2") == NULL);
    CHECK(strstr(text, "keypw") == NULL);
    CHECK(strstr(text, "kafkasecret") == NULL);
    CHECK(strstr(text, "envsecret") == NULL);
    CHECK(strstr(text, "sr-pass") == NULL);
    CHECK(strstr(text, "kafka.sasl.password: ********") != NULL);
    CHECK(strstr(text, "kafka.ssl.key.password: ********") != NULL);
    CHECK(strstr(text, "registry.basic_auth_password: ********") != NULL);
    CHECK(strstr(text, "registry.url: https://sr-user:********@registry.example:8081") != NULL);
    CHECK(strstr(text, "kafka.bootstrap.servers: b1:9092,b2:9092") != NULL);
    CHECK(strstr(text, "delivery.batch_max_ms: 1000") != NULL);
    free(text);
    CHECK(zb_config_is_secret("sasl.oauthbearer.client.secret"));
    CHECK(!zb_config_is_secret("bootstrap.servers"));
    zb_config_free(&c);
}

static void test_defaults(void) {
    zb_config c;
    zb_config_defaults(&c);
    CHECK(c.mode == ZB_MODE_FILE);
    CHECK(c.n_file_inputs == 1);
    CHECK(c.max_report_bytes == 10485760);
    CHECK(c.shutdown_timeout_ms == 30000);
    CHECK(c.delivery == ZB_EXACTLY_ONCE);
    CHECK(c.registry_auto_register == 1);
    CHECK(c.extract_timeout_ms == 10000); /* the engine's own default */
    zb_config_free(&c);
    char err[256];
    char *env[] = {"ZB_REGISTRY_AUTO_REGISTER=false", "ZB_ENGINE_TIMEOUT_MS=2500", NULL};
    CHECK(zb_config_load_string(&c, "", 0, env, err, sizeof err) == 0);
    CHECK(c.registry_auto_register == 0);
    CHECK(c.extract_timeout_ms == 2500);
    zb_config_free(&c);
}

int main(void) {
    test_parse();
    test_env();
    test_errors();
    test_mask();
    test_defaults();
    return check_report("test_config");
}
