/* canon.c - see canon.h. */
#include "canon.h"
#include "zb_extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *approx_sym[] = {"exact", "at_least", "about", "at_most"};
static const char *section_sym[] = {"other", "achievements", "problems", "leadership", "plan"};
static const char *level_sym[] = {NULL, "province", "city", "county"};
static const char *issuer_sym[] = {NULL, "government", "department"};
static const char *script_sym[] = {"simplified", "traditional"};
static const char *stage_sym[] = {"other", "decode", "extract", "encode", "produce"};

/* The documented fallbacks of zb_origin (zb_codec.h). */
static const char *extractor_version(const zb_origin *o) {
    return o->extractor_version ? o->extractor_version : ZB_EXTRACTOR_VERSION;
}
static const char *rules_version(const zb_origin *o, const zb_report *r) {
    return o->rules_version ? o->rules_version : r->rules_version ? r->rules_version : "";
}

static json_t *str(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *req(const char *s) { return json_string(s ? s : ""); }

static json_t *hex(const void *p, size_t n) {
    if (!p) return json_null();
    char *h = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        sprintf(h + 2 * i, "%02x", ((const unsigned char *)p)[i]);
    h[2 * n] = '\0';
    json_t *j = json_string(h);
    free(h);
    return j;
}

static json_t *date_or_null(const char *d) { return d ? json_string(d) : json_null(); }

static json_t *span(const zb_span *s) {
    return json_pack("{s:I,s:I,s:o}", "start", (json_int_t)s->start, "end", (json_int_t)s->end,
                     "text", req(s->text));
}

static json_t *origin(const zb_origin *o) {
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "source_url", str(o->source_url), "crawl_time",
                     o->crawl_time_ms == ZB_TIME_NONE ? json_null()
                                                      : json_integer(o->crawl_time_ms),
                     "topic", str(o->topic), "partition",
                     o->topic && o->partition >= 0 ? json_integer(o->partition) : json_null(),
                     "offset", o->topic && o->offset >= 0 ? json_integer(o->offset) : json_null());
}

json_t *canon_report(const zb_report *r, const zb_origin *o) {
    json_t *j = json_object();
    json_object_set_new(j, "report_id", req(o->report_id));
    json_object_set_new(j, "source", req(r->source));
    json_object_set_new(j, "origin", origin(o));
    json_object_set_new(j, "extractor_version", req(extractor_version(o)));
    json_object_set_new(j, "rules_version", req(rules_version(o, r)));
    json_object_set_new(j, "processed_at", json_integer(o->processed_time_ms));
    json_object_set_new(j, "title", str(r->title));
    json_object_set_new(j, "report_year",
                        r->report_year > 0 ? json_integer(r->report_year) : json_null());
    json_object_set_new(j, "published_date", date_or_null(r->published_date));
    json_object_set_new(j, "region",
                        json_pack("{s:o,s:o,s:o}", "name", str(r->region.name), "code",
                                  str(r->region.code), "level", str(level_sym[r->region.level])));
    json_object_set_new(j, "issuer",
                        json_pack("{s:o,s:o}", "name", str(r->issuer.name), "kind",
                                  str(issuer_sym[r->issuer.kind])));
    json_object_set_new(j, "script", json_string(script_sym[r->script]));
    json_object_set_new(j, "encoding", str(r->encoding));
    json_object_set_new(j, "content_type", str(r->content_type));
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_sections; i++) {
        const zb_section *s = &r->sections[i];
        json_array_append_new(a, json_pack("{s:s,s:o,s:i,s:I,s:I}", "kind", section_sym[s->kind],
                                           "title", req(s->title), "level", s->level, "start",
                                           (json_int_t)s->start, "end", (json_int_t)s->end));
    }
    json_object_set_new(j, "sections", a);
    a = json_array();
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_indicator *x = &r->indicators[i];
        json_array_append_new(a,
                              json_pack("{s:o,s:f,s:o,s:s,s:o,s:s,s:o}", "code", req(x->code),
                                        "value", x->value, "unit", req(x->unit), "approx",
                                        approx_sym[x->approx], "scope", str(x->scope), "section",
                                        section_sym[x->section], "evidence", span(&x->evidence)));
    }
    json_object_set_new(j, "indicators", a);
    a = json_array();
    for (size_t i = 0; i < r->n_facts; i++) {
        const zb_fact *x = &r->facts[i];
        json_array_append_new(a,
                              json_pack("{s:f,s:o,s:s,s:o,s:s,s:b,s:o}", "value", x->value, "unit",
                                        req(x->unit), "approx", approx_sym[x->approx], "phrase",
                                        req(x->phrase), "section", section_sym[x->section],
                                        "target", x->target != 0, "evidence", span(&x->evidence)));
    }
    json_object_set_new(j, "facts", a);
    a = json_array();
    for (size_t i = 0; i < r->n_warnings; i++)
        json_array_append_new(a, json_pack("{s:o,s:o}", "code", req(r->warnings[i].code), "message",
                                           req(r->warnings[i].message)));
    json_object_set_new(j, "warnings", a);
    return j;
}

void canon_fact_of(const zb_report *r, size_t i, const zb_origin *o, zb_fact_record *f) {
    const zb_indicator *x = &r->indicators[i];
    memset(f, 0, sizeof *f);
    f->report_id = o->report_id;
    f->region_code = r->region.code;
    f->region_name = r->region.name;
    f->report_year = r->report_year;
    f->code = x->code;
    f->value = x->value;
    f->unit = x->unit;
    f->approx = x->approx;
    f->scope = x->scope;
    f->section = x->section;
    f->evidence = x->evidence;
    f->title = r->title;
    f->published_date = r->published_date;
    f->issuer_name = r->issuer.name;
    f->source_url = o->source_url;
    f->extractor_version = extractor_version(o);
    f->rules_version = rules_version(o, r);
    f->processed_time_ms = o->processed_time_ms;
}

json_t *canon_fact(const zb_fact_record *f) {
    json_t *j = json_object();
    json_object_set_new(j, "report_id", req(f->report_id));
    json_object_set_new(j, "region_code", str(f->region_code));
    json_object_set_new(j, "region_name", str(f->region_name));
    json_object_set_new(j, "report_year",
                        f->report_year > 0 ? json_integer(f->report_year) : json_null());
    json_object_set_new(j, "code", req(f->code));
    json_object_set_new(j, "value", json_real(f->value));
    json_object_set_new(j, "unit", req(f->unit));
    json_object_set_new(j, "approx", json_string(approx_sym[f->approx]));
    json_object_set_new(j, "scope", str(f->scope));
    json_object_set_new(j, "section", json_string(section_sym[f->section]));
    json_object_set_new(j, "evidence", span(&f->evidence));
    json_object_set_new(j, "title", str(f->title));
    json_object_set_new(j, "published_date", date_or_null(f->published_date));
    json_object_set_new(j, "issuer_name", str(f->issuer_name));
    json_object_set_new(j, "source_url", str(f->source_url));
    json_object_set_new(j, "extractor_version", req(f->extractor_version));
    json_object_set_new(j, "rules_version", req(f->rules_version));
    json_object_set_new(j, "processed_at", json_integer(f->processed_time_ms));
    return j;
}

json_t *canon_dead_letter(const zb_dead_letter *d) {
    json_t *j = json_object();
    json_object_set_new(j, "key", hex(d->key, d->key_len));
    json_object_set_new(j, "value", hex(d->value, d->value_len));
    json_t *a = json_array();
    for (size_t i = 0; i < d->n_headers; i++)
        json_array_append_new(a, json_pack("{s:o,s:o}", "name", req(d->headers[i].name), "value",
                                           hex(d->headers[i].value, d->headers[i].value_len)));
    json_object_set_new(j, "headers", a);
    json_object_set_new(j, "topic", str(d->topic));
    json_object_set_new(j, "partition",
                        d->partition >= 0 ? json_integer(d->partition) : json_null());
    json_object_set_new(j, "offset", d->offset >= 0 ? json_integer(d->offset) : json_null());
    json_object_set_new(j, "timestamp",
                        d->timestamp_ms == ZB_TIME_NONE ? json_null()
                                                        : json_integer(d->timestamp_ms));
    json_object_set_new(j, "source", str(d->source));
    json_object_set_new(j, "stage", json_string(stage_sym[d->stage]));
    json_object_set_new(j, "error_code", req(d->error_code));
    json_object_set_new(j, "error_message", req(d->error_message));
    json_object_set_new(j, "failed_at", json_integer(d->failed_time_ms));
    json_object_set_new(j, "worker_id", str(d->worker_id));
    json_object_set_new(j, "report_id", str(d->report_id));
    return j;
}

json_t *canon_raw_report(const zb_raw_report *r) {
    json_t *j = json_object(), *m = json_object();
    json_object_set_new(j, "url", req(r->url));
    json_object_set_new(j, "fetched_at", json_integer(r->fetched_time_ms));
    json_object_set_new(j, "content_type", str(r->content_type));
    json_object_set_new(j, "charset", str(r->charset));
    json_object_set_new(j, "body", hex(r->body ? r->body : "", r->body_len));
    json_object_set_new(j, "title", str(r->title));
    for (size_t i = 0; i < r->n_meta; i++)
        json_object_set_new(m, r->meta_keys[i], req(r->meta_values[i]));
    json_object_set_new(j, "metadata", m);
    return j;
}
