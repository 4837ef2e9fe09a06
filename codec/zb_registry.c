/* zb_registry.c - Confluent Schema Registry REST client over libcurl, with
 * caching, retries with backoff, URL failover, basic auth and TLS. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zb_buf.h"
#include "zb_registry.h"

#define MAX_URLS 16
#define MAX_BODY (16 * 1024 * 1024)
#define MAX_NEGATIVE 1024

typedef struct {
    int32_t id;
    char *schema; /* NULL: a negative entry */
    int64_t expires_ms;
} id_entry;

typedef struct {
    uint64_t hash;
    int lookup; /* 1 = POST /subjects/{s} (lookup), 0 = register */
    char *subject, *schema;
    int32_t id; /* -1: a negative entry (lookup: not registered) */
    int64_t expires_ms;
} subj_entry;

struct zb_registry {
    pthread_mutex_t mu;
    CURL *curl;
    char *urls[MAX_URLS];
    int n_urls, current;
    char *username, *password, *ca_file, *cert_file, *key_file, *key_password;
    zb_registry_conf conf;
    id_entry *ids; /* known schemas */
    size_t n_ids, cap_ids;
    id_entry neg[MAX_NEGATIVE]; /* ids the registry did not know, with expiry */
    size_t neg_next;
    subj_entry *subs;
    size_t n_subs, cap_subs;
    zb_registry_stats stats;
    zb_buf body;
};

const char *zb_reg_status_name(zb_reg_status s) {
    switch (s) {
    case ZB_REG_OK:
        return "ok";
    case ZB_REG_RETRY:
        return "retry";
    case ZB_REG_NOT_FOUND:
        return "not_found";
    case ZB_REG_INCOMPATIBLE:
        return "incompatible";
    case ZB_REG_INVALID:
        return "invalid";
    case ZB_REG_FAILED:
        return "failed";
    }
    return "failed";
}

static zb_reg_status fail(char *err, size_t errlen, zb_reg_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static zb_reg_status fail(char *err, size_t errlen, zb_reg_status st, const char *fmt, ...) {
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* ---- subject names -------------------------------------------------------- */

int zb_subject_strategy_parse(const char *s) {
    if (!s) return -1;
    if (!strcasecmp(s, "topic") || !strcmp(s, "TopicNameStrategy")) return ZB_SUBJECT_TOPIC;
    if (!strcasecmp(s, "record") || !strcmp(s, "RecordNameStrategy")) return ZB_SUBJECT_RECORD;
    if (!strcasecmp(s, "topic_record") || !strcasecmp(s, "topic-record") ||
        !strcmp(s, "TopicRecordNameStrategy"))
        return ZB_SUBJECT_TOPIC_RECORD;
    return -1;
}

int zb_registry_subject(zb_subject_strategy s, const char *topic, const char *record_fullname,
                        int is_key, char *out, size_t outlen) {
    int n;
    const char *suffix = is_key ? "key" : "value";
    switch (s) {
    case ZB_SUBJECT_TOPIC:
        if (!topic) return -1;
        n = snprintf(out, outlen, "%s-%s", topic, suffix);
        break;
    case ZB_SUBJECT_RECORD:
        if (!record_fullname) return -1;
        n = snprintf(out, outlen, "%s", record_fullname);
        break;
    case ZB_SUBJECT_TOPIC_RECORD:
        if (!topic || !record_fullname) return -1;
        n = snprintf(out, outlen, "%s-%s", topic, record_fullname);
        break;
    default:
        return -1;
    }
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* ---- setup ------------------------------------------------------------------- */

void zb_registry_conf_init(zb_registry_conf *c) {
    memset(c, 0, sizeof *c);
    c->connect_timeout_ms = 5000;
    c->timeout_ms = 10000;
    c->max_attempts = 4;
    c->backoff_ms = 100;
    c->backoff_max_ms = 2000;
    c->negative_ttl_ms = 60000;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *dup_opt(const char *s, int *oom) {
    if (!s || !*s) return NULL;
    char *d = strdup(s);
    if (!d) *oom = 1;
    return d;
}

/* Splits "a, b,c" into r->urls, dropping trailing slashes. Credentials in a
 * URL (http://user:pass@host) are moved to username/password so that URLs
 * can be shown in messages. */
static int parse_urls(zb_registry *r, const char *list, char *err, size_t errlen) {
    const char *p = list;
    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ", ");
        if (!n) break;
        if (r->n_urls == MAX_URLS)
            return fail(err, errlen, ZB_REG_FAILED, "too many registry URLs");
        char *u = strndup(p, n);
        if (!u) return fail(err, errlen, ZB_REG_FAILED, "out of memory");
        while (n > 1 && u[n - 1] == '/')
            u[--n] = '\0';
        char *scheme = strstr(u, "://");
        char *host = scheme ? scheme + 3 : u;
        char *at = strchr(host, '@');
        char *slash = strchr(host, '/');
        if (at && (!slash || at < slash)) {
            *at = '\0';
            char *colon = strchr(host, ':');
            if (colon) *colon = '\0';
            if (!r->username) r->username = curl_easy_unescape(NULL, host, 0, NULL);
            if (colon && !r->password) r->password = curl_easy_unescape(NULL, colon + 1, 0, NULL);
            memmove(host, at + 1, strlen(at + 1) + 1);
        }
        if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) {
            free(u);
            return fail(err, errlen, ZB_REG_FAILED,
                        "registry URL must start with http:// or https://");
        }
        r->urls[r->n_urls++] = u;
        p += strcspn(p, ",");
    }
    if (!r->n_urls) return fail(err, errlen, ZB_REG_FAILED, "no registry URL configured");
    return ZB_REG_OK;
}

static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

zb_registry *zb_registry_new(const zb_registry_conf *conf, char *err, size_t errlen) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init);
    zb_registry *r = calloc(1, sizeof *r);
    if (!r) {
        fail(err, errlen, ZB_REG_FAILED, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&r->mu, NULL);
    r->conf = *conf;
    int oom = 0;
    r->username = dup_opt(conf->username, &oom);
    r->password = dup_opt(conf->password, &oom);
    r->ca_file = dup_opt(conf->ca_file, &oom);
    r->cert_file = dup_opt(conf->cert_file, &oom);
    r->key_file = dup_opt(conf->key_file, &oom);
    r->key_password = dup_opt(conf->key_password, &oom);
    if (r->conf.max_attempts < 1) r->conf.max_attempts = 1;
    if (oom || parse_urls(r, conf->urls, err, errlen) || !(r->curl = curl_easy_init())) {
        if (oom || (r->n_urls && !r->curl)) fail(err, errlen, ZB_REG_FAILED, "out of memory");
        zb_registry_free(r);
        return NULL;
    }
    return r;
}

void zb_registry_free(zb_registry *r) {
    if (!r) return;
    if (r->curl) curl_easy_cleanup(r->curl);
    for (int i = 0; i < r->n_urls; i++)
        free(r->urls[i]);
    free(r->username);
    if (r->password) memset(r->password, 0, strlen(r->password));
    free(r->password);
    free(r->ca_file);
    free(r->cert_file);
    free(r->key_file);
    if (r->key_password) memset(r->key_password, 0, strlen(r->key_password));
    free(r->key_password);
    for (size_t i = 0; i < r->n_ids; i++)
        free(r->ids[i].schema);
    free(r->ids);
    for (size_t i = 0; i < r->n_subs; i++) {
        free(r->subs[i].subject);
        free(r->subs[i].schema);
    }
    free(r->subs);
    zb_buf_free(&r->body);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

void zb_registry_get_stats(zb_registry *r, zb_registry_stats *out) {
    pthread_mutex_lock(&r->mu);
    *out = r->stats;
    pthread_mutex_unlock(&r->mu);
}

/* ---- HTTP ------------------------------------------------------------------------ */

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
    zb_buf *b = ud;
    size_t len = size * n;
    if (b->len + len > MAX_BODY || zb_buf_append(b, p, len)) return 0;
    return len;
}

typedef struct {
    long status;    /* 0 on transport error */
    int error_code; /* Confluent error_code from the body, 0 if none */
    json_t *json;   /* parsed body (caller frees) */
} http_result;

static void setup_curl(zb_registry *r, const char *url, const char *body,
                       struct curl_slist *headers, char *cerr) {
    CURL *c = r->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, r->conf.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, r->conf.timeout_ms);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "zhibiao-registry-client");
    if (body) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    if (r->username) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, r->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, r->password ? r->password : "");
    }
    if (r->ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, r->ca_file);
    if (r->cert_file) curl_easy_setopt(c, CURLOPT_SSLCERT, r->cert_file);
    if (r->key_file) curl_easy_setopt(c, CURLOPT_SSLKEY, r->key_file);
    if (r->key_password) curl_easy_setopt(c, CURLOPT_KEYPASSWD, r->key_password);
}

/* TLS set-up errors are configuration mistakes (bad CA file, certificate,
 * key or key password; a server whose certificate we do not trust): retrying
 * cannot fix them, so they are reported as permanent at once. */
static int tls_config_error(CURLcode cc) {
    return cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CERTPROBLEM ||
           cc == CURLE_SSL_CACERT_BADFILE || cc == CURLE_SSL_CRL_BADFILE ||
           cc == CURLE_SSL_ISSUER_ERROR;
}

/* One request to one URL. Returns 1 when it should be retried (transport
 * error, 5xx, 429), 2 on a TLS configuration error, 0 otherwise (an HTTP
 * answer); msg gets a description without secrets. */
static int http_once(zb_registry *r, const char *base, const char *path, const char *body,
                     http_result *res, char *msg, size_t msglen) {
    char url[2048], cerr[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, "%s%s", base, path);
    struct curl_slist *h = NULL, *t;
    const char *hs[] = {"Accept: application/vnd.schemaregistry.v1+json, "
                        "application/vnd.schemaregistry+json, application/json",
                        "Content-Type: application/vnd.schemaregistry.v1+json"};
    for (size_t i = 0; i < 2; i++)
        if ((t = curl_slist_append(h, hs[i]))) h = t;
    zb_buf_reset(&r->body);
    setup_curl(r, url, body, h, cerr);
    r->stats.requests++;
    CURLcode cc = curl_easy_perform(r->curl);
    curl_slist_free_all(h);
    memset(res, 0, sizeof *res);
    if (cc != CURLE_OK) {
        snprintf(msg, msglen, "registry %s %s: %s", base,
                 tls_config_error(cc) ? "TLS setup failed" : "unreachable",
                 cerr[0] ? cerr : curl_easy_strerror(cc));
        return tls_config_error(cc) ? 2 : 1;
    }
    curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &res->status);
    res->json = r->body.len ? json_loadb(r->body.p, r->body.len, 0, NULL) : NULL;
    json_t *ec = json_object_get(res->json, "error_code");
    json_t *em = json_object_get(res->json, "message");
    res->error_code = json_is_integer(ec) ? (int)json_integer_value(ec) : 0;
    if (res->status >= 200 && res->status < 300) return 0;
    snprintf(msg, msglen, "registry %s: HTTP %ld, error_code %d: %.200s", base, res->status,
             res->error_code, json_is_string(em) ? json_string_value(em) : "(no message)");
    return res->status >= 500 || res->status == 429;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A request with retries and failover. ZB_REG_OK means "an HTTP answer came
 * back" (any status, in res); ZB_REG_RETRY means none did. */
static zb_reg_status http_call(zb_registry *r, const char *path, const char *body, http_result *res,
                               char *err, size_t errlen) {
    char msg[512] = "";
    long backoff = r->conf.backoff_ms;
    int url = r->current;
    for (int attempt = 0; attempt < r->conf.max_attempts; attempt++) {
        if (attempt) {
            r->stats.retries++;
            sleep_ms(backoff);
            backoff = backoff * 2 > r->conf.backoff_max_ms ? r->conf.backoff_max_ms : backoff * 2;
        }
        int rc = http_once(r, r->urls[url], path, body, res, msg, sizeof msg);
        if (!rc) {
            r->current = url;
            return ZB_REG_OK;
        }
        if (rc == 2) return fail(err, errlen, ZB_REG_FAILED, "%s", msg);
        json_decref(res->json);
        res->json = NULL;
        if (r->n_urls > 1) {
            url = (url + 1) % r->n_urls;
            r->stats.failovers++;
        }
    }
    return fail(err, errlen, ZB_REG_RETRY, "%s (after %d attempts)", msg, r->conf.max_attempts);
}

/* Maps a non-2xx answer to a status. */
static zb_reg_status http_error(const http_result *res, const char *what, char *err,
                                size_t errlen) {
    json_t *em = json_object_get(res->json, "message");
    const char *m = json_is_string(em) ? json_string_value(em) : "(no message)";
    zb_reg_status st = ZB_REG_FAILED;
    if (res->status == 404)
        st = ZB_REG_NOT_FOUND;
    else if (res->status == 409)
        st = ZB_REG_INCOMPATIBLE;
    else if (res->status == 422)
        st = ZB_REG_INVALID;
    return fail(err, errlen, st, "%s: HTTP %ld, error_code %d: %.300s", what, res->status,
                res->error_code, m);
}

static char *escape(zb_registry *r, const char *s) { return curl_easy_escape(r->curl, s, 0); }

static char *schema_body(const char *schema) {
    json_t *o = json_pack("{s:s}", "schema", schema);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

/* ---- caches ------------------------------------------------------------------- */

static uint64_t fnv(const char *a, const char *b) {
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

static subj_entry *subj_find(zb_registry *r, int lookup, const char *subject, const char *schema) {
    uint64_t h = fnv(subject, schema);
    int64_t now = now_ms();
    for (size_t i = 0; i < r->n_subs; i++) {
        subj_entry *e = &r->subs[i];
        if (e->hash == h && e->lookup == lookup && !strcmp(e->subject, subject) &&
            !strcmp(e->schema, schema)) {
            if (e->id < 0 && e->expires_ms <= now) return NULL; /* expired negative */
            return e;
        }
    }
    return NULL;
}

static void subj_put(zb_registry *r, int lookup, const char *subject, const char *schema,
                     int32_t id) {
    uint64_t h = fnv(subject, schema);
    for (size_t i = 0; i < r->n_subs; i++) {
        subj_entry *e = &r->subs[i];
        if (e->hash == h && e->lookup == lookup && !strcmp(e->subject, subject) &&
            !strcmp(e->schema, schema)) {
            e->id = id;
            e->expires_ms = now_ms() + r->conf.negative_ttl_ms;
            return;
        }
    }
    if (r->n_subs == r->cap_subs) {
        size_t cap = r->cap_subs ? r->cap_subs * 2 : 8;
        subj_entry *n = realloc(r->subs, cap * sizeof *n);
        if (!n) return; /* caching is an optimization: skip on OOM */
        r->subs = n;
        r->cap_subs = cap;
    }
    subj_entry e = {
        h, lookup, strdup(subject), strdup(schema), id, now_ms() + r->conf.negative_ttl_ms};
    if (!e.subject || !e.schema) {
        free(e.subject);
        free(e.schema);
        return;
    }
    r->subs[r->n_subs++] = e;
}

/* 1: known, *schema set; -1: "not found" remembered; 0: ask the registry. */
static int id_find(zb_registry *r, int32_t id, const char **schema) {
    for (size_t i = 0; i < r->n_ids; i++)
        if (r->ids[i].id == id) {
            *schema = r->ids[i].schema;
            return 1;
        }
    int64_t now = now_ms();
    for (size_t i = 0; i < MAX_NEGATIVE; i++)
        if (r->neg[i].schema == NULL && r->neg[i].id == id && r->neg[i].expires_ms > now) return -1;
    return 0;
}

/* Ids are immutable: a known schema is kept for the client's life. */
static void id_put(zb_registry *r, int32_t id, const char *schema) {
    const char *known;
    if (id_find(r, id, &known) == 1) return;
    if (r->n_ids == r->cap_ids) {
        size_t cap = r->cap_ids ? r->cap_ids * 2 : 8;
        id_entry *n = realloc(r->ids, cap * sizeof *n);
        if (!n) return; /* caching is an optimization: skip on OOM */
        r->ids = n;
        r->cap_ids = cap;
    }
    id_entry e = {id, strdup(schema), 0};
    if (e.schema) r->ids[r->n_ids++] = e;
    for (size_t i = 0; i < MAX_NEGATIVE; i++) /* it exists now */
        if (r->neg[i].id == id) r->neg[i].expires_ms = 0;
}

/* "Not found" answers go to a fixed ring: poison messages with random ids
 * cannot grow memory or lookup time. */
static void id_put_negative(zb_registry *r, int32_t id) {
    r->neg[r->neg_next] = (id_entry){id, NULL, now_ms() + r->conf.negative_ttl_ms};
    r->neg_next = (r->neg_next + 1) % MAX_NEGATIVE;
}

/* ---- API ---------------------------------------------------------------------------- */

static zb_reg_status post_schema(zb_registry *r, int lookup, const char *subject,
                                 const char *schema, int32_t *id, char *err, size_t errlen) {
    subj_entry *e = subj_find(r, lookup, subject, schema);
    if (e) {
        r->stats.cache_hits++;
        if (e->id < 0)
            return fail(err, errlen, ZB_REG_NOT_FOUND,
                        "schema not registered under subject %s (cached)", subject);
        *id = e->id;
        return ZB_REG_OK;
    }
    char *esc = escape(r, subject), *body = schema_body(schema);
    char path[1024];
    zb_reg_status st = ZB_REG_FAILED;
    http_result res = {0};
    if (!esc || !body) {
        st = fail(err, errlen, ZB_REG_FAILED, "out of memory");
        goto out;
    }
    snprintf(path, sizeof path, lookup ? "/subjects/%s" : "/subjects/%s/versions", esc);
    st = http_call(r, path, body, &res, err, errlen);
    if (st) goto out;
    if (res.status / 100 != 2) {
        st = http_error(&res, lookup ? "lookup" : "register", err, errlen);
        if (st == ZB_REG_NOT_FOUND && lookup && r->conf.negative_ttl_ms > 0)
            subj_put(r, lookup, subject, schema, -1);
        goto out;
    }
    json_t *j = json_object_get(res.json, "id");
    if (!json_is_integer(j)) {
        st = fail(err, errlen, ZB_REG_FAILED, "registry answer without an id");
        goto out;
    }
    *id = (int32_t)json_integer_value(j);
    subj_put(r, lookup, subject, schema, *id);
    id_put(r, *id, schema);
    st = ZB_REG_OK;
out:
    json_decref(res.json);
    curl_free(esc);
    free(body);
    return st;
}

zb_reg_status zb_registry_register(zb_registry *r, const char *subject, const char *schema,
                                   int32_t *id, char *err, size_t errlen) {
    if (!subject || !schema) return fail(err, errlen, ZB_REG_FAILED, "no subject or schema");
    pthread_mutex_lock(&r->mu);
    zb_reg_status st = post_schema(r, 0, subject, schema, id, err, errlen);
    pthread_mutex_unlock(&r->mu);
    return st;
}

zb_reg_status zb_registry_lookup(zb_registry *r, const char *subject, const char *schema,
                                 int32_t *id, char *err, size_t errlen) {
    if (!subject || !schema) return fail(err, errlen, ZB_REG_FAILED, "no subject or schema");
    pthread_mutex_lock(&r->mu);
    zb_reg_status st = post_schema(r, 1, subject, schema, id, err, errlen);
    pthread_mutex_unlock(&r->mu);
    return st;
}

static zb_reg_status get_by_id(zb_registry *r, int32_t id, const char **schema, char *err,
                               size_t errlen) {
    int known = id_find(r, id, schema);
    if (known) {
        r->stats.cache_hits++;
        if (known < 0)
            return fail(err, errlen, ZB_REG_NOT_FOUND, "schema id %d not found (cached)", (int)id);
        return ZB_REG_OK;
    }
    char path[64];
    http_result res = {0};
    snprintf(path, sizeof path, "/schemas/ids/%d", (int)id);
    zb_reg_status st = http_call(r, path, NULL, &res, err, errlen);
    if (st) return st;
    if (res.status / 100 != 2) {
        st = http_error(&res, "get schema by id", err, errlen);
        if (st == ZB_REG_NOT_FOUND && r->conf.negative_ttl_ms > 0) id_put_negative(r, id);
    } else {
        json_t *s = json_object_get(res.json, "schema");
        json_t *t = json_object_get(res.json, "schemaType");
        if (!json_is_string(s)) {
            st = fail(err, errlen, ZB_REG_FAILED, "registry answer without a schema");
        } else if (json_is_string(t) && strcmp(json_string_value(t), "AVRO")) {
            st = fail(err, errlen, ZB_REG_FAILED, "schema id %d is %s, not Avro", (int)id,
                      json_string_value(t));
        } else {
            id_put(r, id, json_string_value(s));
            if (id_find(r, id, schema) != 1) st = fail(err, errlen, ZB_REG_FAILED, "out of memory");
        }
    }
    json_decref(res.json);
    return st;
}

zb_reg_status zb_registry_get_by_id(zb_registry *r, int32_t id, const char **schema, char *err,
                                    size_t errlen) {
    pthread_mutex_lock(&r->mu);
    zb_reg_status st = get_by_id(r, id, schema, err, errlen);
    pthread_mutex_unlock(&r->mu);
    return st;
}

zb_reg_status zb_registry_check_compat(zb_registry *r, const char *subject, const char *schema,
                                       int *compatible, char *err, size_t errlen) {
    if (!subject || !schema) return fail(err, errlen, ZB_REG_FAILED, "no subject or schema");
    pthread_mutex_lock(&r->mu);
    char *esc = escape(r, subject), *body = schema_body(schema);
    char path[1024];
    http_result res = {0};
    zb_reg_status st;
    if (!esc || !body) {
        st = fail(err, errlen, ZB_REG_FAILED, "out of memory");
        goto out;
    }
    snprintf(path, sizeof path, "/compatibility/subjects/%s/versions/latest", esc);
    st = http_call(r, path, body, &res, err, errlen);
    if (st) goto out;
    if (res.status == 404 && (res.error_code == 40401 || res.error_code == 40402)) {
        *compatible = 1; /* nothing registered yet: anything goes */
        st = ZB_REG_OK;
    } else if (res.status / 100 != 2) {
        st = http_error(&res, "compatibility", err, errlen);
    } else {
        json_t *c = json_object_get(res.json, "is_compatible");
        if (!json_is_boolean(c))
            st = fail(err, errlen, ZB_REG_FAILED, "answer without is_compatible");
        else
            *compatible = json_is_true(c);
    }
out:
    json_decref(res.json);
    curl_free(esc);
    free(body);
    pthread_mutex_unlock(&r->mu);
    return st;
}
