/* docfields_dates.c - publication date and the year a report covers. */
#include "docfields_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static int num(const char *s, size_t len, size_t *i, int maxd) {
    int v = 0, d = 0;
    while (*i < len && d < maxd && is_digit(s[*i]))
        v = v * 10 + (s[(*i)++] - '0'), d++;
    return d ? v : -1;
}

/* YYYY-MM-DD of a date already checked (years 1990-2100): snprintf's
 * setup costs more than the rest of a date's parse. */
static void put_date(char out[11], int y, int m, int d) {
    static const char f[] = "0000-00-00";
    memcpy(out, f, sizeof f);
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
    out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
    out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10);
}

/* Parses a date at s[i] (2022-03-15, 2022/3/15, 2022.03.15, 2022年3月15日);
 * writes YYYY-MM-DD to out and returns its length in s, or 0. */
size_t df_parse_date(const char *s, size_t len, size_t i, char out[11]) {
    size_t p = i;
    if (p > 0 && is_digit(s[p - 1])) return 0;
    int y = num(s, len, &p, 4), m, d;
    if (y < 1990 || y > 2100 || p - i != 4) return 0;
    int cn = starts(s + p, len - p, "年");
    if (cn)
        p += 3;
    else if (p < len && (s[p] == '-' || s[p] == '/' || s[p] == '.'))
        p++;
    else
        return 0;
    char sep = cn ? 0 : s[p - 1];
    if ((m = num(s, len, &p, 2)) < 1 || m > 12) return 0;
    if (cn ? !starts(s + p, len - p, "月") : (p >= len || s[p] != sep)) return 0;
    p += cn ? 3 : 1;
    if ((d = num(s, len, &p, 2)) < 1 || d > 31) return 0;
    if (cn && starts(s + p, len - p, "日")) p += 3;
    put_date(out, y, m, d);
    return p - i;
}

/* A Chinese numeral digit at s[i..) (〇 ○ 零 一 … 九): its value, with its
 * length in *n; -1 when none. */
static int cn_digit(const char *s, size_t len, size_t i, size_t *n) {
    static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const zero[] = {"○", "零", "Ｏ", "О"};
    for (int k = 0; k < 10; k++)
        if (starts(s + i, len - i, d[k])) return *n = strlen(d[k]), k;
    for (size_t k = 0; k < sizeof zero / sizeof *zero; k++)
        if (starts(s + i, len - i, zero[k])) return *n = strlen(zero[k]), 0;
    return -1;
}

/* A number from 1 to 39 in Chinese numerals at s[*i] (三, 十, 十二, 二十,
 * 三十一), as months and days are written; -1 when none. */
static int cn_small(const char *s, size_t len, size_t *i) {
    size_t n, p = *i;
    int v = 0, tens = cn_digit(s, len, p, &n);
    if (tens > 0 && tens <= 3 && starts(s + p + n, len - p - n, "十")) {
        p += n; /* 二十… */
    } else if (starts(s + p, len - p, "十")) {
        tens = 1;
    } else {
        if (tens <= 0) return -1;
        *i = p + n;
        return tens;
    }
    p += 3; /* 十 */
    v = tens * 10;
    int unit = cn_digit(s, len, p, &n);
    if (unit > 0) v += unit, p += n;
    *i = p;
    return v;
}

/* A year in Chinese numerals at s[i] (二〇二三年, 二○二四年): the year, with
 * the bytes up to 年's end in *end; 0 when none. */
static int cn_year_at(const char *s, size_t len, size_t i, size_t *end) {
    int y = 0;
    size_t p = i, n;
    for (int k = 0; k < 4; k++) {
        int v = cn_digit(s, len, p, &n);
        if (v < 0) return 0;
        y = y * 10 + v;
        p += n;
    }
    if (y < 1990 || y > 2100 || !starts(s + p, len - p, "年")) return 0;
    *end = p + 3;
    return y;
}

/* A date in Chinese numerals at s[i] (二〇二四年三月十五日, a signature):
 * writes YYYY-MM-DD to out and returns its length in s, or 0. */
static size_t cn_date_at(const char *s, size_t len, size_t i, char out[11]) {
    size_t p;
    int y = cn_year_at(s, len, i, &p), m, d;
    if (!y || (m = cn_small(s, len, &p)) < 1 || m > 12 || !starts(s + p, len - p, "月")) return 0;
    p += 3;
    if ((d = cn_small(s, len, &p)) < 1 || d > 31 || !starts(s + p, len - p, "日")) return 0;
    put_date(out, y, m, d);
    return p + 3 - i;
}

/* The first year in Chinese numerals in s[0..len) outside a line holding
 * only a date (a signature) and not a start point (二〇二一年以来); 0 when
 * none. Years so written are rare: 二 followed by a zero finds them. */
static int start_point(const zb_doc_cues *c, const char *s, size_t len, size_t i);
static int cn_first_year(const zb_doc_cues *c, const char *s, size_t len) {
    for (const char *p = df_find(s, len, "二", 3); p;
         p = df_find(p + 3, len - (size_t)(p + 3 - s), "二", 3)) {
        size_t i = (size_t)(p - s), e, n;
        char d[11];
        int y = cn_year_at(s, len, i, &e);
        if (!y) continue;
        n = cn_date_at(s, len, i, d);
        size_t b = line_start(s, i), le = line_end(s, len, i);
        if (n && le - b <= n + 60) continue;
        if (start_point(c, s, len, i)) continue;
        return y;
    }
    return 0;
}

/* The top bit of each of the eight bytes of x that is an ASCII digit (a
 * byte-parallel range test with no carries between bytes: bytes with the
 * top bit set never count). */
static inline uint64_t digit_bits(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, low7 = ones * 127;
    uint64_t t = x & low7;
    return (ones * (127 + '9' + 1) - t) & ~x & (t + ones * (127 - ('0' - 1))) & (ones * 128);
}

static inline int digits_push(df_digits *d, size_t i) {
    return zb_offsets_push(&d->v, &d->n, &d->cap, d->local, i);
}

void df_digits_init(df_digits *d) {
    d->v = d->local;
    d->n = 0;
    d->cap = DF_DIGITS_LOCAL;
}

int df_digits_find(const char *s, size_t len, df_digits *d) {
    df_digits_init(d);
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight bytes at a time: a run starts at a digit byte whose previous
     * byte (the next lower one, or the last of the previous word) is none */
    uint64_t prev = 0; /* digit bits of the previous word */
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t m = digit_bits(x);
        uint64_t starts = m & ~(m << 8 | prev >> 56);
        prev = m;
        for (; starts; starts &= starts - 1)
            if (digits_push(d, i + (size_t)(__builtin_ctzll(starts) >> 3))) return -1;
    }
#endif
    for (; i < len; i++)
        if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) && digits_push(d, i)) return -1;
    return 0;
}

void df_digits_free(df_digits *d) {
    /* cap stays DF_DIGITS_LOCAL while v is not df_digits_find's own */
    if (d->v != d->local && d->cap > DF_DIGITS_LOCAL) free(d->v);
    df_digits_init(d);
}

/* The first digit run starting at or after i. */
static size_t run_at(const df_digits *d, size_t i) {
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->v[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether a date can start at the digit run s[i..): four digits from 1 or
 * 2 (df_parse_date takes years 1990-2100 only); most runs are other
 * numbers, ruled out here without the call. */
static inline int may_be_date(const char *s, size_t len, size_t i) {
    return len - i >= 8 && (s[i] == '1' || s[i] == '2') && is_digit(s[i + 1]) &&
           is_digit(s[i + 2]) && is_digit(s[i + 3]);
}

/* First date within s[from..to) that follows a date label by at most 40
 * bytes. Dates are rare, so they are found first and the label checked. */
static int labelled_date(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d,
                         size_t from, size_t to, char out[11]) {
    for (size_t k = run_at(d, from); k < d->n && d->v[k] < to; k++) {
        size_t i = d->v[k];
        if (!may_be_date(s, len, i) || !df_parse_date(s, len, i, out)) continue;
        size_t w = i - from < 40 ? i - from : 40;
        if (df_has_cue(c, CUE_DATE, s + i - w, w)) return 0;
    }
    return -1;
}

/* A line s[b..e) that is little more than a date (a signature: 2022年3月15日):
 * its first date (a date stops at the line's end) is within 60 bytes of
 * the line's length and no clock word is there. */
/* Bytes of the longest date df_parse_date or cn_date_at reads: 二〇二四年
 * 十二月三十一日 with 3-byte digits, 12 + 3 + 9 + 3 + 9 + 3 (a numeric one
 * is at most 17: 2024年12月31日). */
#define DATE_MAX 39

/* A day-first date at s[i] (09.10.2016, as some sites print a page's date
 * over its text): YYYY-MM-DD to out and its length in s, or 0. Read only
 * on a line holding little else: in running text 1.2.2016 may be a
 * section number or a version. */
static size_t dmy_date(const char *s, size_t len, size_t i, char out[11]) {
    size_t p = i;
    if (p > 0 && (is_digit(s[p - 1]) || s[p - 1] == '.')) return 0;
    int d = num(s, len, &p, 2), m, y;
    if (d < 1 || d > 31 || p >= len || s[p++] != '.') return 0;
    if ((m = num(s, len, &p, 2)) < 1 || m > 12 || p >= len || s[p++] != '.') return 0;
    size_t yb = p;
    if ((y = num(s, len, &p, 4)) < 1990 || y > 2100 || p - yb != 4 ||
        (p < len && (is_digit(s[p]) || s[p] == '.')))
        return 0;
    put_date(out, y, m, d);
    return p - i;
}

static int date_line(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d, size_t b,
                     size_t e, char out[11]) {
    /* a line longer than any date and 60 bytes is none, whatever it holds */
    if (e - b > DATE_MAX + 60) return -1;
    size_t n = 0;
    for (size_t k = run_at(d, b); k < d->n && d->v[k] < e && !n; k++)
        n = may_be_date(s, len, d->v[k]) ? df_parse_date(s, len, d->v[k], out) : 0;
    /* or written in Chinese numerals (二〇二四年三月十五日) */
    for (const char *p = n ? NULL : df_find(s + b, e - b, "二", 3); p && !n;
         p = df_find(p + 3, e - (size_t)(p + 3 - s), "二", 3))
        n = cn_date_at(s, e, (size_t)(p - s), out);
    /* or day first, opening the line (09.10.2016  01:32) */
    size_t f = b;
    while (!n && f < e && s[f] == ' ')
        f++;
    if (!n && f < e && is_digit(s[f])) n = dmy_date(s, e, f, out);
    if (!n || e - b > n + 60) return -1;
    /* a site header's clock ("今天是2024年5月6日 星期一": a clock cue) dates
     * the crawl */
    for (size_t k = c->lo[CUE_CLOCK]; k < c->hi[CUE_CLOCK]; k++)
        if (df_find(s + b, e - b, c->cues[k].s, c->cues[k].len)) return -1;
    return 0;
}

int df_published(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d,
                 char out[11]) {
    /* a labelled date in the page's header or footer: 发布时间: 2022-03-15 */
    if (!labelled_date(c, s, len, d, 0, len < DATE_ZONE ? len : DATE_ZONE, out)) return 0;
    if (len > DATE_ZONE &&
        !labelled_date(c, s, len, d, len - DATE_ZONE > DATE_ZONE ? len - DATE_ZONE : DATE_ZONE, len,
                       out))
        return 0;
    /* else a line holding only a date, near the top or the bottom (the
     * lines before top were looked at from the top already: a short page is
     * not read twice) */
    size_t n = 0, top = 0;
    for (; top < len && n < 10;) {
        size_t e = line_end(s, len, top);
        if (e > top && !date_line(c, s, len, d, top, e, out)) return 0;
        n += e > top;
        top = e + 1;
    }
    n = 0;
    for (size_t e = len; e > 0 && n < 10 && e >= top;) {
        size_t b = line_start(s, e);
        if (e > b && !date_line(c, s, len, d, b, e, out)) return 0;
        n += e > b;
        e = b ? b - 1 : 0;
    }
    return -1;
}

int zb_docfields_published(const zb_doc_cues *c, const char *s, size_t len, char out[11]) {
    if (!c || !s) return -1;
    df_digits d;
    if (df_digits_find(s, len, &d)) {
        df_digits_free(&d);
        return -1; /* out of memory: no date */
    }
    int rc = df_published(c, s, len, &d, out);
    df_digits_free(&d);
    return rc;
}

/* Whether a cue of kind k (config/years.tsv) ends right at s[i], standing
 * just before it. The lists are a few short words: compared in turn. */
static int cue_before(const zb_doc_cues *c, cue_kind k, const char *s, size_t i) {
    for (size_t j = c->lo[k]; j < c->hi[k]; j++) {
        const doc_cue *q = &c->cues[j];
        if (i >= q->len && !memcmp(s + i - q->len, q->s, q->len)) return 1;
    }
    return 0;
}

/* Whether a cue of kind k starts at s[i] (i <= len). */
static int cue_after(const zb_doc_cues *c, cue_kind k, const char *s, size_t len, size_t i) {
    for (size_t j = c->lo[k]; j < c->hi[k]; j++) {
        const doc_cue *q = &c->cues[j];
        if (len - i >= q->len && !memcmp(s + i, q->s, q->len)) return 1;
    }
    return 0;
}

/* Whether a cue of kind k is anywhere in s[0..len). */
static int cue_in(const zb_doc_cues *c, cue_kind k, const char *s, size_t len) {
    for (size_t j = c->lo[k]; j < c->hi[k]; j++)
        if (df_find(s, len, c->cues[j].s, c->cues[j].len)) return 1;
    return 0;
}

/* Bytes of "YYYY年" at s[i]: 7, or 8 with one space before 年 (text taken
 * from PDFs: "2025 年度"); 0 when there is none. */
static size_t year_len(const char *s, size_t len, size_t i) {
    if (i + 7 > len) return 0;
    for (int k = 0; k < 4; k++)
        if (!is_digit(s[i + k])) return 0;
    if (starts(s + i + 4, len - i - 4, "年")) return 7;
    if (s[i + 4] == ' ' && starts(s + i + 5, len - i - 5, "年")) return 8;
    return 0;
}

/* A year written as YYYY年 at s[i], not part of a range (2021-2025年,
 * 2021年至2025年: range cues) nor of a longer number; 0 otherwise. */
int df_year_at(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    if (i > 0 && is_digit(s[i - 1])) return 0;
    size_t yl = year_len(s, len, i);
    if (!yl) return 0;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    if (y < 1990 || y > 2100) return 0;
    /* the end of a range (2021至2025年), but 截至2019年底 is a point in time */
    if (cue_before(c, CUE_RANGE_BEFORE, s, i) && !cue_before(c, CUE_POINT, s, i)) return 0;
    if (cue_after(c, CUE_RANGE_AFTER, s, len, i + yl)) return 0;
    return y;
}

/* The year at i starts a date on a line that holds little else (a signature
 * or publication date): it dates the page, not the year covered. */
static int on_date_line(const char *s, size_t len, size_t i) {
    char d[11];
    size_t n = df_parse_date(s, len, i, d);
    if (!n) return 0;
    size_t b = line_start(s, i), e = line_end(s, len, i);
    return e - b <= n + 60;
}

/* The year at i (YYYY年) is where a period starts, not the year covered:
 * 2021年以来 / 2021年起 / 2021年开始 / 2021年1月起, or 自(从)2021年 (the
 * start cues). */
static int start_point(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    if (cue_before(c, CUE_START_BEFORE, s, i)) return 1;
    size_t p = i + year_len(s, len, i);                 /* after YYYY年 */
    if (p == i && !cn_year_at(s, len, i, &p)) return 0; /* 二〇二一年以来 */
    /* a month (and day) may come between: 2021年3月起, 2012年6月份以来 */
    for (size_t k = 0; k < 2 && p < len && is_digit(s[p]); k++) {
        while (p < len && is_digit(s[p]))
            p++;
        if (starts(s + p, len - p, "月") || starts(s + p, len - p, "日"))
            p += 3;
        else
            return 0;
        if (starts(s + p, len - p, "份")) p += 3;
    }
    if (starts(s + p, len - p, "度")) p += 3;
    return cue_after(c, CUE_START_AFTER, s, len, p);
}

/* How often each year was seen (a page names a handful: a short list,
 * nothing to clear per call). */
typedef struct {
    int year[111]; /* 1990..2100, the years df_year_at takes */
    unsigned n_seen[111];
    int n;
} year_counts;

static void count_year(year_counts *c, int y) {
    for (int k = 0; k < c->n; k++)
        if (c->year[k] == y) {
            c->n_seen[k]++;
            return;
        }
    c->year[c->n] = y;
    c->n_seen[c->n++] = 1;
}

/* The year seen most often, the earliest among equals; 0 when none. */
static int most_frequent(const year_counts *c) {
    int mode = 0;
    unsigned best = 0;
    for (int k = 0; k < c->n; k++)
        if (c->n_seen[k] > best || (c->n_seen[k] == best && c->year[k] < mode))
            best = c->n_seen[k], mode = c->year[k];
    return mode;
}

/* One year y found at s[i] outside 《titles》, for scan_years and
 * scan_year_runs: a start point (2021年以来) goes to *start and raises
 * min_year; any other year in range is the first one or counted. */
typedef struct {
    const zb_doc_cues *c;
    int min_year, max_year;
    int *first, *start;
    year_counts counts;
} year_scan;

static void take_year(year_scan *ys, const char *s, size_t len, size_t i, int y) {
    if (on_date_line(s, len, i)) return;
    if (start_point(ys->c, s, len, i)) {
        if (!*ys->start) *ys->start = y;
        if (y > ys->min_year) ys->min_year = y;
        return;
    }
    /* 较2021年 / 比2021年: the base of a comparison, a year before the
     * report's (a text naming no other year has none) */
    if (cue_before(ys->c, CUE_COMPARE, s, i)) {
        if (y + 1 > ys->min_year) ys->min_year = y + 1;
        return;
    }
    if (y < ys->min_year) return;
    if (!*ys->first) *ys->first = y;
    if (!ys->max_year || y <= ys->max_year) count_year(&ys->counts, y);
}

/* Years in s[0..len) outside 《titles》: the first one, and the most frequent
 * one in [min_year, max_year] (0 = no bound). A start point (2021年以来) is
 * neither, but the first one goes to *start and raises min_year: a text
 * about the time since 2022 that mentions 2021年度 speaks of the past. */
static void scan_years(const zb_doc_cues *c, const char *s, size_t len, int min_year, int max_year,
                       int *first, int *mode, int *start) {
    year_scan ys = {
        .c = c, .min_year = min_year, .max_year = max_year, .first = first, .start = start};
    int depth = 0;
    *first = *mode = *start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE3) { /* the lead byte of 《 and 》 */
            if (starts(s + i, len - i, "《"))
                depth++;
            else if (starts(s + i, len - i, "》") && depth > 0)
                depth--;
            continue;
        }
        if (c == '\n') depth = 0;
        int y = depth || !is_digit(s[i]) ? 0 : df_year_at(ys.c, s, len, i);
        if (y) take_year(&ys, s, len, i, y);
    }
    *mode = most_frequent(&ys.counts);
}

/* 《 / 》 nesting after s[from..to), starting at depth (reset at line ends):
 * bytes before the last line break are skipped, and only the lead byte of
 * 《 and 》 (E3) is looked at. */
static int depth_after(const char *s, size_t len, size_t from, size_t to, int depth) {
    for (size_t i = to; i > from; i--)
        if (s[i - 1] == '\n') {
            from = i, depth = 0;
            break;
        }
    for (const char *p; from < to && (p = memchr(s + from, 0xE3, to - from));
         from = (size_t)(p - s) + 1) {
        size_t i = (size_t)(p - s);
        if (starts(s + i, len - i, "《"))
            depth++;
        else if (starts(s + i, len - i, "》") && depth > 0)
            depth--;
    }
    return depth;
}

/* scan_years over s[0..len), a part of a page starting at page offset base
 * where no digit run is cut (base 0, or a line's first non-blank byte), by
 * the page's digit runs d (of the page, or of the page it is a blanked copy
 * of): the same years, without a pass over every byte. */
static void scan_year_runs(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d,
                           size_t base, int min_year, int max_year, int *first, int *mode,
                           int *start) {
    year_scan ys = {
        .c = c, .min_year = min_year, .max_year = max_year, .first = first, .start = start};
    int depth = 0;
    size_t pos = 0; /* depth holds for s[0..pos) */
    *first = *mode = *start = 0;
    for (size_t k = run_at(d, base); k < d->n && d->v[k] < base + len; k++) {
        size_t i = d->v[k] - base;
        int y = is_digit(s[i]) ? df_year_at(c, s, len, i) : 0;
        if (!y) continue;
        depth = depth_after(s, len, pos, i, depth);
        pos = i;
        if (!depth) take_year(&ys, s, len, i, y);
    }
    *mode = most_frequent(&ys.counts);
}

/* Start of the report text: the first line long enough to be a paragraph and
 * written in sentences (a menu of names is neither), and not the addressee
 * line of a circular (各区县人民政府,市人民政府各部门,各有关单位:). */
size_t df_opening_start(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        size_t e = line_end(s, len, i);
        const char *l = s + i;
        size_t n = e - i;
        df_trim(&l, &n);
        int addressee = starts(l, n, "各") && l[n - 1] == ':';
        if (n >= OPENING_MIN && !addressee && (memchr(l, ',', n) || df_find(l, n, "。", 3)))
            return (size_t)(l - s);
        i = e + 1;
    }
    return 0;
}

#define VOLUME_LINE_MAX 60 /* bytes: 内蒙古年鉴2022卷 */

/* A yearbook's volume line (2022卷, 某某年鉴2022卷) on a page of its own:
 * a yearbook volume records the year before its number. 0 when none. */
static int yearbook_volume(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len, n = e - i;
        while (n && s[i + n - 1] == ' ')
            n--;
        if (n >= 7 && n <= VOLUME_LINE_MAX && !memcmp(s + i + n - 3, "卷", 3) &&
            (n == 7 || !is_digit(s[i + n - 8]))) {
            int y = 0, k = 0;
            while (k < 4 && is_digit(s[i + n - 7 + k]))
                y = y * 10 + (s[i + n - 7 + k] - '0'), k++;
            if (k == 4 && y > 1990 && y <= 2100) return y - 1;
        }
        i = e + 1;
    }
    return 0;
}

/* The year of a report quoted in a title (【解读】《某区关于2024年法治政府建设
 * 情况的报告》文件解读: a page about the report): the first year in a 《》
 * holding 报告 or 总结; 0 when none. */
static int quoted_report_year(const zb_doc_cues *c, const char *t, size_t n, const char *topic) {
    for (const char *a = df_find(t, n, "《", 3); a; a = df_find(a, n - (size_t)(a - t), "《", 3)) {
        a += 3;
        const char *b = df_find(a, n - (size_t)(a - t), "》", 3);
        size_t m = b ? (size_t)(b - a) : n - (size_t)(a - t);
        if ((df_find(a, m, "报告", 6) || df_find(a, m, "总结", 6)) &&
            (!topic || df_find(a, m, topic, strlen(topic))))
            for (size_t i = 0; i < m; i++) {
                int y = is_digit(a[i]) ? df_year_at(c, a, m, i) : 0;
                if (y && !start_point(c, a, m, i)) return y;
            }
        if (!b) break;
        a = b;
    }
    return 0;
}

/* A year without 年 in a title: 4 digits (1990-2100) standing alone, as in
 * 法治政府建设年度报告(2023) or 某县2023法治政府建设报告; not a range
 * (2021-2025), not a document number (〔2023〕5号, [2023]) nor part of a
 * longer number. 0 when none. */
static int bare_title_year(const zb_doc_cues *c, const char *t, size_t n) {
    for (size_t i = 0; i + 4 <= n; i++) {
        if (!is_digit(t[i]) || (i && is_digit(t[i - 1]))) continue;
        size_t e = i;
        while (e < n && is_digit(t[e]))
            e++;
        int y = atoi(t + i), bad = e - i != 4 || y < 1990 || y > 2100;
        /* the title-near cues: a range, a document number, a date; 年 too
         * (YYYY年 was looked at, and maybe refused: 《2023年工作要点》) */
        bad = bad || cue_after(c, CUE_TITLE_NEAR, t, n, e) || cue_before(c, CUE_TITLE_NEAR, t, i);
        if (!bad) return y;
        i = e;
    }
    return 0;
}

/* The first year in s[0..len) (page offset base) that opens a clause the
 * way a report opens on its year: 2023年, / 2023年度, at a line or
 * sentence start. 0 when none. */
static int clause_year(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d,
                       size_t base) {
    for (size_t k = run_at(d, base); k < d->n && d->v[k] < base + len; k++) {
        size_t i = d->v[k] - base;
        int y = is_digit(s[i]) ? df_year_at(c, s, len, i) : 0;
        if (!y) continue;
        size_t p = i + year_len(s, len, i);
        if (starts(s + p, len - p, "度")) p += 3;
        if (p >= len || s[p] != ',') continue;
        int at_start = i == 0 || s[i - 1] == '\n' || s[i - 1] == ' ' ||
                       (i >= 3 && (!memcmp(s + i - 3, "。", 3) || !memcmp(s + i - 3, "】", 3)));
        if (at_start) return y;
    }
    return 0;
}

/* The text s[0..len) opens on the start point y (2023年以来,在区委…): a
 * report written about the time since that year's start. A press item
 * names its start point further in (记者获悉,2019年以来…今年以来). */
static int opens_on_start(const zb_doc_cues *c, const char *s, size_t len, int y) {
    return y && df_year_at(c, s, len, 0) == y && start_point(c, s, len, 0);
}

int df_year(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d, size_t o,
            const char *title, const zb_region_scan *title_hits, const char *published) {
    int published_year = published ? atoi(published) : 0;
    int month = published && strlen(published) >= 7 ? atoi(published + 5) : 0;
    int first = 0, mode = 0, start = 0, since = 0;
    if (title) {
        if (title_hits) { /* the digit runs the title's scan recorded */
            df_digits td;
            df_digits_init(&td);
            td.v = title_hits->digit, td.n = title_hits->n_digit;
            scan_year_runs(c, title, strlen(title), &td, 0, 0, 0, &first, &mode, &start);
        } else {
            scan_years(c, title, strlen(title), 0, 0, &first, &mode, &start);
        }
        if (!first) first = quoted_report_year(c, title, strlen(title), NULL);
        if (!first) first = cn_first_year(c, title, strlen(title));
        if (!first) first = bare_title_year(c, title, strlen(title));
        if (first && (!published_year || first <= published_year)) return first;
    }
    size_t span = len - o < OPENING_SPAN ? len - o : OPENING_SPAN;
    scan_year_runs(c, s + o, span, d, o, 0, 0, &first, &mode, &since);
    if (!first && !since) first = cn_first_year(c, s + o, span);
    int lead = first ? clause_year(c, s + o, span, d, o) : 0;
    if (lead && lead != first && (!published_year || lead <= published_year)) first = lead;
    /* a news item about a report (3月5日,区政府常务会议审议《2023年度法治政府
     * 建设情况报告》…) opens on no year of its own: the quoted report's */
    int quoted = first && !lead ? quoted_report_year(c, s + o, span, "法治") : 0;
    if (quoted && (!published_year || quoted <= published_year)) first = quoted;
    if (first && (!published_year || first <= published_year)) return first;
    scan_year_runs(c, s, len, d, 0, since, published_year, &first, &mode, &start);
    if (mode) return mode;
    int volume = yearbook_volume(s, len);
    if (volume) return volume;
    /* annual reports come out in the first months of the next year; a late
     * one (October on) speaks of its own year, and so does a progress report
     * from April on that counts 今年以来 / 今年上半年 (the year under way) */
    if (published_year)
        return month >= 10 || (month >= 4 && cue_in(c, CUE_SO_FAR, s, len)) ? published_year
                                                                            : published_year - 1;
    /* only a start point (2022年以来): the year covered when the text does
     * not also speak of 今年 (then the start lies before the year written
     * about, which the text does not name), or when the text opens on it
     * (2023年以来,…今年上半年…: 今年 is that year) */
    if (start && !cue_in(c, CUE_THIS_YEAR, s, len)) return start;
    if (opens_on_start(c, s + o, len - o, since)) return since;
    return 0;
}

int zb_docfields_year(const zb_doc_cues *c, const char *s, size_t len, const char *title,
                      const char *published) {
    df_digits d;
    int y = df_digits_find(s, len, &d)
                ? 0
                : df_year(c, s, len, &d, df_opening_start(s, len), title, NULL, published);
    df_digits_free(&d);
    return y;
}
