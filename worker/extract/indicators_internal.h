/* indicators_internal.h - the loaded rule data, shared by the loader
 * (indicators_load.c) and the matcher (indicators.c). Internal to
 * worker/extract. */
#ifndef ZB_INDICATORS_INTERNAL_H
#define ZB_INDICATORS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "indicators.h"

#define MAX_TERMS 4096
#define UNIT_SLOTS 64
#define AC_OUT 0x8000u
/* flags in zb_ind_rules.cc beside the class (classes stay below 0x2000) */
#define CC_STOP 0x8000u  /* a character the number scan stops at (zb_number_stop) */
#define CC_ZHONG 0x4000u /* 中 (件中: a base) */
#define CC_DENG 0x2000u  /* 等 (a list summed up) */
#define CC_FLAGS (CC_STOP | CC_ZHONG | CC_DENG)

typedef struct {
    uint64_t *w; /* bitset over term ids */
} tset;

/* A word of a list the matcher compares in place (@filler, @per-...), not
 * a keyword of the automaton; cp: its first code point, derived at load. */
typedef struct {
    char *w;
    size_t n;
    unsigned cp;
} ind_word;

typedef struct {
    ind_word *v;
    size_t n;
    /* a bit per byte value that ends some word, starts one, is the second
     * or third byte of one (every byte for a two-byte word): most positions
     * are ruled out before any word is compared */
    uint8_t last[32], first[32], second[32], third[32];
} ind_words;

static inline int byte_in(const uint8_t set[32], unsigned char c) {
    return set[c >> 3] >> (c & 7) & 1;
}

typedef struct {
    char *code;
    zb_qkind kind;
    char *unit;
    char **units;
    size_t n_units;
    size_t *uids; /* units as indexes into zb_ind_rules.units */
    tset heads, excl;
    tset pexcl; /* excludes anywhere in the figure's paragraph (a court's 诉前调解) */
    tset sexcl; /* excludes earlier in the figure's sentence (公平竞争审查 for 审查) */
    tset *needs;
    size_t n_needs;
    unsigned char *need_domain;  /* per needs group: it names a @domain word */
    char *ratio_num, *ratio_den; /* codes, for rates */
    int num, den;                /* resolved rule indexes, -1 */
} rule;

/* An Aho-Corasick automaton (indicators_load.c: ac_build). */
typedef struct {
    uint16_t *next_state; /* n * ncls: by state and symbol class, the next state, with
                             AC_OUT set when a term ends in that state */
    uint16_t *first;      /* per state: the state of the longest term ending there, 0 none */
    uint16_t *next;       /* per term state: the state of the next shorter one, 0 none */
    int32_t *term;        /* per state: the term spelled to it, -1 none */
    size_t n, ncls;
    size_t chain; /* the most terms that end at one symbol */
} ac_dfa;

typedef struct {
    unsigned cp;
    size_t *ids; /* term ids starting with cp, longest first */
    size_t n;
    int single; /* one of them is this one character alone */
} bucket;

/* A bit per hashed pair of first and second characters of some term: most
 * places where a term's first character occurs are not followed by the
 * second character of one, and this test (64K bits, stays in cache) spares
 * the bucket walk there. */
static inline unsigned term_pair(unsigned cp1, unsigned cp2) {
    return (unsigned)((((uint64_t)cp1 << 21 | cp2) * 0x9E3779B97F4A7C15ull) >> 48);
}

/* Kinds of terms whose hits the matcher lists apart per text (one list per
 * kind, in text order), so that a loop looking for one kind of word in a
 * window visits only those hits: bits of zb_ind_rules.term_kind. */
enum {
    TK_HEAD,    /* a head of some rule (n_head_rules > 0) */
    TK_NOUN,    /* a needs word of some rule (nouns) */
    TK_EXCL,    /* an exclude of some rule */
    TK_SCOPE,   /* @scope */
    TK_TARGET,  /* @target */
    TK_ACTUAL,  /* @actual */
    TK_PLAN,    /* @plan */
    TK_INHERIT, /* @inherit */
    TK_OTHER,   /* @other */
    TK_DOMAIN,  /* @domain */
    N_TKINDS
};

struct zb_ind_rules {
    char **terms;
    size_t *term_len;
    unsigned *term_cp2; /* a term's second character (0: it has one) */
    size_t n_terms;
    size_t nw;   /* words per bitset */
    bucket *idx; /* one bucket per distinct first character */
    size_t n_idx;
    /* Aho-Corasick automaton over the bytes of every term (valid UTF-8
     * text: one table step per byte); NULL when some term is not valid
     * UTF-8 or there are too many states. State 0 is the root. */
    uint16_t *ac;        /* n_ac * ac_ncls: by state and byte class, the next state, with
                            AC_OUT set when a term ends in that state */
    uint8_t ac_cls[256]; /* byte -> class (0: in no term) */
    size_t ac_ncls, n_ac;
    uint16_t *ac_first; /* per state: the state of the longest term ending there, 0 none */
    size_t ac_chain;    /* the most terms that end at one byte */
    uint16_t *ac_next;  /* per term state: the state of the next shorter one, 0 none */
    int32_t *ac_term;   /* per state: the term spelled to it, -1 none */
    size_t max_term_len;
    /* The same automaton over characters (one step per character of valid
     * UTF-8 text, fed the classes the first pass lists); cc: BMP code point
     * -> class (0: in no term); NULL when there is none. */
    uint16_t *cc; /* and CC_FLAGS */
    ac_dfa cac;
    size_t max_term_chars;
    uint16_t *bmp;        /* first character (BMP) -> bucket index + 1; 0 = no term */
    uint8_t *pairs;       /* 8192 bytes: bit term_pair(first, second) of some term */
    size_t **head_rules;  /* per term: the rules it is a head of ... */
    size_t *n_head_rules; /* ... and how many */
    uint16_t *term_kind;  /* per term: bit TK_x set when it is of kind x */
    rule *rules;
    size_t n_rules;
    tset inherit, scope, target;
    tset other;  /* @other: predicates no code counts (胜诉, 准予备案, 召开...会议) */
    tset domain; /* @domain: topic nouns a paragraph or heading passes on (复议, 诉讼) */
    tset nouns;  /* every needs word of every rule: the object nouns */
    tset plan;   /* @plan: intention words (计划, 拟, 将) that make a later year a target */
    tset actual; /* @actual: 实际... after a target cue states what was done */
    /* @mixed: the rule a total over objects of several rules with one verb
     * takes (规范性文件、重大行政决策、涉法事务555件), -1: none, it stays a fact */
    int mixed_rule;
    char mixed_code[64];
    char **report_words; /* @report: one must occur in a report (borrowed terms) */
    size_t n_report_words;
    /* @caseload: handling verbs (办理) whose figure is the year's caseload when
     * the same code is also stated with a verb of its own nearby (borrowed) */
    char **caseload_words;
    size_t n_caseload_words;
    /* @filler: words between a bare verb and its number, sorted by first
     * code point, the words of one longest first (bare_object) */
    ind_words filler;
    /* @per-verb, @per-min, @per-period: a frequency norm (per_period), in
     * the file's order */
    ind_words per_verb, per_min, per_period;
    /* @change: verbs of a change (增加, 下降); a figure followed by one is a
     * baseline, its phrase is before it (starts_change) */
    ind_words change;
    /* @looks-back: words of last year (上年度, 去年); a figure whose sentence
     * or evidence opens with one is last year's (looks_back) */
    ind_words looks_back;
    /* @joiner: words joining a figure to the one before (和, 及, 、); a
     * figure whose context opens with one may share its verb
     * (opens_with_joiner) */
    ind_words joiner;
    /* @phrase-tail: linking words cut from the end of a phrase before its
     * figure (达到, 共计), in the file's order: the first that ends the
     * phrase is cut (trim_tail_words) */
    ind_words phrase_tail;
    /* @scope-joiner: words joining two scope terms (区政府部门及镇街) into
     * one scope (find_scope) */
    ind_words scope_joiner;
    /* @residual: words opening the rest of a breakdown (其他事项审查1件):
     * such an item names an object of its own (own_noun) */
    ind_words residual;
    /* @body: nouns of bodies (部门, 单位): one named between a counter and
     * the object is what the counter counts (11个县直部门报送备案的规范性文件,
     * object_opens) */
    ind_words body;
    /* @base-unit: units that make a base with 中 after them (977件中,
     * 在已审结的案件中): the verbs before it reach no figure after it
     * (after_base) */
    ind_words base_unit;
    /* @change-to: the words alone between the start and the end point of a
     * change (由494项减到304项): the end point is the current level
     * (share_change_end) */
    ind_words change_to;
    /* @scope-link, @scope-not, @this-year: a clause of a subject and a
     * @scope-link word (镇街为96.5%) repeats the rate before it for that
     * scope unless the subject holds a @scope-not word (较上年提高); a
     * @this-year subject (今年提高到100%) names no scope (elliptic_scope) */
    ind_words scope_link, scope_not, this_year;
    /* @item-joiner: words joining the items of a list (和, 及, 、): a
     * counter's noun then one (对15个乡镇和42个部门, listed_noun), the
     * scopes (split_listed_scopes) and items (pair_respectively) before
     * 分别 are split at them (split_scope) */
    ind_words item_joiner;
    /* @value-sep, @respectively-sep: the words alone between two values of
     * one indicator (出庭应诉率分别为100%、95.6%: share_listed_values) and
     * between the values after 分别 (pair_respectively); one byte (,) at
     * least, compared whole (is_listed) */
    ind_words value_sep, respectively_sep;
    /* @compare-header: words of a table column comparing with another
     * period (上年, 同比): its figures are no level of the report's year
     * (zb_ind_compare_header, for tables.c) */
    ind_words compare_header;
    /* @aside: words opening an aside in parentheses right after a figure
     * (申请48件(其中不予受理2件)): no noun of the figure (opens_listed) */
    ind_words aside;
    /* @all-done: words opening a clause that says what was done to all of
     * the figure before it (制定规范性文件9件,全部经合法性审核): its
     * predicate is the figure's (opens_listed) */
    ind_words all_done;
    /* @respectively: the words before the values of a list paired with
     * items (分别为, 分别), longest first: the first that ends the text
     * before a figure is taken (pair_respectively) */
    ind_words respectively;
    /* @counter: units of things counted one by one (个, 名, 家): such a
     * figure's noun then an @item-joiner word lists the next figure
     * (share_listed_values); @noun-counter: the bare counters (个) whose
     * figure counts the noun after it (5个部门: try_rule). Units, compared
     * whole with a figure's (unit_listed) */
    ind_words counter, noun_counter;
    /* @unit, @change-word, @change-glue: the number scanner's words
     * (zb_number_words), in the file's order; the table (utab) borrows them */
    ind_words num_unit, num_change, num_glue;
    /* @approx-at-least, @approx-about, @approx-at-most: the scanner's
     * approximation words before a number (zb_number_words.approx) */
    ind_words num_approx[3];
    /* @approx-after-*: the same kinds after a unit (以上, 左右, 以内) */
    ind_words num_after[3];
    char **units; /* every unit named by a rule, for the number scanner */
    size_t n_units;
    /* units by hash (unit_hash): index + 1, 0 empty; used when n_units is
     * at most UNIT_SLOTS / 2 */
    uint16_t uslot[UNIT_SLOTS];
    zb_units *utab; /* those and the scanner's own, indexed */
};

static inline size_t u8_len(unsigned char c) {
    return c < 0x80             ? 1
           : (c & 0xE0) == 0xC0 ? 2
           : (c & 0xF0) == 0xE0 ? 3
           : (c & 0xF8) == 0xF0 ? 4
                                : 1;
}

static inline unsigned u8_cp(const char *s, size_t len, size_t i) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t n = u8_len(p[0]);
    if (i + n > len) return p[0];
    if (n == 1) return p[0];
    if (n == 2) return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if (n == 3) return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

/* Length of the well-formed multi-byte UTF-8 character at p[i] (lead c =
 * p[i] >= 0x80; shortest forms, no surrogates), 0 when it is not one. */
static inline size_t u8_seq_len(const unsigned char *p, size_t i, size_t n, unsigned c) {
    size_t k = c >= 0xC2 && c < 0xE0   ? 2
               : c >= 0xE0 && c < 0xF0 ? 3
               : c >= 0xF0 && c < 0xF5 ? 4
                                       : 0;
    if (!k || i + k > n) return 0;
    for (size_t j = 1; j < k; j++)
        if ((p[i + j] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0) ||
        (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
        return 0;
    return k;
}

/* Whether s[0..n) is well-formed UTF-8 (shortest forms, no surrogates): then
 * equal characters are equal bytes and a term can only occur at a character
 * boundary. */
static inline int u8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEC && i + 3 <= n) { /* most CJK */
            if ((p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return 0;
            i += 3;
            continue;
        }
        size_t k = u8_seq_len(p, i, n, c);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* A unit's hash: its length and first three bytes. */
static inline unsigned unit_hash(const char *u) {
    size_t n = strlen(u);
    unsigned h = (unsigned)n * 0x9E37u;
    for (size_t i = 0; i < n && i < 3; i++)
        h = h * 31u + (unsigned char)u[i];
    return h & (UNIT_SLOTS - 1);
}

static inline int has(const tset *t, size_t id) {
    return t->w && ((t->w[id / 64] >> (id % 64)) & 1);
}

/* The bucket of terms starting with cp, or NULL. */
static inline const bucket *bucket_of(const zb_ind_rules *r, unsigned cp) {
    if (cp < 0x10000) return r->bmp[cp] ? &r->idx[r->bmp[cp] - 1] : NULL;
    for (size_t i = 0; i < r->n_idx; i++)
        if (r->idx[i].cp == cp) return &r->idx[i];
    return NULL;
}

#endif
