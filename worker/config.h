/* config.h - the worker's configuration: one YAML file, then environment
 * overrides, then defaults.
 *
 * The file is read into a flat list of dotted keys ("input.topics",
 * "kafka.bootstrap.servers"); sequences become comma-separated values.
 * Environment: ZB_<KEY> with dots as underscores, upper case, overrides the
 * file (ZB_INPUT_MAX_REPORT_BYTES, ZB_LOG_LEVEL). librdkafka properties pass
 * through as they are, like kcat -X: `kafka.<prop>` (consumer and producer),
 * `consumer.<prop>`, `producer.<prop>`; from the environment
 * ZB_KAFKA_BOOTSTRAP_SERVERS -> kafka.bootstrap.servers (underscores become
 * dots: librdkafka property names have no underscores). */
#ifndef ZB_CONFIG_H
#define ZB_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "log.h"

typedef struct {
    char *key;
    char *value;
} zb_kv;

typedef struct {
    zb_kv *v;
    size_t n, cap;
} zb_kvlist;

typedef enum { ZB_INPUT_AUTO = 0, ZB_INPUT_AVRO, ZB_INPUT_JSON, ZB_INPUT_RAW } zb_input_format;
typedef enum { ZB_EXACTLY_ONCE = 0, ZB_AT_LEAST_ONCE } zb_delivery;
typedef enum { ZB_MODE_FILE = 0, ZB_MODE_KAFKA } zb_mode;

typedef struct {
    zb_mode mode;           /* mode: kafka | file */
    zb_log_level log_level; /* log.level */
    char *rules_dir;        /* engine.rules_dir: the engine's data (config/) */
    int engine_threads;     /* engine.threads: processing threads, 0 = one per CPU */
    int extract_timeout_ms; /* engine.timeout_ms: one message's extraction budget; a message
                               over it is a dead letter (timeout), one still running at twice
                               it + 5 s is reported as stalled (watchdog.h) */

    /* Kafka mode */
    char **input_topics; /* input.topics */
    size_t n_input_topics;
    zb_input_format input_format; /* input.format: auto | avro | json | raw */
    size_t max_report_bytes;      /* input.max_report_bytes */
    char *topic_indicators;       /* output.indicators_topic */
    char *topic_facts;            /* output.facts_topic */
    char *topic_dlq;              /* output.dlq_topic */
    zb_delivery delivery;         /* delivery.semantics: exactly_once | at_least_once */
    int batch_max_messages;       /* delivery.batch_max_messages */
    int batch_max_ms;             /* delivery.batch_max_ms */
    int shutdown_timeout_ms;      /* delivery.shutdown_timeout_ms */
    zb_kvlist kafka;              /* kafka.*: both clients */
    zb_kvlist consumer;           /* consumer.* */
    zb_kvlist producer;           /* producer.* */

    /* Schema Registry */
    char *registry_url;          /* registry.url */
    char *registry_user;         /* registry.basic_auth_user */
    char *registry_password;     /* registry.basic_auth_password (secret) */
    char *registry_ca;           /* registry.ca_location */
    char *registry_cert;         /* registry.cert_location */
    char *registry_key;          /* registry.key_location */
    char *registry_key_password; /* registry.key_password (secret) */
    int registry_timeout_ms;     /* registry.timeout_ms */
    int registry_backoff_ms;     /* registry.backoff_initial_ms */
    int registry_backoff_max_ms;
    int registry_auto_register;
    /* registry.auto_register: register, or only look up */ /* registry.backoff_max_ms */

    /* HTTP: "" disables */
    char *http_listen; /* http.listen: "host:port" or ":port" */
    int liveness_ms;   /* http.liveness_timeout_ms: /healthz fails when stuck */

    /* File mode */
    char **file_inputs; /* file.inputs: files, directories, .jsonl */
    size_t n_file_inputs;
    char *file_output;    /* file.output: Avro container file */
    char *file_summary;   /* file.summary: "-" = stdout */
    int file_progress_ms; /* file.progress_ms: a progress log line this often, 0 = none */

    zb_kvlist effective; /* every key as finally set, for config check */
} zb_config;

/* Defaults only (file mode on the bundled samples). */
void zb_config_defaults(zb_config *c);
/* Loads path (NULL = no file), applies the environment (envp: NULL-terminated
 * "K=V" strings; NULL = the process environment), validates. 0 ok; -1 with a
 * message in err (the key is named). The result owns its memory. */
int zb_config_load(zb_config *c, const char *path, char *const *envp, char *err, size_t errlen);
/* Same from YAML text in memory (tests). */
int zb_config_load_string(zb_config *c, const char *yaml, size_t len, char *const *envp, char *err,
                          size_t errlen);
void zb_config_free(zb_config *c);

/* 1 when a key names a secret (passwords, SASL/JAAS, private keys, tokens). */
int zb_config_is_secret(const char *key);
/* Writes the effective config as "key: value" lines, secrets as "********",
 * credentials inside URLs masked too. */
void zb_config_print(const zb_config *c, FILE *f);
/* Value with secrets masked, into out. */
void zb_config_mask(const char *key, const char *value, char *out, size_t outlen);
/* This worker's name: group.instance.id (consumer.* or kafka.*) when static
 * membership is configured, stable across restarts; else "<hostname>-<pid>".
 * c may be NULL (no config: the latter). Names its dead letters and,
 * prefixed, its transactional.id. */
void zb_config_worker_id(const zb_config *c, char *out, size_t outlen);

/* Helpers shared with the tests and cli_dlq. */
const char *zb_kvlist_get(const zb_kvlist *l, const char *key);
int zb_kvlist_set(zb_kvlist *l, const char *key, const char *value);
void zb_kvlist_free(zb_kvlist *l);

#endif
