/* test_text.c - unit tests of the decode layer (worker/extract/text*.c) on the
 * team's fixtures in tests/fixtures/text/. Every successful decode is also
 * checked against invariants: valid UTF-8, no NUL, off[] inside the input,
 * and each output char traced back to the exact input bytes that render it
 * (re-encoded with iconv, independently of the decoder's own tables).
 *
 *   test_text FIXTURE_DIR CONFIG_DIR        run the tests
 *   test_text --dump CONFIG_DIR FILE [ct]   print what a file decodes to */
#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "budget.h"
#include "text.h"
#include "text_internal.h"
#include "text_unwrap.h"
#include "zb_extract.h"
#include "test_utf8.h"
#include "../check.h"

static const zb_t2s *T;
static const char *FIX;

static char *slurp(const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", FIX, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static size_t u8len(unsigned char c) { return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Every char of s: same off on all its bytes; the input at off holds exactly
 * the original char (in the input's encoding), or an entity / CR for HTML. */
static void invariants(const zb_text *t, const char *in, size_t len, const char *name) {
    CHECK(strlen(t->s) == t->len, "%s: NUL inside s", name);
    CHECK(t->off[t->len] == len, "%s: off[len]=%u want %zu", name, t->off[t->len], len);
    CHECK(t->len == 0 || (t->s[0] != '\n' && t->s[t->len - 1] != '\n'), "%s: edge newline", name);
    CHECK(strstr(t->s, "\n\n") == NULL && strstr(t->s, "  ") == NULL, "%s: empty line/double space",
          name);
    int bad = 0, mono = 1;
    for (size_t i = 0; i < t->len && bad < 3;) {
        size_t l = u8len((unsigned char)t->s[i]);
        for (size_t k = 1; k < l; k++)
            if (t->off[i + k] != t->off[i]) bad++;
        if (i && t->off[i] < t->off[i - 1]) mono = 0;
        char c = t->s[i];
        if (c != ' ' && c != '\n') {
            zb_buf o = ZB_BUF_INIT;
            zb_text_original(t, i, i + l, &o);
            char enc[16];
            size_t el = o.len;
            memcpy(enc, o.p, o.len < 16 ? o.len : 16);
            if (t->encoding[0] == 'g') el = test_to_gb(o.p, o.len, enc, sizeof enc);
            size_t at = t->off[i];
            int ok = at < len && at + el <= len && memcmp(in + at, enc, el) == 0;
            if (!ok && t->is_html) ok = at < len && (in[at] == '&' || in[at] == '\r');
            if (!ok) {
                bad++;
                fprintf(stderr, "  %s: s[%zu]='%.*s' (orig '%.*s') but input at %zu is '%.*s'\n",
                        name, i, (int)l, t->s + i, (int)o.len, o.p, at, 6,
                        in + (at < len ? at : 0));
            }
            zb_buf_free(&o);
        }
        i += l;
    }
    CHECK(bad == 0, "%s: %d chars do not map back to their input bytes", name, bad);
    if (!t->is_html) CHECK(mono, "%s: offsets decrease in plain text", name);
    /* zb_text_span trusts off_back: set whenever the map goes back */
    int back = 0;
    for (size_t i = 1; i < t->len; i++)
        back |= t->off[i] < t->off[i - 1];
    CHECK(!back || t->off_back, "%s: the map goes back but off_back is 0", name);
    CHECK(t->is_html || !t->off_back, "%s: off_back set on plain text", name);
}

static zb_status dec(const char *in, size_t len, const char *ct, const char *cs, size_t max,
                     zb_text *t, char *err) {
    return zb_text_decode(T, in, len, ct, cs, max, t, err, 256);
}

/* The input bytes a normalized substring maps to, and its evidence text. */
static void expect_span(const zb_text *t, const char *in, const char *norm, const char *raw,
                        size_t rawlen, const char *evidence, const char *name) {
    const char *hit = strstr(t->s, norm);
    CHECK(hit != NULL, "%s: '%s' not in text", name, norm);
    if (!hit) return;
    size_t a = (size_t)(hit - t->s), b = a + strlen(norm);
    uint64_t s, e;
    zb_text_span(t, a, b, &s, &e);
    CHECK(e - s == rawlen && memcmp(in + s, raw, rawlen) == 0,
          "%s: '%s' maps to [%llu,%llu) '%.*s', want '%.*s'", name, norm, (unsigned long long)s,
          (unsigned long long)e, (int)(e - s), in + s, (int)rawlen, raw);
    if (evidence) {
        zb_buf o = ZB_BUF_INIT;
        zb_text_original(t, a, b, &o);
        CHECK(o.len == strlen(evidence) && memcmp(o.p, evidence, o.len) == 0,
              "%s: evidence '%.*s' want '%s'", name, (int)o.len, o.p, evidence);
        zb_buf_free(&o);
    }
}

static void expect_gb_span(const zb_text *t, const char *in, const char *norm, const char *orig_u8,
                           const char *evidence, const char *name) {
    char gb[256];
    size_t gl = test_to_gb(orig_u8, strlen(orig_u8), gb, sizeof gb);
    expect_span(t, in, norm, gb, gl, evidence, name);
}

static void test_utf8(void) {
    size_t len;
    char *in = slurp("report-utf8.txt", &len), err[256];
    zb_text t;
    CHECK(dec(in, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.encoding, "utf-8") == 0 && !t.is_html && t.script == ZB_SCRIPT_SIMPLIFIED &&
              !t.truncated,
          "utf8 fields");
    const char *head = "紫金县司法局2020年法治政府建设年度报告\n2020年,我县坚持";
    CHECK(strncmp(t.s, head, strlen(head)) == 0, "start: %.80s", t.s);
    expect_span(&t, in, "申请32件", "申请３２件", strlen("申请３２件"), "申请３２件", "utf8");
    expect_span(&t, in, "应诉率达100%", "应诉率达１００％", strlen("应诉率达１００％"), NULL,
                "utf8");
    expect_span(&t, in, "约2.6万份", "约２．６万份", strlen("约２．６万份"), NULL, "utf8");
    CHECK(strstr(t.s, "\n一、主要成效\n(一)行政复议和应诉。") != NULL, "headings on own lines");
    CHECK(strstr(t.s, "“八五”普法") != NULL, "curly quotes kept");
    invariants(&t, in, len, "utf8");
    char *s_utf8 = strdup(t.s);
    zb_text_free(&t);

    char *bom = slurp("report-utf8-bom.txt", &len);
    CHECK(dec(bom, len, "text/plain", NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.s, s_utf8) == 0, "BOM changes the text");
    CHECK(t.off[0] == 3, "BOM offset %u", t.off[0]);
    expect_span(&t, bom, "申请32件", "申请３２件", strlen("申请３２件"), NULL, "bom");
    invariants(&t, bom, len, "bom");
    zb_text_free(&t);
    free(bom);

    char *gb = slurp("report-gb18030.txt", &len);
    CHECK(dec(gb, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.encoding, "gb18030") == 0, "gb encoding %s", t.encoding);
    CHECK(strcmp(t.s, s_utf8) == 0, "GB18030 text differs from UTF-8:\n%s", t.s);
    expect_gb_span(&t, gb, "申请32件", "申请３２件", "申请３２件", "gb");
    expect_gb_span(&t, gb, "紫金县司法局\n2021年3月29日", "紫金县司法局\r\n2021年3月29日",
                   "紫金县司法局\n2021年3月29日", "gb");
    invariants(&t, gb, len, "gb");
    zb_text_free(&t);
    /* a crawler's hint says gb2312, page has a meta saying utf-8: bytes decide */
    CHECK(dec(gb, len, "text/plain; charset=ISO-8859-1", "gb2312", 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.s, s_utf8) == 0, "hinted GB text differs");
    zb_text_free(&t);
    free(gb);
    free(s_utf8);
    free(in);
}

/* What takes bytes that would pass for Big5 out of it, as the GB18030 text
 * they also are: a four-byte GB18030 code (whole, or cut by the end), a pair
 * Big5 has not, or fewer than 20 pairs. Decoded as GB18030, not refused. */
static void big5_edges(const char *b5, size_t len) {
    char *buf = malloc(len + 16), err[256];
    size_t half = len / 2;
    while (half < len && b5[half - 1] != '\n')
        half++; /* a line start: not inside a pair (trail bytes are >= 0x40) */
    struct {
        const char *name, *ins;
        size_t at; /* where ins goes (SIZE_MAX: the end) */
    } cases[] = {{"4-byte code", "\x81\x30\x81\x30", half},
                 {"cut 4-byte code", "\x81\x30", SIZE_MAX},
                 {"non-Big5 pair", "\x81\x40", half}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t at = cases[k].at == SIZE_MAX ? len : cases[k].at, il = strlen(cases[k].ins);
        memcpy(buf, b5, at);
        memcpy(buf + at, cases[k].ins, il);
        memcpy(buf + at + il, b5 + at, len - at);
        zb_text t;
        zb_status st = dec(buf, len + il, NULL, NULL, 0, &t, err);
        CHECK(st == ZB_OK && strcmp(t.encoding, "gb18030") == 0, "big5 %s: %d %s", cases[k].name,
              st, err);
        if (st == ZB_OK) zb_text_free(&t);
    }
    size_t n = 0, pairs = 0; /* a prefix of 19 pairs */
    while (n + 1 < len && pairs < 19)
        if ((unsigned char)b5[n] >= 0x80)
            n += 2, pairs++;
        else
            n++;
    zb_text t;
    zb_status st = dec(b5, n, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_OK && strcmp(t.encoding, "gb18030") == 0, "19 Big5 pairs: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    free(buf);
}

static void test_traditional(void) {
    size_t len;
    char *in = slurp("report-traditional.txt", &len), err[256];
    zb_text t;
    CHECK(dec(in, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(t.script == ZB_SCRIPT_TRADITIONAL, "script %d (%zu of %zu changed)", t.script, t.n_t2s,
          t.n_cjk);
    CHECK(strstr(t.s, "香港特别行政区律政司二〇二〇年度法治工作报告") != NULL, "t2s: %.60s", t.s);
    expect_span(&t, in, "败诉率为8.1%", "敗訴率為８．１％", strlen("敗訴率為８．１％"),
                "敗訴率為８．１％", "trad");
    expect_span(&t, in, "一百二十余场", "一百二十餘場", strlen("一百二十餘場"), "一百二十餘場",
                "trad");
    invariants(&t, in, len, "trad");
    zb_text_free(&t);
    free(in);
    /* the same report in GB18030 decodes to the same text; in Big5 it is
     * refused (it would be valid GBK bytes, but garbage) */
    in = slurp("report-traditional-gb18030.txt", &len);
    CHECK(dec(in, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(t.script == ZB_SCRIPT_TRADITIONAL && strstr(t.s, "香港特别行政区律政司二零二零年度"),
          "trad gb: %.60s", t.s);
    invariants(&t, in, len, "trad-gb");
    zb_text_free(&t);
    free(in);
    in = slurp("report-big5.txt", &len);
    zb_status st = dec(in, len, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_E_ENCODING && strstr(err, "Big5"), "big5: %d %s", st, err);
    big5_edges(in, len);
    free(in);
    /* simplified text is never run through t2s (t2s maps 乾 -> 干) */
    const char *s = "乾隆年间修建的水利工程，至今仍在使用，当地群众依法管理。";
    CHECK(dec(s, strlen(s), NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(t.script == ZB_SCRIPT_SIMPLIFIED && strstr(t.s, "乾隆") != NULL, "simplified touched: %s",
          t.s);
    zb_text_free(&t);
}

/* GB18030 four-byte codes (BMP table and the linear supplementary range)
 * and two-byte codes decode to what iconv says. */
static void test_gb_codes(void) {
    const char *u = "中文𠀀𤭢𪚥€·—〇ǹ⺁䶵鿿\U0010FFFD\U00010000 "
                    "结束。这是一段用于校验的文字，足够长。";
    char gb[256], err[256];
    size_t gl = test_to_gb(u, strlen(u), gb, sizeof gb);
    CHECK(gl > 0, "iconv to GB18030");
    zb_text t;
    CHECK(dec(gb, gl, NULL, "gb18030", 0, &t, err) == ZB_OK, "%s", err);
    if (t.s) {
        CHECK(strcmp(t.encoding, "gb18030") == 0, "gb codes encoding %s", t.encoding);
        zb_buf o = ZB_BUF_INIT;
        zb_text_original(&t, 0, t.len, &o);
        CHECK(o.len == strlen(u) && memcmp(o.p, u, o.len) == 0, "gb codes: '%.*s'", (int)o.len,
              o.p);
        zb_buf_free(&o);
        invariants(&t, gb, gl, "gb-codes");
        zb_text_free(&t);
    }
}

static void test_fullwidth(void) {
    size_t len;
    char *in = slurp("fullwidth.txt", &len), err[256];
    zb_text t;
    CHECK(dec(in, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.s,
                 "全年办理案件1,234件,同比增长17.1%;行政复议纠错率:12.5%(较上年下降)。ABC xyz") ==
              0,
          "fullwidth: %s", t.s);
    expect_span(&t, in, "12.5%", "１２．５％", strlen("１２．５％"), "１２．５％", "fw");
    invariants(&t, in, len, "fw");
    zb_text_free(&t);
    free(in);
}

static void expect_html(const char *file, int gb) {
    size_t len;
    char *in = slurp(file, &len), err[256];
    zb_text t;
    CHECK(dec(in, len, "text/html", NULL, 0, &t, err) == ZB_OK, "%s: %s", file, err);
    if (check_failures) fprintf(stderr, "%s:\n%s\n", file, t.s ? t.s : "");
    CHECK(t.is_html && strcmp(t.encoding, gb ? "gb18030" : "utf-8") == 0, "%s fields", file);
    CHECK(t.html_title &&
              strcmp(t.html_title, "紫金县2020年法治政府建设年度报告_紫金县人民政府") == 0,
          "title %s", t.html_title ? t.html_title : "(null)");
    CHECK(t.published && strcmp(t.published, "2021-03-29 10:15") == 0, "published %s",
          t.published ? t.published : "(null)");
    int source = 0;
    for (size_t i = 0; i < t.n_meta; i++)
        source |= strcmp(t.meta[i].name, "contentsource") == 0 &&
                  strcmp(t.meta[i].content, "紫金县司法局") == 0;
    CHECK(source, "%s: meta ContentSource missing", file);
    static const char *const gone[] = {"脚本",      "样式",     "首页",       "机构概况",
                                       "分享到",    "版权所有", "请启用脚本", "当前位置",
                                       "font-size", "<",        NULL};
    for (int i = 0; gone[i]; i++)
        CHECK(!strstr(t.s, gone[i]), "%s: chrome '%s' kept", file, gone[i]);
    static const char *const kept[] = {
        "紫金县2020年法治政府建设年度报告\n发布时间:2021-03-29 来源:紫金县司法局\n2020年,",
        "法治政府建设取得新进展。\n一、主要成效\n",
        "行政诉讼败诉率为8.1%,比上年下降3个百分点…",
        "120余场&发放资料约2.6万份。",
        "\n行政应诉案件 198件\n败诉案件 16件\n",
        "二、存在的问题\n基层执法力量薄弱。",
        NULL};
    for (int i = 0; kept[i]; i++)
        CHECK(strstr(t.s, kept[i]), "%s: missing '%s'", file, kept[i]);
    if (gb) {
        expect_gb_span(&t, in, "8.1%", "8.1&#37;", "8.1%", file);
        expect_gb_span(&t, in, "法治政府建设取得", "法治政府</b>建设取得", "法治政府建设取得",
                       file);
        expect_gb_span(&t, in, "申请32件", "申请３２件", "申请３２件", file);
    } else {
        expect_span(&t, in, "8.1%", "8.1&#37;", 8, "8.1%", file);
        expect_span(&t, in, "法治政府建设取得", "法治政府</b>建设取得",
                    strlen("法治政府</b>建设取得"), "法治政府建设取得", file);
        expect_span(&t, in, "3个百分点…", "&#x33;个百分点&hellip;",
                    strlen("&#x33;个百分点&hellip;"), NULL, file);
    }
    invariants(&t, in, len, file);
    zb_text_free(&t);
    free(in);
}

/* Text misplaced inside a <table> (outside any cell) is moved before the
 * table by the HTML tree builder, so the map goes back in HTML; a span over
 * such text still holds every char it covers, never runs backwards. */
static void test_html_out_of_order(void) {
    const char *in = "<html><body><table><tr><td>执法人员持证上岗率达到百分之百</td></tr>"
                     "漏在单元格外的说明文字</table><p>其后的正文段落</p></body></html>";
    char err[256];
    zb_text t;
    CHECK(dec(in, strlen(in), "text/html", NULL, 0, &t, err) == ZB_OK, "%s", err);
    const char *cell = strstr(in, "执法"), *loose = strstr(in, "漏在");
    const char *a = strstr(t.s, "漏在"), *b = strstr(t.s, "执法");
    CHECK(a && b && a < b, "fostered text first: %s", t.s);
    if (a && b && a < b) {
        size_t ia = (size_t)(a - t.s), ib = (size_t)(b - t.s);
        CHECK(t.off[ib] < t.off[ia], "the map goes back here");
        CHECK(t.off_back, "off_back not set on a map that goes back");
        uint64_t st, en;
        zb_text_span(&t, ia, ib + strlen("执法"), &st, &en);
        CHECK(st == (uint64_t)(cell - in) &&
                  en == (uint64_t)(loose - in) + strlen("漏在单元格外的说明文字"),
              "span [%llu,%llu) want [%td,%td)", (unsigned long long)st, (unsigned long long)en,
              cell - in, loose - in + (ptrdiff_t)strlen("漏在单元格外的说明文字"));
        /* pieces in order still map exactly */
        expect_span(&t, in, "漏在单元格外的说明文字", loose, strlen("漏在单元格外的说明文字"),
                    "漏在单元格外的说明文字", "fostered");
        expect_span(&t, in, "其后的正文段落", strstr(in, "其后"), strlen("其后的正文段落"), NULL,
                    "fostered");
    }
    invariants(&t, in, strlen(in), "fostered");
    zb_text_free(&t);
}

/* Pinyin readings after characters, as machine-converted mirror pages
 * print them, are dropped; brackets holding anything else stay. */
static void expect_norm(const char *in, const char *ct, const char *want, const char *name) {
    char err[256];
    zb_text t;
    CHECK(dec(in, strlen(in), ct, NULL, 0, &t, err) == ZB_OK, "%s: %s", name, err);
    CHECK(t.s && strcmp(t.s, want) == 0, "%s: got '%s' want '%s'", name, t.s ? t.s : "", want);
    if (t.s) invariants(&t, in, strlen(in), name);
    zb_text_free(&t);
}

static void test_pinyin(void) {
    /* traditional text with toned readings: converted, readings gone */
    const char *trad = "各級機關(guān)推進依法行政,完善執(zhí)法監(jiān)督機制。";
    expect_norm(trad, NULL, "各级机关推进依法行政,完善执法监督机制。", "pinyin trad");
    /* a span over a dropped reading covers its input bytes; the evidence
     * is the characters without it */
    char err[256];
    zb_text t;
    CHECK(dec(trad, strlen(trad), NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    expect_span(&t, trad, "机关推进", "機關(guān)推進", strlen("機關(guān)推進"), "機關推進",
                "pinyin span");
    zb_text_free(&t);
    /* simplified text, full-width brackets, a toneless (neutral) reading */
    expect_norm("社区（qū）干部们(men)每月走访一次。", NULL, "社区干部们每月走访一次。",
                "pinyin fullwidth");
    /* the same in an HTML page and in GB18030 */
    expect_norm("<p>法律顧(gù)問進社區(qū)</p>", "text/html", "法律顾问进社区", "pinyin html");
    const char *u = "調(diào)解員講解法律知識(shí)。";
    char gb[256];
    size_t gl = test_to_gb(u, strlen(u), gb, sizeof gb - 1);
    gb[gl] = '\0';
    CHECK(gl > 0, "iconv");
    expect_norm(gb, NULL, "调解员讲解法律知识。", "pinyin gb18030");
    /* not readings: units, codes, enumeration marks, after a digit, a
     * space before the bracket, a word that is no syllable */
    expect_norm("道路里程(km)和重量(kg)按(PPP)模式统计,附件(a)另附。", NULL,
                "道路里程(km)和重量(kg)按(PPP)模式统计,附件(a)另附。", "pinyin units");
    expect_norm("2022(nián)年 办理(xué)和办理 (xué)以及办理(xyz)。", NULL,
                "2022(nián)年 办理和办理 (xué)以及办理(xyz)。", "pinyin edges");
}

/* An old table-layout page (GB2312): menu column, breadcrumb, prev/next
 * links, print/close links, hidden block; content in a <td> with unclosed <p>. */
static void test_table_page(void) {
    size_t len;
    char *in = slurp("page-table-gb2312.html", &len), err[256];
    zb_text t;
    CHECK(dec(in, len, NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(t.is_html && strcmp(t.encoding, "gb18030") == 0, "table page fields");
    CHECK(t.published && strcmp(t.published, "2020-02-28") == 0, "published");
    static const char *const gone[] = {"县情概况", "您现在的位置", "上一篇",     "下一篇",
                                       "打印本页", "关闭窗口",     "隐藏的统计", NULL};
    for (int i = 0; gone[i]; i++)
        CHECK(!strstr(t.s, gone[i]), "table page: '%s' kept", gone[i]);
    static const char *const kept[] = {
        "关于2019年度法治政府建设情况的报告\n发布日期:2020年02月28日",
        "\n全年清理规范性文件46件,废止12件,行政复议申请18件,依法受理16件。\n",
        "继续推进依法行政。\n某某县人民政府\n2020年2月28日", NULL};
    for (int i = 0; kept[i]; i++)
        CHECK(strstr(t.s, kept[i]), "table page: missing '%s'", kept[i]);
    expect_gb_span(&t, in, "行政复议申请18件,", "行政复议申请１８件，", "行政复议申请１８件，",
                   "table");
    invariants(&t, in, len, "table");
    if (check_failures) fprintf(stderr, "%s\n", t.s);
    zb_text_free(&t);
    free(in);
}

/* Elements hidden by their style are dropped whatever the case and spacing
 * of "display:none" / "visibility:hidden" (compared without spaces, lower
 * case, in the first 255 bytes of the style); other styles keep them. */
static void test_hidden_styles(void) {
    static const struct {
        const char *style;
        int hidden;
    } st[] = {{"display:none", 1},
              {"DISPLAY : NONE", 1},
              {"color:red; display:\tnone", 1},
              {"visibility: Hidden", 1},
              {"dis play:no ne", 1},
              {"x:display:none", 1},
              {"color:red;text-align:center", 0},
              {"display:block", 0},
              {"font-family:none-such", 0},
              {"visibility:visible;height:100px", 0},
              {"display;none", 0}};
    static const char *const han[] = {"甲", "乙", "丙", "丁", "戊", "己",
                                      "庚", "辛", "壬", "癸", "子"};
    char page[4096], err[256];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body>");
    for (size_t i = 0; i < sizeof st / sizeof *st; i++)
        n += (size_t)snprintf(page + n, sizeof page - n, "<div style=\"%s\">%s段落文字内容</div>",
                              st[i].style, han[i]);
    /* a match beyond the 255 bytes compared is not seen */
    n += (size_t)snprintf(page + n, sizeof page - n,
                          "<div style=\"%0300d;display:none\">丑段落文字内容</div>", 0);
    n += (size_t)snprintf(page + n, sizeof page - n, "</body></html>");
    zb_text t;
    CHECK(dec(page, n, "text/html", NULL, 0, &t, err) == ZB_OK, "hidden styles: %s", err);
    if (!t.s) return;
    for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
        char want[32];
        snprintf(want, sizeof want, "%s段落", han[i]);
        CHECK((strstr(t.s, want) == NULL) == st[i].hidden, "style '%s': text %s", st[i].style,
              st[i].hidden ? "kept" : "dropped");
    }
    CHECK(strstr(t.s, "丑段落") != NULL, "a long style's late display:none hid the text");
    zb_text_free(&t);
}

/* id/class words against the chrome list of config/text-html.tsv: whole
 * words ("foot", "ads") or prefixes ("nav*", "sidebar*"), any case, words
 * split at '-', '_', spaces and camelCase. */
static void test_chrome_words(void) {
    static const struct {
        const char *attr;
        int chrome;
    } at[] = {{"class=\"Sidebar-left\"", 1},  {"id=\"mainNav\"", 1},    {"class=\"foot\"", 1},
              {"class=\"footnote\"", 0},      {"class=\"ADS x\"", 1},   {"class=\"adsense\"", 0},
              {"id=\"page_Breadcrumbs\"", 1}, {"class=\"content\"", 0}, {"class=\"navy-text\"", 1},
              {"id=\"x1 y2 zCopyright\"", 1}};
    static const char *const han[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    char page[4096], err[256];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body>");
    /* enough kept text that dropping the chrome ones is right for the page */
    for (int i = 0; i < 6; i++)
        n +=
            (size_t)snprintf(page + n, sizeof page - n, "<p>正文第%d段落的文字内容较长一些</p>", i);
    for (size_t i = 0; i < sizeof at / sizeof *at; i++)
        n +=
            (size_t)snprintf(page + n, sizeof page - n, "<div %s>%s栏目</div>", at[i].attr, han[i]);
    n += (size_t)snprintf(page + n, sizeof page - n, "</body></html>");
    zb_text t;
    CHECK(dec(page, n, "text/html", NULL, 0, &t, err) == ZB_OK, "chrome words: %s", err);
    if (!t.s) return;
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        char want[32];
        snprintf(want, sizeof want, "%s栏目", han[i]);
        CHECK((strstr(t.s, want) == NULL) == at[i].chrome, "%s: text %s", at[i].attr,
              at[i].chrome ? "kept" : "dropped");
    }
    zb_text_free(&t);
}

/* <title> and <meta content> are normalized like body text: full-width
 * forms narrowed, spaces collapsed and trimmed, a line break between two CJK
 * characters (full-width forms count, as written) dropped, a pinyin reading
 * after a Han character removed. */
static void test_head_strings(void) {
    const char page[] = "<html><head><title>  紫金县（2020）年度\n报告\xE3\x80\x80第１期  </title>"
                        "<meta name=\"Keywords\" content=\"学(xué)习  ＡＢＣ\r\n１２３\">"
                        "</head><body><p>正文段落的文字内容</p></body></html>";
    char err[256];
    zb_text t;
    CHECK(dec(page, sizeof page - 1, "text/html", NULL, 0, &t, err) == ZB_OK, "head: %s", err);
    if (!t.s) return;
    CHECK(t.html_title && strcmp(t.html_title, "紫金县(2020)年度报告 第1期") == 0, "title '%s'",
          t.html_title ? t.html_title : "(null)");
    CHECK(t.n_meta == 1 && strcmp(t.meta[0].name, "keywords") == 0 &&
              strcmp(t.meta[0].content, "学习 ABC123") == 0,
          "meta '%s'", t.n_meta ? t.meta[0].content : "(none)");
    zb_text_free(&t);
}

static void test_html(void) {
    expect_html("page-utf8.html", 0);
    expect_html("page-gbk.html", 1);
    test_table_page();
    char err[256];
    zb_text t;
    /* sent as text/html but plain text: lines survive */
    const char *plain = "第一行 文字\n第二行文字\n";
    CHECK(dec(plain, strlen(plain), "text/html; charset=utf-8", NULL, 0, &t, err) == ZB_OK, "%s",
          err);
    CHECK(!t.is_html && strcmp(t.s, "第一行 文字\n第二行文字") == 0, "plain as html: %s", t.s);
    zb_text_free(&t);
    /* a line break between CJK chars inside a paragraph is not a space */
    const char *wrap = "<p>法治\n  政府 建设\n2020 年</p>";
    CHECK(dec(wrap, strlen(wrap), NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(t.is_html && strcmp(t.s, "法治政府 建设 2020 年") == 0, "wrap: '%s'", t.s);
    invariants(&t, wrap, strlen(wrap), "wrap");
    zb_text_free(&t);
    /* <pre> keeps its lines */
    const char *pre = "<p>前言</p><pre>第一行 文字\n\n第二行\r\n  第三行</pre>";
    CHECK(dec(pre, strlen(pre), NULL, NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strcmp(t.s, "前言\n第一行 文字\n第二行\n第三行") == 0, "pre: '%s'", t.s);
    invariants(&t, pre, strlen(pre), "pre");
    zb_text_free(&t);
    /* entity corner cases never desynchronize offsets */
    const char *ent = "<p>&amp;amp; &notit; &copy 2020 &#0; &#x110000; &bogus; & x &lt;b&gt;</p>";
    CHECK(dec(ent, strlen(ent), "text/html", NULL, 0, &t, err) == ZB_OK, "%s", err);
    CHECK(strstr(t.s, "&amp; ¬it; © 2020") && strstr(t.s, "&bogus; & x <b>"), "entities: %s", t.s);
    invariants(&t, ent, strlen(ent), "entities");
    zb_text_free(&t);
    /* only scripts: nothing left */
    const char *scr = "<html><head><script>var a='文字';</script></head><body></body></html>";
    CHECK(dec(scr, strlen(scr), NULL, NULL, 0, &t, err) == ZB_E_EMPTY, "markup only");
    /* pathological nesting is refused, not a stack overflow in gumbo */
    size_t n = 200000 * 5;
    char *deep = malloc(n + 10);
    for (size_t i = 0; i < n; i += 5)
        memcpy(deep + i, "<div>", 5);
    memcpy(deep + n, "文字", 6);
    zb_status st = dec(deep, n + 6, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_E_NOT_REPORT && strstr(err, "nested"), "deep: %d %s", st, err);
    free(deep);
    /* but thousands of unclosed <p> (old HTML) are flat, not deep */
    n = 5000 * 9;
    char *flat = malloc(n + 1);
    for (size_t i = 0; i < n; i += 9)
        memcpy(flat + i, "<p>\xe6\x96\x87\xe5\xad\x97 ", 9);
    st = dec(flat, n, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_OK && t.len == 5000 * 7 - 1, "unclosed p: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    free(flat);
    /* HTML over the parser's limit is refused before gumbo sees it */
    size_t hl = ZB_TEXT_MAX_HTML_BYTES + 16;
    char *huge = malloc(hl);
    memset(huge, 'a', hl);
    memcpy(huge, "<html><p>", 9);
    st = dec(huge, hl, "text/html", NULL, 0, &t, err);
    CHECK(st == ZB_E_TOO_LARGE && strstr(err, "HTML limit"), "huge html: %d %s", st, err);
    free(huge);
}

/* The HTML tag limit (500,000) counts what opens a tag, as the tokenizer
 * reads it ('<' then a letter, '/', '!' or '?'), not every '<': prose or
 * escaped code full of "a<1" is text, while a page of real tags over the
 * limit is still refused, its message naming the tags. The repeated units
 * are 9 bytes long so that their '<' falls at every offset of the counting
 * pass's 64-byte blocks. */
static void test_tag_limit(void) {
    const char *head = "<html><body><p>法治政府建设", *tail = "</p></body></html>";
    size_t units = 600000, cap = strlen(head) + units * 9 + strlen(tail) + 1, n;
    char *page = malloc(cap), err[256] = "";
    zb_text t;
    /* 600,000 comparisons (and 5 tags): text, not 600,000 tags */
    n = (size_t)snprintf(page, cap, "%s", head);
    for (size_t i = 0; i < units; i++, n += 9)
        memcpy(page + n, i % 2 ? "a<1 b<=2 " : "x <9 < y ", 9);
    n += (size_t)snprintf(page + n, cap - n, "%s", tail);
    zb_status st = dec(page, n, "text/html", NULL, 0, &t, err);
    CHECK(st == ZB_OK, "600,000 '<' that open no tag: %d %s", st, err);
    if (st == ZB_OK) {
        CHECK(strstr(t.s, "法治政府建设x <9 < y a<1 b<=2 x <9") != NULL, "the '<' are text: %.60s",
              t.s);
        CHECK(t.len > units * 8, "all of it kept: %zu bytes", t.len);
        zb_text_free(&t);
    }
    /* 500,001 real tags among "<2": still too many, and the message counts
     * the tags; 500,000 are not. Units of 2 tags and of 1 (<br/>) after the
     * html, body and p tags and their end tags (6). */
    for (size_t units = 333329; units <= 333330; units++) {
        size_t tags = 6 + (units + 1) / 2 * 2 + units / 2;
        n = (size_t)snprintf(page, cap, "%s", head);
        for (size_t i = 0; i < units; i++, n += 9)
            memcpy(page + n, i % 2 ? "<br/>x<2 " : "<i>a</i> ", 9);
        n += (size_t)snprintf(page + n, cap - n, "%s", tail);
        st = dec(page, n, "text/html", NULL, 0, &t, err);
        if (tags <= 500000) {
            CHECK(tags == 500000 && st == ZB_OK, "%zu tags: %d %s", tags, st, err);
            if (st == ZB_OK) zb_text_free(&t);
            continue;
        }
        char want[96];
        snprintf(want, sizeof want, "HTML page has %zu tags, over the HTML limit of 500000 tags",
                 tags);
        CHECK(tags == 500001 && st == ZB_E_TOO_LARGE && strcmp(err, want) == 0,
              "%zu tags: %d '%s', want '%s'", tags, st, err, want);
    }
    free(page);
}

/* "<div>" x depth, then "</x>" x ends (end tags that match no open
 * element), then text: each end tag searches the whole stack, in the depth
 * estimate and the parser alike, so the page costs ends x depth however
 * short it is. */
static char *misnested_page(int depth, int ends, size_t *len) {
    const char *head = "<html><body>", *text = "法治政府建设年度报告";
    size_t cap = strlen(head) + (size_t)depth * 5 + (size_t)ends * 4 + strlen(text) + 1, n = 0;
    char *p = malloc(cap);
    n += (size_t)snprintf(p, cap, "%s", head);
    for (int i = 0; i < depth; i++, n += 5)
        memcpy(p + n, "<div>", 5);
    n += (size_t)snprintf(p + n, cap - n, "%s", text);
    for (int i = 0; i < ends; i++, n += 4)
        memcpy(p + n, "</x>", 4);
    *len = n;
    return p;
}

/* The work budget (budget.h) in decoding: HTML counts a step per tag (depth
 * estimate, parser) and per element (tree walks), so a page whose tags are
 * costly stops with ZB_E_TIMEOUT instead of running outside any limit;
 * plain text (linear) counts none; no budget, no change. */
static void test_budget(const char *config) {
    char err[256] = "";
    zb_text t;
    /* steps counted: a budget far from its next clock read */
    size_t len;
    char *page = misnested_page(1990, 3000, &len);
    zb_budget_start(600000);
    zb_budget_state.left = UINT32_MAX;
    zb_status st = dec(page, len, "text/html", NULL, 0, &t, err);
    uint32_t used = UINT32_MAX - zb_budget_state.left;
    zb_budget_stop();
    CHECK(st == ZB_OK && strstr(t.s, "法治政府建设年度报告"), "misnested page: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    /* the estimate counts each of its 4,992 tags, the parser its tags under
     * more than 64 open elements (it leaves the stray end tags to gumbo,
     * which counts nothing), the census walk one per 16 elements */
    CHECK(used >= 4992 + 1990 / 16, "steps per tag and per element: %u", used);
    const char *plain = "某某县2024年法治政府建设年度报告\n全年审核规范性文件12件。\n";
    zb_budget_start(600000);
    zb_budget_state.left = UINT32_MAX;
    st = dec(plain, strlen(plain), NULL, NULL, 0, &t, err);
    used = UINT32_MAX - zb_budget_state.left;
    zb_budget_stop();
    CHECK(st == ZB_OK && used == 0, "plain text counts no steps: %d %u", st, used);
    if (st == ZB_OK) zb_text_free(&t);

    /* a spent budget stops the census of a page of 20 elements, the parser
     * under 100 open elements (which it then does not hand to gumbo), the
     * depth estimate of a page of many tags; plain text still decodes */
    char small[1024], deep[1024];
    size_t sn = (size_t)snprintf(small, sizeof small, "<html><body><div>");
    for (int i = 0; i < 20; i++)
        sn += (size_t)snprintf(small + sn, sizeof small - sn, "<p>法治政府建设%d</p>", i);
    size_t dn = 0;
    for (int i = 0; i < 100; i++)
        dn += (size_t)snprintf(deep + dn, sizeof deep - dn, "<div>");
    dn += (size_t)snprintf(deep + dn, sizeof deep - dn, "法治政府建设");
    zb_budget_start(0);
    st = dec(small, sn, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_E_TIMEOUT && strstr(err, "work budget in the tree walk") && t.s == NULL,
          "spent budget, 20 elements: %d %s", st, err);
    st = dec(deep, dn, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_E_TIMEOUT && strstr(err, "work budget in the parser"),
          "spent budget, 100 deep: %d %s", st, err);
    st = dec(page, len, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_E_TIMEOUT && strstr(err, "work budget in the depth estimate"),
          "spent budget, many tags: %d %s", st, err);
    st = dec(plain, strlen(plain), NULL, NULL, 0, &t, err);
    CHECK(st == ZB_OK, "spent budget, plain text: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    zb_budget_stop();
    st = dec(small, sn, NULL, NULL, 0, &t, err);
    CHECK(st == ZB_OK, "no budget after stop: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    free(page);

    /* zb_extract with 1 ms: a page of 200,000 end tags under 1,990 open
     * elements (about 400 M compares, under the tag and depth limits) stops
     * in decoding; before the steps it ran to the end of decoding and was
     * refused as no report, whatever the budget */
    zb_rules *r = zb_rules_load(config, err, sizeof err);
    CHECK(r != NULL, "rules: %s", err);
    if (!r) return;
    page = misnested_page(1990, 200000, &len);
    zb_extract_opts o = {.max_ms = 1, .content_type = "text/html"};
    zb_report *rep = NULL;
    char xerr[512] = "";
    st = zb_extract(r, page, len, &o, &rep, xerr, sizeof xerr);
    CHECK(st == ZB_E_TIMEOUT && rep == NULL && strstr(xerr, "over its limit of 1 ms") &&
              strstr(xerr, "stopped in decoding"),
          "1 ms on a hostile page: %s: %s", zb_status_name(st), xerr);
    printf("1 ms budget on a page of %zu bytes: %s: %s\n", len, zb_status_name(st), xerr);
    zb_report_free(rep);
    free(page);
    zb_rules_free(r);
}

static void expect_fail(const char *in, size_t len, zb_status want, const char *msg_part,
                        const char *name) {
    zb_text t;
    char err[256] = "";
    zb_status st = dec(in, len, NULL, NULL, 0, &t, err);
    CHECK(st == want && strstr(err, msg_part) && !strchr(err, '\n'), "%s: status %d err '%s'", name,
          st, err);
    CHECK(t.s == NULL && t.off == NULL, "%s: output not cleared", name);
}

/* Control bytes in text that is otherwise valid UTF-8: the validation pass
 * counts them (plain text and pages alike), so a NUL anywhere, or more than 8
 * control bytes making over 1 byte in 200, refuse the input at the first one,
 * after a BOM too; a few, and tab, CR, FF, VT, 0x1A, 0x1B, do not. */
static void binary_inputs(void) {
    char buf[4096], want[128], err[256];
    const char *kinds[] = {"", "<html><body><p>", "\xEF\xBB\xBF", "\xEF\xBB\xBF<p>"};
    for (int k = 0; k < 4; k++) {
        for (int fill = 100; fill <= 3000; fill += 2900) { /* 10 controls in ~1 KB / ~9 KB */
            size_t n = strlen(kinds[k]), first = 0;
            memcpy(buf, kinds[k], n);
            for (int i = 0; i < fill && n + 16 < sizeof buf; i++) {
                n += (size_t)snprintf(buf + n, 4, i % 3 ? "a" : "\xE6\x96\x87"); /* 文 */
                if (i % 10 == 5 && i < 100) {
                    if (!first) first = n;
                    buf[n++] = 0x01;
                }
            }
            zb_text t;
            zb_status st = dec(buf, n, NULL, NULL, 0, &t, err);
            if (fill == 100) {
                snprintf(want, sizeof want, "invalid byte 0x01 at offset %zu", first);
                CHECK(st == ZB_E_ENCODING && strstr(err, want), "binary %d: %d '%s' want '%s'", k,
                      st, err, want);
            } else {
                CHECK(st == ZB_OK, "few controls %d: %d %s", k, st, err);
                if (st == ZB_OK) zb_text_free(&t);
            }
            buf[n - 7] = 0; /* a NUL after them all wins */
            st = dec(buf, n, NULL, NULL, 0, &t, err);
            snprintf(want, sizeof want, "invalid byte 0x00 at offset %zu", n - 7);
            CHECK(st == ZB_E_ENCODING && strstr(err, want), "nul %d: %d '%s' want '%s'", k, st, err,
                  want);
        }
    }
    /* a NUL at every ASCII position of a page whose 16-byte blocks mix
     * tabs, line breaks and Han chars: the first one is reported wherever
     * it sits in a block (before or after a non-ASCII char, or both) */
    const char *page = "<html><body>\n\t<p>\xE6\x96\x87"
                       "a\tb\n\xE6\xB3\x95\xE6\xB2\xBB "
                       "c\r\n\t\t<b>\xE6\x94\xBF</b>"
                       "d\n\xE5\xBA\x9C\t</p>\n</body></html>";
    size_t pn = strlen(page);
    for (size_t at = 0; at < pn; at++) {
        if ((unsigned char)page[at] >= 0x80) continue;
        memcpy(buf, page, pn);
        buf[at] = 0;
        if (at + 9 < pn && (unsigned char)page[at + 9] < 0x80) buf[at + 9] = 0;
        zb_text t;
        zb_status st = dec(buf, pn, NULL, NULL, 0, &t, err);
        snprintf(want, sizeof want, "invalid byte 0x00 at offset %zu", at);
        CHECK(st == ZB_E_ENCODING && strstr(err, want), "nul at %zu: %d '%s'", at, st, err);
    }
    const char ok[] = "<p>\t\x0B\x0C\x1A\x1B\x1A\x1B\x1A\x1B\x1A\x1B\r\n\xE6\x96\x87</p>";
    zb_text t;
    CHECK(dec(ok, sizeof ok - 1, NULL, NULL, 0, &t, err) == ZB_OK && strcmp(t.s, "文") == 0,
          "allowed controls: %s", err);
    if (t.s) zb_text_free(&t);
}

/* A charset named in the first 2 KB of a text that is not UTF-8 is found
 * wherever it starts (after look-alikes: "c", "Charse", "charset" without
 * '='), and one past the first 2 KB is not looked for. */
static void declared_charsets(void) {
    char buf[4096], err[256];
    for (size_t at = 0; at < 2100; at += at < 40 ? 1 : 97) {
        size_t n = 0;
        while (n < at) /* GB18030 中 and look-alikes */
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                                  n % 7 == 0   ? "c"
                                  : n % 5 == 0 ? "Charse "
                                               : "\xd6\xd0");
        n += (size_t)snprintf(buf + n, sizeof buf - n,
                              "charset \xd6\xd0 CHARSET = \"big5\" \xd6\xd0");
        zb_text t;
        zb_status st = dec(buf, n, NULL, NULL, 0, &t, err);
        size_t name = (size_t)(strstr(buf, "big5") - buf);
        if (name + 4 <= 2048)
            CHECK(st == ZB_E_ENCODING && strstr(err, "declares charset big5"), "at %zu: %d %s", at,
                  st, err);
        else if (name >= 2048 + 8)
            CHECK(st == ZB_OK && strcmp(t.encoding, "gb18030") == 0, "at %zu: %d %s", at, st, err);
        if (st == ZB_OK) zb_text_free(&t);
    }
}

static void test_bad_input(void) {
    size_t len;
    char *e = slurp("empty.txt", &len), err[256];
    expect_fail(e, len, ZB_E_EMPTY, "empty", "empty");
    free(e);
    e = slurp("whitespace.txt", &len);
    expect_fail(e, len, ZB_E_EMPTY, "whitespace only", "whitespace");
    free(e);
    e = slurp("image.png", &len);
    expect_fail(e, len, ZB_E_ENCODING,
                "input is not UTF-8 or GB18030 text: invalid byte 0x00 at offset 8 (a PNG image)",
                "png");
    const char pdf[] =
        "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02";
    expect_fail(pdf, sizeof pdf - 1, ZB_E_ENCODING, "(a PDF document)", "pdf");
    free(e);
    unsigned char rnd[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (unsigned char)((x = x * 1103515245 + 12345) >> 16);
    expect_fail((char *)rnd, sizeof rnd, ZB_E_ENCODING,
                "input is not UTF-8 or GB18030 text: invalid byte 0x", "random");
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] |= 0x80; /* no NUL, high bytes only */
    expect_fail((char *)rnd, sizeof rnd, ZB_E_ENCODING, "invalid byte 0x", "random-high");
    expect_fail("\xFF\xFEh\0i\0", 6, ZB_E_ENCODING, "UTF-16", "utf16");
    binary_inputs();
    declared_charsets();
    /* big5 declared and not UTF-8 */
    const char big5[] = "<meta charset=\"big5\"><p>\xa4\xa4\xa4\xe5</p>";
    expect_fail(big5, sizeof big5 - 1, ZB_E_ENCODING, "charset big5", "big5");
    e = slurp("report-utf8.txt", &len);
    zb_text t;
    CHECK(dec(e, len, NULL, NULL, 100, &t, err) == ZB_E_TOO_LARGE && strstr(err, "over the limit"),
          "too large: %s", err);
    free(e);

    /* a few broken bytes inside UTF-8: decoded without them, offsets exact */
    e = slurp("report-utf8.txt", &len);
    char *broken = malloc(len + 2);
    const char *at = strstr(e, "受理");
    size_t k = (size_t)(at - e);
    memcpy(broken, e, k);
    memcpy(broken + k, "\xE5\x8F", 2); /* half a char */
    memcpy(broken + k + 2, e + k, len - k);
    zb_status bst = dec(broken, len + 2, NULL, NULL, 0, &t, err);
    CHECK(bst == ZB_OK && t.n_invalid == 2 && strstr(t.s, "受理29件"), "broken utf8: %d %s", bst,
          err);
    if (bst == ZB_OK) {
        expect_span(&t, broken, "受理29件", "受理２９件", strlen("受理２９件"), "受理２９件",
                    "broken");
        invariants(&t, broken, len + 2, "broken");
        zb_text_free(&t);
    }
    free(broken);
    free(e);

    const char *tr[] = {"truncated-utf8.txt", "truncated-gb18030.txt"};
    for (int i = 0; i < 2; i++) {
        e = slurp(tr[i], &len);
        zb_status st = dec(e, len, NULL, NULL, 0, &t, err);
        CHECK(st == ZB_OK && t.truncated, "%s: %d %s", tr[i], st, err);
        if (st == ZB_OK) {
            CHECK(t.len > 10 && strcmp(t.s + t.len - strlen("2021年3月29"), "2021年3月29") == 0,
                  "%s: ends '%s'", tr[i], t.s + (t.len > 20 ? t.len - 20 : 0));
            CHECK(t.off[t.len] == len, "%s: off[len]", tr[i]);
            zb_text_free(&t);
        }
        free(e);
    }
}

/* ---- runs of plain characters --------------------------------------------
 * The normalizer and the validator copy and count runs of characters in
 * loops that take several shortcuts by lead byte (U+4000..9FFF in one test,
 * the other 3-byte chars decoded, ASCII, 2- and 4-byte chars apart). A text
 * made only of characters normalization keeps as they are must come out
 * unchanged, each char mapped to its own input bytes, with every Han char
 * counted, whatever the mix and wherever a run starts or ends: plain UTF-8,
 * the same as GB18030, and inside an HTML paragraph. */

static uint32_t lcg(uint32_t *st) {
    *st = *st * 1103515245u + 12345u;
    return *st >> 8;
}

/* A char normalization keeps, from ranges[r] (r < 0: any range): printable
 * ASCII but ' ' ')' '&' '<' (collapsed, pinyin, markup), and non-ASCII text
 * chars of each lead-byte kind but U+1680 (a space); Han chars that t2s would change are skipped
 * (their share decides the script). */
static const uint32_t ranges[][2] = {
    {0x21, 0x7E},     {0xC0, 0x2AF},    {0x1000, 0x1FFF}, {0x2010, 0x2027},  {0x2030, 0x205E},
    {0x2100, 0x2235}, {0x3001, 0x303F}, {0x3040, 0x33FF}, {0x3400, 0x4DBF},  {0x4E00, 0x9FFF},
    {0x4E00, 0x9FFF}, {0x4E00, 0x9FFF}, {0xA000, 0xCFFF}, {0x20000, 0x2A6DF}};
#define N_RANGES (sizeof ranges / sizeof *ranges)

static uint32_t plain_char(uint32_t *st, int r) {
    for (;;) {
        const uint32_t *g = ranges[r < 0 ? lcg(st) % N_RANGES : (uint32_t)r];
        uint32_t cp = g[0] + lcg(st) % (g[1] - g[0] + 1);
        if (cp == ' ' || cp == ')' || cp == '&' || cp == '<' || cp == 0x1680) continue;
        if (zb_t2s_map(T, cp) != cp) continue;
        return cp;
    }
}

static int is_han_cp(uint32_t cp) {
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp < 0x30000);
}

static void test_runs(void) {
    uint32_t st = 20261123u;
    char err[256];
    const char *pre = "<html><body><p>", *post = "</p></body></html>";
    size_t pl = strlen(pre);
    for (int round = 0; round < 300; round++) {
        size_t nch = 1 + lcg(&st) % (round < 100 ? 40 : 3000), han = 0, len = 0;
        char *u = malloc(nch * 4 + 1);
        /* runs of one range (long same-kind runs) and of any range (mixes) */
        while (nch) {
            size_t run = 1 + lcg(&st) % 24;
            int r = lcg(&st) % 3 ? (int)(lcg(&st) % N_RANGES) : -1;
            for (; run && nch; run--, nch--) {
                uint32_t cp = plain_char(&st, r);
                han += is_han_cp(cp);
                len += test_put_utf8(cp, u + len);
            }
        }
        u[len] = 0;
        zb_text t;
        CHECK(dec(u, len, NULL, NULL, 0, &t, err) == ZB_OK, "runs %d: %s", round, err);
        if (t.s) {
            CHECK(t.len == len && memcmp(t.s, u, len) == 0 && t.n_cjk == han && !t.is_html,
                  "runs %d: plain text changed (%zu -> %zu bytes, %zu Han counted, want %zu)",
                  round, len, t.len, t.n_cjk, han);
            invariants(&t, u, len, "runs");
            zb_text_free(&t);
        }
        char *gb = malloc(len * 2 + 16);
        size_t gl = test_to_gb(u, len, gb, len * 2 + 16);
        CHECK(gl > 0, "runs %d: iconv", round);
        if (gl && dec(gb, gl, NULL, "gb18030", 0, &t, err) == ZB_OK) {
            if (t.encoding[0] == 'g') /* else a short text also valid as UTF-8 */
                CHECK(t.len == len && memcmp(t.s, u, len) == 0 && t.n_cjk == han,
                      "runs %d: GB18030 text changed (%zu -> %zu bytes)", round, len, t.len);
            invariants(&t, gb, gl, "runs-gb");
            zb_text_free(&t);
        }
        /* the same GB18030 text as a page: its runs mapped char by char
         * (two- and four-byte codes) back to their GB18030 bytes */
        char *gp = malloc(gl + 64);
        size_t gpl = (size_t)sprintf(gp, "<html><body><p>");
        memcpy(gp + gpl, gb, gl);
        gpl += gl;
        gpl += (size_t)sprintf(gp + gpl, "</p></body></html>");
        if (gl && dec(gp, gpl, "text/html; charset=gbk", NULL, 0, &t, err) == ZB_OK) {
            if (t.encoding[0] == 'g')
                CHECK(t.len == len && memcmp(t.s, u, len) == 0 && t.is_html,
                      "runs %d: GB18030 page text changed (%zu -> %zu bytes)", round, len, t.len);
            invariants(&t, gp, gpl, "runs-gb-page");
            zb_text_free(&t);
        }
        free(gp);
        char *page = malloc(pl + len + strlen(post) + 1);
        memcpy(page, pre, pl);
        memcpy(page + pl, u, len);
        strcpy(page + pl + len, post);
        size_t n = pl + len + strlen(post);
        CHECK(dec(page, n, "text/html", NULL, 0, &t, err) == ZB_OK, "runs %d html: %s", round, err);
        if (t.s) {
            CHECK(t.len == len && memcmp(t.s, u, len) == 0 && t.n_cjk == han && t.is_html,
                  "runs %d: HTML text changed (%zu -> %zu bytes)", round, len, t.len);
            CHECK(t.off[0] == pl, "runs %d: HTML text starts at %u, want %zu", round, t.off[0], pl);
            CHECK(!t.off_back, "runs %d: off_back set on a map in document order", round);
            invariants(&t, page, n, "runs-html");
            zb_text_free(&t);
        }
        free(u);
        free(gb);
        free(page);
    }
}

/* A traditional plain text is normalized once, then the chars t2s changes
 * are converted in place (zb_norm_t2s_in_place): the text, its offset map
 * and its orig entries must be what the normalizer makes with t2s on from
 * the start (what the decoder did before, a second pass over the input).
 * Random texts of changed and unchanged Han chars between full-width marks
 * the normalizer narrows (their orig entries interleave with t2s's),
 * pinyin readings it cuts, digits and line breaks; and texts holding a char
 * whose simplified form is no 3-byte char (U+346E -> U+2B748), which go
 * the general way. */
static uint32_t han_char(uint32_t *st, int changed);

static void expect_as_general(const char *u, size_t len, int gb, const char *name) {
    zb_text t;
    char err[256];
    if (dec(u, len, NULL, NULL, 0, &t, err) != ZB_OK) {
        CHECK(0, "%s: %s", name, err);
        return;
    }
    CHECK((t.encoding[0] == 'g') == gb, "%s: read as %s", name, t.encoding);
    zb_norm n;
    zb_norm_init(&n, T, 1, 0, gb ? len / 2 * 3 + 64 : len + 64);
    if (gb)
        zb_norm_gb(&n, (const unsigned char *)u, 0, len);
    else
        zb_norm_run(&n, (const unsigned char *)u, len, 0);
    CHECK(zb_norm_finish(&n, (uint32_t)len) == 0, "%s: reference out of memory", name);
    n.len = zb_unwrap(n.s, n.len, n.off, n.orig, n.n_orig);
    CHECK(t.script == ZB_SCRIPT_TRADITIONAL, "%s: script %d", name, t.script);
    CHECK(t.len == n.len && !memcmp(t.s, n.s, n.len), "%s: text\n%s\nwant\n%s", name, t.s, n.s);
    CHECK(t.len != n.len || !memcmp(t.off, n.off, (n.len + 1) * sizeof *n.off), "%s: offsets",
          name);
    CHECK(t.n_orig == n.n_orig && (!n.n_orig || !memcmp(t.orig, n.orig, n.n_orig * sizeof *n.orig)),
          "%s: orig entries %zu, want %zu", name, t.n_orig, n.n_orig);
    zb_norm_free(&n);
    zb_text_free(&t);
}

static void test_t2s_in_place(void) {
    uint32_t st = 11u;
    static const uint32_t between[] = {0xFF0C, 0x3002, 0xFF08, 0xFF09, '1', '\n',
                                       0x3001, 0xFF1A, ' ',    0x3000, 'a', 0xFF01};
    for (int round = 0; round < 300; round++) {
        size_t cap = 64 + 60 * 40 * 4 + 40 * 16, len = 0;
        char *u = malloc(cap);
        if (!u) abort();
        unsigned share = 30 + lcg(&st) % 60; /* percent of changed chars: traditional */
        for (int k = 0; k < 40; k++) {
            size_t run = 1 + lcg(&st) % (k % 3 ? 9 : 40);
            for (size_t r = 0; r < run; r++)
                len += test_put_utf8(han_char(&st, lcg(&st) % 100 < share), u + len);
            if (round % 7 == 0 && k == 20) len += test_put_utf8(0x346E, u + len); /* 4-byte form */
            if (lcg(&st) % 6 == 0) /* a toned reading after a Han char, cut */
                len += (size_t)sprintf(u + len, "(zh\xc3\xa8ng)");
            len += test_put_utf8(between[lcg(&st) % 12], u + len);
        }
        char name[32];
        snprintf(name, sizeof name, "t2s in place %d", round);
        expect_as_general(u, len, 0, name);
        /* the same text in GB18030 (normalized by its own first pass) */
        char *gb = malloc(len * 2 + 16);
        size_t gl = gb ? test_to_gb(u, len, gb, len * 2 + 16) : 0;
        CHECK(gl > 0, "%s: iconv", name);
        snprintf(name, sizeof name, "t2s in place gb %d", round);
        if (gl) expect_as_general(gb, gl, 1, name);
        free(gb);
        free(u);
    }
    size_t len;
    char *in = slurp("report-traditional.txt", &len);
    if (in) expect_as_general(in, len, 0, "report-traditional.txt");
    free(in);
}

/* The Han chars counted and those t2s changes, which decide the script:
 * stretches of Han chars of every length (the run loops take four at a
 * time), a share of them traditional, between punctuation, digits and line
 * breaks, as plain text and as a page (the page's title counts too). */
static uint32_t han_char(uint32_t *st, int changed) {
    for (;;) {
        uint32_t cp = 0x4E00 + lcg(st) % (0x9FFF - 0x4E00 + 1);
        if ((zb_t2s_map(T, cp) != cp) == changed) return cp;
    }
}

static void test_t2s_counts(void) {
    uint32_t st = 7u;
    char err[256];
    static const uint32_t between[] = {0x3001, 0x3002, 0xFF0C, '1', '\n', 0x201C, 0xFF09, 'a'};
    for (int round = 0; round < 200; round++) {
        size_t cap = 64 + 40 * 70 * 4, len = 0, han = 0, chg = 0, th = 0, tc = 0;
        char *u = malloc(cap);
        /* a title in traditional (繁體標題) or simplified (标题) chars */
        static const uint32_t titles[2][4] = {{0x6807, 0x9898}, {0x7E41, 0x9AD4, 0x6A19, 0x984C}};
        len += (size_t)sprintf(u, "<html><head><title>");
        for (int c = 0; c < 4 && titles[round % 2][c]; c++, th++) {
            tc += zb_t2s_map(T, titles[round % 2][c]) != titles[round % 2][c];
            len += test_put_utf8(titles[round % 2][c], u + len);
        }
        len += (size_t)sprintf(u + len, "</title></head><body><p>");
        size_t body = len;
        unsigned share = lcg(&st) % 25; /* percent of traditional chars */
        for (int k = 0; k < 40; k++) {
            size_t run = 1 + lcg(&st) % (k % 3 ? 9 : 60);
            for (size_t r = 0; r < run; r++) {
                uint32_t cp = han_char(&st, lcg(&st) % 100 < share);
                chg += zb_t2s_map(T, cp) != cp;
                han++;
                len += test_put_utf8(cp, u + len);
            }
            len += test_put_utf8(between[lcg(&st) % 8], u + len);
        }
        size_t tail = len;
        len += (size_t)sprintf(u + len, "</p></body></html>");
        zb_text t;
        /* plain: the body alone */
        CHECK(dec(u + body, tail - body, NULL, NULL, 0, &t, err) == ZB_OK, "t2s %d: %s", round,
              err);
        if (t.s) {
            CHECK(t.n_cjk == han && t.n_t2s == chg, "t2s %d plain: %zu/%zu counted, want %zu/%zu",
                  round, t.n_t2s, t.n_cjk, chg, han);
            int trad = chg * 100 >= han * 8;
            CHECK(t.script == (trad ? ZB_SCRIPT_TRADITIONAL : ZB_SCRIPT_SIMPLIFIED),
                  "t2s %d plain: script", round);
            invariants(&t, u + body, tail - body, "t2s-plain");
            zb_text_free(&t);
        }
        /* the body in GB18030 */
        char *gb = malloc((tail - body) * 2 + 16);
        size_t gl = test_to_gb(u + body, tail - body, gb, (tail - body) * 2 + 16);
        CHECK(gl > 0, "t2s %d: iconv", round);
        if (gl && dec(gb, gl, NULL, "gbk", 0, &t, err) == ZB_OK) {
            CHECK(t.encoding[0] == 'g' && t.n_cjk == han && t.n_t2s == chg,
                  "t2s %d gb: %s %zu/%zu counted, want %zu/%zu", round, t.encoding, t.n_t2s,
                  t.n_cjk, chg, han);
            int trad = chg * 100 >= han * 8;
            CHECK(t.script == (trad ? ZB_SCRIPT_TRADITIONAL : ZB_SCRIPT_SIMPLIFIED),
                  "t2s %d gb: script", round);
            invariants(&t, gb, gl, "t2s-gb");
            zb_text_free(&t);
        }
        free(gb);
        /* the page: its title's Han chars count as well */
        CHECK(dec(u, len, "text/html", NULL, 0, &t, err) == ZB_OK, "t2s %d page: %s", round, err);
        if (t.s) {
            CHECK(t.n_cjk == han + th && t.n_t2s == chg + tc,
                  "t2s %d page: %zu/%zu counted, want %zu/%zu", round, t.n_t2s, t.n_cjk, chg + tc,
                  han + th);
            int trad = (chg + tc) * 100 >= (han + th) * 8;
            CHECK(t.script == (trad ? ZB_SCRIPT_TRADITIONAL : ZB_SCRIPT_SIMPLIFIED),
                  "t2s %d page: script", round);
            invariants(&t, u, len, "t2s-page");
            zb_text_free(&t);
        }
        free(u);
    }
}

/* A traditional text comes out the same as plain text and as a page, and
 * as the test converts it char by char: bodies without line breaks, where
 * the two have the same rules. */
static void test_t2s_page_same(void) {
    uint32_t st = 11u;
    char err[256];
    static const uint32_t between[] = {0x3001, 0x3002, 0xFF0C, '1', ' ', 0x201C, 0xFF09, 'a'};
    for (int round = 0; round < 100; round++) {
        char *u = malloc(64 + 30 * 50 * 4);
        size_t len = (size_t)sprintf(u, "<html><body><p>"), body = len;
        unsigned share = 10 + lcg(&st) % 60;
        for (int k = 0; k < 30; k++) {
            size_t run = 1 + lcg(&st) % 40;
            for (size_t r = 0; r < run; r++)
                len += test_put_utf8(han_char(&st, lcg(&st) % 100 < share), u + len);
            len += test_put_utf8(between[lcg(&st) % 8], u + len);
        }
        size_t tail = len;
        len += (size_t)sprintf(u + len, "</p></body></html>");
        /* what both must give, char by char: Han chars simplified, '，'
         * and '）' narrowed, the rest as is, no space at the end */
        char *want = malloc((tail - body) * 2 + 8);
        size_t wl = 0;
        for (size_t i = body; i < tail;) {
            uint32_t cp;
            size_t l = u8len((unsigned char)u[i]);
            cp = l == 1   ? (unsigned char)u[i]
                 : l == 3 ? ((uint32_t)(u[i] & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 |
                             (uint32_t)(u[i + 2] & 0x3F))
                          : 0;
            i += l;
            if (cp == 0xFF0C || cp == 0xFF09) cp -= 0xFEE0;
            wl += test_put_utf8(zb_t2s_map(T, cp), want + wl);
        }
        while (wl && want[wl - 1] == ' ')
            wl--;
        zb_text a, b;
        int ok_a = dec(u + body, tail - body, NULL, NULL, 0, &a, err) == ZB_OK;
        int ok_b = dec(u, len, "text/html", NULL, 0, &b, err) == ZB_OK;
        CHECK(ok_a && ok_b, "t2s same %d: %s", round, err);
        if (ok_a && ok_b) {
            CHECK(a.script == ZB_SCRIPT_TRADITIONAL && b.script == ZB_SCRIPT_TRADITIONAL,
                  "t2s same %d: not traditional", round);
            CHECK(a.len == b.len && memcmp(a.s, b.s, a.len) == 0 && a.n_orig == b.n_orig,
                  "t2s same %d: plain and page differ (%zu/%zu bytes, %zu/%zu orig)", round, a.len,
                  b.len, a.n_orig, b.n_orig);
            CHECK(a.len == wl && memcmp(a.s, want, wl) == 0, "t2s same %d: not the text converted",
                  round);
            invariants(&b, u, len, "t2s-same-page");
        }
        if (ok_a) zb_text_free(&a);
        if (ok_b) zb_text_free(&b);
        free(want);
        free(u);
    }
}

static long rss_kb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* 50 MB built at run time from the fixture; memory must stay bounded. */
static void test_large(void) {
    size_t len;
    char *one = slurp("report-traditional.txt", &len), err[256];
    size_t total = (size_t)50 << 20, n = 0;
    char *big = malloc(total + len);
    while (n < total) {
        memcpy(big + n, one, len);
        n += len;
    }
    long before = rss_kb();
    zb_text t;
    CHECK(dec(big, n, NULL, NULL, 0, &t, err) == ZB_OK, "50MB: %s", err);
    long grown = rss_kb() - before;
    double ratio = (double)grown * 1024 / (double)n;
    printf(
        "50 MB traditional plain text: %zu bytes in, %zu bytes out, peak RSS growth %.2fx input\n",
        n, t.len, ratio);
    CHECK(ratio < 8.5, "memory %.2fx input", ratio);
    CHECK(t.script == ZB_SCRIPT_TRADITIONAL && t.off[t.len] == n, "50MB fields");
    /* the last copy maps back to its own bytes */
    const char *last = t.s + t.len - 20;
    while (((unsigned char)*last & 0xC0) == 0x80)
        last++;
    size_t a = (size_t)(last - t.s);
    uint64_t s, e;
    zb_text_span(&t, a, t.len, &s, &e);
    CHECK(e == n - 1 && s > n - len, "50MB tail span [%llu,%llu) of %zu", (unsigned long long)s,
          (unsigned long long)e, n);
    zb_text_free(&t);
    free(big);
    free(one);
}

/* A long GB18030 page (~1 MB, many paragraphs, tables with stray text that
 * gumbo moves before the table): every char still maps to its own bytes. */
static void test_long_gb_html(void) {
    size_t len;
    char *page = slurp("page-gbk.html", &len), err[256];
    const char *b0 = strstr(page, "<div class=\"content\""),
               *b1 = strstr(page, "<div class=\"share\"");
    size_t head = (size_t)(b0 - page), body = (size_t)(b1 - b0), cap = len + 600 * (body + 64);
    char *big = malloc(cap);
    memcpy(big, page, head);
    size_t n = head;
    for (int i = 0; i < 600; i++) {
        memcpy(big + n, b0, body);
        n += body;
        /* text directly in a table is foster-parented before it */
        const char gb_stray[] = "<table>\xb9\xb2<tr><td>\xd6\xd0</td></tr></table></div>";
        memcpy(big + n, gb_stray, sizeof gb_stray - 1);
        n += sizeof gb_stray - 1;
    }
    memcpy(big + n, b1, len - (size_t)(b1 - page));
    n += len - (size_t)(b1 - page);
    zb_text t;
    CHECK(dec(big, n, "text/html", NULL, 0, &t, err) == ZB_OK, "long gb html: %s", err);
    if (t.s) {
        CHECK(t.len > 600 * 300, "long gb html: %zu bytes of text", t.len);
        invariants(&t, big, n, "long-gb-html");
        zb_text_free(&t);
    }
    free(big);
    free(page);
}

/* A GB18030 page is validated as it is converted for the parser: the same
 * verdicts as a check of its own. A char cut by the end (a lead byte, half
 * a four-byte code): the page, truncated, decodes to the same text; a byte
 * that starts no char, at each of several chars: refused with that byte and
 * its offset; Big5-shaped bytes in an undeclared page: refused as Big5. */
static void test_gb_page_checks(void) {
    size_t len;
    char *page = slurp("page-gbk.html", &len), err[256];
    char *buf = malloc(len + 64);
    zb_text whole, t;
    CHECK(dec(page, len, "text/html", NULL, 0, &whole, err) == ZB_OK && !whole.truncated,
          "gb page: %s", err);
    if (!whole.s) return free(page), free(buf);
    static const char *const cuts[] = {"\xd6", "\x81\x30", "\x81\x30\x81"};
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts; c++) {
        memcpy(buf, page, len);
        memcpy(buf + len, cuts[c], strlen(cuts[c]));
        zb_status st = dec(buf, len + strlen(cuts[c]), "text/html", NULL, 0, &t, err);
        CHECK(st == ZB_OK && t.truncated && !strcmp(t.encoding, "gb18030") && !strcmp(t.s, whole.s),
              "gb page cut %zu: %d %s", c, st, err);
        if (st == ZB_OK) zb_text_free(&t);
    }
    int tried = 0;
    for (size_t i = 0, k = 0; i < len;) {
        unsigned char b = (unsigned char)page[i];
        size_t l = b < 0x80 ? 1 : (i + 1 < len && page[i + 1] >= '0' && page[i + 1] <= '9') ? 4 : 2;
        if (b >= 0x80 && k++ % 40 == 0) { /* a char of the page made a byte no char starts */
            memcpy(buf, page, len);
            buf[i] = (char)0xFF;
            char want[64];
            snprintf(want, sizeof want, "invalid byte 0xff at offset %zu", i);
            zb_status st = dec(buf, len, "text/html", NULL, 0, &t, err);
            CHECK(st == ZB_E_ENCODING && strstr(err, want) && t.s == NULL,
                  "gb page, 0xff at %zu: %s", i, err);
            tried++;
        }
        i += l;
    }
    CHECK(tried >= 3, "gb page: %d bad bytes tried", tried);
    /* the Han chars are counted as they are converted: a traditional text in
     * a page is converted by t2s, with the plain text's counts */
    size_t trlen;
    char *tr = slurp("report-traditional-gb18030.txt", &trlen), *trp = malloc(trlen + 8);
    zb_text plain;
    memcpy(trp, "<p>", 3);
    memcpy(trp + 3, tr, trlen);
    CHECK(dec(tr, trlen, NULL, NULL, 0, &plain, err) == ZB_OK, "trad gb: %s", err);
    zb_status st = dec(trp, trlen + 3, "text/html", NULL, 0, &t, err);
    CHECK(st == ZB_OK && t.is_html && t.script == ZB_SCRIPT_TRADITIONAL && t.n_cjk == plain.n_cjk &&
              t.n_t2s == plain.n_t2s && t.n_cjk > 50,
          "trad gb page: %d %s", st, err);
    if (st == ZB_OK) zb_text_free(&t);
    if (plain.s) zb_text_free(&plain);
    free(trp);
    free(tr);
    size_t b5len;
    char *b5 = slurp("report-big5.txt", &b5len);
    memcpy(buf, "<p>", 3);
    size_t n = 3 + (b5len < len ? b5len : len);
    memcpy(buf + 3, b5, n - 3);
    st = dec(buf, n, "text/html", NULL, 0, &t, err);
    CHECK(st == ZB_E_ENCODING && strstr(err, "Big5") && t.s == NULL, "big5 page: %d %s", st, err);
    free(b5);
    zb_text_free(&whole);
    free(buf);
    free(page);
}

/* zb_unwrap_width measures a line in display columns (a CJK character and a
 * mark the normalizer narrowed from full width, ,;:!?(), count 2, other
 * ASCII 1) and leaves out the lines that open a heading (一、 .. 十、): for
 * each numeral, four lines of 20 CJK characters and the ten marks (57
 * columns, so a width of 61 with the slack; 54 if the marks counted 1, 64
 * if all did 2) and five longer lines that open with the numeral (84
 * columns: 88 if they were counted). */
static void test_unwrap_widths(void) {
    static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
        char text[4096];
        size_t n = 0;
        for (int line = 0; line < 9; line++) {
            if (line % 2) {
                for (int c = 0; c < 20; c++)
                    n += (size_t)snprintf(text + n, sizeof text - n, "法");
                n += (size_t)snprintf(text + n, sizeof text - n, ",;:!?()a1-\n");
            } else {
                n += (size_t)snprintf(text + n, sizeof text - n, "%s、", nums[k]);
                for (int c = 0; c < 40; c++)
                    n += (size_t)snprintf(text + n, sizeof text - n, "法");
                n += (size_t)snprintf(text + n, sizeof text - n, "\n");
            }
        }
        size_t w = zb_unwrap_width(text, n);
        /* the widest width whose window of 4 columns below holds them */
        CHECK(w == 61, "unwrap width with %s headings: %zu, want 61", nums[k], w);
    }
}

static int dump(const char *cfg, const char *file, const char *ct) {
    char err[256];
    zb_t2s *t2s = zb_t2s_load(cfg, err, sizeof err);
    if (!t2s) return fprintf(stderr, "%s\n", err), 1;
    FILE *f = fopen(file, "rb");
    if (!f) return perror(file), 1;
    size_t cap = 1 << 20, n = 0, r;
    char *b = malloc(cap);
    while ((r = fread(b + n, 1, cap - n, f)) > 0)
        if ((n += r) == cap) b = realloc(b, cap *= 2);
    fclose(f);
    zb_text t;
    zb_status st = zb_text_decode(t2s, b, n, ct, NULL, 0, &t, err, sizeof err);
    if (st != ZB_OK) {
        printf("error %d: %s\n", (int)st, err);
    } else {
        printf("encoding=%s html=%d script=%d cjk=%zu t2s=%zu title=%s published=%s\n%s\n",
               t.encoding, t.is_html, t.script, t.n_cjk, t.n_t2s, t.html_title ? t.html_title : "-",
               t.published ? t.published : "-", t.s);
        zb_text_free(&t);
    }
    free(b);
    zb_t2s_free(t2s);
    return 0;
}

/* A data file zb_t2s_load cannot open is named in the error with the
 * reason, the first one (t2s.tsv) as well as the next (text-html.tsv). */
static void test_missing_data(const char *cfg) {
    char err[512], want[512], dir[] = "/tmp/test_text_XXXXXX", link[600], target[4096];
    CHECK(zb_t2s_load("/nonexistent", err, sizeof err) == NULL, "loaded from /nonexistent");
    snprintf(want, sizeof want, "cannot open /nonexistent/t2s.tsv: %s", strerror(ENOENT));
    CHECK(strcmp(err, want) == 0, "missing t2s.tsv: %s", err);
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp: %s", strerror(errno));
        return;
    }
    snprintf(link, sizeof link, "%s/t2s.tsv", dir);
    snprintf(target, sizeof target, "%s/t2s.tsv", cfg);
    if (cfg[0] != '/') { /* the link is read from dir: make the target absolute */
        char cwd[2048];
        CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd");
        snprintf(target, sizeof target, "%s/%s/t2s.tsv", cwd, cfg);
    }
    CHECK(symlink(target, link) == 0, "symlink %s: %s", link, strerror(errno));
    zb_t2s *t = zb_t2s_load(dir, err, sizeof err);
    CHECK(t == NULL, "loaded without text-html.tsv");
    zb_t2s_free(t);
    snprintf(want, sizeof want, "cannot open %s/text-html.tsv: %s", dir, strerror(ENOENT));
    CHECK(strcmp(err, want) == 0, "missing text-html.tsv: %s", err);
    unlink(link);
    rmdir(dir);
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "--dump") == 0)
        return dump(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
    if (argc < 3) {
        fprintf(stderr, "usage: test_text FIXTURE_DIR CONFIG_DIR\n");
        return 2;
    }
    FIX = argv[1];
    char err[256];
    zb_t2s *t2s = zb_t2s_load(argv[2], err, sizeof err);
    if (!t2s) {
        fprintf(stderr, "zb_t2s_load: %s\n", err);
        return 1;
    }
    T = t2s;
    CHECK(zb_t2s_map(t2s, 0x570B) == 0x56FD && zb_t2s_map(t2s, 'a') == 'a', "t2s 國->国");
    CHECK(zb_t2s_load("/nonexistent", err, sizeof err) == NULL && strstr(err, "t2s.tsv"),
          "missing config: %s", err);
    test_missing_data(argv[2]);
    test_utf8();
    test_traditional();
    test_fullwidth();
    test_pinyin();
    test_html_out_of_order();
    test_gb_codes();
    test_html();
    test_hidden_styles();
    test_chrome_words();
    test_head_strings();
    test_tag_limit();
    test_budget(argv[2]);
    test_bad_input();
    test_runs();
    test_t2s_counts();
    test_t2s_in_place();
    test_t2s_page_same();
    test_long_gb_html();
    test_gb_page_checks();
    test_unwrap_widths();
    test_large();
    zb_t2s_free(t2s);
    return check_report("test_text");
}
