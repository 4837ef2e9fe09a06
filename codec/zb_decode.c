/* zb_decode.c - decoders: Confluent framing, writer schema by registry id,
 * Avro schema resolution to our current schema, then plain C structs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "zb_codec_int.h"
#include "zb_registry.h"
#include "zb_extract.h"

/* ---- finding the value to read into ------------------------------------- */

static zb_codec_status resolve_id(zb_codec *c, zb_registry *reg, zb_schema_kind kind, int32_t id,
                                  zb_resolved **out, char *err, size_t errlen) {
    for (zb_resolved *r = c->resolved; r; r = r->next)
        if (r->id == id && r->kind == kind) {
            *out = r;
            return ZB_CODEC_OK;
        }
    const char *text = NULL;
    char rerr[256];
    zb_reg_status rs = zb_registry_get_by_id(reg, id, &text, rerr, sizeof rerr);
    /* Only "this id does not exist" is the message's fault (to the DLQ). Any
     * other failure (down, 401/403, a bad answer) is the registry's or the
     * config's: the caller waits rather than dead-lettering good data. */
    if (rs == ZB_REG_NOT_FOUND)
        return zb_codec_fail(err, errlen, ZB_CODEC_ESCHEMA, "schema id %d: %s", (int)id, rerr);
    if (rs != ZB_REG_OK)
        return zb_codec_fail(err, errlen, ZB_CODEC_ERETRY, "schema id %d: %s", (int)id, rerr);
    zb_resolved *r = calloc(1, sizeof *r);
    if (!r) return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    r->id = id;
    r->kind = kind;
    if (avro_schema_from_json_length(text, strlen(text), &r->writer)) {
        free(r);
        return zb_codec_fail(err, errlen, ZB_CODEC_ESCHEMA, "schema id %d does not parse: %s",
                             (int)id, avro_strerror());
    }
    if (!avro_schema_equal(r->writer, c->k[kind].schema)) {
        char why[256];
        if (zbc_can_read(zb_schema_text(kind), r->writer, why, sizeof why)) {
            zb_codec_fail(err, errlen, ZB_CODEC_ESCHEMA,
                          "writer schema id %d cannot be read as %s: %s", (int)id,
                          zb_schema_name(kind), why);
            avro_schema_decref(r->writer);
            free(r);
            return ZB_CODEC_ESCHEMA;
        }
        r->iface = avro_generic_class_from_schema(r->writer);
        if (!r->iface || avro_generic_value_new(r->iface, &r->value)) {
            zb_codec_fail(err, errlen, ZB_CODEC_EINTERNAL, "schema id %d: %s", (int)id,
                          avro_strerror());
            if (r->iface) avro_value_iface_decref(r->iface);
            avro_schema_decref(r->writer);
            free(r);
            return ZB_CODEC_EINTERNAL;
        }
    }
    r->next = c->resolved;
    c->resolved = r;
    *out = r;
    return ZB_CODEC_OK;
}

/* Reads one record of kind; *out is the value to pick fields from (of our
 * schema, or of the writer's when it differs). */
static zb_codec_status read_record(zb_codec *c, zb_registry *reg, zb_schema_kind kind, int framed,
                                   const void *data, size_t len, avro_value_t **out, char *err,
                                   size_t errlen) {
    const uint8_t *body = data;
    size_t body_len = len;
    zb_resolved *res = NULL;
    if (!data && len) return zb_codec_fail(err, errlen, ZB_CODEC_EINPUT, "no data");
    if (framed) {
        int32_t id;
        zb_codec_status st = zb_frame_parse(data, len, &id, &body, &body_len, err, errlen);
        if (st) return st;
        if (reg) {
            st = resolve_id(c, reg, kind, id, &res, err, errlen);
            if (st) return st;
        }
    }
    avro_schema_t ws = res ? res->writer : c->k[kind].schema;
    char cerr[200];
    if (zbc_avro_check(ws, body, body_len, cerr, sizeof cerr))
        return zb_codec_fail(err, errlen, ZB_CODEC_EDATA, "%s: %s", zb_schema_name(kind), cerr);
    avro_value_t *dest = res && res->iface ? &res->value : &c->k[kind].dvalue;
    avro_value_reset(dest);
    static const char empty[1];
    avro_reader_memory_set_source(c->reader, body_len ? (const char *)body : empty,
                                  (int64_t)body_len);
    if (avro_value_read(c->reader, dest))
        return zb_codec_fail(err, errlen, ZB_CODEC_EDATA, "%s does not decode: %s",
                             zb_schema_name(kind), avro_strerror());
    *out = dest;
    return ZB_CODEC_OK;
}

/* ---- getters ------------------------------------------------------------------ */

static int field(avro_value_t *rec, const char *name, avro_value_t *out) {
    return avro_value_get_by_name(rec, name, out, NULL);
}

static const char *get_str(avro_value_t *rec, const char *name) {
    avro_value_t f;
    const char *s = NULL;
    size_t n;
    if (field(rec, name, &f) || avro_value_get_string(&f, &s, &n)) return "";
    return s ? s : "";
}

/* The value of a ["null", T] field; 0 when null or absent. A writer may
 * have the field as a plain T, or with the branches in another order. */
static int get_branch(avro_value_t *rec, const char *name, avro_value_t *b) {
    avro_value_t f;
    if (field(rec, name, &f)) return 0;
    if (avro_value_get_type(&f) == AVRO_UNION && avro_value_get_current_branch(&f, &f)) return 0;
    *b = f;
    return avro_value_get_type(&f) != AVRO_NULL;
}

static const char *get_opt_str(avro_value_t *rec, const char *name) {
    avro_value_t b;
    const char *s = NULL;
    size_t n;
    if (!get_branch(rec, name, &b) || avro_value_get_string(&b, &s, &n)) return NULL;
    return s;
}

/* Numbers with Avro's promotions (int -> long -> float -> double). */
static int as_long(avro_value_t *v, int64_t *out) {
    int32_t i;
    if (avro_value_get_type(v) == AVRO_INT32 && !avro_value_get_int(v, &i)) {
        *out = i;
        return 0;
    }
    return avro_value_get_long(v, out);
}

static int as_double(avro_value_t *v, double *out) {
    float f;
    int64_t l;
    switch (avro_value_get_type(v)) {
    case AVRO_DOUBLE:
        return avro_value_get_double(v, out);
    case AVRO_FLOAT:
        if (avro_value_get_float(v, &f)) return -1;
        *out = f;
        return 0;
    default:
        if (as_long(v, &l)) return -1;
        *out = (double)l;
        return 0;
    }
}

static int64_t get_long(avro_value_t *rec, const char *name, int64_t dflt) {
    avro_value_t f;
    int64_t v;
    return field(rec, name, &f) || as_long(&f, &v) ? dflt : v;
}

static int32_t get_int(avro_value_t *rec, const char *name, int32_t dflt) {
    avro_value_t f;
    int32_t v;
    return field(rec, name, &f) || avro_value_get_int(&f, &v) ? dflt : v;
}

static int64_t get_opt_long(avro_value_t *rec, const char *name, int64_t dflt) {
    avro_value_t b;
    int64_t v;
    return get_branch(rec, name, &b) && !as_long(&b, &v) ? v : dflt;
}

static int32_t get_opt_int(avro_value_t *rec, const char *name, int32_t dflt) {
    avro_value_t b;
    int32_t v;
    return get_branch(rec, name, &b) && !avro_value_get_int(&b, &v) ? v : dflt;
}

static double get_double(avro_value_t *rec, const char *name) {
    avro_value_t f;
    double v;
    return field(rec, name, &f) || as_double(&f, &v) ? 0 : v;
}

/* Enum symbols of our schemas, in C enum order. Values are matched by
 * symbol name, so a writer with other symbols or another order reads right;
 * a symbol we do not know becomes the enum's default (index 0 here). */
typedef struct {
    const char *const *sym;
    int n;
    int dflt; /* the enum's default symbol */
} symbols;
static const char *const approx_s[] = {"exact", "at_least", "about", "at_most"};
static const char *const section_s[] = {"other", "achievements", "problems", "leadership", "plan"};
static const char *const level_s[] = {"unknown", "province", "city", "county"};
static const char *const issuer_s[] = {"unknown", "government", "department"};
static const char *const script_s[] = {"simplified", "traditional"};
static const char *const stage_s[] = {"other", "decode", "extract", "encode", "produce"};
static const symbols APPROX = {approx_s, 4, ZB_APPROX_ABOUT}, SECTION = {section_s, 5, 0},
                     LEVEL = {level_s, 4, 0}, ISSUER = {issuer_s, 3, 0}, SCRIPT = {script_s, 2, 0},
                     STAGE = {stage_s, 5, 0};

static int enum_value(avro_value_t *v, symbols s) {
    int idx;
    if (avro_value_get_enum(v, &idx)) return s.dflt;
    const char *name = avro_schema_enum_get(avro_value_get_schema(v), idx);
    for (int i = 0; name && i < s.n; i++)
        if (!strcmp(name, s.sym[i])) return i;
    return s.dflt;
}

/* missing: the field's default when the writer does not have the field. */
static int get_enum(avro_value_t *rec, const char *name, symbols s, int missing) {
    avro_value_t f;
    return field(rec, name, &f) ? missing : enum_value(&f, s);
}

static int get_opt_enum(avro_value_t *rec, const char *name, symbols s) {
    avro_value_t b;
    return get_branch(rec, name, &b) ? enum_value(&b, s) : 0;
}

static const void *get_opt_bytes(avro_value_t *rec, const char *name, size_t *n) {
    avro_value_t b;
    const void *p = NULL;
    *n = 0;
    if (!get_branch(rec, name, &b) || avro_value_get_bytes(&b, &p, n)) return NULL;
    return p ? p : "";
}

static size_t get_array(avro_value_t *rec, const char *name, avro_value_t *arr) {
    size_t n = 0;
    if (field(rec, name, arr) || avro_value_get_size(arr, &n)) return 0;
    return n;
}

/* Dates come back as text in the codec's scratch ("YYYY-MM-DD"). */
static const char *get_date(zb_codec *c, avro_value_t *rec, const char *name, char out[11]) {
    avro_value_t b;
    int32_t days;
    (void)c;
    if (!get_branch(rec, name, &b) || avro_value_get_int(&b, &days)) return NULL;
    return zbc_days_to_date(days, out) ? NULL : out;
}

/* ---- RawReport ------------------------------------------------------------------ */

zb_codec_status zb_decode_raw_report(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                     size_t len, zb_raw_report *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    avro_value_t *rec;
    zb_codec_status st =
        read_record(c, reg, ZB_SCHEMA_RAW_REPORT, framed, data, len, &rec, err, errlen);
    if (st) return st;
    avro_value_t f, e;
    out->url = get_str(rec, "url");
    out->fetched_time_ms = get_long(rec, "fetched_at", ZB_TIME_NONE);
    out->content_type = get_opt_str(rec, "content_type");
    out->charset = get_opt_str(rec, "charset");
    out->title = get_opt_str(rec, "title");
    const void *body = NULL;
    size_t n = 0;
    if (field(rec, "body", &f) || avro_value_get_bytes(&f, &body, &n))
        return zb_codec_fail(err, errlen, ZB_CODEC_EDATA, "RawReport without body");
    out->body = body ? body : "";
    out->body_len = n;
    size_t nm = 0;
    if (field(rec, "metadata", &f) || avro_value_get_size(&f, &nm)) nm = 0;
    if (nm * 2 > c->meta_cap) {
        const char **m = realloc(c->meta, nm * 2 * sizeof *m);
        if (!m) return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        c->meta = m;
        c->meta_cap = nm * 2;
    }
    for (size_t i = 0; i < nm; i++) {
        const char *key = NULL, *val = NULL;
        size_t vl;
        if (avro_value_get_by_index(&f, i, &e, &key) || avro_value_get_string(&e, &val, &vl))
            return zb_codec_fail(err, errlen, ZB_CODEC_EDATA, "RawReport metadata unreadable");
        c->meta[i] = key ? key : "";
        c->meta[nm + i] = val ? val : "";
    }
    out->meta_keys = c->meta;
    out->meta_values = c->meta ? c->meta + nm : NULL;
    out->n_meta = nm;
    return ZB_CODEC_OK;
}

/* ---- DeadLetter ---------------------------------------------------------------- */

zb_codec_status zb_decode_dead_letter(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                      size_t len, zb_dead_letter *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    avro_value_t *rec;
    zb_codec_status st =
        read_record(c, reg, ZB_SCHEMA_DEAD_LETTER, framed, data, len, &rec, err, errlen);
    if (st) return st;
    avro_value_t arr, e;
    out->key = get_opt_bytes(rec, "key", &out->key_len);
    out->value = get_opt_bytes(rec, "value", &out->value_len);
    size_t nh = get_array(rec, "headers", &arr);
    if (nh > c->headers_cap) {
        zb_header *h = realloc(c->headers, nh * sizeof *h);
        if (!h) return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
        c->headers = h;
        c->headers_cap = nh;
    }
    for (size_t i = 0; i < nh; i++) {
        if (avro_value_get_by_index(&arr, i, &e, NULL))
            return zb_codec_fail(err, errlen, ZB_CODEC_EDATA, "DeadLetter header unreadable");
        c->headers[i].name = get_str(&e, "name");
        c->headers[i].value = get_opt_bytes(&e, "value", &c->headers[i].value_len);
    }
    out->headers = c->headers;
    out->n_headers = nh;
    out->topic = get_opt_str(rec, "topic");
    out->partition = get_opt_int(rec, "partition", -1);
    out->offset = get_opt_long(rec, "offset", -1);
    out->timestamp_ms = get_opt_long(rec, "timestamp", ZB_TIME_NONE);
    out->source = get_opt_str(rec, "source");
    out->stage = (zb_dlq_stage)get_enum(rec, "stage", STAGE, 0);
    out->error_code = get_str(rec, "error_code");
    out->error_message = get_str(rec, "error_message");
    out->failed_time_ms = get_long(rec, "failed_at", ZB_TIME_NONE);
    out->worker_id = get_opt_str(rec, "worker_id");
    out->report_id = get_opt_str(rec, "report_id");
    return ZB_CODEC_OK;
}

/* ---- IndicatorFact --------------------------------------------------------------- */

static void get_span(avro_value_t *rec, zb_span *s) {
    avro_value_t ev;
    memset(s, 0, sizeof *s);
    if (field(rec, "evidence", &ev)) return;
    s->start = (uint64_t)get_long(&ev, "start", 0);
    s->end = (uint64_t)get_long(&ev, "end", 0);
    s->text = (char *)get_str(&ev, "text");
}

zb_codec_status zb_decode_fact(zb_codec *c, zb_registry *reg, int framed, const void *data,
                               size_t len, zb_fact_record *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    avro_value_t *rec;
    zb_codec_status st =
        read_record(c, reg, ZB_SCHEMA_INDICATOR_FACT, framed, data, len, &rec, err, errlen);
    if (st) return st;
    out->report_id = get_str(rec, "report_id");
    out->region_code = get_opt_str(rec, "region_code");
    out->region_name = get_opt_str(rec, "region_name");
    out->report_year = get_opt_int(rec, "report_year", 0);
    out->code = get_str(rec, "code");
    out->value = get_double(rec, "value");
    out->unit = get_str(rec, "unit");
    out->approx = (zb_approx)get_enum(rec, "approx", APPROX, ZB_APPROX_ABOUT);
    out->scope = get_opt_str(rec, "scope");
    out->section = (zb_section_kind)get_enum(rec, "section", SECTION, 0);
    get_span(rec, &out->evidence);
    out->title = get_opt_str(rec, "title");
    out->published_date = get_date(c, rec, "published_date", c->date);
    out->issuer_name = get_opt_str(rec, "issuer_name");
    out->source_url = get_opt_str(rec, "source_url");
    out->extractor_version = get_str(rec, "extractor_version");
    out->rules_version = get_str(rec, "rules_version");
    out->processed_time_ms = get_long(rec, "processed_at", ZB_TIME_NONE);
    return ZB_CODEC_OK;
}

/* ---- ReportIndicators (owned copy) ------------------------------------------------ */

static char *dup_or_null(const char *s, int *oom) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *oom = 1;
    return d;
}

static void *alloc_array(size_t n, size_t size, int *oom) {
    if (!n) return NULL;
    void *p = calloc(n, size);
    if (!p) *oom = 1;
    return p;
}

static void copy_span(avro_value_t *rec, zb_span *s, int *oom) {
    get_span(rec, s);
    s->text = dup_or_null(s->text, oom);
}

static void copy_document(zb_codec *c, avro_value_t *rec, zb_report *r, int *oom) {
    avro_value_t reg, iss;
    char date[11];
    r->source = dup_or_null(get_str(rec, "source"), oom);
    r->title = dup_or_null(get_opt_str(rec, "title"), oom);
    r->report_year = get_opt_int(rec, "report_year", 0);
    r->published_date = dup_or_null(get_date(c, rec, "published_date", date), oom);
    if (!field(rec, "region", &reg)) {
        r->region.name = dup_or_null(get_opt_str(&reg, "name"), oom);
        r->region.code = dup_or_null(get_opt_str(&reg, "code"), oom);
        r->region.level = (zb_region_level)get_opt_enum(&reg, "level", LEVEL);
    }
    if (!field(rec, "issuer", &iss)) {
        r->issuer.name = dup_or_null(get_opt_str(&iss, "name"), oom);
        r->issuer.kind = (zb_issuer_kind)get_opt_enum(&iss, "kind", ISSUER);
    }
    r->script = (zb_script)get_enum(rec, "script", SCRIPT, 0);
    r->encoding = dup_or_null(get_opt_str(rec, "encoding"), oom);
    r->content_type = dup_or_null(get_opt_str(rec, "content_type"), oom);
}

static void copy_lists(avro_value_t *rec, zb_report *r, int *oom) {
    avro_value_t arr, e, f;
    r->n_sections = get_array(rec, "sections", &arr);
    r->sections = alloc_array(r->n_sections, sizeof *r->sections, oom);
    for (size_t i = 0; r->sections && i < r->n_sections; i++) {
        zb_section *s = &r->sections[i];
        if (avro_value_get_by_index(&arr, i, &e, NULL)) continue;
        s->kind = (zb_section_kind)get_enum(&e, "kind", SECTION, 0);
        s->title = dup_or_null(get_str(&e, "title"), oom);
        s->level = get_int(&e, "level", 0);
        s->start = (uint64_t)get_long(&e, "start", 0);
        s->end = (uint64_t)get_long(&e, "end", 0);
    }
    r->n_indicators = get_array(rec, "indicators", &arr);
    r->indicators = alloc_array(r->n_indicators, sizeof *r->indicators, oom);
    for (size_t i = 0; r->indicators && i < r->n_indicators; i++) {
        zb_indicator *x = &r->indicators[i];
        if (avro_value_get_by_index(&arr, i, &e, NULL)) continue;
        x->code = dup_or_null(get_str(&e, "code"), oom);
        x->value = get_double(&e, "value");
        x->unit = dup_or_null(get_str(&e, "unit"), oom);
        x->approx = (zb_approx)get_enum(&e, "approx", APPROX, ZB_APPROX_ABOUT);
        x->scope = dup_or_null(get_opt_str(&e, "scope"), oom);
        x->section = (zb_section_kind)get_enum(&e, "section", SECTION, 0);
        copy_span(&e, &x->evidence, oom);
    }
    r->n_facts = get_array(rec, "facts", &arr);
    r->facts = alloc_array(r->n_facts, sizeof *r->facts, oom);
    for (size_t i = 0; r->facts && i < r->n_facts; i++) {
        zb_fact *x = &r->facts[i];
        int b = 0;
        if (avro_value_get_by_index(&arr, i, &e, NULL)) continue;
        x->value = get_double(&e, "value");
        x->unit = dup_or_null(get_str(&e, "unit"), oom);
        x->approx = (zb_approx)get_enum(&e, "approx", APPROX, ZB_APPROX_EXACT);
        x->phrase = dup_or_null(get_str(&e, "phrase"), oom);
        x->section = (zb_section_kind)get_enum(&e, "section", SECTION, 0);
        x->target = !field(&e, "target", &f) && !avro_value_get_boolean(&f, &b) && b;
        copy_span(&e, &x->evidence, oom);
    }
    r->n_warnings = get_array(rec, "warnings", &arr);
    r->warnings = alloc_array(r->n_warnings, sizeof *r->warnings, oom);
    for (size_t i = 0; r->warnings && i < r->n_warnings; i++) {
        if (avro_value_get_by_index(&arr, i, &e, NULL)) continue;
        r->warnings[i].code = dup_or_null(get_str(&e, "code"), oom);
        r->warnings[i].message = dup_or_null(get_str(&e, "message"), oom);
    }
    /* A failed array allocation leaves a NULL array: count must follow. */
    if (!r->sections) r->n_sections = 0;
    if (!r->indicators) r->n_indicators = 0;
    if (!r->facts) r->n_facts = 0;
    if (!r->warnings) r->n_warnings = 0;
}

static void copy_origin(avro_value_t *rec, zb_origin *o, int *oom) {
    avro_value_t og;
    zb_origin_init(o);
    o->report_id = dup_or_null(get_str(rec, "report_id"), oom);
    o->extractor_version = dup_or_null(get_str(rec, "extractor_version"), oom);
    o->rules_version = dup_or_null(get_str(rec, "rules_version"), oom);
    o->processed_time_ms = get_long(rec, "processed_at", ZB_TIME_NONE);
    if (field(rec, "origin", &og)) return;
    o->source_url = dup_or_null(get_opt_str(&og, "source_url"), oom);
    o->crawl_time_ms = get_opt_long(&og, "crawl_time", ZB_TIME_NONE);
    o->topic = dup_or_null(get_opt_str(&og, "topic"), oom);
    o->partition = get_opt_int(&og, "partition", -1);
    o->offset = get_opt_long(&og, "offset", -1);
}

zb_codec_status zb_decode_report(zb_codec *c, zb_registry *reg, int framed, const void *data,
                                 size_t len, zb_decoded_report **out, char *err, size_t errlen) {
    *out = NULL;
    avro_value_t *rec;
    zb_codec_status st =
        read_record(c, reg, ZB_SCHEMA_REPORT_INDICATORS, framed, data, len, &rec, err, errlen);
    if (st) return st;
    zb_decoded_report *d = calloc(1, sizeof *d);
    if (!d) return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    int oom = 0;
    copy_origin(rec, &d->origin, &oom);
    copy_document(c, rec, &d->report, &oom);
    copy_lists(rec, &d->report, &oom);
    d->report.rules_version = dup_or_null(d->origin.rules_version, &oom);
    if (oom) {
        zb_decoded_report_free(d);
        return zb_codec_fail(err, errlen, ZB_CODEC_ENOMEM, "out of memory");
    }
    *out = d;
    return ZB_CODEC_OK;
}

void zb_decoded_report_free(zb_decoded_report *d) {
    if (!d) return;
    zb_report_clear(&d->report);
    zb_origin *o = &d->origin;
    free((char *)o->source_url);
    free((char *)o->topic);
    free((char *)o->report_id);
    free((char *)o->extractor_version);
    free((char *)o->rules_version);
    free(d);
}
