/* test_extract.c - the whole engine (zb_extract) on the team's fixture
 * reports in tests/fixtures/extract: each NAME.expect names its input and
 * lists what must come out (see the README there), plus the JSON contract,
 * evidence offsets into the input as received, and bad inputs.
 *
 * Known engine errors are written down, not hidden, with strict
 * expected-failure lines (the gold stays in the .expect file):
 *   miss CODE VALUE [APPROX] [scope=S]  a gold indicator the engine does not
 *       find yet; printed as a known miss; FAILS once the engine finds it
 *       (then promote the line to `ind`).
 *   wrong CODE VALUE [APPROX] [scope=S] an indicator the engine reports but
 *       the gold says it is not (a trap); printed as known wrong; FAILS once
 *       the engine stops reporting it (then drop the line or make it nofact).
 *   wrong VALUE  a `nofact` trap the engine still reports as a figure.
 *   region CODE  the region's GB/T 2260 code. */
#include <dirent.h>
#include <iconv.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "indicators.h" /* ZB_IND_MAX_FIGURES */
#include "zb_extract.h"

static const zb_rules *R;

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = (size_t)n;
    return b;
}

static zb_approx approx_of(const char *s) {
    if (!s) return ZB_APPROX_EXACT;
    if (!strcmp(s, "at_least")) return ZB_APPROX_AT_LEAST;
    if (!strcmp(s, "about")) return ZB_APPROX_ABOUT;
    if (!strcmp(s, "at_most")) return ZB_APPROX_AT_MOST;
    return ZB_APPROX_EXACT;
}

static int same(double a, double b) { return fabs(a - b) <= 1e-9 * (fabs(b) + 1); }

/* Input bytes [start, end) as UTF-8 (converted from GB18030 when needed). */
static int input_text(const char *in, const zb_span *e, const char *enc, char *out, size_t outlen) {
    size_t n = (size_t)(e->end - e->start);
    if (!strcmp(enc, "utf-8")) {
        if (n >= outlen) return -1;
        memcpy(out, in + e->start, n);
        out[n] = '\0';
        return 0;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return -1;
    char *ip = (char *)in + e->start, *op = out;
    size_t il = n, ol = outlen - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    *op = '\0';
    return r == (size_t)-1 ? -1 : 0;
}

/* Evidence of every indicator is the input as received. */
static void check_evidence(const char *name, const char *in, size_t len, const zb_report *r) {
    int html = r->content_type && !strcmp(r->content_type, "text/html");
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_span *e = &r->indicators[i].evidence;
        CHECK(e->start < e->end && e->end <= len, "%s: %s evidence [%llu,%llu) out of range", name,
              r->indicators[i].code, (unsigned long long)e->start, (unsigned long long)e->end);
        if (html || !(e->start < e->end && e->end <= len)) continue;
        char buf[4096];
        CHECK(input_text(in, e, r->encoding, buf, sizeof buf) == 0 && !strcmp(buf, e->text),
              "%s: %s evidence text '%s' is not the input bytes '%s'", name, r->indicators[i].code,
              e->text, buf);
    }
}

typedef enum { WANT_IND, WANT_MISS, WANT_WRONG } want_kind;

typedef struct {
    char code[256];
    double value;
    zb_approx approx;
    char scope[256];
    want_kind kind;
} want_ind;

/* A miss/wrong line names the indicator exactly: code, value, approx and
 * (when given) scope. */
static int same_ind(const want_ind *w, const zb_indicator *x) {
    return !strcmp(w->code, x->code) && same(w->value, x->value) && x->approx == w->approx &&
           (!w->scope[0] || (x->scope && !strcmp(x->scope, w->scope)));
}

static int is_figure(const zb_report *r, double v) {
    int found = 0;
    for (size_t i = 0; i < r->n_facts; i++)
        found |= same(r->facts[i].value, v);
    for (size_t i = 0; i < r->n_indicators; i++)
        found |= same(r->indicators[i].value, v);
    return found;
}

static void check_expect(const char *dir, const char *expect_name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, expect_name);
    size_t elen;
    char *ex = slurp(path, &elen);
    CHECK(ex != NULL, "cannot read %s", path);
    if (!ex) return;
    want_ind want[256];
    size_t nw = 0;
    char *in = NULL;
    size_t len = 0;
    zb_report *r = NULL;
    char *save = NULL;
    for (char *line = strtok_r(ex, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0') continue;
        char kw[32] = "", a[256] = "", b[256] = "", c[256] = "", d[256] = "";
        sscanf(line, "%31s %255s %255s %255s %255s", kw, a, b, c, d);
        if (!strcmp(kw, "input")) {
            snprintf(path, sizeof path, "%s/%s", dir, a);
            in = slurp(path, &len);
            CHECK(in != NULL, "cannot read %s", path);
            if (!in) break;
            char err[256];
            zb_extract_opts o = {.source = a};
            zb_status st = zb_extract(R, in, len, &o, &r, err, sizeof err);
            CHECK(st == ZB_OK, "%s: %s: %s", a, zb_status_name(st), err);
            if (st != ZB_OK) break;
            check_evidence(a, in, len, r);
            continue;
        }
        if (!r) break;
        if (!strcmp(kw, "year")) {
            CHECK(r->report_year == atoi(a), "%s: year %d, want %s", expect_name, r->report_year,
                  a);
        } else if (!strcmp(kw, "issuer")) {
            const char *k = zb_issuer_kind_name(r->issuer.kind);
            CHECK(k && !strcmp(k, a), "%s: issuer kind %s, want %s", expect_name, k, a);
        } else if (!strcmp(kw, "encoding")) {
            CHECK(!strcmp(r->encoding, a), "%s: encoding %s", expect_name, r->encoding);
        } else if (!strcmp(kw, "script")) {
            CHECK(!strcmp(zb_script_name(r->script), a), "%s: script", expect_name);
        } else if (!strcmp(kw, "published")) {
            CHECK(r->published_date && !strcmp(r->published_date, a), "%s: published %s",
                  expect_name, r->published_date ? r->published_date : "null");
        } else if (!strcmp(kw, "region")) {
            CHECK(r->region.code && !strcmp(r->region.code, a), "%s: region %s, want %s",
                  expect_name, r->region.code ? r->region.code : "null", a);
        } else if (!strcmp(kw, "wrong") && (a[0] >= '0' && a[0] <= '9')) {
            int found = is_figure(r, atof(a));
            if (found) printf("%s: known wrong: %s is a figure\n", expect_name, a);
            CHECK(found, "%s: %s is no figure any more: make the line nofact", expect_name, a);
        } else if ((!strcmp(kw, "ind") || !strcmp(kw, "miss") || !strcmp(kw, "wrong")) &&
                   nw < 256) {
            want_ind *w = &want[nw++];
            w->kind = kw[0] == 'i' ? WANT_IND : kw[0] == 'm' ? WANT_MISS : WANT_WRONG;
            snprintf(w->code, sizeof w->code, "%s", a);
            w->value = atof(b);
            w->approx = approx_of(c[0] && strncmp(c, "scope=", 6) ? c : NULL);
            const char *sc = !strncmp(c, "scope=", 6)   ? c + 6
                             : !strncmp(d, "scope=", 6) ? d + 6
                                                        : "";
            snprintf(w->scope, sizeof w->scope, "%s", sc);
        } else if (!strcmp(kw, "target") || !strcmp(kw, "fact")) {
            int target = kw[0] == 't', found = 0;
            for (size_t i = 0; i < r->n_facts && !found; i++) {
                const zb_fact *f = &r->facts[i];
                found = f->target == target && same(f->value, atof(a)) && !strcmp(f->unit, b) &&
                        f->approx == approx_of(c[0] ? c : NULL);
            }
            CHECK(found, "%s: no %s %s %s %s", expect_name, kw, a, b, c);
        } else if (!strcmp(kw, "nofact")) {
            CHECK(!is_figure(r, atof(a)), "%s: %s must not be a figure", expect_name, a);
        } else if (!strcmp(kw, "warn")) {
            int found = 0;
            for (size_t i = 0; i < r->n_warnings; i++)
                found |= !strcmp(r->warnings[i].code, a);
            CHECK(found, "%s: no warning %s", expect_name, a);
        } else if (!strcmp(kw, "nowarn")) {
            CHECK(r->n_warnings == 0, "%s: unexpected warning %s", expect_name,
                  r->n_warnings ? r->warnings[0].message : "");
        } else if (!strcmp(kw, "evidence")) {
            int found = 0;
            for (size_t i = 0; i < r->n_indicators && !found; i++)
                found = !strcmp(r->indicators[i].code, a) &&
                        strstr(r->indicators[i].evidence.text, b) != NULL;
            CHECK(found, "%s: no %s with evidence containing %s", expect_name, a, b);
        } else {
            CHECK(0, "%s: unknown line '%s'", expect_name, line);
        }
    }
    if (r) {
        /* the indicators are exactly the listed ones (as a multiset): the
         * ind lines plus the known wrong ones, none of the known misses
         * (matched in that order, so a figure stated twice can be one ind
         * and one miss line) */
        unsigned char used[256] = {0};
        for (size_t i = 0; i < r->n_indicators; i++) {
            const zb_indicator *x = &r->indicators[i];
            int hit = 0;
            for (size_t k = 0; k < nw && !hit; k++) {
                if (used[k] || want[k].kind != WANT_WRONG || !same_ind(&want[k], x)) continue;
                used[k] = hit = 1;
                printf("%s: known wrong: %s = %g\n", expect_name, x->code, x->value);
            }
            for (size_t k = 0; k < nw && !hit; k++) {
                if (used[k] || want[k].kind != WANT_IND || strcmp(want[k].code, x->code) ||
                    !same(want[k].value, x->value))
                    continue;
                used[k] = hit = 1;
                CHECK(x->approx == want[k].approx, "%s: %s %g approx %s", expect_name, x->code,
                      x->value, zb_approx_name(x->approx));
                if (want[k].scope[0])
                    CHECK(x->scope && !strcmp(x->scope, want[k].scope), "%s: %s scope %s, want %s",
                          expect_name, x->code, x->scope ? x->scope : "null", want[k].scope);
                CHECK(x->section != ZB_SEC_PLAN, "%s: indicator in a plan section", expect_name);
            }
            for (size_t k = 0; k < nw && !hit; k++) {
                if (used[k] || want[k].kind != WANT_MISS || !same_ind(&want[k], x)) continue;
                used[k] = hit = 1;
                CHECK(0, "%s: known miss %s = %g is found now: make it an ind line", expect_name,
                      x->code, x->value);
            }
            CHECK(hit, "%s: unexpected indicator %s = %g", expect_name, x->code, x->value);
        }
        for (size_t k = 0; k < nw; k++) {
            if (want[k].kind == WANT_MISS && !used[k])
                printf("%s: known miss: %s = %g\n", expect_name, want[k].code, want[k].value);
            else if (want[k].kind == WANT_WRONG)
                CHECK(used[k], "%s: known wrong %s = %g is gone: drop the line", expect_name,
                      want[k].code, want[k].value);
            else
                CHECK(used[k], "%s: missing indicator %s = %g", expect_name, want[k].code,
                      want[k].value);
        }
    }
    zb_report_free(r);
    free(in);
    free(ex);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fixtures(const char *dir) {
    DIR *d = opendir(dir);
    CHECK(d != NULL, "cannot open %s", dir);
    if (!d) return;
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 7 && !strcmp(e->d_name + l - 7, ".expect")) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    CHECK(n >= 8, "only %zu expect files", n);
    for (size_t i = 0; i < n; i++) {
        check_expect(dir, names[i]);
        free(names[i]);
    }
}

/* The JSON line: DESIGN.md's fields, types, integers without ".0". */
static void json_contract(const char *dir) {
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/rate_mismatch.txt", dir);
    char *in = slurp(path, &len);
    zb_report *r = NULL;
    char err[256];
    zb_extract_opts o = {.source = "dir/rate_mismatch.txt"};
    CHECK(in && zb_extract(R, in, len, &o, &r, err, sizeof err) == ZB_OK, "extract");
    if (!r) {
        free(in);
        return;
    }
    zb_buf b = ZB_BUF_INIT;
    CHECK(zb_report_json(r, &b) == 0, "json");
    CHECK(b.p && !strchr(b.p, '\n'), "one line");
    json_error_t je;
    json_t *j = json_loads(b.p, 0, &je);
    CHECK(j != NULL, "valid JSON: %s", je.text);
    if (j) {
        static const char *const keys[] = {
            "source", "title",    "report_year",       "published_date", "region",
            "issuer", "script",   "encoding",          "sections",       "indicators",
            "facts",  "warnings", "extractor_version", "rules_version"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            CHECK(json_object_get(j, keys[i]) != NULL, "key %s", keys[i]);
        CHECK(json_object_size(j) == sizeof keys / sizeof keys[0], "no other keys");
        CHECK(!strcmp(json_string_value(json_object_get(j, "source")), "dir/rate_mismatch.txt"),
              "source is the path given");
        CHECK(json_is_integer(json_object_get(j, "report_year")), "year is an integer");
        json_t *reg = json_object_get(j, "region");
        CHECK(json_is_object(reg) && json_object_get(reg, "name") && json_object_get(reg, "code") &&
                  json_object_get(reg, "level"),
              "region fields");
        json_t *iss = json_object_get(j, "issuer");
        CHECK(json_is_string(json_object_get(iss, "kind")), "issuer kind");
        json_t *inds = json_object_get(j, "indicators");
        CHECK(json_array_size(inds) == r->n_indicators && r->n_indicators == 9, "9 indicators");
        json_t *first = json_array_get(inds, 0);
        CHECK(json_is_integer(json_object_get(first, "value")), "120 printed as an integer");
        json_t *rate = json_array_get(inds, 2);
        CHECK(json_is_real(json_object_get(rate, "value")) &&
                  json_real_value(json_object_get(rate, "value")) == 6.5,
              "6.5 printed as a real");
        static const char *const ikeys[] = {"code",  "value",   "unit",    "approx",
                                            "scope", "section", "evidence"};
        for (size_t i = 0; i < sizeof ikeys / sizeof ikeys[0]; i++)
            CHECK(json_object_get(first, ikeys[i]) != NULL, "indicator key %s", ikeys[i]);
        json_t *ev = json_object_get(first, "evidence");
        CHECK(json_is_integer(json_object_get(ev, "start")) &&
                  json_is_integer(json_object_get(ev, "end")) &&
                  json_is_string(json_object_get(ev, "text")),
              "evidence start/end/text");
        json_t *w = json_array_get(json_object_get(j, "warnings"), 0);
        CHECK(w && !strcmp(json_string_value(json_object_get(w, "code")), "rate_mismatch"),
              "warning code");
        CHECK(json_is_string(json_object_get(j, "rules_version")) &&
                  strlen(json_string_value(json_object_get(j, "rules_version"))) > 8,
              "rules_version");
        CHECK(!strcmp(json_string_value(json_object_get(j, "extractor_version")),
                      ZB_EXTRACTOR_VERSION),
              "extractor_version");
        json_decref(j);
    }
    zb_buf_free(&b);
    zb_report_free(r);
    free(in);
}

/* A report from zb_extract lies with its strings in memory of its own
 * (report.c's arena); a pointer a caller sets in it is still the report's to
 * free (zb_report.h), and the report's own strings are not freed one by one.
 * Under ASan a leak or a bad free here fails the test. */
static void report_memory(void) {
    const char *in = "某某县2023年法治政府建设年度报告\n一、主要成效\n"
                     "全年办理行政复议案件12件，行政应诉案件30件，败诉2件。"
                     "组织执法人员培训4次，参训人员300余人次。";
    zb_report *r = NULL;
    char err[256] = "";
    CHECK(zb_extract(R, in, strlen(in), NULL, &r, err, sizeof err) == ZB_OK && r, "extract: %s",
          err);
    if (!r) return;
    CHECK(r->n_indicators + r->n_facts >= 3, "%zu indicators, %zu facts", r->n_indicators,
          r->n_facts);
    for (size_t i = 0; i < r->n_indicators; i++) {
        const zb_span *e = &r->indicators[i].evidence;
        CHECK(r->indicators[i].code && r->indicators[i].unit && e->text && e->end > e->start &&
                  !memcmp(in + e->start, e->text, (size_t)(e->end - e->start)),
              "indicator %zu: evidence [%llu,%llu) '%s'", i, (unsigned long long)e->start,
              (unsigned long long)e->end, e->text ? e->text : "(null)");
    }
    CHECK(!r->source, "no source was given");
    r->source = strdup("set/by/caller");
    if (r->n_indicators) r->indicators[0].scope = strdup("caller's scope");
    zb_report_free(r);
    zb_report_free(NULL);
    /* many figures: their strings fill several blocks, and a string of an
     * older block (not the newest, which zb_report_free tests first) is
     * still not freed on its own */
    char *big = malloc(64 * 1024), *p = big;
    p += sprintf(p, "某某市2023年法治政府建设年度报告\n一、主要成效\n");
    for (int i = 1; i <= 400; i++)
        p += sprintf(p, "第%d批行政复议案件共办理%d件，较上年增加%d件。", i, 10 + i, i % 7 + 1);
    r = NULL;
    CHECK(zb_extract(R, big, strlen(big), NULL, &r, err, sizeof err) == ZB_OK && r, "big: %s", err);
    if (r) {
        CHECK(r->n_indicators + r->n_facts >= 400, "big: %zu indicators, %zu facts",
              r->n_indicators, r->n_facts);
        r->source = strdup("caller/source"); /* none was given */
        /* cleared, an engine report is an empty report, still freed whole
         * by zb_report_free (its struct lies in its first block) */
        zb_report_clear(r);
        CHECK(!r->source && !r->indicators && r->n_indicators == 0 && !r->facts &&
                  r->n_facts == 0 && r->arena,
              "cleared: empty, its first block kept");
        r->title = strdup("set after clear");
        zb_report_free(r);
    }
    free(big);
}

static zb_status run(const char *in, size_t len, size_t max) {
    zb_report *r = NULL;
    char err[256] = "";
    zb_extract_opts o = {.max_bytes = max};
    zb_status st = zb_extract(R, in, len, &o, &r, err, sizeof err);
    CHECK((st == ZB_OK) == (r != NULL), "report iff ok");
    CHECK(st == ZB_OK || err[0], "an error has a message");
    zb_report_free(r);
    return st;
}

static void bad_inputs(void) {
    CHECK(run("", 0, 0) == ZB_E_EMPTY, "empty");
    zb_status blank = run("   \n\n  ", 7, 0);
    CHECK(blank == ZB_E_EMPTY || blank == ZB_E_NOT_REPORT, "blank: %s", zb_status_name(blank));
    static const char bin[] = "\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
    CHECK(run(bin, sizeof bin - 1, 0) == ZB_E_ENCODING, "binary");
    const char *en = "This is an English page about something else entirely. 2021: 45 items.";
    CHECK(run(en, strlen(en), 0) == ZB_E_NOT_REPORT, "not a report");
    const char *news = "今日天气晴朗，气温二十三度，市民纷纷外出踏青，公园游客达到3万人次。";
    CHECK(run(news, strlen(news), 0) == ZB_E_NOT_REPORT, "Chinese, but not a report");
    /* the gate knows every indicator domain, not only 法治 wording: a court's
     * administrative-trial summary and a legal-aid news item are reports */
    const char *court = "某某市中级人民法院2023年行政审判工作情况\n全年新收一审行政案件236件，"
                        "审结221件，行政机关负责人出庭应诉率达到95%。";
    CHECK(run(court, strlen(court), 0) == ZB_OK, "administrative trial summary");
    const char *aid = "2024年，某某县司法局共办理法律援助案件356件，为受援人挽回经济损失120万元。";
    CHECK(run(aid, strlen(aid), 0) == ZB_OK, "legal aid news item");
    /* an enforcement summary (行政处罚, 罚没) is read, though it never says 法治 */
    const char *enf =
        "某某市场监管局2024年执法工作综述\n全年查处各类案件1.2万件，罚没金额3.5亿元。";
    CHECK(run(enf, strlen(enf), 0) == ZB_OK, "enforcement summary");
    /* a 放管服 reform summary counts service items (gov_services.*) */
    const char *svc =
        "某某市深化放管服改革工作总结\n全年梳理政务服务事项1260项，其中1180项实现全程网办。";
    CHECK(run(svc, strlen(svc), 0) == ZB_OK, "service reform summary");
    const char *rep = "某某区2021年法治政府建设情况报告\n全年审核规范性文件12件，清理文件30件。";
    CHECK(run(rep, strlen(rep), 10) == ZB_E_TOO_LARGE, "over max_bytes");
    /* cut inside the last character: still a report */
    CHECK(run(rep, strlen(rep) - 1, 0) == ZB_OK, "truncated UTF-8");
    /* pseudo-random bytes and a long run of digits: any status, no crash */
    size_t n = 1 << 16;
    char *junk = malloc(n);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    run(junk, n, 0);
    memset(junk, '9', n);
    run(junk, n, 0);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(junk + i, "十", 3);
    run(junk, n - n % 3, 0);
    free(junk);
    /* more figures than the cap: a warning, bounded work */
    zb_buf many = ZB_BUF_INIT;
    zb_buf_puts(&many, "法治政府建设情况。");
    for (int i = 0; i < ZB_IND_MAX_FIGURES + 10; i++)
        zb_buf_puts(&many, "审核规范性文件1件,");
    zb_report *r = NULL;
    char err[256];
    /* the cap, not the speed, is tested: this text takes ~8 s under ASan, so
     * a loaded machine would reach the default 10 s budget (ZB_E_TIMEOUT) */
    zb_extract_opts o = {.max_ms = 600000};
    CHECK(zb_extract(R, many.p, many.len, &o, &r, err, sizeof err) == ZB_OK, "many: %s", err);
    if (r) {
        CHECK(r->n_indicators + r->n_facts == ZB_IND_MAX_FIGURES, "capped at %d, got %zu",
              ZB_IND_MAX_FIGURES, r->n_indicators + r->n_facts);
        CHECK(r->n_warnings >= 1 && !strcmp(r->warnings[0].code, "too_many_figures"),
              "too_many_figures warning");
    }
    zb_report_free(r);
    zb_buf_free(&many);
}

static size_t coded(const char *in) {
    zb_report *r = NULL;
    char err[256];
    zb_extract_opts o = {0};
    CHECK(zb_extract(R, in, strlen(in), &o, &r, err, sizeof err) == ZB_OK, "%s", err);
    size_t n = r ? r->n_indicators : 0;
    zb_report_free(r);
    return n;
}

/* 去年 counts from when the page was written: published the year after its
 * report year, 去年 is the report's year; else it is the year before, unless
 * the text gives neither a year nor a date. */
static void relative_years(void) {
    const char *next = "某某县司法局2024年法治政府建设工作报告\n发布时间：2025-03-15\n"
                       "一、主要工作\n去年以来，全县共受理行政复议案件120件，审结115件。\n";
    const char *same = "某某县司法局2024年法治政府建设工作报告\n发布时间：2024-12-20\n"
                       "一、主要工作\n去年以来，全县共受理行政复议案件120件，审结115件。\n";
    const char *now = "某某县司法局2024年法治政府建设工作报告\n发布时间：2025-03-15\n"
                      "一、主要工作\n上年度出庭应诉率为92%，今年提高到100%。\n";
    CHECK(coded(next) == 2, "去年 in a page of the next year: the report's year");
    CHECK(coded(same) == 0, "去年 in a page of the report year: the year before");
    CHECK(coded(now) == 1, "上年度 beside 今年: the earlier figure stays a fact");
    /* a text with no year of its own and no date: a news item summing up
     * last year's work, whose 去年 figures are its subject */
    const char *undated = "某省政府法制工作会议召开\n会议总结去年的政府法制工作，部署今年任务。"
                          "去年全省各级行政复议机关受理行政复议案件960件。\n";
    CHECK(coded(undated) == 1, "去年 in a text with no year nor date: its own figure");
    /* ... unless it is compared with a figure of the same code beside it */
    const char *compared = "某县行政复议工作情况\n全年受理行政复议案件120件，去年受理98件。\n";
    CHECK(coded(compared) == 1, "去年 beside this year's figure: a comparison, a fact");
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: test_extract CONFIG_DIR FIXTURE_DIR\n");
        return 2;
    }
    char err[512];
    zb_rules *rules = zb_rules_load(argv[1], err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 1;
    }
    R = rules;
    CHECK(zb_rules_load("/nonexistent", err, sizeof err) == NULL && err[0], "missing dir");
    fixtures(argv[2]);
    json_contract(argv[2]);
    bad_inputs();
    relative_years();
    report_memory();
    zb_rules_free(rules);
    return check_report("test_extract");
}
