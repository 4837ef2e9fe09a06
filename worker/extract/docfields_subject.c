/* docfields_subject.c - who the opening sentence of a report is about
 * (2024年,塘栖镇坚持…; 2023年,通州区法治政府建设…; 2024年,我局…) and the
 * town a report is about, used to place town and street reports that never
 * name their county (config/regions.towns.tsv). */
#include "docfields_internal.h"

#include <stdlib.h>

#define TOWN_MAX_CHARS 8    /* longest town name tried, in characters */
#define HEADER_SPAN 1500    /* bytes above the opening searched for a town */
#define TIME_CLAUSE_MAX 30  /* bytes: 2024年 / 一年来 / 今年以来 clauses are short */
#define SUBJECT_SPAN 600    /* bytes of the opening sentence searched */
#define TAG_MAX 60          /* bytes of a 【tag】 skipped before a clause */
#define SUBJECT_SENTENCES 3 /* sentences of the opening searched for a subject */

static int is_cjk_at(const char *s, size_t len, size_t i) {
    return i + 3 <= len && (unsigned char)s[i] >= 0xE4 && (unsigned char)s[i] <= 0xE9;
}

/* Whether the char at c (a 3-byte one) is a town-end cue (the last chars
 * of township names: 镇 乡 道 木 处 区, and 街 of the short form): a cheap
 * test before the table lookup. The cues are single chars (checked at
 * load), so the bit of its code point is the whole test. */
static int town_tail(const zb_doc_cues *cu, const char *c) {
    uint32_t cp = cp3((const unsigned char *)c);
    return (cu->first[CUE_TOWN_END][cp >> 3] >> (cp & 7)) & 1;
}

/* The longest known town name starting at s[i]: its end in *e (in s), the
 * number of counties having it in *n, in *county the county when only one
 * of them lies in within (NULL: anywhere).
 * "鹤龙街" (a short form) is tried as "鹤龙街道", "南磨房乡" as "南磨房地区".
 * 0 found, -1 not. */
static int town_at(const zb_gazetteer *g, const zb_doc_cues *cu, const zb_region *within,
                   const char *s, size_t len, size_t i, size_t *e, int *n,
                   const zb_region **county) {
    /* names of three chars or more: their first two rule out most places */
    if (len - i < 9 || !zb_gazetteer_town_may_start(g, s + i, len - i)) return -1;
    size_t run = 0; /* Chinese chars in a row from i, counted once */
    while (run < TOWN_MAX_CHARS && is_cjk_at(s, len, i + 3 * run))
        run++;
    for (size_t k = run; k >= 3; k--) {
        size_t l = 3 * k;
        if (!town_tail(cu, s + i + l - 3)) continue;
        const zb_region *c = zb_gazetteer_town_in(g, s + i, l, within, n);
        if (*n) return *e = i + l, *county = c, 0;
        /* short form of a street: 鹤龙街 for 鹤龙街道 (not before 道) */
        if (!memcmp(s + i + l - 3, "街", 3) && !starts(s + i + l, len - i - l, "道")) {
            char buf[3 * TOWN_MAX_CHARS + 3];
            memcpy(buf, s + i, l);
            memcpy(buf + l, "道", 3);
            c = zb_gazetteer_town_in(g, buf, l + 3, within, n);
            if (*n) return *e = i + l, *county = c, 0;
        }
        /* Beijing's 乡 are also area offices, listed as such: 南磨房乡 is
         * 南磨房地区 */
        if (!memcmp(s + i + l - 3, "乡", 3)) {
            char buf[3 * TOWN_MAX_CHARS + 3];
            memcpy(buf, s + i, l - 3);
            memcpy(buf + l - 3, "地区", 6);
            c = zb_gazetteer_town_in(g, buf, l + 3, within, n);
            if (*n) return *e = i + l, *county = c, 0;
        }
    }
    return -1;
}

/* A clause that says what the year is (2025年是…收官之年, 今年是…): it
 * frames the report, whatever its length; the subject comes after it. */
static int year_frame(const char *s, size_t n) {
    size_t d = 0;
    while (d < n && is_digit(s[d]))
        d++;
    if (d == 4) return starts(s + d, n - d, "年是");
    return starts(s, n, "今年是");
}

/* A clause that only says when (2024年, 2023年以来, or opening with a when
 * cue: 一年来, 今年以来). */
static int time_clause(const zb_doc_cues *c, const char *s, size_t n) {
    if (year_frame(s, n)) return 1;
    if (n > TIME_CLAUSE_MAX) return 0;
    if (n && is_digit(s[0])) return 1;
    return df_starts_with_cue(c, CUE_WHEN, s, n);
}

/* A clause opening with a self cue (我局, 本镇: a self cue and the word
 * after it) at s[i]: 0 with *out when the word after it says who speaks, a
 * department (self-department: 局) or a government (self-government: 区;
 * self-town: 镇, a town's), -1 when none does. */
static int self_subject(const zb_doc_cues *c, const char *s, size_t len, size_t i, size_t a,
                        df_subject *out) {
    const doc_cue *w = df_cue_starting(c, CUE_SELF_DEPT, s + a, len - a);
    if (w) return *out = (df_subject){i, a + w->len, ZB_ISSUER_DEPARTMENT, 0, 0}, 0;
    const doc_cue *gw = df_cue_starting(c, CUE_SELF_GOV, s + a, len - a),
                  *tw = df_cue_starting(c, CUE_SELF_TOWN, s + a, len - a);
    int town = tw && (!gw || tw->len > gw->len);
    if (town) gw = tw;
    if (!gw) return -1;
    return *out = (df_subject){i, a + gw->len, ZB_ISSUER_GOVERNMENT, 0, town}, 0;
}

/* The subject at the start s[i] of a clause: region names, then a town,
 * then an issuer ending; or 我局 / 本镇 (a self cue: nothing else). 0
 * found, -1 not. */
static int subject_at(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                      size_t i, const zb_region_scan *hits, df_subject *out) {
    const doc_cue *me = df_cue_starting(c, CUE_SELF, s + i, len - i);
    if (me) return self_subject(c, s, len, i, i + me->len, out);
    size_t e = i, te;
    int n;
    const zb_region *county;
    zb_region_mention m[8];
    /* a town whose name starts like a division's (大观街: 大观区) is the town;
     * else a chain of division names (杭州市临平区), maybe with a town */
    int town = 0;
    if (g && !town_at(g, c, NULL, s, len, e, &te, &n, &county)) {
        e = te;
        town = 1;
    } else {
        /* the names at e: read off the page's scan when there is one */
        for (size_t nm, b; (b = e + (len - e < 24 ? len - e : 24),
                           nm = !g     ? 0
                                : hits ? zb_region_mentions_in(g, hits, s, e, b, m, 8)
                                       : zb_region_mentions(g, s + e, b - e, m, 8)) &&
                           m[0].start == 0;)
            e += m[0].end;
        if (g && !town_at(g, c, NULL, s, len, e, &te, &n, &county)) e = te, town = 1;
    }
    const doc_cue *q = df_issuer_ending(c, s, len, e);
    if (q)
        return *out = (df_subject){i, e + q->len,
                                   q->kind == CUE_GOV ? ZB_ISSUER_GOVERNMENT : ZB_ISSUER_DEPARTMENT,
                                   e > i, town},
               0;
    /* a national ministry (2021年,司法部坚持…) names no region: the longest
     * national name there (the cues are longest first; the bucketed test
     * first: most subjects start otherwise); 司法部门 and 公安部门 are the
     * departments of a trade, no ministry */
    int national = e == i && df_starts_with_cue(c, CUE_NATIONAL, s + i, len - i);
    for (size_t j = c->lo[CUE_NATIONAL]; national && j < c->hi[CUE_NATIONAL]; j++) {
        const doc_cue *n = &c->cues[j];
        if (n->len <= len - i && !memcmp(s + i, n->s, n->len) &&
            !starts(s + i + n->len, len - i - n->len, "门"))
            return *out = (df_subject){i, i + n->len, ZB_ISSUER_DEPARTMENT, 1, 0}, 0;
    }
    if (e == i) return -1;
    return *out = (df_subject){i, e, ZB_ISSUER_GOVERNMENT, 0, town}, 0;
}

int df_subject_at_start(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                        const zb_region_scan *hits, df_subject *out) {
    return subject_at(g, c, s, len, 0, hits, out);
}

void df_opening_init(df_opening *op, const char *s, size_t len) {
    op->o = df_opening_start(s, len);
    op->sub_state = 0;
    op->hits = NULL;
}

static int find_opening_subject(const zb_gazetteer *g, const zb_doc_cues *c, const char *s,
                                size_t len, size_t o, const zb_region_scan *hits, df_subject *out) {
    size_t lim = len - o < SUBJECT_SPAN ? len : o + SUBJECT_SPAN;
    /* the first clause of a sentence with a subject decides that sentence;
     * one naming nothing known (街道持续…) passes to the next sentence */
    int sentences = 0;
    for (size_t i = o; i < lim && sentences < SUBJECT_SENTENCES;) {
        while (i < lim && s[i] == ' ')
            i++;
        /* a bracketed tag before the text: 【行政应诉】2021年,… */
        if (starts(s + i, lim - i, "【")) {
            const char *close = df_find(s + i, lim - i < TAG_MAX ? lim - i : TAG_MAX, "】", 3);
            if (close) i = (size_t)(close - s) + 3;
        }
        size_t e = df_clause_end(s, lim, i);
        /* a year run into the subject with no comma (2024年宁河经济开发区在…,
         * 2023年度我局…) says when, like a time clause (2025年是…之年 is one) */
        if (lim - i > 7 && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
            is_digit(s[i + 3]) && starts(s + i + 4, lim - i - 4, "年") &&
            !time_clause(c, s + i, e - i)) {
            size_t y = i + 7;
            if (starts(s + y, lim - y, "度")) y += 3;
            if (is_cjk_at(s, lim, y) && !starts(s + y, lim - y, "以来")) i = y;
        }
        int end_of_sentence = e >= lim || s[e] == '\n' || starts(s + e, lim - e, "。");
        int salutation = e < lim && s[e] == ':'; /* 区政府: the addressee */
        if (!salutation && !time_clause(c, s + i, e - i) &&
            !df_starts_with_cue(c, CUE_OPENER, s + i, e - i)) {
            if (!subject_at(g, c, s, lim, i, hits, out)) return 0;
            while (!end_of_sentence) { /* skip the rest of the sentence */
                e = df_clause_end(s, lim, e + 1);
                end_of_sentence = e >= lim || s[e] == '\n' || starts(s + e, lim - e, "。");
            }
        }
        if (end_of_sentence) {
            if (e >= lim || s[e] == '\n') break;
            sentences++;
        }
        i = e + (s[e] == ',' || s[e] == ';' || s[e] == ':' ? 1 : 3);
    }
    /* none: the body that reports may follow 现将 (根据…要求。现将大顺镇2025年
     * 法治政府建设情况报告如下), after a long preamble */
    size_t far = len - o < 2 * SUBJECT_SPAN ? len : o + 2 * SUBJECT_SPAN;
    const char *p = df_find(s + o, far - o, "现将", 6);
    if (p && !subject_at(g, c, s, far, (size_t)(p - s) + 6, hits, out)) return 0;
    return -1;
}

int df_opening_subject(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, size_t len,
                       df_opening *op, df_subject *out) {
    if (!op->sub_state)
        op->sub_state = find_opening_subject(g, c, s, len, op->o, op->hits, &op->sub) ? -1 : 1;
    if (op->sub_state < 0) return -1;
    *out = op->sub;
    return 0;
}

/* The first known town in s[0..len): 0 with its name span and county. */
static int first_town(const zb_gazetteer *g, const zb_doc_cues *cu, const zb_region *within,
                      const char *s, size_t len, size_t *b, size_t *e, const zb_region **county) {
    int n;
    /* only where the town table's filter lets a name start (a CJK char
     * with nine bytes left: what town_at tests first) */
    for (size_t i = zb_gazetteer_town_next(g, s, len, 0); i < len;
         i = zb_gazetteer_town_next(g, s, len, i + 1))
        if (!town_at(g, cu, within, s, len, i, e, &n, county)) return *b = i, 0;
    return -1;
}

/* The lines above the opening (the page's title block and metadata) name
 * one town only: that town, else none. */
static int header_town(const zb_gazetteer *g, const zb_doc_cues *cu, const zb_region *within,
                       const char *s, size_t o, const zb_region **county, const char **town,
                       size_t *town_len) {
    size_t from = 0, b, e, fb = 0, fe = 0;
    int found = 0;
    if (o > HEADER_SPAN) from = o - HEADER_SPAN;
    for (const zb_region *c; from < o && !first_town(g, cu, within, s + from, o - from, &b, &e, &c);
         from += e) {
        if (found && (e - b != fe - fb || memcmp(s + from + b, s + fb, e - b))) return -1;
        if (!found) fb = from + b, fe = from + e, *county = c;
        found = 1;
    }
    if (found) *town = s + fb, *town_len = fe - fb;
    return found ? 0 : -1;
}

#define NAMED_MAX 64 /* mentions listed per call while looking for a town's county */

/* The county among those having a township named town (新华乡, 人民街街道)
 * that s[0..len) also names, in full or in short form (屏边县, or 城中区,
 * itself a name of two counties): the one such county, else NULL. The name
 * of a report's own county is often only in a header line or an addressee
 * (发布机构屏边县新华乡人民政府, 城中区委全面依法治区委员会:). */
static const zb_region *county_named(const zb_gazetteer *g, const zb_region *within, const char *s,
                                     size_t len, const char *town, size_t town_len,
                                     const zb_region *found) {
    zb_region_mention m[NAMED_MAX];
    int n;
    for (size_t pos = 0, k; pos < len; pos += m[k - 1].end) {
        k = zb_region_mentions(g, s + pos, len - pos, m, NAMED_MAX);
        if (!k) break;
        for (size_t j = 0; j < k; j++) {
            const zb_region *r = m[j].region;
            /* the town's own name (仁和镇) holds a county's short form (仁和 of
             * 仁和区): that names no county */
            size_t at = pos + m[j].start;
            if (m[j].alias && town_len && at + town_len <= len && !memcmp(s + at, town, town_len))
                continue;
            if (r->level != ZB_LEVEL_COUNTY || r == found ||
                !zb_gazetteer_town_in(g, town, town_len, r, &n))
                continue;
            const zb_region *a = r;
            while (within && a && a != within)
                a = zb_gazetteer_parent(g, a);
            if (within && !a) continue;
            if (found) return (const zb_region *)-1; /* two counties: no answer */
            found = r;
        }
    }
    return found;
}

/* A shared town name placed by the county the title or text names. */
static const zb_region *place_shared_town(const zb_gazetteer *g, const zb_region *within,
                                          const char *s, size_t len, const char *title,
                                          const char *town, size_t town_len) {
    const zb_region *c = NULL;
    if (title) c = county_named(g, within, title, strlen(title), town, town_len, c);
    if (c != (const zb_region *)-1) c = county_named(g, within, s, len, town, town_len, c);
    return c == (const zb_region *)-1 ? NULL : c;
}

int df_own_town(const zb_gazetteer *g, const zb_doc_cues *c, const char *s, const char *raw,
                size_t len, const char *title, const zb_region_scan *title_hits,
                const zb_region *within, df_opening *op, const zb_region **county) {
    size_t b, e, tl = 0;
    const char *t = NULL;
    *county = NULL;
    if (!g) return -1;
    /* the first place that speaks decides: a town there (a shared name
     * places nothing unless the text names one of its counties), or a
     * division without a town (then the report is not about a town) */
    zb_region_mention m[1];
    df_subject sub;
    if (title && !first_town(g, c, within, title, strlen(title), &b, &e, county)) {
        t = title + b, tl = e - b;
    } else if (title && (title_hits ? title_hits->n > 0
                                    : zb_region_mentions(g, title, strlen(title), m, 1) > 0)) {
        return -1;
    } else if (!df_opening_subject(g, c, s, len, op, &sub) &&
               !first_town(g, c, within, s + sub.start, sub.end - sub.start, &b, &e, county)) {
        t = s + sub.start + b, tl = e - b;
    } else if (!df_opening_subject(g, c, s, len, op, &sub) &&
               (zb_region_mentions(g, s + sub.start, sub.end - sub.start, m, 1) ||
                /* 我市 / 我县 / 我局 speak for an area or body above a town
                 * (a self cue, as subject_at reads it) */
                (!sub.town && df_cue_starting(c, CUE_SELF, s + sub.start, len - sub.start)))) {
        return -1;
    } else if (header_town(g, c, within, s, op->o, county, &t, &tl)) {
        /* the subject is 我镇 or unnamed: the page's header may name the town */
        return -1;
    }
    if (!*county) *county = place_shared_town(g, within, raw, len, title, t, tl);
    /* still shared: the one county among those having it of the level the
     * text works under (在区委、区政府的领导下: a district's town) */
    if (!*county)
        *county = zb_gazetteer_town_of_level(g, t, tl, within,
                                             zb_region_county_self_level_in(g, op->hits, s, len));
    return 0;
}
