/* numbers.c - quantities in normalized report text. See numbers.h.
 *
 * The grammar here (numerals, multipliers, the shapes of years, ordinals,
 * names and changes) is language, not indicator knowledge: what a quantity
 * measures is decided by the rule data in config/indicators.tsv
 * (indicators.c). The units, the words of a change and the approximation
 * words before a number and after a unit are data too (@unit,
 * @change-word, @change-glue, @approx-*, @approx-after-* there), read
 * through the table zb_units_new builds. */
#include "numbers.h"

#include "budget.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes the UTF-8 char at s[i] into *cp; returns its length (1 for an
 * invalid byte, which is returned as itself). */
static inline size_t u8_at(const char *s, size_t len, size_t i, unsigned *cp) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t left = len - i;
    if (p[0] < 0x80 || left < 2) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0) {
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        return 2;
    }
    if ((p[0] & 0xF0) == 0xE0 && left >= 3) {
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    }
    if ((p[0] & 0xF8) == 0xF0 && left >= 4) {
        *cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
              (p[3] & 0x3Fu);
        return 4;
    }
    *cp = p[0];
    return 1;
}

/* The char before s[i] (0 at the start); *at receives its offset. */
static unsigned u8_prev(const char *s, size_t i, size_t *at) {
    if (i == 0) {
        *at = 0;
        return 0;
    }
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    unsigned cp;
    u8_at(s, i, j, &cp);
    *at = j;
    return cp;
}

static inline int starts(const char *s, size_t len, size_t i, const char *w) {
    if (i >= len || s[i] != w[0]) return 0; /* cheap first-byte test */
    size_t n = strlen(w);
    return i + n <= len && memcmp(s + i, w, n) == 0;
}

static inline int ends_at(const char *s, size_t i, size_t lo, const char *w) {
    size_t n = strlen(w);
    return n == 0 || (i >= lo + n && s[i - 1] == w[n - 1] && memcmp(s + i - n, w, n) == 0);
}

/* Value of a Chinese digit char, -1 if none. */
static inline int cn_digit(unsigned cp) {
    switch (cp) {
    case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */
        return 0;
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E24:
        return 2; /* 两 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    default:
        return -1;
    }
}

static double cn_unit(unsigned cp) {
    switch (cp) {
    case 0x5341:
        return 10; /* 十 */
    case 0x767E:
        return 100; /* 百 */
    case 0x5343:
        return 1000; /* 千 */
    case 0x4E07:
        return 1e4; /* 万 */
    case 0x4EBF:
        return 1e8; /* 亿 */
    default:
        return 0;
    }
}

/* 百余件, 千余人, 万余份: a bare 百/千/万 is a number only before 余/多. */
static int round_unit_first(const char *s, size_t len, size_t after) {
    return after + 3 <= len && (!memcmp(s + after, "余", 3) || !memcmp(s + after, "多", 3));
}

/* 近百项, 逾千人, 上万人次: a bare 百/千/万 right after 近, 逾 or 上 is a
 * round number too (the word before it says how approximate). */
static int round_after_approx(const char *s, size_t i) {
    if (i < 3) return 0;
    const char *p = s + i - 3;
    if (!memcmp(p, "近", 3)) /* not 附近, 最近, 邻近, 靠近 (places and times) */
        return i < 6 || (memcmp(p - 3, "附", 3) && memcmp(p - 3, "最", 3) &&
                         memcmp(p - 3, "邻", 3) && memcmp(p - 3, "靠", 3));
    return !memcmp(p, "逾", 3) || !memcmp(p, "上", 3);
}

/* Chinese numeral at s[i]. Must start with a digit or 十 (百/千/万 alone are
 * words: 百官, 千里, 万户; see round_unit_first and round_after_approx). Two digits in a row (八五,
 * 十四五) are names, not numbers: the whole run is consumed and reported malformed (-1). */
static size_t parse_chinese(const char *s, size_t len, size_t i, double *value, int *bad) {
    double total = 0, section = 0;
    int digit = -1, last_was_digit = 0, n = 0;
    size_t j = i;
    *bad = 0;
    while (j < len && n < 24) {
        unsigned cp;
        size_t k = u8_at(s, len, j, &cp);
        int d = cn_digit(cp);
        double u = cn_unit(cp);
        if (d < 0 && u == 0) break;
        if (n == 0 && d < 0 && u != 10 && !round_unit_first(s, len, j + k) &&
            !(u < 1e8 && round_after_approx(s, i)))
            break;
        if (d >= 0) {
            if (last_was_digit && d != 0 && digit != 0) *bad = 1;
            digit = d;
            last_was_digit = 1;
        } else if (u < 1e4) { /* 十 百 千 */
            section += (digit < 0 ? 1 : digit) * u;
            digit = -1;
            last_was_digit = 0;
        } else {                                                          /* 万 亿 */
            double base = n == 0 ? 1 : section + (digit > 0 ? digit : 0); /* 万余 */
            total = u == 1e8 ? (total + base) * u : total + base * u;
            section = 0;
            digit = -1;
            last_was_digit = 0;
        }
        n++;
        j += k;
    }
    if (n == 0) return 0;
    *value = total + section + (digit > 0 ? digit : 0);
    return j - i;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static unsigned first_cp(const char *s, size_t len, size_t i) {
    unsigned cp = 0;
    if (i < len) u8_at(s, len, i, &cp);
    return cp;
}

/* Arabic numeral with thousands separators, decimals and 万/亿/千 after it. */
static size_t parse_arabic(const char *s, size_t len, size_t i, double *value) {
    size_t j = i;
    double v = 0;
    int nd = 0;
    while (j < len && is_digit(s[j]) && nd < 15) {
        v = v * 10 + (s[j] - '0');
        j++;
        nd++;
    }
    if (nd == 0) return 0;
    /* 1,234,567: a comma followed by exactly three digits, first group <= 3;
     * yearbooks group with a space instead (调解各类民间纠纷29 757件), the
     * same separator all along */
    char sep = j < len && (s[j] == ',' || s[j] == ' ') ? s[j] : ',';
    while (nd <= 3 && j + 3 < len + 0 && s[j] == sep && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
           is_digit(s[j + 3]) && (j + 4 >= len || !is_digit(s[j + 4]))) {
        v = v * 1000 + (s[j + 1] - '0') * 100 + (s[j + 2] - '0') * 10 + (s[j + 3] - '0');
        j += 4;
    }
    if (j + 1 < len && s[j] == '.' && is_digit(s[j + 1])) {
        double scale = 0.1;
        j++;
        int nf = 0;
        while (j < len && is_digit(s[j])) {
            if (nf < 9) v += (s[j] - '0') * scale;
            scale /= 10;
            j++;
            nf++;
        }
    }
    unsigned cp;
    if (j < len) {
        size_t k = u8_at(s, len, j, &cp);
        if (cp == 0x4E07 || cp == 0x4EBF || cp == 0x5343) { /* 万 亿 千 */
            /* 千 only as a multiplier before a unit-like char, not 千米 etc. */
            v *= cp == 0x4E07 ? 1e4 : cp == 0x4EBF ? 1e8 : 1e3;
            j += k;
        }
    }
    *value = v;
    return j - i;
}

size_t zb_numeral_parse(const char *s, size_t len, size_t i, double *value, int *chinese) {
    *chinese = 0;
    if (i >= len) return 0;
    if (is_digit(s[i])) return parse_arabic(s, len, i, value);
    int bad = 0;
    size_t n = parse_chinese(s, len, i, value, &bad);
    if (n == 0 || bad) return 0;
    *chinese = 1;
    return n;
}

/* A word with its length in bytes, computed at compile time. */
typedef struct {
    const char *w;
    size_t n;
} word;
#define WORD(s)                                                                                    \
    { s, sizeof(s) - 1 }

static inline int ends_with_word(const char *s, size_t i, size_t lo, const word *w) {
    return w->n == 0 ||
           (i >= lo + w->n && s[i - 1] == w->w[w->n - 1] && memcmp(s + i - w->n, w->w, w->n) == 0);
}

/* The scanner's words (units, change words) the caller loaded: every
 * lookup goes through the table. */
typedef struct {
    const zb_units *tab;
} extra_units;

#define UNIT_BUCKETS 512

struct zb_units {
    const char **w; /* every unit of two bytes or more, by bucket, longest first in one */
    size_t *n;
    size_t start[UNIT_BUCKETS + 1]; /* bucket b: w[start[b] .. start[b + 1]) */
    const char **one;               /* the units of one byte */
    size_t n_one;
    /* by last byte: which approximation / change words end with it (bit k:
     * approx[k], change[k]): most places before a number end in none */
    uint32_t approx_by[256], change_by[256];
    /* the approximation words before a number (约, 超过, 不到) with what
     * they say, borrowed; longer first, so that of two words one ends with
     * (不超过, 超过) the longer is found first */
    struct {
        word w;
        zb_approx a;
    } approx[ZB_APPROX_WORDS_MAX], after[ZB_APPROX_AFTER_MAX];
    size_t n_approx;
    size_t n_after; /* after: the words after a unit (以上), in order */
    /* the first and second bytes (& 63) of those: most units are followed
     * by none, and one test (two bytes) passes them, not a walk of the
     * list (the list as C literals was unrolled and compared in line) */
    uint64_t after_first[4], after_second;
    /* the change words and the glue words that may follow one (了, 达),
     * borrowed; glue[n_glue] is the empty word (no glue) */
    word change[ZB_CHANGE_WORDS_MAX];
    size_t n_change;
    word glue[ZB_CHANGE_GLUE_MAX + 1];
    size_t n_glue;
};

/* The bucket of a unit starting with bytes a, b (a CJK character: its lead
 * byte's low bits and its second byte). */
static unsigned unit_key(char a, char b) {
    return ((unsigned)(unsigned char)a & 7u) << 6 | ((unsigned)(unsigned char)b & 63u);
}

/* A word of a list that a table can hold: not empty, no longer than a
 * unit (zb_quantity.unit); else an error in err. */
static int word_fits(const char *list, const char *w, char *err, size_t errlen) {
    size_t n = strlen(w);
    if (n && n < sizeof((zb_quantity *)0)->unit) return 1;
    snprintf(err, errlen, "%s: a word must have 1 to %zu bytes: '%.40s'", list,
             sizeof((zb_quantity *)0)->unit - 1, w);
    return 0;
}

/* Whether the lists of w fit a table, else why in err. */
static int words_fit(const zb_number_words *w, char *err, size_t errlen) {
    size_t na = w->n_approx[0] + w->n_approx[1] + w->n_approx[2];
    if (na > ZB_APPROX_WORDS_MAX) {
        snprintf(err, errlen, "approximation words: %zu, at most %d (a bit each by last byte)", na,
                 ZB_APPROX_WORDS_MAX);
        return 0;
    }
    size_t nt = w->n_approx_after[0] + w->n_approx_after[1] + w->n_approx_after[2];
    if (nt > ZB_APPROX_AFTER_MAX) {
        snprintf(err, errlen, "approximation words after a unit: %zu, at most %d", nt,
                 ZB_APPROX_AFTER_MAX);
        return 0;
    }
    for (int a = 0; a < 3; a++) {
        for (size_t k = 0; k < w->n_approx[a]; k++)
            if (!word_fits("approximation words", w->approx[a][k], err, errlen)) return 0;
        for (size_t k = 0; k < w->n_approx_after[a]; k++)
            if (!word_fits("approximation words after a unit", w->approx_after[a][k], err, errlen))
                return 0;
    }
    if (w->n_change > ZB_CHANGE_WORDS_MAX) {
        snprintf(err, errlen, "change words: %zu, at most %d (a bit each by last byte)",
                 w->n_change, ZB_CHANGE_WORDS_MAX);
        return 0;
    }
    if (w->n_glue > ZB_CHANGE_GLUE_MAX) {
        snprintf(err, errlen, "change glue words: %zu, at most %d", w->n_glue, ZB_CHANGE_GLUE_MAX);
        return 0;
    }
    for (size_t k = 0; k < w->n_units; k++)
        if (!word_fits("units", w->units[k], err, errlen)) return 0;
    for (size_t k = 0; k < w->n_change; k++)
        if (!word_fits("change words", w->change[k], err, errlen)) return 0;
    for (size_t k = 0; k < w->n_glue; k++)
        if (!word_fits("change glue words", w->glue[k], err, errlen)) return 0;
    return 1;
}

zb_units *zb_units_new(const zb_number_words *words, const char *const *extra, size_t n_extra,
                       char *err, size_t errlen) {
    if (!words_fit(words, err, errlen)) return NULL;
    snprintf(err, errlen, "out of memory");
    size_t nb = words->n_units, total = nb + n_extra;
    zb_units *u = calloc(1, sizeof *u);
    const char **all = malloc((total ? total : 1) * sizeof *all);
    if (!u || !all || !(u->w = malloc((total ? total : 1) * sizeof *u->w)) ||
        !(u->n = malloc((total ? total : 1) * sizeof *u->n)) ||
        !(u->one = malloc((total ? total : 1) * sizeof *u->one))) {
        free(all);
        zb_units_free(u);
        return NULL;
    }
    for (size_t k = 0; k < nb; k++)
        all[k] = words->units[k];
    for (size_t k = 0; k < n_extra; k++)
        all[nb + k] = extra[k];
    size_t count[UNIT_BUCKETS] = {0};
    for (size_t k = 0; k < total; k++) {
        size_t n = strlen(all[k]);
        if (n == 1) u->one[u->n_one++] = all[k];
        if (n >= 2) count[unit_key(all[k][0], all[k][1])]++;
    }
    for (size_t b = 0; b < UNIT_BUCKETS; b++)
        u->start[b + 1] = u->start[b] + count[b];
    size_t fill[UNIT_BUCKETS];
    memcpy(fill, u->start, sizeof fill);
    for (size_t k = 0; k < total; k++) {
        size_t n = strlen(all[k]);
        if (n < 2) continue;
        size_t b = unit_key(all[k][0], all[k][1]), j = fill[b]++;
        /* longest first: the first match in a bucket is the longest unit */
        while (j > u->start[b] && u->n[j - 1] < n) {
            u->w[j] = u->w[j - 1];
            u->n[j] = u->n[j - 1];
            j--;
        }
        u->w[j] = all[k];
        u->n[j] = n;
    }
    free(all);
    static const zb_approx KIND[3] = {ZB_APPROX_AT_LEAST, ZB_APPROX_ABOUT, ZB_APPROX_AT_MOST};
    for (int a = 0; a < 3; a++)
        for (size_t k = 0; k < words->n_approx[a]; k++) {
            word w = {words->approx[a][k], strlen(words->approx[a][k])};
            size_t j = u->n_approx++; /* longer first, in order among equals */
            while (j > 0 && u->approx[j - 1].w.n < w.n) {
                u->approx[j] = u->approx[j - 1];
                j--;
            }
            u->approx[j].w = w;
            u->approx[j].a = KIND[a];
        }
    for (int a = 0; a < 3; a++)
        for (size_t k = 0; k < words->n_approx_after[a]; k++) {
            const char *w = words->approx_after[a][k];
            u->after[u->n_after].w = (word){w, strlen(w)};
            u->after[u->n_after++].a = KIND[a];
            unsigned char c0 = (unsigned char)w[0], c1 = (unsigned char)w[1];
            u->after_first[c0 >> 6] |= 1ull << (c0 & 63);
            u->after_second |= c1 ? 1ull << (c1 & 63) : ~0ull; /* (a one-byte word: any) */
        }
    for (size_t k = 0; k < u->n_approx; k++)
        u->approx_by[(unsigned char)u->approx[k].w.w[u->approx[k].w.n - 1]] |= 1u << k;
    for (size_t k = 0; k < words->n_change; k++) {
        u->change[k] = (word){words->change[k], strlen(words->change[k])};
        u->change_by[(unsigned char)u->change[k].w[u->change[k].n - 1]] |= 1u << k;
    }
    u->n_change = words->n_change;
    for (size_t k = 0; k < words->n_glue; k++)
        u->glue[k] = (word){words->glue[k], strlen(words->glue[k])};
    u->glue[words->n_glue] = (word){"", 0};
    u->n_glue = words->n_glue;
    return u;
}

void zb_units_free(zb_units *u) {
    if (!u) return;
    free(u->w);
    free(u->n);
    free(u->one);
    free(u);
}

/* The longest unit at s[i] through the table. */
static size_t table_unit(const zb_units *u, const char *s, size_t len, size_t i,
                         const char **unit) {
    if (i + 2 <= len) {
        unsigned b = unit_key(s[i], s[i + 1]);
        for (size_t k = u->start[b]; k < u->start[b + 1]; k++) {
            /* (the bucket holds units of other lead bytes too: the first
             * four bytes compared in line, the call only for the rest: 个
             * opens six longer units) */
            const char *w = u->w[k];
            size_t n = u->n[k];
            if (n <= len - i && s[i] == w[0] && s[i + 1] == w[1] &&
                (n == 2 || (s[i + 2] == w[2] &&
                            (n == 3 || (s[i + 3] == w[3] &&
                                        (n == 4 || !memcmp(s + i + 4, w + 4, n - 4))))))) {
                *unit = w;
                return n;
            }
        }
    }
    for (size_t k = 0; i < len && k < u->n_one; k++) {
        if (u->one[k][0] == s[i]) {
            *unit = u->one[k];
            return 1;
        }
    }
    return 0;
}

static size_t match_unit(const char *s, size_t len, size_t i, const extra_units *x,
                         const char **unit) {
    return table_unit(x->tab, s, len, i, unit);
}

static size_t skip_spaces(const char *s, size_t len, size_t i) {
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

/* Approximation word before the number: only the words that end with the
 * byte before are compared, in order. */
static zb_approx approx_before(const char *s, size_t lo, size_t i, size_t *start,
                               const zb_units *u) {
    size_t j = i;
    while (j > lo && s[j - 1] == ' ')
        j--;
    for (uint32_t m = j > lo ? u->approx_by[(unsigned char)s[j - 1]] : 0; m; m &= m - 1) {
        int k = __builtin_ctz(m);
        if (ends_with_word(s, j, lo, &u->approx[k].w)) {
            *start = j - u->approx[k].w.n;
            return u->approx[k].a;
        }
    }
    *start = i;
    return ZB_APPROX_EXACT;
}

/* A change word right before the number, maybe with a glue word between
 * (了, 达, 约): 同比增长17.1%, 下降了3件, 压减62.5%. 提高到/降至/精简为 N name a
 * level and pass. Only the change words that end with the byte before are
 * compared (change_by). */
static int is_change(const char *s, size_t lo, size_t i, const zb_units *u) {
    size_t j = i;
    while (j > lo && s[j - 1] == ' ')
        j--;
    for (size_t g = 0; g <= u->n_glue; g++) { /* glue[n_glue]: none */
        if (!ends_with_word(s, j, lo, &u->glue[g])) continue;
        size_t k = j - u->glue[g].n;
        for (uint32_t m = k > lo ? u->change_by[(unsigned char)s[k - 1]] : 0; m; m &= m - 1)
            if (ends_with_word(s, k, lo, &u->change[__builtin_ctz(m)])) return 1;
    }
    return 0;
}

/* 占...的N%: a share. Looks back within the clause for 占 and a 的 just before. */
static int is_share(const char *s, size_t i) {
    size_t lo = i > 60 ? i - 60 : 0;
    if (ends_at(s, i, lo, "占比") || ends_at(s, i, lo, "占比为") || ends_at(s, i, lo, "占比达"))
        return 1;
    if (!ends_at(s, i, lo, "的")) return 0;
    for (size_t j = i; j > lo; j--) {
        char c = s[j - 1];
        if (c == ',' || c == ';' || c == '\n') return 0;
        if (ends_at(s, j, lo, "占")) return 1;
    }
    return 0;
}

/* Skips a bracketed title/doc number starting at s[i] (《...》, 〔...〕, [...]
 * with a year) when it closes on the same line within a bound. Returns the
 * offset after the closing bracket, or i when s[i] opens none. */
static size_t skip_bracket(const char *s, size_t len, size_t i) {
    static const struct {
        const char *open, *close;
        size_t max;
    } B[] = {{"《", "》", 600}, {"〔", "〕", 30}, {"[", "]", 12}, {"【", "】", 90}};
    for (size_t k = 0; k < sizeof B / sizeof B[0]; k++) {
        if (!starts(s, len, i, B[k].open)) continue;
        size_t j = i + strlen(B[k].open), cl = strlen(B[k].close);
        size_t lim = j + B[k].max < len ? j + B[k].max : len;
        /* The close must start before lim and before the line ends. Found by
         * memchr on its last byte, not a compare at every byte: a text dense
         * with 《 (each looked at up to 600 bytes ahead) read at ~1 MB/s. */
        const char *nl = memchr(s + j, '\n', lim - j);
        size_t end = nl ? (size_t)(nl - s) : (lim + cl - 1 < len ? lim + cl - 1 : len);
        /* offsets, not pointers: j + cl - 1 may lie past the end of s */
        for (size_t p = j + cl - 1; p < end; p++) {
            const char *f = memchr(s + p, B[k].close[cl - 1], end - p);
            if (!f) break;
            p = (size_t)(f - s);
            if (!memcmp(s + p - (cl - 1), B[k].close, cl)) return p + 1;
        }
    }
    return i;
}

/* A short quoted name (“三项制度”, “1310”, “高效办成一件事”): returns the offset
 * after the closing quote, or i. */
static size_t skip_quoted(const char *s, size_t len, size_t i) {
    if (!starts(s, len, i, "“") && !starts(s, len, i, "\"")) return i;
    size_t j = i + (s[i] == '"' ? 1 : 3);
    size_t lim = j + 36 < len ? j + 36 : len;
    for (; j < lim; j++) {
        if (s[j] == '\n' || s[j] == ',' || starts(s, len, j, "。")) return i;
        if (starts(s, len, j, "”")) return j + 3;
        if (s[j] == '"') return j + 1;
    }
    return i;
}

/* Reason why the numeral at [a, b) is a name or a date rather than a count,
 * judged from the chars around it; NULL when it may be a quantity. */
static const char *context_reject(const char *s, size_t len, size_t a, size_t b, int chinese) {
    size_t pa;
    unsigned prev = u8_prev(s, a, &pa);
    unsigned next = 0;
    b = skip_spaces(s, len, b);
    if (b < len) u8_at(s, len, b, &next);
    if (prev == 0x7B2C) return "ordinal";               /* 第 */
    if (prev == 0x5C4A) return "session";               /* 届: 十二届六次全会 */
    if (prev == '+' || next == '+') return "plan_name"; /* 6+X, 1+1+1 */
    if (prev == '-' || prev == '/' || prev == ':') return "date";
    if (next == '-' || next == '/' || next == ':') return "date";
    if ((prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z')) return "code";
    if (next == 0x5E74 || next == 0x6708 || next == 0x65E5 || next == 0x53F7) /* 年 月 日 号 */
        return next == 0x5E74 ? "year" : "date";
    if (chinese && (next == 0x662F)) return "enumeration"; /* 一是 */
    return NULL;
}

/* (NUL-padded to the end: numbers.h; through a buffer of the array's
 * size, copied whole: a few stores, no call) */
static void fill_unit(zb_quantity *q, const char *u) {
    char b[sizeof q->unit] = {0};
    size_t n = strlen(u);
    if (n >= sizeof q->unit) n = sizeof q->unit - 1;
    memcpy(b, u, n);
    memcpy(q->unit, b, sizeof q->unit);
}

/* Unit, 余/多 and trailing approximation after the numeral ending at j. */
static void parse_tail(const char *s, size_t len, size_t j, const extra_units *x, zb_quantity *q) {
    const char *unit = NULL;
    size_t k = skip_spaces(s, len, j);
    if (starts(s, len, k, "余") || starts(s, len, k, "多")) {
        /* 600余件, 80万余份 (万 after 余 too: 2万余件 / 2余万件) */
        q->approx = ZB_APPROX_AT_LEAST;
        k += 3;
    }
    if (starts(s, len, k, "万")) {
        q->value *= 1e4;
        k += 3;
        if (starts(s, len, k, "余") || starts(s, len, k, "多")) {
            q->approx = ZB_APPROX_AT_LEAST;
            k += 3;
        }
    }
    if (k < len && s[k] == '%') {
        q->kind = ZB_QK_RATE;
        fill_unit(q, "%");
        k++;
    } else if (starts(s, len, k, "元")) {
        q->kind = ZB_QK_MONEY;
        fill_unit(q, "元");
        k += 3;
    } else if (starts(s, len, k, "亿元")) {
        q->kind = ZB_QK_MONEY;
        q->value *= 1e8;
        fill_unit(q, "元");
        k += 6;
    } else {
        size_t n = match_unit(s, len, k, x, &unit);
        if (!n) {
            if (!q->reject) q->reject = "no_unit";
            q->end = q->unit_end = k;
            return;
        }
        fill_unit(q, unit);
        k += n;
        /* 件(次), 卷(宗): a second unit in brackets folds into the first */
        if (k < len && s[k] == '(') {
            const char *u2 = NULL;
            size_t n2 = match_unit(s, len, k + 1, x, &u2);
            if (n2 && k + 1 + n2 < len && s[k + 1 + n2] == ')') {
                if (!strcmp(unit, "件") && !strcmp(u2, "次")) fill_unit(q, "件次");
                k += n2 + 2;
            }
        }
        /* (the first byte first: most units are neither) */
        if ((q->unit[0] == "个"[0] || q->unit[0] == "百"[0]) &&
            (!strcmp(q->unit, "个百分点") || !strcmp(q->unit, "百分点")))
            q->reject = "change";
    }
    q->unit_end = k;
    /* an approximation word after the unit (以上, 左右, 以内), the first */
    const zb_units *u = x->tab;
    if (k >= len || !(u->after_first[(unsigned char)s[k] >> 6] >> ((unsigned char)s[k] & 63) & 1) ||
        (k + 1 < len && !(u->after_second >> ((unsigned char)s[k + 1] & 63) & 1))) {
        q->end = k;
        return;
    }
    for (size_t t = 0; t < u->n_after; t++) {
        const word *w = &u->after[t].w;
        if (k + w->n <= len && s[k] == w->w[0] && !memcmp(s + k, w->w, w->n)) {
            q->approx = u->after[t].a;
            k += w->n;
            break;
        }
    }
    q->end = k;
}

/* Describes the numeral at s[i] (known to start one). quick: the caller
 * wants quantities only (zb_number_next_stops): a rejected one need not be
 * described, only where it ends. */
static size_t read_quantity(const char *s, size_t len, size_t i, size_t lo, const extra_units *x,
                            int quick, zb_quantity *q) {
    /* field by field: a few stores, where a memset of the whole is a rep stos */
    q->value = 0;
    q->approx = ZB_APPROX_EXACT;
    q->kind = ZB_QK_COUNT;
    memset(q->unit, 0, sizeof q->unit);
    q->start = q->end = q->num_start = q->unit_end = 0;
    q->flags = 0;
    q->reject = NULL;
    int pct_prefix = 0;
    size_t a = i;
    if (starts(s, len, i, "百分之")) {
        pct_prefix = 1;
        a = i + 9;
    }
    int chinese = 0;
    double v = 0;
    size_t n = 0;
    if (a < len && is_digit(s[a])) {
        n = parse_arabic(s, len, a, &v);
    } else {
        int bad = 0;
        n = parse_chinese(s, len, a, &v, &bad);
        chinese = 1;
        if (pct_prefix && n == 0 && starts(s, len, a, "百")) /* 百分之百 */
            v = 100, n = 3;
        if (pct_prefix && n && !bad && starts(s, len, a + n, "点")) { /* 百分之十二点五 */
            size_t j = a + n + 3;
            double scale = 0.1, frac = 0;
            unsigned cp;
            size_t k;
            while (j < len && (k = u8_at(s, len, j, &cp)) && cn_digit(cp) >= 0)
                frac += cn_digit(cp) * scale, scale /= 10, j += k;
            if (j > a + n + 3) v += frac, n = j - a;
        }
        if (n && bad) {
            q->num_start = q->start = i;
            q->end = q->unit_end = a + n;
            q->reject = "malformed"; /* 八五, 十四五 */
            return a + n;
        }
    }
    if (n == 0) {
        q->num_start = q->start = i;
        q->end = q->unit_end = a + (pct_prefix ? 0 : 1);
        q->reject = "malformed";
        return q->end > i ? q->end : i + 1;
    }
    q->value = v;
    q->num_start = i;
    q->flags = chinese ? ZB_QF_CHINESE : 0;
    /* The tail first when only quantities count: a numeral with no unit
     * after it (a third of the scan's candidates, nine in ten Chinese
     * numerals: 一是, 进一步) is rejected whatever comes before it, and it
     * ends where the tail says. The words before it are then not looked at.
     * What the tail sets (its unit, value, 余 or 左右) is what the order
     * below gives: the tail's approximation wins over the one before. */
    int tail_first = quick && !pct_prefix;
    zb_approx tail_approx = ZB_APPROX_EXACT;
    if (tail_first) {
        parse_tail(s, len, a + n, x, q);
        if (q->reject) return q->end > a + n ? q->end : a + n;
        tail_approx = q->approx;
    }
    q->approx = approx_before(s, lo, i, &q->start, x->tab);
    if (chinese && q->approx == ZB_APPROX_EXACT && cn_digit(first_cp(s, len, a)) < 0 &&
        cn_unit(first_cp(s, len, a)) >= 100 && i >= 3 && !memcmp(s + i - 3, "上", 3)) {
        q->approx = ZB_APPROX_AT_LEAST; /* 上万人次: ten thousand or more */
        q->start = i - 3;
    }
    q->reject = context_reject(s, len, i, a + n, chinese);
    if (pct_prefix) {
        q->kind = ZB_QK_RATE;
        fill_unit(q, "%");
        q->end = q->unit_end = a + n;
    } else if (tail_first) {
        if (tail_approx != ZB_APPROX_EXACT) q->approx = tail_approx;
    } else {
        parse_tail(s, len, a + n, x, q);
    }
    if (!q->reject && chinese && v == 1 && n == 3) q->reject = "one"; /* 一件事, 一次办好 */
    if (!q->reject && is_change(s, lo, q->start, x->tab)) q->reject = "change";
    if (!q->reject && q->kind == ZB_QK_RATE && is_share(s, q->start)) q->flags |= ZB_QF_SHARE;
    /* 80.95万 is 809500 exactly, not 809500.0000000001 */
    double r = floor(q->value + 0.5);
    if (fabs(q->value - r) < 1e-7 * (r > 1 ? r : 1)) q->value = r;
    return q->end > a + n ? q->end : a + n;
}

/* The length u8_at gives the character at s[i] (left = len - i > 0). */
static size_t u8_step(unsigned char c, size_t left) {
    if (c < 0x80 || left < 2) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0 && left >= 3) return 3;
    if ((c & 0xF8) == 0xF0 && left >= 4) return 4;
    return 1;
}

/* What the scan does at a character it stops at (cp at s[i], c its first
 * byte): 0 step over it, 1 jump to *j (past a bracketed title or a quoted
 * name), 2 a quantity was read into q and *j is where the scan goes on. */
static int stop_at(const char *s, size_t len, size_t i, unsigned char c, unsigned cp,
                   const extra_units *x, int quick, zb_quantity *q, size_t *j) {
    int num;
    if (c < 0x80) {
        if (c == '[' || c == '"') {
            *j = c == '[' ? skip_bracket(s, len, i) : skip_quoted(s, len, i);
            if (*j != i) return 1;
        }
        num = is_digit(c);
    } else {
        if (cp == 0x300A || cp == 0x3014 || cp == 0x3010) { /* 《 〔 【 */
            *j = skip_bracket(s, len, i);
            if (*j != i) return 1;
        } else if (cp == 0x201C) { /* “ */
            *j = skip_quoted(s, len, i);
            if (*j != i) return 1;
        }
        num = cn_digit(cp) >= 0 || cp == 0x5341 || /* 十 */
              ((cp == 0x767E || cp == 0x5343 || cp == 0x4E07) &&
               (round_unit_first(s, len, i + 3) || starts(s, len, i, "百分之") ||
                round_after_approx(s, i)));
    }
    if (!num) return 0;
    size_t lo = i > 48 ? i - 48 : 0;
    size_t end = read_quantity(s, len, i, lo, x, quick, q);
    *j = end > i ? end : i + 1;
    return 2;
}

int zb_number_stop(unsigned cp) {
    if (cp < 0x80) return cp == '[' || cp == '"' || is_digit((char)cp);
    return zb_number_stop3(cp);
}

static int next_quantity(const char *s, size_t len, size_t *pos, zb_quantity *q,
                         const extra_units *x) {
    size_t i = *pos;
    /* one decode per character: the text between figures is most of the work */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c;
        size_t n = 1, j;
        if (c >= 0x80) {
            if (c < 0xE2 || c > 0xE9 || len - i < 3) {
                i += u8_step(c, len - i);
                continue;
            }
            n = 3;
            cp = (c & 0x0Fu) << 12 | ((unsigned char)s[i + 1] & 0x3Fu) << 6 |
                 ((unsigned char)s[i + 2] & 0x3Fu);
            if (!zb_number_stop3(cp)) {
                i += 3;
                continue;
            }
        }
        int what = stop_at(s, len, i, c, cp, x, 0, q, &j);
        if (what == 2) {
            *pos = j;
            return 1;
        }
        i = what ? j : i + n;
    }
    *pos = len;
    return 0;
}

/* The numeral of ASCII digits at s[i] followed (after spaces) by 年 月 日 or
 * 号 and no unit there: a year or a date. read_quantity rejects it whatever
 * comes before it (context_reject) and ends it after the spaces (parse_tail
 * finds no unit): that offset is returned without the rest of its work; 0
 * when s[i] opens no such numeral. */
static size_t dated_end(const char *s, size_t len, size_t i, const extra_units *x) {
    /* first a filter: the digits are followed by a space or by a lead byte
     * of 年 月 日 号 (E5, E6; 千 too, which parse_arabic takes in). At most
     * 16 digits are looked at: parse_arabic reads 15, and a 16th one is what
     * follows them, no 年 (looking further made a text of digits quadratic:
     * every stop read the rest of the run) */
    size_t e = i;
    while (e < len && e - i < 16 && is_digit(s[e]))
        e++;
    if (e == len || e - i == 16 ||
        (s[e] != ' ' && (unsigned char)s[e] != 0xE5 && (unsigned char)s[e] != 0xE6))
        return 0;
    double v;
    size_t b = skip_spaces(s, len, i + parse_arabic(s, len, i, &v));
    unsigned cp;
    if (b + 3 > len || u8_at(s, len, b, &cp) != 3) return 0;
    if (cp != 0x5E74 && cp != 0x6708 && cp != 0x65E5 && cp != 0x53F7) return 0; /* 年 月 日 号 */
    const char *unit;
    return match_unit(s, len, b, x, &unit) ? 0 : b;
}

int zb_number_next_stops(const char *s, size_t len, size_t *pos, zb_quantity *q, const zb_units *u,
                         const size_t *stops, size_t n_stops, size_t *k) {
    extra_units x = {u};
    size_t i = *pos;
    while (*k < n_stops) {
        if (stops[*k] < i) {
            (*k)++;
            continue;
        }
        /* a step per stop looked at, not per quantity returned: the numerals
         * stepped over (years, dates, rejected ones) are most of the work
         * on a digit-dense text and none of them reaches the caller's loop */
        if (zb_budget_over()) break;
        i = stops[*k];
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c;
        size_t j;
        if (is_digit((char)c) && (j = dated_end(s, len, i, &x))) { /* a year or a date: passed */
            i = j;
            continue;
        }
        if (c >= 0x80)
            cp = (c & 0x0Fu) << 12 | ((unsigned char)s[i + 1] & 0x3Fu) << 6 |
                 ((unsigned char)s[i + 2] & 0x3Fu);
        int what = stop_at(s, len, i, c, cp, &x, 1, q, &j);
        if (what == 2 && !q->reject) {
            *pos = j;
            return 1;
        }
        if (what)
            i = j;
        else
            (*k)++;
    }
    *pos = len;
    return 0;
}

int zb_number_next_in(const char *s, size_t len, size_t *pos, zb_quantity *q, const zb_units *u) {
    extra_units x = {u};
    return next_quantity(s, len, pos, q, &x);
}
