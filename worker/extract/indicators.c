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
 * Keyword search is one pass of an Aho-Corasick automaton over the text's
 * bytes (built from the rule data at load, indicators_load.c), the hits kept
 * sorted by position. Another pass checks the text is valid UTF-8 and lists
 * its sentence and clause marks, line ends and the characters the number
 * scan stops at, so that a figure's context is looked up, not walked. Text
 * that is not valid UTF-8 takes the character-by-character paths, which
 * give the same results there. */
#include "indicators.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "indicators_internal.h"

/* bytes around a caseload figure (some 130 characters) where a count of the
 * same code with a verb of its own makes it the caseload */
#define CASELOAD_REACH 400

#define MAX_HITS ((size_t)4 << 20)
/* An object noun further back than this (bytes, ~100 characters) belongs to
 * another statement of a long sentence. */
#define MAX_NEED_DIST 300
/* A trigger word further back than this (~60 characters) does not govern the figure. */
#define MAX_HEAD_DIST 180
/* How far a sentence is looked for either side of a figure (bytes): keeps
 * the work per figure bounded on text without full stops. */
#define MAX_SENTENCE 1500
/* 1: any predicate before the number in its clause (a head of any rule)
 * keeps a keyword after the unit from binding it */
#ifndef ZB_STRICT_BIND
#define ZB_STRICT_BIND 0
#endif

typedef struct {
    size_t pos, end;
    uint32_t term;
    uint32_t kind; /* the term's kinds (zb_ind_rules.term_kind), set by index_hits */
} hit;

/* HIT_BLOCK bytes of text per entry of the block index of the sentence,
 * clause and line marks; HITS_BLOCK per entry of the hits' own (hits_from
 * walks from its entry to the position: hits are denser than marks) */
#define HIT_BLOCK 64
#define HITS_BLOCK 32

/* A short text's hits and block index fit buffers in the struct (on the
 * caller's stack): no allocation. */
#define HITS_FIRST 32
#define BLK_FIRST 64

/* A short text's lists of hits by kind fit a buffer in the struct. */
#define KINDS_FIRST 256

typedef struct {
    hit *h; /* first, or allocated when more came */
    size_t n, cap;
    size_t *blk; /* per block of text: its first hit (pos >= block start); NULL: none */
    size_t n_blk;
    /* per listed kind of term (TK_LISTED): the indexes of its hits, ascending */
    const uint32_t *kl[N_TKINDS];
    size_t kn[N_TKINDS];
    uint32_t *kv; /* the lists' storage: kv_first, or allocated */
    hit first[HITS_FIRST];
    size_t blk_first[BLK_FIRST];
    uint32_t kv_first[KINDS_FIRST];
} hits;

static void hits_init(hits *H) {
    H->h = NULL;
    H->n = H->cap = H->n_blk = 0;
    H->blk = NULL;
    H->kv = NULL;
}

static void hits_free(hits *H) {
    if (H->h != H->first) free(H->h);
    if (H->blk != H->blk_first) free(H->blk);
    if (H->kv != H->kv_first) free(H->kv);
}

/* Room for one more hit. */
static int hits_room(hits *out) {
    if (out->n < out->cap) return 0;
    if (!out->h) {
        out->h = out->first;
        out->cap = HITS_FIRST;
        return 0;
    }
    size_t cap = out->cap * 2;
    hit *p = out->h == out->first ? malloc(cap * sizeof *p) : realloc(out->h, cap * sizeof *p);
    if (!p) return -1;
    if (out->h == out->first) memcpy(p, out->first, out->n * sizeof *p);
    out->h = p;
    out->cap = cap;
    return 0;
}

/* The code point at s[j], decoded once per position (*cache: UINT_MAX = not yet). */
static inline unsigned cp2_at(const char *s, size_t len, size_t j, unsigned *cache) {
    if (*cache == UINT_MAX) *cache = j < len ? u8_cp(s, len, j) : 0;
    return *cache;
}

/* Room for want hits in all. */
static int hits_reserve(hits *out, size_t want) {
    if (want <= out->cap) return 0;
    if (!out->h && want <= HITS_FIRST) {
        out->h = out->first;
        out->cap = HITS_FIRST;
        return 0;
    }
    size_t cap = out->cap ? out->cap : HITS_FIRST;
    while (cap < want)
        cap *= 2;
    int moved = !out->h || out->h == out->first;
    hit *p = moved ? malloc(cap * sizeof *p) : realloc(out->h, cap * sizeof *p);
    if (!p) return -1;
    if (out->h == out->first) memcpy(p, out->first, out->n * sizeof *p);
    out->h = p;
    out->cap = cap;
    return 0;
}

static int push_hit(hits *out, size_t pos, size_t n, size_t term) {
    if (hits_room(out)) return -1;
    out->h[out->n++] = (hit){pos, pos + n, (uint32_t)term, 0};
    return 0;
}

/* The terms of bucket b at s[i], term by term, longest first (text that is
 * not valid UTF-8, where the automaton's byte matching could differ from
 * this decoding). 1 when the hit bound is reached. */
static int bucket_hits(const zb_ind_rules *r, const bucket *b, const char *s, size_t len, size_t i,
                       size_t cl, hits *out) {
    unsigned cp2 = UINT_MAX;
    if (!b->single) {
        unsigned pr = term_pair(b->cp, cp2_at(s, len, i + cl, &cp2));
        if (!(r->pairs[pr >> 3] >> (pr & 7) & 1)) return 0;
    }
    for (size_t k = 0; k < b->n; k++) {
        size_t id = b->ids[k];
        size_t tl = r->term_len[id];
        /* the first char matched through the bucket: compare the rest,
         * its second character first (most terms differ there) */
        if (i + tl <= len && (tl == cl || cp2_at(s, len, i + cl, &cp2) == r->term_cp2[id]) &&
            !memcmp(s + i + cl, r->terms[id] + cl, tl - cl)) {
            if (out->n >= MAX_HITS) return 1; /* memory bound; later text keeps no words */
            if (push_hit(out, i, tl, id)) return -1;
        }
    }
    return 0;
}

/* Inserts hit x behind the hits before it in order (position, then longest
 * first): the automaton finds them by end. */
static int insert_hit(hits *out, hit x) {
    if (hits_room(out)) return -1;
    size_t k = out->n++;
    while (k > 0 && (out->h[k - 1].pos > x.pos ||
                     (out->h[k - 1].pos == x.pos && out->h[k - 1].end < x.end))) {
        out->h[k] = out->h[k - 1];
        k--;
    }
    out->h[k] = x;
    return 0;
}

/* insert_hit, the usual case in line: x goes after the last hit (no call). */
static inline int put_hit(hits *out, hit x) {
    const hit *l = out->n ? &out->h[out->n - 1] : NULL;
    if (out->n == out->cap || (l && (l->pos > x.pos || (l->pos == x.pos && l->end < x.end))))
        return insert_hit(out, x);
    out->h[out->n++] = x;
    return 0;
}

/* Every term occurrence through the automaton (s is valid UTF-8). Kept are
 * the first MAX_HITS in order: once that many are in hand, only hits that
 * start no later than the last of them can still come in, and they end
 * within a term's length of it. */
static int ac_hits(const zb_ind_rules *r, const char *s, size_t len, hits *out) {
    const uint16_t *d = r->ac;
    const uint16_t *first = r->ac_first, *next = r->ac_next;
    const uint8_t *cls = r->ac_cls;
    size_t nc = r->ac_ncls, stop = len, last = SIZE_MAX;
    unsigned row = 0;
    for (size_t j = 0; j < stop; j++) {
        row = d[(row & ~AC_OUT) * nc + cls[(unsigned char)s[j]]];
        if (!(row & AC_OUT)) continue;
        for (unsigned t = first[row & ~AC_OUT]; t; t = next[t]) {
            size_t id = (size_t)r->ac_term[t], pos = j + 1 - r->term_len[id];
            if (pos > last) continue;
            if (insert_hit(out, (hit){pos, j + 1, (uint32_t)id, 0})) return -1;
        }
        if (last == SIZE_MAX && out->n >= MAX_HITS + MAX_HITS / 8) {
            out->n = MAX_HITS;
            last = out->h[MAX_HITS - 1].pos;
            if (last + r->max_term_len < stop) stop = last + r->max_term_len;
        }
    }
    if (out->n > MAX_HITS) out->n = MAX_HITS;
    return 0;
}

/* The automaton runs one state per byte, each step waiting on the one
 * before: four runs over four parts of the text, side by side, keep the
 * core busy. A run starts a term's length before its part (from the root:
 * it finds every term starting there) and keeps only the terms that end
 * inside its part. For texts whose hits cannot reach MAX_HITS. The steps
 * that end terms are noted in a small buffer and turned into hits between
 * rounds: no call inside the loop, whose states stay in registers. */
#define AC_RUNS 4
#define AC_PEND 256
_Static_assert(AC_RUNS == 4, "ac_hits_runs steps four runs by hand");

typedef struct {
    uint32_t j;   /* the byte that ends the terms (j < 2^32: texts are far shorter) */
    uint16_t row; /* the state after it */
    uint16_t run;
} ac_pend;

static int ac_run_hit(const zb_ind_rules *r, unsigned row, size_t j, size_t from, hits *h) {
    for (unsigned t = r->ac_first[row & ~AC_OUT]; t; t = r->ac_next[t]) {
        size_t id = (size_t)r->ac_term[t];
        if (j + 1 <= from) continue;
        if (push_hit(h, j + 1 - r->term_len[id], r->term_len[id], id)) return -1;
    }
    return 0;
}

static int ac_flush(const zb_ind_rules *r, const ac_pend *p, size_t n, const size_t *from,
                    hits *h) {
    for (size_t e = 0; e < n; e++)
        if (ac_run_hit(r, p[e].row, p[e].j, from[p[e].run], &h[p[e].run])) return -1;
    return 0;
}

/* Appends the runs' hits (each in order of their end) to out, in order
 * (position, then longest first): a hit moves back past the few that end
 * later but start after it. */
static int ac_merge(hits *h, hits *out) {
    size_t total = out->n;
    for (int k = 0; k < AC_RUNS; k++)
        total += h[k].n;
    if (hits_reserve(out, total)) return -1;
    size_t n = out->n;
    for (int k = 0; k < AC_RUNS; k++)
        for (size_t i = 0; i < h[k].n; i++) {
            hit x = h[k].h[i];
            size_t j = n++;
            while (j > 0 && (out->h[j - 1].pos > x.pos ||
                             (out->h[j - 1].pos == x.pos && out->h[j - 1].end < x.end))) {
                out->h[j] = out->h[j - 1];
                j--;
            }
            out->h[j] = x;
        }
    out->n = n;
    return 0;
}

/* Splits [0, n) into runs scanned side by side, each starting `back`
 * units (a term's length - 1) before its part so a term across the seam is
 * found; hits of run k must end after from[k] (run 0: all). Every run takes
 * the same number of steps, returned; only the last one's few extra units
 * are stepped alone (run 0 has the fewest). */
static size_t split_runs(size_t n, size_t back, int runs, size_t *at, size_t *from, size_t *end) {
    size_t part = (n + (size_t)(runs - 1) * back) / (size_t)runs;
    for (int k = 0; k < runs; k++) {
        from[k] = k ? end[k - 1] : 0;
        at[k] = k ? from[k] - back : 0;
        end[k] = k + 1 < runs ? at[k] + part : n;
    }
    size_t steps = end[0] - at[0];
    for (int k = 1; k < runs; k++)
        if (end[k] - at[k] < steps) steps = end[k] - at[k];
    return steps;
}

static int ac_hits_runs(const zb_ind_rules *r, const char *s, size_t len, hits *out) {
    const uint16_t *d = r->ac;
    const uint8_t *cls = r->ac_cls;
    const unsigned char *u = (const unsigned char *)s;
    size_t nc = r->ac_ncls, back = r->max_term_len - 1;
    size_t at[AC_RUNS], from[AC_RUNS], end[AC_RUNS], np = 0;
    hits h[AC_RUNS];
    ac_pend pend[AC_PEND];
    int rc = -1;
    for (int k = 0; k < AC_RUNS; k++)
        hits_init(&h[k]);
    size_t steps = split_runs(len, back, AC_RUNS, at, from, end);
    unsigned r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    const unsigned char *p0 = u + at[0], *p1 = u + at[1], *p2 = u + at[2], *p3 = u + at[3];
#define AC_STEP(K, R, P)                                                                           \
    R = d[(R & ~AC_OUT) * nc + cls[P[i]]];                                                         \
    if (R & AC_OUT) pend[np++] = (ac_pend){(uint32_t)(at[K] + i), (uint16_t)R, K};
    for (size_t i = 0; i < steps; i++) {
        AC_STEP(0, r0, p0)
        AC_STEP(1, r1, p1)
        AC_STEP(2, r2, p2)
        AC_STEP(3, r3, p3)
        if (np > AC_PEND - AC_RUNS) {
            if (ac_flush(r, pend, np, from, h)) goto out;
            np = 0;
        }
    }
#undef AC_STEP
    if (ac_flush(r, pend, np, from, h)) goto out;
    unsigned row[AC_RUNS] = {r0, r1, r2, r3};
    for (int k = 0; k < AC_RUNS; k++)
        for (size_t j = at[k] + steps; j < end[k]; j++) {
            row[k] = d[(row[k] & ~AC_OUT) * nc + cls[u[j]]];
            if ((row[k] & AC_OUT) && ac_run_hit(r, row[k], j, from[k], &h[k])) goto out;
        }
    rc = ac_merge(h, out);
out:
    for (int k = 0; k < AC_RUNS; k++)
        hits_free(&h[k]);
    return rc;
}

/* The characters of a valid UTF-8 text as the character automaton takes
 * them (r->cc set), listed by the first pass: per character its class and
 * the byte after it. A short text's fit the struct (no allocation). */
#define CHARS_FIRST 1024

typedef struct {
    uint16_t *c; /* NULL: not listed */
    uint32_t *e;
    size_t n;
    uint16_t c_first[CHARS_FIRST];
    uint32_t e_first[CHARS_FIRST];
} chars;

/* The steps of one run of the character automaton that end terms: the
 * character and the state after it, in order (a short text's in the struct). */
#define ENDS_FIRST 128

typedef struct {
    uint32_t j, row;
} ac_end;

typedef struct {
    ac_end *v; /* first, or allocated when more came */
    size_t n, cap;
    ac_end first[ENDS_FIRST];
} ends;

static int ends_grow(ends *e) {
    size_t cap = e->cap * 2;
    ac_end *v = e->v == e->first ? malloc(cap * sizeof *v) : realloc(e->v, cap * sizeof *v);
    if (!v) return -1;
    if (e->v == e->first) memcpy(v, e->first, e->n * sizeof *v);
    e->v = v;
    e->cap = cap;
    return 0;
}

/* The character automaton's table is large (a row of a class per state)
 * and a short text's steps find most of its rows out of cache: eight runs
 * side by side keep eight look-ups in flight (four left it waiting on
 * memory). */
#define CAC_RUNS 8
_Static_assert(CAC_RUNS == 8, "cac_hits_runs steps eight runs by hand");

/* As ac_hits_runs over the characters: a third of the steps on Chinese
 * text. Runs overlap by a term's length in characters. Each run lists the
 * steps that end terms; then, run by run, their terms go into out in order
 * (position, then longest first: a hit moves back past the few that end
 * later but start after it), those of a run that end before its part left
 * out. */
static int cac_hits_runs(const zb_ind_rules *r, const chars *C, hits *out) {
    const uint16_t *d = r->cac.next_state, *c = C->c;
    size_t nc = r->cac.ncls, back = r->max_term_chars - 1, n = C->n;
    size_t at[CAC_RUNS], from[CAC_RUNS], end[CAC_RUNS];
    ends E[CAC_RUNS];
    int rc = -1;
    for (int k = 0; k < CAC_RUNS; k++)
        E[k].v = E[k].first, E[k].n = 0, E[k].cap = ENDS_FIRST;
    size_t steps = split_runs(n, back, CAC_RUNS, at, from, end);
    unsigned r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0;
    const uint16_t *p0 = c + at[0], *p1 = c + at[1], *p2 = c + at[2], *p3 = c + at[3];
    const uint16_t *p4 = c + at[4], *p5 = c + at[5], *p6 = c + at[6], *p7 = c + at[7];
#define CAC_STEP(K, R, P)                                                                          \
    R = d[(R & ~AC_OUT) * nc + P[i]];                                                              \
    if (R & AC_OUT) {                                                                              \
        if (E[K].n == E[K].cap && ends_grow(&E[K])) goto out;                                      \
        E[K].v[E[K].n++] = (ac_end){(uint32_t)(at[K] + i), R};                                     \
    }
    for (size_t i = 0; i < steps; i++) {
        CAC_STEP(0, r0, p0)
        CAC_STEP(1, r1, p1)
        CAC_STEP(2, r2, p2)
        CAC_STEP(3, r3, p3)
        CAC_STEP(4, r4, p4)
        CAC_STEP(5, r5, p5)
        CAC_STEP(6, r6, p6)
        CAC_STEP(7, r7, p7)
    }
#undef CAC_STEP
    unsigned row[CAC_RUNS] = {r0, r1, r2, r3, r4, r5, r6, r7};
    for (int k = 0; k < CAC_RUNS; k++)
        for (size_t j = at[k] + steps; j < end[k]; j++) {
            row[k] = d[(row[k] & ~AC_OUT) * nc + c[j]];
            if ((row[k] & AC_OUT) && E[k].n == E[k].cap && ends_grow(&E[k])) goto out;
            if (row[k] & AC_OUT) E[k].v[E[k].n++] = (ac_end){(uint32_t)j, row[k]};
        }
    for (int k = 0; k < CAC_RUNS; k++)
        for (size_t x = 0; x < E[k].n; x++) {
            size_t j = E[k].v[x].j;
            if (j < from[k]) continue; /* found by the run before */
            for (unsigned t = r->cac.first[E[k].v[x].row & ~AC_OUT]; t; t = r->cac.next[t]) {
                size_t id = (size_t)r->cac.term[t];
                if (put_hit(out, (hit){C->e[j] - r->term_len[id], C->e[j], (uint32_t)id, 0}))
                    goto out;
            }
        }
    rc = 0;
out:
    for (int k = 0; k < CAC_RUNS; k++)
        if (E[k].v != E[k].first) free(E[k].v);
    return rc;
}

/* Every term occurrence through the character automaton: in runs side by
 * side from eight terms' length of characters on (even a short text's steps
 * mostly wait on the table), else in one run. The caller makes sure they
 * cannot reach MAX_HITS. */
static int cac_hits(const zb_ind_rules *r, const chars *C, hits *out) {
    if (C->n >= CAC_RUNS * r->max_term_chars) return cac_hits_runs(r, C, out);
    const uint16_t *d = r->cac.next_state;
    size_t nc = r->cac.ncls;
    unsigned row = 0;
    for (size_t k = 0; k < C->n; k++) {
        row = d[(row & ~AC_OUT) * nc + C->c[k]];
        if (!(row & AC_OUT)) continue;
        for (unsigned t = r->cac.first[row & ~AC_OUT]; t; t = r->cac.next[t]) {
            size_t id = (size_t)r->cac.term[t];
            if (put_hit(out, (hit){C->e[k] - r->term_len[id], C->e[k], (uint32_t)id, 0})) return -1;
        }
    }
    return 0;
}

/* Every term occurrence, by position, longest first at a position. */
static int scan_hits(const zb_ind_rules *r, const char *s, size_t len, int valid, const chars *C,
                     hits *out) {
    if (valid && C->c && r->cac.chain && len <= MAX_HITS / r->cac.chain) return cac_hits(r, C, out);
    if (r->ac && valid)
        return len >= 64 * AC_RUNS && len >= AC_RUNS * r->max_term_len && len <= UINT32_MAX &&
                       r->ac_chain && len <= MAX_HITS / r->ac_chain
                   ? ac_hits_runs(r, s, len, out)
                   : ac_hits(r, s, len, out);
    size_t i = 0;
    while (i < len) {
        size_t cl = u8_len((unsigned char)s[i]);
        const bucket *b = bucket_of(r, u8_cp(s, len, i));
        if (b) {
            int rc = bucket_hits(r, b, s, len, i, cl, out);
            if (rc) return rc < 0 ? -1 : 0;
        }
        i += cl;
    }
    return 0;
}

/* The kinds that are listed apart (H->kl): the rare ones. Every hit carries
 * its kinds; loops after a common kind (a head, an object noun, an exclude:
 * a third of the hits or more) test that instead. */
#define TK_LISTED                                                                                  \
    (1u << TK_SCOPE | 1u << TK_TARGET | 1u << TK_ACTUAL | 1u << TK_PLAN | 1u << TK_INHERIT |       \
     1u << TK_OTHER | 1u << TK_DOMAIN)
#define TKB(x) (1u << (x))

/* The block index of H over a text of len bytes: hits_from then starts at
 * the block's first hit and steps over the few before at, no search. Each
 * hit's kinds are set on the way, and the hits of the listed kinds counted
 * and placed in one buffer (a short text's in the struct). */
static int index_hits(const zb_ind_rules *r, hits *H, size_t len) {
    /* a sentinel after the last hit (pos SIZE_MAX, past any text): the
     * loops that walk the hits up to a position need no test of the count */
    if (hits_room(H)) return -1;
    H->h[H->n] = (hit){SIZE_MAX, SIZE_MAX, 0, 0};
    H->n_blk = len / HITS_BLOCK + 1;
    H->blk = H->n_blk <= BLK_FIRST ? H->blk_first : malloc(H->n_blk * sizeof *H->blk);
    if (!H->blk) return -1;
    /* blk[b]: how many hits start before block b, counted per block and
     * summed up (no loop that ends where the data says) */
    memset(H->blk, 0, H->n_blk * sizeof *H->blk);
    memset(H->kn, 0, sizeof H->kn);
    for (size_t k = 0; k < H->n; k++) {
        size_t b = H->h[k].pos / HITS_BLOCK + 1;
        if (b < H->n_blk) H->blk[b]++;
        unsigned f = H->h[k].kind = r->term_kind[H->h[k].term];
        for (f &= TK_LISTED; f; f &= f - 1)
            H->kn[__builtin_ctz(f)]++;
    }
    for (size_t b = 1; b < H->n_blk; b++)
        H->blk[b] += H->blk[b - 1];
    size_t total = 0, at[N_TKINDS];
    for (int x = 0; x < N_TKINDS; x++)
        at[x] = total, total += H->kn[x];
    H->kv = total <= KINDS_FIRST ? H->kv_first : malloc(total * sizeof *H->kv);
    if (!H->kv) return -1;
    for (int x = 0; x < N_TKINDS; x++)
        H->kl[x] = H->kv + at[x];
    for (size_t k = 0; k < H->n && total; k++)
        for (unsigned f = H->h[k].kind & TK_LISTED; f; f &= f - 1)
            H->kv[at[__builtin_ctz(f)]++] = (uint32_t)k;
    return 0;
}

/* The first entry of the list of kind x that is a hit at or after h0. */
static inline size_t kind_from(const hits *H, int x, size_t h0) {
    const uint32_t *v = H->kl[x];
    size_t lo = 0, hi = H->kn[x];
    /* most look-ups fall before the first or after the last of a rare kind */
    if (!hi || v[0] >= h0) return 0;
    if (v[hi - 1] < h0) return hi;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] < h0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The hits k of kind x in [h0, h1), in order. */
#define FOR_KIND(k, H, x, h0, h1)                                                                  \
    for (size_t j_##k = kind_from(H, x, h0), k;                                                    \
         j_##k < (H)->kn[x] && (k = (H)->kl[x][j_##k]) < (h1); j_##k++)

/* First hit with pos >= at (at most H->n: the sentinel stops the walk). */
static size_t hits_from(const hits *H, size_t at) {
    if (H->blk && at / HITS_BLOCK < H->n_blk) {
        size_t k = H->blk[at / HITS_BLOCK];
        /* the few hits of the block before at (none to six, at random: a
         * loop's exit missed its guess half the time), stepped over without
         * branches; the sentinel keeps k at H->n at most */
        k += H->h[k].pos < at;
        k += H->h[k].pos < at;
        k += H->h[k].pos < at;
        k += H->h[k].pos < at;
        while (H->h[k].pos < at)
            k++;
        return k;
    }
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

/* p[0..3) == w[0..3) (a CJK character), the first byte first: most places
 * differ there, and no call. */
static inline int eq3(const char *p, const char *w) {
    return p[0] == w[0] && p[1] == w[1] && p[2] == w[2];
}

/* The last i in [lo, hi) with s[i] == c, SIZE_MAX when none: eight bytes
 * at a time from the end (a byte loop where one of them may be c). */
static size_t last_byte(const char *s, size_t lo, size_t hi, unsigned char c) {
    const uint64_t ones = 0x0101010101010101ull, rep = ones * c;
    while (hi >= lo + 8) {
        uint64_t x;
        memcpy(&x, s + hi - 8, 8);
        x ^= rep;
        if (((x - ones) & ~x & ones << 7) == 0) {
            hi -= 8;
            continue;
        }
        for (size_t k = hi; k-- > hi - 8;)
            if ((unsigned char)s[k] == c) return k;
        hi -= 8;
    }
    while (hi > lo)
        if ((unsigned char)s[--hi] == c) return hi;
    return SIZE_MAX;
}

/* A word and its length in bytes, known at compile time. */
typedef struct {
    const char *w;
    size_t n;
} word;
#define WORD(x)                                                                                    \
    { x, sizeof(x) - 1 }

/* s[a..) opens with w, within s[..b): its first character compared in line
 * (a CJK lead byte alone matches most places), the call only for the rest. */
static inline int opens(const char *s, size_t a, size_t b, const word *w) {
    if (a + w->n > b || s[a] != w->w[0]) return 0;
    if (w->n < 3) return w->n < 2 || s[a + 1] == w->w[1];
    return s[a + 1] == w->w[1] && s[a + 2] == w->w[2] &&
           (w->n == 3 || !memcmp(s + a + 3, w->w + 3, w->n - 3));
}

/* s[..at) ends with w (at least two bytes): its last two bytes compared in
 * line, the call only for the rest. */
static inline int ends_with(const char *s, size_t at, const word *w) {
    return at >= w->n && s[at - 1] == w->w[w->n - 1] && s[at - 2] == w->w[w->n - 2] &&
           !memcmp(s + at - w->n, w->w, w->n - 2);
}

/* s[a..b) opens with a word of l: the length of the first listed, else 0.
 * Every word of a list read this way has two bytes or more, so most texts
 * are ruled out by their first three bytes (the list's byte sets, filled at
 * load) before any word is compared. */
static inline size_t opens_listed(const ind_words *l, const char *s, size_t a, size_t b) {
    if (a + 1 >= b || !byte_in(l->first, (unsigned char)s[a]) ||
        !byte_in(l->second, (unsigned char)s[a + 1]) ||
        (a + 2 < b && !byte_in(l->third, (unsigned char)s[a + 2])))
        return 0;
    for (size_t k = 0; k < l->n; k++)
        if (opens(s, a, b, &(word){l->v[k].w, l->v[k].n})) return l->v[k].n;
    return 0;
}

/* s[lo..at) ends with a word of l (each of two bytes or more): the length
 * of the first listed, else 0. The byte before at rules out most places
 * (the list's last bytes). */
static inline size_t ends_listed(const ind_words *l, const char *s, size_t lo, size_t at) {
    if (at < lo + 2 || !byte_in(l->last, (unsigned char)s[at - 1])) return 0;
    for (size_t k = 0; k < l->n; k++)
        if (at >= lo + l->v[k].n && ends_with(s, at, &(word){l->v[k].w, l->v[k].n}))
            return l->v[k].n;
    return 0;
}

/* s[a..b) is a word of l. */
static inline int is_listed(const ind_words *l, const char *s, size_t a, size_t b) {
    if (b <= a || !byte_in(l->first, (unsigned char)s[a])) return 0;
    for (size_t k = 0; k < l->n; k++)
        if (l->v[k].n == b - a && !memcmp(s + a, l->v[k].w, b - a)) return 1;
    return 0;
}

/* A figure's unit (NUL-padded, zb_quantity.unit) is a word of l. */
static inline int unit_listed(const ind_words *l, const char *unit) {
    for (size_t k = 0; k < l->n; k++)
        if (!memcmp(unit, l->v[k].w, l->v[k].n) && !unit[l->v[k].n]) return 1;
    return 0;
}

/* Whether byte c may start a sentence mark: \n ! ? | ; or the lead byte of
 * 。(E3) or ；！？(EF). */
static inline int mark_lead(unsigned char c) {
    static const uint64_t M[4] = {1ull << '\n' | 1ull << '!' | 1ull << '?' | 1ull << ';',
                                  1ull << ('|' - 64), 0,
                                  1ull << (0xE3 - 192) | 1ull << (0xEF - 192)};
    return (int)(M[c >> 6] >> (c & 63) & 1);
}

/* A list of positions; a short text's fits the struct (no allocation). */
#define POSV_FIRST 64

typedef struct {
    size_t *v; /* first, or allocated when more came */
    size_t n, cap;
    size_t first[POSV_FIRST];
} posv;

static int posv_grow(posv *p) {
    if (!p->v) {
        p->v = p->first;
        p->cap = POSV_FIRST;
        return 0;
    }
    size_t cap = p->cap * 2;
    size_t *v = p->v == p->first ? malloc(cap * sizeof *v) : realloc(p->v, cap * sizeof *v);
    if (!v) return -1;
    if (p->v == p->first) memcpy(v, p->first, p->n * sizeof *v);
    p->v = v;
    p->cap = cap;
    return 0;
}

static inline int posv_push(posv *p, size_t x) {
    if (p->n == p->cap && posv_grow(p)) return -1;
    p->v[p->n++] = x;
    return 0;
}

static void posv_free(posv *p) {
    if (p->v != p->first) free(p->v);
}

/* The 、 at i lists inside a short parenthesis (各县(市、区), 镇(街道、园区)):
 * one noun's variants, no clause mark. */
static int paren_closes(const char *s, size_t len, size_t i);

static int paren_list(const char *s, size_t len, size_t i) {
    size_t a = i, n = 0;
    while (a > 0 && n++ < 15 && s[a - 1] != '(' && s[a - 1] != ')' && s[a - 1] != ',')
        a--;
    if (a == 0 || s[a - 1] != '(') return 0;
    return paren_closes(s, len, i);
}

/* paren_list's test after the 、 at i: a ) within 15 bytes, no ( or , first. */
static int paren_closes(const char *s, size_t len, size_t i) {
    size_t b = i + 3, n = 0;
    for (; b < len && n++ < 15 && s[b] != ')' && s[b] != '(' && s[b] != ','; b++)
        ;
    return b < len && s[b] == ')';
}

/* One pass over the text: whether it is valid UTF-8 (shortest forms, no
 * surrogates) and, if so, where its sentence marks are (position * 2, + 1
 * for 。!?\n| that end a sentence for needs too), where the number scan
 * has to look (zb_number_stop), its line ends and its clause marks
 * (position * 2, + 1 for 、), and with C->c set its characters' classes
 * (cc) for the character automaton and where 中 and 等 are (zd: position
 * * 2, + 1 for 等), and where 《 and 》 are (bk: position * 2, + 1 for 》).
 * Returns 1 valid, 0 not (the lists are then incomplete), -1 out of memory. */
static int prepass(const char *s, size_t len, const uint16_t *cc, chars *C, posv *marks,
                   posv *stops, posv *nl, posv *cm, posv *zd, posv *bk) {
    const unsigned char *p = (const unsigned char *)s;
    uint16_t *cv = C->c;
    uint32_t *ev = C->e;
    size_t i = 0, n = 0;
    /* the last ( ) or , before i: paren_list's walk back from a 、 ends
     * there (a ( at most 16 bytes back opens a list), so none is made */
    size_t paren = SIZE_MAX;
/* character n: class of code point cp (BMP), ending before byte at */
#define CHAR(cp, at)                                                                               \
    if (cv) cv[n] = (uint16_t)(cc[cp] & ~CC_FLAGS), ev[n++] = (uint32_t)(at)
    while (i < len) {
        unsigned c = p[i];
        /* most characters: CJK led by E4-E9 (no mark among them), a run at
         * a time; with cv (the usual case) in a loop of its own, bounded so
         * that the next character's lead is in the text (one test a step) */
        while (cv && c - 0xE4u <= 5u && i + 3 < len) {
            uint16_t both; /* the two continuation bytes tested at once (in either order) */
            memcpy(&both, p + i + 1, 2);
            if ((both & 0xC0C0u) != 0x8080u) return 0;
            unsigned c1 = p[i + 1], c2 = p[i + 2];
            /* the class table flags the number scan's characters too */
            unsigned v = cc[(c << 12) + (c1 << 6) + c2 - 0xE2080u];
            if (v & CC_FLAGS) {
                if (((v & CC_STOP) && posv_push(stops, i)) ||
                    ((v & (CC_ZHONG | CC_DENG)) && posv_push(zd, i * 2 + ((v & CC_DENG) != 0))))
                    return -1;
                v &= ~CC_FLAGS;
            }
            cv[n] = (uint16_t)v, ev[n++] = (uint32_t)(i + 3);
            i += 3;
            c = p[i];
        }
        /* the text's last character, or every one without cv */
        while (c - 0xE4u <= 5u && i + 3 <= len) {
            unsigned c1 = p[i + 1], c2 = p[i + 2];
            if (((c1 ^ 0x80u) | (c2 ^ 0x80u)) & 0xC0u) return 0;
            /* the lead's and the continuation bytes' marks subtracted at once */
            unsigned cp = (c << 12) + (c1 << 6) + c2 - 0xE2080u;
            if (cv) { /* the class table flags the number scan's characters too */
                unsigned v = cc[cp];
                if ((v & CC_FLAGS) &&
                    (((v & CC_STOP) && posv_push(stops, i)) ||
                     ((v & (CC_ZHONG | CC_DENG)) && posv_push(zd, i * 2 + ((v & CC_DENG) != 0)))))
                    return -1;
                cv[n] = (uint16_t)(v & ~CC_FLAGS), ev[n++] = (uint32_t)(i + 3);
            } else if (zb_number_stop3(cp) && posv_push(stops, i)) {
                return -1;
            }
            i += 3;
            if (i >= len) {
                C->n = n;
                return 1;
            }
            c = p[i];
        }
        if (c < 0x80) {
            CHAR(c, i + 1);
            /* \n ! ? | ; , : [ " and digits: anything else is passed by */
            static const uint64_t ANY[2] = {1ull << '\n' | 1ull << '!' | 1ull << '?' | 1ull << ';' |
                                                1ull << ',' | 1ull << ':' | 1ull << '"' |
                                                0x3FFull << '0' | 1ull << '(' | 1ull << ')',
                                            1ull << ('|' - 64) | 1ull << ('[' - 64)};
            if (!(ANY[c >> 6] >> (c & 63) & 1)) {
                i++;
                continue;
            }
            if (mark_lead((unsigned char)c) && posv_push(marks, i * 2 + (c != ';'))) return -1;
            if (c == '\n' && posv_push(nl, i)) return -1;
            if (c == '(' || c == ')' || c == ',') paren = i;
            if ((c == ',' || c == ':') && posv_push(cm, i * 2)) return -1;
            if ((c == '[' || c == '"' || (c >= '0' && c <= '9')) && posv_push(stops, i)) return -1;
            i++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= len) { /* most CJK */
            if ((p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return 0;
            unsigned cp = (c & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
            /* 。 ！ ？ end a sentence, ； only for heads; 、，： mark clauses
             * (、 flagged: it lists items). All led by E3 or EF. */
            if ((c == 0xE3 || c == 0xEF) &&
                (((cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B) &&
                  posv_push(marks, i * 2 + (cp != 0xFF1B))) ||
                 (((cp == 0x3001 && !(paren != SIZE_MAX && paren + 16 >= i && s[paren] == '(' &&
                                      paren_closes(s, len, i))) ||
                   cp == 0xFF0C || cp == 0xFF1A) &&
                  posv_push(cm, i * 2 + (cp == 0x3001))) ||
                 ((cp == 0x300A || cp == 0x300B) && posv_push(bk, i * 2 + (cp == 0x300B)))))
                return -1;
            if (c >= 0xE2 && c <= 0xE9 && zb_number_stop3(cp) && posv_push(stops, i)) return -1;
            i += 3;
            CHAR(cp, i);
            continue;
        }
        size_t k = u8_seq_len(p, i, len, c);
        if (!k) return 0;
        unsigned cp = u8_cp(s, len, i);
        i += k;
        CHAR(cp < 0x10000 ? cp : 0, i);
    }
#undef CHAR
    C->n = n;
    return 1;
}

/* weak: ';' ends a sentence for heads, but object nouns (needs) are looked
 * up to the full stop: 行政复议...;撤销、变更6件 */
static inline int is_sentence_end_w(const char *s, size_t len, size_t i, size_t *cl, int weak) {
    unsigned char c = (unsigned char)s[i];
    *cl = u8_len(c);
    if (!mark_lead(c)) return 0;
    if (c == '\n' || c == '!' || c == '?' || c == '|' || (weak && c == ';')) return 1;
    if (c != 0xE3 && c != 0xEF) return 0; /* 。 is E3 80 82; ；！？ are EF BC xx */
    if (i + 3 <= len &&
        (eq3(s + i, "。") || (weak && eq3(s + i, "；")) || eq3(s + i, "！") || eq3(s + i, "？")))
        return 1;
    return 0;
}

static int is_sentence_end(const char *s, size_t len, size_t i, size_t *cl) {
    return is_sentence_end_w(s, len, i, cl, 1);
}

static int is_clause_mark(const char *s, size_t len, size_t i) {
    unsigned char c = (unsigned char)s[i];
    if (c == ',' || c == ':') return 1;
    if (c != 0xE3 && c != 0xEF) return 0; /* 、 is E3 80 81; ，： are EF BC xx */
    if (i + 3 <= len && eq3(s + i, "、")) return !paren_list(s, len, i);
    if (i + 3 <= len && (eq3(s + i, "，") || eq3(s + i, "："))) return 1;
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

/* Figures come in text order: one forward pass finds the sentence marks
 * before each, instead of a walk back from every figure. */
typedef struct {
    size_t pos;            /* scanned up to here */
    const size_t *marks;   /* valid UTF-8: the sentence marks, listed in advance */
    size_t n_marks, k;     /* (mark position * 2 + 1 when it ends a sentence for needs too) */
    const size_t *nl, *cm; /* with marks: line ends; clause marks (position * 2, + 1 for 、) */
    size_t n_nl, n_cm;
    const size_t *zd; /* NULL, or every 中 and 等 (position * 2, + 1 for 等) */
    size_t n_zd;
    const size_t *bk; /* with marks: every 《 and 》 (position * 2, + 1 for 》) */
    size_t n_bk;
    const size_t *st; /* with marks: where the number scan stops (every ASCII digit among them) */
    size_t n_st;
    /* per HIT_BLOCK bytes of text, the first mark, clause mark, line end at
     * or after the block's start (NULL: search) */
    const size_t *bm, *bc, *bn;
    size_t n_blk;
    size_t mark[2], cl[2]; /* last mark: [0] weak (;), [1] only 。!?\n */
    int have[2];
    struct topic_memo *tm; /* the topic last found above a sentence (find_topic) */
} sent_cursor;

static size_t cursor_start(sent_cursor *c, const char *s, size_t len, size_t at, int weak) {
    for (; c->marks && c->k < c->n_marks && c->marks[c->k] / 2 < at; c->k++) {
        size_t p = c->marks[c->k] / 2, cl = u8_len((unsigned char)s[p]);
        c->mark[0] = p, c->cl[0] = cl, c->have[0] = 1;
        if (c->marks[c->k] & 1) c->mark[1] = p, c->cl[1] = cl, c->have[1] = 1;
    }
    while (!c->marks && c->pos < at) {
        size_t cl;
        if (!mark_lead((unsigned char)s[c->pos])) { /* most characters */
            c->pos += u8_len((unsigned char)s[c->pos]);
            continue;
        }
        if (is_sentence_end_w(s, len, c->pos, &cl, 1)) {
            c->mark[0] = c->pos, c->cl[0] = cl, c->have[0] = 1;
            if (is_sentence_end_w(s, len, c->pos, &cl, 0))
                c->mark[1] = c->pos, c->cl[1] = cl, c->have[1] = 1;
        }
        c->pos += cl;
    }
    int k = weak ? 0 : 1;
    size_t lo = at > MAX_SENTENCE ? at - MAX_SENTENCE : 0;
    /* the mark must end before at and lie within reach, as sentence_start_w */
    if (c->have[k] && c->mark[k] >= lo && c->mark[k] + c->cl[k] <= at) return c->mark[k] + c->cl[k];
    if (!c->marks || (c->have[k] && c->mark[k] + c->cl[k] > at))
        return sentence_start_w(s, len, at, weak);
    /* Every mark is listed, so sentence_start_w's walk back would find none
     * in reach (the first sentence of a text, a table cell's or an item's:
     * up to MAX_SENTENCE bytes walked for nothing). It then starts the
     * sentence at the first character boundary from lo, which is also the
     * end of a mark that holds lo. */
    while (lo > 0 && lo < len && ((unsigned char)s[lo] & 0xC0) == 0x80)
        lo++;
    return lo;
}

/* The first of v[0..n) (ascending) that is >= key. */
static size_t lower_bound(const size_t *v, size_t n, size_t key) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first of v[0..n) whose position (v[k] >> sh) is >= at: from the
 * block index blk when there is one, else by binary search. */
static size_t list_from(const size_t *v, size_t n, const size_t *blk, size_t n_blk, int sh,
                        size_t at) {
    if (!blk || at / HIT_BLOCK >= n_blk) return lower_bound(v, n, at << sh);
    size_t k = blk[at / HIT_BLOCK];
    while (k < n && (v[k] >> sh) < at)
        k++;
    return k;
}

/* The block index of v[0..n) (positions v[k] >> sh) over n_blk blocks. */
static void list_index(const size_t *v, size_t n, int sh, size_t *blk, size_t n_blk) {
    memset(blk, 0, n_blk * sizeof *blk); /* counted and summed, as index_hits */
    for (size_t k = 0; k < n; k++) {
        size_t b = (v[k] >> sh) / HIT_BLOCK + 1;
        if (b < n_blk) blk[b]++;
    }
    for (size_t b = 1; b < n_blk; b++)
        blk[b] += blk[b - 1];
}

static inline int inside_char(const char *s, size_t len, size_t i) {
    return i < len && ((unsigned char)s[i] & 0xC0) == 0x80;
}

static size_t sentence_end(const char *s, size_t len, size_t at);
static size_t clause_start_w(const char *s, size_t len, size_t lo, size_t at, int list);
static size_t clause_end(const char *s, size_t len, size_t at, size_t hi);

/* As sentence_end, clause_end, clause_start_w and line_start through the
 * lists of the valid text's marks (c->marks set): a figure's context is
 * found by binary search, not by walking its sentence. Positions inside a
 * character take the walk. */
static size_t sentence_end_c(const sent_cursor *c, const char *s, size_t len, size_t at) {
    if (!c->marks || inside_char(s, len, at)) return sentence_end(s, len, at);
    size_t hi = len - at > MAX_SENTENCE ? at + MAX_SENTENCE : len;
    size_t k = list_from(c->marks, c->n_marks, c->bm, c->n_blk, 1, at);
    if (k < c->n_marks && c->marks[k] / 2 < hi) return c->marks[k] / 2;
    while (inside_char(s, len, hi)) /* the walk stops on a character */
        hi++;
    return hi < len ? hi : len;
}

static size_t clause_end_c(const sent_cursor *c, const char *s, size_t len, size_t at, size_t hi) {
    if (!c->marks || inside_char(s, len, at)) return clause_end(s, len, at, hi);
    size_t k = list_from(c->cm, c->n_cm, c->bc, c->n_blk, 1, at);
    return k < c->n_cm && c->cm[k] / 2 < hi ? c->cm[k] / 2 : hi;
}

static size_t clause_start_c(const sent_cursor *c, const char *s, size_t len, size_t lo, size_t at,
                             int list) {
    if (!c->marks || inside_char(s, len, lo) || inside_char(s, len, at))
        return clause_start_w(s, len, lo, at, list);
    for (size_t k = list_from(c->cm, c->n_cm, c->bc, c->n_blk, 1, at);
         k-- > 0 && c->cm[k] / 2 >= lo;)
        if (list || !(c->cm[k] & 1)) return c->cm[k] / 2 + u8_len((unsigned char)s[c->cm[k] / 2]);
    return lo;
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

/* list: 、 ends a clause too (it separates listed figures); without it the
 * clause of "审查区城管局、区农业农村委等单位案卷100余卷" holds its verb */
static size_t clause_start_w(const char *s, size_t len, size_t lo, size_t at, int list) {
    size_t i = at;
    while (i > lo) {
        size_t j = i - 1;
        while (j > lo && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        if (is_clause_mark(s, len, j) && (list || j + 3 > len || !eq3(s + j, "、")))
            return j + u8_len((unsigned char)s[j]);
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

/* Topic ranges before the sentence (its paragraph, headings above it). */
#define MAX_TOPIC 4

/* The topic ranges above the sentence starting at ss (its paragraph before
 * it, the headings above): the same for every figure of the sentence. */
struct topic_memo {
    size_t ss; /* SIZE_MAX: none yet */
    int topic;
    size_t n_topic, tr0[MAX_TOPIC], tr1[MAX_TOPIC];
};

/* "15名律师受聘为新一届市委、市政府法律顾问": after the unit's own words
 * (a0 < a1), a 、 that no figure follows in the clause lists nouns of one
 * phrase, not figures: the object noun after it is still the figure's.
 * Returns where needs after the unit end: a1, or the clause end past those
 * 、 (next: where the next figure starts; se: the sentence end). */
static size_t nouns_listed_end(const sent_cursor *cur, const char *s, size_t len, size_t a0,
                               size_t a1, size_t next, size_t se) {
    size_t hi = next < se ? next : se, e = a1;
    for (int n = 0; e > a0 && e + 3 <= hi && eq3(s + e, "、"); n++) {
        if (n == 4) return a1; /* a long list is no phrase */
        e = clause_end_c(cur, s, len, e + 3, hi);
    }
    return e < hi || next >= se ? e : a1; /* else a figure follows in the clause: a list */
}

typedef struct {
    size_t ss, se;          /* sentence */
    size_t ns;              /* where needs may be found: the sentence up to 。 */
    size_t b0, b1;          /* before: [b0, b1) */
    size_t head_b0;         /* where heads may be found (b0, or ss after an inherit word) */
    size_t a0, a1;          /* after */
    size_t an1;             /* needs after the unit reach here (a1, or past a 、 listing nouns) */
    size_t l0;              /* local clause start */
    size_t fig0;            /* where the previous figure of the clause ends (SIZE_MAX: none) */
    size_t own0;            /* the figure's own clause for heads: l0, or after a base (977件中) */
    int noun_after;         /* a bare 个 followed by a noun (5个部门) */
    int item;               /* an item of an enumeration: a figure of the sentence came before */
    int topic;              /* 0: not looked up yet; 1: none usable; 2: tr0/tr1 filled */
    int prev_fact;          /* the figure before it in the sentence got no code */
    size_t topic0;          /* where the sentence's own topic is looked for (see find_topic) */
    size_t bare_at;         /* bare_object(s, bare_at, b1) is bare (SIZE_MAX: not asked yet) */
    int bare;               /* (rules that share a head ask the same) */
    const zb_quantity *q;   /* the figure */
    size_t hb, ha0, ha1;    /* hits before b1 end at hb; those at [a0, a1) are [ha0, ha1) */
    size_t hhead, hl0;      /* the first hits at head_b0 and l0 (where heads, excludes start) */
    size_t hneed;           /* the first hit that can end within MAX_NEED_DIST of b1 */
    const sent_cursor *cur; /* the text's lists of marks */
    long uid;               /* its unit (unit_id) */
    size_t n_topic, tr0[MAX_TOPIC], tr1[MAX_TOPIC];
    size_t inh0, inh1; /* the sentence before, joined by an opening inherit word (其中,…) */
} window;

/* Head tiers: a predicate in the figure's own clause before it binds first;
 * a keyword right after the unit only when none is before; a head further
 * back (an earlier clause, reached through 其中 or a joiner) last. */
enum { TIER_OWN = 0, TIER_AFTER = 1, TIER_BACK = 2 };

typedef struct {
    int rule;
    int tier;
    int attr; /* the head is an attribute (报备的规范性文件), not the predicate */
    size_t dist, head_len, need_len, need_dist;
    size_t hpos, hend;
    size_t hterm; /* the head's term id */
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
    if (r->n_units <= UNIT_SLOTS / 2) { /* hashed (the units are distinct) */
        for (unsigned k = unit_hash(unit); r->uslot[k]; k = (k + 1) & (UNIT_SLOTS - 1))
            if (!strcmp(r->units[r->uslot[k] - 1], unit)) return (long)r->uslot[k] - 1;
        return -1;
    }
    for (size_t i = 0; i < r->n_units; i++)
        if (r->units[i][0] == unit[0] && r->units[i][1] == unit[1] && !strcmp(r->units[i], unit))
            return (long)i;
    return -1;
}

/* The units of two quantities the number scan read are the same: they
 * are NUL-padded (numbers.h), so the arrays are compared whole, in line. */
static inline int same_unit(const zb_quantity *a, const zb_quantity *b) {
    return !memcmp(a->unit, b->unit, sizeof a->unit);
}

static int better(const cand *a, const cand *b) {
    if (b->rule < 0) return 1;
    if (a->tier != b->tier) return a->tier < b->tier;
    if (a->attr != b->attr) return a->attr < b->attr;
    if (a->dist != b->dist) return a->dist < b->dist;
    if (a->head_len != b->head_len) return a->head_len > b->head_len;
    if (a->need_dist != b->need_dist) return a->need_dist < b->need_dist;
    if (a->need_len != b->need_len) return a->need_len > b->need_len;
    return a->rule < b->rule;
}

/* a's head comes before b's in better()'s order (its first four keys, all
 * known before the rule is tried); 0 when they tie or b's comes first. */
static int head_before(const cand *a, const cand *b) {
    if (a->tier != b->tier) return a->tier < b->tier;
    if (a->attr != b->attr) return a->attr < b->attr;
    if (a->dist != b->dist) return a->dist < b->dist;
    return a->head_len > b->head_len;
}

/* "行政处罚类案件24件", "行政处罚类数量最多": a head followed by 类 labels a
 * category of another breakdown, it is not what the figure counts. */
static int is_label(const char *s, size_t se, const hit *x) {
    return x->end + 3 <= se && eq3(s + x->end, "类");
}

/* A title closing at e stands apart from the figure at b1: more than two
 * characters between, or an example of a kind (《…意见》等七个文件). */
static int title_apart(const char *s, size_t e, size_t b1) {
    return b1 - e > 6 || (e + 3 <= b1 && !memcmp(s + e, "等", 3));
}

/* A word inside a 《title》 opened in the sentence (from ss) that closes well
 * before the figure at b1: it names a document (《重大行政决策事项目录》等文件,
 * 编制…清单349项), no action, so it triggers nothing. A title right before
 * the figure is what is counted (制发《行政执法监督通知书》3份). */
static int in_book_title(const sent_cursor *c, const char *s, size_t ss, size_t pos, size_t b1) {
    if (c->marks) { /* the same through the list of 《 and 》 */
        if (pos < ss + 3) return 0;
        size_t k = lower_bound(c->bk, c->n_bk, (pos - 2) * 2); /* the last one before pos - 2 */
        if (!k || c->bk[k - 1] / 2 < ss || (c->bk[k - 1] & 1)) return 0;
        for (k = lower_bound(c->bk, c->n_bk, pos * 2); k < c->n_bk && c->bk[k] / 2 + 3 <= b1; k++)
            if (c->bk[k] & 1) return title_apart(s, c->bk[k] / 2 + 3, b1);
        return 0;
    }
    int open = 0;
    for (size_t i = pos; i >= ss + 3 && !open; i--) {
        const unsigned char *p = (const unsigned char *)s + i - 3;
        if (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x8A || p[2] == 0x8B)) {
            if (p[2] == 0x8B) return 0;
            open = 1;
        }
    }
    if (!open) return 0;
    for (size_t i = pos; i + 3 <= b1; i++)
        if (!memcmp(s + i, "\xE3\x80\x8B", 3)) return title_apart(s, i + 3, b1);
    return 0;
}

/* A hit in s[a..b) of a term in t (and in t2 when not NULL); every such
 * term is of kind x. */
static int range_has(const tset *t, const tset *t2, const hits *H, size_t a, size_t b, int x) {
    if (TKB(x) & TK_LISTED) {
        FOR_KIND(k, H, x, hits_from(H, a), H->n) {
            if (H->h[k].pos >= b) break;
            if (H->h[k].end <= b && has(t, H->h[k].term) && (!t2 || has(t2, H->h[k].term)))
                return 1;
        }
        return 0;
    }
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++)
        if ((H->h[k].kind & TKB(x)) && H->h[k].end <= b && has(t, H->h[k].term) &&
            (!t2 || has(t2, H->h[k].term)))
            return 1;
    return 0;
}

/* Does s[a..b) name an object of its own before the verb at b that is not one
 * of ru's (重大行政执法决定 for a rule on 规范性文件), or the rest of a breakdown
 * (其他事项审查)? ru's own needs there (局党组...开展集体学习) agree with it. */
/* Whether term t is an object noun of a rule other than ru that could count
 * the figure. When the item names all of ru's own objects as well (举办法治
 * 宣讲、发放宣传资料等30余场次), only a rule whose unit fits competes: 发放
 * names handouts (份), never events (场次). */
static int foreign_noun(const zb_ind_rules *r, const rule *ru, const window *w, size_t t,
                        int own_objects) {
    if (!own_objects) return has(&r->nouns, t);
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *o = &r->rules[i];
        if (o == ru || !unit_ok(r, o, w->q, w->uid)) continue;
        for (size_t g = 0; g < o->n_needs; g++)
            if (has(&o->needs[g], t)) return 1;
    }
    return 0;
}

static int own_noun(const zb_ind_rules *r, const rule *ru, const window *w, const hits *H,
                    const char *s, size_t a, size_t b) {
    while (a < b && s[a] == ' ')
        a++;
    /* "其他事项审查1件", "其余类11件": the remainder of a breakdown */
    if (opens_listed(&r->residual, s, a, b)) return 1;
    int own_objects = ru->n_needs > 0;
    for (size_t g = 0; g < ru->n_needs && own_objects; g++)
        own_objects = range_has(&ru->needs[g], NULL, H, a, w->b1, TK_NOUN);
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++) {
        size_t t = H->h[k].term;
        /* 村, 镇: one character is too little to name an object */
        if (H->h[k].end > b || !has(&r->nouns, t) || r->term_len[t] < 6) continue;
        /* 向区人大常委会报备7件: a noun after 向 is the recipient, not the object */
        int to = 0;
        for (size_t i = a; i + 3 <= H->h[k].pos && !to; i++)
            to = eq3(s + i, "向");
        if (to) continue;
        int mine = 0;
        for (size_t g = 0; g < ru->n_needs && !mine; g++)
            mine = has(&ru->needs[g], t);
        if (!mine && foreign_noun(r, ru, w, t, own_objects)) return 1;
    }
    return 0;
}

/* Nothing but filler between a verb and its number (受理1033件, 审结案件977件):
 * the verb has no object of its own, so the topic supplies it. 受理企业诉求
 * names its own object and takes no topic. */
static int bare_object(const zb_ind_rules *r, const char *s, size_t a, size_t b) {
    /* the @filler words, generic nouns too: 纠错决定29件, 受理申请410件. By
     * first character (a two-character word before the one-character word
     * it opens with): one look-up per character, not a compare with every
     * word. */
    const ind_word *fill = r->filler.v;
    size_t n_fill = r->filler.n;
    while (a < b) {
        if (s[a] == ' ') {
            a++;
            continue;
        }
        unsigned char c = (unsigned char)s[a];
        if ((c & 0xF0) != 0xE0 || a + 3 > b) return 0; /* every word: CJK */
        unsigned cp = (c & 0x0Fu) << 12 | ((unsigned char)s[a + 1] & 0x3Fu) << 6 |
                      ((unsigned char)s[a + 2] & 0x3Fu);
        size_t k = 0; /* sorted by cp */
        while (k < n_fill && fill[k].cp < cp)
            k++;
        for (; k < n_fill && fill[k].cp == cp; k++)
            if (opens(s, a, b, &(word){fill[k].w, fill[k].n})) break;
        if (k == n_fill || fill[k].cp != cp) return 0;
        a += fill[k].n;
    }
    return 1;
}

/* bare_object(s, a, w->b1), kept for the next rule with the same head. */
static int bare_after(const zb_ind_rules *r, window *w, const char *s, size_t a) {
    if (w->bare_at != a) w->bare_at = a, w->bare = bare_object(r, s, a, w->b1);
    return w->bare;
}

/* An @other verb as the attribute of the figure's own object noun
 * (限期予以修改的规范性文件13件, 准予备案的规范性文件2件): 的, then a short
 * noun with no list mark, right before the number. The verb nearest the
 * number says what was done to these, not the head further back. */
static int attr_object(const char *s, size_t a, size_t b) {
    if (a + 3 > b || !eq3(s + a, "的") || b - a > 3 + 30) return 0;
    for (size_t i = a + 3; i + 3 <= b; i++)
        if (eq3(s + i, "、") || (unsigned char)s[i] < 0x80) return 0;
    return 1;
}

/* A figure (s[at..end)) right after 每 and a period (每两月1次, 每季度至少开展1次, 每月不少于2次),
 * or after a minimum with such a period a few characters before it
 * (每季度集体学法不少于1次), is a frequency, a norm of how often, not a count
 * of the report's year. */
static int per_period(const zb_ind_rules *r, const char *s, size_t at, size_t end) {
    /* the @per-verb, @per-min and @per-period words, matched from their last
     * bytes: the character before a figure is seldom the end of one */
    const ind_words *verb = &r->per_verb, *mins = &r->per_min, *per = &r->per_period;
    for (size_t k = 0; at && byte_in(verb->last, (unsigned char)s[at - 1]) && k < verb->n; k++)
        if (ends_with(s, at, &(word){verb->v[k].w, verb->v[k].n})) {
            at -= verb->v[k].n;
            break;
        }
    int min = 0;
    /* a minimum ends right before the figure or opens it */
    int min_near = (at && byte_in(mins->last, (unsigned char)s[at - 1])) ||
                   (at < end && byte_in(mins->first, (unsigned char)s[at]));
    for (size_t k = 0; min_near && k < mins->n; k++) {
        const word m = {mins->v[k].w, mins->v[k].n};
        if (ends_with(s, at, &m)) {
            at -= m.n;
            min = 1;
            break;
        } else if (opens(s, at, end, &m)) {
            /* the figure's own (不少于1次) */
            min = 1;
        }
    }
    /* a minimum (不少于, 至少) is a norm with a period anywhere in the few
     * Han characters before it: 每季度集体学法不少于1次 */
    for (size_t j = at, k = 0; min && k < 8 && j >= 3; k++) {
        j -= 3;
        if ((unsigned char)s[j] < 0xE4 || (unsigned char)s[j] > 0xE9) break;
        if (!byte_in(per->first, (unsigned char)s[j]) ||
            !byte_in(per->second, (unsigned char)s[j + 1]))
            continue;
        for (size_t w = 0; w < per->n; w++)
            if (opens(s, j, at, &(word){per->v[w].w, per->v[w].n})) return 1;
    }
    if (!at || !byte_in(per->last, (unsigned char)s[at - 1])) return 0;
    for (size_t k = 0; k < per->n; k++)
        if (ends_with(s, at, &(word){per->v[k].w, per->v[k].n})) return 1;
    return 0;
}

static size_t line_start(const char *s, size_t at, size_t max);

/* line_start through the list of line ends (c->marks set). */
static size_t line_start_c(const sent_cursor *c, const char *s, size_t at, size_t max) {
    if (!c->marks) return line_start(s, at, max);
    size_t lo = at > max ? at - max : 0, k = list_from(c->nl, c->n_nl, c->bn, c->n_blk, 0, at);
    if (k > 0 && c->nl[k - 1] >= lo) return c->nl[k - 1] + 1;
    while (lo > 0 && ((unsigned char)s[lo] & 0xC0) == 0x80)
        lo++;
    return lo;
}

/* Start of the line holding at, looked for at most max bytes back (then lo). */
static size_t line_start(const char *s, size_t at, size_t max) {
    size_t lo = at > max ? at - max : 0;
    while (at > lo && s[at - 1] != '\n')
        at--;
    while (at == lo && at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++, lo++;
    return at;
}

/* s[a..b) opens with a heading number: 一、 (一) 1. 1、 ① */
static int numbered(const char *s, size_t a, size_t b) {
    static const char *const CN[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (a < b && (s[a] == '(' || (s[a] >= '0' && s[a] <= '9'))) return 1;
    if (a + 3 <= b && (unsigned char)s[a] == 0xE2 && (unsigned char)s[a + 1] == 0x91)
        return 1; /* ①..⑳ */
    for (size_t k = 0; k < 10; k++)
        if (a + 6 <= b && !memcmp(s + a, CN[k], 3) && eq3(s + a + 3, "、")) return 1;
    return 0;
}

/* A paragraph opening with a short label and a colon (案件数量情况:…). */
static int labelled(const char *s, size_t ls, size_t le) {
    for (size_t i = ls + 6; i < le && i <= ls + 30; i++)
        if (s[i] == ':') return 1;
    return 0;
}

/* The topic a sentence inherits when it names none (@domain): the rest of
 * its paragraph before it, else the heading lines above the paragraph
 * ("一、行政复议案件情况" / "(一)基本情况"). Looked up once per figure, lazily. */
static void topic_above(const zb_ind_rules *r, window *w, const hits *H, const char *s);

static void find_topic(const zb_ind_rules *r, window *w, const hits *H, const char *s) {
    w->topic = 1;
    w->n_topic = 0;
    /* it names its own, up to the figure's clause: a topic named only in a
     * later clause ("经行政复议后…未再进入诉讼程序") tells what came after */
    if (range_has(&r->domain, NULL, H, w->topic0, w->a1 > w->ns ? w->a1 : w->se, TK_DOMAIN)) return;
    struct topic_memo *tm = w->cur->tm;
    if (tm && tm->ss == w->ss) { /* found for a figure before in the sentence */
        w->topic = tm->topic;
        w->n_topic = tm->n_topic;
        memcpy(w->tr0, tm->tr0, sizeof w->tr0);
        memcpy(w->tr1, tm->tr1, sizeof w->tr1);
        return;
    }
    topic_above(r, w, H, s);
    if (tm) {
        tm->ss = w->ss;
        tm->topic = w->topic;
        tm->n_topic = w->n_topic;
        memcpy(tm->tr0, w->tr0, sizeof w->tr0);
        memcpy(tm->tr1, w->tr1, sizeof w->tr1);
    }
}

/* find_topic's ranges above the sentence (w->topic 1 when none). */
static void topic_above(const zb_ind_rules *r, window *w, const hits *H, const char *s) {
    size_t p = line_start_c(w->cur, s, w->ss, 900);
    if (p < w->ss) {
        w->tr0[w->n_topic] = p;
        w->tr1[w->n_topic++] = w->ss;
        if (range_has(&r->domain, NULL, H, p, w->ss, TK_DOMAIN)) {
            w->topic = 2;
            return;
        }
    }
    /* headings: short lines right above the paragraph */
    for (size_t skipped = 0; p > 0 && s[p - 1] == '\n' && w->n_topic < MAX_TOPIC;) {
        size_t le = p - 1, ls = line_start_c(w->cur, s, le, 150);
        if (le - ls > 120) { /* a paragraph, not a heading */
            /* "案件数量情况:…" / "案件类型情况:…": labelled paragraphs of one
             * section; the heading above them still is this one's */
            size_t ps = line_start_c(w->cur, s, le, 900);
            if (labelled(s, ps, le) && ++skipped <= 8) {
                p = ps;
                continue;
            }
            break;
        }
        /* a short paragraph (调处矛盾纠纷2356件,...。, 全年未发生行政复议案件。) is
         * no heading: a sentence, unless numbered like one (1.加强组织领导。),
         * and then not when it states a figure; the headings above it still are */
        if (le - ls >= 3 && eq3(s + le - 3, "。")) {
            int digit = 0;
            for (size_t i = ls; i < le && !digit; i++)
                digit = s[i] >= '0' && s[i] <= '9';
            if (!numbered(s, ls, le) || (digit && memchr(s + ls, ',', le - ls))) {
                if (++skipped > 8) break;
                p = ls;
                continue;
            }
        }
        w->tr0[w->n_topic] = ls;
        w->tr1[w->n_topic++] = le;
        if (range_has(&r->domain, NULL, H, ls, le, TK_DOMAIN)) break;
        p = ls;
    }
    if (w->n_topic) w->topic = 2;
}

static int topic_has(const zb_ind_rules *r, window *w, const hits *H, const char *s,
                     const tset *g) {
    /* "受理企业诉求1151件、办结1132件": the item shares the object of the
     * figure before it (诉求), which no topic replaces */
    if (w->prev_fact) return 0;
    if (!w->topic) find_topic(r, w, H, s);
    if (w->topic != 2) return 0;
    for (size_t i = 0; i < w->n_topic; i++)
        if (range_has(g, &r->domain, H, w->tr0[i], w->tr1[i], TK_DOMAIN)) return 1;
    return 0;
}

/* The hits a rule may use for the figure: from h0 up to the number, then
 * those after the unit up to a1. The hits inside the figure and after its
 * clause fail every test of the loops below, so they are not visited. */
#define FOR_NEAR(k, h0, w)                                                                         \
    for (size_t k = (h0) < (w)->hb ? (h0) : (w)->ha0; k < (w)->ha1;                                \
         k = k + 1 == (w)->hb ? (w)->ha0 : k + 1)

/* A rule tried for the figure: its head nearest the figure so far. */
typedef struct {
    cand c;
    int ok;    /* its unit and kind fit the figure */
    int found; /* c holds a head */
} trial;

/* Hit x, a head of the rules it names, as one of their heads for the
 * figure: its tier and distance (the same for every rule). 0 when it is out
 * of reach. */
static int head_reach(const window *w, const hit *x, const char *s, int *tier, size_t *d) {
    if (is_label(s, w->se, x)) return 0;
    if (x->pos >= w->head_b0 && x->end <= w->b1) {
        *d = w->b1 - x->end;
        if (*d > MAX_HEAD_DIST) return 0;
        *tier = x->pos >= w->own0 ? TIER_OWN : TIER_BACK;
    } else if (x->pos >= w->a0 && x->end <= w->a1) {
        *d = x->pos - w->a0;
        *tier = TIER_AFTER;
    } else {
        return 0;
    }
    /* (after the cheaper tests: it only rules the hit out) */
    return !in_book_title(w->cur, s, w->ss, x->pos, w->b1);
}

/* The head of a rule nearest the figure (before it since the previous
 * figure, or right after its unit): t keeps the best of its heads offered
 * in text order. Ties go to the longer word. */
static void offer_head(trial *t, const hit *x, int tier, int attr, size_t d, size_t l) {
    cand *c = &t->c;
    int same = t->found && tier == c->tier && attr == c->attr;
    if (!t->found || tier < c->tier || (tier == c->tier && attr < c->attr) ||
        (same && d < c->dist) || (same && d == c->dist && l > c->head_len)) {
        t->found = 1;
        c->tier = tier;
        c->attr = attr;
        c->dist = d;
        c->head_len = l;
        c->hpos = x->pos;
        c->hend = x->end;
        c->hterm = x->term;
    }
}

/* s[a..b) names a kind of its own: a trigger word of any rule, or an object
 * noun ru does not need ("全县行政处罚案件办理4821件" is about 处罚案件 whatever
 * the paragraph says; "党委中心组开展专题学习" names ru's own subject). */
static int names_kind(const zb_ind_rules *r, const rule *ru, const hits *H, size_t a, size_t b) {
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++) {
        size_t t = H->h[k].term;
        if (H->h[k].end > b) continue;
        for (size_t i = 0; i < r->n_head_rules[t]; i++) /* another rule's trigger */
            if (&r->rules[r->head_rules[t][i]] != ru &&
                strcmp(r->rules[r->head_rules[t][i]].code, ru->code))
                return 1;
        if (!has(&r->nouns, t)) continue;
        int mine = 0;
        for (size_t g = 0; g < ru->n_needs && !mine; g++)
            mine = has(&ru->needs[g], t);
        if (!mine) return 1;
    }
    return 0;
}

/* Every needs group of ru occurs in the sentence before the figure or right
 * after it. *local is set when one of them is in the figure's own clause. */
static int needs_met(const zb_ind_rules *r, const rule *ru, window *w, const hits *H, const char *s,
                     cand *c, int *local, int *after, int *all_local) {
    c->need_len = c->need_dist = 0;
    *local = *after = 0;
    *all_local = 1;
    for (size_t g = 0; g < ru->n_needs; g++) {
        int ok = 0, own = 0;
        size_t gl = 0, gd = 0;
        FOR_NEAR(k, w->hneed, w) {
            const hit *x = &H->h[k];
            if (!(x->kind & TKB(TK_NOUN)) || !has(&ru->needs[g], x->term)) continue;
            size_t d;
            if (x->end <= w->b1 && x->pos >= w->ns && w->b1 - x->end <= MAX_NEED_DIST) {
                d = w->b1 - x->end;
                if (x->pos >= w->l0) own = 1;
            } else if (x->pos >= w->a0 && x->end <= w->an1) {
                d = x->pos - w->a0;
                *after = 1;
                own = 1;
            } else {
                continue;
            }
            size_t l = r->term_len[x->term];
            if (!ok || d < gd || (d == gd && l > gl)) {
                ok = 1;
                gd = d;
                gl = l;
            }
        }
        /* "受理1033件" under a paragraph or heading about 行政复议: the topic
         * noun passes on to a sentence that names none itself */
        if (!ok && c->tier == TIER_OWN && !w->prev_fact && bare_after(r, w, s, c->hend)) {
            if (ru->need_domain && ru->need_domain[g])
                ok = topic_has(r, w, H, s, &ru->needs[g]);
            else if (!names_kind(r, ru, H, w->own0, c->hpos))
                /* "学习贯彻习近平法治思想。党委中心组开展专题学习6次": the object of
                 * a bare verb may be named earlier in its paragraph */
                ok = range_has(&ru->needs[g], NULL, H, line_start_c(w->cur, s, w->ss, 600), w->ss,
                               TK_NOUN);
            if (ok) gd = MAX_NEED_DIST + 1, gl = 0;
        }
        if (!ok) return 0;
        if (!own) *all_local = 0;
        if (gd <= w->b1 - w->l0) *local = 1;
        c->need_len += gl;
        if (gd > c->need_dist) c->need_dist = gd;
    }
    return 1;
}

/* A head of ru of four characters or more (合法性审查) in s[a..b): the
 * sentence names the rule's own kind too (合法性审查和公平竞争审查), so a
 * sentence exclude does not decide it. */
static int long_head_in(const zb_ind_rules *r, const rule *ru, const hits *H, size_t a, size_t b) {
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++)
        if (H->h[k].end <= b && r->term_len[H->h[k].term] >= 12 && has(&ru->heads, H->h[k].term))
            return 1;
    return 0;
}

/* An exclude of ru in the figure's clause or right after it. */
static int excluded(const zb_ind_rules *r, const rule *ru, window *w, const hits *H,
                    const char *s) {
    /* "广州铁路运输两级法院…促成4344件行政争议以调解方式结案": a court's
     * mediation, named anywhere in the paragraph, is no reconsideration */
    if (ru->pexcl.w &&
        range_has(&ru->pexcl, NULL, H, line_start_c(w->cur, s, w->ss, 900), w->se, TK_EXCL))
        return 1;
    /* "健全公平竞争审查机制,规范开展审查工作,全年审查文件6件": a kind of
     * review named earlier in the sentence is what its later 审查 does */
    if (ru->sexcl.w && range_has(&ru->sexcl, NULL, H, w->ss, w->b1, TK_EXCL) &&
        !long_head_in(r, ru, H, w->ss, w->b1))
        return 1;
    if (!ru->excl.w) return 0;
    /* "已受理的行政复议案件2宗。其中,1宗案由为行政处罚…": a breakdown opening
     * with an inherit word parts the figure of the sentence before, so that
     * sentence's topic (复议) is its own: an exclude naming it rules it out */
    if (r->domain.w && w->inh1 > w->inh0 &&
        range_has(&ru->excl, &r->domain, H, w->inh0, w->inh1, TK_DOMAIN))
        return 1;
    FOR_NEAR(k, w->hl0, w) { /* excludes count from the local clause on */
        const hit *x = &H->h[k];
        if (!(x->kind & TKB(TK_EXCL)) || !has(&ru->excl, x->term)) continue;
        /* "由2个督察组对11个乡镇进行督查": a word right after the previous
         * figure is that figure's noun (the groups), not this one's */
        if (x->pos == w->fig0) continue;
        if ((x->pos >= w->l0 && x->end <= w->b1) || (x->pos >= w->a0 && x->end <= w->a1)) return 1;
    }
    /* "一、行政复议 ... 涉及行政处罚案件49件": a topic the rule excludes (复议,
     * 诉讼), passed on by the paragraph or heading, rules it out as well */
    if (!r->domain.w) return 0;
    if (!w->topic) find_topic(r, w, H, s);
    for (size_t i = 0; w->topic == 2 && i < w->n_topic; i++)
        if (range_has(&ru->excl, &r->domain, H, w->tr0[i], w->tr1[i], TK_DOMAIN)) return 1;
    return 0;
}

/* A needs word of ru in the figure's clause before it, or starting within
 * six characters after the unit (7个重大行政决策事项, 20个自治区直属部门). */
/* 11个县直部门报送备案的规范性文件: a @body word named before the object is
 * what the 个 counts. */
static int body_before(const ind_words *l, const char *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (opens_listed(l, s, i, b)) return 1;
    return 0;
}

static int object_opens(const zb_ind_rules *r, const rule *ru, const window *w, const hits *H,
                        const char *s) {
    /* 重大行政决策事项12个均经过合法性审查: the object came before the figure */
    for (size_t k = hits_from(H, w->own0); k < w->hb; k++)
        for (size_t g = 0; g < ru->n_needs; g++)
            if (H->h[k].end <= w->b1 && has(&ru->needs[g], H->h[k].term)) return 1;
    for (size_t k = w->ha0; H->h[k].pos < w->a0 + 18; k++)
        for (size_t g = 0; g < ru->n_needs; g++)
            if (H->h[k].pos >= w->a0 && has(&ru->needs[g], H->h[k].term))
                return !body_before(&r->body, s, w->a0, H->h[k].pos);
    return 0;
}

/* Whether s[a..b) holds an ASCII digit (a figure of its own). */
static int has_digit(const char *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9') return 1;
    return 0;
}

/* Tries rule ru, whose nearest head c holds, for the figure in window w;
 * fills the rest of c and returns 1 on a match. */
static int try_rule(const zb_ind_rules *r, const rule *ru, window *w, const hits *H, const char *s,
                    cand *c) {
    int local, after, all_local;
    if (!needs_met(r, ru, w, H, s, c, &local, &after, &all_local)) return 0;
    /* "审查规范性文件涉及5个部门", "对巡察反馈的13个问题": after a bare 个 the
     * noun that follows is what is counted; the rule's object must be it */
    if (w->noun_after && c->hpos < w->b1 && ru->n_needs && !after) return 0;
    /* "向6个执法部门换发执法证件", "对16个市市场监管部门报送的规范性文件开展备案
     *审查": with the trigger after the figure too, a 个 followed by another noun
     * (a body) counts that noun; the rule's object must open it */
    if (w->noun_after && c->hpos >= w->a0 && ru->n_needs && !object_opens(r, ru, w, H, s)) return 0;
    /* "其中,规范性文件审查2件,重大行政执法决定审查10件,其他事项审查1件": an item
     * naming its own noun before its verb is classified by that noun alone;
     * only a bare item (清理600余件) shares the object of the items before */
    if (w->item && c->tier == TIER_OWN && !all_local && own_noun(r, ru, w, H, s, w->own0, c->hpos))
        return 0;
    /* a head reached only through an inherit word or a joiner (其中, 涉及, 和)
     * counts when the clause names one of the rule's own objects:
     * 涉及规范性文件1件, not 其中刑事案件120件 */
    if (c->hpos < w->b0 && c->hend <= w->b1 && !local) return 0;
    /* "败诉案件数…增长较大的主要原因为…行政赔偿数量较多,高达222件": a head
     * reached in an earlier clause brings that clause's excludes (因) along,
     * unless figures stand between (审查重大行政决策1件、规范性文件10件、合同70余份:
     * each item names its own object) */
    if (c->tier == TIER_BACK && ru->excl.w && c->hend < w->l0 && !has_digit(s, c->hend, w->l0) &&
        range_has(&ru->excl, NULL, H, c->hend, w->l0, TK_EXCL))
        return 0;
    return !excluded(r, ru, w, H, s);
}

/* Where the last word of t in [lo, hi) ends, plus one; 0 when there is none. */
/* (The words of t are the terms of kind x.) */
static size_t last_in(const tset *t, int x, const hits *H, size_t h0, size_t h1, size_t lo,
                      size_t hi) {
    size_t end = 0;
    FOR_KIND(k, H, x, h0, h1) {
        const hit *y = &H->h[k];
        if (y->pos >= lo && y->end <= hi && has(t, y->term) && y->end + 1 > end) end = y->end + 1;
    }
    return end;
}

static int any_in(const tset *t, int x, const hits *H, size_t h0, size_t h1, size_t lo, size_t hi) {
    FOR_KIND(k, H, x, h0, h1) {
        if (H->h[k].pos >= lo && H->h[k].end <= hi && has(t, H->h[k].term)) return 1;
    }
    return 0;
}

/* Scope: the scope term nearest before the number in the clause, joined with
 * scope terms before it by a @scope-joiner word (及/和/与/、) or nothing
 * (区政府部门及镇街). */
static void find_scope(const zb_ind_rules *r, const char *s, const hits *H, size_t h0, size_t h1,
                       size_t lo, size_t hi, size_t *st, size_t *en) {
    *st = *en = 0;
    if (!r->scope.w) return;
    long best = -1;
    FOR_KIND(k, H, TK_SCOPE, h0, h1) {
        const hit *x = &H->h[k];
        if (x->pos < lo || x->end > hi || !has(&r->scope, x->term)) continue;
        if (best < 0 || x->pos > H->h[best].pos ||
            (x->pos == H->h[best].pos && x->end > H->h[best].end))
            best = (long)k;
    }
    if (best < 0) return;
    /* drop a shorter hit nested inside a longer one that starts earlier */
    FOR_KIND(k, H, TK_SCOPE, h0, h1) {
        const hit *x = &H->h[k];
        if (x->pos >= lo && has(&r->scope, x->term) && x->pos < H->h[best].pos &&
            x->end >= H->h[best].end)
            best = (long)k;
    }
    size_t a = H->h[best].pos, b = H->h[best].end;
    const ind_words *l = &r->scope_joiner;
    for (int round = 0; round < 3; round++) {
        int ext = 0;
        /* each word, then none: scope terms side by side. The byte before
         * the scope ends no word in most places: then none only */
        int near = a > lo && byte_in(l->last, (unsigned char)s[a - 1]);
        for (size_t j = near ? 0 : l->n; j <= l->n && !ext; j++) {
            size_t jl = j < l->n ? l->v[j].n : 0;
            if (a < lo + jl || (jl && !ends_with(s, a, &(word){l->v[j].w, jl}))) continue;
            FOR_KIND(k, H, TK_SCOPE, h0, h1) {
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

/* s[p..p + 48) is 16 characters of three bytes (a lead E0-EF every third
 * byte, continuation bytes between), tested eight bytes at a time against
 * a pattern laid out as the bytes are (no byte order assumed). */
#define CJK3(x) x, 0xC0, 0xC0
#define CJK3W(x) x, 0x80, 0x80
static int cjk16_at(const char *s, size_t p) {
    static const unsigned char MASK[48] = {CJK3(0xF0), CJK3(0xF0), CJK3(0xF0), CJK3(0xF0),
                                           CJK3(0xF0), CJK3(0xF0), CJK3(0xF0), CJK3(0xF0),
                                           CJK3(0xF0), CJK3(0xF0), CJK3(0xF0), CJK3(0xF0),
                                           CJK3(0xF0), CJK3(0xF0), CJK3(0xF0), CJK3(0xF0)};
    static const unsigned char WANT[48] = {CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0),
                                           CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0),
                                           CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0),
                                           CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0), CJK3W(0xE0)};
    for (int k = 0; k < 48; k += 8) {
        uint64_t x, m, w;
        memcpy(&x, s + p + k, 8);
        memcpy(&m, MASK + k, 8);
        memcpy(&w, WANT + k, 8);
        if ((x & m) != w) return 0;
    }
    return 1;
}
#undef CJK3
#undef CJK3W

/* At most sixteen characters in s[a..b) (b - a < 48, b >= 48) as the walk
 * of trim_chars counts them from the end: a character per byte that is no
 * continuation byte (10xxxxxx), and one for a run of those at a. Counted
 * eight bytes at a time over the 48 bytes before b, the bytes before a
 * masked off. (A phrase of six to fifteen CJK characters, most of those
 * the walk steps over one by one.) */
static int sixteen_chars_at_most(const char *s, size_t a, size_t b) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const char *p = s + b - 48;
    size_t skip = 48 - (b - a); /* bytes of p before a */
    uint64_t sum = 0;           /* continuation bytes, per byte lane (at most 6 each) */
    for (size_t k = skip & ~(size_t)7; k < 48; k += 8) {
        uint64_t x;
        memcpy(&x, p + k, 8);
        uint64_t c = x & ~(x << 1) & 0x8080808080808080ull;
        if (k < skip) c &= ~0ull << (8 * (skip - k)); /* byte j is bits 8j.. */
        sum += c >> 7;
    }
    size_t cont = (size_t)((sum * 0x0101010101010101ull) >> 56);
    return (b - a) - cont + (((unsigned char)s[a] & 0xC0) == 0x80) <= 16;
#else
    (void)s, (void)a, (void)b;
    return 0; /* the walk counts */
#endif
}

static size_t trim_chars(const char *s, size_t a, size_t b, size_t max_chars, int from_end) {
    /* returns new a (from_end) or new b: keeps at most max_chars characters */
    if (b - a <= max_chars) return from_end ? a : b; /* no more bytes than that */
    /* sixteen CJK characters in a row at the kept end (most phrases): the
     * walk below would step over them three bytes at a time */
    if (max_chars == 16 && b - a >= 48) {
        if (from_end && cjk16_at(s, b - 48)) return b - 48;
        if (!from_end && cjk16_at(s, a)) return a + 48;
    } else if (max_chars == 16 && from_end && b >= 48 && sixteen_chars_at_most(s, a, b)) {
        return a; /* the walk would end at a */
    }
    size_t n = 0;
    if (from_end) {
        size_t i = b;
        while (i > a && n < max_chars) {
            const unsigned char *p = (const unsigned char *)s + i;
            n++;
            /* most characters: three bytes, led by E0-EF (the walk below
             * stops there too) */
            if (i >= a + 3 && (p[-3] & 0xF0) == 0xE0 && (p[-2] & 0xC0) == 0x80 &&
                (p[-1] & 0xC0) == 0x80) {
                i -= 3;
                continue;
            }
            i--;
            while (i > a && ((unsigned char)s[i] & 0xC0) == 0x80)
                i--;
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

/* "市场主体达到18.5万户": the phrase is 市场主体, without the linking verb
 * (a @phrase-tail word). */
static size_t trim_tail_words(const zb_ind_rules *r, const char *s, size_t lo, size_t end) {
    const ind_words *l = &r->phrase_tail;
    for (int round = 0; round < 3; round++) {
        int cut = 0;
        while (end > lo && s[end - 1] == ' ')
            end--;
        /* the last byte first: it ends no word in most places */
        if (end <= lo || !byte_in(l->last, (unsigned char)s[end - 1])) break;
        for (size_t k = 0; k < l->n && !cut; k++) {
            size_t n = l->v[k].n;
            const char *w = l->v[k].w;
            if (end >= lo + n + 3 && s[end - 1] == w[n - 1] && !memcmp(s + end - n, w, n)) {
                end -= n;
                cut = 1;
            }
        }
        if (!cut) break;
    }
    return end;
}

/* "审查规范性文件17件和重大行政决策11件": a figure whose context opens with
 * a @joiner word (和/及/、) may share the verb of the figure before (its own object noun must
 * then be in its clause, see try_rule). */
static int opens_with_joiner(const zb_ind_rules *r, const char *s, size_t a, size_t b) {
    while (a < b && s[a] == ' ')
        a++;
    return opens_listed(&r->joiner, s, a, b);
}

/* An @inherit word right at the start of a sentence (spaces allowed); k:
 * the first hit at or after at. */
static int opens_with_inherit(const zb_ind_rules *r, const hits *H, size_t at, size_t k) {
    if (!r->inherit.w) return 0;
    FOR_KIND(j, H, TK_INHERIT, k, H->n) {
        if (H->h[j].pos > at + 1) break;
        if (has(&r->inherit, H->h[j].term)) return 1;
    }
    return 0;
}

/* End of the last base marker in s[a..b): a @base-unit word then 中
 * (件中: "977件中", "在已审结的案件中"); a, when none. Looks at most
 * MAX_HEAD_DIST bytes back. */
static size_t after_base(const ind_words *U, const sent_cursor *c, const char *s, size_t a,
                         size_t b) {
    size_t lo = b > a + MAX_HEAD_DIST ? b - MAX_HEAD_DIST : a;
    if (c->zd) { /* 中 listed: one that starts in [lo + 3, b - 3] */
        if (b < lo + 6) return a;
        for (size_t k = lower_bound(c->zd, c->n_zd, (b - 2) * 2);
             k-- > 0 && c->zd[k] / 2 >= lo + 3;) {
            size_t i = c->zd[k] / 2 + 3;
            if (!(c->zd[k] & 1) && ends_listed(U, s, lo, i - 3)) return i;
        }
        return a;
    }
    /* 中 ends at i: its last byte (rarer than a lead byte) at i - 1 */
    for (size_t hi = b; hi >= lo + 6;) {
        size_t i = last_byte(s, lo + 5, hi, (unsigned char)"中"[2]) + 1;
        if (!i) break;
        if (eq3(s + i - 3, "中") && ends_listed(U, s, lo, i - 3)) return i;
        hi = i - 1;
    }
    return a;
}

/* The figure's own clause binds it to its nearest predicate: a word of
 * @other (胜诉, 准予备案, 召开...会议: no code counts it) nearer to the number
 * than the chosen head, or any predicate before the number when the head
 * was only found after the unit or in an earlier clause, leaves it a fact. */
static int bound_elsewhere(const zb_ind_rules *r, const hits *H, const char *s, size_t h0,
                           size_t h1, const window *w, const cand *best) {
    /* only @other words and heads bind: their hits, kind by kind (any one
     * of them decides) */
    FOR_KIND(k, H, TK_OTHER, h0, h1) {
        const hit *x = &H->h[k];
        if (x->pos < w->own0 || x->end > w->b1) continue;
        /* an @other word binds only when nothing but filler separates it from
         * the number (专题会议5次, 准予备案的2件), not as a modifier
         * (常务会议议题113个) */
        int other = r->other.w && has(&r->other, x->term) &&
                    (bare_object(r, s, x->end, w->b1) || attr_object(s, x->end, w->b1));
        if (best->tier != TIER_OWN) {
            /* "落实规范性文件备案审查制度,制定《…》等7件规范性文件": a verb no
             * code counts anywhere in the figure's own clause is its
             * predicate, and an earlier clause's head does not reach past it */
            if (other || (best->tier == TIER_BACK && r->other.w && has(&r->other, x->term)))
                return 1;
            continue;
        }
        /* 听证会议: an @other word starting inside the head continues it; one
         * holding the head (准予备案 around 备案) is the predicate */
        if (!other || (x->pos > best->hpos && x->pos < best->hend)) continue;
        size_t l = r->term_len[x->term];
        if (x->end > best->hend || (x->end == best->hend && l > best->head_len)) return 1;
    }
    if (best->tier == TIER_OWN) return 0;
    for (size_t k = h0; k < h1; k++) {
        const hit *x = &H->h[k];
        if (!(x->kind & TKB(TK_HEAD)) || x->pos < w->own0 || x->end > w->b1) continue;
        /* "通过专题讲座等形式,组织干部开展法治培训10场次": the figure's own
         * clause has its own predicate (培训), the earlier clause's head
         * (专题讲座) does not reach past it. 其中/涉及 hand it on. */
        int pred = r->n_head_rules[x->term] && !has(&r->inherit, x->term) &&
                   (best->tier == TIER_BACK || ZB_STRICT_BIND);
        if (pred) return 1;
    }
    return 0;
}

/* Whether w (not empty) occurs in s[a..b): memchr on its last byte, rarer
 * than the lead byte of a CJK character. */
static int strstr_n(const char *s, size_t a, size_t b, const char *w) {
    size_t n = strlen(w);
    for (size_t k = a + n - 1; k < b;) {
        const char *p = memchr(s + k, w[n - 1], b - k);
        if (!p) return 0;
        k = (size_t)(p - s);
        if (!memcmp(s + k + 1 - n, w, n)) return 1;
        k++;
    }
    return 0;
}

/* Whether the @mixed rule may take a mixed total best chose another rule
 * for: the same verb triggers it and the figure's unit is one it counts. */
static int mixed_takes(const zb_ind_rules *r, const cand *best, const zb_quantity *q, long uid) {
    if (r->mixed_rule < 0) return 0;
    const rule *mx = &r->rules[r->mixed_rule];
    if (mx->kind != r->rules[best->rule].kind || !unit_ok(r, mx, q, uid)) return 0;
    for (size_t i = 0; i < r->n_head_rules[best->hterm]; i++)
        if (r->head_rules[best->hterm][i] == (size_t)r->mixed_rule) return 1;
    return 0;
}

/* "对重大行政决策、规范性文件和政府合同开展合法性审查134件": the figure's
 * own clause names, beside an object of the chosen rule, an object of another
 * rule with the same verb. A total over mixed kinds is none of them. */
static int mixed_total(const zb_ind_rules *r, const hits *H, const char *s, const window *w,
                       const cand *best) {
    const rule *ru = &r->rules[best->rule];
    if (!ru->n_needs || best->tier == TIER_BACK) return 0;
    size_t a = w->own0, b = w->b1, deng = SIZE_MAX; /* the last 等 of the clause */
    const sent_cursor *c = w->cur;
    for (size_t k = c->zd && b >= a + 3 ? lower_bound(c->zd, c->n_zd, (b - 2) * 2) : 0;
         k-- > 0 && c->zd[k] / 2 >= a && deng == SIZE_MAX;)
        if (c->zd[k] & 1) deng = c->zd[k] / 2;
    for (size_t hi = b; !c->zd && hi >= a + 3 && deng == SIZE_MAX;) {
        size_t k = last_byte(s, a + 2, hi, (unsigned char)"等"[2]) + 1;
        if (!k) break;
        if (eq3(s + k - 3, "等")) deng = k - 3;
        hi = k - 1;
    }
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++) {
        const hit *x = &H->h[k];
        if (x->end > b || !(x->kind & TKB(TK_NOUN)) || r->term_len[x->term] < 6) continue;
        int mine = 0; /* overlaps a need of ru (文件 of 规范性文件 for a rule on 文件) */
        for (size_t j = hits_from(H, a); H->h[j].pos < x->end && !mine; j++) {
            if (H->h[j].end <= x->pos || !(H->h[j].kind & TKB(TK_NOUN))) continue;
            for (size_t g = 0; g < ru->n_needs && !mine; g++)
                mine = has(&ru->needs[g], H->h[j].term);
        }
        /* "重大行政决策等文件541件": 等 sums the list up under the noun after it */
        if (mine || (deng != SIZE_MAX && deng >= x->end)) continue;
        /* an object of another rule triggered by the same verb */
        for (size_t i = 0; i < r->n_head_rules[best->hterm]; i++) {
            const rule *o = &r->rules[r->head_rules[best->hterm][i]];
            if (o == ru || o->kind != ru->kind) continue;
            for (size_t g = 0; g < o->n_needs; g++)
                if (has(&o->needs[g], x->term)) return 1;
        }
    }
    return 0;
}

/* The latest year (19xx/20xx before 年) in s[a..b), 0 when none. */
static int latest_year(const sent_cursor *c, const char *s, size_t a, size_t b) {
    int best = 0;
    /* a valid text's ASCII digits are listed (among the number scan's
     * stops): only they can start a year */
    size_t k = c->marks ? lower_bound(c->st, c->n_st, a) : 0;
    for (size_t i = a; i + 7 <= b; i++) {
        if (c->marks) {
            if (k >= c->n_st || c->st[k] + 7 > b) break;
            i = c->st[k++];
        }
        if ((s[i] != '1' && s[i] != '2') || (i > a && s[i - 1] >= '0' && s[i - 1] <= '9')) continue;
        int ok = 1, y = 0;
        for (int k = 0; k < 4 && ok; k++) {
            ok = s[i + k] >= '0' && s[i + k] <= '9';
            y = y * 10 + (s[i + k] - '0');
        }
        if (ok && eq3(s + i + 4, "年") && y >= 1990 && y <= 2100 && y > best) best = y;
    }
    return best;
}

/* s[a..b) opens with a @change verb (增加了555件, 增长了近3倍). */
static int starts_change(const zb_ind_rules *r, const char *s, size_t a, size_t b) {
    while (a < b && s[a] == ' ')
        a++;
    for (size_t k = 0; k < r->change.n; k++)
        if (opens(s, a, b, &(word){r->change.v[k].w, r->change.v[k].n})) return 1;
    return 0;
}

/* s[a..b) opens with a @looks-back word (上年度, 去年, 上一年度...). */
static inline int looks_back(const zb_ind_rules *r, const char *s, size_t a, size_t b) {
    while (a < b && (s[a] == ' ' || s[a] == ','))
        a++;
    return opens_listed(&r->looks_back, s, a, b); /* a sentence start is seldom 上/去/前 */
}

/* "上年度出庭应诉率为92%", "去年,受理120件": last year's level, not the
 * report's. After the sharing passes, so that 今年提高到100% still takes the
 * code of the 92% before it. */
static void drop_looks_back(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match *m,
                            size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (m[i].rule < 0) continue;
        size_t a = m[i].sent_start, b = m[i].q.start;
        /* 上年度…为92%,今年提高到100%: this year's comes back */
        int back =
            looks_back(r, s, a, b) && !strstr_n(s, a, b, "今年") && !strstr_n(s, a, b, "本年");
        if (!back && !looks_back(r, s, m[i].ev_start, b)) continue;
        size_t e = sentence_end(s, len, m[i].q.end);
        if (!strstr_n(s, a, e, "今年") && !strstr_n(s, a, e, "本年"))
            m[i].back_rule = m[i].rule + 1;
        m[i].rule = -1;
    }
}

/* Whether the trigger of m is a @caseload verb (办理). */
static int caseload_head(const zb_ind_rules *r, const char *s, const zb_ind_match *m) {
    size_t l = m->head_end - m->head_start;
    for (size_t k = 0; k < r->n_caseload_words && m->head_end > m->head_start; k++)
        if (strlen(r->caseload_words[k]) == l &&
            !memcmp(s + m->head_start, r->caseload_words[k], l))
            return 1;
    return 0;
}

/* "全年共办理行政复议案件64件。新收案件58件,上年结转6件": a figure a
 * @caseload verb triggers counts the cases handled, carry-over included; when
 * the same code is stated nearby with a verb of its own (新收) and no larger
 * value, that one is the count and the caseload stays a fact. */
static void drop_caseloads(const zb_ind_rules *r, const char *s, zb_ind_match *m, size_t n) {
    if (!r->n_caseload_words) return;
    for (size_t i = 0; i < n; i++) {
        if (m[i].rule < 0 || !caseload_head(r, s, &m[i])) continue;
        const char *code = r->rules[m[i].rule].code;
        /* figures are in text order: only those within reach are looked at
         * (all of them made this quadratic: 20,000 caseload figures, 10 s) */
        size_t lo = i;
        while (lo > 0 && m[i].q.start - m[lo - 1].q.start <= CASELOAD_REACH)
            lo--;
        for (size_t j = lo; j < n && m[j].q.start <= m[i].q.start + CASELOAD_REACH; j++) {
            if (j == i || m[j].rule < 0 || strcmp(r->rules[m[j].rule].code, code)) continue;
            size_t a = m[j].q.start, b = m[i].q.start;
            /* the caseload holds the new cases: never fewer */
            if ((a > b ? a - b : b - a) > CASELOAD_REACH || m[j].q.value > m[i].q.value ||
                caseload_head(r, s, &m[j]))
                continue;
            m[i].rule = -1;
            break;
        }
    }
}

static int match_one(const zb_ind_rules *r, const char *s, size_t len, const hits *H,
                     const zb_quantity *q, size_t prev_end, int prev_rule, size_t next_start,
                     long uid, uint32_t *tried, trial *trials, sent_cursor *cur, zb_ind_match *m) {
    window w; /* every field is set below before it is read (no memset of the whole) */
    w.n_topic = 0;
    w.ss = cursor_start(cur, s, len, q->start, 1);
    w.ns = cursor_start(cur, s, len, q->start, 0);
    /* "...收到行政复议申请2371件。其中,受理1968件": a sentence opening with an
     * inherit word continues the one before it */
    size_t ns0 = w.ns, h0 = hits_from(H, w.ns);
    if (w.ns > 0 && opens_with_inherit(r, H, w.ns, h0)) {
        size_t prev = w.ns;
        while (prev > 0 && ((unsigned char)s[prev - 1] & 0xC0) == 0x80)
            prev--;
        if (prev > 0 && s[prev - 1] != '\n') w.ns = sentence_start_w(s, len, prev - 1, 0);
    }
    if (w.ns + 600 < w.ss) w.ns = w.ss - 600; /* bounded look-back */
    w.inh0 = w.ns;
    w.inh1 = w.ns < ns0 ? ns0 : w.ns;
    w.cur = cur;
    w.se = sentence_end_c(cur, s, len, q->end);
    /* "实质性化解率达94%,负责人出庭应诉率达100%,调解率为40.74%": in a list of
     * rates each states its own measure, so the topic of an earlier one (应诉)
     * is not this one's; it comes from the paragraph unless its clause names one */
    w.topic0 = w.ns;
    if (prev_end > w.ss && prev_end < q->start && s[prev_end - 1] == '%' && !strcmp(q->unit, "%"))
        w.topic0 = prev_end;
    w.fig0 = prev_end > w.ss && prev_end < q->start ? prev_end : SIZE_MAX;
    /* the previous figure's own noun (2次听证会、4次...) is not this one's context */
    if (prev_end > w.ss && prev_end < q->start) {
        size_t ce = clause_end_c(cur, s, len, prev_end, q->start);
        if (ce < q->start) prev_end = ce;
    }
    w.b0 = prev_end > w.ss ? prev_end : w.ss;
    w.b1 = q->start;
    w.a0 = q->end;
    w.a1 = clause_end_c(cur, s, len, q->end, next_start < w.se ? next_start : w.se);
    w.l0 = clause_start_c(cur, s, len, w.b0, q->start, 1);
    /* "申请48件(其中不予受理2件)": an aside in parentheses (an @aside word
     * opens it) is no noun of the figure */
    if (w.a1 > w.a0 + 1 && s[w.a0] == '(' && opens_listed(&r->aside, s, w.a0 + 1, w.a1))
        w.a1 = w.a0;
    w.noun_after = w.a1 > w.a0 && unit_listed(&r->noun_counter, q->unit);
    /* "制定规范性文件9件,全部经合法性审核": a clause opening with an
     * @all-done word (均经, 全部通过) says what was done to all of the
     * figure; its predicate is the figure's */
    if (w.a1 == w.a0 && w.a1 + 1 < w.se && s[w.a1] == ',') {
        size_t hi = next_start < w.se ? next_start : w.se;
        if (opens_listed(&r->all_done, s, w.a1 + 1, hi))
            w.a1 = clause_end_c(cur, s, len, w.a1 + 1, hi);
    }
    w.an1 = nouns_listed_end(cur, s, len, w.a0, w.a1, next_start, w.se);
    /* the hits of the sentence (needs from ns): h0 up to the number (hb),
     * then those after the unit (the loops over hits that end by b1 stop at
     * hb; the others visit [ha0, ha1) too, FOR_NEAR) */
    if (w.ns != ns0) h0 = hits_from(H, w.ns);
    w.hb = hits_from(H, w.b1);
    /* after the number (a0 >= b1): the few hits inside it are stepped over */
    size_t hk = w.hb;
    while (H->h[hk].pos < w.a0)
        hk++;
    w.ha0 = hk;
    while (H->h[hk].pos < w.an1)
        hk++;
    w.ha1 = w.a1 >= w.a0 ? hk : hits_from(H, w.a1);
    w.head_b0 = w.b0;
    w.hl0 = hits_from(H, w.l0);
    /* a needs word ends at most MAX_NEED_DIST before the number (or after it) */
    size_t reach = MAX_NEED_DIST + r->max_term_len;
    w.hneed = w.b1 > reach && w.b1 - reach > w.ns ? hits_from(H, w.b1 - reach) : h0;
    if ((r->inherit.w && any_in(&r->inherit, TK_INHERIT, H, w.hl0, w.hb, w.l0, w.b1)) ||
        opens_with_joiner(r, s, w.b0, w.b1))
        w.head_b0 = w.ss;
    /* "审结的复议案件977件中直接纠错236件", "在已审结的案件中,胜诉24宗": a base
     * (N件中, 案件中) ends the reach of the verbs before it */
    size_t base = after_base(&r->base_unit, cur, s, w.head_b0, w.b1);
    if (base > w.head_b0) w.head_b0 = base;
    size_t c0 = clause_start_c(cur, s, len, w.b0, q->start, 0);
    w.own0 = w.head_b0 > c0 ? w.head_b0 : c0;
    /* an item of an enumeration: a figure of the sentence, then a clause mark */
    w.item = w.b0 > w.ss && c0 > w.b0;
    w.topic = 0;
    w.bare_at = SIZE_MAX;
    /* listed with 、 right after an uncoded figure: shares its object */
    w.prev_fact = prev_end > w.ss && prev_rule < 0 && !w.item;

    cand best = {.rule = -1};
    w.q = q;
    w.uid = uid;
    /* only the rules whose heads occur around the figure are tried */
    w.hhead = hits_from(H, w.head_b0);
    /* one walk over the head words near the figure finds, for each rule
     * they name, its nearest head (a hit's reach is the same for all its
     * rules); then each rule with a head is tried. The best candidate is
     * the same in any order (better() orders them all). */
    size_t n_tried = 0;
    FOR_NEAR(k, w.hhead, &w) {
        const hit *x = &H->h[k];
        if (!(x->kind & TKB(TK_HEAD))) continue; /* no rule's head */
        int near = (x->pos >= w.head_b0 && x->end <= w.b1) || (x->pos >= w.a0 && x->end <= w.a1);
        if (!near) continue;
        int tier = 0, attr = 0, reach = -1; /* -1: not looked at yet */
        size_t d = 0, l = r->term_len[x->term];
        for (size_t j = 0; j < r->n_head_rules[x->term]; j++) {
            size_t i = r->head_rules[x->term][j];
            if (!tried[i]) {
                const rule *ru = &r->rules[i];
                trial *nt = &trials[n_tried];
                tried[i] = (uint32_t)++n_tried;
                nt->c = (cand){.rule = (int)i};
                nt->found = 0;
                nt->ok =
                    unit_ok(r, ru, q, uid) && !(ru->kind == ZB_QK_RATE && (q->flags & ZB_QF_SHARE));
            }
            trial *t = &trials[tried[i] - 1];
            if (!t->ok) continue;
            if (reach < 0) { /* once per hit, and only for a rule that fits the figure */
                reach = head_reach(&w, x, s, &tier, &d);
                /* 报备的规范性文件7件: the head qualifies a noun, another
                 * verb may be the predicate; 达成和解协议的4件, with the
                 * number right after 的, counts what the head did */
                attr = reach && tier == TIER_OWN && x->end + 3 < w.b1 && eq3(s + x->end, "的");
            }
            if (reach) offer_head(t, x, tier, attr, d, l);
        }
    }
    for (size_t k = 0; k < n_tried; k++) {
        trial *t = &trials[k];
        tried[t->c.rule] = 0; /* reset the scratch marks */
        /* a rule whose head is farther than a match's is not tried:
         * try_rule adds only what better() compares after the head, so it
         * could not win (tied heads are tried) */
        if (t->ok && t->found && (best.rule < 0 || !head_before(&best, &t->c)) &&
            try_rule(r, &r->rules[t->c.rule], &w, H, s, &t->c) && better(&t->c, &best))
            best = t->c;
    }
    if (best.rule >= 0 && bound_elsewhere(r, H, s, hits_from(H, w.own0), w.hb, &w, &best))
        best.rule = -1;
    /* a mixed total is no kind of its own: it takes the @mixed rule when
     * that rule is one the verb triggers and fits the figure's unit, else it
     * stays a fact */
    if (best.rule >= 0 && mixed_total(r, H, s, &w, &best))
        best.rule = mixed_takes(r, &best, q, uid) ? r->mixed_rule : -1;
    /* the fields not set below are 0 (field by field: a compound literal
     * clears the whole struct, then copies q over it) */
    m->q = *q;
    m->target_cue = m->plan_year = m->head_after = m->back_rule = 0;
    m->head_start = m->head_end = m->head_dist = 0;
    if (best.rule >= 0 && per_period(r, s, q->start, q->end)) best.rule = -1;
    m->rule = best.rule;
    m->sent_start = w.ss;
    /* "力争...达到100%": a goal stated outside a plan section */
    size_t hss = w.ss == w.ns ? h0 : hits_from(H, w.ss);
    if (r->target.w) {
        /* "年度目标为100场次,实际开展126场次": an @actual word after the cue
         * states what was done */
        size_t t = last_in(&r->target, TK_TARGET, H, hss, w.hb, w.ss, q->start);
        m->target_cue =
            t && !(r->actual.w && last_in(&r->actual, TK_ACTUAL, H, hss, w.hb, t - 1, q->start));
    }
    if (r->plan.w && any_in(&r->plan, TK_PLAN, H, hss, w.hb, w.ss, q->start))
        m->plan_year = latest_year(cur, s, w.ss, q->start);
    if (best.rule >= 0) {
        m->head_after = best.hpos >= q->end;
        m->head_start = best.hpos;
        m->head_end = best.hend;
        m->head_dist = best.dist;
        /* the figure's clause, widened to take in its trigger word */
        m->ev_start = w.l0 > w.b0 ? w.l0 : w.b0;
        if (best.hpos < m->ev_start) m->ev_start = best.hpos;
        m->ev_end = best.hend > q->end ? best.hend : q->end;
        if (m->head_after) {
            /* number first (8项免交证明事项): the figure and the noun after it */
            m->ev_start = q->start;
            size_t e = w.an1 > m->ev_end && w.an1 - m->ev_end < 60 ? w.an1 : w.a1;
            if (e > m->ev_end && e - m->ev_end < 60) m->ev_end = e;
        }
    } else {
        m->ev_start = w.l0;
        m->ev_end = w.a1;
    }
    /* the figure's own clause names who; else the sentence before it does
     * for a rate that follows its counts (区政府负责人出庭应诉32件次,出庭应诉率为100%) */
    find_scope(r, s, H, w.hl0 > hss ? w.hl0 : hss, w.hb, w.l0 > w.b0 ? w.l0 : w.b0, q->start,
               &m->scope_start, &m->scope_end);
    if (m->scope_end == m->scope_start && q->kind == ZB_QK_RATE)
        find_scope(r, s, H, hss, w.hb, w.ss, q->start, &m->scope_start, &m->scope_end);
    /* the phrase: the noun after the unit, else the end of the clause before.
     * "较2022年558件增加了555件": what follows a baseline is its change, the
     * baseline measures the period before it */
    if (w.a1 > w.a0 && !starts_change(r, s, w.a0, w.a1)) {
        m->phrase_start = w.a0;
        m->phrase_end = trim_chars(s, w.a0, w.a1, 16, 0);
    } else {
        m->phrase_end = q->start;
        m->phrase_end = trim_tail_words(r, s, w.l0, q->start);
        m->phrase_start = trim_chars(s, w.l0, m->phrase_end, 16, 1);
    }
    return 0;
}

/* "对14个乡镇、32个部门开展法治督察": figures listed with 、 before one
 * predicate share it. A figure with no rule takes the rule of the next one
 * when only a short noun and 、 (和, 及) separate them, the units agree and the next
 * one's trigger came after it. */
static void share_enumerated_heads(const zb_ind_rules *r, const char *s, zb_ind_match *m,
                                   size_t n) {
    for (size_t i = n - 1; n > 1 && i-- > 0;) {
        const zb_ind_match *nx = &m[i + 1];
        if (m[i].rule >= 0 || nx->rule < 0 || !nx->head_after) continue;
        if (m[i].q.kind != nx->q.kind) continue;
        /* 对5个乡镇、4家执法单位开展督察: another unit the rule counts in too */
        if (!same_unit(&m[i].q, &nx->q) &&
            !unit_ok(r, &r->rules[nx->rule], &m[i].q, unit_id(r, m[i].q.unit)))
            continue;
        size_t a = m[i].q.end, b = nx->q.start, paren = 0;
        for (size_t k = a; k < b && b - a <= 90; k++) /* 县(市、区): one noun */
            if (s[k] == '(')
                for (size_t e = k; e < b && e < k + 20; e++)
                    if (s[e] == ')') {
                        paren += e + 1 - k;
                        break;
                    }
        if (b < a + 3 || b - a - paren > 30) continue;
        /* 、 lists figures; 和/及 only before a predicate after the last noun
         * (12个乡镇和28个部门开展了督察), not a noun that holds the trigger itself
         * (51项承诺事项和8项免交证明事项) */
        int list = eq3(s + b - 3, "、");
        if (!list && (eq3(s + b - 3, "和") || eq3(s + b - 3, "及"))) list = nx->head_dist >= 6;
        if (!list) continue;
        int clean = 1; /* nothing but the noun: no clause mark inside */
        for (size_t k = a; k + 3 < b && clean; k++)
            if (s[k] == ',' || s[k] == ';' || (eq3(s + k, "、") && !paren_list(s, b, k))) clean = 0;
        if (!clean) continue;
        m[i].rule = nx->rule;
        m[i].head_after = 1;
        m[i].ev_start = m[i].q.start;
        m[i].ev_end = nx->ev_end;
    }
}

/* Where a change starts: 由85%, or through a short time phrase ending in 的
 * (由上年的85%提高到100%, 从2022年的15%降至9.8%). */
static int change_from(const char *s, size_t at) {
    if (at >= 3 && (eq3(s + at - 3, "由") || eq3(s + at - 3, "从"))) return 1;
    if (at < 9 || !eq3(s + at - 3, "的")) return 0;
    size_t e = at - 3, lo = e > 24 ? e - 24 : 0;
    for (size_t k = e - 3; k >= lo; k--) {
        if ((unsigned char)s[k] < 0x80 && !(s[k] >= '0' && s[k] <= '9')) return 0;
        if (eq3(s + k, "由") || eq3(s + k, "从")) {
            for (size_t j = k + 3; j + 3 <= e; j++)
                if (eq3(s + j, "年")) return 1;
            return 0;
        }
        if (k == 0) break;
    }
    return 0;
}

/* "审批事项由494项减到304项": the end point of a change is the current level
 * of the same indicator as its starting point; the starting point is last
 * year's level, no figure of the report's year. */
static void share_change_end(const zb_ind_rules *r, const char *s, zb_ind_match *m, size_t n) {
    for (size_t i = 1; i < n; i++) {
        zb_ind_match *pv = &m[i - 1];
        if (!same_unit(&m[i].q, &pv->q)) continue;
        size_t a = pv->q.end, b = m[i].q.start;
        if (!change_from(s, pv->q.start) || !is_listed(&r->change_to, s, a, b)) continue;
        /* 由73项减少至38项: the change verb names no count, of either */
        int from = pv->head_after && pv->head_start >= a ? -1 : pv->rule;
        if (from >= 0 && m[i].rule < 0) {
            m[i].rule = from;
            m[i].ev_start = pv->ev_start;
            m[i].ev_end = m[i].q.end;
            m[i].head_start = pv->head_start;
            m[i].head_end = pv->head_end;
        } else if (from < 0 && m[i].head_start >= a) {
            m[i].rule = -1;
        }
        pv->rule = -1;
    }
}

/* "出庭率为100%,镇街为96.5%", "出庭应诉率为99.2%,其中市本级为100%",
 * "今年提高到100%": a clause of only a subject and 为/达/是 (or the end point
 * of a change) before a rate repeats the rate before it for another scope.
 * Returns where the subject starts (*se its end; equal when it is a time,
 * 今年, and names no scope), 0 when s[a..b) is not such a clause. */
static size_t elliptic_scope(const zb_ind_rules *r, const char *s, size_t a, size_t b, size_t *se) {
    if (b < a + 7) return 0;
    if (s[a] == ',' || s[a] == ';')
        a++;
    else if (eq3(s + a, "、")) /* 败诉率为13.5%、2021年为20.2% */
        a += 3;
    else
        return 0;
    if (a + 6 <= b && !memcmp(s + a, "其中", 6)) a += 6;
    if (a < b && s[a] == ',') a++;
    const ind_words *to = &r->scope_link;
    size_t e = b;
    for (size_t k = 0; k < to->n && e == b; k++) {
        size_t l = to->v[k].n;
        if (b >= a + l && ends_with(s, b, &(word){to->v[k].w, l})) e = b - l;
    }
    if (e == b || e == a || e - a > 18) return 0; /* at most six characters name the scope */
    /* a year (2021年为20.2%) is a time like 今年: it names no scope */
    if ((e == a + 7 || (e == a + 10 && !memcmp(s + a + 7, "度", 3))) &&
        !memcmp(s + a + 4, "年", 3) && s[a] >= '1' && s[a] <= '2' && s[a + 1] >= '0' &&
        s[a + 1] <= '9' && s[a + 2] >= '0' && s[a + 2] <= '9' && s[a + 3] >= '0' &&
        s[a + 3] <= '9') {
        *se = a;
        return a;
    }
    for (size_t i = a; i < e; i += 3) {
        if ((unsigned char)s[i] < 0xE3 || (unsigned char)s[i] > 0xE9) return 0; /* Han only */
        if (opens_listed(&r->scope_not, s, i, e)) return 0;
    }
    *se = is_listed(&r->this_year, s, a, e) ? a : e;
    return a;
}

/* s[a..b) is a short noun (at most six Han characters) then an
 * @item-joiner word (和/及/与/、). */
static int listed_noun(const ind_words *J, const char *s, size_t a, size_t b) {
    if (b < a + 6 || b - a > 21) return 0;
    size_t jl = ends_listed(J, s, a + 3, b);
    if (!jl) return 0;
    for (size_t i = a; i < b - jl; i += 3)
        if ((unsigned char)s[i] < 0xE3 || (unsigned char)s[i] > 0xE9 || eq3(s + i, "、")) return 0;
    return (b - jl - a) % 3 == 0;
}

/* q follows p in a list: 、 and at most eight Han characters between them
 * (a noun of q's own: 会议纪要), nothing that could end a clause or hold a
 * figure, and no trigger (取消证明281项、审批改为备案9项: a verb of its own)
 * nor 类 (自然资源类案件16件: a category of a breakdown). Two figures of one unit are no such pair
 * when p took no code (parts of a breakdown: 人社类511件、自然资源类案件459件) or nothing but 、
 * stands between them (出庭率分别为100%、98.7%: share_listed_values' list of values). */
static int listed_after(const hits *H, const char *s, const zb_quantity *p, const zb_quantity *q,
                        int p_rule) {
    size_t a = p->end, b = q->start;
    if (b < a + 3 || b - a > 27 || !eq3(s + a, "、")) return 0;
    if (same_unit(p, q) && (p_rule < 0 || b == a + 3)) return 0;
    for (size_t i = a + 3; i < b; i += 3)
        if ((unsigned char)s[i] < 0xE3 || (unsigned char)s[i] > 0xE9 || eq3(s + i, "、") ||
            eq3(s + i, "类"))
            return 0;
    if ((b - a) % 3) return 0;
    for (size_t k = hits_from(H, a); H->h[k].pos < b; k++)
        if (H->h[k].kind & TKB(TK_HEAD)) return 0;
    return 1;
}

/* The noun between two listed figures (s[a..b), after the 、; the
 * sentence from `from`) names an object the rule counts (会议纪要 for legality review), or there is
 * none (任前考法3场、278人次): an item of another kind (行政赔偿申请2件, 公证事项 1200件,
 * 上年结转3件) is no item of the verb's. */
static int item_of_verb(const rule *ru, const hits *H, const char *s, size_t from, size_t a,
                        size_t b) {
    /* the clause the two share (from its last , ; or : on) holds no exclude
     * of the rule: 组织行政执法人员考法2场、86人次 is no officials' exam */
    size_t c = a;
    while (c > from && s[c - 1] != ',' && s[c - 1] != ';' && s[c - 1] != ':')
        c--;
    for (size_t k = hits_from(H, c); H->h[k].pos < b; k++)
        if ((H->h[k].kind & TKB(TK_EXCL)) && has(&ru->excl, H->h[k].term)) return 0;
    if (b <= a + 3) return 1;
    for (size_t k = hits_from(H, a + 3); H->h[k].pos < b; k++) {
        if (!(H->h[k].kind & TKB(TK_NOUN)) || H->h[k].end > b) continue;
        for (size_t g = 0; g < ru->n_needs; g++)
            if (has(&ru->needs[g], H->h[k].term)) return 1;
    }
    return 0;
}

/* "出庭应诉率分别为100%、95.6%": a figure right after another one and a
 * @value-sep word (、, 和, 及, ,) is the next value of the same indicator. */
static void share_listed_values(const zb_ind_rules *r, const char *s, zb_ind_match *m, size_t n) {
    for (size_t i = 1; i < n; i++) {
        const zb_ind_match *pv = &m[i - 1];
        if (m[i].rule >= 0 || pv->rule < 0) continue;
        if (!same_unit(&m[i].q, &pv->q) || m[i].q.kind != pv->q.kind) continue;
        size_t a = pv->q.end, b = m[i].q.start;
        int adjacent = is_listed(&r->value_sep, s, a, b);
        /* "," only inside a 分别 list */
        if (adjacent && s[a] == ',')
            adjacent = pv->ev_start < pv->q.start && strstr_n(s, pv->ev_start, pv->q.start, "分别");
        /* "对15个乡镇和42个部门开展督察": a @counter's noun, then an
         * @item-joiner word */
        if (!adjacent && unit_listed(&r->counter, pv->q.unit))
            adjacent = listed_noun(&r->item_joiner, s, a, b);
        size_t scope = 0, se = 0;
        if (!adjacent && m[i].q.kind == ZB_QK_RATE) scope = elliptic_scope(r, s, a, b, &se);
        if (!adjacent && !scope) continue;
        m[i].rule = pv->rule;
        m[i].ev_start = scope ? scope : pv->ev_start;
        m[i].ev_end = m[i].q.end;
        if (scope) {
            m[i].scope_start = scope;
            m[i].scope_end = se;
        }
    }
}

/* Does the part's clause repeat the total's trigger word after a qualifier
 * (持证执法人员 for 执法人员)? */
static int qualified_part(const char *s, const zb_ind_match *total, const zb_ind_match *part) {
    size_t hl = total->head_end - total->head_start;
    if (!hl) return 0;
    const char *h = s + total->head_start;
    size_t a = part->ev_start, b = part->q.start;
    while (a < b && (s[a] == ' ' || s[a] == ','))
        a++;
    if (a + 6 <= b && !memcmp(s + a, "其中", 6)) a += 6;
    while (a < b && (s[a] == ' ' || s[a] == ','))
        a++;
    for (size_t k = a + 1; k + hl <= b; k++)
        if (s[k] == h[0] && !memcmp(s + k, h, hl)) return 1;
    return 0;
}

/* "直接纠错374件,其中确认违法70件,撤销209件": after 其中, figures of the same
 * indicator as the total before them are its breakdown, not more levels. */
/* Whether x, after 其中, names a kind of item of its own rather than a part
 * of total: its head is another noun of the same class, ending like the
 * total's (权责事项5230项,其中行政处罚事项4120项, 执法案件...其中处罚案件),
 * where a verb breaking a total down (纠错11件,其中撤销5件) does not. */
static int other_kind(const char *s, const zb_ind_match *total, const zb_ind_match *x) {
    size_t hl = x->head_end - x->head_start, tl = total->head_end - total->head_start;
    if (hl < 12 || tl < 12 || (hl == tl && !memcmp(s + x->head_start, s + total->head_start, hl)))
        return 0;
    /* the same last two characters, the part's head right before its number,
     * the total's near its own (权责清单事项由482项调整为451项) */
    return !memcmp(s + x->head_end - 6, s + total->head_end - 6, 6) &&
           x->head_end == x->q.num_start && total->head_end <= total->q.num_start &&
           total->q.num_start - total->head_end <= 36;
}

/* The last occurrence of w (n >= 3 bytes) in s[a..b), SIZE_MAX when none:
 * memchr on its third byte, rarer than a lead byte. */
static size_t find_word(const char *s, size_t a, size_t b, const char *w, size_t n) {
    size_t last = SIZE_MAX;
    for (size_t i = a + 2; i + n - 2 <= b;) {
        const char *p = memchr(s + i, w[2], b - i - (n - 3));
        if (!p) break;
        i = (size_t)(p - s);
        if (!memcmp(s + i - 2, w, n)) last = i - 2;
        i++;
    }
    return last;
}

static void drop_breakdowns(const sent_cursor *cur, const char *s, size_t len, zb_ind_match *m,
                            size_t n) {
    size_t last_ss = SIZE_MAX, last_lo = 0; /* one look per sentence */
    size_t scan = 0, last_qz = SIZE_MAX;    /* the last 其中 before the figure */
    size_t kz = 0;                          /* with 中 listed (cur->zd): the next to look at */
    for (size_t i = 1; i < n; i++) {
        if (scan + 6 <= m[i].q.start) {
            size_t at = SIZE_MAX;
            if (cur->zd) { /* 其中 in [scan, start): a listed 中 in [scan + 3, start - 3] */
                while (kz < cur->n_zd && cur->zd[kz] / 2 < scan + 3)
                    kz++;
                for (size_t k = kz; k < cur->n_zd && cur->zd[k] / 2 + 3 <= m[i].q.start; k++)
                    if (!(cur->zd[k] & 1) && eq3(s + cur->zd[k] / 2 - 3, "其"))
                        at = cur->zd[k] / 2 - 3;
            } else {
                at = find_word(s, scan, m[i].q.start, "其中", 6);
            }
            if (at != SIZE_MAX) last_qz = at;
            scan = m[i].q.start - 5;
        }
        if (m[i].rule < 0) continue;
        size_t ss = m[i].sent_start;
        /* "直接纠错236件…。结果分别为决定撤销48件,确认违法150件": a sentence
         * opening a 分别 list breaks down a total of the sentence before */
        size_t lo = ss;
        if (ss == last_ss) {
            lo = last_lo;
        } else {
            size_t ce = clause_end_c(cur, s, len, ss, m[i].q.start); /* (the listed marks) */
            if (strstr_n(s, ss, ce, "分别") && ss > 0) {
                size_t p = ss - 1; /* back over the full stop */
                while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
                    p--;
                lo = sentence_start(s, len, p);
            }
            last_ss = ss;
            last_lo = lo;
        }
        for (size_t j = i; j-- > 0;) {
            if (m[j].q.end <= lo) break;
            if (m[j].rule != m[i].rule || m[j].q.kind == ZB_QK_RATE) continue;
            int qz = last_qz != SIZE_MAX && last_qz >= m[j].q.end;
            if (!qz && !(lo < ss && m[j].q.end <= ss)) continue;
            /* a part is smaller than its total; one that names the total's
             * own word with a qualifier (执法人员2300人,其中持证执法人员1980人)
             * is a level of its own and stays */
            if (m[i].q.value < m[j].q.value && !qualified_part(s, &m[j], &m[i]) &&
                !(qz && other_kind(s, &m[j], &m[i])))
                m[i].rule = -1;
            break;
        }
    }
}

/* Splits s[a..b) at @item-joiner words (和/及/与/、) into at most max
 * parts; returns how many. */
static size_t split_scope(const ind_words *J, const char *s, size_t a, size_t b, size_t *st,
                          size_t *en, size_t max) {
    size_t n = 0, p = a;
    for (size_t k = a; k < b && n < max;) {
        size_t jl = opens_listed(J, s, k, b);
        if (!jl) {
            k++;
            continue;
        }
        st[n] = p;
        en[n++] = k;
        k += jl;
        p = k;
    }
    if (n < max && p < b) {
        st[n] = p;
        en[n++] = b;
    }
    return n;
}

/* "市政府和市直部门负责人出庭应诉率分别为100%、98.7%": one scope each, in order. */
static void split_listed_scopes(const zb_ind_rules *r, const char *s, zb_ind_match *m, size_t n) {
    for (size_t i = 0; i + 1 < n;) {
        size_t k = i + 1;
        while (k < n && m[k].rule == m[i].rule && m[k].scope_start == m[i].scope_start &&
               m[k].scope_end == m[i].scope_end && m[k].ev_start == m[i].ev_start)
            k++;
        size_t run = k - i;
        if (run > 1 && run <= 8 && m[i].rule >= 0 && m[i].scope_end > m[i].scope_start &&
            strstr_n(s, m[i].ev_start, m[i].q.start, "分别")) {
            size_t st[8], en[8];
            if (split_scope(&r->item_joiner, s, m[i].scope_start, m[i].scope_end, st, en, 8) ==
                run) {
                for (size_t j = 0; j < run; j++) {
                    m[i + j].scope_start = st[j];
                    m[i + j].scope_end = en[j];
                }
            }
        }
        i = k;
    }
}

/* "行政复议纠错率、行政诉讼败诉率分别为8.2%、5.1%", "新收行政复议案件和行政应诉
 * 案件分别为45件和23件": the items before 分别 pair with the values after it in
 * order. Each item is read with its own value as a short sentence ("行政诉讼
 * 败诉率5.1%。"); a code found so replaces the one the whole list shared, and an
 * item that names no measure (区政府、区直部门…分别为100%、98%) gives its value
 * the item as scope. Only when the items and values are as many. */
#define MAX_PAIRS 8
/* Reads the item s[ia..ib) after the words s[pa..pb) with x's value as a
 * short sentence; on a code of x's kind gives x that code (and the scope
 * found inside the item): 1, else 0; -1 out of memory. */
static int read_item(const zb_ind_rules *r, const char *s, size_t pa, size_t pb, size_t ia,
                     size_t ib, zb_ind_match *x) {
    char syn[400];
    size_t pl = pb - pa, il = ib - ia, vl = x->q.end - x->q.start;
    if (pl + il + vl + 4 > sizeof syn) return 0;
    memcpy(syn, s + pa, pl);
    memcpy(syn + pl, s + ia, il);
    memcpy(syn + pl + il, s + x->q.start, vl);
    memcpy(syn + pl + il + vl, "\xE3\x80\x82", 4); /* 。 and NUL */
    zb_ind_match *mm = NULL;
    size_t nm = 0;
    if (zb_ind_assign(r, syn, pl + il + vl + 3, &mm, &nm)) return -1;
    int found = 0;
    for (size_t j = 0; j < nm && !found; j++) {
        if (mm[j].q.start != pl + il || mm[j].rule < 0 || mm[j].q.kind != x->q.kind) continue;
        found = 1;
        x->rule = mm[j].rule;
        x->scope_start = x->scope_end = 0;
        if (mm[j].scope_end > mm[j].scope_start && mm[j].scope_start >= pl &&
            mm[j].scope_end <= pl + il) {
            x->scope_start = ia + mm[j].scope_start - pl;
            x->scope_end = ia + mm[j].scope_end - pl;
        }
    }
    free(mm);
    return found;
}

static int pair_respectively(const zb_ind_rules *r, const hits *H, const char *s, zb_ind_match *m,
                             size_t n) {
    for (size_t i = 0; i < n; i++) {
        /* the values after an @respectively word (分别为) */
        size_t q0 = m[i].q.start, lead = ends_listed(&r->respectively, s, 0, q0);
        size_t fb = lead ? q0 - lead : 0;
        if (!fb) continue;
        size_t nv = 1;
        while (i + nv < n && nv < MAX_PAIRS && m[i + nv].q.kind == m[i].q.kind) {
            size_t a = m[i + nv - 1].q.end, b = m[i + nv].q.start;
            if (!is_listed(&r->respectively_sep, s, a, b)) break;
            nv++;
        }
        if (nv < 2) continue;
        /* the items: from the clause start (a 、 lists items, it ends no clause) */
        size_t c0 = fb;
        while (c0 > m[i].sent_start && s[c0 - 1] != ',' && s[c0 - 1] != ';' && s[c0 - 1] != ':')
            c0--;
        size_t st[MAX_PAIRS + 1], en[MAX_PAIRS + 1];
        if (fb - c0 > 240 || split_scope(&r->item_joiner, s, c0, fb, st, en, MAX_PAIRS + 1) != nv) {
            i += nv - 1;
            continue;
        }
        /* the first item's verb, for items that name only their object
         * (审核规范性文件和重大行政决策分别为10件、5件) */
        size_t verb = 0; /* the end of the first run of head words (年审 in 全年审核) */
        for (size_t h = hits_from(H, st[0]); H->h[h].pos < en[0]; h++) {
            if (verb && H->h[h].pos >= verb) break;
            if (H->h[h].end <= en[0] && r->n_head_rules[H->h[h].term] && H->h[h].end > verb)
                verb = H->h[h].end;
        }
        for (size_t k = 0; k < nv; k++) {
            zb_ind_match *x = &m[i + k];
            int found = read_item(r, s, st[k], st[k], st[k], en[k], x);
            if (found < 0) return -1;
            if (!found && k > 0 && verb) found = read_item(r, s, st[0], verb, st[k], en[k], x);
            if (found < 0) return -1;
            int inside =
                x->scope_end > x->scope_start && x->scope_start >= st[k] && x->scope_end <= en[k];
            if (!found && x->rule >= 0 && en[k] - st[k] <= 18 && !inside && r->scope.w &&
                range_has(&r->scope, NULL, H, st[k], en[k], TK_SCOPE)) { /* 区政府: a scope */
                x->scope_start = st[k];
                x->scope_end = en[k];
            }
        }
        i += nv - 1;
    }
    return 0;
}

int zb_ind_compare_header(const zb_ind_rules *r, const char *s, size_t a, size_t b) {
    /* the list's first-three-bytes filter at each place, then its words (a
     * memcmp at every byte of every header cell was a fifth of the table
     * pass) */
    for (size_t j = a; j + 1 < b; j++)
        if (opens_listed(&r->compare_header, s, j, b)) return 1;
    return 0;
}

int zb_ind_assign(const zb_ind_rules *r, const char *s, size_t len, zb_ind_match **out, size_t *n) {
    *out = NULL;
    *n = 0;
    hits H;
    zb_quantity qfirst[16], *qs = qfirst; /* a short text's figures need no allocation */
    size_t nq = 0, capq = sizeof qfirst / sizeof qfirst[0], pos = 0;
    /* scratch: the rules tried for one figure, marked (their trial + 1) and listed */
    uint32_t tfirst[128], *tried = NULL;
    trial ifirst[128], *trials = NULL;
    zb_quantity q;
    sent_cursor cur = {0};
    struct topic_memo tm = {.ss = SIZE_MAX};
    cur.tm = &tm;
    posv marks, stops, nl, cm, zd, bk;
    size_t ks = 0, blk_first[3 * BLK_FIRST], *blk = NULL;
    hits_init(&H);
    marks.v = stops.v = nl.v = cm.v = zd.v = bk.v = NULL;
    marks.n = stops.n = nl.n = cm.n = zd.n = bk.n = 0;
    marks.cap = stops.cap = nl.cap = cm.cap = zd.cap = bk.cap = 0;
    chars C;
    C.c = NULL, C.e = NULL, C.n = 0;
    int rc = -1, valid;
    if (r->cc && len < UINT32_MAX) { /* else the byte automaton */
        if (len <= CHARS_FIRST) {
            C.c = C.c_first, C.e = C.e_first;
        } else {
            C.c = malloc(len * sizeof *C.c), C.e = malloc(len * sizeof *C.e);
            if (!C.c || !C.e) goto out;
        }
    }
    valid = prepass(s, len, r->cc, &C, &marks, &stops, &nl, &cm, &zd, &bk);
    if (valid < 0 || scan_hits(r, s, len, valid, &C, &H) || index_hits(r, &H, len)) goto out;
    if (valid) {
        /* an empty list is no list: marks must be set for a text without any */
        static const size_t none = 0;
        cur.marks = marks.v ? marks.v : &none, cur.n_marks = marks.n;
        cur.nl = nl.v, cur.n_nl = nl.n;
        cur.cm = cm.v, cur.n_cm = cm.n;
        cur.bk = bk.v, cur.n_bk = bk.n;
        cur.st = stops.v, cur.n_st = stops.n;
        /* an empty list is no list either: zd must be set when C was listed */
        static const size_t no_zd = 0;
        if (C.c) cur.zd = zd.v ? zd.v : &no_zd, cur.n_zd = zd.n;
        cur.n_blk = len / HIT_BLOCK + 1;
        blk = cur.n_blk * 3 <= sizeof blk_first / sizeof blk_first[0]
                  ? blk_first
                  : malloc(cur.n_blk * 3 * sizeof *blk);
        if (blk) { /* else the lists are searched */
            list_index(marks.v, marks.n, 1, blk, cur.n_blk);
            list_index(cm.v, cm.n, 1, blk + cur.n_blk, cur.n_blk);
            list_index(nl.v, nl.n, 0, blk + 2 * cur.n_blk, cur.n_blk);
            cur.bm = blk, cur.bc = blk + cur.n_blk, cur.bn = blk + 2 * cur.n_blk;
        }
    }
    while (nq < ZB_IND_MAX_FIGURES &&
           (valid ? zb_number_next_stops(s, len, &pos, &q, r->utab, stops.v, stops.n, &ks)
                  : !zb_budget_over() && zb_number_next_in(s, len, &pos, &q, r->utab))) {
        if (q.reject) continue;
        if (nq == capq) {
            capq *= 2;
            zb_quantity *p =
                qs == qfirst ? malloc(capq * sizeof *p) : realloc(qs, capq * sizeof *p);
            if (!p) goto out;
            if (qs == qfirst) memcpy(p, qfirst, sizeof qfirst);
            qs = p;
        }
        qs[nq++] = q;
    }
    if (nq) {
        *out = malloc(nq * sizeof **out); /* match_one sets each one whole */
        int few = r->n_rules <= sizeof tfirst / sizeof tfirst[0];
        tried = few ? memset(tfirst, 0, sizeof tfirst) : calloc(r->n_rules, sizeof *tried);
        trials = few ? ifirst : malloc(r->n_rules * sizeof *trials);
        if (!*out || !tried || !trials) goto out;
    }
    long uid = -1;
    for (size_t i = 0; i < nq; i++) {
        if (zb_budget_over()) { /* the rest stays unread: zb_extract drops it all */
            nq = i;
            break;
        }
        size_t prev_end = i ? qs[i - 1].end : 0;
        /* "参加培训4次120人次": a figure right after another one shares its words */
        if (i && prev_end == qs[i].start) prev_end = i > 1 ? qs[i - 2].end : 0;
        size_t next_start = i + 1 < nq ? qs[i + 1].start : len;
        int prev_rule = i ? (*out)[i - 1].rule : -1;
        /* figures in a row mostly share their unit: looked up once */
        if (!i || !same_unit(&qs[i], &qs[i - 1])) uid = unit_id(r, qs[i].unit);
        match_one(r, s, len, &H, &qs[i], prev_end, prev_rule, next_start, uid, tried, trials, &cur,
                  &(*out)[i]);
        /* "审查合同23份、会议纪要28件": a figure listed after another with 、
         * and at most a short noun of its own shares the verb before the
         * other one when it has none: the code the other one took, or any
         * when the other one counts in another unit and took none
         * (任前考法3场、278人次: sessions, then the officials who sat). */
        if ((*out)[i].rule < 0 && i && listed_after(&H, s, &qs[i - 1], &qs[i], prev_rule)) {
            zb_ind_match alt;
            match_one(r, s, len, &H, &qs[i], i > 1 ? qs[i - 2].end : 0, prev_rule, next_start, uid,
                      tried, trials, &cur, &alt);
            if (alt.rule >= 0 && !alt.head_after && alt.head_end <= qs[i - 1].start &&
                (prev_rule < 0 || !strcmp(r->rules[alt.rule].code, r->rules[prev_rule].code)) &&
                item_of_verb(&r->rules[alt.rule], &H, s, alt.sent_start, qs[i - 1].end,
                             qs[i].start))
                (*out)[i] = alt;
        }
    }
    share_enumerated_heads(r, s, *out, nq);
    share_listed_values(r, s, *out, nq);
    share_change_end(r, s, *out, nq);
    drop_looks_back(r, s, len, *out, nq);
    drop_caseloads(r, s, *out, nq);
    drop_breakdowns(&cur, s, len, *out, nq);
    split_listed_scopes(r, s, *out, nq);
    if (pair_respectively(r, &H, s, *out, nq)) goto out;
    *n = nq;
    rc = 0;
out:
    if (C.c != C.c_first) free(C.c);
    if (C.e != C.e_first) free(C.e);
    if (tried != tfirst) free(tried);
    if (trials != ifirst) free(trials);
    hits_free(&H);
    if (qs != qfirst) free(qs);
    posv_free(&marks);
    posv_free(&stops);
    posv_free(&nl);
    posv_free(&cm);
    posv_free(&zd);
    posv_free(&bk);
    if (blk != blk_first) free(blk);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- rate consistency ---- */

/* The start of at's line. memo: the last at asked and its answer; a later
 * at with no line end since then has the same start (the figures of a
 * paragraph: no walk back over it for each). */
static size_t para_start(const char *s, size_t at, size_t memo[2]) {
    size_t i = at, stop = memo[0] <= at ? memo[0] : 0;
    while (i > stop && s[i - 1] != '\n')
        i--;
    if (i == stop && stop > 0) i = memo[1]; /* (stop > 0: memo[0] is set and no line end since) */
    memo[0] = at, memo[1] = i;
    return i;
}

size_t zb_ind_check_rates(const zb_ind_rules *r, const char *s, const zb_ind_match *m, size_t n,
                          const unsigned char *skip, zb_ind_mismatch *out, size_t max) {
    size_t k = 0, memo[2] = {SIZE_MAX, 0};
    for (size_t i = 0; i < n && k < max; i++) {
        if (m[i].rule < 0 || (skip && skip[i])) continue;
        const rule *ru = &r->rules[m[i].rule];
        if (ru->num < 0) continue;
        size_t lo = para_start(s, m[i].q.start, memo);
        if (m[i].q.start > lo + 900) lo = m[i].q.start - 900;
        long num = -1, den = -1;
        double parts = 0; /* the num counts listed after the den (确认违法21件,撤销17件...) */
        int n_parts = 0;
        for (size_t j = i; j-- > 0;) {
            if (m[j].q.start < lo) break;
            if (skip && skip[j]) continue;
            if (m[j].rule == ru->num && den < 0) parts += m[j].q.value, n_parts++;
            if (m[j].rule == ru->num && num < 0) num = (long)j;
            if (m[j].rule == ru->den && den < 0) den = (long)j;
            if (m[j].rule == m[i].rule) break; /* an earlier rate has its own counts */
        }
        if (num < 0 || den < 0 || m[den].q.value <= 0) continue;
        double computed = 100.0 * m[num].q.value / m[den].q.value;
        double diff = computed - m[i].q.value;
        if (diff < 0) diff = -diff;
        /* a total given only by its parts: their sum may be what the rate counts */
        double psum = n_parts > 1 ? 100.0 * parts / m[den].q.value - m[i].q.value : 1e9;
        if (psum < 0) psum = -psum;
        /* rates are stated rounded, to an integer at worst */
        if (diff <= 0.51 || psum <= 0.51 || m[num].q.approx || m[den].q.approx) continue;
        out[k++] = (zb_ind_mismatch){i, (size_t)num, (size_t)den, computed};
    }
    return k;
}
