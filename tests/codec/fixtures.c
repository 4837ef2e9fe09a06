/* fixtures.c - see fixtures.h. */
#include "fixtures.h"
#include "zb_extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

static void add_indicator(zb_report *r, const char *code, double v, const char *unit, zb_approx a,
                          const char *scope, zb_section_kind sec, uint64_t start,
                          const char *text) {
    zb_indicator *x = &r->indicators[r->n_indicators++];
    x->code = dup(code);
    x->value = v;
    x->unit = dup(unit);
    x->approx = a;
    x->scope = dup(scope);
    x->section = sec;
    x->evidence.start = start;
    x->evidence.end = start + strlen(text);
    x->evidence.text = dup(text);
}

static void add_fact(zb_report *r, double v, const char *unit, zb_approx a, const char *phrase,
                     zb_section_kind sec, int target, uint64_t start, const char *text) {
    zb_fact *f = &r->facts[r->n_facts++];
    f->value = v;
    f->unit = dup(unit);
    f->approx = a;
    f->phrase = dup(phrase);
    f->section = sec;
    f->target = target;
    f->evidence.start = start;
    f->evidence.end = start + strlen(text);
    f->evidence.text = dup(text);
}

static void full_report(zb_report *r) {
    r->source = dup("fixtures/beibei-2023.html");
    r->title = dup("重庆市北碚区人民政府关于2023年法治政府建设情况的报告");
    r->report_year = 2023;
    r->published_date = dup("2024-02-29");
    r->region.name = dup("重庆市北碚区");
    r->region.code = dup("500109");
    r->region.level = ZB_LEVEL_COUNTY;
    r->issuer.name = dup("重庆市北碚区人民政府");
    r->issuer.kind = ZB_ISSUER_GOVERNMENT;
    r->script = ZB_SCRIPT_SIMPLIFIED;
    r->encoding = dup("utf-8");
    r->content_type = dup("text/html");
    r->sections = calloc(3, sizeof *r->sections);
    r->n_sections = 3;
    r->sections[0] = (zb_section){ZB_SEC_ACHIEVEMENTS, dup("一、2023年法治政府建设主要举措和成效"),
                                  1, 1024, 20480};
    r->sections[1] = (zb_section){ZB_SEC_PROBLEMS, dup("二、存在的不足"), 1, 20480, 23000};
    r->sections[2] = (zb_section){ZB_SEC_PLAN, dup("三、2024年工作打算"), 1, 23000, 26000};
    r->indicators = calloc(4, sizeof *r->indicators);
    add_indicator(r, "reconsideration.received", 312, "件", ZB_APPROX_EXACT, NULL,
                  ZB_SEC_ACHIEVEMENTS, 4100, "全年收到行政复议申请312件");
    add_indicator(r, "litigation.loss_rate", 3.57, "%", ZB_APPROX_EXACT, "区政府部门及镇街",
                  ZB_SEC_ACHIEVEMENTS, 5230, "败诉率3.57%");
    add_indicator(r, "litigation.appearance_rate", 100, "%", ZB_APPROX_EXACT, "区政府",
                  ZB_SEC_ACHIEVEMENTS, 5400, "负责人出庭应诉率100%");
    add_indicator(r, "legal_advisers.opinions", 1200, "件次", ZB_APPROX_AT_LEAST, NULL,
                  ZB_SEC_ACHIEVEMENTS, 7001, "提供法律意见1200余件次");
    r->facts = calloc(2, sizeof *r->facts);
    add_fact(r, 3.2e4, "户", ZB_APPROX_ABOUT, "开展普法宣传覆盖群众", ZB_SEC_ACHIEVEMENTS, 0, 9000,
             "覆盖群众约3.2万户");
    add_fact(r, 50, "场", ZB_APPROX_AT_MOST, "举办法治讲座", ZB_SEC_PLAN, 1, 24000,
             "举办法治讲座不超过50场");
    r->warnings = calloc(1, sizeof *r->warnings);
    r->n_warnings = 1;
    r->warnings[0].code = dup("rate_mismatch");
    r->warnings[0].message = dup("败诉率3.57% 与 败诉1件/审结28件 (3.57%) 一致性待核");
}

static void odd_report(zb_report *r) {
    r->source = dup("reports.raw/3/12345");
    r->title = dup("臺北市政府法制局2022年度法治政府建設報告 \"quoted\" \\ tab\t nl\n 𠮷");
    r->report_year = 2022;
    r->published_date = dup("1999-12-31");
    r->region.name = dup("广东省深圳市");
    r->region.code = dup("440300");
    r->region.level = ZB_LEVEL_CITY;
    r->issuer.name = dup("深圳市司法局");
    r->issuer.kind = ZB_ISSUER_DEPARTMENT;
    r->script = ZB_SCRIPT_TRADITIONAL;
    r->encoding = dup("gb18030");
    r->content_type = dup("text/plain");
    r->indicators = calloc(1, sizeof *r->indicators);
    add_indicator(r, "gov_services.online_rate", 99.999999999999, "%", ZB_APPROX_AT_MOST, "",
                  ZB_SEC_OTHER, 0, "");
    r->facts = calloc(1, sizeof *r->facts);
    add_fact(r, -1.5e-300, "", ZB_APPROX_EXACT, "", ZB_SEC_LEADERSHIP, 0, 0, "");
}

static void big_report(zb_report *r, size_t n) {
    full_report(r);
    for (size_t i = 0; i < r->n_indicators; i++) {
        free(r->indicators[i].code);
        free(r->indicators[i].unit);
        free(r->indicators[i].scope);
        free(r->indicators[i].evidence.text);
    }
    for (size_t i = 0; i < r->n_facts; i++) {
        free(r->facts[i].unit);
        free(r->facts[i].phrase);
        free(r->facts[i].evidence.text);
    }
    free(r->indicators);
    free(r->facts);
    r->indicators = calloc(n, sizeof *r->indicators);
    r->facts = calloc(n, sizeof *r->facts);
    r->n_indicators = r->n_facts = 0;
    char text[160];
    for (size_t i = 0; i < n; i++) {
        snprintf(text, sizeof text, "第%zu项：全年审核规范性文件%zu件，同比增长%zu%%", i, i * 7,
                 i % 100);
        add_indicator(r, i % 2 ? "normative_docs.reviewed" : "litigation.received",
                      (double)i * 1.25, "件", (zb_approx)(i % 4), i % 3 ? "各镇街" : NULL,
                      (zb_section_kind)(i % 5), i * 100, text);
        add_fact(r, (double)i / 3.0, "份", (zb_approx)((i + 1) % 4), "印发宣传资料",
                 (zb_section_kind)((i + 2) % 5), (int)(i % 2), i * 100 + 50, text);
    }
}

zb_report *fx_report(int kind, size_t n_big) {
    zb_report *r = calloc(1, sizeof *r);
    if (n_big)
        big_report(r, n_big);
    else if (kind == 0)
        full_report(r);
    else if (kind == 2)
        odd_report(r);
    else
        r->source = dup("empty.txt"); /* kind 1: nothing found */
    r->rules_version = dup("rules-sha256:5d41402abc4b2a76");
    return r;
}

void fx_report_free(zb_report *r) {
    /* Fixtures own their strings exactly as an extracted report does. */
    zb_report_free(r);
}

void fx_origin(int kind, zb_origin *o) {
    zb_origin_init(o);
    o->report_id = kind == 0 ? "9f2c1e5b7a0d4c3e" : "e3b0c44298fc1c14";
    o->extractor_version = ZB_EXTRACTOR_VERSION;
    o->rules_version = kind == 1 ? NULL : "rules-sha256:5d41402abc4b2a76"; /* NULL: the report's */
    o->processed_time_ms = 1700000000123LL;
    if (kind == 0) {
        o->source_url = "http://www.beibei.gov.cn/zwgk/fzzfjs/202402/t20240229_1.html";
        o->crawl_time_ms = 1709193600000LL;
        o->topic = "reports.raw";
        o->partition = 3;
        o->offset = 1234567890123LL;
    }
}

static const unsigned char binary[] = {0x00, 0xff, 0x80, 'a', 0x00, 0xfe, '\n'};
static zb_header hdrs[] = {
    {"content-type", "text/html; charset=gb2312", 25},
    {"source-url", "http://example.gov.cn/a.html", 28},
    {"null-valued", NULL, 0},
    {"binary", binary, sizeof binary},
};

void fx_dead_letter(int kind, zb_dead_letter *d) {
    memset(d, 0, sizeof *d);
    d->partition = -1;
    d->offset = -1;
    d->timestamp_ms = ZB_TIME_NONE;
    d->failed_time_ms = 1700000000999LL;
    d->error_code = kind == 0 ? "bad_encoding" : "not_a_report";
    d->error_message =
        kind == 0 ? "input is neither UTF-8 nor GB18030 (byte 0xff at 1)" : "没有找到报告标题";
    if (kind == 0) {
        d->key = "k\0ey";
        d->key_len = 4;
        d->value = binary;
        d->value_len = sizeof binary;
        d->headers = hdrs;
        d->n_headers = 4;
        d->topic = "reports.raw";
        d->partition = 5;
        d->offset = 42;
        d->timestamp_ms = 1700000000000LL;
        d->stage = ZB_STAGE_EXTRACT;
        d->worker_id = "zhibiao-0";
        d->report_id = "abc123";
    } else {
        d->value = ""; /* an empty (not null) value */
        d->value_len = 0;
        d->source = "/data/in/x.html";
        d->stage = ZB_STAGE_DECODE;
    }
}

static const char raw_body[] = "<html><title>\xb1\xb1\xed\xd5</title>\0tail";
static const char *meta_k[] = {"site", "listing", "http.etag"};
static const char *meta_v[] = {"www.beibei.gov.cn", "http://www.beibei.gov.cn/zwgk/", "\"5f-1\""};

void fx_raw_report(int kind, zb_raw_report *r) {
    memset(r, 0, sizeof *r);
    if (kind == 0) {
        r->url = "http://www.beibei.gov.cn/zwgk/fzzfjs/202402/t20240229_1.html";
        r->fetched_time_ms = 1709193600000LL;
        r->content_type = "text/html";
        r->charset = "gb2312";
        r->body = raw_body;
        r->body_len = sizeof raw_body - 1;
        r->title = "北碚区2023年法治政府建设年度报告";
        r->meta_keys = meta_k;
        r->meta_values = meta_v;
        r->n_meta = 3;
    } else {
        r->url = "file:///x";
        r->fetched_time_ms = 0;
        r->body = "";
        r->body_len = 0;
    }
}
