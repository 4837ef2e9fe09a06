/* report.c - the report record: names of its enums, freeing, and the JSON
 * line of `zhibiao extract --format json` (../shared/DESIGN.md). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "zb_extract.h"

const char *zb_approx_name(zb_approx a) {
    switch (a) {
    case ZB_APPROX_AT_LEAST:
        return "at_least";
    case ZB_APPROX_ABOUT:
        return "about";
    case ZB_APPROX_AT_MOST:
        return "at_most";
    default:
        return "exact";
    }
}

const char *zb_section_kind_name(zb_section_kind k) {
    switch (k) {
    case ZB_SEC_ACHIEVEMENTS:
        return "achievements";
    case ZB_SEC_PROBLEMS:
        return "problems";
    case ZB_SEC_LEADERSHIP:
        return "leadership";
    case ZB_SEC_PLAN:
        return "plan";
    default:
        return "other";
    }
}

const char *zb_region_level_name(zb_region_level l) {
    switch (l) {
    case ZB_LEVEL_PROVINCE:
        return "province";
    case ZB_LEVEL_CITY:
        return "city";
    case ZB_LEVEL_COUNTY:
        return "county";
    default:
        return NULL;
    }
}

const char *zb_issuer_kind_name(zb_issuer_kind k) {
    switch (k) {
    case ZB_ISSUER_GOVERNMENT:
        return "government";
    case ZB_ISSUER_DEPARTMENT:
        return "department";
    default:
        return NULL;
    }
}

const char *zb_script_name(zb_script s) {
    return s == ZB_SCRIPT_TRADITIONAL ? "traditional" : "simplified";
}

const char *zb_status_name(zb_status s) {
    switch (s) {
    case ZB_OK:
        return "ok";
    case ZB_E_EMPTY:
        return "empty";
    case ZB_E_TOO_LARGE:
        return "too_large";
    case ZB_E_ENCODING:
        return "bad_encoding";
    case ZB_E_NOT_REPORT:
        return "not_a_report";
    case ZB_E_NOMEM:
        return "out_of_memory";
    case ZB_E_TIMEOUT:
        return "timeout";
    default:
        return "internal";
    }
}

/* ---- memory ---- */

/* A report holds a few strings per figure (code, unit, scope, evidence...).
 * zb_extract takes them from blocks that grow by doubling, freed at once,
 * instead of one malloc and one free each (most of the cost of building
 * and freeing a report). */
#define ARENA_FIRST 4096 /* bytes of the first block: the figures of most reports */

static void *arena_take(zb_report *r, size_t n, size_t align) {
    struct zb_report_arena *b = r->arena;
    if (b) {
        size_t at = (b->used + align - 1) & ~(align - 1);
        if (at <= b->size && n <= b->size - at) {
            b->used = at + n;
            return (unsigned char *)b->data + at;
        }
    }
    size_t size = b ? b->size * 2 : ARENA_FIRST;
    if (size < n) size = n;
    if (size > SIZE_MAX - sizeof *b) return NULL;
    struct zb_report_arena *nb = malloc(sizeof *nb + size);
    if (!nb) return NULL;
    nb->next = b;
    nb->size = size;
    nb->used = n;
    r->arena = nb;
    return nb->data;
}

zb_report *zb_report_new(void) {
    /* the report takes the first bytes of its first block: one malloc and one
     * free per report instead of two of each */
    size_t size = ARENA_FIRST + sizeof(zb_report);
    struct zb_report_arena *b = malloc(sizeof *b + size);
    if (!b) return NULL;
    zb_report *r = (zb_report *)(void *)b->data;
    memset(r, 0, sizeof *r);
    b->next = NULL;
    b->size = size;
    b->used = sizeof *r;
    r->arena = b;
    return r;
}

void *zb_report_alloc(zb_report *r, size_t n) {
    return arena_take(r, n ? n : 1, _Alignof(max_align_t));
}

char *zb_report_strndup_grow(zb_report *r, const char *s, size_t n) {
    if (n == SIZE_MAX) return NULL;
    char *d = arena_take(r, n + 1, 1);
    if (d) {
        if (n) memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The block of r's arena that holds p, or NULL. */
static struct zb_report_arena *block_of(const zb_report *r, const void *p) {
    uintptr_t x = (uintptr_t)p;
    for (struct zb_report_arena *b = r->arena; b; b = b->next)
        if (x >= (uintptr_t)b->data && x < (uintptr_t)b->data + b->size) return b;
    return NULL;
}

/* Frees p unless one of r's blocks holds it. Most optional strings are NULL
 * (an indicator's scope): no walk over the blocks for them. */
static void release(const zb_report *r, void *p) {
    if (p && !block_of(r, p)) free(p);
}

/* Every pointer of r that its arena does not hold (a caller may have set
 * one, and docfields' strings are malloc'd). */
static void release_fields(const zb_report *r) {
    release(r, r->source);
    release(r, r->title);
    release(r, r->published_date);
    release(r, r->region.name);
    release(r, r->region.code);
    release(r, r->issuer.name);
    release(r, r->encoding);
    release(r, r->content_type);
    for (size_t i = 0; i < r->n_sections; i++)
        release(r, r->sections[i].title);
    release(r, r->sections);
    for (size_t i = 0; i < r->n_indicators; i++) {
        release(r, r->indicators[i].code);
        release(r, r->indicators[i].unit);
        release(r, r->indicators[i].scope);
        release(r, r->indicators[i].evidence.text);
    }
    release(r, r->indicators);
    for (size_t i = 0; i < r->n_facts; i++) {
        release(r, r->facts[i].unit);
        release(r, r->facts[i].phrase);
        release(r, r->facts[i].evidence.text);
    }
    release(r, r->facts);
    for (size_t i = 0; i < r->n_warnings; i++) {
        release(r, r->warnings[i].code);
        release(r, r->warnings[i].message);
    }
    release(r, r->warnings);
    release(r, r->rules_version);
}

void zb_report_clear(zb_report *r) {
    if (!r) return;
    release_fields(r);
    /* zb_report_new's report lies in its first block: that block stays,
     * emptied, so a cleared report is still a report (and zb_report_free
     * still frees it with its block) */
    struct zb_report_arena *home = block_of(r, r);
    for (struct zb_report_arena *b = r->arena, *next; b; b = next) {
        next = b->next;
        if (b != home) free(b);
    }
    memset(r, 0, sizeof *r);
    if (home) {
        home->next = NULL;
        home->used = sizeof *r;
        r->arena = home;
    }
}

void zb_report_free(zb_report *r) {
    if (!r) return;
    struct zb_report_arena *home = block_of(r, r);
    zb_report_clear(r);
    if (home)
        free(home); /* the report with it */
    else
        free(r);
}

/* ---- JSON ---- */

static int str_or_null(zb_buf *b, const char *s) {
    return s ? zb_buf_json_str(b, s, strlen(s)) : zb_buf_puts(b, "null");
}

static int key(zb_buf *b, const char *k, int first) {
    if (!first && zb_buf_puts(b, ",")) return -1;
    if (zb_buf_json_str(b, k, strlen(k))) return -1;
    return zb_buf_puts(b, ":");
}

/* Integers without ".0"; others with up to 15 significant digits (98.3 stays 98.3). */
static int zb_json_number(zb_buf *b, double v) {
    if (!isfinite(v)) return zb_buf_puts(b, "null");
    if (v == floor(v) && fabs(v) < 1e15) return zb_buf_printf(b, "%.0f", v);
    return zb_buf_printf(b, "%.15g", v);
}

static int span_json(zb_buf *b, const zb_span *e) {
    int rc =
        zb_buf_printf(b, "{\"start\":%llu,\"end\":%llu,\"text\":", (unsigned long long)e->start,
                      (unsigned long long)e->end);
    rc |= str_or_null(b, e->text);
    rc |= zb_buf_puts(b, "}");
    return rc;
}

static int sections_json(const zb_report *r, zb_buf *b) {
    int rc = zb_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_sections && !rc; i++) {
        const zb_section *s = &r->sections[i];
        rc |= zb_buf_puts(b, i ? ",{" : "{");
        rc |= key(b, "kind", 1) | str_or_null(b, zb_section_kind_name(s->kind));
        rc |= key(b, "title", 0) | str_or_null(b, s->title);
        rc |= key(b, "level", 0) | zb_buf_printf(b, "%d", s->level);
        rc |= key(b, "start", 0) | zb_buf_printf(b, "%llu", (unsigned long long)s->start);
        rc |= key(b, "end", 0) | zb_buf_printf(b, "%llu", (unsigned long long)s->end);
        rc |= zb_buf_puts(b, "}");
    }
    return rc | zb_buf_puts(b, "]");
}

static int indicators_json(const zb_report *r, zb_buf *b) {
    int rc = zb_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_indicators && !rc; i++) {
        const zb_indicator *x = &r->indicators[i];
        rc |= zb_buf_puts(b, i ? ",{" : "{");
        rc |= key(b, "code", 1) | str_or_null(b, x->code);
        rc |= key(b, "value", 0) | zb_json_number(b, x->value);
        rc |= key(b, "unit", 0) | str_or_null(b, x->unit);
        rc |= key(b, "approx", 0) | str_or_null(b, zb_approx_name(x->approx));
        rc |= key(b, "scope", 0) | str_or_null(b, x->scope);
        rc |= key(b, "section", 0) | str_or_null(b, zb_section_kind_name(x->section));
        rc |= key(b, "evidence", 0) | span_json(b, &x->evidence);
        rc |= zb_buf_puts(b, "}");
    }
    return rc | zb_buf_puts(b, "]");
}

static int facts_json(const zb_report *r, zb_buf *b) {
    int rc = zb_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_facts && !rc; i++) {
        const zb_fact *x = &r->facts[i];
        rc |= zb_buf_puts(b, i ? ",{" : "{");
        rc |= key(b, "value", 1) | zb_json_number(b, x->value);
        rc |= key(b, "unit", 0) | str_or_null(b, x->unit);
        rc |= key(b, "approx", 0) | str_or_null(b, zb_approx_name(x->approx));
        rc |= key(b, "phrase", 0) | str_or_null(b, x->phrase);
        rc |= key(b, "section", 0) | str_or_null(b, zb_section_kind_name(x->section));
        rc |= key(b, "target", 0) | zb_buf_puts(b, x->target ? "true" : "false");
        rc |= key(b, "evidence", 0) | span_json(b, &x->evidence);
        rc |= zb_buf_puts(b, "}");
    }
    return rc | zb_buf_puts(b, "]");
}

static int warnings_json(const zb_report *r, zb_buf *b) {
    int rc = zb_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_warnings && !rc; i++) {
        rc |= zb_buf_puts(b, i ? ",{" : "{");
        rc |= key(b, "code", 1) | str_or_null(b, r->warnings[i].code);
        rc |= key(b, "message", 0) | str_or_null(b, r->warnings[i].message);
        rc |= zb_buf_puts(b, "}");
    }
    return rc | zb_buf_puts(b, "]");
}

int zb_report_json(const zb_report *r, zb_buf *b) {
    int rc = zb_buf_puts(b, "{");
    rc |= key(b, "source", 1) | str_or_null(b, r->source);
    rc |= key(b, "title", 0) | str_or_null(b, r->title);
    rc |= key(b, "report_year", 0);
    rc |= r->report_year ? zb_buf_printf(b, "%d", r->report_year) : zb_buf_puts(b, "null");
    rc |= key(b, "published_date", 0) | str_or_null(b, r->published_date);
    rc |= key(b, "region", 0) | zb_buf_puts(b, "{");
    rc |= key(b, "name", 1) | str_or_null(b, r->region.name);
    rc |= key(b, "code", 0) | str_or_null(b, r->region.code);
    rc |= key(b, "level", 0) | str_or_null(b, zb_region_level_name(r->region.level));
    rc |= zb_buf_puts(b, "}");
    rc |= key(b, "issuer", 0) | zb_buf_puts(b, "{");
    rc |= key(b, "name", 1) | str_or_null(b, r->issuer.name);
    rc |= key(b, "kind", 0) | str_or_null(b, zb_issuer_kind_name(r->issuer.kind));
    rc |= zb_buf_puts(b, "}");
    rc |= key(b, "script", 0) | str_or_null(b, zb_script_name(r->script));
    rc |= key(b, "encoding", 0) | str_or_null(b, r->encoding);
    rc |= key(b, "sections", 0) | sections_json(r, b);
    rc |= key(b, "indicators", 0) | indicators_json(r, b);
    rc |= key(b, "facts", 0) | facts_json(r, b);
    rc |= key(b, "warnings", 0) | warnings_json(r, b);
    rc |= key(b, "extractor_version", 0) | str_or_null(b, ZB_EXTRACTOR_VERSION);
    rc |= key(b, "rules_version", 0) | str_or_null(b, r->rules_version);
    rc |= zb_buf_puts(b, "}");
    return rc ? -1 : 0;
}
