/* sections.c - heading structure and section kinds. See sections.h. */
#include "sections.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define CUES_MAX_FILE (1u << 20)
#define TITLE_MAX 180       /* bytes of heading text kept as a section title */
#define MAX_SECTIONS 100000 /* bounded output on hostile input */
#define N_LEVELS 5

typedef enum { CUE_ANY, CUE_PREFIX, CUE_SUFFIX } cue_where;

typedef struct {
    zb_section_kind kind;
    cue_where where;
    const char *phrase;
    size_t len;
} cue;

/* zb_section_classify's index: the cues by a hash of the three bytes where
 * they are looked for (any and prefix cues: their first; suffix cues: their
 * last), file order kept within a bucket. Cues it cannot place (shorter than
 * three bytes, or an "any" cue starting inside a UTF-8 sequence) are in
 * odd, tried one by one. */
#define CLS_BUCKETS 256
struct zb_section_cues {
    char *text;
    cue *cues;
    size_t n;
    uint32_t start[3][CLS_BUCKETS + 1]; /* per cue_where: bucket b is idx[start[b]..start[b+1]) */
    uint32_t *idx;
    uint32_t *odd;
    size_t n_odd;
};

static zb_section_kind parse_kind(const char *s) {
    if (!strcmp(s, "problems")) return ZB_SEC_PROBLEMS;
    if (!strcmp(s, "plan")) return ZB_SEC_PLAN;
    if (!strcmp(s, "leadership")) return ZB_SEC_LEADERSHIP;
    if (!strcmp(s, "achievements")) return ZB_SEC_ACHIEVEMENTS;
    return ZB_SEC_OTHER;
}

static int parse_where(const char *s, cue_where *w) {
    if (!strcmp(s, "any"))
        *w = CUE_ANY;
    else if (!strcmp(s, "prefix"))
        *w = CUE_PREFIX;
    else if (!strcmp(s, "suffix"))
        *w = CUE_SUFFIX;
    else
        return -1;
    return 0;
}

/* A byte hash of three bytes (a CJK char): the bit of a 256-bit filter. */
static inline uint8_t head_hash(const unsigned char *p) {
    return (uint8_t)((((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 0x9E3779B1u) >> 24);
}

static int parse_line(char *line, cue *c) {
    char *t1 = strchr(line, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2) return -1;
    *t1 = *t2 = '\0';
    c->kind = parse_kind(line);
    c->phrase = t2 + 1;
    c->len = strlen(c->phrase);
    if (c->kind == ZB_SEC_OTHER || c->len == 0) return -1;
    return parse_where(t1 + 1, &c->where);
}

static int parse_cues(zb_section_cues *c, char *err, size_t errlen) {
    size_t lines = 1;
    for (const char *p = c->text; *p; p++)
        lines += *p == '\n';
    c->cues = calloc(lines, sizeof *c->cues);
    if (!c->cues) return snprintf(err, errlen, "sections.tsv: out of memory"), -1;
    char *line = c->text;
    for (size_t ln = 1; line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            if (parse_line(line, &c->cues[c->n]))
                return snprintf(err, errlen,
                                "sections.tsv:%zu: expected kind<TAB>any|prefix|"
                                "suffix<TAB>phrase",
                                ln),
                       -1;
            c->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

/* The bucket of cue q in classify's index, or -1 when it goes to odd. */
static int cue_bucket(const cue *q) {
    if (q->len < 3) return -1;
    const unsigned char *p = (const unsigned char *)q->phrase;
    if (q->where == CUE_SUFFIX) return head_hash(p + q->len - 3);
    if (q->where == CUE_ANY && (p[0] & 0xC0) == 0x80) return -1;
    return head_hash(p);
}

static int index_cues(zb_section_cues *c, char *err, size_t errlen) {
    c->idx = malloc((c->n ? c->n : 1) * sizeof *c->idx);
    c->odd = malloc((c->n ? c->n : 1) * sizeof *c->odd);
    if (!c->idx || !c->odd) return snprintf(err, errlen, "sections.tsv: out of memory"), -1;
    size_t k = 0;
    for (int w = 0; w < 3; w++)
        for (int b = 0; b < CLS_BUCKETS; b++) {
            c->start[w][b] = (uint32_t)k;
            for (size_t i = 0; i < c->n; i++)
                if ((int)c->cues[i].where == w && cue_bucket(&c->cues[i]) == b)
                    c->idx[k++] = (uint32_t)i;
            c->start[w][CLS_BUCKETS] = (uint32_t)k;
        }
    for (size_t i = 0; i < c->n; i++)
        if (cue_bucket(&c->cues[i]) < 0) c->odd[c->n_odd++] = (uint32_t)i;
    return 0;
}

zb_section_cues *zb_section_cues_load(const char *config_dir, char *err, size_t errlen) {
    char path[4096];
    snprintf(path, sizeof path, "%s/sections.tsv", config_dir);
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errlen, "%s: %s", path, strerror(errno)), NULL;
    zb_section_cues *c = calloc(1, sizeof *c);
    char *buf = malloc(CUES_MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, CUES_MAX_FILE + 1, f) : 0;
    int bad = ferror(f) || n > CUES_MAX_FILE;
    fclose(f);
    if (!c || !buf || bad) {
        snprintf(err, errlen, "%s: %s", path,
                 !c || !buf ? "out of memory" : "unreadable or too large");
        free(buf);
        free(c);
        return NULL;
    }
    buf[n] = '\0';
    c->text = buf;
    if (parse_cues(c, err, errlen) || index_cues(c, err, errlen)) {
        zb_section_cues_free(c);
        return NULL;
    }
    return c;
}

void zb_section_cues_free(zb_section_cues *c) {
    if (!c) return;
    free(c->text);
    free(c->cues);
    free(c->idx);
    free(c->odd);
    free(c);
}

static int has(const char *s, size_t len, const char *p, size_t plen) {
    if (plen == 0 || plen > len) return 0;
    /* look for the phrase's third byte: in Chinese text the first (a lead
     * byte such as 0xE5) is in every other char, the third far rarer */
    size_t k = plen >= 3 ? 2 : 0;
    for (const char *q = s + k, *end = s + len - plen + 1 + k;
         (q = memchr(q, p[k], (size_t)(end - q))); q++)
        if (!memcmp(q - k, p, plen)) return 1;
    return 0;
}

/* Drops trailing punctuation, spaces and 情况 so that suffix cues see the
 * heading's last word: "2023年工作重点:" -> "2023年工作重点". */
static size_t trim_tail(const char *s, size_t len) {
    static const struct {
        const char *s;
        size_t n;
    } tails[] = {{"情况", 6}, {"。", 3}, {":", 1},  {";", 1},           {",", 1},
                 {" ", 1},    {"!", 1},  {"、", 3}, {"\xe3\x80\x80", 3}};
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
            if (len >= tails[i].n && !memcmp(s + len - tails[i].n, tails[i].s, tails[i].n)) {
                len -= tails[i].n;
                again = 1;
            }
    }
    return len;
}

/* Whether cue q is in title[0..len) (tl: len without its trailing
 * punctuation, for suffix cues). */
static int cue_hit(const cue *q, const char *title, size_t len, size_t tl) {
    if (q->where == CUE_ANY) return has(title, len, q->phrase, q->len);
    if (q->where == CUE_PREFIX) return len >= q->len && !memcmp(title, q->phrase, q->len);
    return tl >= q->len && !memcmp(title + tl - q->len, q->phrase, q->len);
}

/* The first cue (in file order, below best) of where w whose phrase sits
 * at title[at..) and ends by end (any, prefix) or ends at end (suffix): its
 * index, else best. */
static size_t first_at(const zb_section_cues *c, cue_where w, const char *title, size_t at,
                       size_t end, size_t best) {
    uint8_t b = head_hash((const unsigned char *)title + (w == CUE_SUFFIX ? end - 3 : at));
    for (uint32_t k = c->start[w][b]; k < c->start[w][b + 1] && c->idx[k] < best; k++) {
        const cue *q = &c->cues[c->idx[k]];
        if (w == CUE_SUFFIX ? q->len <= end && !memcmp(title + end - q->len, q->phrase, q->len)
                            : q->len <= end - at && !memcmp(title + at, q->phrase, q->len))
            return c->idx[k];
    }
    return best;
}

zb_section_kind zb_section_classify(const zb_section_cues *c, const char *title, size_t len) {
    if (!c || !title) return ZB_SEC_OTHER;
    size_t tl = trim_tail(title, len), best = c->n;
    /* the first cue in file order that the title holds: the odd ones tried
     * in turn, the others looked up where they would be */
    for (size_t k = 0; k < c->n_odd && best == c->n; k++)
        if (cue_hit(&c->cues[c->odd[k]], title, len, tl)) best = c->odd[k];
    /* at every char's start: a whole 3-byte char is stepped over at once
     * (its continuation bytes start no cue) */
    const unsigned char *u = (const unsigned char *)title;
    for (size_t i = 0; i + 3 <= len;) {
        if ((u[i] & 0xC0) == 0x80) {
            i++;
            continue;
        }
        best = first_at(c, CUE_ANY, title, i, len, best);
        i +=
            (u[i] & 0xF0) == 0xE0 && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80 ? 3 : 1;
    }
    if (len >= 3) best = first_at(c, CUE_PREFIX, title, 0, len, best);
    if (tl >= 3) best = first_at(c, CUE_SUFFIX, title, 0, tl, best);
    return best < c->n ? c->cues[best].kind : ZB_SEC_OTHER;
}

/* ---- heading markers ---- */

/* The value of the Chinese digit 一..九 at s, or 0. */
static int cn_digit(const char *s, size_t len) {
    if (len < 3) return 0;
    const unsigned char *p = (const unsigned char *)s;
    switch ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) {
    case 0xE4B880:
        return 1; /* 一 */
    case 0xE4BA8C:
        return 2; /* 二 */
    case 0xE4B889:
        return 3; /* 三 */
    case 0xE59B9B:
        return 4; /* 四 */
    case 0xE4BA94:
        return 5; /* 五 */
    case 0xE585AD:
        return 6; /* 六 */
    case 0xE4B883:
        return 7; /* 七 */
    case 0xE585AB:
        return 8; /* 八 */
    case 0xE4B99D:
        return 9; /* 九 */
    default:
        return 0;
    }
}

/* Parses a Chinese number 1..99 (一, 十, 十二, 二十三); returns its value and
 * byte length in *n, or 0. */
static int cn_number(const char *s, size_t len, size_t *n) {
    int v = cn_digit(s, len), tens = 0;
    size_t i = v ? 3 : 0;
    if (len >= i + 3 && !memcmp(s + i, "十", 3)) {
        tens = (v ? v : 1) * 10;
        i += 3;
        v = cn_digit(s + i, len - i);
        if (v) i += 3;
    }
    *n = i;
    return tens + v;
}

static int ascii_number(const char *s, size_t len, size_t *n) {
    size_t i = 0;
    int v = 0;
    while (i < len && i < 2 && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    *n = i;
    return i ? v : 0;
}

/* Whether s[0..len) starts with p; the first byte is tested inline because
 * this runs at nearly every position of a page. */
static int starts(const char *s, size_t len, const char *p) {
    size_t n = strlen(p);
    return len >= n && s[0] == p[0] && !memcmp(s, p, n);
}

/* Opening / closing parenthesis, ASCII or full-width; returns its length. */
static size_t paren(const char *s, size_t len, int open) {
    if (len >= 1 && *s == (open ? '(' : ')')) return 1;
    if (starts(s, len, open ? "（" : "）")) return 3;
    return 0;
}

typedef struct {
    int level, num;
    size_t mlen; /* bytes of the marker (一、 / (一) / 1. / (1) / 一是) */
} marker;

/* Recognizes a heading marker at s; 0 if none. */
static int parse_marker(const char *s, size_t len, marker *m) {
    size_t n, p, q;
    int v = cn_number(s, len, &n);
    if (v && starts(s + n, len - n, "、")) return *m = (marker){1, v, n + 3}, 1;
    if (v && starts(s + n, len - n, "是")) return *m = (marker){5, v, n + 3}, 1;
    /* 一. / 一．: a less common form of 一、 */
    if (v && (starts(s + n, len - n, ".") || starts(s + n, len - n, "．")))
        return *m = (marker){1, v, n + (s[n] == '.' ? 1 : 3)}, 1;
    /* circled numbers ① .. ⑳ (U+2460..2473) sit with (1) at level 4 */
    if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x91 &&
        (unsigned char)s[2] >= 0xA0 && (unsigned char)s[2] <= 0xB3)
        return *m = (marker){4, (unsigned char)s[2] - 0xA0 + 1, 3}, 1;
    if ((p = paren(s, len, 1))) {
        if ((v = cn_number(s + p, len - p, &n)) && (q = paren(s + p + n, len - p - n, 0)))
            return *m = (marker){2, v, p + n + q}, 1;
        if ((v = ascii_number(s + p, len - p, &n)) && (q = paren(s + p + n, len - p - n, 0)))
            return *m = (marker){4, v, p + n + q}, 1;
        return 0;
    }
    v = ascii_number(s, len, &n);
    if (!v) return 0;
    size_t sep = starts(s + n, len - n, "、")   ? 3
                 : starts(s + n, len - n, "．") ? 3
                 : (len > n && s[n] == '.')     ? 1
                                                : 0;
    if (!sep || (len > n + sep && s[n + sep] >= '0' && s[n + sep] <= '9')) return 0;
    return *m = (marker){3, v, n + sep}, 1;
}

/* Characters after which a heading may start inside a line: space, ;:|!?
 * and 。 / ideographic space / ；/ ：. */
static size_t boundary_before(const char *s, size_t i) {
    if (i == 0) return 1;
    unsigned char c = (unsigned char)s[i - 1];
    if (c == ' ' || c == '\t' || c == ';' || c == ':' || c == '|' || c == '!' || c == '?') return 1;
    if (i < 3 || c < 0x80) return 0;
    const unsigned char *p = (const unsigned char *)s + i - 3;
    return (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x80)) || /* 。 and U+3000 */
           (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x9B || p[2] == 0x9A));   /* ； ： */
}

/* Where a heading's title ends: end of line, full stop, or (inline headings
 * and 一是) the next space or clause break. */
static size_t title_end(const char *s, size_t len, size_t i, int level) {
    const unsigned char *u = (const unsigned char *)s;
    size_t start = i;
    while (i < len && s[i] != '\n' && i - start < TITLE_MAX) {
#if defined(__SSE2__)
        /* five whole CJK chars (lead E0..EF but E3/EF, then two
         * continuation bytes) at once: the byte loop below steps over each
         * of them, as they fit within TITLE_MAX and the text */
        while (len - i >= 16 && i + 15 <= start + TITLE_MAX) {
            const __m128i a = _mm_loadu_si128((const __m128i *)(u + i));
            const __m128i hi4 = _mm_and_si128(a, _mm_set1_epi8((char)0xF0));
            __m128i lead = _mm_cmpeq_epi8(hi4, _mm_set1_epi8((char)0xE0));
            lead = _mm_andnot_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8((char)0xE3)), lead);
            lead = _mm_andnot_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8((char)0xEF)), lead);
            const __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(a, _mm_set1_epi8((char)0xC0)),
                                                _mm_set1_epi8((char)0x80));
            unsigned l = (unsigned)_mm_movemask_epi8(lead), k = (unsigned)_mm_movemask_epi8(cont);
            if ((l & 0x1249) != 0x1249 || (k & 0x6DB6) != 0x6DB6) break;
            i += 15;
        }
        if (i >= len || s[i] == '\n' || i - start >= TITLE_MAX) break;
#endif
        unsigned char c = u[i];
        /* a CJK char other than 。（，； ends nothing: stepped over whole (its
         * continuation bytes end nothing either), short of TITLE_MAX */
        if ((c & 0xF0) == 0xE0 && c != 0xE3 && c != 0xEF && i + 3 <= start + TITLE_MAX &&
            i + 2 < len && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        if (starts(s + i, len - i, "。")) break;
        if (i > start && (c == ' ' || c == '\t' || c == '|')) break;
        marker m; /* the next heading run into this one: "一、主要成效(一)加强…" */
        if (i > start && (c == '(' || starts(s + i, len - i, "（")) &&
            parse_marker(s + i, len - i, &m) && m.level > level)
            break;
        if (level == 5 &&
            (c == ',' || c == ';' || starts(s + i, len - i, "，") || starts(s + i, len - i, "；")))
            break;
        i++;
    }
    /* do not cut a UTF-8 sequence */
    while (i > start && i < len && (u[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* ---- finding sections ---- */

/* A heading found: its title is s[t..t + tlen) (tn bytes before any NUL:
 * what the title string holds), copied out once all are known. */
typedef struct {
    size_t start, end, t, tlen, tn;
    int level;
    zb_section_kind kind;
} heading;

#define LOCAL_HEADINGS 64 /* most reports: no allocation while scanning */

typedef struct {
    heading *v;
    size_t n, cap;
    int expect[N_LEVELS + 1]; /* next number expected at each level */
    size_t after_title;       /* end of the last heading's title: a heading may follow */
    heading local[LOCAL_HEADINGS];
} sec_list;

/* Level 1 and 2 numbers must follow in order (一、 then 二、); deeper lists may
 * also start again at 1 (several 一是… lists in one section). A heading at a
 * line start may skip one number, so that one missed or oddly written
 * heading (二. among 一、 三、) does not lose all the following ones. */
static int in_sequence(const sec_list *l, const marker *m, int line_start) {
    int want = l->expect[m->level];
    if (m->num == want || (line_start && want > 1 && m->num == want + 1)) return 1;
    return m->level >= 3 && m->num == 1;
}

static int push_section(sec_list *l, const char *s, size_t len, size_t at, const marker *m) {
    if (l->n == l->cap) {
        size_t cap = l->cap * 2;
        heading *v = malloc(cap * sizeof *v);
        if (!v) return -1;
        memcpy(v, l->v, l->n * sizeof *v);
        if (l->v != l->local) free(l->v);
        l->v = v;
        l->cap = cap;
    }
    size_t t = at + m->mlen;
    while (t < len && (s[t] == ' ' || s[t] == '\t'))
        t++;
    size_t te = title_end(s, len, t, m->level);
    const char *nul = memchr(s + t, '\0', te - t);
    l->v[l->n] =
        (heading){at, 0, t, te - t, nul ? (size_t)(nul - s) - t : te - t, m->level, ZB_SEC_OTHER};
    l->after_title = te;
    l->n++;
    l->expect[m->level] = m->num + 1;
    for (int k = m->level + 1; k <= N_LEVELS; k++)
        l->expect[k] = 1;
    return 0;
}

/* The characters that may start a marker besides ( and 1-9: 一..十, （ and
 * ① .. ⑳ (every other character fails parse_marker). Their second byte's
 * low four bits pick a word, their third byte's low six bits a bit in it:
 * one load rules out nearly every other character. */
#define TAIL(b) (1ull << ((b)&63))
static const uint64_t MARKER_TAIL[16] = {
    [0x8] = TAIL(0x80) | TAIL(0x89) | TAIL(0x83), /* 一 三 七: E4 B8 .. */
    [0xA] = TAIL(0x8C) | TAIL(0x94),              /* 二 五: E4 BA .. */
    [0x9] = TAIL(0x9D),                           /* 九: E4 B9 9D */
    [0xB] = TAIL(0x9B),                           /* 四: E5 9B 9B */
    [0x5] = TAIL(0xAD) | TAIL(0xAB),              /* 六 八: E5 85 .. */
    [0xD] = TAIL(0x81),                           /* 十: E5 8D 81 */
    [0xC] = TAIL(0x88),                           /* （: EF BC 88 */
    [0x1] = 0xFFFFFull << 32,                     /* ① .. ⑳: E2 91 A0 .. B3 */
};
#undef TAIL

/* Whether the character at p (left bytes) may start a marker. */
static inline int may_start_marker(const unsigned char *p, size_t left) {
    unsigned char c = p[0];
    if (c == '(' || (c >= '1' && c <= '9')) return 1;
    if (left < 3 || !((MARKER_TAIL[p[1] & 15] >> (p[2] & 63)) & 1)) return 0;
    uint32_t v = (uint32_t)c << 16 | (uint32_t)p[1] << 8 | p[2];
    switch (v) {
    case 0xE4B880: /* 一 */
    case 0xE4BA8C: /* 二 */
    case 0xE4B889: /* 三 */
    case 0xE59B9B: /* 四 */
    case 0xE4BA94: /* 五 */
    case 0xE585AD: /* 六 */
    case 0xE4B883: /* 七 */
    case 0xE585AB: /* 八 */
    case 0xE4B99D: /* 九 */
    case 0xE58D81: /* 十 */
    case 0xEFBC88: /* （ */
        return 1;
    default:
        return v >= 0xE291A0 && v <= 0xE291B3; /* ① .. ⑳ */
    }
}

/* A heading out of the numbering (a repeated 二、, a skipped number inline)
 * still counts when its text names a problems or plan section (二、下一步工作
 * after 二、主要成效): such sections hold targets that must not pass for
 * results. Only levels 1-2 and short titles, so a sentence is not taken. */
#define OUT_OF_SEQ_TITLE_MAX 90
static int named_section(const zb_section_cues *c, const char *s, size_t len, size_t i,
                         const marker *m) {
    if (!c || m->level > 2) return 0;
    size_t t = i + m->mlen;
    while (t < len && (s[t] == ' ' || s[t] == '\t'))
        t++;
    size_t te = title_end(s, len, t, m->level);
    if (te <= t || te - t > OUT_OF_SEQ_TITLE_MAX) return 0;
    zb_section_kind k = zb_section_classify(c, s + t, te - t);
    return k == ZB_SEC_PLAN || k == ZB_SEC_PROBLEMS;
}

#if defined(__SSE2__)
/* A bit per byte of the 16 at p (p[-1] readable) where wakes() may hold:
 * a line break, or a byte that may start a marker ((, 1-9, or the lead
 * byte E2/E4/E5/EF of one) after a byte that may end a boundary (space,
 * tab, ; : | ! ?, or the last byte 80/82/9A/9B of 。, U+3000, ；, ：). A
 * superset, each bit checked by wakes(). Chinese text mixes ASCII
 * punctuation and digits with CJK at random, which broke the byte loop's
 * runs every few chars; this reads 16 bytes in some thirty vector
 * operations, and bits are rare (a heading's place), so the loop over
 * them is seldom entered. */
static inline unsigned wake_bits(const unsigned char *p) {
#define B(c) _mm_set1_epi8((char)(c))
    const __m128i a = _mm_loadu_si128((const __m128i *)p);
    const __m128i prev = _mm_loadu_si128((const __m128i *)(p - 1));
    const __m128i d = _mm_sub_epi8(a, B('1'));
    __m128i start =
        _mm_or_si128(_mm_cmpeq_epi8(a, B('(')), _mm_cmpeq_epi8(_mm_min_epu8(d, B(8)), d)); /* 1-9 */
    start = _mm_or_si128(start, _mm_cmpeq_epi8(_mm_or_si128(a, B(1)), B(0xE5))); /* E4 E5 */
    start = _mm_or_si128(start, _mm_cmpeq_epi8(a, B(0xEF)));
    start = _mm_or_si128(start, _mm_cmpeq_epi8(a, B(0xE2)));
    const __m128i pe = _mm_and_si128(prev, B(0xFE));
    __m128i bound =
        _mm_or_si128(_mm_cmpeq_epi8(pe, B(0x20)), _mm_cmpeq_epi8(pe, B(0x3A))); /* sp ! : ; */
    bound = _mm_or_si128(bound, _mm_cmpeq_epi8(pe, B(0x9A)));                   /* 9A 9B */
    bound = _mm_or_si128(bound, _mm_cmpeq_epi8(_mm_and_si128(prev, B(0xFD)), B(0x80))); /* 80 82 */
    bound = _mm_or_si128(bound, _mm_cmpeq_epi8(prev, B('\t')));
    bound = _mm_or_si128(bound, _mm_cmpeq_epi8(prev, B('|')));
    bound = _mm_or_si128(bound, _mm_cmpeq_epi8(prev, B('?')));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(a, B('\n')), _mm_and_si128(start, bound));
#undef B
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* Whether scan_headings has anything to do at u[j] past a line's start: a
 * line break, or a character that may start a marker ((, 1-9, 一..十, （,
 * ①..⑳: their exact bytes imply a whole char) where a heading may start
 * inside a line (after a boundary, or right after the last heading's
 * title, after_title). At any other char it only steps on. */
static inline int wakes(const unsigned char *u, size_t len, size_t j, size_t after_title) {
    unsigned char c = u[j];
    if (c == '\n') return 1;
    if (c < 0x80 ? c != '(' && (c < '1' || c > '9')
                 : len - j < 3 || !may_start_marker(u + j, len - j))
        return 0;
    return boundary_before((const char *)u, j) || j == after_title;
}

/* Past a line's start: the position of the next char at or after i where
 * wakes() holds (len when none). (No such char is ever inside another
 * char: the bytes that start one, ASCII or a lead byte, are never
 * continuation bytes, so every byte loop that steps over whole chars
 * reaches them.) */
static size_t next_wake(const unsigned char *u, size_t len, size_t i, size_t after_title) {
#if defined(__SSE2__)
    if (i == 0 && len && wakes(u, len, 0, after_title)) return 0;
    for (i += i == 0; i < len && len - i >= 16; i += 16) {
        unsigned m = wake_bits(u + i);
        if (after_title - i < 16) m |= 1u << (after_title - i); /* no boundary needed there */
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (wakes(u, len, j, after_title)) return j;
        }
    }
#endif
    while (i < len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* runs of whole 3-byte chars that start no marker, one test each (a
         * 32-bit load checks lead and continuation bytes at once) */
        while (len - i >= 4) {
            uint32_t v;
            memcpy(&v, u + i, 4);
            if ((v & 0xC0C0F0) != 0x8080E0 || (MARKER_TAIL[(v >> 8) & 15] >> ((v >> 16) & 63) & 1))
                break;
            i += 3;
        }
        if (i >= len) break;
#endif
        unsigned char c = u[i];
        if (c < 0x80) {
            if ((c == '\n' || c == '(' || (c >= '1' && c <= '9')) && wakes(u, len, i, after_title))
                return i;
            i++;
        } else if ((c & 0xF0) == 0xE0 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
                   (u[i + 2] & 0xC0) == 0x80) {
            if ((MARKER_TAIL[u[i + 1] & 15] >> (u[i + 2] & 63) & 1) &&
                wakes(u, len, i, after_title))
                return i;
            i += 3;
        } else {
            i++; /* no marker starts on other bytes */
        }
    }
    return len;
}

static int scan_headings(const zb_section_cues *cues, const char *s, size_t len, sec_list *l) {
    for (int k = 1; k <= N_LEVELS; k++)
        l->expect[k] = 1;
    const unsigned char *u = (const unsigned char *)s;
    int line_start = 1;
    for (size_t i = 0; i < len && l->n < MAX_SECTIONS; i++) {
        if (!line_start && (i = next_wake(u, len, i, l->after_title)) >= len) break;
        unsigned char c = u[i];
        if (c == '\n') {
            line_start = 1;
            if (zb_budget_over()) break; /* per line: budget.h */
            continue;
        }
        if (line_start && (c == ' ' || c == '\t' || c == '|' || c == '\r')) continue;
        if (line_start && starts(s + i, len - i, "\xe3\x80\x80")) {
            i += 2;
            continue;
        }
        marker m;
        if (may_start_marker(u + i, len - i) &&
            (line_start || boundary_before(s, i) || i == l->after_title) &&
            parse_marker(s + i, len - i, &m) &&
            (in_sequence(l, &m, line_start) || named_section(cues, s, len, i, &m))) {
            if (push_section(l, s, len, i, &m)) return -1;
            i += m.mlen - 1;
        } else if (c >= 0xE0 && c <= 0xEF && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
                   (u[i + 2] & 0xC0) == 0x80) {
            i += 2; /* a whole 3-byte char: no heading starts on its continuation bytes */
        }
        line_start = 0;
    }
    return 0;
}

/* A section runs to the next heading of the same or a higher level. */
static int set_ends(heading *v, size_t n, size_t len) {
    size_t local[LOCAL_HEADINGS];
    size_t *stack = n <= LOCAL_HEADINGS ? local : malloc(n * sizeof *stack), top = 0;
    if (!stack) return -1;
    for (size_t i = 0; i < n; i++) {
        while (top && v[stack[top - 1]].level >= v[i].level)
            v[stack[--top]].end = v[i].start;
        stack[top++] = i;
    }
    while (top)
        v[stack[--top]].end = len;
    if (stack != local) free(stack);
    return 0;
}

/* Marks in last[i] the nested sections whose heading names a problems or
 * plan section and whose later siblings all do too ((五)存在的问题,
 * (六)下一步打算 closing the only 一、 of a report): reports put these at the
 * end, so a heading that names a plan amid others ((三)制定普法工作计划,
 * (四)…) is an achievement. One backward pass; a nested heading is
 * classified (into v[i].kind) only while its later siblings all qualify, so
 * mostly the last of each list is, and only right under the top level. */
static void mark_closing(const zb_section_cues *c, const char *s, heading *v, size_t n, int top,
                         unsigned char *last) {
    int tail[N_LEVELS + 2];
    for (int k = 0; k <= N_LEVELS + 1; k++)
        tail[k] = 1;
    for (size_t i = n; i-- > 0;) {
        int l = v[i].level, named = 0;
        /* only the lists right under the top level, with short headings */
        if (l == top + 1 && tail[l] && v[i].tn <= OUT_OF_SEQ_TITLE_MAX) {
            v[i].kind = zb_section_classify(c, s + v[i].t, v[i].tn);
            named = v[i].kind == ZB_SEC_PLAN || v[i].kind == ZB_SEC_PROBLEMS;
        }
        last[i] = (unsigned char)named;
        tail[l] = named;
        for (int d = l + 1; d <= N_LEVELS + 1; d++)
            tail[d] = 1; /* deeper ones before i belong to another parent */
    }
}

/* Classifies top-level sections; the others take the kind of the section
 * they are in (other before the first one), unless they close it naming a
 * problems or plan section themselves (see mark_closing); inside a plan
 * everything stays plan (targets). */
static int set_kinds(const zb_section_cues *c, const char *s, heading *v, size_t n) {
    int top = N_LEVELS;
    for (size_t i = 0; i < n; i++)
        if (v[i].level < top) top = v[i].level;
    unsigned char local[256]; /* most reports: no allocation */
    unsigned char *last = n <= sizeof local ? local : malloc(n);
    if (!last) return -1;
    mark_closing(c, s, v, n, top, last);
    int seen_problem_or_plan = 0;
    zb_section_kind at[N_LEVELS + 1]; /* the kind in force at each level */
    for (int d = 0; d <= N_LEVELS; d++)
        at[d] = ZB_SEC_OTHER;
    for (size_t i = 0; i < n; i++) {
        int l = v[i].level;
        zb_section_kind k;
        if (l == top) {
            k = zb_section_classify(c, s + v[i].t, v[i].tn);
            if (k == ZB_SEC_PLAN || k == ZB_SEC_PROBLEMS) seen_problem_or_plan = 1;
            if (k == ZB_SEC_OTHER && !seen_problem_or_plan) k = ZB_SEC_ACHIEVEMENTS;
        } else {
            k = at[l - 1];
            if (last[i] && k != ZB_SEC_PLAN) k = v[i].kind;
        }
        v[i].kind = k;
        for (int d = l; d <= N_LEVELS; d++)
            at[d] = k;
    }
    if (last != local) free(last);
    return 0;
}

/* The sections array and, after it, their titles: one allocation. */
static zb_section *copy_out(const char *s, const heading *v, size_t n) {
    size_t bytes = n * sizeof(zb_section);
    for (size_t i = 0; i < n; i++)
        bytes += v[i].tlen + 1;
    zb_section *out = malloc(bytes);
    if (!out) return NULL;
    char *p = (char *)(out + n);
    for (size_t i = 0; i < n; i++) {
        memcpy(p, s + v[i].t, v[i].tlen);
        p[v[i].tlen] = '\0';
        out[i] = (zb_section){v[i].kind, p, v[i].level, v[i].start, v[i].end};
        p += v[i].tlen + 1;
    }
    return out;
}

int zb_sections_find(const zb_section_cues *c, const char *s, size_t len, zb_section **out,
                     size_t *n, char *err, size_t errlen) {
    *out = NULL;
    *n = 0;
    if (!s) return 0;
    sec_list l;
    l.v = l.local;
    l.n = 0;
    l.cap = LOCAL_HEADINGS;
    l.after_title = 0;
    int rc = scan_headings(c, s, len, &l) || set_ends(l.v, l.n, len) || set_kinds(c, s, l.v, l.n);
    if (!rc && l.n && !(*out = copy_out(s, l.v, l.n))) rc = -1;
    if (l.v != l.local) free(l.v);
    if (rc) {
        snprintf(err, errlen, "sections: out of memory");
        return -1;
    }
    *n = l.n;
    return 0;
}

void zb_sections_free(zb_section *secs, size_t n) {
    (void)n; /* the titles live in the same block */
    free(secs);
}

size_t zb_section_count_to(const zb_section *secs, size_t n, size_t offset) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (secs[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

zb_section_kind zb_section_at(const zb_section *secs, size_t n, size_t offset) {
    /* Sections are in text order and nested ones carry the kind in force
     * there, so the last heading at or before offset tells the kind. */
    size_t k = zb_section_count_to(secs, n, offset);
    return k ? secs[k - 1].kind : ZB_SEC_OTHER;
}
