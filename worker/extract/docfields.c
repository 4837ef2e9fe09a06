/* docfields.c - title, report_year, published_date, region and issuer of a
 * report. See docfields.h. The rules are general: cue words come from
 * config/chrome.tsv and config/regions.issuers.tsv. */
#include "docfields.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUE_MAX_FILE (1u << 20)
#define CHROME_LINE_MAX 200 /* a chrome line is short; long lines are report text */
#define TITLE_LINE_MAX 240
#define TITLE_SCAN_LINES 40
#define OPENING_MIN 60   /* bytes: the first line this long starts the report text */
#define OPENING_SPAN 600 /* bytes of the opening searched for year and issuer */
#define HEAD_SPAN 1500   /* bytes where region mentions weigh double */
#define MAX_MENTIONS 512
#define SIGNATURE_MAX 90 /* bytes: a signature line is a name, maybe with a date */
#define DATE_ZONE 4096   /* bytes at the top and bottom of a page where its date is */

typedef enum { CUE_CHROME, CUE_DATE, CUE_TITLE, CUE_GOV, CUE_DEPT } cue_kind;

typedef struct {
    cue_kind kind;
    const char *s;
    size_t len;
    uint32_t head; /* first (up to) three bytes, compared before the whole cue */
} doc_cue;

static uint32_t head3(const char *p, size_t n) {
    uint32_t h = 0;
    memcpy(&h, p, n < 3 ? n : 3);
    return h;
}

#define N_CUE_KINDS 5

struct zb_doc_cues {
    char *text[2];
    doc_cue *cues; /* sorted by kind, then longest first */
    size_t n;
    size_t lo[N_CUE_KINDS], hi[N_CUE_KINDS]; /* the cues of each kind */
    uint8_t issuer_first[8192];              /* bit per code point that starts an issuer ending */
    uint8_t first[N_CUE_KINDS][8192];        /* the same for the cues of each kind */
};

/* Code point of a 3-byte UTF-8 sequence (every cue starts with a CJK char). */
static uint32_t cp3(const unsigned char *p) {
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

static int cmp_cue(const void *a, const void *b) {
    const doc_cue *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return x->len > y->len ? -1 : x->len < y->len;
}

/* Groups the cues by kind and indexes the issuer endings' first characters. */
static void index_cues(zb_doc_cues *c) {
    qsort(c->cues, c->n, sizeof *c->cues, cmp_cue);
    for (int k = 0; k < N_CUE_KINDS; k++)
        c->lo[k] = c->hi[k] = 0;
    for (size_t i = c->n; i-- > 0;)
        c->lo[c->cues[i].kind] = i;
    for (size_t i = 0; i < c->n; i++)
        c->hi[c->cues[i].kind] = i + 1;
    for (size_t i = 0; i < c->n; i++) {
        const doc_cue *q = &c->cues[i];
        const unsigned char *p = (const unsigned char *)q->s;
        uint32_t cp = p[0] < 0x80 ? p[0] : q->len >= 3 && (p[0] & 0xF0) == 0xE0 ? cp3(p) : 0;
        c->first[q->kind][cp >> 3] |= (uint8_t)(1u << (cp & 7));
        if (q->kind == CUE_GOV || q->kind == CUE_DEPT)
            c->issuer_first[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    }
}

/* ---- loading ---- */

static char *slurp(const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errlen, "%s: %s", path, strerror(errno)), NULL;
    char *buf = malloc(CUE_MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, CUE_MAX_FILE + 1, f) : 0;
    int bad = ferror(f) || n > CUE_MAX_FILE;
    fclose(f);
    if (!buf || bad) {
        snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory" : "unreadable or too large");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static int kind_of(const char *s, cue_kind *k) {
    static const char *const names[] = {"chrome", "date", "title", "government", "department"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) return *k = (cue_kind)i, 0;
    return -1;
}

/* Parses kind<TAB>phrase lines of text into c->cues. */
static int parse_cues(zb_doc_cues *c, char *text, const char *file, char *err, size_t errlen) {
    char *line = text;
    for (size_t ln = 1; line; ln++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (nl && nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (*line && *line != '#') {
            char *tab = strchr(line, '\t');
            doc_cue *q = &c->cues[c->n];
            if (tab) *tab = '\0';
            if (!tab || !tab[1] || kind_of(line, &q->kind))
                return snprintf(err, errlen, "%s:%zu: expected kind<TAB>phrase", file, ln), -1;
            q->s = tab + 1;
            q->len = strlen(q->s);
            q->head = head3(q->s, q->len);
            c->n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static size_t count_lines(const char *t) {
    size_t n = 1;
    for (; *t; t++)
        n += *t == '\n';
    return n;
}

zb_doc_cues *zb_doc_cues_load(const char *config_dir, char *err, size_t errlen) {
    static const char *const files[] = {"chrome.tsv", "regions.issuers.tsv"};
    char path[4096];
    zb_doc_cues *c = calloc(1, sizeof *c);
    if (!c) return snprintf(err, errlen, "doc cues: out of memory"), NULL;
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", config_dir, files[i]);
        if (!(c->text[i] = slurp(path, err, errlen))) goto fail;
    }
    c->cues = calloc(count_lines(c->text[0]) + count_lines(c->text[1]), sizeof *c->cues);
    if (!c->cues) {
        snprintf(err, errlen, "doc cues: out of memory");
        goto fail;
    }
    for (int i = 0; i < 2; i++)
        if (parse_cues(c, c->text[i], files[i], err, errlen)) goto fail;
    index_cues(c);
    return c;
fail:
    zb_doc_cues_free(c);
    return NULL;
}

void zb_doc_cues_free(zb_doc_cues *c) {
    if (!c) return;
    free(c->text[0]);
    free(c->text[1]);
    free(c->cues);
    free(c);
}

/* ---- small text helpers ---- */

/* Whether s[0..len) starts with p; the first byte is tested inline because
 * this runs at nearly every position of a page. */
static int starts(const char *s, size_t len, const char *p) {
    size_t n = strlen(p);
    return len >= n && s[0] == p[0] && !memcmp(s, p, n);
}

/* First occurrence of p in s[0..len). Haystacks are mostly short lines, where
 * memmem's setup costs more than the search: this jumps with memchr on the
 * needle's last byte (the most varied byte of a UTF-8 character). */
static const char *find(const char *s, size_t len, const char *p, size_t plen) {
    if (plen == 0 || plen > len) return NULL;
    const char last = p[plen - 1];
    for (const char *q = s + plen - 1, *end = s + len; q < end; q++) {
        q = memchr(q, last, (size_t)(end - q));
        if (!q) return NULL;
        if (!memcmp(q - (plen - 1), p, plen - 1)) return q - (plen - 1);
    }
    return NULL;
}

/* Whether s[0..len) contains a cue of kind k: one pass over the characters,
 * comparing cues only where one of them can start. */
static int has_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t len) {
    const uint8_t *first = c->first[k];
    for (size_t i = 0; i < len; i++) {
        const unsigned char *p = (const unsigned char *)s + i;
        uint32_t cp;
        if (p[0] < 0x80)
            cp = p[0];
        else if ((p[0] & 0xF0) == 0xE0 && len - i >= 3)
            cp = cp3(p);
        else
            continue;
        if (!(first[cp >> 3] & (1u << (cp & 7)))) continue;
        uint32_t h = head3((const char *)p, len - i);
        for (size_t j = c->lo[k]; j < c->hi[k]; j++) {
            const doc_cue *q = &c->cues[j];
            if (q->head == (q->len < 3 ? head3((const char *)p, q->len) : h) && q->len <= len - i &&
                !memcmp(p, q->s, q->len))
                return 1;
        }
    }
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t line_end(const char *s, size_t len, size_t i) {
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) : len;
}

static int is_chrome_line(const zb_doc_cues *c, const char *s, size_t len) {
    return len < CHROME_LINE_MAX && has_cue(c, CUE_CHROME, s, len);
}

/* A short line that is mostly a list of place names (a site's menu of its
 * districts: "上城区 | 拱墅区 | 西湖区 | 滨江区"). */
static int is_place_menu(const zb_gazetteer *g, const char *l, size_t n) {
    zb_region_mention m[64];
    size_t nm = zb_region_mentions(g, l, n, m, 64), named = 0, distinct = 0, last = (size_t)-1;
    for (size_t k = 0; k < nm; k++)
        if (m[k].start != last) {
            named += m[k].end - m[k].start;
            distinct++;
            last = m[k].start;
        }
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += l[i] != ' ' && l[i] != '|' && l[i] != '\t';
    return distinct >= 3 && named * 10 >= text * 6;
}

/* A copy of s with chrome lines blanked (same length, so offsets hold). */
static char *strip_chrome(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len) {
    char *t = malloc(len + 1);
    if (!t) return NULL;
    memcpy(t, s, len);
    t[len] = '\0';
    for (size_t i = 0; i < len;) {
        size_t e = line_end(s, len, i);
        if (is_chrome_line(c, s + i, e - i) ||
            (g && e - i < CHROME_LINE_MAX && is_place_menu(g, s + i, e - i)))
            memset(t + i, ' ', e - i);
        i = e + 1;
    }
    return t;
}

/* Trims spaces, table pipes and ideographic spaces at both ends. */
static void trim(const char **s, size_t *len) {
    for (;;) {
        if (*len && (**s == ' ' || **s == '|' || **s == '\t' || **s == '\r')) {
            (*s)++, (*len)--;
        } else if (starts(*s, *len, "\xe3\x80\x80")) {
            *s += 3, *len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        char e = *len ? (*s)[*len - 1] : 0;
        if (e == ' ' || e == '|' || e == '\t' || e == '\r')
            (*len)--;
        else if (*len >= 3 && !memcmp(*s + *len - 3, "\xe3\x80\x80", 3))
            *len -= 3;
        else
            break;
    }
}

static char *dupn(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- dates ---- */

static int num(const char *s, size_t len, size_t *i, int maxd) {
    int v = 0, d = 0;
    while (*i < len && d < maxd && is_digit(s[*i]))
        v = v * 10 + (s[(*i)++] - '0'), d++;
    return d ? v : -1;
}

/* Parses a date at s[i] (2022-03-15, 2022/3/15, 2022.03.15, 2022年3月15日);
 * writes YYYY-MM-DD to out and returns its length in s, or 0. */
static size_t parse_date(const char *s, size_t len, size_t i, char out[11]) {
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
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return p - i;
}

/* A line that is little more than a date (a signature: 2022年3月15日). */
static int date_line(const char *s, size_t len, char out[11]) {
    /* a site header's clock ("今天是2024年5月6日 星期一") dates the crawl */
    static const char *const clock[] = {"星期", "今天", "今日", "农历", "周一", "周日"};
    for (size_t k = 0; k < sizeof clock / sizeof *clock; k++)
        if (find(s, len, clock[k], strlen(clock[k]))) return -1;
    for (size_t i = 0; i < len; i++) {
        size_t n = is_digit(s[i]) ? parse_date(s, len, i, out) : 0;
        if (n) return len <= n + 60 ? 0 : -1;
    }
    return -1;
}

/* First date within s[from..to) that follows a date label by at most 40
 * bytes. Dates are rare, so they are found first and the label checked. */
static int labelled_date(const zb_doc_cues *c, const char *s, size_t len, size_t from, size_t to,
                         char out[11]) {
    for (size_t i = from; i < to; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])) || !parse_date(s, len, i, out))
            continue;
        size_t w = i - from < 40 ? i - from : 40;
        if (has_cue(c, CUE_DATE, s + i - w, w)) return 0;
    }
    return -1;
}

int zb_docfields_published(const zb_doc_cues *c, const char *s, size_t len, char out[11]) {
    if (!c || !s) return -1;
    /* a labelled date in the page's header or footer: 发布时间: 2022-03-15 */
    if (!labelled_date(c, s, len, 0, len < DATE_ZONE ? len : DATE_ZONE, out)) return 0;
    if (len > DATE_ZONE &&
        !labelled_date(c, s, len, len - DATE_ZONE > DATE_ZONE ? len - DATE_ZONE : DATE_ZONE, len,
                       out))
        return 0;
    /* else a line holding only a date, near the top or the bottom */
    size_t n = 0;
    for (size_t i = 0; i < len && n < 10;) {
        size_t e = line_end(s, len, i);
        if (e > i && !date_line(s + i, e - i, out)) return 0;
        n += e > i;
        i = e + 1;
    }
    n = 0;
    for (size_t e = len; e > 0 && n < 10;) {
        size_t b = e;
        while (b > 0 && s[b - 1] != '\n')
            b--;
        if (e > b && !date_line(s + b, e - b, out)) return 0;
        n += e > b;
        e = b ? b - 1 : 0;
    }
    return -1;
}

/* ---- report year ---- */

/* A year written as YYYY年 at s[i], not part of a range (2021-2025年,
 * 2021年至2025年) nor of a longer number; 0 otherwise. */
static int year_at(const char *s, size_t len, size_t i) {
    if (i + 7 > len || (i > 0 && is_digit(s[i - 1]))) return 0;
    for (int k = 0; k < 4; k++)
        if (!is_digit(s[i + k])) return 0;
    if (!starts(s + i + 4, len - i - 4, "年")) return 0;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    if (y < 1990 || y > 2100) return 0;
    if (i > 0 && (s[i - 1] == '-' || s[i - 1] == '~')) return 0;
    if (i >= 3 &&
        (!memcmp(s + i - 3, "—", 3) || !memcmp(s + i - 3, "至", 3) || !memcmp(s + i - 3, "–", 3)))
        return 0;
    if (starts(s + i + 7, len - i - 7, "至") || starts(s + i + 7, len - i - 7, "-")) return 0;
    return y;
}

/* The year at i starts a date on a line that holds little else (a signature
 * or publication date): it dates the page, not the year covered. */
static int on_date_line(const char *s, size_t len, size_t i) {
    char d[11];
    size_t n = parse_date(s, len, i, d);
    if (!n) return 0;
    size_t b = i, e = line_end(s, len, i);
    while (b > 0 && s[b - 1] != '\n')
        b--;
    return e - b <= n + 60;
}

/* Years in s[0..len) outside 《titles》: the first one, and the most frequent
 * one at or below max_year (0 = no bound). */
static void scan_years(const char *s, size_t len, int max_year, int *first, int *mode) {
    enum { LO = 1990, N = 111 };
    unsigned counts[N] = {0};
    int depth = 0;
    *first = *mode = 0;
    for (size_t i = 0; i < len; i++) {
        if (starts(s + i, len - i, "《"))
            depth++;
        else if (starts(s + i, len - i, "》") && depth > 0)
            depth--;
        else if (s[i] == '\n')
            depth = 0;
        int y = depth || !is_digit(s[i]) ? 0 : year_at(s, len, i);
        if (!y || on_date_line(s, len, i)) continue;
        if (!*first) *first = y;
        if (!max_year || y <= max_year) counts[y - LO]++;
    }
    unsigned best = 0;
    for (int k = 0; k < N; k++)
        if (counts[k] > best) best = counts[k], *mode = LO + k;
}

/* Start of the report text: the first line long enough to be a paragraph and
 * written in sentences (a menu of names is neither). */
static size_t opening_start(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        size_t e = line_end(s, len, i);
        const char *l = s + i;
        size_t n = e - i;
        trim(&l, &n);
        if (n >= OPENING_MIN && (memchr(l, ',', n) || find(l, n, "。", 3))) return (size_t)(l - s);
        i = e + 1;
    }
    return 0;
}

int zb_docfields_year(const char *s, size_t len, const char *title, const char *published) {
    int published_year = published ? atoi(published) : 0;
    int month = published && strlen(published) >= 7 ? atoi(published + 5) : 0;
    int first = 0, mode = 0;
    if (title) {
        scan_years(title, strlen(title), 0, &first, &mode);
        if (first && (!published_year || first <= published_year)) return first;
    }
    size_t o = opening_start(s, len);
    size_t span = len - o < OPENING_SPAN ? len - o : OPENING_SPAN;
    scan_years(s + o, span, 0, &first, &mode);
    if (first && (!published_year || first <= published_year)) return first;
    scan_years(s, len, published_year, &first, &mode);
    if (mode) return mode;
    /* annual reports come out in the first months of the next year; a late
     * one (October on) speaks of its own year */
    if (!published_year) return 0;
    return month >= 10 ? published_year : published_year - 1;
}

/* ---- title ---- */

/* The part of an HTML <title> that names the report ("XX区2021年法治政府建设
 * 年度报告_通知公告_XX区人民政府" -> the first part). */
static char *title_from_html(const zb_doc_cues *c, const char *t) {
    static const char *const seps[] = {"_", " - ", "|", "——", " -- ", "－"};
    size_t len = strlen(t);
    for (size_t i = 0; i < len;) {
        size_t e = len, w = 0;
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
            const char *p = find(t + i, len - i, seps[k], strlen(seps[k]));
            if (p && (size_t)(p - t) < e) e = (size_t)(p - t), w = strlen(seps[k]);
        }
        const char *part = t + i;
        size_t n = e - i;
        trim(&part, &n);
        if (n && has_cue(c, CUE_TITLE, part, n)) return dupn(part, n);
        i = e + w;
        if (!w) break;
    }
    return NULL;
}

/* A line opening with a heading number (一、 / (一) / 1.) is a section
 * heading, not the title. */
static int starts_with_marker(const char *l, size_t n) {
    static const char *const cn = "一二三四五六七八九十";
    size_t i = 0;
    while (i + 3 <= n && find(cn, strlen(cn), l + i, 3))
        i += 3;
    if (i && starts(l + i, n - i, "、")) return 1;
    if (n && (l[0] == '(' || starts(l, n, "（"))) return 1;
    for (i = 0; i < n && is_digit(l[i]); i++) {
    }
    return i && i < n && (l[i] == '.' || starts(l + i, n - i, "、"));
}

/* Whether a line could be the title: short, with a title word, not chrome,
 * not a heading, not a sentence ("现将有关情况报告如下:"). */
static int title_like(const zb_doc_cues *c, const char *l, size_t n) {
    return n >= 18 && n <= TITLE_LINE_MAX && !is_chrome_line(c, l, n) &&
           has_cue(c, CUE_TITLE, l, n) && !find(l, n, "。", 3) && !find(l, n, "如下", 6) &&
           l[n - 1] != ':' && !starts_with_marker(l, n);
}

/* How much a title-like line looks like a report title: a year and 报告 or
 * 情况 count (a menu item "法治政府建设" has neither). */
static int title_score(const char *l, size_t n) {
    int sc = 1;
    for (size_t i = 0; i + 7 <= n; i++)
        if (is_digit(l[i]) && year_at(l, n, i)) {
            sc += 2;
            break;
        }
    if (find(l, n, "报告", 6)) sc += 2;
    if (find(l, n, "情况", 6)) sc += 1;
    return sc;
}

/* The best title-like line near the top (earliest among equals). */
static char *title_from_text(const zb_doc_cues *c, const char *s, size_t len) {
    size_t lines = 0;
    const char *best = NULL;
    size_t best_n = 0;
    int best_sc = 0;
    for (size_t i = 0; i < len && lines < TITLE_SCAN_LINES;) {
        size_t e = line_end(s, len, i);
        const char *l = s + i;
        size_t n = e - i;
        trim(&l, &n);
        int sc = n && title_like(c, l, n) ? title_score(l, n) : 0;
        if (sc > best_sc) best = l, best_n = n, best_sc = sc;
        lines += n > 0;
        i = e + 1;
    }
    return best ? dupn(best, best_n) : NULL;
}

/* ---- issuer ---- */

static int level_char_at(const char *s, size_t len, size_t i) {
    static const char *const lvl[] = {"区", "县", "市", "省", "州", "旗", "盟"};
    for (int k = 0; k < 7; k++)
        if (starts(s + i, len - i, lvl[k])) return 1;
    return 0;
}

/* Position i lies inside 在…领导下 (or 指导下, 支持下…) within one clause
 * (between , 。 ; : and line ends): the body named there leads the issuer, it
 * is not the issuer ("城关镇人民政府在县委、县政府的领导下": only 县委 is). */
static int in_leadership_clause(const char *s, size_t len, size_t i) {
    static const char *const stops[] = {",", "。", ";", ":", "\n"};
    static const char *const lead[] = {"领导下", "指导下", "支持下", "带领下", "部署下", "关心下"};
    size_t b = i, e = i;
    for (int done = 0; b > 0 && !done;) {
        for (size_t k = 0; k < 5 && !done; k++)
            done = b >= strlen(stops[k]) &&
                   !memcmp(s + b - strlen(stops[k]), stops[k], strlen(stops[k]));
        if (!done) b--;
    }
    for (int done = 0; e < len && !done;) {
        for (size_t k = 0; k < 5 && !done; k++)
            done = starts(s + e, len - e, stops[k]);
        if (!done) e++;
    }
    if (!find(s + b, i - b, "在", 3)) return 0;
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++)
        if (find(s + i, e - i, lead[k], strlen(lead[k]))) return 1;
    return 0;
}

typedef struct {
    size_t start, end; /* the issuer's name in the text searched */
    zb_issuer_kind kind;
    int bare; /* starts with a bare level character: 区司法局 */
} issuer_hit;

/* Start of the region names directly before position p (柳州市柳南区 before
 * 委员会), or p when there are none. */
static size_t region_chain_start(const zb_region_mention *m, size_t nm, size_t p) {
    for (int moved = 1; moved;) {
        moved = 0;
        for (size_t k = 0; k < nm; k++)
            if (m[k].end == p && m[k].start < p) {
                p = m[k].start;
                moved = 1;
                break;
            }
    }
    return p;
}

/* Start of a town's name ending at p (the 镇 or 乡 at p): up to four CJK
 * characters back, stopping at punctuation and at words that cannot be part
 * of a name (在, 和, 全...). p itself when there is none. */
static size_t town_name_start(const char *s, size_t p) {
    static const char *const stop[] = {"在", "和", "与", "及", "的", "由", "对", "向", "是", "为",
                                       "将", "把", "了", "全", "各", "我", "本", "该", "年"};
    size_t b = p;
    for (int k = 0; k < 4 && b >= 3; k++) {
        unsigned char c = (unsigned char)s[b - 3];
        if (c < 0xE4 || c > 0xE9) break; /* not a CJK ideograph */
        int stopped = 0;
        for (size_t j = 0; j < sizeof stop / sizeof *stop && !stopped; j++)
            stopped = !memcmp(s + b - 3, stop[j], 3);
        if (stopped) break;
        b -= 3;
    }
    return b;
}

/* The longest issuer ending that starts at i, or NULL. */
static const doc_cue *issuer_ending(const zb_doc_cues *c, const char *s, size_t len, size_t i) {
    const unsigned char *p = (const unsigned char *)s + i;
    if (len - i < 3 || (p[0] & 0xF0) != 0xE0) return NULL;
    uint32_t cp = cp3(p);
    if (!(c->issuer_first[cp >> 3] & (1u << (cp & 7)))) return NULL;
    const doc_cue *best = NULL;
    uint32_t h = head3((const char *)p, 3);
    for (int k = CUE_GOV; k <= CUE_DEPT; k++)
        for (size_t j = c->lo[k]; j < c->hi[k]; j++) {
            const doc_cue *q = &c->cues[j];
            if (q->head == h && (!best || q->len > best->len) && q->len <= len - i &&
                !memcmp(p, q->s, q->len)) {
                best = q;
                break; /* longest first within a kind */
            }
        }
    return best;
}

/* Whether a region name ending at p names reg (with several divisions of
 * that name, any of them). */
static int names_region(const zb_region_mention *m, size_t nm, size_t p, const zb_region *reg) {
    for (size_t k = 0; k < nm; k++)
        if (m[k].end == p && m[k].region == reg) return 1;
    return 0;
}

/* The level character of a bare issuer (区司法局) is the region's own: 市委
 * in a district's report is the city's committee, not the issuer. */
static int same_level_char(const char *s, size_t b, const zb_region *reg) {
    size_t n = strlen(reg->name);
    return n >= 3 && !memcmp(reg->name + n - 3, s + b, 3);
}

/* First issuer named in s[0..len): a region name or level character followed
 * by an issuer ending, outside 在…领导下 clauses. */
static int find_issuer(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                       const zb_region *reg, issuer_hit *hit) {
    zb_region_mention m[MAX_MENTIONS];
    size_t nm = g ? zb_region_mentions(g, s, len, m, MAX_MENTIONS) : 0;
    for (size_t i = 3; i < len; i++) {
        const doc_cue *q = issuer_ending(c, s, len, i);
        if (!q) continue;
        size_t b = region_chain_start(m, nm, i);
        int bare = 0;
        /* an issuer named with another region (贵州省委 in 黔东南州's report)
         * is a superior or a neighbour, not the author */
        if (b < i && reg && !names_region(m, nm, i, reg)) continue;
        if (b == i && level_char_at(s, len, i - 3)) {
            b = i - 3;
            bare = 1;
            if (reg && !same_level_char(s, b, reg)) continue;
            /* 全区政府 / 各县公安局: a collective, not an issuer */
            if (b >= 3 && (starts(s + b - 3, 3, "全") || starts(s + b - 3, 3, "各") ||
                           starts(s + b - 3, 3, "我") || starts(s + b - 3, 3, "本")))
                continue;
        }
        /* towns and subdistricts are not in the gazetteer: 城关镇人民政府, 东城街道办事处 */
        if (b == i && (starts(s + i - 3, 3, "镇") || starts(s + i - 3, 3, "乡")) &&
            town_name_start(s, i - 3) < i - 3)
            b = town_name_start(s, i - 3);
        if (b == i && starts(s + i, len - i, "街道")) b = town_name_start(s, i);
        if (b == i || in_leadership_clause(s, len, i)) continue;
        if (b >= 6 && starts(s + b - 6, 6, "中共")) b -= 6;
        *hit = (issuer_hit){b, i + q->len,
                            q->kind == CUE_GOV ? ZB_ISSUER_GOVERNMENT : ZB_ISSUER_DEPARTMENT, bare};
        return 0;
    }
    return -1;
}

/* Bytes of the first n sentences of s (up to 。 or a line end), at most
 * OPENING_SPAN: the issuer names itself there (2021年,区司法局坚持...). */
static size_t first_sentences(const char *s, size_t len, int n) {
    size_t max = len < OPENING_SPAN ? len : OPENING_SPAN;
    for (size_t i = 0; i < max; i++) {
        if (s[i] == '\n') return i;
        if (starts(s + i, len - i, "。") && --n == 0) return i;
    }
    return max;
}

/* 我局 / 本局 say a department speaks; 我区 / 全县 a government. */
static zb_issuer_kind issuer_kind_from_selfref(const char *s, size_t len) {
    static const char *const dept[] = {"我局", "本局", "我厅", "本厅", "我委", "本委", "我办"};
    static const char *const gov[] = {"我区", "全区", "我县", "全县", "我市", "全市",
                                      "我省", "全省", "我州", "全州", "我旗", "全旗"};
    for (size_t k = 0; k < sizeof dept / sizeof *dept; k++)
        if (find(s, len, dept[k], strlen(dept[k]))) return ZB_ISSUER_DEPARTMENT;
    for (size_t k = 0; k < sizeof gov / sizeof *gov; k++)
        if (find(s, len, gov[k], strlen(gov[k]))) return ZB_ISSUER_GOVERNMENT;
    return ZB_ISSUER_UNKNOWN;
}

/* Issuer name: a bare 区司法局 becomes 北碚区司法局 when the region's name
 * ends with the same level character. */
static char *issuer_name(const char *s, const issuer_hit *h, const zb_region *r) {
    size_t n = h->end - h->start;
    if (h->bare && r) {
        size_t rl = strlen(r->name);
        if (rl >= 3 && !memcmp(r->name + rl - 3, s + h->start, 3)) {
            char *d = malloc(rl + n - 3 + 1);
            if (!d) return NULL;
            memcpy(d, r->name, rl);
            memcpy(d + rl, s + h->start + 3, n - 3);
            d[rl + n - 3] = '\0';
            return d;
        }
    }
    return dupn(s + h->start, n);
}

/* ---- putting it together ---- */

static int set_str(char **dst, char *v) {
    if (!v) return -1;
    free(*dst);
    *dst = v;
    return 0;
}

static int fill_region(const zb_gazetteer *g, const char *t, size_t len, const char *title,
                       zb_report *r) {
    size_t o = opening_start(t, len);
    zb_region_hints h = {title, title ? strlen(title) : 0, o + HEAD_SPAN};
    const zb_region *reg = zb_region_find(g, t, len, &h);
    if (!reg) return 0;
    if (set_str(&r->region.name, dupn(reg->fullname, strlen(reg->fullname))) ||
        set_str(&r->region.code, dupn(reg->code, strlen(reg->code))))
        return -1;
    r->region.level = reg->level;
    return 0;
}

static int fill_issuer(const zb_gazetteer *g, const zb_doc_cues *c, const char *t, size_t len,
                       const char *title, zb_report *r) {
    issuer_hit h;
    const zb_region *reg = g && r->region.code ? zb_gazetteer_by_code(g, r->region.code) : NULL;
    if (title && !find_issuer(g, c, title, strlen(title), reg, &h)) {
        r->issuer.kind = h.kind;
        return set_str(&r->issuer.name, issuer_name(title, &h, reg));
    }
    size_t o = opening_start(t, len);
    size_t span = first_sentences(t + o, len - o, 2);
    if (!find_issuer(g, c, t + o, span, reg, &h)) {
        r->issuer.kind = h.kind;
        return set_str(&r->issuer.name, issuer_name(t + o, &h, reg));
    }
    /* the signature: a short line (not a sentence) starting with the
     * issuer's name among the last lines */
    size_t n = 0;
    for (size_t e = len; e > 0 && n < 6;) {
        size_t b = e;
        while (b > 0 && t[b - 1] != '\n')
            b--;
        if (e > b && e - b <= SIGNATURE_MAX && !memchr(t + b, ',', e - b) &&
            !find(t + b, e - b, "。", 3) && !find_issuer(g, c, t + b, e - b, reg, &h) &&
            h.start == 0) {
            r->issuer.kind = h.kind;
            return set_str(&r->issuer.name, issuer_name(t + b, &h, reg));
        }
        n += e > b;
        e = b ? b - 1 : 0;
    }
    zb_issuer_kind k = issuer_kind_from_selfref(t, len < 4 * OPENING_SPAN ? len : 4 * OPENING_SPAN);
    if (k != ZB_ISSUER_UNKNOWN) r->issuer.kind = k;
    return 0;
}

int zb_docfields_find(const zb_gazetteer *g, const zb_doc_cues *cues, const char *s, size_t len,
                      const char *html_title, const char *meta_date, zb_report *r, char *err,
                      size_t errlen) {
    if (!cues || !r || (!s && len)) return snprintf(err, errlen, "docfields: bad arguments"), -1;
    char date[11];
    int have_date = !zb_docfields_published(cues, s, len, date) ||
                    (meta_date && parse_date(meta_date, strlen(meta_date), 0, date));
    if (have_date && set_str(&r->published_date, dupn(date, 10))) goto nomem;
    char *t = strip_chrome(g, cues, s ? s : "", len);
    if (!t) goto nomem;
    char *title = html_title ? title_from_html(cues, html_title) : NULL;
    if (!title) title = title_from_text(cues, t, len);
    if (title && set_str(&r->title, title)) goto nomem_t;
    int y = zb_docfields_year(t, len, r->title, r->published_date);
    if (y) r->report_year = y;
    if ((g && fill_region(g, t, len, r->title, r)) || fill_issuer(g, cues, t, len, r->title, r))
        goto nomem_t;
    free(t);
    return 0;
nomem_t:
    free(t);
nomem:
    snprintf(err, errlen, "docfields: out of memory");
    return -1;
}
