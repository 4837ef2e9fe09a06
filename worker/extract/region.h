/* region.h - the GB/T 2260 region gazetteer (config/regions.tsv) and the
 * search for the administrative area a report is about.
 *
 * The gazetteer is loaded once (the only I/O here); everything else is pure. */
#ifndef ZB_REGION_H
#define ZB_REGION_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "zb_report.h"

typedef struct zb_gazetteer zb_gazetteer;

/* A 16-bit hash of the six bytes at p (two CJK chars): the filters of the
 * town names and of docfields' cue tables. */
static inline uint32_t zb_pair6(const unsigned char *p) {
    uint32_t a;
    uint16_t b;
    memcpy(&a, p, 4);
    memcpy(&b, p + 4, 2);
    return (uint32_t)((((uint64_t)a | (uint64_t)b << 32) * 0x9E3779B97F4A7C15ull) >> 48);
}

/* Loads config_dir/regions.tsv, regions.generic.txt, regions.context.tsv and
 * regions.towns.tsv. NULL on error, message in err. */
zb_gazetteer *zb_gazetteer_load(const char *config_dir, char *err, size_t errlen);
void zb_gazetteer_free(zb_gazetteer *g);
size_t zb_gazetteer_size(const zb_gazetteer *g);

/* One division of the gazetteer; pointers owned by the gazetteer. */
typedef struct {
    const char *code;     /* 6 digits, e.g. "500109" */
    const char *name;     /* official name, e.g. "北碚区" */
    const char *fullname; /* with its parents, e.g. "重庆市北碚区" */
    zb_region_level level;
    const char *parent;  /* parent code, "" for provinces */
    const char *aliases; /* short forms, comma separated: "北碚" */
} zb_region;

/* The division with this code, or NULL. */
const zb_region *zb_gazetteer_by_code(const zb_gazetteer *g, const char *code);
/* Its parent division (county -> city or province, city -> province), or NULL. */
const zb_region *zb_gazetteer_parent(const zb_gazetteer *g, const zb_region *r);

/* A township-level division's name (塘栖镇, 鹤龙街道; config/regions.towns.tsv):
 * *n_counties gets how many counties have a township of that name (0: not a
 * known town). Returns the county when exactly one has it (and it is in the
 * gazetteer), else NULL: a name shared by several counties places nothing. */
const zb_region *zb_gazetteer_town(const zb_gazetteer *g, const char *name, size_t len,
                                   int *n_counties);
/* Whether a township name of two characters or more may start at s
 * (len bytes): 0 when none does (a filter on its first two characters). */
int zb_gazetteer_town_may_start(const zb_gazetteer *g, const char *s, size_t len);
/* The first i' >= i where s[i'] is the lead byte of a CJK ideograph
 * (E4..E9), nine bytes or more are left, and a township name may start
 * (zb_gazetteer_town_may_start); len when none. */
size_t zb_gazetteer_town_next(const zb_gazetteer *g, const char *s, size_t len, size_t i);
/* The same among the counties lying in within (a province or city the text
 * names: 西兴街道 in 浙江省); within NULL: anywhere. */
const zb_region *zb_gazetteer_town_in(const zb_gazetteer *g, const char *name, size_t len,
                                      const zb_region *within, int *n_counties);

/* One place where a gazetteer name occurs in a text. A name shared by several
 * divisions (朝阳区) gives one mention per division, with the same span. */
typedef struct {
    size_t start, end; /* byte offsets into the text searched */
    const zb_region *region;
    int alias; /* matched a short form (北碚) rather than the name (北碚区) */
} zb_region_mention;

/* Lists the names found in s[0..len), longest match first, left to right, at
 * most max. Returns how many were written. */
size_t zb_region_mentions(const zb_gazetteer *g, const char *s, size_t len, zb_region_mention *out,
                          size_t max);

/* One left-to-right scan of a text for gazetteer names, kept so that the
 * mentions of a line or of any span not starting inside a name are read off
 * it instead of scanning again. */
typedef struct {
    size_t start, end;
    uint32_t lo, hi; /* the gazetteer names found there (internal indexes) */
} zb_region_hit;

#define ZB_REGION_SCAN_LOCAL 128 /* hits kept without allocating (most texts) */

/* Where the text calls itself 我区 / 全县 / 本市... (我, 全 or 本 and a level
 * character: 区 县 市 省 州 旗 盟 = level 0..6; 255 once dropped). */
typedef struct {
    size_t pos;
    uint8_t level;
} zb_region_self;

#define ZB_REGION_SELF_LOCAL 64
#define ZB_REGION_DIGITS_LOCAL 256
#define ZB_REGION_MARKS_LOCAL 64
#define ZB_REGION_INDEX_LOCAL 16

/* Where a county-self or province-self word of regions.context.tsv
 * (区委区政府, 我省) starts: word is its index among them (county-self
 * first), len its bytes (0 once dropped). */
typedef struct {
    size_t pos;
    uint16_t word;
    uint16_t len;
} zb_region_word;

#define ZB_REGION_WORDS_LOCAL 32

typedef struct {
    zb_region_hit *v; /* in text order */
    size_t n, cap;
    int exact;            /* the scan stepped over no line break (valid UTF-8): spans may use it */
    zb_region_self *self; /* in text order */
    size_t n_self, cap_self;
    /* where the runs of ASCII digits start (s[i] a digit, s[i - 1] none), in
     * text order: the scan reads every ASCII byte anyway, and the date and
     * year searches read this instead of a pass of their own. Complete when
     * exact (else a stray byte may have been stepped over with a digit). */
    size_t *digit;
    size_t n_digit, cap_digit;
    /* where the strings of zb_gazetteer_set_marks start, in text order
     * (complete when exact) */
    size_t *mark;
    size_t n_mark, cap_mark;
    /* where an index label (索引号) may start, in text order (complete
     * when exact; zb_region_index_code_in) */
    size_t *index;
    size_t n_index, cap_index;
    /* where the county-self and province-self words start, in text order
     * (complete when exact and every such word could be
     * recorded: six bytes or more, a 3-byte first char, no space): the counts the
     * region's checks read instead of a pass per word over the text */
    zb_region_word *word;
    size_t n_word, cap_word;
    zb_region_hit local[ZB_REGION_SCAN_LOCAL];
    zb_region_self local_self[ZB_REGION_SELF_LOCAL];
    size_t local_digit[ZB_REGION_DIGITS_LOCAL];
    size_t local_mark[ZB_REGION_MARKS_LOCAL];
    size_t local_index[ZB_REGION_INDEX_LOCAL];
    zb_region_word local_word[ZB_REGION_WORDS_LOCAL];
} zb_region_scan;

/* Makes zb_region_scan_text also record where any of the n strings s[k]
 * (len[k] bytes, six or more, starting with a 3-byte UTF-8 char) starts:
 * the page-chrome cues, found by the scan's own filter on every char's
 * first two chars instead of a pass of their own. owner names the set
 * (zb_gazetteer_marks_owner). Called once, after loading, before any scan.
 * 0, or -1 (out of memory, or a string not of that form: no marks). */
int zb_gazetteer_set_marks(zb_gazetteer *g, const void *owner, const char *const *s,
                           const size_t *len, size_t n);
/* The owner of the marks the scans record, or NULL. */
const void *zb_gazetteer_marks_owner(const zb_gazetteer *g);

/* The growable lists of offsets that start in their struct's own array
 * (local, never freed) and move to the heap when full: the scan's digit
 * runs and marks, and docfields' digit runs where no scan made them. */
int zb_offsets_grow(size_t **v, size_t n, size_t *cap, const size_t *local);
/* Appends x to (*v)[0..*n); 0, or -1 out of memory (the list unchanged). */
static inline int zb_offsets_push(size_t **v, size_t *n, size_t *cap, const size_t *local,
                                  size_t x) {
    if (*n == *cap && zb_offsets_grow(v, *n, cap, local)) return -1;
    (*v)[(*n)++] = x;
    return 0;
}
void zb_region_scan_init(zb_region_scan *sc);
void zb_region_scan_free(zb_region_scan *sc);
/* Scans s[0..len) (after init). 0, or -1 out of memory. */
int zb_region_scan_text(const zb_gazetteer *g, const char *s, size_t len, zb_region_scan *sc);
/* The scan of s[a..b) alone (out: initialised), read off sc, the scan of s:
 * its names and digit runs (no self-references, marks, index places or
 * context words), 0;
 * or -1 when it cannot be (sc not exact, a name across a or b, out of
 * memory): then scan the text. a and b lie at char starts. */
int zb_region_scan_sub(const zb_region_scan *sc, const char *s, size_t a, size_t b,
                       zb_region_scan *out);
/* The first hit ending after a. */
size_t zb_region_hit_after(const zb_region_scan *sc, size_t a);
/* Drops what was found in s[from..to) (a line blanked out of the text);
 * zb_region_scan_compact then removes it. */
void zb_region_scan_blank(zb_region_scan *sc, size_t from, size_t to);
void zb_region_scan_compact(zb_region_scan *sc);
/* zb_region_mentions(g, s + a, b - a, out, max) (offsets from a), read off sc,
 * the scan of s (NULL: scans). */
size_t zb_region_mentions_in(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                             size_t a, size_t b, zb_region_mention *out, size_t max);

/* Hints that weigh a text position more than a plain mention: the caller
 * passes the title and the lines naming the issuer. */
typedef struct {
    const char *title; /* may be NULL */
    size_t title_len;
    size_t head_end;        /* bytes of s counted as the report's opening (issuer lines, first
                               paragraphs); mentions there weigh more */
    const zb_region *coded; /* the division a page's index number (索引号) gives, or NULL:
                               it weighs as much as its full name in the opening */
    const zb_region_scan *title_scan; /* the scan of title (exact), or NULL: scanned here */
} zb_region_hints;

/* Finds the area the text s[0..len) is about: scores every gazetteer name
 * mentioned (full or short form: 北碚区, 北碚; 杭州市, 杭州), weighting the title
 * and the opening, and resolves duplicate names (朝阳区 in 北京 and 长春) by the
 * province and city names also mentioned. Returns the division or NULL. */
const zb_region *zb_region_find(const zb_gazetteer *g, const char *s, size_t len,
                                const zb_region_hints *hints);
/* The division named by the code in a page's index number or unified
 * social credit code (after an `index` label of regions.context.tsv:
 * 索引号 370402/2022-00029, 索引号 11500230008689607X/2026-00009), or NULL. */
const zb_region *zb_region_index_code(const zb_gazetteer *g, const char *s, size_t len);
/* The same with the scan of s (sc, or NULL): the places the scan recorded
 * are tried, not a pass over s (the same answer). */
const zb_region *zb_region_index_code_in(const zb_gazetteer *g, const zb_region_scan *sc,
                                         const char *s, size_t len);
/* The same with sc, the scan of s (NULL: scans). */
const zb_region *zb_region_find_in(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                                   size_t len, const zb_region_hints *hints);
/* The one county of the given level character (区, 县, 旗: three bytes)
 * among those having a township named name[0..len) (in within, when not
 * NULL); NULL when none or several, or when a statistical unit (no level
 * known) has one. */
const zb_region *zb_gazetteer_town_of_level(const zb_gazetteer *g, const char *name, size_t len,
                                            const zb_region *within, const char *level);
/* The level character (区, 县 or 旗: the first three bytes of the result)
 * of the county-level leadership the text s[0..len) works under, from the
 * county-self words of regions.context.tsv (区委、区政府, 县委县政府); NULL
 * when it names none or more than one. */
const char *zb_region_county_self_level(const zb_gazetteer *g, const char *s, size_t len);
/* The same with sc, the scan of s (or NULL): the words' places the scan
 * recorded are read, not a pass per word over s (the same answer). */
const char *zb_region_county_self_level_in(const zb_gazetteer *g, const zb_region_scan *sc,
                                           const char *s, size_t len);
/* Where a zone word of regions.context.tsv (经开区, 高新区, 经济开发区…)
 * ending at s[e) starts, or e when none ends there. */
size_t zb_region_zone_before(const zb_gazetteer *g, const char *s, size_t e);
/* For a text in which zb_region_find finds no area: the one division named
 * right before a press word of regions.context.tsv in raw (莆田晚报, 福建日报:
 * the local paper the text was written for), raw being the text s[0..len)
 * with its chrome lines; NULL when there is none, several, or the text s
 * speaks as a county while the division is a city or province. */
const zb_region *zb_region_press(const zb_gazetteer *g, const char *raw, const char *s, size_t len);
/* Whether s[0..len) speaks as a province or of a whole one: a
 * province-self (我省, 本省) or province-all (全省) word of
 * regions.context.tsv in it. */
int zb_region_names_province_self(const zb_gazetteer *g, const char *s, size_t len);
/* The province whose abbreviation (abbrev rows of regions.context.tsv: 苏
 * for 江苏省) opens the document numbers the text s[0..len) cites (苏依法办
 * 〔2019〕5号), when the text speaks as a province (我省 twice, 我厅; never
 * 全市, 我县...); NULL when none, when numbers of two provinces are cited, or
 * the text does not speak as a province. A provincial department's report
 * may never name its province but cite its own province's files. sc: the
 * region scan of s (its recorded self words are read instead of a pass), or
 * NULL. */
const zb_region *zb_region_docno(const zb_gazetteer *g, const zb_region_scan *sc, const char *s,
                                 size_t len);

#endif
