/* docfields.c - title, report_year, published_date, region and issuer of a
 * report (see docfields.h): the title here, the rest in docfields_dates.c,
 * docfields_issuer.c and region.c. The rules are general: cue words come from
 * config/chrome.tsv, config/regions.issuers.tsv and config/years.tsv. */
#include "docfields_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- title ---- */

/* The part of an HTML <title> that names the report ("XX区2021年法治政府建设
 * 年度报告_通知公告_XX区人民政府" -> the first part): the parts lie between
 * title-sep cues (_, " - ", |...); at one place the longest cue (the
 * first: longest first) ends the part. */
static char *title_from_html(const zb_doc_cues *c, const char *t) {
    size_t len = strlen(t);
    for (size_t i = 0; i < len;) {
        size_t e = len, w = 0;
        for (size_t k = c->lo[CUE_TITLE_SEP]; k < c->hi[CUE_TITLE_SEP]; k++) {
            const doc_cue *q = &c->cues[k];
            const char *p = df_find(t + i, len - i, q->s, q->len);
            if (p && (size_t)(p - t) < e) e = (size_t)(p - t), w = q->len;
        }
        const char *part = t + i;
        size_t n = e - i;
        df_trim(&part, &n);
        if (n && df_has_cue(c, CUE_TITLE, part, n)) return df_dupn(part, n);
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
    while (i + 3 <= n && df_find(cn, strlen(cn), l + i, 3))
        i += 3;
    if (i && starts(l + i, n - i, "、")) return 1;
    if (n && (l[0] == '(' || starts(l, n, "（"))) return 1;
    for (i = 0; i < n && is_digit(l[i]); i++) {
    }
    return i && i < n && (l[i] == '.' || starts(l + i, n - i, "、"));
}

/* Whether a line could be the title: short, with a title word, not chrome,
 * not a heading, not a sentence ("现将有关情况报告如下:"). searched: l lies
 * in a line of the stripped text shorter than CHROME_LINE_MAX, which
 * df_strip_chrome found no chrome cue in (else it is blank). */
static int title_like(const zb_doc_cues *c, const char *l, size_t n, int searched) {
    /* the cheap tests first: most lines of text are sentences (a 。 found
     * by memchr); then the title cue, which few lines have (chrome lines
     * are blanked) */
    return n >= 18 && n <= TITLE_LINE_MAX && l[n - 1] != ':' && !df_find(l, n, "。", 3) &&
           df_has_cue(c, CUE_TITLE, l, n) && (searched || !df_is_chrome_line(c, l, n)) &&
           !df_find(l, n, "如下", 6) && !starts_with_marker(l, n);
}

/* How much a title-like line looks like a report title: a year and 报告 or
 * 情况 count (a menu item "法治政府建设" has neither). */
static int title_score(const zb_doc_cues *c, const char *l, size_t n) {
    int sc = 1;
    for (size_t i = 0; i + 7 <= n; i++)
        if (is_digit(l[i]) && df_year_at(c, l, n, i)) {
            sc += 2;
            break;
        }
    if (df_find(l, n, "报告", 6)) sc += 2;
    if (df_find(l, n, "情况", 6)) sc += 1;
    return sc;
}

/* A title line from a page's metadata block (- 标 题:某区…报告): the list
 * bullet and a short field label ending with a colon (at most four
 * characters, spaces aside, and no title word) are no part of the title. */
static void drop_label(const zb_doc_cues *c, const char **l, size_t *n) {
    while (*n && ((*l)[0] == '-' || (*l)[0] == '*' || (*l)[0] == ' ')) {
        (*l)++;
        (*n)--;
    }
    if (starts(*l, *n, "•") || starts(*l, *n, "·")) {
        size_t k = (unsigned char)(*l)[0] == 0xE2 ? 3 : 2;
        *l += k, *n -= k;
        df_trim(l, n);
    }
    size_t chars = 0;
    for (size_t i = 0; i < *n && chars <= 4;) {
        if ((*l)[i] == ':') {
            if (chars && !df_has_cue(c, CUE_TITLE, *l, i)) {
                *l += i + 1, *n -= i + 1;
                df_trim(l, n);
            }
            return;
        }
        if ((*l)[i] == ' ') {
            i++;
            continue;
        }
        if ((unsigned char)(*l)[i] < 0xE0) return; /* labels are Chinese words */
        i += 3;
        chars++;
    }
}

/* The best title-like line near the top (earliest among equals); *at: where
 * it starts in s. */
static char *title_from_text(const zb_doc_cues *c, const char *s, size_t len, size_t *at) {
    size_t lines = 0;
    const char *best = NULL;
    size_t best_n = 0;
    int best_sc = 0;
    for (size_t i = 0; i < len && lines < TITLE_SCAN_LINES;) {
        size_t e = line_end(s, len, i);
        const char *l = s + i;
        size_t n = e - i;
        df_trim(&l, &n);
        int sc = n && title_like(c, l, n, e - i < CHROME_LINE_MAX) ? title_score(c, l, n) : 0;
        if (sc > best_sc) best = l, best_n = n, best_sc = sc;
        lines += n > 0;
        i = e + 1;
    }
    if (best) drop_label(c, &best, &best_n);
    if (best) *at = (size_t)(best - s);
    return best && best_n ? df_dupn(best, best_n) : NULL;
}

/* ---- putting it together ---- */

/* A province found for a text that never speaks as one (全省, 我省, 本省)
 * but as a bureau (我局, 本局), and names one county or city of it as a
 * department's (西秀区统计局, in the list of its own duties): that division's
 * bureau wrote it, and the province's name came from the rules it applies
 * (《贵州省统计行政处罚裁量权裁量基准》). NULL when none or several. */
static const zb_region *bureau_division(const zb_gazetteer *g, const zb_doc_cues *c, const char *t,
                                        size_t len, const zb_region_scan *hits,
                                        const zb_region *reg) {
    if (reg->level != ZB_LEVEL_PROVINCE) return NULL;
    int bureau = 0; /* a bureau-self word: 我局, 本局 */
    for (size_t k = c->lo[CUE_BUREAU_SELF]; k < c->hi[CUE_BUREAU_SELF] && !bureau; k++)
        bureau = df_find(t, len, c->cues[k].s, c->cues[k].len) != NULL;
    if (!bureau || zb_region_names_province_self(g, t, len)) return NULL;
    zb_region_mention m[MAX_MENTIONS];
    size_t n = hits && hits->exact ? zb_region_mentions_in(g, hits, t, 0, len, m, MAX_MENTIONS)
                                   : zb_region_mentions(g, t, len, m, MAX_MENTIONS);
    const zb_region *one = NULL;
    for (size_t k = 0; k < n; k++) {
        const zb_region *r = m[k].region, *p = r;
        while (p && p != reg)
            p = zb_gazetteer_parent(g, p);
        const doc_cue *q = p && r != reg ? df_issuer_ending(c, t, len, m[k].end) : NULL;
        if (!q || q->kind != CUE_DEPT) continue;
        if (one && one != r) return NULL;
        one = r;
    }
    return one;
}

/* r's region: reg's full name, code and level. 0, or -1 out of memory. */
static int set_region(zb_report *r, const zb_region *reg) {
    if (df_set_str(&r->region.name, df_dupn(reg->fullname, strlen(reg->fullname))) ||
        df_set_str(&r->region.code, df_dupn(reg->code, strlen(reg->code))))
        return -1;
    r->region.level = reg->level;
    return 0;
}

static int fill_region(const zb_gazetteer *g, const zb_doc_cues *c, const char *raw, const char *t,
                       size_t len, const char *title, const zb_region_scan *title_hits,
                       const zb_region_scan *hits, df_opening *op, zb_report *r) {
    zb_region_hints h = {title, title ? strlen(title) : 0, op->o + HEAD_SPAN,
                         zb_region_index_code_in(g, hits, raw, len), title_hits};
    const zb_region *reg = zb_region_find_in(g, hits, t, len, &h);
    const zb_region *bureau = reg ? bureau_division(g, c, t, len, hits, reg) : NULL;
    if (bureau) reg = bureau;
    /* a town or street report naming no county: the county of its town
     * (the contract's levels stop at the county), when only one county has
     * a town of that name in the whole country, or in the province or city
     * the text names (西兴街道 and 浙江). Else no region: a province for a
     * town's report is wrong at the level, and null beats a guess. */
    const zb_region *county;
    if ((!reg || reg->level != ZB_LEVEL_COUNTY) &&
        !df_own_town(g, c, t, raw, len, title, title_hits, reg, op, &county))
        reg = county;
    /* no area named and no town's report: the local paper the text was
     * written for (来源:莆田晚报, 《福建日报》) */
    else if (!reg && !(reg = zb_region_press(g, raw, t, len)))
        /* nor a paper: the province whose files it cites (苏依法办〔2019〕5号)
         * when it speaks as a province */
        reg = zb_region_docno(g, hits, t, len);
    return reg ? set_region(r, reg) : 0;
}

/* The county an issuer's name opens with (社旗县人民法院, 某县司法局) when no
 * region was found or the one found is that county's city or province: the
 * body that wrote the report is the county's, and the city came from the
 * local paper it was printed in (《南阳日报》) or a superior it names, while
 * the county's own mentions were taken for a third party's (法院 is an org
 * word). Only a full name that one division has; NULL otherwise. */
static const zb_region *issuer_county(const zb_gazetteer *g, const zb_report *r) {
    if (!r->issuer.name) return NULL;
    const zb_region *reg = r->region.code ? zb_gazetteer_by_code(g, r->region.code) : NULL;
    if (reg && reg->level == ZB_LEVEL_COUNTY) return NULL;
    zb_region_mention m[2];
    size_t n = zb_region_mentions(g, r->issuer.name, strlen(r->issuer.name), m, 2);
    if (n != 1 && !(n == 2 && m[1].start != m[0].start)) return NULL;
    const zb_region *c = m[0].region;
    if (m[0].start || m[0].alias || c->level != ZB_LEVEL_COUNTY) return NULL;
    if (!reg) return c;
    for (const zb_region *p = zb_gazetteer_parent(g, c); p; p = zb_gazetteer_parent(g, p))
        if (p == reg) return c;
    return NULL;
}

int zb_docfields_find(const zb_gazetteer *g, const zb_doc_cues *cues, const char *s, size_t len,
                      const char *html_title, const char *meta_date, zb_report *r, char *err,
                      size_t errlen) {
    if (!cues || !r || (!s && len)) return snprintf(err, errlen, "docfields: bad arguments"), -1;
    if (!s) s = "";
    /* one scan for gazetteer names: the place menus among the short lines,
     * then (chrome lines dropped) the region's scores and the issuer's
     * region names are read off it; the title gets one of its own */
    zb_region_scan hits, th;
    zb_region_scan_init(&hits);
    zb_region_scan_init(&th);
    df_digits digits;
    df_digits_init(&digits);
    char *t = NULL;
    if (g && zb_region_scan_text(g, s, len, &hits)) goto nomem;
    /* the digit runs, where dates and years are looked for: those the
     * scan recorded, else a pass of their own */
    if (g && hits.exact)
        digits.v = hits.digit, digits.n = hits.n_digit;
    else if (df_digits_find(s, len, &digits))
        goto nomem;
    char date[11];
    int have_date = !df_published(cues, s, len, &digits, date) ||
                    (meta_date && df_parse_date(meta_date, strlen(meta_date), 0, date));
    if (have_date && df_set_str(&r->published_date, df_dupn(date, 10))) goto nomem;
    if (!(t = df_strip_chrome(g, cues, s, len, g ? &hits : NULL))) goto nomem;
    char *title = html_title ? title_from_html(cues, html_title) : NULL;
    size_t at = len; /* where a title taken from the text starts in it */
    if (!title) title = title_from_text(cues, t, len, &at);
    if (!title) at = len;
    if (title && df_set_str(&r->title, title)) goto nomem;
    /* the title's names and digits, read by the year, region, town and
     * issuer passes (each scanned the title before); a line of the text
     * has them in the page's scan already */
    const zb_region_scan *title_hits = NULL;
    if (g && r->title) {
        size_t tn = strlen(r->title);
        if ((at == len || zb_region_scan_sub(&hits, s, at, at + tn, &th)) &&
            zb_region_scan_text(g, r->title, tn, &th))
            goto nomem;
        if (th.exact) title_hits = &th;
    }
    df_opening op; /* where the report text starts, and who it is about */
    df_opening_init(&op, t, len);
    op.hits = g ? &hits : NULL; /* the scan of s, made the scan of t */
    int y = df_year(cues, t, len, &digits, op.o, r->title, title_hits, r->published_date);
    if (y) r->report_year = y;
    if ((g && fill_region(g, cues, s, t, len, r->title, title_hits, &hits, &op, r)) ||
        df_fill_issuer(g, cues, t, len, r->title, title_hits, g ? &hits : NULL, &op, r))
        goto nomem;
    const zb_region *own = g ? issuer_county(g, r) : NULL;
    if (own && set_region(r, own)) goto nomem;
    free(t);
    df_digits_free(&digits);
    zb_region_scan_free(&hits);
    zb_region_scan_free(&th);
    return 0;
nomem:
    free(t);
    df_digits_free(&digits);
    zb_region_scan_free(&hits);
    zb_region_scan_free(&th);
    snprintf(err, errlen, "docfields: out of memory");
    return -1;
}
