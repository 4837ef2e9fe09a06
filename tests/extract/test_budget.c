/* test_budget.c - bounded work per document. The work budget
 * (zb_extract_opts.max_ms, budget.h): a document that takes longer than its
 * budget stops with ZB_E_TIMEOUT and a message saying so, a normal budget
 * changes nothing, the budget of one call does not leak into the next, and
 * the stage loops really stop (not only the checks between stages). And
 * output that stays linear in the input (a long table's evidence).
 *
 *   test_budget CONFIG_DIR */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget.h"
#include "../check.h"
#include "rules_internal.h"
#include "tables.h"

static zb_rules *R;

/* An invented county report of about size bytes: a title, numbered
 * headings, and paragraphs of figures the indicator rules read. */
static char *big_report(size_t size, size_t *len) {
    static const char *const para[] = {
        "一、推进依法行政\n全年共审核规范性文件%u件，清理行政规范性文件%u件。\n",
        "（一）行政复议\n全县共收到行政复议申请%u件，依法受理%u件，审结%u件。\n",
        "二、行政诉讼\n全年新收行政诉讼案件%u件，行政机关负责人出庭应诉%u次。\n",
        "三、法治宣传\n开展法治宣传活动%u场次，举办法治讲座%u期，培训干部%u人次。\n",
    };
    size_t cap = size + 4096, n = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    n += (size_t)snprintf(s, cap, "某某县人民政府关于2024年法治政府建设情况的报告\n");
    for (unsigned k = 0; n < size; k++) {
        unsigned a = 10 + k % 90, b = 3 + k % 7, c = 100 + k % 900;
        n += (size_t)snprintf(s + n, cap - n, para[k % 4], a, b, c);
    }
    *len = n;
    return s;
}

static zb_status extract(const char *in, size_t len, uint32_t max_ms, char *err, size_t errlen,
                         double *seconds) {
    zb_extract_opts o = {.max_ms = max_ms};
    zb_report *r = NULL;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    zb_status st = zb_extract(R, in, len, &o, &r, err, errlen);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (seconds) *seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    CHECK((st == ZB_OK) == (r != NULL), "a report iff ok");
    zb_report_free(r);
    return st;
}

static void status_name(void) {
    CHECK(!strcmp(zb_status_name(ZB_E_TIMEOUT), "timeout"), "%s", zb_status_name(ZB_E_TIMEOUT));
    /* the others keep their names (they are dead-letter reasons) */
    CHECK(!strcmp(zb_status_name(ZB_E_INTERNAL), "internal"), "internal");
    CHECK(!strcmp(zb_status_name(ZB_E_NOT_REPORT), "not_a_report"), "not_a_report");
}

static void tiny_budget(const char *doc, size_t len) {
    char err[512] = "";
    double secs = 0;
    zb_status st = extract(doc, len, 1, err, sizeof err, &secs);
    CHECK(st == ZB_E_TIMEOUT, "1 ms on %zu bytes: %s: %s", len, zb_status_name(st), err);
    CHECK(strstr(err, "over its limit of 1 ms") && strstr(err, "stopped in "),
          "a clear message: %s", err);
    printf("1 ms budget on %zu bytes: %s after %.3f s: %s\n", len, zb_status_name(st), secs, err);
}

static void normal_budget(const char *doc, size_t len) {
    char err[512] = "";
    double secs = 0;
    /* 0 = the default; a sanitizer build is slow, so also a generous one */
    zb_status st = extract(doc, len, 0, err, sizeof err, &secs);
    CHECK(st == ZB_OK || secs * 1000 > ZB_EXTRACT_MAX_MS_DEFAULT, "default budget: %s: %s",
          zb_status_name(st), err);
    st = extract(doc, len, 600000, err, sizeof err, &secs);
    CHECK(st == ZB_OK, "10 min budget on %zu bytes: %s: %s", len, zb_status_name(st), err);
    printf("600 s budget on %zu bytes: %s in %.3f s\n", len, zb_status_name(st), secs);
}

/* A spent budget does not spill into the next call on the thread. */
static void no_leak(const char *doc, size_t len) {
    const char *small = "某某区2021年法治政府建设情况报告\n全年审核规范性文件12件，清理文件30件。";
    char err[512] = "";
    CHECK(extract(doc, len, 1, err, sizeof err, NULL) == ZB_E_TIMEOUT, "timeout first");
    zb_status st = extract(small, strlen(small), 0, err, sizeof err, NULL);
    CHECK(st == ZB_OK, "the next call runs: %s: %s", zb_status_name(st), err);
    CHECK(!zb_budget_over(), "no budget outside zb_extract");
}

/* With the budget spent, each stage's loops stop at their first check: the
 * stage returns fewer results, not an error. Without a budget (a stage
 * called on its own) the checks never stop anything. */
static void stages_stop(const char *doc, size_t len) {
    const zb_ind_rules *ir = R->ind;
    zb_ind_match *m = NULL;
    size_t n_free = 0, n_spent = 0;
    CHECK(!zb_ind_assign(ir, doc, len, &m, &n_free), "indicators without budget");
    free(m);
    zb_section *secs = NULL;
    size_t ns_free = 0, ns_spent = 0;
    char err[256];
    CHECK(!zb_sections_find(R->sec, doc, len, &secs, &ns_free, err, sizeof err), "sections");
    zb_sections_free(secs, ns_free);

    zb_budget_start(0);
    CHECK(zb_budget_over_now(), "a 0 ms budget is spent at once");
    m = NULL;
    CHECK(!zb_ind_assign(ir, doc, len, &m, &n_spent), "indicators with a spent budget");
    free(m);
    CHECK(!zb_sections_find(R->sec, doc, len, &secs, &ns_spent, err, sizeof err), "sections");
    zb_sections_free(secs, ns_spent);
    zb_budget_stop();
    CHECK(n_free > 1000 && n_spent == 0, "indicators stop: %zu figures free, %zu spent", n_free,
          n_spent);
    CHECK(ns_free > 0 && ns_spent == 0, "sections stop: %zu headings free, %zu spent", ns_free,
          ns_spent);
    CHECK(!zb_budget_over(), "stopped budget: checks go on");

    /* tables: a header and 200 number rows */
    zb_buf t = ZB_BUF_INIT;
    zb_buf_printf(&t, "| 项目 | 行政复议(件) | 行政诉讼(件) |\n");
    for (int i = 0; i < 200; i++)
        zb_buf_printf(&t, "| 第%d项 | %d | %d |\n", i, 10 + i, 3 + i % 7);
    size_t nt_free = 0, nt_spent = 0;
    m = NULL;
    CHECK(!zb_tables_assign(ir, t.p, t.len, &m, &nt_free), "tables without budget");
    free(m);
    zb_budget_start(0);
    CHECK(zb_budget_over_now(), "spent");
    m = NULL;
    CHECK(!zb_tables_assign(ir, t.p, t.len, &m, &nt_spent), "tables with a spent budget");
    free(m);
    zb_budget_stop();
    CHECK(nt_free >= 200 && nt_spent == 0, "tables stop: %zu cells free, %zu spent", nt_free,
          nt_spent);
    zb_buf_free(&t);
}

/* A text dense with digits that are no figure: dates, which the number scan
 * steps over without returning them, so the loop over the figures (which
 * has its own check) never runs. The scan itself counts a step per stop
 * (a megabyte of digits once took 13 s there, bench/README.md). */
static char *dated_text(size_t size, size_t *len, size_t *n_dates) {
    size_t cap = size + 4096, n = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    n += (size_t)snprintf(s, cap,
                          "某某县人民政府关于2024年法治政府建设情况的报告\n"
                          "依法行政，推进法治政府建设。\n");
    *n_dates = 0;
    for (unsigned k = 0; n < size; k++, ++*n_dates)
        n += (size_t)snprintf(s + n, cap - n, "%u年%u月%u日%s", 1990 + k % 35, 1 + k % 12,
                              1 + k % 28, k % 4096 == 4095 ? "\n" : ",");
    *len = n;
    return s;
}

static void number_scan_stops(void) {
    size_t len = 0, n_dates = 0;
    char *doc = dated_text((size_t)4 << 20, &len, &n_dates);
    if (!doc) return;
    /* the scan's own steps: a budget running, its countdown set far from a
     * clock read; every date is a stop looked at */
    zb_ind_match *m = NULL;
    size_t n = 0;
    zb_budget_start(600000);
    zb_budget_state.left = UINT32_MAX;
    CHECK(!zb_ind_assign(R->ind, doc, len, &m, &n), "indicators on dates");
    uint32_t used = UINT32_MAX - zb_budget_state.left;
    zb_budget_stop();
    free(m);
    CHECK(n == 0, "dates are no figures: %zu", n);
    CHECK(used >= n_dates, "the number scan counts its stops: %u steps for %zu dates", used,
          n_dates);
    /* and so a 1 ms budget stops in the scan, with the stage named */
    char err[512] = "";
    zb_status st = extract(doc, len, 1, err, sizeof err, NULL);
    CHECK(st == ZB_E_TIMEOUT && strstr(err, "stopped in indicators"),
          "1 ms on %zu bytes of dates: %s: %s", len, zb_status_name(st), err);
    free(doc);
}

/* A table's facts: evidence from the header to the cell while the header is
 * near (a small table reads as before), but not over every row between for
 * a cell far below: that grew with the square of the table (a 256 KB table
 * of 7,000 rows printed 2 GB of evidence). */
static void table_evidence(void) {
    for (int rows = 5; rows <= 5000; rows += 4995) {
        zb_buf b = ZB_BUF_INIT;
        zb_buf_printf(&b, "某某市2024年法治政府建设年度报告\n"
                          "| 项目 | 2024年(件) | 2023年(件) | 增减 |\n");
        size_t header = 0;
        for (int i = 0; i < rows; i++)
            zb_buf_printf(&b, "| 行政复议 | %d | 12 | 5 |\n", 10 + i % 900);
        const char *h = strstr(b.p, "| 项目");
        header = h ? (size_t)(h - b.p) : 0;
        zb_extract_opts o = {.max_ms = 600000};
        zb_report *r = NULL;
        char err[256];
        zb_status st = zb_extract(R, b.p, b.len, &o, &r, err, sizeof err);
        CHECK(st == ZB_OK, "table of %d rows: %s: %s", rows, zb_status_name(st), err);
        /* a row's figure is a fact or, where a rule reads the row's label
         * (行政复议: reconsideration.received), an indicator whose evidence is
         * its cell */
        size_t longest = 0, total = 0, from_header = 0;
        size_t n = r ? r->n_facts + r->n_indicators : 0;
        for (size_t i = 0; i < n; i++) {
            const zb_span *e =
                i < r->n_facts ? &r->facts[i].evidence : &r->indicators[i - r->n_facts].evidence;
            size_t l = (size_t)(e->end - e->start);
            if (l > longest) longest = l;
            total += l;
            from_header += i < r->n_facts && e->start <= header + 40;
        }
        CHECK(n >= (size_t)rows, "%d rows: %zu figures", rows, n);
        if (rows == 5)
            CHECK(r && from_header == r->n_facts, "small table: evidence from the header");
        else
            CHECK(longest <= 2048 && total < 64 * b.len, "%d rows: longest evidence %zu, all %zu",
                  rows, longest, total);
        zb_report_free(r);
        zb_buf_free(&b);
    }
}

/* Misnested formatting elements (<a><b>x</a>, <a><div>x</a>) make the HTML
 * parser reopen or keep elements, so the tree deepens with every repetition
 * and gumbo's time grows with its square (1 MB: 10 s and over 100 s). The
 * depth estimate that runs before any parser sees them: refused at once as
 * too deeply nested, like plainly nested tags. Well-nested formatting and
 * misnesting that closes again (<b><div>x</b>y</div>) stay readable. */
static void misnested_html(void) {
    static const char *const deep[] = {"<a><b>法</a>治", "<a><div>法</a>治", "<a><i><b>法</a>治",
                                       "<span><b>法</span>治"};
    static const char *const flat[] = {"<b><div>法</b>治</div>", "<b>法</b><i>治</i>"};
    for (int d = 0; d < 2; d++) {
        const char *const *v = d ? flat : deep;
        for (int i = 0; i < (d ? 2 : 4); i++) {
            zb_buf b = ZB_BUF_INIT;
            zb_buf_printf(&b, "<html><body><p>某某市2024年法治政府建设年度报告</p>"
                              "<p>依法行政，审核规范性文件12件。</p>");
            for (int k = 0; k < 3000; k++)
                zb_buf_puts(&b, v[i]);
            zb_buf_puts(&b, "</body></html>");
            zb_extract_opts o = {.max_ms = 600000, .content_type = "text/html"};
            zb_report *r = NULL;
            char err[256] = "";
            zb_status st = zb_extract(R, b.p, b.len, &o, &r, err, sizeof err);
            if (d)
                CHECK(st == ZB_OK, "%s x 3000: %s: %s", v[i], zb_status_name(st), err);
            else
                CHECK(st == ZB_E_NOT_REPORT && strstr(err, "nested deeper"), "%s x 3000: %s: %s",
                      v[i], zb_status_name(st), err);
            zb_report_free(r);
            zb_buf_free(&b);
        }
    }
}

/* Every HTML tag is a tree node (~190 bytes: 8 MB of <br> took 377 MB):
 * a page of more tags than the limit is refused before any tree is built. */
static void tag_limit(void) {
    for (int n = 100000; n <= 600000; n += 500000) {
        zb_buf b = ZB_BUF_INIT;
        zb_buf_printf(&b, "<html><body><p>某某市2024年法治政府建设年度报告</p>"
                          "<p>依法行政，审核规范性文件12件。</p>");
        for (int k = 0; k < n; k++)
            zb_buf_puts(&b, "<br>");
        zb_buf_puts(&b, "</body></html>");
        zb_extract_opts o = {.max_ms = 600000, .content_type = "text/html"};
        zb_report *r = NULL;
        char err[256] = "";
        zb_status st = zb_extract(R, b.p, b.len, &o, &r, err, sizeof err);
        if (n < 500000)
            CHECK(st == ZB_OK, "%d <br>: %s: %s", n, zb_status_name(st), err);
        else
            CHECK(st == ZB_E_TOO_LARGE && strstr(err, "tags"), "%d <br>: %s: %s", n,
                  zb_status_name(st), err);
        zb_report_free(r);
        zb_buf_free(&b);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_budget CONFIG_DIR\n");
        return 2;
    }
    char err[512];
    if (!(R = zb_rules_load(argv[1], err, sizeof err))) {
        fprintf(stderr, "rules: %s\n", err);
        return 2;
    }
    size_t len = 0;
    char *doc = big_report((size_t)1 << 20, &len);
    if (!doc) return 2;
    status_name();
    tiny_budget(doc, len);
    normal_budget(doc, len);
    no_leak(doc, len);
    stages_stop(doc, len);
    number_scan_stops();
    table_evidence();
    misnested_html();
    tag_limit();
    free(doc);
    zb_rules_free(R);
    return check_report("test_budget");
}
