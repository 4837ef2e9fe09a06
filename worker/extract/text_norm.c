/* text_norm.c - the normalizer: decoded code points (each with the input byte
 * range that produced it) in, normalized UTF-8 + offset map out. One input
 * character gives at most one output character, so the map stays exact. */
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

enum { C_TEXT, C_SPACE, C_NEWLINE, C_DROP };

static inline int char_class(uint32_t cp) {
    if (cp >= 0x20 && cp < 0x7F) return cp == ' ' ? C_SPACE : C_TEXT;
    if (cp < 0x20) {
        if (cp == '\t') return C_SPACE;
        if (cp >= '\n' && cp <= '\r') return C_NEWLINE;
        return C_DROP;
    }
    if (cp < 0xA0) return cp == 0x85 ? C_NEWLINE : C_DROP;
    if (cp > 0x3000 && cp < 0xFE00) return C_TEXT; /* CJK: none of the cases below */
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return C_SPACE;
    if (cp == 0x2028 || cp == 0x2029) return C_NEWLINE;
    if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        cp == 0xFFFD)
        return C_DROP;
    return C_TEXT;
}

/* Full-width and small-form ASCII variants -> ASCII (one char for one char). */
static inline uint32_t narrow(uint32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
    if (cp < 0x2236 || (cp > 0x2236 && cp < 0xFE50) || cp > 0xFE6B) return cp;
    switch (cp) {
    case 0x2236:
        return ':'; /* RATIO, used as a colon in Chinese text */
    case 0xFE50:
        return ',';
    case 0xFE52:
        return '.';
    case 0xFE54:
        return ';';
    case 0xFE55:
        return ':';
    case 0xFE56:
        return '?';
    case 0xFE57:
        return '!';
    case 0xFE59:
        return '(';
    case 0xFE5A:
        return ')';
    case 0xFE5F:
        return '#';
    case 0xFE60:
        return '&';
    case 0xFE61:
        return '*';
    case 0xFE62:
        return '+';
    case 0xFE63:
        return '-';
    case 0xFE64:
        return '<';
    case 0xFE65:
        return '>';
    case 0xFE66:
        return '=';
    case 0xFE69:
        return '$';
    case 0xFE6A:
        return '%';
    case 0xFE6B:
        return '@';
    default:
        return cp;
    }
}

int zb_is_cjk(uint32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

void zb_norm_init(zb_norm *n, const zb_t2s *t2s, int apply_t2s, int html, size_t size_hint) {
    memset(n, 0, sizeof *n);
    n->t2s = t2s;
    n->apply_t2s = apply_t2s;
    n->html = html;
    n->cap = size_hint + 16;
    n->s = malloc(n->cap + 1);
    n->off = malloc((n->cap + 1) * sizeof *n->off);
    if (!n->s || !n->off) n->oom = 1;
}

/* Room for 6 more bytes (a pending '\n', a pending ' ' and a 4-byte char). */
static inline int room(zb_norm *n) {
    if (n->oom) return 0;
    if (n->len + 6 <= n->cap) return 1;
    size_t cap = n->cap * 2 + 64;
    char *s = realloc(n->s, cap + 1);
    if (!s) return n->oom = 1, 0;
    n->s = s;
    uint32_t *off = realloc(n->off, (cap + 1) * sizeof *off);
    if (!off) return n->oom = 1, 0;
    n->off = off;
    n->cap = cap;
    return 1;
}

/* Whether writing input offset o after off[0..len) makes the map go back. */
static inline int goes_back(const uint32_t *off, size_t len, uint32_t o) {
    return len && o < off[len - 1];
}

static void put_byte(zb_norm *n, char c, uint32_t off) {
    if (goes_back(n->off, n->len, off)) n->back = 1;
    n->s[n->len] = c;
    n->off[n->len++] = off;
}

static void add_orig(zb_norm *n, uint32_t cp) {
    if (n->n_orig == n->cap_orig) {
        size_t cap = n->cap_orig * 2 + 64;
        zb_text_orig *o = realloc(n->orig, cap * sizeof *o);
        if (!o) {
            n->oom = 1;
            return;
        }
        n->orig = o;
        n->cap_orig = cap;
    }
    n->orig[n->n_orig].at = (uint32_t)n->len;
    n->orig[n->n_orig++].cp = cp;
}

/* ---- pinyin after a character: 學(xué)習, 設(shè) -> 學習, 設 ----
 * Machine-converted mirror pages annotate characters with their reading in
 * brackets. The annotation is dropped once its closing bracket is written:
 * the output is cut back to the opening bracket, so the map stays exact
 * (the annotation's input bytes just have no output). */

#define PINYIN_MAX 6 /* letters of the longest syllable (zhuang, shuang) */

/* The plain vowel of a tone-marked pinyin vowel, else 0. */
static char tone_base(uint32_t cp) {
    if (cp < 0xE0 || cp > 0x1F9) return 0; /* the table's range: a Han char asks at every ')' */
    static const struct {
        uint16_t cp;
        char base;
    } t[] = {{0xE0, 'a'},  {0xE1, 'a'},  {0xE8, 'e'},  {0xE9, 'e'},  {0xEA, 'e'},  {0xEC, 'i'},
             {0xED, 'i'},  {0xF2, 'o'},  {0xF3, 'o'},  {0xF9, 'u'},  {0xFA, 'u'},  {0xFC, 'v'},
             {0x101, 'a'}, {0x113, 'e'}, {0x11B, 'e'}, {0x12B, 'i'}, {0x14D, 'o'}, {0x16B, 'u'},
             {0x1CE, 'a'}, {0x1D0, 'i'}, {0x1D2, 'o'}, {0x1D4, 'u'}, {0x1D6, 'v'}, {0x1D8, 'v'},
             {0x1DA, 'v'}, {0x1DC, 'v'}, {0x144, 'n'}, {0x148, 'n'}, {0x1F9, 'n'}};
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        if (t[k].cp == cp) return t[k].base;
    return 0;
}

/* Whether the toneless letters w[0..n) are one pinyin syllable: an initial
 * (maybe none) and a final. Units and codes in brackets (km, kg, ppp) are
 * not, so they stay. */
static int pinyin_syllable(const char *w, size_t n) {
    static const char *const finals[] = {
        "a",   "o",   "e",  "i",   "u",  "v",    "ai",   "ei",  "ao", "ou",   "an",  "en",   "ang",
        "eng", "ong", "er", "ia",  "ie", "iao",  "iu",   "ian", "in", "iang", "ing", "iong", "ua",
        "uo",  "uai", "ui", "uan", "un", "uang", "ueng", "ve",  "ue", "van",  "vn",  "n",    "ng"};
    size_t i = 0;
    if (n >= 2 && (w[1] == 'h') && (w[0] == 'z' || w[0] == 'c' || w[0] == 's'))
        i = 2;
    else if (n && strchr("bpmfdtnlgkhjqxrzcsyw", w[0]))
        i = 1;
    for (size_t k = 0; k < sizeof finals / sizeof *finals; k++)
        if (strlen(finals[k]) == n - i && !memcmp(finals[k], w + i, n - i)) return n - i > 0;
    return 0;
}

/* The code point of the UTF-8 char ending at s[e], its start in *b; 0 when
 * there is none. */
static uint32_t cp_before(const char *s, size_t e, size_t *b) {
    size_t i = e;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && e - i < 3)
        i--;
    if (i == 0) return 0;
    i--;
    uint32_t cp;
    if (zb_utf8_char((const unsigned char *)s + i, e - i, &cp) != (int)(e - i)) return 0;
    *b = i;
    return cp;
}

static int is_han(uint32_t cp) {
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* A ')' was just written: cut "(syllable)" after a Han character. */
static void drop_pinyin(zb_norm *n) {
    char w[PINYIN_MAX];
    size_t nw = 0, e = n->len - 1, b = 0;
    int toned = 0;
    for (;;) {
        uint32_t cp = cp_before(n->s, e, &b);
        if (cp == '(') break;
        char base = cp >= 'a' && cp <= 'z' ? (char)cp : tone_base(cp);
        if (!base || nw == PINYIN_MAX) return;
        toned |= base != (char)cp;
        w[PINYIN_MAX - ++nw] = base;
        e = b;
    }
    size_t open = b;
    uint32_t han = cp_before(n->s, open, &b);
    /* a bare one-letter "(a)" is an enumeration mark, not a reading */
    if (!nw || !is_han(han) || (!toned && nw < 2) || !pinyin_syllable(w + PINYIN_MAX - nw, nw))
        return;
    n->len = open;
    while (n->n_orig && n->orig[n->n_orig - 1].at >= open)
        n->n_orig--; /* full-width brackets and tone letters are gone too */
    n->prev_cp = han;
}

static inline void emit_text(zb_norm *n, uint32_t cp, uint32_t in_off, uint32_t in_end) {
    if (!room(n)) return;
    if (n->pend_nl && n->len) put_byte(n, '\n', n->pend_nl_off);
    n->pend_nl = 0;
    if (n->pend_space && n->line_has_text) {
        /* a source line break between two CJK chars is not a space (CSS rule) */
        int join = n->pend_seg && zb_is_cjk(n->prev_cp) && zb_is_cjk(cp);
        if (!join) put_byte(n, ' ', n->pend_space_off);
    }
    n->pend_space = n->pend_seg = 0;
    uint32_t out = narrow(cp);
    if (n->apply_t2s && out == cp) out = zb_t2s_map(n->t2s, cp);
    if (out != cp) add_orig(n, cp);
    /* room() left 6 bytes: at most 2 were written above */
    int l = zb_utf8_put(out, n->s + n->len);
    if (goes_back(n->off, n->len, in_off)) n->back = 1;
    for (int i = 0; i < l; i++)
        n->off[n->len + (size_t)i] = in_off;
    n->len += (size_t)l;
    n->line_has_text = 1;
    n->last_end = in_end;
    n->prev_cp = cp;
    if (out == ')') drop_pinyin(n);
}

void zb_norm_break(zb_norm *n) {
    if (n->line_has_text) {
        n->pend_nl = 1;
        n->pend_nl_off = n->last_end;
    }
    n->line_has_text = 0;
    n->pend_space = n->pend_seg = 0;
}

void zb_norm_space(zb_norm *n, uint32_t in_off) {
    if (!n->line_has_text || n->pend_space) return;
    n->pend_space = 1;
    n->pend_space_off = in_off;
}

static inline void norm_cp(zb_norm *n, uint32_t cp, uint32_t in_off, uint32_t in_end) {
    switch (char_class(cp)) {
    case C_TEXT:
        emit_text(n, cp, in_off, in_end);
        return;
    case C_DROP:
        return;
    case C_NEWLINE:
        if (!n->html) {
            zb_norm_break(n);
            return;
        }
        zb_norm_space(n, in_off);
        n->pend_seg = n->pend_space;
        return;
    default: /* C_SPACE */
        zb_norm_space(n, in_off);
        return;
    }
}

void zb_norm_cp(zb_norm *n, uint32_t cp, uint32_t in_off, uint32_t in_end) {
    norm_cp(n, cp, in_off, in_end);
}

void zb_norm_restart(zb_norm *n, int apply_t2s) {
    zb_norm k = *n;
    memset(n, 0, sizeof *n);
    n->t2s = k.t2s, n->apply_t2s = apply_t2s, n->html = k.html;
    n->s = k.s, n->off = k.off, n->cap = k.cap, n->oom = k.oom;
    n->orig = k.orig, n->cap_orig = k.cap_orig;
}

int zb_norm_finish(zb_norm *n, uint32_t in_len) {
    if (n->oom) return -1;
    n->s[n->len] = 0;
    n->off[n->len] = in_len;
    return 0;
}

void zb_norm_free(zb_norm *n) {
    free(n->s);
    free(n->off);
    free(n->orig);
    memset(n, 0, sizeof *n);
}

char *zb_norm_string(const zb_t2s *t2s, int apply_t2s, const char *s, size_t len) {
    zb_norm n;
    zb_norm_init(&n, t2s, apply_t2s, 1, len);
    /* the run normalizer, as zb_norm_cp char by char would (a byte that
     * starts no valid char is skipped alike); the offsets are not kept */
    zb_norm_run(&n, (const unsigned char *)s, len, 0);
    char *out = NULL;
    if (zb_norm_finish(&n, (uint32_t)len) == 0 && n.len) {
        out = n.s;
        n.s = NULL;
    }
    zb_norm_free(&n);
    return out;
}

/* A char of zb_norm_utf8 / zb_norm_gb at input offsets at..at_end: a Han or
 * ASCII text char, with nothing pending and no conversion, written at once
 * (its UTF-8: one byte or three, the input's own bytes in a UTF-8 text),
 * anything else through norm_cp. */
static inline void simple_char(zb_norm *n, uint32_t cp, uint32_t at, uint32_t at_end) {
    if (!n->pend_nl && !n->pend_space && n->len + 4 <= n->cap &&
        ((cp >= 0x4E00 && cp <= 0x9FFF && !n->apply_t2s) ||
         (cp > 0x20 && cp < 0x7F && cp != ')'))) {
        if (cp < 0x80) {
            n->s[n->len] = (char)cp;
            n->off[n->len++] = at;
        } else {
            n->s[n->len] = (char)(0xE0 | (cp >> 12));
            n->s[n->len + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            n->s[n->len + 2] = (char)(0x80 | (cp & 0x3F));
            n->off[n->len] = n->off[n->len + 1] = n->off[n->len + 2] = at;
            n->len += 3;
        }
        n->line_has_text = 1;
        n->last_end = at_end;
        n->prev_cp = cp;
        return;
    }
    norm_cp(n, cp, at, at_end);
}

/* The plain UTF-8 path, the hot loop: input validated, chars complete, so
 * decoding needs no checks, and the emitter is inlined. */
void zb_norm_utf8(zb_norm *n, const unsigned char *p, size_t i, size_t end) {
    while (i < end && !n->oom) {
        unsigned c = p[i];
        uint32_t cp;
        size_t l;
        if (c < 0x80) {
            cp = c, l = 1;
        } else if (c < 0xE0) {
            cp = (uint32_t)(c & 0x1F) << 6 | (p[i + 1] & 0x3F), l = 2;
        } else if (c < 0xF0) {
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F);
            l = 3;
        } else {
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(p[i + 1] & 0x3F) << 12 |
                 (uint32_t)(p[i + 2] & 0x3F) << 6 | (p[i + 3] & 0x3F);
            l = 4;
        }
        simple_char(n, cp, (uint32_t)i, (uint32_t)(i + l));
        i += l;
    }
}

/* The plain GB18030 path: input validated (complete chars up to end). */
void zb_norm_gb(zb_norm *n, const unsigned char *p, size_t i, size_t end) {
    while (i < end && !n->oom) {
        uint32_t cp = p[i];
        int l = 1;
        if (cp >= 0x80) l = zb_gb_char(n->t2s, p + i, end - i, &cp);
        if (l <= 0) break; /* validated before: cannot happen */
        simple_char(n, cp, (uint32_t)i, (uint32_t)(i + (size_t)l));
        i += (size_t)l;
    }
}

/* Chars of the 3-byte range that the normalizer passes through unchanged
 * when nothing is pending and t2s is off: CJK punctuation, kana, Han
 * (U+3001..9FFF) and general punctuation but its spaces, breaks and format
 * controls (U+2010..2027, U+2030..205E). */
static inline int plain_3byte(uint32_t cp) {
    return cp - 0x3001u <= 0x9FFFu - 0x3001u || cp - 0x2010u <= 0x17u || cp - 0x2030u <= 0x2Eu;
}

/* Full-width ASCII (，：（ …) the fast paths narrow themselves (with room
 * for its orig entry). Not '）', which may close a pinyin reading. */
static inline int narrow_fast(const zb_norm *n, uint32_t cp) {
    return cp - 0xFF01u <= 0xFF5Eu - 0xFF01u && cp != 0xFF09 && n->n_orig < n->cap_orig;
}

/* Writes what is pending before a text char as emit_text does (a '\n' or a
 * ' '), so that the fast paths go on after a break or a space; 0 when the
 * HTML rule may drop the space (the general path decides). `dirty`: the
 * line has text the struct does not know of yet. The caller has room for
 * these two bytes. */
static inline int settle(zb_norm *n, char *s, uint32_t *off, size_t *len, int dirty) {
    if (n->pend_seg) return 0;
    if (n->pend_nl && *len) {
        if (goes_back(off, *len, n->pend_nl_off)) n->back = 1;
        s[*len] = '\n', off[(*len)++] = n->pend_nl_off;
    }
    if (n->pend_space && (n->line_has_text || dirty)) {
        if (goes_back(off, *len, n->pend_space_off)) n->back = 1;
        s[*len] = ' ', off[(*len)++] = n->pend_space_off;
    }
    n->pend_nl = n->pend_space = 0;
    return 1;
}

/* A space (C_SPACE) that changes nothing: no text on the line yet, or a
 * space pending already. */
static inline int idle_space(const zb_norm *n, int dirty) {
    return !dirty && (!n->line_has_text || n->pend_space);
}

/* Little-endian word of 4 bytes at p. */
static inline uint32_t load32(const unsigned char *p) {
    uint32_t w;
    memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap32(w);
#endif
    return w;
}

/* Copies the 3-byte char at p to s (a 4th byte too, overwritten by what
 * comes next: the caller has room) and its input offset o to off[0..2]
 * (off[3] too, likewise). */
static inline void store3(char *s, uint32_t *off, const unsigned char *p, uint32_t o) {
    uint32_t v[4] = {o, o, o, o};
    memcpy(s, p, 4);
    memcpy(off, v, sizeof v);
}

/* The same for a 3-byte char given as its bytes in the low 24 bits of e
 * (first byte lowest). */
static inline void store_u8(char *s, uint32_t *off, uint32_t e, uint32_t o) {
    uint32_t v[4] = {o, o, o, o};
    unsigned char b[4] = {(unsigned char)e, (unsigned char)(e >> 8), (unsigned char)(e >> 16), 0};
    memcpy(s, b, 4);
    memcpy(off, v, sizeof v);
}

/* In a run of 3-byte chars copied from t[k..] to s[len..] (both advance by
 * 3), the last k from which one more char may be copied: 4 bytes readable
 * (len_t - k >= 4) and room for 6 more output bytes (len + 6 <= cap, true on
 * entry). */
static inline size_t run_last(size_t k, size_t len, size_t len_t, size_t cap) {
    size_t a = len_t - 4, b = k + (cap - 6 - len);
    return a < b ? a : b;
}

/* ASCII chars copied as they are: printable, but ')' (it may close a pinyin
 * reading) and ' ' (collapsed). */
static inline int plain_ascii(unsigned c) { return c - 0x21u < 0x5Eu && c != ')'; }

#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE inline
#endif

/* What a fast loop reads, a constant where the helpers below are inlined, so
 * that each loop gets its own specialised copy of them: plain UTF-8 or
 * GB18030 input, validated as it goes (its input offsets only grow, and
 * prev_cp is not kept: only HTML reads it), or a page's UTF-8 text
 * (zb_norm_run: gumbo's; offsets may go back, prev_cp matters). */
enum { SRC_UTF8, SRC_GB, SRC_PAGE };

/* The code point of the UTF-8 char ending right before t + k (k > 0). */
static uint32_t cp_ending(const unsigned char *t, size_t k) {
    size_t b = k - 1;
    while (b > 0 && k - b < 4 && (t[b] & 0xC0) == 0x80)
        b--;
    uint32_t cp = t[k - 1];
    if (zb_utf8_decode(t + b, k - b, &cp) != (int)(k - b)) cp = t[k - 1];
    return cp;
}

/* Brings the struct in step with a fast loop's locals: its output length
 * len and, when chars were copied since it was last in step (*dirty), that
 * the line has text ending at input offset `at` (for a page, also the last
 * of them: the copied chars end at t + k). */
static ALWAYS_INLINE void in_step(zb_norm *n, int src, size_t len, int *dirty, uint32_t at,
                                  const unsigned char *t, size_t k) {
    n->len = len;
    if (*dirty) {
        n->last_end = at, n->line_has_text = 1, *dirty = 0;
        if (src == SRC_PAGE) n->prev_cp = cp_ending(t, k);
    }
}

/* An ASCII char c = t[*k] in the three fast loops: the run of printable
 * chars from it copied as they are (the input offset of t[k] is k + d: ASCII
 * is one byte in GB18030 too), or a space that changes nothing skipped.
 * Returns 1 when it took c (*k is then past what it took), else 0. The locals
 * are the loop's (see zb_norm_utf8_plain); *back (a page's): the map went
 * back. */
static ALWAYS_INLINE int ascii_chars(zb_norm *n, int src, const unsigned char *t, size_t *k,
                                     size_t end, uint32_t d, char *s, uint32_t *off, size_t *len,
                                     size_t cap, int *calm, int *dirty, int *back) {
    unsigned c = t[*k];
    if (plain_ascii(c) && *len + 3 <= cap && (*calm || (*calm = settle(n, s, off, len, *dirty)))) {
        if (src == SRC_PAGE) *back |= goes_back(off, *len, (uint32_t)*k + d);
        do {
            s[*len] = (char)c;
            off[(*len)++] = (uint32_t)(*k)++ + d;
        } while (*k < end && *len < cap && plain_ascii(c = t[*k]));
        *dirty = 1;
        return 1;
    }
    if ((c == ' ' || c == '\t') && idle_space(n, *dirty)) {
        ++*k;
        return 1;
    }
    return 0;
}

/* A full-width ASCII char cp (，：（ …) at input offset `at`, the same in the
 * three fast loops: narrowed and written as emit_text would, with its orig
 * entry, when narrow_fast allows (and what is pending can be settled).
 * Returns 1 when written (then the chars are *dirty), else 0. The locals are
 * the loop's (see zb_norm_utf8_plain); *back (a page's): the map went back. */
static ALWAYS_INLINE int narrow_char(zb_norm *n, int src, uint32_t cp, uint32_t at, char *s,
                                     uint32_t *off, size_t *len, size_t cap, int *calm, int *dirty,
                                     int *back) {
    if (!(*len + 3 <= cap && narrow_fast(n, cp) &&
          (*calm || (*calm = settle(n, s, off, len, *dirty)))))
        return 0;
    n->orig[n->n_orig].at = (uint32_t)*len;
    n->orig[n->n_orig++].cp = cp;
    if (src == SRC_PAGE) *back |= goes_back(off, *len, at);
    s[*len] = (char)(cp - 0xFEE0u);
    off[(*len)++] = at;
    *dirty = 1;
    return 1;
}

/* The end of a fast loop's step, one copy for the three loops (a fix here
 * holds for all): the char cp at t + *k (l bytes, input offsets at..at_end)
 * that none of the loop's copy paths took goes through norm_cp, the struct
 * in step before and the locals (*s .. *calm, see zb_norm_utf8_plain)
 * reloaded after. *k moves past the char. Returns 1 to go on, 0 when the
 * normalizer ran out of memory: there is no output after all, so plain input
 * is validated and counted to its end len_t (*k where that stops, *ok and
 * *bad as zb_utf8_valid / zb_gb_valid say), and a page is left as it is. */
static ALWAYS_INLINE int slow_char(zb_norm *n, int src, uint32_t cp, size_t l, uint32_t at,
                                   uint32_t at_end, const unsigned char *t, size_t len_t, size_t *k,
                                   char **s, uint32_t **off, size_t *len, size_t *cap, int *calm,
                                   int *dirty, int *ok, size_t *bad, size_t *cnt) {
    in_step(n, src, *len, dirty, at, t, *k);
    norm_cp(n, cp, at, at_end);
    *k += l;
    if (n->oom) {
        if (src == SRC_PAGE) return 0;
        size_t rest = 0, b = 0;
        *ok = (src == SRC_UTF8 ? zb_utf8_valid : zb_gb_valid)(n->t2s, t + *k, len_t - *k, &rest, &b,
                                                              cnt);
        *k += *ok ? rest : 0;
        *bad = *k + b;
        return 0;
    }
    *s = n->s, *off = n->off, *len = n->len, *cap = n->cap;
    *calm = !n->pend_nl && !n->pend_space;
    return 1;
}

int zb_norm_utf8_plain(zb_norm *n, const unsigned char *p, size_t i, size_t end, size_t *vend,
                       size_t *bad, size_t *cnt, zb_scan *sc) {
    *sc = (zb_scan){.nul = SIZE_MAX};
    const uint8_t *changed = n->t2s->changed;
    /* Han chars seen (low half) and of which t2s changes (high half) */
    uint64_t han = 0;
    /* The normalizer's state in locals, and few of them: stores into s[]
     * could alias the struct (the compiler would reload it at every char),
     * and with too many live values gcc spills a byte and reloads it as a
     * word, a store-forwarding stall per char. `dirty`: chars were copied
     * since the struct was last in step, the last one ending at i (so
     * last_end = i, line_has_text = 1). prev_cp is not kept: only HTML reads
     * it. */
    char *s = n->s;
    uint32_t *off = n->off;
    size_t len = n->len, cap = n->cap;
    int calm = !n->pend_nl && !n->pend_space, dirty = 0, ok = 1;
    while (i < end) {
        unsigned c = p[i];
        uint32_t cp, w;
        size_t l;
        if (c < 0x80) {
            if (ascii_chars(n, SRC_UTF8, p, &i, end, 0, s, off, &len, cap, &calm, &dirty, NULL))
                continue;
            /* the only path of bytes below 0x21 but idle spaces: the control
             * bytes are counted here (no pass of their own) */
            if (c < 0x20) zb_scan_ascii(sc, c, i);
            cp = c, l = 1;
        } else if (c - 0xE1u <= 0xECu - 0xE1u && end - i >= 4 &&
                   ((w = load32(p + i)) & 0xC0C000u) == 0x808000u) {
            /* the common 3-byte chars (U+1000..CFFF): no overlong or
             * surrogate possible. Read as one word: bytes read one by one
             * made gcc spill one and reload it as a word, a store-forwarding
             * stall per char */
            cp = (c & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
            l = 3;
            if (cp - 0x3400u <= 0x9FFFu - 0x3400u)
                han += 1 | (uint64_t)((changed[cp >> 3] >> (cp & 7)) & 1) << 32;
            if (len + 6 <= cap && plain_3byte(cp) &&
                (calm || (calm = settle(n, s, off, &len, dirty)))) {
                /* this char and the run of plain 3-byte chars after it */
                size_t last = run_last(i, len, end, cap);
                for (;;) {
                    store3(s + len, off + len, p + i, (uint32_t)i);
                    len += 3;
                    i += 3;
                    if (i > last) break;
                    w = load32(p + i);
                    if (zb_han_4e9(w)) { /* Han and plain: counted and copied */
                        han += 1 | (uint64_t)zb_changed3(changed, w) << 32;
                        continue;
                    }
                    if ((w & 0xFFu) - 0xE1u > 0xECu - 0xE1u || (w & 0xC0C000u) != 0x808000u) break;
                    cp = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
                    if (!plain_3byte(cp)) break; /* not a Han char either: counted later */
                    if (cp - 0x3400u <= 0x9FFFu - 0x3400u)
                        han += 1 | (uint64_t)((changed[cp >> 3] >> (cp & 7)) & 1) << 32;
                }
                dirty = 1;
                continue;
            }
            if (cp == 0x3000 && idle_space(n, dirty)) {
                i += 3;
                continue;
            }
        } else {
            int r = zb_utf8_decode(p + i, end - i, &cp);
            if (r == -1) break; /* partial char at the very end */
            if (r == 0) {
                *bad = i;
                ok = 0;
                break;
            }
            l = (size_t)r;
            size_t hc[2] = {0, 0};
            zb_count_han(n->t2s, cp, hc);
            han += hc[0] | (uint64_t)hc[1] << 32;
            if (narrow_char(n, SRC_UTF8, cp, (uint32_t)i, s, off, &len, cap, &calm, &dirty, NULL)) {
                i += l;
                continue;
            }
        }
        /* everything else through the general normalizer */
        if (!slow_char(n, SRC_UTF8, cp, l, (uint32_t)i, (uint32_t)(i + l), p, end, &i, &s, &off,
                       &len, &cap, &calm, &dirty, &ok, bad, cnt))
            break;
    }
    if (!n->oom) in_step(n, SRC_UTF8, len, &dirty, (uint32_t)i, p, i);
    cnt[0] += (uint32_t)han, cnt[1] += han >> 32;
    *vend = i;
    return ok;
}

int zb_norm_gb_plain(zb_norm *n, const unsigned char *p, size_t i, size_t end, size_t *vend,
                     size_t *bad, size_t *cnt, zb_big5 *b5) {
    *b5 = (zb_big5){0, 0, 0};
    const zb_t2s *t = n->t2s;
    const uint32_t *gbx = t->gbx;
    size_t pairs = 0, gb2312 = 0; /* the fast path's Big5 pair counts */
    uint32_t shaped = ZB_GBX_BIG5;
    uint64_t han = 0; /* as in zb_norm_utf8_plain, and so are the locals */
    char *s = n->s;
    uint32_t *off = n->off;
    size_t len = n->len, cap = n->cap;
    int calm = !n->pend_nl && !n->pend_space, dirty = 0, ok = 1;
    while (i < end) {
        unsigned c = p[i];
        uint32_t cp;
        size_t l;
        if (c < 0x80) {
            if (ascii_chars(n, SRC_GB, p, &i, end, 0, s, off, &len, cap, &calm, &dirty, NULL))
                continue;
            cp = c, l = 1;
        } else {
            /* a two-byte char copied as it is (most of a text), and the run
             * of such chars after it: one table entry has its UTF-8 bytes
             * and its counts (Big5 pair counts in locals: b5 may alias) */
            unsigned c2;
            uint32_t e;
            if (end - i >= 2 && c - 0x81u <= 0xFEu - 0x81u &&
                (c2 = p[i + 1]) - 0x40u <= 0xFEu - 0x40u && c2 != 0x7F &&
                (e = gbx[(c - 0x81) * 191 + (c2 - 0x40)]) != 0 && len + 5 <= cap &&
                (calm || (calm = settle(n, s, off, &len, dirty)))) {
                do {
                    han += (e >> 25 & 1) | (uint64_t)(e >> 26 & 1) << 32;
                    pairs += e >> 27 & 1;
                    gb2312 += e >> 28 & 1;
                    shaped &= e;
                    store_u8(s + len, off + len, e, (uint32_t)i);
                    len += 3;
                    i += 2;
                } while (end - i >= 2 && len + 5 <= cap && (c = p[i]) - 0x81u <= 0xFEu - 0x81u &&
                         (c2 = p[i + 1]) - 0x40u <= 0xFEu - 0x40u && c2 != 0x7F &&
                         (e = gbx[(c - 0x81) * 191 + (c2 - 0x40)]) != 0);
                dirty = 1;
                continue;
            }
            int r = zb_gb_decode(t, p + i, end - i, &cp);
            if (r == -1) break; /* partial char at the very end */
            if (r == 0) {
                *bad = i;
                ok = 0;
                break;
            }
            l = (size_t)r;
            if (l == 2)
                zb_big5_pair(b5, c, p[i + 1]);
            else
                b5->not_big5 = 1; /* four bytes */
            if (cp - 0x3400u <= 0x9FFFu - 0x3400u)
                han += 1 | (uint64_t)((t->changed[cp >> 3] >> (cp & 7)) & 1) << 32;
            else if (cp > 0xFFFF || cp - 0xF900u <= 0xFAFFu - 0xF900u) {
                size_t hc[2] = {0, 0};
                zb_count_han(t, cp, hc);
                han += hc[0] | (uint64_t)hc[1] << 32;
            }
            if (len + 5 <= cap && plain_3byte(cp) &&
                (calm || (calm = settle(n, s, off, &len, dirty)))) {
                s[len] = (char)(0xE0 | (cp >> 12));
                s[len + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                s[len + 2] = (char)(0x80 | (cp & 0x3F));
                off[len] = off[len + 1] = off[len + 2] = (uint32_t)i;
                len += 3;
                i += l;
                dirty = 1;
                continue;
            }
            if (cp == 0x3000 && idle_space(n, dirty)) {
                i += l;
                continue;
            }
            if (narrow_char(n, SRC_GB, cp, (uint32_t)i, s, off, &len, cap, &calm, &dirty, NULL)) {
                i += l;
                continue;
            }
        }
        if (!slow_char(n, SRC_GB, cp, l, (uint32_t)i, (uint32_t)(i + l), p, end, &i, &s, &off, &len,
                       &cap, &calm, &dirty, &ok, bad, cnt))
            break;
    }
    if (!n->oom) in_step(n, SRC_GB, len, &dirty, (uint32_t)i, p, i);
    b5->pairs += pairs, b5->gb2312 += gb2312;
    if (!(shaped & ZB_GBX_BIG5)) b5->not_big5 = 1;
    /* a four-byte code cut by the end: its second byte is a digit, which
     * zb_gb_looks_big5 sees */
    if (end - i >= 2) b5->not_big5 = 1;
    cnt[0] += (uint32_t)han, cnt[1] += han >> 32;
    *vend = i;
    return ok;
}

/* The input length of the GB18030 char at p (n bytes left), as map_off
 * (text_html.c) steps over it. */
static inline uint32_t gb_step(const unsigned char *p, size_t n) {
    if (p[0] < 0x80 || n < 2) return 1;
    return (p[1] >= 0x30 && p[1] <= 0x39 && n >= 4) ? 4 : 2;
}

/* zb_norm_run, and with gb (a constant where it is inlined) zb_norm_run_gb:
 * then the input offset of the char at k is not in_off + k but a cursor gi
 * stepped over the GB18030 input gb[0..gb_n) char by char. AT is the input
 * offset of the char at k, STEP moves gi past it. Returns where gi ends. */
#define AT (gb ? gi : in_off + (uint32_t)k)
#define STEP() (gb ? (void)(gi += gb_step(gb + gi, gb_n - gi)) : (void)0)
static ALWAYS_INLINE uint32_t run(zb_norm *n, const unsigned char *t, size_t len_t, uint32_t in_off,
                                  const unsigned char *gb, size_t gb_n) {
    uint32_t gi = in_off;
    const uint8_t *conv = n->apply_t2s ? n->t2s->changed : NULL;
    char *s = n->s;
    uint32_t *off = n->off;
    size_t len = n->len, cap = n->cap, k = 0;
    int calm = !n->pend_nl && !n->pend_space, dirty = 0, back = 0;
    while (k < len_t && !n->oom) {
        unsigned c = t[k];
        uint32_t cp, w;
        size_t l;
        if (c < 0x80) {
            uint32_t d = AT - (uint32_t)k; /* gi keeps its distance to k over ASCII */
            if (ascii_chars(n, SRC_PAGE, t, &k, len_t, d, s, off, &len, cap, &calm, &dirty,
                            &back)) {
                if (gb) gi = (uint32_t)k + d;
                continue;
            }
            cp = c, l = 1;
        } else if (c - 0xE1u <= 0xECu - 0xE1u && len_t - k >= 4 &&
                   ((w = load32(t + k)) & 0xC0C000u) == 0x808000u) {
            cp = (c & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
            l = 3;
            if (len + 6 <= cap && plain_3byte(cp) && !(conv && (conv[cp >> 3] >> (cp & 7)) & 1) &&
                (calm || (calm = settle(n, s, off, &len, dirty)))) {
                /* this char and the run of plain 3-byte chars after it; len
                 * and k grow together, so one bound covers both limits */
                size_t last = run_last(k, len, len_t, cap);
                back |= goes_back(off, len, AT);
                for (;;) {
                    store3(s + len, off + len, t + k, AT);
                    STEP();
                    len += 3;
                    k += 3;
                    if (k > last) break;
                    w = load32(t + k);
                    if (!conv && zb_han_4e9(w)) continue;
                    if ((w & 0xFFu) - 0xE1u > 0xECu - 0xE1u || (w & 0xC0C000u) != 0x808000u) break;
                    cp = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
                    if (!plain_3byte(cp) || (conv && (conv[cp >> 3] >> (cp & 7)) & 1)) break;
                }
                dirty = 1;
                continue;
            }
            if (cp == 0x3000 && idle_space(n, dirty)) {
                STEP();
                k += 3;
                continue;
            }
            /* a char t2s changes in a traditional text (a third of its Han
             * chars): written simplified with its orig entry, as emit_text
             * writes it, when that is a 3-byte char too */
            uint32_t to;
            if (conv && len + 6 <= cap && n->n_orig < n->cap_orig && plain_3byte(cp) &&
                (conv[cp >> 3] >> (cp & 7)) & 1 && (to = n->t2s->map[cp]) - 0x800u <= 0xF7FFu &&
                (calm || (calm = settle(n, s, off, &len, dirty)))) {
                if (to != cp) {
                    n->orig[n->n_orig].at = (uint32_t)len;
                    n->orig[n->n_orig++].cp = cp;
                }
                back |= goes_back(off, len, AT);
                zb_utf8_put(to, s + len);
                off[len] = off[len + 1] = off[len + 2] = AT;
                STEP();
                len += 3;
                k += 3;
                dirty = 1;
                continue;
            }
        } else {
            int r = zb_utf8_decode(t + k, len_t - k, &cp);
            if (r <= 0) { /* not from gumbo: skipped, as em_text does */
                k++;
                continue;
            }
            l = (size_t)r;
            if (narrow_char(n, SRC_PAGE, cp, AT, s, off, &len, cap, &calm, &dirty, &back)) {
                STEP();
                k += l;
                continue;
            }
        }
        uint32_t at = AT;
        STEP();
        if (!slow_char(n, SRC_PAGE, cp, l, at, gb ? gi : in_off + (uint32_t)(k + l), t, len_t, &k,
                       &s, &off, &len, &cap, &calm, &dirty, NULL, NULL, NULL))
            break;
    }
    if (!n->oom) in_step(n, SRC_PAGE, len, &dirty, AT, t, k);
    if (back) n->back = 1;
    return gi;
}
#undef AT
#undef STEP

void zb_norm_run(zb_norm *n, const unsigned char *t, size_t len_t, uint32_t in_off) {
    run(n, t, len_t, in_off, NULL, 0);
}

uint32_t zb_norm_run_gb(zb_norm *n, const unsigned char *t, size_t len_t, uint32_t in_off,
                        const unsigned char *gb, size_t gb_n) {
    return run(n, t, len_t, in_off, gb, gb_n);
}

/* The code point of the 3-byte char at u (valid UTF-8). */
static inline uint32_t cp3(const unsigned char *u) {
    return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
}

/* at with room for twice as many places (freed when out of memory). */
static uint32_t *grow_places(uint32_t *at, size_t *cap) {
    size_t c = *cap ? *cap * 2 : 256;
    uint32_t *p = realloc(at, c * sizeof *p);
    if (!p) {
        free(at);
        return NULL;
    }
    *cap = c;
    return p;
}

/* Lists the char cp (l bytes) at i, which t2s maps to `to`, for conversion
 * in place: 1 listed, or left as it is (an orig entry there: the normalizer
 * wrote it already, *o walked up to i), 0 when it must go the general way
 * (its simplified form no 3-byte char of the same Han class), -1 out of
 * memory (*at freed). */
static inline int list_place(const zb_norm *n, size_t i, size_t l, uint32_t cp, uint32_t to,
                             size_t *o, uint32_t **at, size_t *nc, size_t *cap) {
    while (*o < n->n_orig && n->orig[*o].at < i)
        (*o)++;
    if (*o < n->n_orig && n->orig[*o].at == i) return 1;
    if (l != 3 || to < 0x800 || to > 0xFFFF || (to >= 0xD800 && to <= 0xDFFF) ||
        is_han(to) != is_han(cp))
        return 0;
    if (*nc == *cap && !(*at = grow_places(*at, cap))) return -1;
    (*at)[(*nc)++] = (uint32_t)i;
    return 1;
}

/* list_place's 0 or -1: nothing converted; 1 (and n->oom) when out of
 * memory, else 0 (the caller normalizes the general way). */
static int stop_listing(zb_norm *n, uint32_t *at, int r) {
    free(at);
    if (r < 0) n->oom = 1;
    return r < 0;
}

int zb_norm_t2s_in_place(zb_norm *n) {
    if (n->oom || n->apply_t2s) return 0;
    const unsigned char *u = (const unsigned char *)n->s;
    const uint8_t *changed = n->t2s->changed;
    const uint32_t *map = n->t2s->map;
    size_t len = n->len, nc = 0, o = 0, cap = 0;
    uint32_t *at = NULL; /* the places to convert, grown as found */
    /* first the chars to convert are listed, each checked (nothing is
     * written when one must go the general way): a char t2s maps elsewhere
     * that the normalizer wrote as it came (no orig entry: a narrowed char
     * is not asked, as in emit_text), its simplified form a 3-byte char
     * Han when it is (the pinyin cut reads whether the char before "(" is) */
    for (size_t i = 0; i < len;) {
        /* 3-byte chars (nearly all of the text): a word and a bit each */
        while (i + 4 <= len) {
            uint32_t w = load32(u + i);
            if ((w & 0xF0u) != 0xE0u) break;
            if (zb_changed3(changed, w)) {
                uint32_t cp = cp3(u + i), to = map[cp];
                int r = to != cp ? list_place(n, i, 3, cp, to, &o, &at, &nc, &cap) : 1;
                if (r <= 0) return stop_listing(n, at, r);
            }
            i += 3;
        }
        if (i >= len) break;
        unsigned c = u[i];
        if (c < 0xC0) { /* ASCII (no continuation byte starts a char) */
            i++;
            continue;
        }
        size_t l = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + l > len) break;
        uint32_t cp = l == 3   ? cp3(u + i)
                      : l == 2 ? (c & 0x1Fu) << 6 | (u[i + 1] & 0x3Fu)
                               : (c & 0x07u) << 18 | (u[i + 1] & 0x3Fu) << 12 |
                                     (u[i + 2] & 0x3Fu) << 6 | (u[i + 3] & 0x3Fu);
        /* the last chars, and 2- and 4-byte ones: one t2s would change
         * that was written as it came goes the general way */
        if (cp < ZB_T2S_MAX && (changed[cp >> 3] >> (cp & 7)) & 1 && map[cp] != cp) {
            int r = list_place(n, i, l, cp, map[cp], &o, &at, &nc, &cap);
            if (r <= 0) return stop_listing(n, at, r);
        }
        i += l;
    }
    zb_text_orig *m = nc ? malloc((n->n_orig + nc) * sizeof *m) : NULL;
    if (nc && !m) {
        free(at);
        n->oom = 1;
        return 1;
    }
    /* then written over, their orig entries merged in place order */
    size_t k = 0;
    o = 0;
    for (size_t j = 0; j < nc; j++) {
        size_t i = at[j];
        uint32_t cp = cp3(u + i), to = map[cp];
        while (o < n->n_orig && n->orig[o].at < i)
            m[k++] = n->orig[o++];
        m[k].at = (uint32_t)i;
        m[k++].cp = cp;
        n->s[i] = (char)(0xE0 | (to >> 12));
        n->s[i + 1] = (char)(0x80 | ((to >> 6) & 0x3F));
        n->s[i + 2] = (char)(0x80 | (to & 0x3F));
    }
    free(at);
    if (nc) {
        while (o < n->n_orig)
            m[k++] = n->orig[o++];
        free(n->orig);
        n->orig = m;
        n->n_orig = n->cap_orig = k;
    }
    n->apply_t2s = 1;
    return 1;
}
