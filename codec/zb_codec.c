/* zb_codec.c - the codec object and the encoders: avro-c values filled
 * straight from zb_report (no JSON on the way), written into a reused buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "zb_codec_int.h"
#include "zb_extract.h" /* ZB_EXTRACTOR_VERSION */

void zb_origin_init(zb_origin *o) {
    memset(o, 0, sizeof *o);
    o->crawl_time_ms = ZB_TIME_NONE;
    o->partition = -1;
    o->offset = -1;
    o->processed_time_ms = ZB_TIME_NONE;
}

const char *zb_dlq_stage_name(zb_dlq_stage s) {
    static const char *names[] = {"other", "decode", "extract", "encode", "produce"};
    return (unsigned)s < 5 ? names[s] : "other";
}

zb_codec *zb_codec_new(char *err, size_t errlen) {
    zb_codec *c = calloc(1, sizeof *c);
    if (!c) {
        zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        return NULL;
    }
    for (int k = 0; k < ZB_SCHEMA_COUNT; k++) {
        zb_kind_state *ks = &c->k[k];
        const char *text = zb_schema_text((zb_schema_kind)k);
        if (avro_schema_from_json_length(text, strlen(text), &ks->schema) ||
            !(ks->iface = avro_generic_class_from_schema(ks->schema)) ||
            avro_generic_value_new(ks->iface, &ks->value) ||
            avro_generic_value_new(ks->iface, &ks->dvalue)) {
            zb_codec_fail(err, errlen, ZB_CODEC_EINTERNAL, "schema %s: %s",
                          zb_schema_name((zb_schema_kind)k), avro_strerror());
            zb_codec_free(c);
            return NULL;
        }
    }
    static const char empty[1];
    c->writer = avro_writer_memory(empty, 0);
    c->reader = avro_reader_memory(empty, 0);
    if (!c->writer || !c->reader) {
        zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        zb_codec_free(c);
        return NULL;
    }
    return c;
}

void zb_codec_free(zb_codec *c) {
    if (!c) return;
    for (zb_resolved *r = c->resolved, *next; r; r = next) {
        next = r->next;
        if (r->iface) {
            avro_value_decref(&r->value);
            avro_value_iface_decref(r->iface);
        }
        if (r->writer) avro_schema_decref(r->writer);
        free(r);
    }
    for (int k = 0; k < ZB_SCHEMA_COUNT; k++) {
        zb_kind_state *ks = &c->k[k];
        if (ks->iface) {
            if (ks->value.self) avro_value_decref(&ks->value);
            if (ks->dvalue.self) avro_value_decref(&ks->dvalue);
            avro_value_iface_decref(ks->iface);
        }
        if (ks->schema) avro_schema_decref(ks->schema);
    }
    if (c->writer) avro_writer_free(c->writer);
    if (c->reader) avro_reader_free(c->reader);
    zb_buf_free(&c->scratch);
    zb_buf_free(&c->dec_strings);
    free(c->meta);
    free(c->headers);
    free(c);
}

/* ---- value setters ------------------------------------------------------ */

/* Avro strings must be UTF-8: invalid bytes are replaced by U+FFFD so that a
 * stray byte never makes the record unreadable to other implementations. */
static int put_string(zb_codec *c, avro_value_t *v, const char *s) {
    if (!s) s = "";
    size_t n = strlen(s);
    size_t ok = zbc_utf8_valid_prefix(s, n);
    if (ok == n) return avro_value_set_string_len(v, s, n + 1);
    zb_buf_reset(&c->scratch);
    while (n) {
        if (zb_buf_append(&c->scratch, s, ok)) return ENOMEM;
        if (ok == n) break;
        if (zb_buf_append(&c->scratch, "\xEF\xBF\xBD", 3)) return ENOMEM;
        s += ok + 1;
        n -= ok + 1;
        ok = zbc_utf8_valid_prefix(s, n);
    }
    return avro_value_set_string_len(v, c->scratch.p ? c->scratch.p : "", c->scratch.len + 1);
}

static int field(avro_value_t *rec, const char *name, avro_value_t *out) {
    return avro_value_get_by_name(rec, name, out, NULL);
}

static int set_str(zb_codec *c, avro_value_t *rec, const char *name, const char *s) {
    avro_value_t f;
    return field(rec, name, &f) || put_string(c, &f, s);
}

/* Sets a ["null", T] union field; returns the T branch in *branch when
 * present is true. */
static int set_union(avro_value_t *rec, const char *name, int present, avro_value_t *branch) {
    avro_value_t f, b;
    if (field(rec, name, &f) || avro_value_set_branch(&f, present ? 1 : 0, &b)) return EINVAL;
    if (!present) return avro_value_set_null(&b);
    *branch = b;
    return 0;
}

static int set_opt_str(zb_codec *c, avro_value_t *rec, const char *name, const char *s) {
    avro_value_t b;
    return set_union(rec, name, s != NULL, &b) || (s && put_string(c, &b, s));
}

static int set_opt_int(avro_value_t *rec, const char *name, int present, int32_t v) {
    avro_value_t b;
    return set_union(rec, name, present, &b) || (present && avro_value_set_int(&b, v));
}

static int set_opt_long(avro_value_t *rec, const char *name, int present, int64_t v) {
    avro_value_t b;
    return set_union(rec, name, present, &b) || (present && avro_value_set_long(&b, v));
}

static int set_opt_bytes(avro_value_t *rec, const char *name, const void *p, size_t n) {
    avro_value_t b;
    return set_union(rec, name, p != NULL, &b) ||
           (p && avro_value_set_bytes(&b, (void *)(n ? p : ""), n));
}

static int set_long(avro_value_t *rec, const char *name, int64_t v) {
    avro_value_t f;
    return field(rec, name, &f) || avro_value_set_long(&f, v);
}

static int set_int(avro_value_t *rec, const char *name, int32_t v) {
    avro_value_t f;
    return field(rec, name, &f) || avro_value_set_int(&f, v);
}

static int set_double(avro_value_t *rec, const char *name, double v) {
    avro_value_t f;
    return field(rec, name, &f) || avro_value_set_double(&f, v);
}

static int set_enum(avro_value_t *rec, const char *name, int v, int n_symbols) {
    avro_value_t f;
    if (v < 0 || v >= n_symbols) v = 0; /* out-of-range C value: the default */
    return field(rec, name, &f) || avro_value_set_enum(&f, v);
}

/* ["null", Enum] where C value 0 means unknown (null). */
static int set_opt_enum(avro_value_t *rec, const char *name, int v, int n_symbols) {
    avro_value_t b;
    int present = v > 0 && v < n_symbols;
    return set_union(rec, name, present, &b) || (present && avro_value_set_enum(&b, v));
}

static int set_date(avro_value_t *rec, const char *name, const char *date) {
    int32_t days = 0;
    int ok = date && zbc_date_to_days(date, &days) == 0;
    return set_opt_int(rec, name, ok, days);
}

static int64_t time_or_now(int64_t t) { return t == ZB_TIME_NONE ? zbc_now_ms() : t; }

static int set_span(zb_codec *c, avro_value_t *rec, const zb_span *s) {
    avro_value_t ev;
    return field(rec, "evidence", &ev) || set_long(&ev, "start", (int64_t)s->start) ||
           set_long(&ev, "end", (int64_t)s->end) || set_str(c, &ev, "text", s->text);
}

/* ---- ReportIndicators --------------------------------------------------- */

static int fill_origin(zb_codec *c, avro_value_t *rec, const zb_origin *o) {
    avro_value_t og;
    int has_topic = o->topic != NULL;
    return field(rec, "origin", &og) || set_opt_str(c, &og, "source_url", o->source_url) ||
           set_opt_long(&og, "crawl_time", o->crawl_time_ms != ZB_TIME_NONE, o->crawl_time_ms) ||
           set_opt_str(c, &og, "topic", o->topic) ||
           set_opt_int(&og, "partition", has_topic && o->partition >= 0, o->partition) ||
           set_opt_long(&og, "offset", has_topic && o->offset >= 0, o->offset);
}

static int fill_document(zb_codec *c, avro_value_t *rec, const zb_report *r) {
    avro_value_t reg, iss;
    return set_str(c, rec, "source", r->source) || set_opt_str(c, rec, "title", r->title) ||
           set_opt_int(rec, "report_year", r->report_year > 0, r->report_year) ||
           set_date(rec, "published_date", r->published_date) || field(rec, "region", &reg) ||
           set_opt_str(c, &reg, "name", r->region.name) ||
           set_opt_str(c, &reg, "code", r->region.code) ||
           set_opt_enum(&reg, "level", (int)r->region.level, 4) || field(rec, "issuer", &iss) ||
           set_opt_str(c, &iss, "name", r->issuer.name) ||
           set_opt_enum(&iss, "kind", (int)r->issuer.kind, 3) ||
           set_enum(rec, "script", (int)r->script, 2) ||
           set_opt_str(c, rec, "encoding", r->encoding) ||
           set_opt_str(c, rec, "content_type", r->content_type);
}

static int fill_sections(zb_codec *c, avro_value_t *rec, const zb_report *r) {
    avro_value_t arr, e;
    if (field(rec, "sections", &arr)) return EINVAL;
    for (size_t i = 0; i < r->n_sections; i++) {
        const zb_section *s = &r->sections[i];
        if (avro_value_append(&arr, &e, NULL) || set_enum(&e, "kind", (int)s->kind, 5) ||
            set_str(c, &e, "title", s->title) || set_int(&e, "level", s->level) ||
            set_long(&e, "start", (int64_t)s->start) || set_long(&e, "end", (int64_t)s->end))
            return EINVAL;
    }
    return 0;
}

static int fill_indicators(zb_codec *c, avro_value_t *rec, const zb_report *r) {
    avro_value_t arr, e;
    if (field(rec, "indicators", &arr)) return EINVAL;
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_indicator *x = &r->indicators[i];
        if (avro_value_append(&arr, &e, NULL) || set_str(c, &e, "code", x->code) ||
            set_double(&e, "value", x->value) || set_str(c, &e, "unit", x->unit) ||
            set_enum(&e, "approx", (int)x->approx, 4) || set_opt_str(c, &e, "scope", x->scope) ||
            set_enum(&e, "section", (int)x->section, 5) || set_span(c, &e, &x->evidence))
            return EINVAL;
    }
    return 0;
}

static int fill_facts(zb_codec *c, avro_value_t *rec, const zb_report *r) {
    avro_value_t arr, e, f;
    if (field(rec, "facts", &arr)) return EINVAL;
    for (size_t i = 0; i < r->n_facts; i++) {
        const zb_fact *x = &r->facts[i];
        if (avro_value_append(&arr, &e, NULL) || set_double(&e, "value", x->value) ||
            set_str(c, &e, "unit", x->unit) || set_enum(&e, "approx", (int)x->approx, 4) ||
            set_str(c, &e, "phrase", x->phrase) || set_enum(&e, "section", (int)x->section, 5) ||
            field(&e, "target", &f) || avro_value_set_boolean(&f, x->target != 0) ||
            set_span(c, &e, &x->evidence))
            return EINVAL;
    }
    return 0;
}

static int fill_warnings(zb_codec *c, avro_value_t *rec, const zb_report *r) {
    avro_value_t arr, e;
    if (field(rec, "warnings", &arr)) return EINVAL;
    for (size_t i = 0; i < r->n_warnings; i++) {
        if (avro_value_append(&arr, &e, NULL) || set_str(c, &e, "code", r->warnings[i].code) ||
            set_str(c, &e, "message", r->warnings[i].message))
            return EINVAL;
    }
    return 0;
}

static zb_codec_status check_origin(const zb_origin *o, char *err, size_t errlen) {
    if (!o || !o->report_id)
        return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "origin needs a report_id");
    return ZB_CODEC_OK;
}

/* Versions: the origin's, else what the report carries (zb_extract sets
 * rules_version), else this build's extractor version. */
static const char *extractor_version(const zb_origin *o) {
    return o->extractor_version ? o->extractor_version : ZB_EXTRACTOR_VERSION;
}

static const char *rules_version(const zb_origin *o, const zb_report *r) {
    return o->rules_version ? o->rules_version : r->rules_version ? r->rules_version : "";
}

static zb_codec_status avro_failed(char *err, size_t errlen, const char *what) {
    return zb_codec_fail(err, errlen, ZB_CODEC_EINTERNAL, "%s: %s", what, avro_strerror());
}

zb_codec_status zbc_fill_report(zb_codec *c, const zb_report *r, const zb_origin *o, char *err,
                                size_t errlen) {
    zb_codec_status st = check_origin(o, err, errlen);
    if (st) return st;
    if (!r) return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "no report");
    avro_value_t *rec = &c->k[ZB_SCHEMA_REPORT_INDICATORS].value;
    avro_value_reset(rec);
    if (set_str(c, rec, "report_id", o->report_id) || fill_origin(c, rec, o) ||
        set_str(c, rec, "extractor_version", extractor_version(o)) ||
        set_str(c, rec, "rules_version", rules_version(o, r)) ||
        set_long(rec, "processed_at", time_or_now(o->processed_time_ms)) ||
        fill_document(c, rec, r) || fill_sections(c, rec, r) || fill_indicators(c, rec, r) ||
        fill_facts(c, rec, r) || fill_warnings(c, rec, r))
        return avro_failed(err, errlen, "ReportIndicators");
    return ZB_CODEC_OK;
}

/* ---- IndicatorFact ------------------------------------------------------ */

zb_codec_status zbc_fill_fact(zb_codec *c, const zb_report *r, size_t i, const zb_origin *o,
                              char *err, size_t errlen) {
    zb_codec_status st = check_origin(o, err, errlen);
    if (st) return st;
    if (!r || i >= r->n_indicators)
        return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "indicator index %zu out of range", i);
    const zb_indicator *x = &r->indicators[i];
    avro_value_t *rec = &c->k[ZB_SCHEMA_INDICATOR_FACT].value;
    avro_value_reset(rec);
    if (set_str(c, rec, "report_id", o->report_id) ||
        set_opt_str(c, rec, "region_code", r->region.code) ||
        set_opt_str(c, rec, "region_name", r->region.name) ||
        set_opt_int(rec, "report_year", r->report_year > 0, r->report_year) ||
        set_str(c, rec, "code", x->code) || set_double(rec, "value", x->value) ||
        set_str(c, rec, "unit", x->unit) || set_enum(rec, "approx", (int)x->approx, 4) ||
        set_opt_str(c, rec, "scope", x->scope) || set_enum(rec, "section", (int)x->section, 5) ||
        set_span(c, rec, &x->evidence) || set_opt_str(c, rec, "title", r->title) ||
        set_date(rec, "published_date", r->published_date) ||
        set_opt_str(c, rec, "issuer_name", r->issuer.name) ||
        set_opt_str(c, rec, "source_url", o->source_url) ||
        set_str(c, rec, "extractor_version", extractor_version(o)) ||
        set_str(c, rec, "rules_version", rules_version(o, r)) ||
        set_long(rec, "processed_at", time_or_now(o->processed_time_ms)))
        return avro_failed(err, errlen, "IndicatorFact");
    return ZB_CODEC_OK;
}

int zb_fact_key(const zb_report *r, size_t i, zb_buf *key) {
    zb_buf_reset(key);
    if (!r || i >= r->n_indicators) return -1;
    const char *code = r->indicators[i].code ? r->indicators[i].code : "";
    const char *region = r->region.code ? r->region.code : "";
    if (r->report_year > 0) return zb_buf_printf(key, "%s|%d|%s", region, r->report_year, code);
    return zb_buf_printf(key, "%s||%s", region, code);
}

/* ---- DeadLetter and RawReport -------------------------------------------- */

zb_codec_status zbc_fill_dead_letter(zb_codec *c, const zb_dead_letter *d, char *err,
                                     size_t errlen) {
    if (!d || !d->error_code || !d->error_message)
        return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT,
                             "dead letter needs error_code and error_message");
    avro_value_t *rec = &c->k[ZB_SCHEMA_DEAD_LETTER].value;
    avro_value_t arr, e;
    avro_value_reset(rec);
    if (set_opt_bytes(rec, "key", d->key, d->key_len) ||
        set_opt_bytes(rec, "value", d->value, d->value_len) || field(rec, "headers", &arr))
        return avro_failed(err, errlen, "DeadLetter");
    for (size_t i = 0; i < d->n_headers; i++) {
        const zb_header *h = &d->headers[i];
        if (avro_value_append(&arr, &e, NULL) || set_str(c, &e, "name", h->name) ||
            set_opt_bytes(&e, "value", h->value, h->value_len))
            return avro_failed(err, errlen, "DeadLetter header");
    }
    if (set_opt_str(c, rec, "topic", d->topic) ||
        set_opt_int(rec, "partition", d->partition >= 0, d->partition) ||
        set_opt_long(rec, "offset", d->offset >= 0, d->offset) ||
        set_opt_long(rec, "timestamp", d->timestamp_ms != ZB_TIME_NONE, d->timestamp_ms) ||
        set_opt_str(c, rec, "source", d->source) || set_enum(rec, "stage", (int)d->stage, 5) ||
        set_str(c, rec, "error_code", d->error_code) ||
        set_str(c, rec, "error_message", d->error_message) ||
        set_long(rec, "failed_at", time_or_now(d->failed_time_ms)) ||
        set_opt_str(c, rec, "worker_id", d->worker_id) ||
        set_opt_str(c, rec, "report_id", d->report_id))
        return avro_failed(err, errlen, "DeadLetter");
    return ZB_CODEC_OK;
}

zb_codec_status zbc_fill_raw_report(zb_codec *c, const zb_raw_report *in, char *err,
                                    size_t errlen) {
    if (!in || !in->url || (!in->body && in->body_len))
        return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "raw report needs url and body");
    avro_value_t *rec = &c->k[ZB_SCHEMA_RAW_REPORT].value;
    avro_value_t f, e;
    avro_value_reset(rec);
    if (set_str(c, rec, "url", in->url) ||
        set_long(rec, "fetched_at",
                 in->fetched_time_ms == ZB_TIME_NONE ? 0 : in->fetched_time_ms) ||
        set_opt_str(c, rec, "content_type", in->content_type) ||
        set_opt_str(c, rec, "charset", in->charset) || field(rec, "body", &f) ||
        avro_value_set_bytes(&f, (void *)(in->body_len ? in->body : ""), in->body_len) ||
        set_opt_str(c, rec, "title", in->title) || field(rec, "metadata", &f))
        return avro_failed(err, errlen, "RawReport");
    for (size_t i = 0; i < in->n_meta; i++) {
        if (!in->meta_keys[i]) continue;
        if (avro_value_add(&f, in->meta_keys[i], &e, NULL, NULL) ||
            put_string(c, &e, in->meta_values[i]))
            return avro_failed(err, errlen, "RawReport metadata");
    }
    return ZB_CODEC_OK;
}

/* ---- writing -------------------------------------------------------------- */

zb_codec_status zb_codec_write(zb_codec *c, avro_value_t *v, int32_t id, zb_buf *out, char *err,
                               size_t errlen) {
    size_t hdr = id >= 0 ? 5 : 0;
    zb_buf_reset(out);
    if (out->cap < 4096 && zb_buf_reserve(out, 4096))
        return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    for (;;) {
        /* zb_buf keeps one byte for a NUL: leave it out of the writer's room. */
        avro_writer_memory_set_dest(c->writer, out->p + hdr, (int64_t)(out->cap - 1 - hdr));
        int rc = avro_value_write(c->writer, v);
        if (rc == 0) break;
        if (rc != ENOSPC) return avro_failed(err, errlen, "avro write");
        if (out->cap >= ((size_t)1 << 31))
            return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "record larger than 2 GiB");
        if (zb_buf_reserve(out, out->cap * 2))
            return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    }
    if (hdr) zb_frame_header((uint8_t *)out->p, id);
    out->len = hdr + (size_t)avro_writer_tell(c->writer);
    out->p[out->len] = '\0';
    return ZB_CODEC_OK;
}

zb_codec_status zb_encode_report(zb_codec *c, int32_t schema_id, const zb_report *r,
                                 const zb_origin *o, zb_buf *out, char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_report(c, r, o, err, errlen);
    return st ? st
              : zb_codec_write(c, &c->k[ZB_SCHEMA_REPORT_INDICATORS].value, schema_id, out, err,
                               errlen);
}

zb_codec_status zb_encode_fact(zb_codec *c, int32_t schema_id, const zb_report *r, size_t i,
                               const zb_origin *o, zb_buf *out, char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_fact(c, r, i, o, err, errlen);
    return st ? st
              : zb_codec_write(c, &c->k[ZB_SCHEMA_INDICATOR_FACT].value, schema_id, out, err,
                               errlen);
}

zb_codec_status zb_encode_dead_letter(zb_codec *c, int32_t schema_id, const zb_dead_letter *d,
                                      zb_buf *out, char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_dead_letter(c, d, err, errlen);
    return st ? st
              : zb_codec_write(c, &c->k[ZB_SCHEMA_DEAD_LETTER].value, schema_id, out, err, errlen);
}

zb_codec_status zb_encode_raw_report(zb_codec *c, int32_t schema_id, const zb_raw_report *in,
                                     zb_buf *out, char *err, size_t errlen) {
    zb_codec_status st = zbc_fill_raw_report(c, in, err, errlen);
    return st ? st
              : zb_codec_write(c, &c->k[ZB_SCHEMA_RAW_REPORT].value, schema_id, out, err, errlen);
}
