/* extract.c - zb_extract(): one report's bytes to a zb_report.
 *
 *   decode (text.c)  -> normalized simplified UTF-8 + offset map
 *   docfields        -> title, year, date, region, issuer
 *   sections         -> headings and their kinds
 *   indicators       -> every quantity, assigned to a code or kept as a fact
 *   tables           -> number cells of table rows, read through their header
 *   report           -> indicators (not in plan sections), facts (plan figures
 *                       as targets), warnings (rates that disagree with counts)
 *
 * Offsets in the report are byte offsets into the input as received, through
 * the decode layer's map. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "report_internal.h"
#include "rules_internal.h"
#include "tables.h"

#define MAX_WARNINGS 64
#define RULE_STRS 64 /* rules whose code and unit strings are kept per report */

/* The code and unit of a rule, copied into the report's arena once: every
 * indicator of that rule points at the same copy (freed with the arena;
 * nothing frees or changes an indicator's strings on its own). */
typedef struct {
    int rule;
    char *code, *unit;
} rule_strs;

typedef struct {
    const zb_rules *rules;
    zb_text t;
    zb_section *secs; /* offsets into t.s (for zb_section_at) */
    size_t n_secs;
    zb_ind_match *m;
    size_t n_m;
    zb_report *r;
    uint32_t max_ms;    /* the work budget (budget.h) */
    zb_buf ev;          /* a converted span's evidence, reused from span to span */
    size_t orig_cursor; /* zb_text_original_verbatim's, from span to span */
    rule_strs *rs;      /* direct-mapped by rule index (build_figures' own) */
    uint64_t rs_valid;  /* bit k: rs[k] holds a rule */
} job;

/* The report's strings come from its arena (report_internal.h). */
static char *dup_range(job *j, const char *s, size_t a, size_t b) {
    return zb_report_strndup(j->r, s + a, b - a);
}

static char *dup_str(job *j, const char *s) { return s ? dup_range(j, s, 0, strlen(s)) : NULL; }

/* Evidence for t.s[a..b): input offsets and the text as written. */
static int make_span(job *j, size_t a, size_t b, zb_span *sp) {
    const zb_text *t = &j->t;
    if (b > t->len) b = t->len;
    if (a >= b) {
        sp->start = sp->end = a < t->len ? t->off[a] : t->in_len;
        sp->text = dup_str(j, "");
        return sp->text ? 0 : -1;
    }
    zb_text_span(t, a, b, &sp->start, &sp->end);
    /* most evidence is the text's own bytes (no char of it was converted):
     * copied once into the report, not first into a buffer */
    size_t va = a, vb = b;
    if (zb_text_original_verbatim(t, &va, &vb, &j->orig_cursor)) {
        sp->text = dup_range(j, t->s, va, vb);
    } else {
        zb_buf_reset(&j->ev);
        if (zb_text_original(t, a, b, &j->ev)) return -1;
        sp->text = dup_range(j, j->ev.p ? j->ev.p : "", 0, j->ev.len);
    }
    return sp->text ? 0 : -1;
}

static int copy_sections(job *j) {
    zb_report *r = j->r;
    if (!j->n_secs) return 0;
    r->sections = zb_report_alloc(r, j->n_secs * sizeof *r->sections);
    if (!r->sections) return -1;
    memset(r->sections, 0, j->n_secs * sizeof *r->sections);
    r->n_sections = j->n_secs;
    for (size_t i = 0; i < j->n_secs; i++) {
        const zb_section *s = &j->secs[i];
        zb_section *d = &r->sections[i];
        d->kind = s->kind;
        d->level = s->level;
        if (!(d->title = dup_str(j, s->title ? s->title : ""))) return -1;
        size_t a = s->start < j->t.len ? (size_t)s->start : j->t.len;
        size_t b = s->end < j->t.len ? (size_t)s->end : j->t.len;
        d->start = a < j->t.len ? j->t.off[a] : j->t.in_len;
        d->end = b < j->t.len ? j->t.off[b] : j->t.in_len;
        /* the decode layer's map is not monotonic when HTML text is taken
         * out of order; a span never runs backwards (as zb_text_span) */
        if (d->end < d->start) d->end = d->start;
    }
    return 0;
}

/* The figure arrays are not zeroed: add_indicator and add_fact set every
 * field, and a figure is counted (n_indicators, n_facts: what
 * zb_report_free reads) only once it is whole. */
static int add_indicator(job *j, const zb_ind_match *m, zb_section_kind sec) {
    zb_report *r = j->r;
    zb_indicator *x = &r->indicators[r->n_indicators];
    const zb_ind_rules *ir = j->rules->ind;
    size_t slot = (size_t)m->rule % RULE_STRS;
    rule_strs *c = &j->rs[slot];
    if (!((j->rs_valid >> slot) & 1) || c->rule != m->rule) {
        c->code = dup_str(j, zb_ind_rule_code(ir, (size_t)m->rule));
        c->unit = dup_str(j, zb_ind_rule_unit(ir, (size_t)m->rule));
        if (!c->code || !c->unit) return -1;
        c->rule = m->rule;
        j->rs_valid |= 1ull << slot;
    }
    x->code = c->code;
    x->unit = c->unit;
    x->value = m->q.value;
    x->approx = m->q.approx;
    x->section = sec;
    x->scope = NULL;
    if (m->scope_end > m->scope_start) {
        x->scope = dup_range(j, j->t.s, m->scope_start, m->scope_end);
        if (!x->scope) return -1;
    }
    if (make_span(j, m->ev_start, m->ev_end, &x->evidence)) return -1;
    r->n_indicators++;
    return 0;
}

/* A fact's evidence runs from its phrase to its figure, when the phrase is
 * near. A table's header can stand far above its cell: the span over every
 * row between, for every cell, grew with the square of the table (a 256 KB
 * table of 7,000 rows printed 2 GB of evidence). Far back, the evidence
 * starts at the figure's sentence (a table row), else at the figure. */
#define PHRASE_REACH 1024

static size_t evidence_start(const zb_ind_match *m) {
    size_t a = m->phrase_start < m->q.start ? m->phrase_start : m->q.start;
    if (m->q.start - a <= PHRASE_REACH) return a;
    int near = m->sent_start > a && m->sent_start <= m->q.start &&
               m->q.start - m->sent_start <= PHRASE_REACH;
    return near ? m->sent_start : m->q.start;
}

static size_t evidence_end(const zb_ind_match *m) {
    size_t b = m->phrase_end > m->q.end ? m->phrase_end : m->q.end;
    return b - m->q.end <= PHRASE_REACH ? b : m->q.end;
}

static int add_fact(job *j, const zb_ind_match *m, zb_section_kind sec, int target) {
    zb_report *r = j->r;
    zb_fact *x = &r->facts[r->n_facts];
    x->value = m->q.value;
    x->approx = m->q.approx;
    x->section = sec;
    x->target = target;
    x->unit = dup_str(j, m->q.unit);
    x->phrase = dup_range(j, j->t.s, m->phrase_start, m->phrase_end);
    if (!x->unit || !x->phrase) return -1;
    if (make_span(j, evidence_start(m), evidence_end(m), &x->evidence)) return -1;
    r->n_facts++;
    return 0;
}

static int add_warnings(job *j, const unsigned char *skip) {
    zb_ind_mismatch mm[MAX_WARNINGS];
    const zb_ind_rules *ir = j->rules->ind;
    size_t n = zb_ind_check_rates(ir, j->t.s, j->m, j->n_m, skip, mm, MAX_WARNINGS);
    int capped = j->n_m >= ZB_IND_MAX_FIGURES;
    if (!n && !capped) return 0;
    j->r->warnings = zb_report_alloc(j->r, (n + 1) * sizeof *j->r->warnings);
    if (!j->r->warnings) return -1;
    memset(j->r->warnings, 0, (n + 1) * sizeof *j->r->warnings);
    if (capped) {
        zb_warning *w = &j->r->warnings[j->r->n_warnings++];
        char msg[128];
        snprintf(msg, sizeof msg, "more than %d figures: only the first %d were read",
                 ZB_IND_MAX_FIGURES, ZB_IND_MAX_FIGURES);
        w->code = dup_str(j, "too_many_figures");
        w->message = dup_str(j, msg);
        if (!w->code || !w->message) return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const zb_ind_match *rate = &j->m[mm[i].rate], *num = &j->m[mm[i].num],
                           *den = &j->m[mm[i].den];
        char msg[512];
        snprintf(msg, sizeof msg, "%s %.15g%% disagrees with %s %.15g / %s %.15g = %.2f%%",
                 zb_ind_rule_code(ir, (size_t)rate->rule), rate->q.value,
                 zb_ind_rule_code(ir, (size_t)num->rule), num->q.value,
                 zb_ind_rule_code(ir, (size_t)den->rule), den->q.value, mm[i].computed);
        zb_warning *w = &j->r->warnings[j->r->n_warnings++];
        w->code = dup_str(j, "rate_mismatch");
        w->message = dup_str(j, msg);
        if (!w->code || !w->message) return -1;
    }
    return 0;
}

/* Relative years (去年, 上年度) count from when the text was written. A page
 * published the year after its report year (a 2024 report of March 2025, a
 * news item on it) means the report's own year by 去年: "去年以来,全县受理…".
 * So does a text that names neither a year of its own nor a date: a news item
 * summing up last year's work ("总结去年的政府法制工作…去年…受理行政复议案件近
 * 1800件") has no other year for its figures to be about. */
static int written_year_after(const zb_report *r) {
    if (!r->published_date && r->report_year <= 0) return 2; /* see compared_in_sentence */
    return r->published_date && r->report_year > 0 && atoi(r->published_date) == r->report_year + 1;
}

/* In a text of no year nor date, a 去年 figure beside a figure of the same
 * code in its sentence ("全年受理…120件,去年受理98件") is a comparison with
 * last year, not the year the text is about. m is j->m[i]; n figures. */
static int compared_in_sentence(const job *j, size_t i, size_t n, int rule) {
    const zb_ind_match *m = &j->m[i];
    for (size_t k = i; k-- > 0 && j->m[k].sent_start == m->sent_start;)
        if (j->m[k].rule >= 0 && !strcmp(zb_ind_rule_code(j->rules->ind, (size_t)j->m[k].rule),
                                         zb_ind_rule_code(j->rules->ind, (size_t)rule)))
            return 1;
    for (size_t k = i + 1; k < n && j->m[k].sent_start == m->sent_start; k++)
        if (j->m[k].rule >= 0 && !strcmp(zb_ind_rule_code(j->rules->ind, (size_t)j->m[k].rule),
                                         zb_ind_rule_code(j->rules->ind, (size_t)rule)))
            return 1;
    return 0;
}

/* A figure stated again in another sentence (a news item's headline and its
 * body, a summary repeating the text: 共审结…12195件 twice) is one fact of the
 * report, not two: the same code, value, approximation, scope and trigger
 * word as an indicator already emitted makes the later one a plain fact.
 * Equal figures in one sentence (废止…28件、失效…28件) or after other
 * wording (学习20余次 / 开展20余次) stay separate facts. The look-back is
 * bounded so that hostile input stays linear. */
#define RESTATE_LOOKBACK 1024
#define NO_FIGURE UINT32_MAX

/* The indicators emitted so far, chained by a hash of their value (newest
 * first): a figure is compared with those of its value only, not with
 * every figure of the look-back. */
typedef struct {
    uint32_t *head; /* mask + 1 chains */
    uint32_t *next; /* per figure: the previous emitted one of its chain */
    uint32_t mask;
} emitted_index;

static uint32_t value_hash(double v, uint32_t mask) {
    uint64_t b;
    if (v == 0) v = 0; /* -0 equals 0: one chain */
    memcpy(&b, &v, sizeof b);
    return (uint32_t)((b * 0x9E3779B97F4A7C15ull) >> 40) & mask;
}

static int same_range(const char *s, size_t a0, size_t a1, size_t b0, size_t b1) {
    return a1 - a0 == b1 - b0 && !memcmp(s + a0, s + b0, a1 - a0);
}

static int restated(const job *j, const emitted_index *ix, size_t i) {
    const zb_ind_match *m = &j->m[i];
    const char *s = j->t.s, *code = zb_ind_rule_code(j->rules->ind, (size_t)m->rule);
    if (m->head_end <= m->head_start) return 0;
    for (uint32_t k = ix->head[value_hash(m->q.value, ix->mask)];
         k != NO_FIGURE && k + RESTATE_LOOKBACK >= i; k = ix->next[k]) {
        const zb_ind_match *x = &j->m[k];
        if (x->q.value != m->q.value || x->q.approx != m->q.approx ||
            x->sent_start == m->sent_start)
            continue;
        if (strcmp(zb_ind_rule_code(j->rules->ind, (size_t)x->rule), code)) continue;
        /* a count stated once with a scope and once without (标题: 生态环境部门下达
         * 处罚决定9.1万个 / 正文: 全年共下达处罚决定9.10万个) is one figure; a rate's
         * scope is what tells 区政府 100% from 部门 100% */
        int unscoped = x->scope_end == x->scope_start || m->scope_end == m->scope_start;
        if ((same_range(s, x->scope_start, x->scope_end, m->scope_start, m->scope_end) ||
             (unscoped && strcmp(m->q.unit, "%"))) &&
            same_range(s, x->head_start, x->head_end, m->head_start, m->head_end))
            return 1;
    }
    return 0;
}

/* zb_section_at for figures that come mostly in text order: *k (the number
 * of sections starting at or before the last figure) is kept when it still
 * holds or moves by one, else found again by zb_section_at's search. */
static zb_section_kind section_at(const job *j, size_t *k, size_t off) {
    const zb_section *v = j->secs;
    size_t n = j->n_secs, c = *k;
    if (!((c == 0 || v[c - 1].start <= off) && (c == n || v[c].start > off))) {
        if (c < n && v[c].start <= off && (c + 1 == n || v[c + 1].start > off))
            c++;
        else
            c = zb_section_count_to(v, n, off);
    }
    *k = c;
    return c ? v[c - 1].kind : ZB_SEC_OTHER;
}

#define LOCAL_FIGURES 256 /* most reports: the scratch arrays on the stack */

/* Indicators and facts from the matches; figures in plan sections, or after
 * a goal word (力争, 计划开展), are targets. A first pass decides what each
 * figure is, so that the report's arrays are allocated at their sizes. */
static int build_figures(job *j) {
    zb_report *r = j->r;
    size_t n = j->n_m, size = 16;
    while (size < 2 * n)
        size *= 2;
    /* per figure: target (add_warnings' skip), indicator, section kind;
     * the emitted index */
    struct {
        unsigned char target[LOCAL_FIGURES], ind[LOCAL_FIGURES], sec[LOCAL_FIGURES];
        uint32_t next[LOCAL_FIGURES], head[2 * LOCAL_FIGURES];
    } local;
    int big = n > LOCAL_FIGURES;
    unsigned char *target = local.target, *ind = local.ind, *sec = local.sec;
    emitted_index ix = {local.head, local.next, (uint32_t)(size - 1)};
    if (big) {
        unsigned char *p = malloc(n * (3 + sizeof(uint32_t)) + size * sizeof(uint32_t));
        if (!p) return -1;
        ix.next = (uint32_t *)p;
        ix.head = ix.next + n;
        target = (unsigned char *)(ix.head + size);
        ind = target + n;
        sec = ind + n;
    }
    for (size_t h = 0; h < size; h++)
        ix.head[h] = NO_FIGURE;
    size_t n_ind = 0, at_sec = 0;
    int after = written_year_after(r), stopped = 0;
    rule_strs rs[RULE_STRS]; /* no setup: rs_valid tells the entries in use */
    j->rs = rs;
    j->rs_valid = 0;
    for (size_t i = 0; i < n && !(stopped = zb_budget_over()); i++) {
        zb_ind_match *m = &j->m[i];
        if (after && m->rule < 0 && m->back_rule > 0 &&
            (after == 1 || !compared_in_sentence(j, i, n, m->back_rule - 1)))
            m->rule = m->back_rule - 1;
        zb_section_kind k = section_at(j, &at_sec, m->q.start);
        /* "计划2027年审查规范性文件10件" in a 2026 report: a plan whatever the section */
        int planned = m->plan_year && r->report_year > 0 && m->plan_year > r->report_year;
        target[i] = k == ZB_SEC_PLAN || m->target_cue || planned;
        sec[i] = (unsigned char)k;
        ind[i] = m->rule >= 0 && !target[i] && !restated(j, &ix, i);
        if (ind[i]) {
            uint32_t h = value_hash(m->q.value, ix.mask);
            ix.next[i] = ix.head[h];
            ix.head[h] = (uint32_t)i;
            n_ind++;
        }
    }
    /* out of budget: the report is dropped (zb_extract), nothing to build */
    int rc = 0;
    if (stopped) {
        if (big) free(ix.next);
        return 0;
    }
    if (n_ind && !(r->indicators = zb_report_alloc(r, n_ind * sizeof *r->indicators))) rc = -1;
    if (!rc && n > n_ind && !(r->facts = zb_report_alloc(r, (n - n_ind) * sizeof *r->facts)))
        rc = -1;
    for (size_t i = 0; i < n && !rc && !zb_budget_over(); i++)
        rc = ind[i] ? add_indicator(j, &j->m[i], (zb_section_kind)sec[i])
                    : add_fact(j, &j->m[i], (zb_section_kind)sec[i], target[i]);
    if (!rc) rc = add_warnings(j, target);
    if (big) free(ix.next);
    return rc;
}

/* The work budget ran out (budget.h): the stage named stopped early, or
 * finished after the limit. Whatever it found is dropped: a partial report
 * would look complete downstream. */
static zb_status timed_out(const job *j, const char *stage, char *err, size_t errlen) {
    snprintf(err, errlen,
             "extraction took over its limit of %u ms; stopped in %s (%zu bytes of text)",
             (unsigned)j->max_ms, stage, j->t.len);
    return ZB_E_TIMEOUT;
}

static zb_status run(job *j, const zb_extract_opts *opts, char *err, size_t errlen) {
    zb_report *r = j->r;
    const zb_text *t = &j->t;
    if (t->n_cjk < 10) {
        snprintf(err, errlen, "not a report: %zu Chinese characters after decoding", t->n_cjk);
        return ZB_E_NOT_REPORT;
    }
    if (!zb_ind_looks_like_report(j->rules->ind, t->s, t->len)) {
        snprintf(err, errlen, "not a report: no rule-of-law wording (法治, 依法行政...)");
        return ZB_E_NOT_REPORT;
    }
    r->script = t->script;
    r->encoding = dup_str(j, t->encoding);
    r->content_type = dup_str(j, t->is_html ? "text/html" : "text/plain");
    r->rules_version = dup_str(j, zb_rules_version(j->rules));
    if (opts && opts->source && !(r->source = dup_str(j, opts->source))) return ZB_E_NOMEM;
    if (!r->encoding || !r->content_type || !r->rules_version) return ZB_E_NOMEM;
    const zb_rules *ru = j->rules;
    if (zb_docfields_find(ru->gaz, ru->doc, t->s, t->len, t->html_title, t->published, r, err,
                          errlen))
        return ZB_E_NOMEM;
    if (zb_budget_over_now()) return timed_out(j, "title/year/region", err, errlen);
    if (zb_sections_find(ru->sec, t->s, t->len, &j->secs, &j->n_secs, err, errlen))
        return ZB_E_NOMEM;
    if (copy_sections(j)) return ZB_E_NOMEM;
    if (zb_budget_over_now()) return timed_out(j, "sections", err, errlen);
    if (zb_ind_assign(ru->ind, t->s, t->len, &j->m, &j->n_m)) return ZB_E_NOMEM;
    if (zb_budget_over_now()) return timed_out(j, "indicators", err, errlen);
    if (zb_tables_assign(ru->ind, t->s, t->len, &j->m, &j->n_m)) return ZB_E_NOMEM;
    if (zb_budget_over_now()) return timed_out(j, "tables", err, errlen);
    if (build_figures(j)) return ZB_E_NOMEM;
    if (zb_budget_over_now()) return timed_out(j, "figures", err, errlen);
    return ZB_OK;
}

zb_status zb_extract(const zb_rules *rules, const char *buf, size_t len,
                     const zb_extract_opts *opts, zb_report **out, char *err, size_t errlen) {
    *out = NULL;
    if (errlen) err[0] = '\0';
    if (!rules) {
        snprintf(err, errlen, "no rules loaded");
        return ZB_E_INTERNAL;
    }
    job j;
    memset(&j, 0, sizeof j);
    j.rules = rules;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : ZB_TEXT_MAX_BYTES_DEFAULT;
    j.max_ms = opts && opts->max_ms ? opts->max_ms : ZB_EXTRACT_MAX_MS_DEFAULT;
    zb_budget_start(j.max_ms);
    /* decoding counts steps where a byte can cost much (HTML tags and tree
     * nodes); plain text is linear and bounded by max_bytes */
    zb_status st = zb_text_decode(rules->t2s, buf, len, opts ? opts->content_type : NULL,
                                  opts ? opts->charset : NULL, max, &j.t, err, errlen);
    if (st == ZB_E_TIMEOUT) /* no text yet: the input's size */
        snprintf(err, errlen,
                 "extraction took over its limit of %u ms; stopped in decoding "
                 "(%zu bytes of input)",
                 (unsigned)j.max_ms, len);
    if (st != ZB_OK) {
        zb_budget_stop();
        return st;
    }
    if (zb_budget_over_now())
        st = timed_out(&j, "decoding", err, errlen);
    else if (!(j.r = zb_report_new()))
        st = ZB_E_NOMEM;
    else
        st = run(&j, opts, err, errlen);
    zb_budget_stop();
    if (st == ZB_E_NOMEM && err[0] == '\0') snprintf(err, errlen, "out of memory");
    zb_sections_free(j.secs, j.n_secs);
    zb_buf_free(&j.ev);
    free(j.m);
    zb_text_free(&j.t);
    if (st != ZB_OK) {
        zb_report_free(j.r);
        return st;
    }
    *out = j.r;
    return ZB_OK;
}
