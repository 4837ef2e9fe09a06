/* zb_registry.h - a Confluent Schema Registry client (REST API over libcurl).
 *
 * Registers our schemas and looks up writer schemas by id, with caching:
 * ids and schemas never change once assigned, so positive answers are kept for
 * the life of the client; "not found" answers are kept for negative_ttl_ms so
 * a flood of messages with an unknown id does not hammer the registry.
 *
 * Transport errors, timeouts, HTTP 5xx and 429 are retried with exponential
 * backoff, rotating through the configured URLs (failover). When every attempt
 * fails the call returns ZB_REG_RETRY: the registry is down, the caller should
 * wait and try again (the worker pauses consumption, it never drops).
 *
 * Secrets (password, key password) are never written to err or any log.
 * A zb_registry may be shared by threads (calls are serialized). */
#ifndef ZB_REGISTRY_H
#define ZB_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    ZB_REG_OK = 0,
    ZB_REG_RETRY,        /* registry unreachable / 5xx after retries: transient */
    ZB_REG_NOT_FOUND,    /* 40401 subject, 40402 version, 40403 schema not found */
    ZB_REG_INCOMPATIBLE, /* 409: the schema breaks the subject's compatibility rule */
    ZB_REG_INVALID,      /* 42201 invalid schema, 42202 invalid version, other 422 */
    ZB_REG_FAILED        /* any other permanent error: 401/403 auth, bad answer... */
} zb_reg_status;

const char *zb_reg_status_name(zb_reg_status s); /* "ok", "retry", ... */

typedef enum {
    ZB_SUBJECT_TOPIC = 0,   /* "<topic>-value" / "<topic>-key" (the default) */
    ZB_SUBJECT_RECORD,      /* "<record full name>" */
    ZB_SUBJECT_TOPIC_RECORD /* "<topic>-<record full name>" */
} zb_subject_strategy;

/* "topic" | "record" | "topic_record" (also TopicNameStrategy, RecordNameStrategy,
 * TopicRecordNameStrategy); -1 when unknown. */
int zb_subject_strategy_parse(const char *s);

/* Writes the subject name for the strategy into out. 0 ok, -1 when it does
 * not fit or a needed input is NULL. */
int zb_registry_subject(zb_subject_strategy s, const char *topic, const char *record_fullname,
                        int is_key, char *out, size_t outlen);

typedef struct {
    const char *urls;         /* one or more base URLs, comma-separated (failover order) */
    const char *username;     /* basic auth; NULL = none */
    const char *password;     /* never logged */
    const char *ca_file;      /* TLS: CA bundle to verify the server; NULL = system */
    const char *cert_file;    /* TLS client certificate (PEM); NULL = none */
    const char *key_file;     /* TLS client key (PEM) */
    const char *key_password; /* never logged */
    long connect_timeout_ms;  /* default 5000 */
    long timeout_ms;          /* whole request, default 10000 */
    int max_attempts;         /* per call, over all URLs; default 4 */
    long backoff_ms;          /* first retry delay, doubled each time; default 100 */
    long backoff_max_ms;      /* default 2000 */
    long negative_ttl_ms;     /* how long "not found" is cached; default 60000, 0 = off */
} zb_registry_conf;

void zb_registry_conf_init(zb_registry_conf *c); /* the defaults above, no URL */

typedef struct zb_registry zb_registry;

/* Copies the configuration (strings included). NULL on error (no URL...). */
zb_registry *zb_registry_new(const zb_registry_conf *conf, char *err, size_t errlen);
void zb_registry_free(zb_registry *r);

/* POST /subjects/{subject}/versions: registers schema (idempotent: the same
 * schema gets the same id) and sets *id. Cached per (subject, schema). */
zb_reg_status zb_registry_register(zb_registry *r, const char *subject, const char *schema,
                                   int32_t *id, char *err, size_t errlen);

/* POST /subjects/{subject}: the id of schema if already registered under
 * subject, without registering it (for auto.register.schemas=false). */
zb_reg_status zb_registry_lookup(zb_registry *r, const char *subject, const char *schema,
                                 int32_t *id, char *err, size_t errlen);

/* GET /schemas/ids/{id}: the schema text. *schema points into the client's
 * cache and stays valid until zb_registry_free(). */
zb_reg_status zb_registry_get_by_id(zb_registry *r, int32_t id, const char **schema, char *err,
                                    size_t errlen);

/* POST /compatibility/subjects/{subject}/versions/latest: *compatible = 1/0.
 * A subject with no version yet is compatible (not cached). */
zb_reg_status zb_registry_check_compat(zb_registry *r, const char *subject, const char *schema,
                                       int *compatible, char *err, size_t errlen);

typedef struct {
    uint64_t requests;   /* HTTP requests sent (attempts included) */
    uint64_t cache_hits; /* answers from the cache, positive or negative */
    uint64_t retries;    /* attempts after the first */
    uint64_t failovers;  /* switches to another URL */
} zb_registry_stats;

void zb_registry_get_stats(zb_registry *r, zb_registry_stats *out);

#endif
