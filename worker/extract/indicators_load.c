/* indicators_load.c - reads the indicator rule data (config/indicators.tsv,
 * format in config/indicators.md) into the keyword index and bitsets the
 * matcher (indicators.c) uses. The only I/O is zb_ind_rules_load(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators_internal.h"

/* the directives, in the order of the globals[] lists */
#define N_GLOBALS 9
static const char *const G[N_GLOBALS] = {"@inherit", "@scope", "@report", "@target",  "@other",
                                         "@domain",  "@plan",  "@actual", "@caseload"};

typedef struct {
    /* during parsing, sets are lists of term ids; bitsets are built at the end */
    size_t *ids;
    size_t n, cap;
} idlist;

typedef struct {
    idlist heads, excl, pexcl, sexcl;
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

/* The directives of word lists the matcher compares in place, and the
 * shortest word each takes (MIN_BYTES): a filler word must start with a
 * 3-byte char (bare_object reads one a step), a word compared whole
 * (is_listed: the separators of values, 、 or ,) one byte, any other word
 * two bytes at least (a period-norm word is matched from its last two). */
#define N_WORD_LISTS 34
static const char *const WL[N_WORD_LISTS] = {"@filler",
                                             "@per-verb",
                                             "@per-min",
                                             "@per-period",
                                             "@change",
                                             "@looks-back",
                                             "@joiner",
                                             "@phrase-tail",
                                             "@scope-joiner",
                                             "@residual",
                                             "@body",
                                             "@base-unit",
                                             "@change-to",
                                             "@scope-link",
                                             "@scope-not",
                                             "@this-year",
                                             "@item-joiner",
                                             "@value-sep",
                                             "@respectively-sep",
                                             "@compare-header",
                                             "@aside",
                                             "@all-done",
                                             "@respectively",
                                             "@counter",
                                             "@noun-counter",
                                             "@unit",
                                             "@change-word",
                                             "@change-glue",
                                             "@approx-at-least",
                                             "@approx-about",
                                             "@approx-at-most",
                                             "@approx-after-at-least",
                                             "@approx-after-about",
                                             "@approx-after-at-most"};
static const unsigned char MIN_BYTES[N_WORD_LISTS] = {3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                                                      2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2,
                                                      2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
/* the lists of the number scanner (zb_number_words), by index in WL */
enum { WL_UNIT = 25, WL_CHANGE_WORD, WL_CHANGE_GLUE };
/* the lists of units (@counter, @noun-counter, @unit): compared with or
 * stored as a figure's unit, which holds at most UNIT_MAX bytes
 * (zb_quantity.unit); the scanner's other lists are held so too */
#define UNIT_MAX (sizeof((zb_quantity *)0)->unit - 1)
static int is_unit_list(int list) { return list == 23 || list == 24 || list >= WL_UNIT; }

static ind_words *word_list(zb_ind_rules *r, int i) {
    ind_words *const l[N_WORD_LISTS] = {&r->filler,           &r->per_verb,       &r->per_min,
                                        &r->per_period,       &r->change,         &r->looks_back,
                                        &r->joiner,           &r->phrase_tail,    &r->scope_joiner,
                                        &r->residual,         &r->body,           &r->base_unit,
                                        &r->change_to,        &r->scope_link,     &r->scope_not,
                                        &r->this_year,        &r->item_joiner,    &r->value_sep,
                                        &r->respectively_sep, &r->compare_header, &r->aside,
                                        &r->all_done,         &r->respectively,   &r->counter,
                                        &r->noun_counter,     &r->num_unit,       &r->num_change,
                                        &r->num_glue,         &r->num_approx[0],  &r->num_approx[1],
                                        &r->num_approx[2],    &r->num_after[0],   &r->num_after[1],
                                        &r->num_after[2]};
    return l[i];
}

/* "a|b" appended to l (copies, each with its first code point); -1 out of
 * memory, -2 a word too short for its list, -3 a unit too long for one. */
static int parse_words(const char *f, size_t n, int list, ind_words *l) {
    for (size_t i = 0, j; i < n; i = j + 1) {
        for (j = i; j < n && f[j] != '|';)
            j++;
        if (j == i || (j - i == 1 && f[i] == '-')) continue;
        unsigned char c = (unsigned char)f[i];
        if ((list == 0 && (c & 0xF0) != 0xE0) || j - i < MIN_BYTES[list]) return -2;
        if (is_unit_list(list) && j - i > UNIT_MAX) return -3;
        ind_word *v = realloc(l->v, (l->n + 1) * sizeof *v);
        if (!v) return -1;
        l->v = v;
        if (!(v[l->n].w = dupn(f + i, j - i))) return -1;
        v[l->n].n = j - i;
        v[l->n].cp = u8_cp(f, n, i);
        l->n++;
        unsigned char e = (unsigned char)f[j - 1];
        l->last[e >> 3] |= (uint8_t)(1u << (e & 7));
        l->first[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (j - i < 2) /* a one-byte word (a separator ,): any second byte */
            memset(l->second, 0xFF, sizeof l->second);
        else
            l->second[(unsigned char)f[i + 1] >> 3] |=
                (uint8_t)(1u << ((unsigned char)f[i + 1] & 7));
        if (j - i < 3)
            memset(l->third, 0xFF, sizeof l->third);
        else
            l->third[(unsigned char)f[i + 2] >> 3] |=
                (uint8_t)(1u << ((unsigned char)f[i + 2] & 7));
    }
    return 0;
}

/* By first code point, the longer word first. */
static int cmp_filler(const void *a, const void *b) {
    const ind_word *x = a, *y = b;
    if (x->cp != y->cp) return x->cp < y->cp ? -1 : 1;
    return x->n > y->n ? -1 : x->n < y->n;
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

static int to_set(zb_ind_rules *r, const idlist *l, tset *t) {
    t->w = NULL;
    if (l->n == 0) return 0;
    if (!(t->w = calloc(r->nw, sizeof(uint64_t)))) return -1;
    for (size_t i = 0; i < l->n; i++)
        t->w[l->ids[i] / 64] |= 1ull << (l->ids[i] % 64);
    return 0;
}

/* Adds the terms of l to t (allocated on first use). */
static int add_to_set(zb_ind_rules *r, const idlist *l, tset *t) {
    if (!l->n) return 0;
    if (!t->w && !(t->w = calloc(r->nw, sizeof(uint64_t)))) return -1;
    for (size_t i = 0; i < l->n; i++)
        t->w[l->ids[i] / 64] |= 1ull << (l->ids[i] % 64);
    return 0;
}

/* An Aho-Corasick automaton over symbol strings (term i is sym[off[i] ..
 * off[i + 1]), symbols 1..nc-1, 0 in no term): a trie, then failure
 * transitions filled in breadth first, so that every state has a next state
 * for every symbol. States are renumbered breadth first: the rows a scan
 * visits most (the root, the first symbols) come together at the front.
 * max: an upper bound of the states (1 + the symbols of all terms). */
static int ac_build(const uint16_t *sym, const size_t *off, size_t n_terms, size_t nc, size_t max,
                    ac_dfa *o) {
    uint16_t *d = calloc(max * nc, sizeof *d);
    uint16_t *fail = calloc(max, sizeof *fail), *queue = calloc(max, sizeof *queue);
    uint16_t *first = calloc(max, sizeof *first), *next = calloc(max, sizeof *next);
    int32_t *term = malloc(max * sizeof *term);
    int rc = -1;
    memset(o, 0, sizeof *o);
    if (!d || !fail || !queue || !first || !next || !term) goto out;
    for (size_t i = 0; i < max; i++)
        term[i] = -1;
    size_t n = 1; /* the trie: an edge to 0 is no edge (nothing leads to the root) */
    for (size_t i = 0; i < n_terms; i++) {
        size_t st = 0;
        for (size_t k = off[i]; k < off[i + 1]; k++) {
            uint16_t *e = &d[st * nc + sym[k]];
            if (!*e) *e = (uint16_t)n++;
            st = *e;
        }
        term[st] = (int32_t)i;
    }
    size_t qh = 0, qt = 0;
    queue[qt++] = 0;
    while (qh < qt) {
        size_t st = queue[qh++];
        /* a state's own term, else the longest one of its failure state */
        first[st] = term[st] >= 0 ? (uint16_t)st : first[fail[st]];
        if (term[st] >= 0 && st) next[st] = first[fail[st]];
        for (size_t c = 0; c < nc; c++) {
            uint16_t *e = &d[st * nc + c];
            uint16_t f = st ? d[fail[st] * nc + c] : 0;
            if (*e) { /* a trie edge (this row is not filled yet) */
                fail[*e] = f;
                queue[qt++] = *e;
            } else {
                *e = f;
            }
        }
    }
    uint16_t *rank = fail; /* the failure links are done with */
    for (size_t k = 0; k < n; k++)
        rank[queue[k]] = (uint16_t)k;
    o->next_state = malloc(n * nc * sizeof *o->next_state);
    o->first = malloc(n * sizeof *o->first);
    o->next = malloc(n * sizeof *o->next);
    o->term = malloc(n * sizeof *o->term);
    if (!o->next_state || !o->first || !o->next || !o->term) goto out;
    for (size_t k = 0; k < n; k++) {
        size_t st = queue[k];
        for (size_t c = 0; c < nc; c++)
            o->next_state[k * nc + c] =
                (uint16_t)(rank[d[st * nc + c]] | (first[d[st * nc + c]] ? AC_OUT : 0));
        o->first[k] = first[st] ? rank[first[st]] : 0;
        o->next[k] = next[st] ? rank[next[st]] : 0;
        o->term[k] = term[st];
    }
    o->chain = 0;
    for (size_t k = 0; k < n; k++) {
        size_t c = 0;
        for (uint16_t t = o->first[k]; t; t = o->next[t])
            c++;
        if (c > o->chain) o->chain = c;
    }
    o->n = n;
    o->ncls = nc;
    rc = 0;
out:
    free(d), free(fail), free(queue), free(first), free(next), free(term);
    if (rc) {
        free(o->next_state), free(o->first), free(o->next), free(o->term);
        memset(o, 0, sizeof *o);
    }
    return rc;
}

/* The automaton of the terms over their bytes, and one over their
 * characters (r->cc: a class per BMP character). Left out (r->ac NULL) when
 * a term is not valid UTF-8 or the states do not fit 15 bits: the matcher
 * then walks the first-character buckets; the character one (r->cc NULL)
 * also when a term has a character outside the BMP. */
static int build_ac(zb_ind_rules *r) {
    size_t max = 1;
    for (size_t i = 0; i < r->n_terms; i++)
        if (r->term_len[i] > r->max_term_len) r->max_term_len = r->term_len[i];
    for (size_t i = 0; i < r->n_terms; i++) {
        if (!u8_valid(r->terms[i], r->term_len[i]) || !r->term_len[i]) return 0;
        max += r->term_len[i];
    }
    if (max > 0x7FFF) return 0;
    memset(r->ac_cls, 0, sizeof r->ac_cls);
    size_t nc = 1, k = 0;
    uint16_t *sym = malloc(max * sizeof *sym), *csym = malloc(max * sizeof *csym);
    size_t *off = malloc((r->n_terms + 1) * sizeof *off);
    size_t *coff = malloc((r->n_terms + 1) * sizeof *coff);
    int rc = -1, bmp = 1;
    if (!sym || !csym || !off || !coff || !(r->cc = calloc(0x10000, sizeof *r->cc))) goto out;
    for (size_t i = 0; i < r->n_terms; i++) {
        off[i] = k;
        for (size_t j = 0; j < r->term_len[i]; j++) {
            uint8_t *c = &r->ac_cls[(unsigned char)r->terms[i][j]];
            if (!*c) *c = (uint8_t)nc++;
            sym[k++] = *c;
        }
    }
    off[r->n_terms] = k;
    ac_dfa a;
    if (ac_build(sym, off, r->n_terms, nc, max, &a)) goto out;
    r->ac = a.next_state, r->ac_first = a.first, r->ac_next = a.next, r->ac_term = a.term;
    r->n_ac = a.n, r->ac_ncls = a.ncls, r->ac_chain = a.chain;
    size_t ncc = 1;
    k = 0;
    for (size_t i = 0; i < r->n_terms && bmp; i++) {
        coff[i] = k;
        for (size_t j = 0; j < r->term_len[i]; j += u8_len((unsigned char)r->terms[i][j])) {
            unsigned cp = u8_cp(r->terms[i], r->term_len[i], j);
            if (cp >= 0x10000) bmp = 0;
            if (bmp && !r->cc[cp]) r->cc[cp] = (uint16_t)ncc++;
            csym[k++] = bmp ? r->cc[cp] : 0;
        }
        if (k - coff[i] > r->max_term_chars) r->max_term_chars = k - coff[i];
    }
    coff[r->n_terms] = k;
    if (bmp && ac_build(csym, coff, r->n_terms, ncc, k + 1, &r->cac)) goto out;
    if (ncc > CC_DENG) bmp = 0; /* the flags need the top bits */
    for (unsigned cp = 0x80; bmp && cp < 0x10000; cp++)
        if (zb_number_stop(cp)) r->cc[cp] |= CC_STOP;
    if (bmp) r->cc[0x4E2D] |= CC_ZHONG, r->cc[0x7B49] |= CC_DENG;
    rc = 0;
out:
    if (!bmp || rc) {
        free(r->cc);
        r->cc = NULL;
    }
    free(sym), free(csym), free(off), free(coff);
    return rc;
}

/* Buckets of terms by first character, longest term first (so the first hit
 * at a position is the longest), a direct table for BMP characters, and for
 * each term the rules it is a head of. */
static int build_index(zb_ind_rules *r) {
    if (r->n_terms >= 0xFFFF) return -1;
    r->bmp = calloc(0x10000, sizeof *r->bmp);
    r->idx = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->idx);
    if (!r->bmp || !r->idx) return -1;
    for (size_t i = 0; i < r->n_terms; i++) {
        unsigned cp = u8_cp(r->terms[i], r->term_len[i], 0);
        bucket *b = (bucket *)bucket_of(r, cp);
        if (!b) {
            b = &r->idx[r->n_idx++];
            b->cp = cp;
            if (cp < 0x10000) r->bmp[cp] = (uint16_t)r->n_idx;
        }
        size_t *p = realloc(b->ids, (b->n + 1) * sizeof *p);
        if (!p) return -1;
        b->ids = p;
        size_t k = b->n;
        while (k > 0 && r->term_len[b->ids[k - 1]] < r->term_len[i]) {
            b->ids[k] = b->ids[k - 1];
            k--;
        }
        b->ids[k] = i;
        b->n++;
    }
    r->term_cp2 = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->term_cp2);
    r->pairs = calloc(8192, 1);
    if (!r->term_cp2 || !r->pairs) return -1;
    for (size_t i = 0; i < r->n_terms; i++) {
        size_t cl = u8_len((unsigned char)r->terms[i][0]);
        unsigned cp1 = u8_cp(r->terms[i], r->term_len[i], 0);
        r->term_cp2[i] = r->term_len[i] > cl ? u8_cp(r->terms[i], r->term_len[i], cl) : 0;
        if (r->term_len[i] > cl) {
            unsigned pr = term_pair(cp1, r->term_cp2[i]);
            r->pairs[pr >> 3] |= (uint8_t)(1u << (pr & 7));
        } else {
            ((bucket *)bucket_of(r, cp1))->single = 1;
        }
    }
    if (build_ac(r)) return -1;
    r->head_rules = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->head_rules);
    r->n_head_rules = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->n_head_rules);
    if (!r->head_rules || !r->n_head_rules) return -1;
    for (size_t t = 0; t < r->n_terms; t++) {
        for (size_t i = 0; i < r->n_rules; i++) {
            if (!has(&r->rules[i].heads, t)) continue;
            size_t *p = realloc(r->head_rules[t], (r->n_head_rules[t] + 1) * sizeof *p);
            if (!p) return -1;
            r->head_rules[t] = p;
            p[r->n_head_rules[t]++] = i;
        }
    }
    return 0;
}

static void free_lists(rule_lists *l) {
    free(l->heads.ids);
    free(l->excl.ids);
    free(l->pexcl.ids);
    free(l->sexcl.ids);
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
                      idlist globals[N_GLOBALS], char *err, size_t errlen, size_t lineno) {
    const char *f[8];
    size_t fl[8];
    size_t k = split_tabs(line, n, f, fl, 8);
    /* @mixed names a rule by its code, not words: resolved once all rules are read */
    if (fl[0] == 6 && !memcmp(f[0], "@mixed", 6) && k >= 2) {
        if (fl[1] >= sizeof r->mixed_code) {
            snprintf(err, errlen, "indicators.tsv:%zu: @mixed code too long", lineno);
            return -1;
        }
        memcpy(r->mixed_code, f[1], fl[1]);
        r->mixed_code[fl[1]] = '\0';
        return 0;
    }
    if (f[0][0] == '@') {
        for (int g = 0; g < N_GLOBALS; g++) {
            if (fl[0] == strlen(G[g]) && !memcmp(f[0], G[g], fl[0]) && k >= 2)
                return parse_alts(r, f[1], fl[1], &globals[g]);
        }
        for (int g = 0; g < N_WORD_LISTS; g++) {
            if (fl[0] != strlen(WL[g]) || memcmp(f[0], WL[g], fl[0]) || k < 2) continue;
            int rc = parse_words(f[1], fl[1], g, word_list(r, g));
            if (rc == -2 && g == 0)
                snprintf(err, errlen, "indicators.tsv:%zu: %s: %s", lineno, WL[g],
                         "a word must start with a Chinese character");
            else if (rc == -2)
                snprintf(err, errlen, "indicators.tsv:%zu: %s: a word must have %d bytes at least",
                         lineno, WL[g], MIN_BYTES[g]);
            else if (rc == -3)
                snprintf(err, errlen, "indicators.tsv:%zu: %s: a unit has %zu bytes at most",
                         lineno, WL[g], UNIT_MAX);
            if (rc) return -1;
            /* the scanner keeps a bit per change word by last byte */
            size_t most = g == WL_CHANGE_WORD   ? ZB_CHANGE_WORDS_MAX
                          : g == WL_CHANGE_GLUE ? ZB_CHANGE_GLUE_MAX
                                                : SIZE_MAX;
            if (word_list(r, g)->n > most) {
                snprintf(err, errlen, "indicators.tsv:%zu: %s: %zu words, at most %zu", lineno,
                         WL[g], word_list(r, g)->n, most);
                return -1;
            }
            return 0;
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
    /* excludes: the clause's, then after a space the paragraph's, then
     * after another the sentence's */
    size_t sp = 0, sp2;
    while (sp < fl[6] && f[6][sp] != ' ')
        sp++;
    for (sp2 = sp + 1; sp2 < fl[6] && f[6][sp2] != ' ';)
        sp2++;
    if (parse_alts(r, f[4], fl[4], &rl->heads) || parse_needs(r, f[5], fl[5], rl) ||
        parse_alts(r, f[6], sp, &rl->excl) ||
        (sp < fl[6] && parse_alts(r, f[6] + sp + 1, sp2 - sp - 1, &rl->pexcl)) ||
        (sp2 < fl[6] && parse_alts(r, f[6] + sp2 + 1, fl[6] - sp2 - 1, &rl->sexcl)))
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

/* Which needs groups name a topic (@domain) noun: those may be met by the
 * paragraph or heading before the sentence. */
static int mark_domain_needs(zb_ind_rules *r) {
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (!ru->n_needs || !r->domain.w) continue;
        if (!(ru->need_domain = calloc(ru->n_needs, 1))) return -1;
        for (size_t g = 0; g < ru->n_needs; g++)
            for (size_t t = 0; t < r->n_terms && !ru->need_domain[g]; t++)
                ru->need_domain[g] = has(&ru->needs[g], t) && has(&r->domain, t);
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
    for (size_t j = 0; j < r->n_units && r->n_units <= UNIT_SLOTS / 2; j++) {
        unsigned k = unit_hash(r->units[j]);
        while (r->uslot[k])
            k = (k + 1) & (UNIT_SLOTS - 1);
        r->uslot[k] = (uint16_t)(j + 1);
    }
    return 0;
}

/* Each term's kinds (TK_x bits), from the sets above: the matcher lists a
 * text's hits by kind. */
static int term_kinds(zb_ind_rules *r) {
    _Static_assert(N_TKINDS <= 16, "term_kind holds a bit per kind");
    if (!(r->term_kind = calloc(r->n_terms ? r->n_terms : 1, sizeof *r->term_kind))) return -1;
    const tset *global[N_TKINDS] = {
        [TK_SCOPE] = &r->scope,   [TK_TARGET] = &r->target,   [TK_ACTUAL] = &r->actual,
        [TK_PLAN] = &r->plan,     [TK_INHERIT] = &r->inherit, [TK_OTHER] = &r->other,
        [TK_DOMAIN] = &r->domain, [TK_NOUN] = &r->nouns};
    for (size_t t = 0; t < r->n_terms; t++) {
        unsigned k = r->n_head_rules[t] ? 1u << TK_HEAD : 0;
        for (int g = 0; g < N_TKINDS; g++)
            if (global[g] && has(global[g], t)) k |= 1u << g;
        for (size_t i = 0; i < r->n_rules && !(k >> TK_EXCL & 1); i++)
            if (has(&r->rules[i].excl, t) || has(&r->rules[i].pexcl, t) ||
                has(&r->rules[i].sexcl, t))
                k |= 1u << TK_EXCL;
        r->term_kind[t] = (uint16_t)k;
    }
    return 0;
}

/* The first term state from u on in an output chain (u, next[u], ...) whose
 * term has a kind, 0 when none. */
static uint16_t read_from(const uint16_t *next, const int32_t *term, const uint16_t *kind,
                          uint16_t u) {
    while (u && !kind[term[u]])
        u = next[u];
    return u;
}

/* Takes the terms of no kind out of an automaton's output chains (first,
 * next, the AC_OUT flags of next_state; n states, nc classes): no loop of
 * the matcher reads their hits. They are the @report words (依法行政,
 * 行政复议...: zb_ind_looks_like_report reads their strings), 11 terms of
 * 692 but one hit in twenty of a report's, each listed, indexed and stepped
 * over by every walk through its window. *chain: the most terms left at one
 * symbol. */
static int unlist_kindless(uint16_t *next_state, uint16_t *first, uint16_t *next,
                           const int32_t *term, size_t n, size_t nc, const uint16_t *kind,
                           size_t *chain) {
    uint16_t *nn = malloc(n * sizeof *nn);
    if (!nn) return -1;
    for (size_t u = 0; u < n; u++) /* (from the chains as they were) */
        nn[u] = read_from(next, term, kind, next[u]);
    for (size_t st = 0; st < n; st++)
        first[st] = read_from(next, term, kind, first[st]);
    memcpy(next, nn, n * sizeof *nn);
    free(nn);
    for (size_t i = 0; i < n * nc; i++) {
        unsigned to = next_state[i] & ~AC_OUT;
        next_state[i] = (uint16_t)(to | (first[to] ? AC_OUT : 0));
    }
    *chain = 0;
    for (size_t st = 0; st < n; st++) {
        size_t c = 0;
        for (uint16_t t = first[st]; t; t = next[t])
            c++;
        if (c > *chain) *chain = c;
    }
    return 0;
}

static int unlist_kindless_terms(zb_ind_rules *r) {
    if (r->ac && unlist_kindless(r->ac, r->ac_first, r->ac_next, r->ac_term, r->n_ac, r->ac_ncls,
                                 r->term_kind, &r->ac_chain))
        return -1;
    if (r->cc && unlist_kindless(r->cac.next_state, r->cac.first, r->cac.next, r->cac.term,
                                 r->cac.n, r->cac.ncls, r->term_kind, &r->cac.chain))
        return -1;
    return 0;
}

/* The words of a list, as the scanner takes them (malloc'd, borrowed). */
static const char **word_strings(const ind_words *l) {
    const char **v = malloc((l->n ? l->n : 1) * sizeof *v);
    for (size_t k = 0; v && k < l->n; k++)
        v[k] = l->v[k].w;
    return v;
}

/* The number scanner's table: its words (@unit, @change-word,
 * @change-glue, @approx-*) and the units the rules name. */
static int number_table(zb_ind_rules *r, char *err, size_t errlen) {
    const char **u = word_strings(&r->num_unit), **c = word_strings(&r->num_change),
               **g = word_strings(&r->num_glue), **a[3], **t[3];
    for (int k = 0; k < 3; k++) {
        a[k] = word_strings(&r->num_approx[k]);
        t[k] = word_strings(&r->num_after[k]);
    }
    int rc = -1;
    if (u && c && g && a[0] && a[1] && a[2] && t[0] && t[1] && t[2]) {
        zb_number_words w = {u,
                             r->num_unit.n,
                             c,
                             r->num_change.n,
                             g,
                             r->num_glue.n,
                             {a[0], a[1], a[2]},
                             {r->num_approx[0].n, r->num_approx[1].n, r->num_approx[2].n},
                             {t[0], t[1], t[2]},
                             {r->num_after[0].n, r->num_after[1].n, r->num_after[2].n}};
        char why[200];
        r->utab = zb_units_new(&w, (const char *const *)r->units, r->n_units, why, sizeof why);
        if (r->utab)
            rc = 0;
        else
            snprintf(err, errlen, "indicators.tsv: %s", why);
    }
    free(u), free(c), free(g);
    for (int k = 0; k < 3; k++)
        free(a[k]), free(t[k]);
    return rc;
}

zb_ind_rules *zb_ind_rules_parse(const char *text, size_t len, char *err, size_t errlen) {
    zb_ind_rules *r = calloc(1, sizeof *r);
    rule_lists *lists = NULL;
    idlist globals[N_GLOBALS];
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
    r->mixed_rule = -1;
    for (size_t i = 0; r->mixed_code[0] && i < r->n_rules && r->mixed_rule < 0; i++)
        if (!strcmp(r->rules[i].code, r->mixed_code)) r->mixed_rule = (int)i;
    if (r->mixed_code[0] && r->mixed_rule < 0) {
        snprintf(err, errlen, "indicators.tsv: @mixed names no rule: %s", r->mixed_code);
        goto out;
    }
    r->nw = (r->n_terms + 63) / 64 + 1;
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (to_set(r, &lists[i].heads, &ru->heads) || to_set(r, &lists[i].excl, &ru->excl) ||
            to_set(r, &lists[i].pexcl, &ru->pexcl) || to_set(r, &lists[i].sexcl, &ru->sexcl))
            goto out;
        if (lists[i].n_needs) {
            if (!(ru->needs = calloc(lists[i].n_needs, sizeof *ru->needs))) goto out;
            ru->n_needs = lists[i].n_needs;
            for (size_t g = 0; g < ru->n_needs; g++)
                if (to_set(r, &lists[i].needs[g], &ru->needs[g]) ||
                    add_to_set(r, &lists[i].needs[g], &r->nouns))
                    goto out;
        }
    }
    if (to_set(r, &globals[0], &r->inherit) || to_set(r, &globals[1], &r->scope) ||
        to_set(r, &globals[3], &r->target) || to_set(r, &globals[4], &r->other) ||
        to_set(r, &globals[5], &r->domain) || to_set(r, &globals[6], &r->plan) ||
        to_set(r, &globals[7], &r->actual))
        goto out;
    if (mark_domain_needs(r)) goto out;
    for (size_t i = 0; i < globals[2].n; i++) {
        char **p = realloc(r->report_words, (r->n_report_words + 1) * sizeof *p);
        if (!p) goto out;
        r->report_words = p;
        r->report_words[r->n_report_words++] = r->terms[globals[2].ids[i]]; /* borrowed */
    }
    for (size_t i = 0; i < globals[8].n; i++) {
        char **p = realloc(r->caseload_words, (r->n_caseload_words + 1) * sizeof *p);
        if (!p) goto out;
        r->caseload_words = p;
        r->caseload_words[r->n_caseload_words++] = r->terms[globals[8].ids[i]]; /* borrowed */
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
    if (r->filler.n) qsort(r->filler.v, r->filler.n, sizeof *r->filler.v, cmp_filler);
    if (build_index(r) || collect_units(r) || term_kinds(r) || unlist_kindless_terms(r)) goto out;
    if (number_table(r, err, errlen)) goto out;
    rc = 0;
out:
    if (lists && r) {
        for (size_t i = 0; i < r->n_rules; i++)
            free_lists(&lists[i]);
    }
    free(lists);
    for (int g = 0; g < N_GLOBALS; g++)
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
    free(r->term_cp2);
    free(r->pairs);
    if (r->idx)
        for (size_t i = 0; i < r->n_idx; i++)
            free(r->idx[i].ids);
    free(r->idx);
    free(r->bmp);
    free(r->ac);
    free(r->ac_first);
    free(r->ac_next);
    free(r->ac_term);
    free(r->cc);
    free(r->cac.next_state);
    free(r->cac.first);
    free(r->cac.next);
    free(r->cac.term);
    if (r->head_rules)
        for (size_t t = 0; t < r->n_terms; t++)
            free(r->head_rules[t]);
    free(r->head_rules);
    free(r->n_head_rules);
    free(r->term_kind);
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
        free(ru->pexcl.w);
        free(ru->sexcl.w);
        for (size_t g = 0; g < ru->n_needs; g++)
            free(ru->needs[g].w);
        free(ru->needs);
        free(ru->need_domain);
        free(ru->ratio_num);
        free(ru->ratio_den);
    }
    free(r->rules);
    free(r->inherit.w);
    free(r->scope.w);
    free(r->target.w);
    free(r->other.w);
    free(r->domain.w);
    free(r->plan.w);
    free(r->actual.w);
    free(r->nouns.w);
    free(r->units);
    zb_units_free(r->utab);
    free(r->report_words);
    free(r->caseload_words);
    for (int g = 0; g < N_WORD_LISTS; g++) {
        ind_words *l = word_list(r, g);
        for (size_t i = 0; i < l->n; i++)
            free(l->v[i].w);
        free(l->v);
    }
    free(r);
}

int zb_ind_looks_like_report(const zb_ind_rules *r, const char *s, size_t len) {
    if (!r->n_report_words) return 1;
    for (size_t i = 0; i < r->n_report_words; i++) {
        const char *w = r->report_words[i];
        size_t n = strlen(w);
        /* memchr on the last byte: a CJK word's lead bytes are common */
        for (size_t k = n - 1; k < len;) {
            const char *p = memchr(s + k, w[n - 1], len - k);
            if (!p) break;
            k = (size_t)(p - s);
            if (!memcmp(s + k + 1 - n, w, n)) return 1;
            k++;
        }
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
