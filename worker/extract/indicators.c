/* indicators.c - quantities to indicator codes, driven by rule data.
 *
 * For each quantity the text around it is split into:
 *   sentence  between 。;!?\n
 *   before    from the previous quantity of the sentence (or its start) to the
 *             number: "审核规范性文件10件、清理600余件" gives 清理 to 600 only
 *   after     from the unit to the next clause mark or quantity: the noun of
 *             "7个重大行政决策事项进行了合法性审查", "2次听证会"
 * A rule matches when one of its heads occurs in before or after, every needs
 * group occurs in the sentence up to the number (or in after), and no exclude
 * occurs in the local clause. The nearest head wins; ties go to the longer
 * head, then to the nearer needs, then to the more specific (longer) needs.
 * Needs are searched across the sentence so an object noun is shared by an
 * enumeration (审核规范性文件10件、清理600余件、废止29件). An inherit word
 * (涉及, 其中) lets a clause without a verb take the one before it.
 *
 * Keyword search is one pass over the text: every term's first character is
 * indexed, and the hits are kept sorted by position. */
#include "indicators.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 4096
#define MAX_HITS ((size_t)4 << 20)
/* An object noun further back than this (bytes, ~100 characters) belongs to
 * another statement of a long sentence. */
#define MAX_NEED_DIST 300
/* A trigger word further back than this (~60 characters) does not govern the figure. */
#define MAX_HEAD_DIST 180
/* How far a sentence is looked for either side of a figure (bytes): keeps
 * the work per figure bounded on text without full stops. */
#define MAX_SENTENCE 1500

typedef struct {
    uint64_t *w; /* bitset over term ids */
} tset;

typedef struct {
    char *code;
    zb_qkind kind;
    char *unit;
    char **units;
    size_t n_units;
    size_t *uids; /* units as indexes into zb_ind_rules.units */
    tset heads, excl;
    tset *needs;
    size_t n_needs;
    char *ratio_num, *ratio_den; /* codes, for rates */
    int num, den;                /* resolved rule indexes, -1 */
} rule;

typedef struct {
    unsigned cp;
    size_t *ids; /* term ids starting with cp, longest first */
    size_t n;
} bucket;

struct zb_ind_rules {
    char **terms;
    size_t *term_len;
    size_t n_terms;
    size_t nw; /* words per bitset */
    bucket *idx;
    size_t idx_cap;
    unsigned idx_bits; /* idx_cap == 1 << idx_bits */
    rule *rules;
    size_t n_rules;
    tset inherit, scope, stop, target;
    char **report_words; /* @report: one must occur in a report (borrowed terms) */
    size_t n_report_words;
    char **units; /* every unit named by a rule, for the number scanner */
    size_t n_units;
    uint64_t *pool; /* every bitset's words */
    size_t pool_used, pool_cap;
};

typedef struct {
    size_t pos, end, term;
} hit;

/* ---- small helpers ---- */

static size_t u8_len(unsigned char c) {
    return c < 0x80             ? 1
           : (c & 0xE0) == 0xC0 ? 2
           : (c & 0xF0) == 0xE0 ? 3
           : (c & 0xF8) == 0xF0 ? 4
                                : 1;
}

static unsigned u8_cp(const char *s, size_t len, size_t i) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t n = u8_len(p[0]);
    if (i + n > len) return p[0];
    if (n == 1) return p[0];
    if (n == 2) return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if (n == 3) return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

static int has(const tset *t, size_t id) { return t->w && ((t->w[id / 64] >> (id % 64)) & 1); }

/* ---- loading ---- */

typedef struct {
    /* during parsing, sets are lists of term ids; bitsets are built at the end */
    size_t *ids;
    size_t n, cap;
} idlist;

typedef struct {
    idlist heads, excl;
    idlist *needs;
    size_t n_needs;
} rule_lists;

static int term_id(zb_ind_rules *r, const char *w, size_t n, size_t *id) {
    for (size_t i = 0; i < r->n_terms; i++) {
        if (r->term_len[i] == n && !memcmp(r->terms[i], w, n)) {
            *id = i;
            return 0;
        }
    }
    if (r->n_terms >= MAX_TERMS) return -1;
    if (r->n_terms % 64 == 0) {
        char **t = realloc(r->terms, (r->n_terms + 64) * sizeof *t);
        if (!t) return -1;
        r->terms = t;
        size_t *l = realloc(r->term_len, (r->n_terms + 64) * sizeof *l);
        if (!l) return -1;
        r->term_len = l;
    }
    char *c = malloc(n + 1);
    if (!c) return -1;
    memcpy(c, w, n);
    c[n] = '\0';
    r->terms[r->n_terms] = c;
    r->term_len[r->n_terms] = n;
    *id = r->n_terms++;
    return 0;
}

static int list_add(idlist *l, size_t id) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        size_t *p = realloc(l->ids, cap * sizeof *p);
        if (!p) return -1;
        l->ids = p;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

/* "a|b|c" -> term ids. "-" or "" is the empty set. */
static int parse_alts(zb_ind_rules *r, const char *f, size_t n, idlist *out) {
    if (n == 0 || (n == 1 && f[0] == '-')) return 0;
    size_t a = 0;
    while (a <= n) {
        size_t b = a;
        while (b < n && f[b] != '|')
            b++;
        if (b > a) {
            size_t id;
            if (term_id(r, f + a, b - a, &id) || list_add(out, id)) return -1;
        }
        a = b + 1;
    }
    return 0;
}

static int parse_kind(const char *f, size_t n, zb_qkind *k) {
    if (n == 5 && !memcmp(f, "count", 5))
        *k = ZB_QK_COUNT;
    else if (n == 4 && !memcmp(f, "rate", 4))
        *k = ZB_QK_RATE;
    else if (n == 5 && !memcmp(f, "money", 5))
        *k = ZB_QK_MONEY;
    else
        return -1;
    return 0;
}

static char *dupn(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* Splits a "a|b" field into malloc'd strings (units). */
static int split_units(const char *f, size_t n, char ***out, size_t *cnt) {
    *out = NULL;
    *cnt = 0;
    if (n == 0 || (n == 1 && f[0] == '-')) return 0;
    size_t a = 0;
    while (a <= n) {
        size_t b = a;
        while (b < n && f[b] != '|')
            b++;
        if (b > a) {
            char **p = realloc(*out, (*cnt + 1) * sizeof *p);
            if (!p) return -1;
            *out = p;
            if (!(p[*cnt] = dupn(f + a, b - a))) return -1;
            (*cnt)++;
        }
        a = b + 1;
    }
    return 0;
}

static uint64_t *pool_alloc(zb_ind_rules *r) {
    (void)r;
    return calloc(r->nw, sizeof(uint64_t));
}

static int to_set(zb_ind_rules *r, const idlist *l, tset *t) {
    t->w = NULL;
    if (l->n == 0) return 0;
    if (!(t->w = pool_alloc(r))) return -1;
    for (size_t i = 0; i < l->n; i++)
        t->w[l->ids[i] / 64] |= 1ull << (l->ids[i] % 64);
    return 0;
}

/* Multiplicative hashing: the high bits of the product are the well-mixed ones. */
static size_t bucket_of(const zb_ind_rules *r, unsigned cp) {
    return (size_t)(((uint32_t)(cp * 2654435761u)) >> (32 - r->idx_bits));
}

static int build_index(zb_ind_rules *r) {
    r->idx_cap = 1;
    r->idx_bits = 0;
    while (r->idx_cap < r->n_terms * 4 + 16) {
        r->idx_cap *= 2;
        r->idx_bits++;
    }
    r->idx = calloc(r->idx_cap, sizeof *r->idx);
    if (!r->idx) return -1;
    for (size_t i = 0; i < r->n_terms; i++) {
        unsigned cp = u8_cp(r->terms[i], r->term_len[i], 0);
        size_t h = bucket_of(r, cp);
        while (r->idx[h].n && r->idx[h].cp != cp)
            h = (h + 1) & (r->idx_cap - 1);
        bucket *b = &r->idx[h];
        size_t *p = realloc(b->ids, (b->n + 1) * sizeof *p);
        if (!p) return -1;
        b->ids = p;
        b->cp = cp;
        /* insert keeping longest first, so the first hit at a position is the longest */
        size_t k = b->n;
        while (k > 0 && r->term_len[b->ids[k - 1]] < r->term_len[i]) {
            b->ids[k] = b->ids[k - 1];
            k--;
        }
        b->ids[k] = i;
        b->n++;
    }
    return 0;
}

static void free_lists(rule_lists *l) {
    free(l->heads.ids);
    free(l->excl.ids);
    for (size_t i = 0; i < l->n_needs; i++)
        free(l->needs[i].ids);
    free(l->needs);
}

/* Fields of one line: tab-separated. */
static size_t split_tabs(const char *line, size_t n, const char **f, size_t *fl, size_t max) {
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n && k < max; i++) {
        if (i == n || line[i] == '\t') {
            f[k] = line + a;
            fl[k] = i - a;
            k++;
            a = i + 1;
        }
    }
    return k;
}

/* needs: groups separated by spaces, each "a|b". */
static int parse_needs(zb_ind_rules *r, const char *f, size_t n, rule_lists *l) {
    size_t a = 0;
    while (a < n) {
        while (a < n && f[a] == ' ')
            a++;
        size_t b = a;
        while (b < n && f[b] != ' ')
            b++;
        if (b > a && !(b - a == 1 && f[a] == '-')) {
            idlist *p = realloc(l->needs, (l->n_needs + 1) * sizeof *p);
            if (!p) return -1;
            l->needs = p;
            memset(&p[l->n_needs], 0, sizeof *p);
            if (parse_alts(r, f + a, b - a, &p[l->n_needs++])) return -1;
        }
        a = b;
    }
    return 0;
}

static int parse_line(zb_ind_rules *r, const char *line, size_t n, rule_lists **lists,
                      idlist globals[5], char *err, size_t errlen, size_t lineno) {
    const char *f[8];
    size_t fl[8];
    size_t k = split_tabs(line, n, f, fl, 8);
    if (f[0][0] == '@') {
        static const char *const G[] = {"@inherit", "@scope", "@stop", "@report", "@target"};
        for (int g = 0; g < 5; g++) {
            if (fl[0] == strlen(G[g]) && !memcmp(f[0], G[g], fl[0]) && k >= 2)
                return parse_alts(r, f[1], fl[1], &globals[g]);
        }
        snprintf(err, errlen, "indicators.tsv:%zu: unknown directive", lineno);
        return -1;
    }
    if (k < 7) {
        snprintf(err, errlen, "indicators.tsv:%zu: expected at least 7 tab-separated fields",
                 lineno);
        return -1;
    }
    rule *p = realloc(r->rules, (r->n_rules + 1) * sizeof *p);
    if (!p) return -1;
    r->rules = p;
    rule_lists *pl = realloc(*lists, (r->n_rules + 1) * sizeof *pl);
    if (!pl) return -1;
    *lists = pl;
    rule *ru = &p[r->n_rules];
    rule_lists *rl = &pl[r->n_rules];
    memset(ru, 0, sizeof *ru);
    memset(rl, 0, sizeof *rl);
    r->n_rules++;
    ru->num = ru->den = -1;
    if (parse_kind(f[1], fl[1], &ru->kind)) {
        snprintf(err, errlen, "indicators.tsv:%zu: kind must be count, rate or money", lineno);
        return -1;
    }
    if (!(ru->code = dupn(f[0], fl[0])) || !(ru->unit = dupn(f[2], fl[2]))) return -1;
    if (split_units(f[3], fl[3], &ru->units, &ru->n_units)) return -1;
    if (parse_alts(r, f[4], fl[4], &rl->heads) || parse_needs(r, f[5], fl[5], rl) ||
        parse_alts(r, f[6], fl[6], &rl->excl))
        return -1;
    if (rl->heads.n == 0) {
        snprintf(err, errlen, "indicators.tsv:%zu: rule %s has no heads", lineno, ru->code);
        return -1;
    }
    if (k >= 8 && fl[7] > 1) {
        const char *slash = memchr(f[7], '/', fl[7]);
        if (!slash) {
            snprintf(err, errlen, "indicators.tsv:%zu: ratio must be num_code/den_code", lineno);
            return -1;
        }
        ru->ratio_num = dupn(f[7], (size_t)(slash - f[7]));
        ru->ratio_den = dupn(slash + 1, fl[7] - (size_t)(slash - f[7]) - 1);
        if (!ru->ratio_num || !ru->ratio_den) return -1;
    }
    return 0;
}

/* The units of all rules, once each: the scanner accepts them besides its own. */
static int collect_units(zb_ind_rules *r) {
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (ru->n_units && !(ru->uids = calloc(ru->n_units, sizeof *ru->uids))) return -1;
        for (size_t k = 0; k < ru->n_units; k++) {
            size_t j = 0;
            while (j < r->n_units && strcmp(r->units[j], ru->units[k]))
                j++;
            if (j == r->n_units) {
                char **p = realloc(r->units, (r->n_units + 1) * sizeof *p);
                if (!p) return -1;
                r->units = p;
                r->units[r->n_units++] = ru->units[k]; /* borrowed from the rule */
            }
            ru->uids[k] = j;
        }
    }
    return 0;
}

zb_ind_rules *zb_ind_rules_parse(const char *text, size_t len, char *err, size_t errlen) {
    zb_ind_rules *r = calloc(1, sizeof *r);
    rule_lists *lists = NULL;
    idlist globals[5];
    memset(globals, 0, sizeof globals);
    int header_seen = 0, rc = -1;
    if (!r) goto out;
    snprintf(err, errlen, "out of memory");
    size_t a = 0, lineno = 0;
    while (a < len) {
        size_t b = a;
        while (b < len && text[b] != '\n')
            b++;
        size_t n = b - a;
        if (n && text[a + n - 1] == '\r') n--;
        lineno++;
        if (n && text[a] != '#') {
            if (!header_seen && n >= 4 && !memcmp(text + a, "code", 4)) {
                header_seen = 1;
            } else if (parse_line(r, text + a, n, &lists, globals, err, errlen, lineno)) {
                goto out;
            }
        }
        a = b + 1;
    }
    if (r->n_rules == 0) {
        snprintf(err, errlen, "indicators.tsv: no rules");
        goto out;
    }
    r->nw = (r->n_terms + 63) / 64 + 1;
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (to_set(r, &lists[i].heads, &ru->heads) || to_set(r, &lists[i].excl, &ru->excl))
            goto out;
        if (lists[i].n_needs) {
            if (!(ru->needs = calloc(lists[i].n_needs, sizeof *ru->needs))) goto out;
            ru->n_needs = lists[i].n_needs;
            for (size_t g = 0; g < ru->n_needs; g++)
                if (to_set(r, &lists[i].needs[g], &ru->needs[g])) goto out;
        }
    }
    if (to_set(r, &globals[0], &r->inherit) || to_set(r, &globals[1], &r->scope) ||
        to_set(r, &globals[2], &r->stop) || to_set(r, &globals[4], &r->target))
        goto out;
    for (size_t i = 0; i < globals[3].n; i++) {
        char **p = realloc(r->report_words, (r->n_report_words + 1) * sizeof *p);
        if (!p) goto out;
        r->report_words = p;
        r->report_words[r->n_report_words++] = r->terms[globals[3].ids[i]]; /* borrowed */
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (!ru->ratio_num) continue;
        ru->num = zb_ind_rule_find(r, ru->ratio_num);
        ru->den = zb_ind_rule_find(r, ru->ratio_den);
        if (ru->num < 0 || ru->den < 0) {
            snprintf(err, errlen, "indicators.tsv: %s: ratio names an unknown code", ru->code);
            goto out;
        }
    }
    if (build_index(r) || collect_units(r)) goto out;
    rc = 0;
out:
    if (lists && r) {
        for (size_t i = 0; i < r->n_rules; i++)
            free_lists(&lists[i]);
    }
    free(lists);
    for (int g = 0; g < 5; g++)
        free(globals[g].ids);
    if (rc) {
        zb_ind_rules_free(r);
        return NULL;
    }
    return r;
}

zb_ind_rules *zb_ind_rules_load(const char *config_dir, char *err, size_t errlen) {
    char path[4096];
    snprintf(path, sizeof path, "%s/indicators.tsv", config_dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 65536;
            if (cap > (16u << 20)) break;
            char *p = realloc(buf, cap);
            if (!p) break;
            buf = p;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || !buf) {
        free(buf);
        snprintf(err, errlen, "%s: read error", path);
        return NULL;
    }
    zb_ind_rules *r = zb_ind_rules_parse(buf, len, err, errlen);
    free(buf);
    return r;
}

void zb_ind_rules_free(zb_ind_rules *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_terms; i++)
        free(r->terms[i]);
    free(r->terms);
    free(r->term_len);
    if (r->idx)
        for (size_t i = 0; i < r->idx_cap; i++)
            free(r->idx[i].ids);
    free(r->idx);
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        free(ru->code);
        free(ru->unit);
        for (size_t k = 0; k < ru->n_units; k++)
            free(ru->units[k]);
        free(ru->units);
        free(ru->uids);
        free(ru->heads.w);
        free(ru->excl.w);
        for (size_t g = 0; g < ru->n_needs; g++)
            free(ru->needs[g].w);
        free(ru->needs);
        free(ru->ratio_num);
        free(ru->ratio_den);
    }
    free(r->rules);
    free(r->inherit.w);
    free(r->scope.w);
    free(r->stop.w);
    free(r->target.w);
    free(r->units);
    free(r->report_words);
    free(r);
}

int zb_ind_looks_like_report(const zb_ind_rules *r, const char *s, size_t len) {
    if (!r->n_report_words) return 1;
    for (size_t i = 0; i < r->n_report_words; i++) {
        const char *w = r->report_words[i];
        size_t n = strlen(w);
        for (size_t k = 0; k + n <= len; k++)
            if (s[k] == w[0] && !memcmp(s + k, w, n)) return 1;
    }
    return 0;
}

size_t zb_ind_rules_count(const zb_ind_rules *r) { return r ? r->n_rules : 0; }
const char *zb_ind_rule_code(const zb_ind_rules *r, size_t i) { return r->rules[i].code; }
const char *zb_ind_rule_unit(const zb_ind_rules *r, size_t i) { return r->rules[i].unit; }

int zb_ind_rule_find(const zb_ind_rules *r, const char *code) {
    for (size_t i = 0; i < r->n_rules; i++)
        if (!strcmp(r->rules[i].code, code)) return (int)i;
    return -1;
}

/* ---- matching ---- */

typedef struct {
    hit *h;
    size_t n, cap;
} hits;

static int scan_hits(const zb_ind_rules *r, const char *s, size_t len, hits *out) {
    size_t i = 0;
    while (i < len) {
        size_t cl = u8_len((unsigned char)s[i]);
        unsigned cp = u8_cp(s, len, i);
        size_t h = bucket_of(r, cp);
        while (r->idx[h].n && r->idx[h].cp != cp)
            h = (h + 1) & (r->idx_cap - 1);
        const bucket *b = &r->idx[h];
        for (size_t k = 0; b->n && k < b->n; k++) {
            size_t id = b->ids[k];
            size_t tl = r->term_len[id];
            /* the first char matched through the bucket: compare the rest */
            if (i + tl <= len && !memcmp(s + i + cl, r->terms[id] + cl, tl - cl)) {
                if (out->n >= MAX_HITS) return 0; /* memory bound; later text keeps no words */
                if (out->n == out->cap) {
                    size_t cap = out->cap ? out->cap * 2 : 256;
                    hit *p = realloc(out->h, cap * sizeof *p);
                    if (!p) return -1;
                    out->h = p;
                    out->cap = cap;
                }
                out->h[out->n++] = (hit){i, i + tl, id};
            }
        }
        i += cl;
    }
    return 0;
}

/* First hit with pos >= at. */
static size_t hits_from(const hits *H, size_t at) {
    size_t lo = 0, hi = H->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (H->h[mid].pos < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* weak: ';' ends a sentence for heads, but object nouns (needs) are looked
 * up to the full stop: 行政复议...;撤销、变更6件 */
static int is_sentence_end_w(const char *s, size_t len, size_t i, size_t *cl, int weak) {
    unsigned char c = (unsigned char)s[i];
    *cl = u8_len(c);
    if (c == '\n' || c == '!' || c == '?' || c == '|' || (weak && c == ';')) return 1;
    if (i + 3 <= len && (!memcmp(s + i, "。", 3) || (weak && !memcmp(s + i, "；", 3)) ||
                         !memcmp(s + i, "！", 3) || !memcmp(s + i, "？", 3)))
        return 1;
    return 0;
}

static int is_sentence_end(const char *s, size_t len, size_t i, size_t *cl) {
    return is_sentence_end_w(s, len, i, cl, 1);
}

static int is_clause_mark(const char *s, size_t len, size_t i) {
    unsigned char c = (unsigned char)s[i];
    if (c == ',' || c == ':') return 1;
    if (i + 3 <= len &&
        (!memcmp(s + i, "、", 3) || !memcmp(s + i, "，", 3) || !memcmp(s + i, "：", 3)))
        return 1;
    return 0;
}

static size_t sentence_start_w(const char *s, size_t len, size_t at, int weak) {
    size_t i = at;
    size_t lo = at > MAX_SENTENCE ? at - MAX_SENTENCE : 0;
    while (i > lo) {
        size_t j = i - 1;
        while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        size_t cl;
        if (is_sentence_end_w(s, len, j, &cl, weak)) return j + cl;
        i = j;
    }
    /* no full stop within reach: start on a character boundary */
    while (lo > 0 && lo < len && ((unsigned char)s[lo] & 0xC0) == 0x80)
        lo++;
    return lo;
}

static size_t sentence_start(const char *s, size_t len, size_t at) {
    return sentence_start_w(s, len, at, 1);
}

static size_t sentence_end(const char *s, size_t len, size_t at) {
    size_t i = at, cl;
    size_t hi = len - at > MAX_SENTENCE ? at + MAX_SENTENCE : len;
    while (i < hi) {
        if (is_sentence_end(s, len, i, &cl)) return i;
        i += cl;
    }
    return i < len ? i : len;
}

static size_t clause_start(const char *s, size_t len, size_t lo, size_t at) {
    size_t i = at;
    while (i > lo) {
        size_t j = i - 1;
        while (j > lo && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        if (is_clause_mark(s, len, j)) return j + u8_len((unsigned char)s[j]);
        i = j;
    }
    return lo;
}

static size_t clause_end(const char *s, size_t len, size_t at, size_t hi) {
    size_t i = at;
    while (i < hi) {
        if (is_clause_mark(s, len, i)) return i;
        i += u8_len((unsigned char)s[i]);
    }
    return hi;
}

typedef struct {
    size_t ss, se;  /* sentence */
    size_t ns;      /* where needs may be found: the sentence up to 。 */
    size_t b0, b1;  /* before: [b0, b1) */
    size_t head_b0; /* where heads may be found (b0, or ss after an inherit word) */
    size_t a0, a1;  /* after */
    size_t l0;      /* local clause start */
} window;

typedef struct {
    int rule;
    size_t dist, head_len, need_len, need_dist;
    size_t hpos, hend;
} cand;

/* uid: the quantity's unit as an index into r->units (-1: no rule names it) */
static int unit_ok(const zb_ind_rules *r, const rule *ru, const zb_quantity *q, long uid) {
    if (ru->kind != q->kind) return 0;
    if (ru->kind != ZB_QK_COUNT) return 1;
    if (uid < 0) return 0;
    (void)r;
    for (size_t i = 0; i < ru->n_units; i++)
        if (ru->uids[i] == (size_t)uid) return 1;
    return 0;
}

static long unit_id(const zb_ind_rules *r, const char *unit) {
    for (size_t i = 0; i < r->n_units; i++)
        if (!strcmp(r->units[i], unit)) return (long)i;
    return -1;
}

static int better(const cand *a, const cand *b) {
    if (b->rule < 0) return 1;
    if (a->dist != b->dist) return a->dist < b->dist;
    if (a->head_len != b->head_len) return a->head_len > b->head_len;
    if (a->need_dist != b->need_dist) return a->need_dist < b->need_dist;
    if (a->need_len != b->need_len) return a->need_len > b->need_len;
    return a->rule < b->rule;
}

/* Tries rule ru for quantity q in window w; fills c and returns 1 on a match. */
static int try_rule(const zb_ind_rules *r, const rule *ru, const zb_quantity *q, const window *w,
                    const hits *H, size_t h0, size_t h1, cand *c) {
    int found = 0;
    size_t best_d = 0, best_l = 0, hp = 0, he = 0;
    for (size_t k = h0; k < h1; k++) {
        const hit *x = &H->h[k];
        if (!has(&ru->heads, x->term)) continue;
        size_t d;
        if (x->pos >= w->head_b0 && x->end <= w->b1) {
            d = w->b1 - x->end;
            if (d > MAX_HEAD_DIST) continue;
        } else if (x->pos >= w->a0 && x->end <= w->a1) {
            d = x->pos - w->a0;
        } else {
            continue;
        }
        size_t l = r->term_len[x->term];
        if (!found || d < best_d || (d == best_d && l > best_l)) {
            found = 1;
            best_d = d;
            best_l = l;
            hp = x->pos;
            he = x->end;
        }
    }
    if (!found) return 0;
    size_t need_len = 0, need_dist = 0;
    for (size_t g = 0; g < ru->n_needs; g++) {
        int ok = 0;
        size_t gl = 0, gd = 0;
        for (size_t k = h0; k < h1; k++) {
            const hit *x = &H->h[k];
            if (!has(&ru->needs[g], x->term)) continue;
            size_t d;
            if (x->end <= w->b1 && x->pos >= w->ns && w->b1 - x->end <= MAX_NEED_DIST)
                d = w->b1 - x->end;
            else if (x->pos >= w->a0 && x->end <= w->a1)
                d = x->pos - w->a0;
            else
                continue;
            size_t l = r->term_len[x->term];
            if (!ok || d < gd || (d == gd && l > gl)) {
                ok = 1;
                gd = d;
                gl = l;
            }
        }
        if (!ok) return 0;
        need_len += gl;
        if (gd > need_dist) need_dist = gd;
    }
    if (ru->excl.w) {
        for (size_t k = h0; k < h1; k++) {
            const hit *x = &H->h[k];
            if (!has(&ru->excl, x->term)) continue;
            if ((x->pos >= w->l0 && x->end <= w->b1) || (x->pos >= w->a0 && x->end <= w->a1))
                return 0;
        }
    }
    (void)q;
    c->dist = best_d;
    c->head_len = best_l;
    c->need_len = need_len;
    c->need_dist = need_dist;
    c->hpos = hp;
    c->hend = he;
    return 1;
}

static int any_in(const zb_ind_rules *r, const tset *t, const hits *H, size_t h0, size_t h1,
                  size_t lo, size_t hi) {
    (void)r;
    for (size_t k = h0; k < h1; k++)
        if (H->h[k].pos >= lo && H->h[k].end <= hi && has(t, H->h[k].term)) return 1;
    return 0;
}

/* Scope: the scope term nearest before the number in the clause, joined with
 * scope terms before it by 及/和/与/、 (区政府部门及镇街). */
static void find_scope(const zb_ind_rules *r, const char *s, const hits *H, size_t h0, size_t h1,
                       size_t lo, size_t hi, size_t *st, size_t *en) {
    *st = *en = 0;
    if (!r->scope.w) return;
    long best = -1;
    for (size_t k = h0; k < h1; k++) {
        const hit *x = &H->h[k];
        if (x->pos < lo || x->end > hi || !has(&r->scope, x->term)) continue;
        if (best < 0 || x->pos > H->h[best].pos ||
            (x->pos == H->h[best].pos && x->end > H->h[best].end))
            best = (long)k;
    }
    if (best < 0) return;
    /* drop a shorter hit nested inside a longer one that starts earlier */
    for (size_t k = h0; k < h1; k++) {
        const hit *x = &H->h[k];
        if (x->pos >= lo && has(&r->scope, x->term) && x->pos < H->h[best].pos &&
            x->end >= H->h[best].end)
            best = (long)k;
    }
    size_t a = H->h[best].pos, b = H->h[best].end;
    for (int round = 0; round < 3; round++) {
        static const char *const J[] = {"及", "和", "与", "、", ""};
        int ext = 0;
        for (int j = 0; j < 5 && !ext; j++) {
            size_t jl = strlen(J[j]);
            if (a < lo + jl || memcmp(s + a - jl, J[j], jl)) continue;
            for (size_t k = h0; k < h1; k++) {
                const hit *x = &H->h[k];
                if (x->end == a - jl && x->pos >= lo && has(&r->scope, x->term)) {
                    a = x->pos;
                    ext = 1;
                    break;
                }
            }
        }
        if (!ext) break;
    }
    *st = a;
    *en = b;
}

static size_t trim_chars(const char *s, size_t a, size_t b, size_t max_chars, int from_end) {
    /* returns new a (from_end) or new b: keeps at most max_chars characters */
    size_t n = 0;
    if (from_end) {
        size_t i = b;
        while (i > a && n < max_chars) {
            i--;
            while (i > a && ((unsigned char)s[i] & 0xC0) == 0x80)
                i--;
            n++;
        }
        return i;
    }
    size_t i = a;
    while (i < b && n < max_chars) {
        i += u8_len((unsigned char)s[i]);
        n++;
    }
    return i > b ? b : i;
}

/* "市场主体达到18.5万户": the phrase is 市场主体, without the linking verb. */
static size_t trim_tail_words(const char *s, size_t lo, size_t end) {
    static const char *const W[] = {"达到", "共计", "累计", "合计", "总计", "分别为", "约为",
                                    "达",   "为",   "共",   "计",   "有",   "约",     "近"};
    for (int round = 0; round < 3; round++) {
        int cut = 0;
        while (end > lo && s[end - 1] == ' ')
            end--;
        for (size_t k = 0; k < sizeof W / sizeof W[0] && !cut; k++) {
            size_t n = strlen(W[k]);
            if (end >= lo + n + 3 && !memcmp(s + end - n, W[k], n)) {
                end -= n;
                cut = 1;
            }
        }
        if (!cut) break;
    }
    return end;
}

/* An @inherit word right at the start of a sentence (spaces allowed). */
static int opens_with_inherit(const zb_ind_rules *r, const hits *H, size_t at) {
    if (!r->inherit.w) return 0;
    for (size_t k = hits_from(H, at); k < H->n && H->h[k].pos <= at + 1; k++)
        if (has(&r->inherit, H->h[k].term)) return 1;
    return 0;
}

static int match_one(const zb_ind_rules *r, const char *s, size_t len, const hits *H,
                     const zb_quantity *q, size_t prev_end, size_t next_start, zb_ind_match *m) {
    window w;
    w.ss = sentence_start(s, len, q->start);
    w.ns = sentence_start_w(s, len, q->start, 0);
    /* "...收到行政复议申请2371件。其中,受理1968件": a sentence opening with an
     * inherit word continues the one before it */
    if (w.ns > 0 && opens_with_inherit(r, H, w.ns)) {
        size_t prev = w.ns;
        while (prev > 0 && ((unsigned char)s[prev - 1] & 0xC0) == 0x80)
            prev--;
        if (prev > 0 && s[prev - 1] != '\n') w.ns = sentence_start_w(s, len, prev - 1, 0);
    }
    if (w.ns + 600 < w.ss) w.ns = w.ss - 600; /* bounded look-back */
    w.se = sentence_end(s, len, q->end);
    /* the previous figure's own noun (2次听证会、4次...) is not this one's context */
    if (prev_end > w.ss && prev_end < q->start) {
        size_t ce = clause_end(s, len, prev_end, q->start);
        if (ce < q->start) prev_end = ce;
    }
    w.b0 = prev_end > w.ss ? prev_end : w.ss;
    w.b1 = q->start;
    w.a0 = q->end;
    w.a1 = clause_end(s, len, q->end, next_start < w.se ? next_start : w.se);
    w.l0 = clause_start(s, len, w.b0, q->start);
    size_t h0 = hits_from(H, w.ns), h1 = hits_from(H, w.se);
    w.head_b0 = w.b0;
    if (r->inherit.w && any_in(r, &r->inherit, H, h0, h1, w.l0, w.b1)) w.head_b0 = w.ss;

    cand best = {.rule = -1};
    long uid = unit_id(r, q->unit);
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (!unit_ok(r, ru, q, uid)) continue;
        if (ru->kind == ZB_QK_RATE && (q->flags & ZB_QF_SHARE)) continue;
        cand c = {.rule = (int)i};
        if (try_rule(r, ru, q, &w, H, h0, h1, &c) && better(&c, &best)) best = c;
    }
    memset(m, 0, sizeof *m);
    m->q = *q;
    m->rule = best.rule;
    /* "力争...达到100%": a goal stated outside a plan section */
    m->target_cue = r->target.w && any_in(r, &r->target, H, h0, h1, w.ss, q->start);
    if (best.rule >= 0) {
        m->head_after = best.hpos >= q->end;
        /* the figure's clause, widened to take in its trigger word */
        m->ev_start = w.l0 > w.b0 ? w.l0 : w.b0;
        if (best.hpos < m->ev_start) m->ev_start = best.hpos;
        m->ev_end = best.hend > q->end ? best.hend : q->end;
        if (m->head_after) {
            /* number first (8项免交证明事项): the figure and the noun after it */
            m->ev_start = q->start;
            if (w.a1 > m->ev_end && w.a1 - m->ev_end < 60) m->ev_end = w.a1;
        }
    } else {
        m->ev_start = w.l0;
        m->ev_end = w.a1;
    }
    /* the figure's own clause names who; else the sentence before it does
     * for a rate that follows its counts (区政府负责人出庭应诉32件次,出庭应诉率为100%) */
    find_scope(r, s, H, h0, h1, w.l0 > w.b0 ? w.l0 : w.b0, q->start, &m->scope_start,
               &m->scope_end);
    if (m->scope_end == m->scope_start && q->kind == ZB_QK_RATE)
        find_scope(r, s, H, h0, h1, w.ss, q->start, &m->scope_start, &m->scope_end);
    /* the phrase: the noun after the unit, else the end of the clause before */
    if (w.a1 > w.a0) {
        m->phrase_start = w.a0;
        m->phrase_end = trim_chars(s, w.a0, w.a1, 16, 0);
    } else {
        m->phrase_end = q->start;
        m->phrase_end = trim_tail_words(s, w.l0, q->start);
        m->phrase_start = trim_chars(s, w.l0, m->phrase_end, 16, 1);
    }
    return 0;
}

static int strstr_n(const char *s, size_t a, size_t b, const char *w) {
    size_t n = strlen(w);
    for (size_t k = a; k + n <= b; k++)
        if (!memcmp(s + k, w, n)) return 1;
    return 0;
}

/* "对14个乡镇、32个部门开展法治督察": figures listed with 、 before one
 * predicate share it. A figure with no rule takes the rule of the next one
 * when only a short noun and 、 separate them, the units agree and the next
 * one's trigger came after it. */
static void share_enumerated_heads(const char *s, zb_ind_match *m, size_t n) {
    for (size_t i = n - 1; n > 1 && i-- > 0;) {
        const zb_ind_match *nx = &m[i + 1];
        if (m[i].rule >= 0 || nx->rule < 0 || !nx->head_after) continue;
        if (strcmp(m[i].q.unit, nx->q.unit) || m[i].q.kind != nx->q.kind) continue;
        size_t a = m[i].q.end, b = nx->q.start;
        if (b < a + 3 || b - a > 30 || memcmp(s + b - 3, "、", 3)) continue;
        int clean = 1; /* nothing but the noun: no clause mark inside */
        for (size_t k = a; k + 3 < b && clean; k++)
            if (s[k] == ',' || s[k] == ';' || !memcmp(s + k, "、", 3)) clean = 0;
        if (!clean) continue;
        m[i].rule = nx->rule;
        m[i].head_after = 1;
        m[i].ev_start = m[i].q.start;
        m[i].ev_end = nx->ev_end;
    }
}

/* "出庭应诉率分别为100%、95.6%": a figure right after another one and a
 * 、 (or 和/及) is the next value of the same indicator. */
static void share_listed_values(const char *s, zb_ind_match *m, size_t n) {
    static const char *const SEP[] = {"、", "和", "及", ","};
    for (size_t i = 1; i < n; i++) {
        const zb_ind_match *pv = &m[i - 1];
        if (m[i].rule >= 0 || pv->rule < 0) continue;
        if (strcmp(m[i].q.unit, pv->q.unit) || m[i].q.kind != pv->q.kind) continue;
        size_t a = pv->q.end, b = m[i].q.start;
        int adjacent = 0;
        for (size_t k = 0; k < sizeof SEP / sizeof SEP[0] && !adjacent; k++)
            adjacent = b - a == strlen(SEP[k]) && !memcmp(s + a, SEP[k], b - a);
        /* "," only inside a 分别 list */
        if (adjacent && s[a] == ',')
            adjacent = pv->ev_start < pv->q.start && strstr_n(s, pv->ev_start, pv->q.start, "分别");
        if (!adjacent) continue;
        m[i].rule = pv->rule;
        m[i].ev_start = pv->ev_start;
        m[i].ev_end = m[i].q.end;
    }
}

int zb_ind_assign(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match **out, size_t *n) {
    *out = NULL;
    *n = 0;
    hits H = {0};
    zb_quantity *qs = NULL;
    size_t nq = 0, capq = 0, pos = 0;
    zb_quantity q;
    int rc = -1;
    if (scan_hits(r, s, len, &H)) goto out;
    while (nq < ZB_IND_MAX_FIGURES &&
           zb_number_next_units(s, len, &pos, &q, (const char *const *)r->units, r->n_units)) {
        if (q.reject) continue;
        if (nq == capq) {
            capq = capq ? capq * 2 : 64;
            zb_quantity *p = realloc(qs, capq * sizeof *p);
            if (!p) goto out;
            qs = p;
        }
        qs[nq++] = q;
    }
    if (nq) {
        *out = calloc(nq, sizeof **out);
        if (!*out) goto out;
    }
    for (size_t i = 0; i < nq; i++) {
        size_t prev_end = i ? qs[i - 1].end : 0;
        size_t next_start = i + 1 < nq ? qs[i + 1].start : len;
        match_one(r, s, len, &H, &qs[i], prev_end, next_start, &(*out)[i]);
    }
    share_enumerated_heads(s, *out, nq);
    share_listed_values(s, *out, nq);
    *n = nq;
    rc = 0;
out:
    free(H.h);
    free(qs);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- rate consistency ---- */

static size_t para_start(const char *s, size_t at) {
    while (at > 0 && s[at - 1] != '\n')
        at--;
    return at;
}

size_t zb_ind_check_rates(const zb_ind_rules *r, const char *s, const zb_ind_match *m, size_t n,
                          const unsigned char *skip, zb_ind_mismatch *out, size_t max) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        if (m[i].rule < 0 || (skip && skip[i])) continue;
        const rule *ru = &r->rules[m[i].rule];
        if (ru->num < 0) continue;
        size_t lo = para_start(s, m[i].q.start);
        if (m[i].q.start > lo + 900) lo = m[i].q.start - 900;
        long num = -1, den = -1;
        for (size_t j = i; j-- > 0;) {
            if (m[j].q.start < lo) break;
            if (skip && skip[j]) continue;
            if (m[j].rule == ru->num && num < 0) num = (long)j;
            if (m[j].rule == ru->den && den < 0) den = (long)j;
            if (m[j].rule == m[i].rule) break; /* an earlier rate has its own counts */
        }
        if (num < 0 || den < 0 || m[den].q.value <= 0) continue;
        double computed = 100.0 * m[num].q.value / m[den].q.value;
        double diff = computed - m[i].q.value;
        if (diff < 0) diff = -diff;
        /* rates are stated rounded, to an integer at worst */
        if (diff <= 0.51 || m[num].q.approx || m[den].q.approx) continue;
        out[k++] = (zb_ind_mismatch){i, (size_t)num, (size_t)den, computed};
    }
    return k;
}
