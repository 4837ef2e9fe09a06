/* docfields_internal.h - shared by the docfields modules (docfields.c,
 * docfields_cues.c, docfields_dates.c, docfields_issuer.c); not a public API. */
#ifndef ZB_DOCFIELDS_INTERNAL_H
#define ZB_DOCFIELDS_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "docfields.h"

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

typedef enum {
    CUE_CHROME,
    CUE_DATE,
    CUE_TITLE,
    CUE_GOV,
    CUE_DEPT,
    CUE_OPENER,   /* a clause opening without a subject: 在, 按照, 坚持... */
    CUE_SUP_LEAD, /* before a superior body in its clause: 按照, 落实, 围绕... */
    CUE_SUP_TAIL, /* after it: 部署, 要求, 精神... */
    /* config/years.tsv: words around a year (docfields_dates.c) */
    CUE_RANGE_BEFORE, /* right before a year ending a range: -, 至 */
    CUE_RANGE_AFTER,  /* right after YYYY年 starting one: 至, - */
    CUE_POINT,        /* ending in a range-before mark, a point in time: 截至 */
    CUE_START_BEFORE, /* right before a start point: 自, 从 */
    CUE_START_AFTER,  /* after one: 以来, 起... */
    CUE_COMPARE,      /* right before a comparison's base: 较, 比 */
    CUE_SO_FAR,       /* the year under way counted: 今年以来... */
    CUE_THIS_YEAR,    /* the current year named: 今年 */
    CUE_TITLE_NEAR,   /* beside a bare title year, not a year: -, 〔, 号... */
    /* config/regions.issuers.tsv: a national body named with no region */
    CUE_NATIONAL,  /* 司法部, 市场监管总局: a department */
    CUE_UNDER,     /* after a body led from above: 领导下, 指导下... */
    CUE_PLACE,     /* ordinary words ending with a level char: 社区, 城市... */
    CUE_NAME_STOP, /* no part of a town's name: 在, 和, 全... */
    CUE_ALL_TOWNS, /* all the towns of an area, not one: 乡镇, 镇街... */
    /* config/chrome.tsv: a site header's clock (今天是…星期一) */
    CUE_CLOCK,
    /* config/years.tsv: a clause opening with one only says when */
    CUE_WHEN, /* 一年来, 今年, 过去一年... */
    /* config/regions.issuers.tsv: a clause opening that speaks of itself
     * (我局, 本镇) and the words after it that say who speaks */
    CUE_SELF,      /* 我, 本 */
    CUE_SELF_DEPT, /* 局, 厅, 委, 办: a department */
    CUE_SELF_GOV,  /* 区, 县, 市, 省, 州, 旗: a government */
    CUE_SELF_TOWN, /* 镇, 乡, 街道: a town's government */
    /* config/regions.issuers.tsv: how a text with no issuer calls itself,
     * anywhere in its first pages */
    CUE_SELFREF_DEPT, /* 我局, 本局, 我厅...: a department speaks */
    CUE_SELFREF_GOV,  /* 我区, 全县, 我旗...: a government speaks */
    CUE_BUREAU_SELF,  /* 我局, 本局: a bureau speaks (region: bureau_division) */
    CUE_TOWN_END,     /* the last char of a township's name: 镇, 乡, 街道's 道... */
    /* config/regions.issuers.tsv: around a bare level char (区司法局) */
    CUE_LEVEL,      /* 区, 县, 市, 省, 州, 旗, 盟: one char each */
    CUE_LEVEL_LEAD, /* right before one, no issuer's name: 全区政府, 各县, 我县 */
    CUE_COLLECTIVE, /* right after an ending, its collective: 市政府部门 */
    /* config/chrome.tsv: between an HTML title's parts (title_from_html) */
    CUE_TITLE_SEP, /* _, " - ", |, ——... */
    /* config/regions.issuers.tsv: what a government reports on (法治政府建设):
     * said twice by a text with no issuer of its own, a government's */
    CUE_GOV_TOPIC
} cue_kind;
#define N_CUE_KINDS 37
#define N_CUE_FILES 3       /* chrome.tsv, regions.issuers.tsv, years.tsv */
#define HEAD_BUCKETS 256    /* head_bucket() values */
#define SELFREF_FIRST_MAX 8 /* first chars of the selfref words searched side by side */

typedef struct {
    cue_kind kind;
    const char *s;
    size_t len;
    uint32_t head; /* first (up to) three bytes, compared before the whole cue */
    /* its first (up to) eight bytes (the rest zero) and a mask of as many:
     * an issuer ending is told from the others of its first char by one
     * compare (政府 from 政府办公室, 政务服务管理局…) */
    uint64_t pre, pre_mask;
} doc_cue;

struct zb_doc_cues {
    char *text[N_CUE_FILES];
    doc_cue *cues; /* sorted by kind, then longest first */
    size_t n;
    size_t lo[N_CUE_KINDS], hi[N_CUE_KINDS]; /* the cues of each kind */
    uint8_t issuer_pair[8192];               /* the union of pair[CUE_GOV] and pair[CUE_DEPT] */
    uint8_t issuer_short[8192];              /* the union of first_short[CUE_GOV] and [CUE_DEPT] */
    uint8_t issuer_first[1024];       /* bit per first_hash() of every issuer ending's first char */
    uint8_t first[N_CUE_KINDS][8192]; /* the same for the cues of each kind */
    /* df_has_cue's filter: per kind, a bit per cue_pair() of the cues of two
     * or more chars, and a bit per first code point of the shorter ones */
    uint8_t pair[N_CUE_KINDS][8192];
    uint8_t first_short[N_CUE_KINDS][8192];
    /* per kind: a cue under six bytes starts with a non-ASCII char */
    int cjk_short[N_CUE_KINDS];
    /* has_cue_bytes' filter: per kind, a bit per quad_hash() of the bytes
     * 1..4 of the cues of six bytes or more */
    uint8_t quad[N_CUE_KINDS][1024];
    /* the cues of three bytes or more by head_bucket() of their head, per
     * kind and in cues[] order: cue_at and df_issuer_ending compare only
     * those that can match (bucket b of kind k: by_head[by_start[k][b] ..
     * by_start[k][b + 1])); the shorter ones are in short_cues, by kind */
    uint32_t by_start[N_CUE_KINDS][HEAD_BUCKETS + 1];
    uint32_t *by_head;
    uint32_t short_start[N_CUE_KINDS + 1];
    uint32_t *short_cues;
    /* the government and department cues (the issuer endings) likewise,
     * the two kinds together (government first) */
    uint32_t iss_start[HEAD_BUCKETS + 1];
    uint32_t *iss;
    /* zb_doc_cues_link: the chrome cues starting with a CJK char are marks
     * of a gazetteer's scans (linked to it); the distinct first bytes of
     * those starting with an ASCII char */
    const zb_gazetteer *linked;
    char chrome_ascii[128];
    size_t n_chrome_ascii;
    /* the distinct first chars (3 bytes each) of the selfref words, which
     * the issuer's self-reference search looks for sixteen places a step;
     * n_selfref_first 0 with selfref_any set: a word starts otherwise, or
     * too many chars, and every place is tried */
    char selfref_first[SELFREF_FIRST_MAX][3];
    size_t n_selfref_first;
    int selfref_any;
};

/* The bucket of a cue's head (head3 of its first three bytes). */
static inline uint32_t head_bucket(uint32_t head) { return (head * 0x9E3779B1u) >> 24; }

static inline uint32_t head3(const char *p, size_t n) {
    uint32_t h = 0;
    memcpy(&h, p, n < 3 ? n : 3);
    return h;
}

/* A 13-bit hash of the four bytes at p (the second to fifth bytes of a
 * cue: the first char's tail and the second char's head). */
static inline uint32_t quad_hash(const unsigned char *p) {
    uint32_t a;
    memcpy(&a, p, 4);
    return (a * 0x9E3779B1u) >> 19;
}

/* A 13-bit hash of a char's three bytes (the low three of v, in memory
 * order): cheaper than its code point where nearly every char fails. */
static inline uint32_t first_hash(uint32_t v) { return ((v & 0xFFFFFF) * 0x9E3779B1u) >> 19; }

/* Code point of a 3-byte UTF-8 sequence (every cue starts with a CJK char). */
static inline uint32_t cp3(const unsigned char *p) {
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

/* The longest cue of kind k that s[0..n) starts with, or NULL. */
const doc_cue *df_cue_starting_at(const zb_doc_cues *c, cue_kind k, const char *s, size_t n);
static inline const doc_cue *df_cue_starting(const zb_doc_cues *c, cue_kind k, const char *s,
                                             size_t n) {
    /* most places start with no cue's first char (the bits index_cues set,
     * by the same code point): no call */
    const unsigned char *p = (const unsigned char *)s;
    if (!n) return NULL;
    uint32_t cp = p[0] < 0x80 ? p[0] : n >= 3 && (p[0] & 0xF0) == 0xE0 ? cp3(p) : 0;
    if (!((c->first[k][cp >> 3] >> (cp & 7)) & 1)) return NULL;
    return df_cue_starting_at(c, k, s, n);
}

/* Whether s[0..len) starts with p; the first byte is tested inline because
 * this runs at nearly every position of a page. */
static inline int starts(const char *s, size_t len, const char *p) {
    size_t n = strlen(p);
    return len >= n && s[0] == p[0] && !memcmp(s, p, n);
}

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Start of the line that holds s[e - 1] (0, or just after a '\n'): eight
 * bytes at a time back through the line, then byte by byte. */
static inline size_t line_start(const char *s, size_t e) {
    const uint64_t ones = 0x0101010101010101ull;
    size_t b = e;
    while (b >= 8) {
        uint64_t x;
        memcpy(&x, s + b - 8, 8);
        x ^= ones * '\n'; /* a zero byte where a line break is */
        if ((x - ones) & ~x & (ones * 0x80)) break;
        b -= 8;
    }
    while (b > 0 && s[b - 1] != '\n')
        b--;
    return b;
}

/* End of the line that contains position i (its '\n' or len). */
static inline size_t line_end(const char *s, size_t len, size_t i) {
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) : len;
}

/* docfields_cues.c: cue search, chrome, small string helpers */
const char *df_find(const char *s, size_t len, const char *p, size_t plen);
int df_has_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t len);
int df_is_chrome_line(const zb_doc_cues *c, const char *s, size_t len);
/* Whether s[0..n) starts with a cue of kind k. */
int df_starts_with_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t n);
/* Whether s[0..end) ends with a cue of kind k; whether s[0..n) is one. */
int df_ends_with_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t end);
int df_is_cue(const zb_doc_cues *c, cue_kind k, const char *s, size_t n);
char *df_strip_chrome(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                      zb_region_scan *hits);
void df_trim(const char **s, size_t *len);
char *df_dupn(const char *s, size_t n);
int df_set_str(char **dst, char *v);

/* Where the digit runs of a page start (s[i] a digit, s[i - 1] none): one
 * pass over the bytes, read by the date and year searches. A copy of the
 * page with lines blanked has the runs of this list whose first byte is
 * still a digit. */
#define DF_DIGITS_LOCAL 256
typedef struct {
    size_t *v;
    size_t n, cap;
    size_t local[DF_DIGITS_LOCAL];
} df_digits;

/* 0, or -1 out of memory. */
int df_digits_find(const char *s, size_t len, df_digits *d);
/* An empty list; d->v may then be pointed at runs found elsewhere (a
 * region scan's), which df_digits_free leaves alone. */
void df_digits_init(df_digits *d);
/* Frees what df_digits_find allocated. */
void df_digits_free(df_digits *d);

/* title_hits, where a function takes it: the scan of the title's gazetteer
 * names and digits (exact), made once per page; NULL: they scan it. */

/* docfields_dates.c: dates, years, where the report text starts */
/* zb_docfields_published and zb_docfields_year with the digit runs of s
 * (or of the page s is a blanked copy of) */
int df_published(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d, char out[11]);
int df_year(const zb_doc_cues *c, const char *s, size_t len, const df_digits *d, size_t o,
            const char *title, const zb_region_scan *title_hits, const char *published);
size_t df_parse_date(const char *s, size_t len, size_t i, char out[11]);
int df_year_at(const zb_doc_cues *c, const char *s, size_t len, size_t i);
size_t df_opening_start(const char *s, size_t len);

/* docfields_issuer.c: fills r->issuer (r->region already set, if found) */
struct df_opening_s;
int df_fill_issuer(const zb_gazetteer *g, const zb_doc_cues *c, const char *t, size_t len,
                   const char *title, const zb_region_scan *title_hits, const zb_region_scan *hits,
                   struct df_opening_s *op, zb_report *r);
/* End of the clause at s[e..len): the first , ; : line end or 。 at or
 * after e, else len (sixteen bytes a test). */
size_t df_clause_end(const char *s, size_t len, size_t e);
/* The longest issuer ending (人民政府, 司法局...) starting at s[i], or NULL. */
const doc_cue *df_issuer_ending(const zb_doc_cues *c, const char *s, size_t len, size_t i);

/* docfields_subject.c: who the opening sentence is about, and the report's
 * own town */
typedef struct {
    size_t start, end; /* the subject's name in the text searched */
    zb_issuer_kind kind; /* from its ending: 镇/街道/区/人民政府 -> government, 局 -> department */
    int named; /* ends with an issuer ending (鼓楼街道办事处): a full issuer name */
    int town;  /* a town or street (塘栖镇, 我镇): bare 区委/县政府 are its superiors */
} df_subject;
/* The subject of the opening sentence of s[0..len) (2024年,塘栖镇坚持…;
 * 2023年,通州区法治政府建设…; 我局…): a known division, town or issuer at
 * the start of its first clause that is not a time or an adverbial (在区委
 *领导下). 0 found, -1 not. */
/* The same at the very start of s (a title: 古城街道2025年…报告); hits:
 * the scan of s, or NULL. */
int df_subject_at_start(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                        const zb_region_scan *hits, df_subject *out);
/* The opening of a page's text (df_opening_start) and its subject, each
 * found once per page. */
typedef struct df_opening_s {
    size_t o;
    int sub_state; /* 0: not looked for yet, 1: found (sub), -1: none */
    df_subject sub;
    const zb_region_scan *hits; /* the scan of s, or NULL (df_opening_init: NULL) */
} df_opening;
void df_opening_init(df_opening *op, const char *s, size_t len);
/* The subject of the opening of s[0..len) (op: initialised for s). */
int df_opening_subject(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                       df_opening *op, df_subject *out);
/* The town the report is about (named in the title, as the opening's
 * subject, or alone in the lines above the text): 0 when there is one, with
 * *county its county if only one county has a town of that name (among
 * those lying in within, a province or city the text names; NULL: in the
 * whole country), or the one of them that the title or raw (s before its
 * chrome lines were blanked: a publisher line names its county) also names,
 * else *county NULL. -1 when the report is not about a town the table knows. */
int df_own_town(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, const char *raw,
                size_t len, const char *title, const zb_region_scan *title_hits,
                const zb_region *within, df_opening *op, const zb_region **county);

#endif
