/* config.c - YAML file -> flat dotted keys -> environment overrides ->
 * typed zb_config. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "zb_buf.h"
#include "http.h"       /* zb_http_parse_listen */
#include "zb_extract.h" /* ZB_EXTRACT_MAX_MS_LIMIT */
#include "zb_err.h"

extern char **environ;

#ifndef ZB_CONFIG_DIR
#define ZB_CONFIG_DIR "config"
#endif

/* Every structured key zhibiao knows, with its default ("" = empty). Keys
 * under kafka./consumer./producer. are librdkafka's and pass through. */
typedef struct {
    const char *key;
    const char *def;
} key_def;

static const key_def known_keys[] = {
    {"mode", "file"},
    {"log.level", "info"},
    {"engine.rules_dir", ZB_CONFIG_DIR},
    {"engine.threads", "0"},
    {"engine.timeout_ms", "10000"},
    {"input.topics", "reports.raw"},
    {"input.format", "auto"},
    {"input.max_report_bytes", "10485760"},
    {"output.indicators_topic", "reports.indicators"},
    {"output.facts_topic", "reports.indicator-facts"},
    {"output.dlq_topic", "reports.dlq"},
    {"delivery.semantics", "exactly_once"},
    {"delivery.batch_max_messages", "100"},
    {"delivery.batch_max_ms", "1000"},
    {"delivery.shutdown_timeout_ms", "30000"},
    {"registry.url", ""},
    {"registry.basic_auth_user", ""},
    {"registry.basic_auth_password", ""},
    {"registry.ca_location", ""},
    {"registry.cert_location", ""},
    {"registry.key_location", ""},
    {"registry.key_password", ""},
    {"registry.timeout_ms", "10000"},
    {"registry.backoff_initial_ms", "500"},
    {"registry.backoff_max_ms", "30000"},
    {"registry.auto_register", "true"},
    {"http.listen", ""},
    {"http.liveness_timeout_ms", "120000"},
    {"file.inputs", ZB_CONFIG_DIR "/samples"},
    {"file.output", "out/indicators.avro"},
    {"file.summary", "-"},
    {"file.progress_ms", "10000"},
};
#define N_KNOWN (sizeof known_keys / sizeof known_keys[0])

static const char *const passthrough_prefixes[] = {"kafka.", "consumer.", "producer."};

/* ---- kv list ------------------------------------------------------------ */

const char *zb_kvlist_get(const zb_kvlist *l, const char *key) {
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].key, key)) return l->v[i].value;
    return NULL;
}

void zb_config_worker_id(const zb_config *c, char *out, size_t outlen) {
    const char *gi = c ? zb_kvlist_get(&c->consumer, "group.instance.id") : NULL;
    if (!gi && c) gi = zb_kvlist_get(&c->kafka, "group.instance.id");
    if (gi) {
        snprintf(out, outlen, "%s", gi);
        return;
    }
    char host[64] = "unknown";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = 0;
    snprintf(out, outlen, "%s-%ld", host, (long)getpid());
}

int zb_kvlist_set(zb_kvlist *l, const char *key, const char *value) {
    char *nv = strdup(value);
    if (!nv) return -1;
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->v[i].key, key)) {
            free(l->v[i].value);
            l->v[i].value = nv;
            return 0;
        }
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        zb_kv *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            free(nv);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].key = strdup(key);
    if (!l->v[l->n].key) {
        free(nv);
        return -1;
    }
    l->v[l->n++].value = nv;
    return 0;
}

void zb_kvlist_free(zb_kvlist *l) {
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ---- YAML -> flat keys ---------------------------------------------------- */

typedef struct {
    yaml_parser_t parser;
    zb_kvlist *out;
    char *err;
    size_t errlen;
} yaml_ctx;

static int parse_node(yaml_ctx *y, const char *path);

static int next_event(yaml_ctx *y, yaml_event_t *ev) {
    if (!yaml_parser_parse(&y->parser, ev)) {
        zb_errf(y->err, y->errlen, "YAML error at line %zu: %s", y->parser.problem_mark.line + 1,
                y->parser.problem ? y->parser.problem : "syntax error");
        return -1;
    }
    return 0;
}

static int join_path(char *out, size_t outlen, const char *path, const char *key) {
    int n = path[0] ? snprintf(out, outlen, "%s.%s", path, key) : snprintf(out, outlen, "%s", key);
    return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
}

/* A mapping: each key scalar then its value node. */
static int parse_mapping(yaml_ctx *y, const char *path) {
    for (;;) {
        yaml_event_t ev;
        if (next_event(y, &ev)) return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        if (ev.type != YAML_SCALAR_EVENT) {
            zb_errf(y->err, y->errlen, "line %zu: mapping keys must be plain scalars",
                    ev.start_mark.line + 1);
            yaml_event_delete(&ev);
            return -1;
        }
        char sub[512];
        int bad = join_path(sub, sizeof sub, path, (const char *)ev.data.scalar.value);
        yaml_event_delete(&ev);
        if (bad) {
            zb_errf(y->err, y->errlen, "key too long under '%s'", path);
            return -1;
        }
        if (parse_node(y, sub)) return -1;
    }
}

/* A sequence of scalars becomes one comma-separated value. */
static int parse_sequence(yaml_ctx *y, const char *path) {
    zb_buf b = ZB_BUF_INIT;
    int rc = -1;
    for (;;) {
        yaml_event_t ev;
        if (next_event(y, &ev)) break;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            rc = zb_kvlist_set(y->out, path, b.p ? b.p : "");
            break;
        }
        if (ev.type != YAML_SCALAR_EVENT) {
            zb_errf(y->err, y->errlen, "'%s': only lists of plain values are supported", path);
            yaml_event_delete(&ev);
            break;
        }
        if (b.len) zb_buf_puts(&b, ",");
        zb_buf_puts(&b, (const char *)ev.data.scalar.value);
        yaml_event_delete(&ev);
    }
    zb_buf_free(&b);
    return rc;
}

static int parse_node(yaml_ctx *y, const char *path) {
    yaml_event_t ev;
    if (next_event(y, &ev)) return -1;
    int rc;
    switch (ev.type) {
    case YAML_SCALAR_EVENT: {
        const char *v = (const char *)ev.data.scalar.value;
        /* An unquoted ~ / null is "unset": keep the default. */
        int is_null = ev.data.scalar.plain_implicit &&
                      (!strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, ""));
        rc = is_null ? 0 : zb_kvlist_set(y->out, path, v);
        break;
    }
    case YAML_MAPPING_START_EVENT:
        rc = parse_mapping(y, path);
        break;
    case YAML_SEQUENCE_START_EVENT:
        rc = parse_sequence(y, path);
        break;
    case YAML_ALIAS_EVENT:
        zb_errf(y->err, y->errlen, "'%s': YAML aliases are not supported", path);
        rc = -1;
        break;
    default:
        zb_errf(y->err, y->errlen, "'%s': unexpected YAML structure", path);
        rc = -1;
    }
    yaml_event_delete(&ev);
    return rc;
}

static int yaml_to_flat(const char *text, size_t len, zb_kvlist *out, char *err, size_t errlen) {
    yaml_ctx y = {.out = out, .err = err, .errlen = errlen};
    if (!yaml_parser_initialize(&y.parser)) {
        zb_errf(err, errlen, "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
    int rc = -1;
    yaml_event_t ev;
    /* stream start, document start (or stream end for an empty file) */
    if (next_event(&y, &ev)) goto done;
    yaml_event_delete(&ev);
    if (next_event(&y, &ev)) goto done;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        rc = 0;
        goto done;
    }
    yaml_event_delete(&ev);
    if (next_event(&y, &ev)) goto done;
    if (ev.type == YAML_MAPPING_START_EVENT) {
        rc = parse_mapping(&y, "");
    } else if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0) {
        rc = 0; /* empty document */
    } else {
        zb_errf(err, errlen, "the config must be a YAML mapping");
    }
    yaml_event_delete(&ev);
done:
    yaml_parser_delete(&y.parser);
    return rc;
}

/* ---- keys, environment ---------------------------------------------------- */

static const char *passthrough_prefix(const char *key) {
    for (size_t i = 0; i < 3; i++)
        if (!strncmp(key, passthrough_prefixes[i], strlen(passthrough_prefixes[i])) &&
            key[strlen(passthrough_prefixes[i])])
            return passthrough_prefixes[i];
    return NULL;
}

static int is_known(const char *key) {
    for (size_t i = 0; i < N_KNOWN; i++)
        if (!strcmp(known_keys[i].key, key)) return 1;
    return 0;
}

/* Edit distance of a and b (insertions, deletions, substitutions), for keys
 * of up to 63 characters; a longer one counts as far from everything. */
static size_t distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la >= 64 || lb >= 64) return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

/* The known key a typo most likely meant (within a third of its length), or
 * NULL: "delivery.semantic" -> "delivery.semantics". */
static const char *closest_key(const char *key) {
    const char *best = NULL;
    size_t best_d = strlen(key) / 3 + 1;
    for (size_t i = 0; i < N_KNOWN; i++) {
        size_t d = distance(key, known_keys[i].key);
        if (d < best_d) best = known_keys[i].key, best_d = d;
    }
    return best;
}

static void env_name(const char *key, char *out, size_t outlen) {
    size_t j = 0;
    j += (size_t)snprintf(out, outlen, "ZB_");
    for (const char *p = key; *p && j + 1 < outlen; p++)
        out[j++] = (*p == '.' || *p == '-') ? '_' : (char)toupper((unsigned char)*p);
    out[j] = 0;
}

static const char *env_get(char *const *envp, const char *name) {
    size_t n = strlen(name);
    for (char *const *e = envp; e && *e; e++)
        if (!strncmp(*e, name, n) && (*e)[n] == '=') return *e + n + 1;
    return NULL;
}

/* ZB_KAFKA_SASL_PASSWORD -> kafka.sasl.password */
static int apply_passthrough_env(zb_kvlist *flat, char *const *envp) {
    static const char *const env_pfx[] = {"ZB_KAFKA_", "ZB_CONSUMER_", "ZB_PRODUCER_"};
    for (char *const *e = envp; e && *e; e++) {
        for (size_t i = 0; i < 3; i++) {
            size_t pl = strlen(env_pfx[i]);
            const char *eq = strchr(*e, '=');
            if (strncmp(*e, env_pfx[i], pl) || !eq || eq == *e + pl) continue;
            char key[256];
            size_t j = (size_t)snprintf(key, sizeof key, "%s", passthrough_prefixes[i]);
            for (const char *p = *e + pl; p < eq && j + 1 < sizeof key; p++)
                key[j++] = *p == '_' ? '.' : (char)tolower((unsigned char)*p);
            key[j] = 0;
            if (zb_kvlist_set(flat, key, eq + 1)) return -1;
        }
    }
    return 0;
}

static int apply_env(zb_kvlist *flat, char *const *envp) {
    for (size_t i = 0; i < N_KNOWN; i++) {
        char name[128];
        env_name(known_keys[i].key, name, sizeof name);
        const char *v = env_get(envp, name);
        if (v && zb_kvlist_set(flat, known_keys[i].key, v)) return -1;
    }
    return apply_passthrough_env(flat, envp);
}

/* ---- typed values ------------------------------------------------------- */

static int parse_int(const char *key, const char *v, long min, long max, long *out, char *err,
                     size_t errlen) {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < min || x > max) {
        zb_errf(err, errlen, "%s: expected an integer in [%ld, %ld], got '%s'", key, min, max, v);
        return -1;
    }
    *out = x;
    return 0;
}

/* "a, b,c" -> {"a","b","c"}; empty items dropped. */
static int split_list(const char *v, char ***out, size_t *n) {
    *out = NULL;
    *n = 0;
    char *copy = strdup(v);
    if (!copy) return -1;
    size_t cap = 1;
    for (const char *p = v; *p; p++)
        cap += *p == ',';
    char **items = calloc(cap, sizeof *items);
    if (!items) {
        free(copy);
        return -1;
    }
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*t))
            t++;
        size_t l = strlen(t);
        while (l && isspace((unsigned char)t[l - 1]))
            t[--l] = 0;
        if (l && !(items[*n] = strdup(t))) break;
        if (l) (*n)++;
    }
    free(copy);
    *out = items;
    return 0;
}

static char *dup_or_null(const char *v) { return (v && *v) ? strdup(v) : NULL; }

static const char *flat_get(const zb_kvlist *flat, const char *key) {
    const char *v = zb_kvlist_get(flat, key);
    if (v) return v;
    for (size_t i = 0; i < N_KNOWN; i++)
        if (!strcmp(known_keys[i].key, key)) return known_keys[i].def;
    return "";
}

static int choose(const char *key, const char *v, const char *const *names, int n, int *out,
                  char *err, size_t errlen) {
    for (int i = 0; i < n; i++) {
        if (!strcmp(v, names[i])) {
            *out = i;
            return 0;
        }
    }
    zb_buf b = ZB_BUF_INIT;
    for (int i = 0; i < n; i++)
        zb_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    zb_errf(err, errlen, "%s: expected one of %s, got '%s'", key, b.p ? b.p : "", v);
    zb_buf_free(&b);
    return -1;
}

static int fill_enums(zb_config *c, const zb_kvlist *f, char *err, size_t errlen) {
    static const char *const modes[] = {"file", "kafka"};
    static const char *const formats[] = {"auto", "avro", "json", "raw"};
    static const char *const sem[] = {"exactly_once", "at_least_once"};
    int x;
    if (choose("mode", flat_get(f, "mode"), modes, 2, &x, err, errlen)) return -1;
    c->mode = (zb_mode)x;
    if (choose("input.format", flat_get(f, "input.format"), formats, 4, &x, err, errlen)) return -1;
    c->input_format = (zb_input_format)x;
    if (choose("delivery.semantics", flat_get(f, "delivery.semantics"), sem, 2, &x, err, errlen))
        return -1;
    c->delivery = (zb_delivery)x;
    static const char *const bools[] = {"false", "true", "no", "yes", "0", "1"};
    if (choose("registry.auto_register", flat_get(f, "registry.auto_register"), bools, 6, &x, err,
               errlen))
        return -1;
    c->registry_auto_register = x % 2;
    if (zb_log_level_parse(flat_get(f, "log.level"), &c->log_level)) {
        zb_errf(err, errlen, "log.level: expected debug, info, warn, error or off, got '%s'",
                flat_get(f, "log.level"));
        return -1;
    }
    return 0;
}

static int fill_numbers(zb_config *c, const zb_kvlist *f, char *err, size_t errlen) {
    long v;
#define NUM(key, min, max, field)                                                                  \
    do {                                                                                           \
        if (parse_int(key, flat_get(f, key), min, max, &v, err, errlen)) return -1;                \
        field = v;                                                                                 \
    } while (0)
    NUM("engine.threads", 0, 256, c->engine_threads);
    NUM("engine.timeout_ms", 1, ZB_EXTRACT_MAX_MS_LIMIT, c->extract_timeout_ms);
    NUM("input.max_report_bytes", 1, 1L << 30, c->max_report_bytes);
    NUM("delivery.batch_max_messages", 1, 1000000, c->batch_max_messages);
    NUM("delivery.batch_max_ms", 1, 3600000, c->batch_max_ms);
    NUM("delivery.shutdown_timeout_ms", 100, 3600000, c->shutdown_timeout_ms);
    NUM("registry.timeout_ms", 1, 600000, c->registry_timeout_ms);
    NUM("registry.backoff_initial_ms", 1, 600000, c->registry_backoff_ms);
    NUM("registry.backoff_max_ms", 1, 3600000, c->registry_backoff_max_ms);
    NUM("http.liveness_timeout_ms", 0, 86400000, c->liveness_ms);
    NUM("file.progress_ms", 0, 86400000, c->file_progress_ms);
#undef NUM
    return 0;
}

static int fill_strings(zb_config *c, const zb_kvlist *f) {
    c->rules_dir = strdup(flat_get(f, "engine.rules_dir"));
    c->topic_indicators = strdup(flat_get(f, "output.indicators_topic"));
    c->topic_facts = strdup(flat_get(f, "output.facts_topic"));
    c->topic_dlq = strdup(flat_get(f, "output.dlq_topic"));
    c->registry_url = dup_or_null(flat_get(f, "registry.url"));
    c->registry_user = dup_or_null(flat_get(f, "registry.basic_auth_user"));
    c->registry_password = dup_or_null(flat_get(f, "registry.basic_auth_password"));
    c->registry_ca = dup_or_null(flat_get(f, "registry.ca_location"));
    c->registry_cert = dup_or_null(flat_get(f, "registry.cert_location"));
    c->registry_key = dup_or_null(flat_get(f, "registry.key_location"));
    c->registry_key_password = dup_or_null(flat_get(f, "registry.key_password"));
    c->http_listen = strdup(flat_get(f, "http.listen"));
    c->file_output = strdup(flat_get(f, "file.output"));
    c->file_summary = strdup(flat_get(f, "file.summary"));
    if (!c->rules_dir || !c->topic_indicators || !c->topic_facts || !c->topic_dlq ||
        !c->http_listen || !c->file_output || !c->file_summary)
        return -1;
    if (split_list(flat_get(f, "input.topics"), &c->input_topics, &c->n_input_topics)) return -1;
    return split_list(flat_get(f, "file.inputs"), &c->file_inputs, &c->n_file_inputs);
}

/* Sorts passthrough keys into their lists; rejects unknown structured keys
 * (a typo must not silently fall back to a default). */
static int sort_keys(zb_config *c, const zb_kvlist *f, char *err, size_t errlen) {
    for (size_t i = 0; i < f->n; i++) {
        const char *k = f->v[i].key, *pfx = passthrough_prefix(k);
        if (pfx) {
            zb_kvlist *dst = pfx[0] == 'k'   ? &c->kafka
                             : pfx[0] == 'c' ? &c->consumer
                                             : &c->producer;
            if (zb_kvlist_set(dst, k + strlen(pfx), f->v[i].value)) return -1;
        } else if (!is_known(k)) {
            const char *near = closest_key(k);
            zb_errf(err, errlen, "unknown config key '%s'%s%s%s", k, near ? " (did you mean '" : "",
                    near ? near : "", near ? "'?)" : "");
            return -1;
        }
    }
    return 0;
}

static int build_effective(zb_config *c, const zb_kvlist *f) {
    for (size_t i = 0; i < N_KNOWN; i++)
        if (zb_kvlist_set(&c->effective, known_keys[i].key, flat_get(f, known_keys[i].key)))
            return -1;
    for (size_t i = 0; i < f->n; i++)
        if (passthrough_prefix(f->v[i].key) &&
            zb_kvlist_set(&c->effective, f->v[i].key, f->v[i].value))
            return -1;
    return 0;
}

static int validate(const zb_config *c, char *err, size_t errlen) {
    if (c->mode == ZB_MODE_KAFKA) {
        if (!zb_kvlist_get(&c->kafka, "bootstrap.servers") &&
            !zb_kvlist_get(&c->consumer, "bootstrap.servers")) {
            zb_errf(err, errlen, "mode kafka needs kafka.bootstrap.servers");
            return -1;
        }
        if (!c->n_input_topics) {
            zb_errf(err, errlen, "input.topics: at least one topic is needed");
            return -1;
        }
        if (!c->registry_url) {
            zb_errf(err, errlen, "mode kafka needs registry.url (Schema Registry)");
            return -1;
        }
    } else if (!c->n_file_inputs) {
        zb_errf(err, errlen, "file.inputs: at least one file or directory is needed");
        return -1;
    }
    struct sockaddr_in sa; /* the run would fail on it at start: fail here, in config check */
    if (c->http_listen[0] && zb_http_parse_listen(c->http_listen, &sa, err, errlen)) return -1;
    if (c->registry_backoff_max_ms < c->registry_backoff_ms) {
        zb_errf(err, errlen, "registry.backoff_max_ms is below registry.backoff_initial_ms");
        return -1;
    }
    return 0;
}

static int finish(zb_config *c, zb_kvlist *flat, char *const *envp, char *err, size_t errlen) {
    if (!envp) envp = environ;
    int rc = -1;
    if (apply_env(flat, envp) || build_effective(c, flat)) {
        zb_errf(err, errlen, "out of memory");
        goto out;
    }
    if (sort_keys(c, flat, err, errlen) || fill_enums(c, flat, err, errlen) ||
        fill_numbers(c, flat, err, errlen))
        goto out;
    if (fill_strings(c, flat)) {
        zb_errf(err, errlen, "out of memory");
        goto out;
    }
    rc = validate(c, err, errlen);
out:
    zb_kvlist_free(flat);
    if (rc) zb_config_free(c); /* nothing half-built is left to the caller */
    return rc;
}

void zb_config_defaults(zb_config *c) {
    memset(c, 0, sizeof *c);
    zb_kvlist flat = {0};
    char *const noenv[] = {NULL};
    (void)finish(c, &flat, noenv, NULL, 0);
}

int zb_config_load_string(zb_config *c, const char *yaml, size_t len, char *const *envp, char *err,
                          size_t errlen) {
    memset(c, 0, sizeof *c);
    zb_kvlist flat = {0};
    if (yaml && yaml_to_flat(yaml, len, &flat, err, errlen)) {
        zb_kvlist_free(&flat);
        return -1;
    }
    return finish(c, &flat, envp, err, errlen);
}

int zb_config_load(zb_config *c, const char *path, char *const *envp, char *err, size_t errlen) {
    if (!path) return zb_config_load_string(c, NULL, 0, envp, err, errlen);
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f) {
        zb_errf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    zb_buf b = ZB_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > (1u << 20) || zb_buf_append(&b, chunk, n)) {
            zb_errf(err, errlen, "%s: too large for a config file", path);
            fclose(f);
            zb_buf_free(&b);
            return -1;
        }
    }
    fclose(f);
    int rc = zb_config_load_string(c, b.p ? b.p : "", b.len, envp, err, errlen);
    if (rc && err && errlen) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s: %s", path, err);
        snprintf(err, errlen, "%s", tmp);
    }
    zb_buf_free(&b);
    return rc;
}

static void free_list(char **v, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void zb_config_free(zb_config *c) {
    free(c->rules_dir);
    free_list(c->input_topics, c->n_input_topics);
    free(c->topic_indicators);
    free(c->topic_facts);
    free(c->topic_dlq);
    zb_kvlist_free(&c->kafka);
    zb_kvlist_free(&c->consumer);
    zb_kvlist_free(&c->producer);
    free(c->registry_url);
    free(c->registry_user);
    free(c->registry_password);
    free(c->registry_ca);
    free(c->registry_cert);
    free(c->registry_key);
    free(c->registry_key_password);
    free(c->http_listen);
    free_list(c->file_inputs, c->n_file_inputs);
    free(c->file_output);
    free(c->file_summary);
    zb_kvlist_free(&c->effective);
    memset(c, 0, sizeof *c);
}

/* ---- masking -------------------------------------------------------------- */

int zb_config_is_secret(const char *key) {
    static const char *const marks[] = {"password", "secret",   "jaas",       "token",
                                        "key.pem",  "keystore", "credential", "private"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(key, marks[i])) return 1;
    return 0;
}

void zb_config_mask(const char *key, const char *value, char *out, size_t outlen) {
    if (zb_config_is_secret(key) && value[0]) {
        snprintf(out, outlen, "********");
        return;
    }
    /* scheme://user:password@host -> scheme://user:********@host */
    const char *scheme = strstr(value, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
    if (at && colon && colon < at && (!slash || at < slash)) {
        snprintf(out, outlen, "%.*s:********%s", (int)(colon - value), value, at);
        return;
    }
    snprintf(out, outlen, "%s", value);
}

void zb_config_print(const zb_config *c, FILE *f) {
    for (size_t i = 0; i < c->effective.n; i++) {
        char v[1024];
        zb_config_mask(c->effective.v[i].key, c->effective.v[i].value, v, sizeof v);
        fprintf(f, "%s: %s\n", c->effective.v[i].key, v);
    }
}
