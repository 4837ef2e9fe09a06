/* pipeline.c - one message: detect -> decode envelope -> extract -> encode
 * -> route. No Kafka here; the only I/O is the Schema Registry (through the
 * codec), whose outage is reported as ZB_PIPE_RETRY, never routed. */
#include "pipeline.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "mono_clock.h"
#include "registry_conf.h"
#include "zb_registry.h"
#include "zb_err.h"

struct zb_pipeline {
    const zb_rules *rules;
    zb_pipe_opts opts;
    zb_metrics *m;
    zb_codec *codec;
    zb_registry *reg; /* NULL when not encoding */
    char *subject[3]; /* indicators, facts, dlq: "<topic>-value" */
    int32_t id[3];    /* schema ids; -1 until prepared */
    int auto_register;
    char worker_id[128];
};

/* How much of a too-large message its dead letter keeps. */
#define ZB_DLQ_TOO_LARGE_KEEP 65536

enum { SID_REPORT = 0, SID_FACT, SID_DLQ };
static const zb_schema_kind sid_kind[3] = {ZB_SCHEMA_REPORT_INDICATORS, ZB_SCHEMA_INDICATOR_FACT,
                                           ZB_SCHEMA_DEAD_LETTER};

/* ---- report id ------------------------------------------------------------ */

/* FNV-1a, 64 bit (offset basis 14695981039346656037, prime 1099511628211):
 * well known, stable across versions and platforms, no dependency. */
void zb_report_id(const void *data, size_t len, char out[17]) {
    uint64_t h = 14695981039346656037ULL;
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ---- output buffers ------------------------------------------------------- */

void zb_pipe_out_init(zb_pipe_out *o) {
    memset(o, 0, sizeof *o);
    o->fetched_ms = ZB_TIME_NONE;
}

void zb_pipe_out_reset(zb_pipe_out *o) {
    for (size_t i = 0; i < o->n; i++) {
        zb_buf_reset(&o->msgs[i].key);
        zb_buf_reset(&o->msgs[i].value);
        o->msgs[i].n_headers = 0;
    }
    o->n = 0;
    if (o->report) zb_report_free(o->report);
    o->report = NULL;
    o->report_id[0] = 0;
    o->url[0] = 0;
    o->fetched_ms = ZB_TIME_NONE;
    o->stage = ZB_STAGE_OTHER;
    o->reason[0] = o->message[0] = 0;
    o->extract_seconds = 0;
}

void zb_pipe_out_free(zb_pipe_out *o) {
    zb_pipe_out_reset(o);
    for (size_t i = 0; i < o->cap; i++) {
        zb_buf_free(&o->msgs[i].key);
        zb_buf_free(&o->msgs[i].value);
    }
    free(o->msgs);
    memset(o, 0, sizeof *o);
}

/* The next output slot; buffers are reused across messages. */
static zb_pipe_msg *out_add(zb_pipe_out *o, zb_out_kind kind) {
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
        zb_pipe_msg *v = realloc(o->msgs, cap * sizeof *v);
        if (!v) return NULL;
        memset(v + o->cap, 0, (cap - o->cap) * sizeof *v);
        o->msgs = v;
        o->cap = cap;
    }
    zb_pipe_msg *m = &o->msgs[o->n++];
    m->kind = kind;
    zb_buf_reset(&m->key);
    zb_buf_reset(&m->value);
    m->n_headers = 0;
    return m;
}

/* ---- setup ---------------------------------------------------------------- */

zb_pipeline *zb_pipeline_new(const zb_rules *rules, const zb_pipe_opts *opts, zb_metrics *m,
                             char *err, size_t errlen) {
    zb_pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        zb_errf(err, errlen, "out of memory");
        return NULL;
    }
    p->rules = rules;
    p->opts = *opts;
    p->m = m;
    p->auto_register = opts->cfg ? opts->cfg->registry_auto_register : 1;
    for (int i = 0; i < 3; i++)
        p->id[i] = -1;
    zb_config_worker_id(opts->cfg, p->worker_id, sizeof p->worker_id);
    if (!(p->codec = zb_codec_new(err, errlen))) goto fail;
    if (opts->encode) {
        const zb_config *c = opts->cfg;
        if (!c || !opts->registry_url || !*opts->registry_url) {
            zb_errf(err, errlen, "encoding needs registry.url");
            goto fail;
        }
        /* one call retries only briefly so the consumer keeps being polled:
         * long outages are the caller's pause/backoff loop's */
        if (!(p->reg = zb_config_registry(c, opts->registry_url, 2, err, errlen))) goto fail;
        const char *topics[3] = {c->topic_indicators, c->topic_facts, c->topic_dlq};
        for (int i = 0; i < 3; i++) {
            char subj[512];
            if (zb_registry_subject(ZB_SUBJECT_TOPIC, topics[i], zb_schema_fullname(sid_kind[i]), 0,
                                    subj, sizeof subj) ||
                !(p->subject[i] = strdup(subj))) {
                zb_errf(err, errlen, "bad topic name '%s'", topics[i]);
                goto fail;
            }
        }
    }
    return p;
fail:
    zb_pipeline_free(p);
    return NULL;
}

void zb_pipeline_free(zb_pipeline *p) {
    if (!p) return;
    zb_codec_free(p->codec);
    zb_registry_free(p->reg);
    for (int i = 0; i < 3; i++)
        free(p->subject[i]);
    free(p);
}

void zb_pipeline_set_max_record_bytes(zb_pipeline *p, size_t n) { p->opts.max_record_bytes = n; }

zb_pipeline *zb_pipeline_clone(const zb_pipeline *p, char *err, size_t errlen) {
    zb_pipeline *c = zb_pipeline_new(p->rules, &p->opts, p->m, err, errlen);
    if (c) memcpy(c->id, p->id, sizeof c->id);
    return c;
}

int zb_pipeline_prepared(const zb_pipeline *p) {
    if (!p->opts.encode) return 1;
    for (int i = 0; i < 3; i++)
        if (p->id[i] < 0) return 0;
    return 1;
}

int zb_pipeline_prepare(zb_pipeline *p, char *err, size_t errlen) {
    if (!p->opts.encode) return 0;
    for (int i = 0; i < 3; i++) {
        if (p->id[i] >= 0) continue;
        zb_reg_status st =
            p->auto_register
                ? zb_registry_register(p->reg, p->subject[i], zb_schema_text(sid_kind[i]),
                                       &p->id[i], err, errlen)
                : zb_registry_lookup(p->reg, p->subject[i], zb_schema_text(sid_kind[i]), &p->id[i],
                                     err, errlen);
        if (st == ZB_REG_OK) continue;
        p->id[i] = -1;
        if (p->m) {
            atomic_store(&p->m->registry_ok, 0);
            atomic_fetch_add(&p->m->registry_errors, 1);
        }
        return st == ZB_REG_RETRY ? 1 : -1;
    }
    if (p->m) atomic_store(&p->m->registry_ok, 1);
    return 0;
}

/* ---- input formats -------------------------------------------------------- */

/* The parsed envelope when value is a JSON object with a body, else NULL.
 * Auto-detection keeps it for decoding: the envelope (the whole report, in
 * its body) is parsed once, not twice. */
static json_t *json_envelope(const void *value, size_t len) {
    const unsigned char *v = value;
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n'))
        i++;
    if (i >= len || v[i] != '{') return NULL;
    json_t *j = json_loadb(value, len, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(j) && (json_object_get(j, "body") || json_object_get(j, "body_base64")))
        return j;
    json_decref(j);
    return NULL;
}

static zb_input_format detect(const void *value, size_t len, json_t **env) {
    const unsigned char *v = value;
    *env = NULL;
    if (len >= 5 && v[0] == 0) return ZB_INPUT_AVRO;
    return (*env = json_envelope(value, len)) ? ZB_INPUT_JSON : ZB_INPUT_RAW;
}

zb_input_format zb_pipeline_detect(const void *value, size_t len) {
    json_t *env;
    zb_input_format f = detect(value, len, &env);
    json_decref(env);
    return f;
}

/* What the extractor gets, whichever format it came in. */
typedef struct {
    const char *body;
    size_t len;
    const char *url;
    const char *content_type;
    const char *charset;
    int64_t fetched_ms;
    /* storage */
    json_t *json;
    unsigned char *b64;
    char ct_buf[128], cs_buf[64], url_buf[2048];
} envelope;

static int b64val(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Standard or URL-safe base64, padding optional, whitespace skipped. */
static unsigned char *b64_decode(const char *s, size_t n, size_t *outlen) {
    unsigned char *out = malloc(n / 4 * 3 + 3);
    if (!out) return NULL;
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        int v = b64val(c);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    *outlen = o;
    return out;
}

/* "2024-03-01T08:00:00(.123)?(Z|+08:00)?" -> ms since the epoch; plain
 * numbers are taken as ms. ZB_TIME_NONE when unparseable (metadata only). */
static int64_t parse_time(json_t *v) {
    if (json_is_integer(v)) return (int64_t)json_integer_value(v);
    if (!json_is_string(v)) return ZB_TIME_NONE;
    const char *s = json_string_value(v);
    int Y, M, D, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &Y, &M, &D, &n) != 3) return ZB_TIME_NONE;
    const char *p = s + n;
    int ms = 0;
    if (*p == 'T' || *p == ' ') {
        int k = 0;
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &k) != 3) return ZB_TIME_NONE;
        p += 1 + k;
        if (*p == '.') {
            int scale = 100;
            for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
                ms += (*p - '0') * scale;
        }
    }
    struct tm tm = {.tm_year = Y - 1900,
                    .tm_mon = M - 1,
                    .tm_mday = D,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    int64_t t = (int64_t)timegm(&tm);
    int oh, om;
    if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) == 2)
        t -= (*p == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    return t * 1000 + ms;
}

static const char *json_str(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* parsed: the envelope already parsed by detection (owned by e), or NULL. */
static int decode_json(envelope *e, json_t *parsed, const void *value, size_t len, char *msg,
                       size_t msglen) {
    json_error_t je = {.text = ""};
    e->json = parsed ? parsed : json_loadb(value, len, 0, &je);
    if (!json_is_object(e->json)) {
        zb_errf(msg, msglen, "JSON envelope: %s", e->json ? "not an object" : je.text);
        return -1;
    }
    e->url = json_str(e->json, "url");
    e->content_type = json_str(e->json, "content_type");
    e->charset = json_str(e->json, "charset");
    e->fetched_ms = parse_time(json_object_get(e->json, "fetched_at"));
    json_t *body = json_object_get(e->json, "body");
    json_t *b64 = json_object_get(e->json, "body_base64");
    if (json_is_string(body)) {
        e->body = json_string_value(body);
        e->len = json_string_length(body);
    } else if (json_is_string(b64)) {
        e->b64 = b64_decode(json_string_value(b64), json_string_length(b64), &e->len);
        if (!e->b64) {
            zb_errf(msg, msglen, "JSON envelope: body_base64 is not base64");
            return -1;
        }
        e->body = (const char *)e->b64;
    } else {
        zb_errf(msg, msglen, "JSON envelope: no string 'body' or 'body_base64'");
        return -1;
    }
    return 0;
}

static const zb_header *find_header(const zb_pipe_in *in, const char *name) {
    for (size_t i = 0; i < in->n_headers; i++)
        if (in->headers[i].name && !strcasecmp(in->headers[i].name, name) && in->headers[i].value)
            return &in->headers[i];
    return NULL;
}

static void copy_header(const zb_header *h, char *buf, size_t buflen, const char **out) {
    if (!h) return;
    size_t n = h->value_len < buflen - 1 ? h->value_len : buflen - 1;
    memcpy(buf, h->value, n);
    buf[n] = 0;
    *out = buf;
}

/* Raw bytes: metadata from headers; "text/html; charset=gbk" is split. */
static void decode_raw(envelope *e, const zb_pipe_in *in) {
    e->body = in->value;
    e->len = in->len;
    copy_header(find_header(in, "source-url"), e->url_buf, sizeof e->url_buf, &e->url);
    copy_header(find_header(in, "content-type"), e->ct_buf, sizeof e->ct_buf, &e->content_type);
    copy_header(find_header(in, "charset"), e->cs_buf, sizeof e->cs_buf, &e->charset);
    if (e->content_type) {
        char *semi = strchr(e->ct_buf, ';');
        if (semi) {
            char *cs = strstr(semi, "charset=");
            if (cs && !e->charset) {
                snprintf(e->cs_buf, sizeof e->cs_buf, "%s", cs + 8);
                e->cs_buf[strcspn(e->cs_buf, " ;\"")] = 0;
                e->charset = e->cs_buf;
            }
            *semi = 0;
        }
    }
}

static void envelope_free(envelope *e) {
    json_decref(e->json);
    free(e->b64);
}

/* ---- routing -------------------------------------------------------------- */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fill_origin_text(const zb_pipe_in *in, char *buf, size_t len) {
    if (in->topic)
        snprintf(buf, len, "%s/%d/%lld", in->topic, (int)in->partition, (long long)in->offset);
    else
        snprintf(buf, len, "%s", in->source ? in->source : "");
}

/* One DeadLetter with the original bytes; in file mode (no encoding) only
 * the reason is recorded in out. */
static zb_pipe_result route_dlq(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o,
                                zb_dlq_stage stage, const char *reason) {
    o->stage = stage;
    snprintf(o->reason, sizeof o->reason, "%s", reason);
    if (p->m) atomic_fetch_add(&p->m->errors[stage], 1);
    if (!o->report_id[0]) zb_report_id(in->value, in->len, o->report_id);
    if (!p->opts.encode) return ZB_PIPE_DLQ;
    zb_pipe_msg *m = out_add(o, ZB_OUT_DLQ);
    if (!m) goto nomem;
    /* A too-large original would not fit the DLQ topic either: keep its head
     * (the message says so); everything else is kept whole for replay. */
    size_t keep = in->len, max = p->opts.max_record_bytes;
    int too_big = !strcmp(reason, zb_status_name(ZB_E_TOO_LARGE)) ||
                  (max && in->len + in->key_len + 8192 > max);
    if (too_big && keep > ZB_DLQ_TOO_LARGE_KEEP) {
        keep = ZB_DLQ_TOO_LARGE_KEEP;
        size_t ml = strlen(o->message);
        snprintf(o->message + ml, sizeof o->message - ml, " (first %zu of %zu bytes kept)", keep,
                 in->len);
    }
    zb_dead_letter d = {.key = in->key,
                        .key_len = in->key_len,
                        .value = in->value,
                        .value_len = keep,
                        .headers = in->headers,
                        .n_headers = in->n_headers,
                        .topic = in->topic,
                        .partition = in->topic ? in->partition : -1,
                        .offset = in->topic ? in->offset : -1,
                        .timestamp_ms = in->timestamp_ms >= 0 ? in->timestamp_ms : ZB_TIME_NONE,
                        .source = in->source,
                        .stage = stage,
                        .error_code = reason,
                        .error_message = o->message[0] ? o->message : reason,
                        .failed_time_ms = now_ms(),
                        .worker_id = p->worker_id,
                        .report_id = o->report_id[0] ? o->report_id : NULL};
    char err[256];
    zb_codec_status cs =
        zb_encode_dead_letter(p->codec, p->id[SID_DLQ], &d, &m->value, err, sizeof err);
    if (cs != ZB_CODEC_OK) {
        snprintf(o->message, sizeof o->message, "cannot encode the dead letter: %s", err);
        return ZB_PIPE_FATAL;
    }
    /* Keep the original key so DLQ replay restores it. */
    if (in->key && zb_buf_append(&m->key, in->key, in->key_len)) goto nomem;
    m->headers[0].name = "zb.stage";
    snprintf(m->headers[0].value, sizeof m->headers[0].value, "%s", zb_dlq_stage_name(stage));
    m->headers[1].name = "zb.reason";
    snprintf(m->headers[1].value, sizeof m->headers[1].value, "%s", reason);
    m->headers[2].name = "zb.origin";
    fill_origin_text(in, m->headers[2].value, sizeof m->headers[2].value);
    m->n_headers = 3;
    return ZB_PIPE_DLQ;
nomem:
    snprintf(o->message, sizeof o->message, "out of memory");
    return ZB_PIPE_FATAL;
}

static zb_pipe_result encode_outputs(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o,
                                     const envelope *e) {
    zb_origin org;
    zb_origin_init(&org);
    org.source_url = e->url;
    org.crawl_time_ms = e->fetched_ms;
    org.topic = in->topic;
    org.partition = in->topic ? in->partition : -1;
    org.offset = in->topic ? in->offset : -1;
    org.report_id = o->report_id;
    org.extractor_version = ZB_EXTRACTOR_VERSION;
    org.rules_version = zb_rules_version(p->rules);
    char err[256];
    zb_pipe_msg *m = out_add(o, ZB_OUT_INDICATORS);
    if (!m || zb_buf_puts(&m->key, o->report_id)) goto nomem;
    zb_codec_status cs =
        zb_encode_report(p->codec, p->id[SID_REPORT], o->report, &org, &m->value, err, sizeof err);
    for (size_t i = 0; cs == ZB_CODEC_OK && i < o->report->n_indicators; i++) {
        if (!(m = out_add(o, ZB_OUT_FACT)) || zb_fact_key(o->report, i, &m->key)) goto nomem;
        cs = zb_encode_fact(p->codec, p->id[SID_FACT], o->report, i, &org, &m->value, err,
                            sizeof err);
    }
    if (cs == ZB_CODEC_OK) return ZB_PIPE_OK;
    o->n = 0; /* nothing half-routed: the whole report goes to the DLQ */
    snprintf(o->message, sizeof o->message, "%s", err);
    char reason[40];
    snprintf(reason, sizeof reason, "encode_%s", zb_codec_status_name(cs));
    return route_dlq(p, in, o, ZB_STAGE_ENCODE, reason);
nomem:
    snprintf(o->message, sizeof o->message, "out of memory");
    return ZB_PIPE_FATAL;
}

/* Decodes the envelope into e; returns -1 (DLQ routed into o) or -2 (retry). */
static int decode_input(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o, envelope *e,
                        zb_pipe_result *res) {
    zb_input_format f = p->opts.format;
    json_t *parsed = NULL;
    if (f == ZB_INPUT_AUTO) f = detect(in->value, in->len, &parsed);
    if (f == ZB_INPUT_JSON) {
        if (decode_json(e, parsed, in->value, in->len, o->message, sizeof o->message) == 0)
            return 0;
        *res = route_dlq(p, in, o, ZB_STAGE_DECODE, "bad_envelope");
        return -1;
    }
    if (f == ZB_INPUT_RAW) {
        decode_raw(e, in);
        return 0;
    }
    zb_raw_report rr;
    zb_codec_status cs = zb_decode_raw_report(p->codec, p->reg, 1, in->value, in->len, &rr,
                                              o->message, sizeof o->message);
    if (p->m) atomic_store(&p->m->registry_ok, cs != ZB_CODEC_ERETRY);
    if (cs == ZB_CODEC_ERETRY) {
        if (p->m) atomic_fetch_add(&p->m->registry_errors, 1);
        o->stage = ZB_STAGE_DECODE;
        *res = ZB_PIPE_RETRY;
        return -2;
    }
    if (cs != ZB_CODEC_OK) {
        *res = route_dlq(p, in, o, ZB_STAGE_DECODE, "bad_avro");
        return -1;
    }
    e->body = rr.body;
    e->len = rr.body_len;
    e->url = rr.url;
    e->content_type = rr.content_type;
    e->charset = rr.charset;
    e->fetched_ms = rr.fetched_time_ms;
    return 0;
}

static zb_pipe_result extract(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o,
                              const envelope *e) {
    char source[600];
    fill_origin_text(in, source, sizeof source);
    zb_extract_opts eo = {.source = source,
                          .content_type = e->content_type,
                          .charset = e->charset,
                          .max_bytes = p->opts.max_report_bytes,
                          .max_ms = p->opts.max_ms};
    double t0 = zb_mono_s();
    atomic_store(&o->extract_since_ms, (long long)(t0 * 1000) | 1); /* never 0 */
    zb_status st =
        zb_extract(p->rules, e->body, e->len, &eo, &o->report, o->message, sizeof o->message);
    atomic_store(&o->extract_since_ms, 0);
    o->extract_seconds = zb_mono_s() - t0;
    if (p->m) zb_metrics_observe_extract(p->m, o->extract_seconds);
    /* a timeout is the one extraction failure that says more about the
     * engine than about the input: counted and logged apart */
    if (st == ZB_E_TIMEOUT) {
        if (p->m) atomic_fetch_add(&p->m->extract_timeouts, 1);
        zb_warn("extract_timeout", "%s: %s", source, o->message);
    }
    if (st != ZB_OK) {
        o->report = NULL;
        return route_dlq(p, in, o, ZB_STAGE_EXTRACT, zb_status_name(st));
    }
    if (!p->opts.encode) return ZB_PIPE_OK;
    return encode_outputs(p, in, o, e);
}

/* A record over the producer's message.max.bytes would fail for ever: the
 * input becomes a dead letter instead, so it never blocks its partition (the
 * dead letter keeps at most ZB_DLQ_TOO_LARGE_KEEP bytes of the original). */
static zb_pipe_result check_sizes(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o,
                                  zb_pipe_result res) {
    size_t max = p->opts.max_record_bytes;
    if (!max) return res;
    for (size_t i = 0; i < o->n; i++) {
        const zb_pipe_msg *pm = &o->msgs[i];
        if (pm->key.len + pm->value.len + 1024 <= max) continue;
        char msg[160];
        snprintf(msg, sizeof msg, "output record of %zu bytes exceeds message.max.bytes %zu",
                 pm->key.len + pm->value.len, max);
        return zb_pipeline_dead_letter(p, in, ZB_STAGE_PRODUCE, "output_too_large", msg, o);
    }
    return res;
}

zb_pipe_result zb_pipeline_process(zb_pipeline *p, const zb_pipe_in *in, zb_pipe_out *o) {
    zb_pipe_out_reset(o);
    if (p->opts.encode) {
        int pr = zb_pipeline_prepare(p, o->message, sizeof o->message);
        if (pr == 1) {
            o->stage = ZB_STAGE_ENCODE;
            return ZB_PIPE_RETRY;
        }
        if (pr < 0) return ZB_PIPE_FATAL; /* e.g. incompatible schema, bad credentials */
    }
    /* The id comes from the URL when one is known, so it is computed after
     * decoding; a dead letter before that gets the content hash (route_dlq). */
    if (in->len == 0) {
        snprintf(o->message, sizeof o->message, "empty message");
        return route_dlq(p, in, o, ZB_STAGE_DECODE, zb_status_name(ZB_E_EMPTY));
    }
    if (in->len > p->opts.max_report_bytes) {
        snprintf(o->message, sizeof o->message, "message of %zu bytes exceeds %zu", in->len,
                 p->opts.max_report_bytes);
        return route_dlq(p, in, o, ZB_STAGE_DECODE, zb_status_name(ZB_E_TOO_LARGE));
    }
    envelope e = {.fetched_ms = ZB_TIME_NONE};
    zb_pipe_result res = ZB_PIPE_OK;
    if (decode_input(p, in, o, &e, &res) == 0) {
        o->fetched_ms = e.fetched_ms;
        if (e.url) snprintf(o->url, sizeof o->url, "%s", e.url);
        if (e.url && *e.url)
            zb_report_id(e.url, strlen(e.url), o->report_id);
        else
            zb_report_id(e.body, e.len, o->report_id);
        res = extract(p, in, o, &e);
    }
    envelope_free(&e);
    if (res == ZB_PIPE_OK && o->report && !p->opts.keep_report && p->opts.encode) {
        zb_report_free(o->report);
        o->report = NULL;
    }
    if (res == ZB_PIPE_OK || res == ZB_PIPE_DLQ) res = check_sizes(p, in, o, res);
    return res;
}

zb_pipe_result zb_pipeline_dead_letter(zb_pipeline *p, const zb_pipe_in *in, zb_dlq_stage stage,
                                       const char *reason, const char *message, zb_pipe_out *o) {
    char id[17];
    memcpy(id, o->report_id, sizeof id);
    zb_pipe_out_reset(o);
    memcpy(o->report_id, id, sizeof id);
    snprintf(o->message, sizeof o->message, "%s", message);
    return route_dlq(p, in, o, stage, reason);
}
