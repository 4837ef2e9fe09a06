/* text_unwrap.c - hard-wrapped plain text joined back into paragraphs. See
 * text_unwrap.h. A PDF's text layer breaks every line at the page's width,
 * in the middle of sentences and words; the indicator rules read a line end
 * as the end of a paragraph, so the figures of every second sentence lost
 * their wording. Only the breaks after full lines go: a paragraph's short
 * last line, a heading and a line that ends a sentence keep theirs. */
#include "text_unwrap.h"

#include <string.h>

#define UNWRAP_MIN_WIDTH 40 /* columns: narrower full lines are headings or lists */
#define UNWRAP_MAX_WIDTH 400
#define UNWRAP_MIN_FULL 4 /* full lines a text needs to count as wrapped */
#define UNWRAP_SLACK 4    /* columns a full line may fall short of the width */

/* The ASCII marks the normalizer narrowed from their full-width forms
 * (,;:!?()), as a bit set over the 64 code points from 0x20: a per-byte
 * strchr here cost more than the rest of the scan. */
#define NARROWED_MARKS                                                                             \
    ((1ull << (',' - 0x20)) | (1ull << (';' - 0x20)) | (1ull << (':' - 0x20)) |                    \
     (1ull << ('!' - 0x20)) | (1ull << ('?' - 0x20)) | (1ull << ('(' - 0x20)) |                    \
     (1ull << (')' - 0x20)))

/* 1 for a punctuation mark the normalizer narrowed from its full-width form. */
static int narrowed(unsigned char c) {
    unsigned k = (unsigned)c - 0x20;
    return k < 64 && (NARROWED_MARKS >> k & 1);
}

/* A table's row: cells between |, which tables.c reads line by line. */
static int is_row(const char *s, size_t a, size_t b) { return memchr(s + a, '|', b - a) != NULL; }

/* Display columns of s[a..b): an ASCII char 1 (a punctuation mark the
 * normalizer narrowed from its full-width form 2, like the CJK characters
 * around it), any other char 2. Counted eight bytes at a time: ASCII bytes
 * and lead bytes (11xxxxxx) by their top bits, continuation bytes not at
 * all; the rare words with ASCII looked at byte by byte for punctuation. */
static size_t width_of(const char *s, size_t a, size_t b) {
    const uint64_t top = 0x8080808080808080ull;
    size_t w = 0, i = a;
    for (; i + 8 <= b; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t ascii = ~x & top, lead = x & (x << 1) & top;
        /* 1 per ASCII byte, 2 per lead byte, summed over the bytes by one
         * multiply (at most 16: no carry between bytes); popcount is a
         * libgcc call on the baseline x86-64 this is built for */
        w += (size_t)((((ascii >> 7) + 2 * (lead >> 7)) * 0x0101010101010101ull) >> 56);
        for (size_t k = 0; ascii && k < 8; k++)
            w += narrowed((unsigned char)s[i + k]);
    }
    for (; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        w += c < 0x80 ? 1 + narrowed(c) : c >= 0xC0 ? 2 : 0;
    }
    return w;
}

static int starts(const char *s, size_t a, size_t b, const char *w) {
    size_t n = strlen(w);
    return b - a >= n && !memcmp(s + a, w, n);
}

/* A Chinese numeral of one character at s[a..b). */
static int cn_numeral(const char *s, size_t a, size_t b) {
    static const char *const N[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (a >= b || ((unsigned char)s[a] & 0xFE) != 0xE4) return 0; /* all ten lead E4 or E5 */
    for (size_t k = 0; k < sizeof N / sizeof N[0]; k++)
        if (starts(s, a, b, N[k])) return 1;
    return 0;
}

/* The line s[a..b) opens with a heading's number: 一、 (一) 1. 1、 (1) 第一. */
static int opens_heading(const char *s, size_t a, size_t b) {
    if (a < b && s[a] == '(') return 1; /* (一) (1): the normalizer narrowed （ */
    if (starts(s, a, b, "第") || starts(s, a, b, "●") || starts(s, a, b, "■")) return 1;
    size_t i = a;
    if (cn_numeral(s, i, b)) {
        while (i < b && cn_numeral(s, i, b))
            i += 3;
        return starts(s, i, b, "、") || starts(s, i, b, ".") || starts(s, i, b, "是");
    }
    while (i < b && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > a && i < b && (s[i] == '.' || s[i] == ')' || starts(s, i, b, "、"));
}

/* The line s[a..b) ends a sentence: 。 ! ? ; : (closing quotes and
 * brackets after it stripped). */
static int ends_sentence(const char *s, size_t a, size_t b) {
    while (b > a) {
        if (b - a >= 3 && (!memcmp(s + b - 3, "”", 3) || !memcmp(s + b - 3, "」", 3) ||
                           !memcmp(s + b - 3, "』", 3) || !memcmp(s + b - 3, "’", 3))) {
            b -= 3;
            continue;
        }
        if (s[b - 1] == ')' || s[b - 1] == '"') {
            b--;
            continue;
        }
        break;
    }
    if (b - a >= 3 && (!memcmp(s + b - 3, "。", 3) || !memcmp(s + b - 3, "…", 3))) return 1;
    return b > a && strchr("!?;:.", s[b - 1]) && s[b - 1];
}

/* A cheap first look, at line lengths in bytes only: the full lines of a
 * wrapped text fall within a few characters of each other (digits make a
 * line shorter in bytes, not in columns: a 40-byte window), and they are a
 * good share of the lines. Most texts fail it and are never read char by
 * char. */
static int maybe_wrapped(const char *s, size_t len) {
    enum { STEP = 8, LO = UNWRAP_MIN_WIDTH, HI = 3 * UNWRAP_MAX_WIDTH, WIN = 5 };
    uint32_t hist[HI / STEP + 1];
    memset(hist, 0, sizeof hist);
    size_t medium = 0, lo = HI / STEP, hi = 0; /* the buckets used */
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len, n = b - a;
        if (n >= LO && n <= HI) {
            hist[n / STEP]++, medium++;
            if (n / STEP < lo) lo = n / STEP;
            if (n / STEP > hi) hi = n / STEP;
        }
        a = b + 1;
    }
    if (medium < UNWRAP_MIN_FULL) return 0;
    /* a window holding none of the used buckets sums to 0: only those
     * from the first used one to WIN past the last are summed (the 151
     * steps over the whole histogram were most of the look at a short
     * text) */
    size_t best = 0, win = 0, end = hi + WIN < HI / STEP ? hi + WIN : HI / STEP;
    for (size_t j = lo; j <= end; j++) {
        win += hist[j];
        if (j >= WIN) win -= hist[j - WIN];
        if (win > best) best = win;
    }
    return best >= UNWRAP_MIN_FULL && best * 2 >= medium;
}

size_t zb_unwrap_width(const char *s, size_t len) {
    if (!maybe_wrapped(s, len)) return 0;
    /* widths of the lines that are no headings, counted per column */
    uint32_t hist[UNWRAP_MAX_WIDTH + 1];
    memset(hist, 0, sizeof hist);
    size_t wide = 0, wider = 0; /* lines of UNWRAP_MIN_WIDTH or more; over the histogram */
    size_t lo = UNWRAP_MAX_WIDTH, hi = UNWRAP_MIN_WIDTH; /* the widths used */
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        /* a char takes at most two bytes a column: a line of more bytes than
         * twice the widest width is wider, one of fewer than half the
         * narrowest is narrower, both without a look at its chars (most
         * lines of a report written one paragraph a line are the first) */
        if (b - a > 2 * UNWRAP_MAX_WIDTH) {
            wide++, wider++;
        } else if (b - a >= UNWRAP_MIN_WIDTH / 2) {
            size_t w = width_of(s, a, b);
            if (w >= UNWRAP_MIN_WIDTH && !opens_heading(s, a, b) && !is_row(s, a, b)) {
                wide++;
                if (w <= UNWRAP_MAX_WIDTH) {
                    hist[w]++;
                    if (w < lo) lo = w;
                    if (w > hi) hi = w;
                } else {
                    wider++;
                }
            }
        }
        a = b + 1;
    }
    if (wide < UNWRAP_MIN_FULL) return 0;
    /* the width whose window [w - SLACK, w] holds the most lines (windows
     * of no used width hold none: the count decides only from 4 lines on,
     * and a later empty window never passes a full one) */
    size_t best = 0, best_n = 0, win = 0;
    size_t end = hi + UNWRAP_SLACK < UNWRAP_MAX_WIDTH ? hi + UNWRAP_SLACK : UNWRAP_MAX_WIDTH;
    for (size_t w = lo; w <= end; w++) {
        win += hist[w];
        if (w >= UNWRAP_MIN_WIDTH + UNWRAP_SLACK + 1) win -= hist[w - UNWRAP_SLACK - 1];
        if (win >= best_n) best = w, best_n = win;
    }
    if (best_n < UNWRAP_MIN_FULL || best_n * 2 < wide) return 0;
    /* a wrapped text has (nearly) no line over its width */
    size_t over = wider;
    for (size_t w = best + 1; w <= hi; w++)
        over += hist[w];
    return over * 4 <= best_n ? best : 0;
}

size_t zb_unwrap(char *s, size_t len, uint32_t *off, zb_text_orig *orig, size_t n_orig) {
    size_t width = zb_unwrap_width(s, len);
    if (!width) return len;
    size_t o = 0, k = 0;
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        /* a justified line of the page's width holds fewer characters when
         * the layout spreads them (digits, brackets): a sixth short is full */
        int join = nl && b + 1 < len && width_of(s, a, b) + width / 6 >= width &&
                   !ends_sentence(s, a, b) && !is_row(s, a, b);
        if (join) {
            const char *nl2 = memchr(s + b + 1, '\n', len - b - 1);
            size_t b2 = nl2 ? (size_t)(nl2 - s) : len;
            join = !opens_heading(s, b + 1, b2) && !is_row(s, b + 1, b2);
        }
        size_t end = nl && !join ? b + 1 : b;       /* the line, and its '\n' when kept */
        for (; k < n_orig && orig[k].at < end; k++) /* sorted: shifted by the bytes gone */
            orig[k].at -= (uint32_t)(a - o);
        memmove(s + o, s + a, end - a);
        memmove(off + o, off + a, (end - a) * sizeof *off);
        o += end - a;
        a = b + 1;
    }
    off[o] = off[len];
    s[o] = '\0';
    return o;
}
