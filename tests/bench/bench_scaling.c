/* bench_scaling.c - does zb_extract stay linear in time and bounded in
 * memory on hostile input? Each case is an invented input built to stress
 * one stage (a line without breaks, a megabyte of digits, of 年, of 《, of
 * nested tags, of region-name prefixes, of 一、 headings, of indicator words,
 * of figures in one sentence...), generated at 1, 2, 4 and 8 MB. Every run is
 * a child process (fork), so its peak RSS is its own (wait4's rusage), less
 * the peak of a child that extracts nothing (the rules, shared with the
 * parent). Prints per size: status, CPU seconds, MB/s, peak RSS over that
 * baseline; per case the ratios 8 MB / 1 MB of time and memory: linear time
 * gives about 8, and a ratio far over 8 marks a super-linear stage. A child
 * may use 4 GB of address space at most (a runaway shows as out_of_memory or
 * crashed, not as a swapping machine). No timed assertions: figures only
 * (ctest label bench).
 *
 *   bench_scaling CONFIG_DIR [MAX_MB [CASE]]   (MAX_MB default 8: 1,2,4,8) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "zb_extract.h"

/* Every input opens like a report, so that it passes the report gate and
 * reaches every stage. */
static const char head[] = "某某市人民政府2024年法治政府建设年度报告\n"
                           "2024年，我市深入推进依法行政，加快建设法治政府。\n";

typedef struct {
    const char *name;
    const char *unit;  /* repeated to the size */
    const char *open;  /* after head, once (may be NULL) */
    const char *close; /* at the end, once (may be NULL) */
    int numbered;      /* unit holds %u: a counter is printed into it */
} scase;

static const scase cases[] = {
    {"prose (baseline)",
     "一、推进依法行政\n全年共审核规范性文件%u件，清理行政规范性文件12件，开展法治培训3期。\n",
     NULL, NULL, 1},
    {"one line, no breaks", "全年共审核规范性文件%u件清理文件12件办理行政复议案件5件", NULL, NULL,
     1},
    {"one sentence of figures", "审核规范性文件%u件，", NULL, "。\n", 1},
    {"digits", "1234567890", "共办理案件", "件。\n", 0},
    {"年", "年", NULL, NULL, 0},
    {"《", "《", NULL, NULL, 0},
    {"《》 titles", "《某某市行政规范性文件管理办法》", NULL, NULL, 0},
    {"nested tags", "<div>", "<html><body>", "法治政府建设</body></html>", 0},
    {"region names", "广东省广州市天河区", NULL, NULL, 0},
    {"region prefixes", "广东广州天河", NULL, NULL, 0},
    {"一、 headings", "一、", NULL, NULL, 0},
    {"一、 heading lines", "一、行政复议\n", NULL, NULL, 0},
    {"indicator words", "行政复议案件", NULL, NULL, 0},
    {"words and figures", "行政复议申请%u件、", "全年共收到", "。\n", 1},
    {"respectively", "行政复议、行政诉讼、", "全年共办理", "分别为12件、5件。\n", 0},
    {"table rows", "| 行政复议 | %u | 12 | 5 |\n", "| 项目 | 2024年(件) | 2023年(件) | 增减 |\n",
     NULL, 1},
    {"html table cells", "<tr><td>行政复议</td><td>%u件</td><td>12件</td></tr>",
     "<html><body><p>法治政府建设</p><table><tr><th>项目</th><th>2024年</th><th>2023年</th></tr>",
     "</table></body></html>", 1},
    {"其中 breakdowns", "受理案件%u件，其中行政复议12件、行政诉讼5件，", NULL, "。\n", 1},
    {"restated figure", "全年审结行政复议案件128件。\n", NULL, NULL, 0},
    {"一是 enumerations", "一是审核文件%u件，二是清理文件12件，三是培训3期；", NULL, "。\n", 1},
    {"（ parentheses", "（", NULL, NULL, 0},
    {"quotes", "“", NULL, NULL, 0},
    {"去年/今年", "去年受理%u件，今年受理12件，", NULL, "。\n", 1},
    {"html entities", "&#27861;&amp;&nbsp;", "<html><body><p>法治政府建设", "</p></body></html>",
     0},
    {"html <br>", "<br>", "<html><body><p>法治政府建设", "</p></body></html>", 0},
    {"html comments", "<!-- 法治 -->", "<html><body><p>法治政府建设", "</p></body></html>", 0},
    {"html <a><b> misnested", "<a><b>法</a>治", "<html><body><p>法治政府建设</p>", "</body></html>",
     0},
    {"html <a><div> misnested", "<a><div>法</a>治", "<html><body><p>法治政府建设</p>",
     "</body></html>", 0},
    {"html <b><div> misnested", "<b><div>法</b>治</div>", "<html><body><p>法治政府建设</p>",
     "</body></html>", 0},
    {"html unclosed <td>", "<td>行政复议%u件", "<html><body><p>法治政府建设</p>", NULL, 1},
    {"full-width digits", "１２３４５６７８９０，", NULL, "件。\n", 0},
    {"grouped digits", "1,234,", "共办理", "567件。\n", 0},
    {"spaced characters", "法 治 政 府 建 设 ", NULL, NULL, 0},
    {"caseload figures", "全年共办理行政复议案件%u件。\n", NULL, NULL, 1},
    {"traditional", "全年共審核規範性文件%u件，辦理行政復議案件5件。\n", NULL, NULL, 1},
    {"dates", "2024年3月%u日，", NULL, "。\n", 1},
    {"percentages", "办结率%u%%，", NULL, "。\n", 1},
};
#define N_CASES (sizeof cases / sizeof *cases)

static int is_html(const scase *c) { return c->open && !strncmp(c->open, "<html", 5); }

static char *build(const scase *c, size_t size, size_t *len) {
    size_t cap = size + 256, n = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    /* an HTML case opens with its markup, so that it is read as HTML (the
     * report's head is then text of the body) */
    if (is_html(c))
        n += (size_t)snprintf(s, cap, "%s%s", c->open, head);
    else
        n += (size_t)snprintf(s, cap, "%s%s", head, c->open ? c->open : "");
    size_t tail = c->close ? strlen(c->close) : 0;
    char one[256];
    for (unsigned k = 0;; k++) {
        size_t l = c->numbered ? (size_t)snprintf(one, sizeof one, c->unit, 10 + k % 990)
                               : (size_t)snprintf(one, sizeof one, "%s", c->unit);
        if (n + l + tail > size) break;
        memcpy(s + n, one, l);
        n += l;
    }
    if (tail) memcpy(s + n, c->close, tail), n += tail;
    *len = n;
    return s;
}

typedef struct {
    int status; /* zb_status, -1 failed to run */
    double cpu_s;
    long rss_kb;
} result;

/* One extraction in a child: its status, CPU time and peak RSS. With
 * c == NULL the child extracts nothing (the memory baseline). */
static result run_child(const zb_rules *rules, const scase *c, size_t size) {
    result res = {-1, 0, 0};
    int fd[2];
    if (pipe(fd)) return res;
    pid_t pid = fork();
    if (pid < 0) return res;
    if (pid == 0) {
        close(fd[0]);
#ifndef __SANITIZE_ADDRESS__
        /* a stage whose memory runs away fails here, not on the machine */
        struct rlimit lim = {(rlim_t)4 << 30, (rlim_t)4 << 30};
        setrlimit(RLIMIT_AS, &lim);
#endif
        int st = 0;
        if (c) {
            size_t len = 0;
            char *doc = build(c, size, &len);
            char err[512];
            zb_report *r = NULL;
            /* a budget far above any linear run: a timeout here is a finding */
            zb_extract_opts o = {.max_ms = 120000, .content_type = is_html(c) ? "text/html" : NULL};
            st = doc ? (int)zb_extract(rules, doc, len, &o, &r, err, sizeof err) : -1;
            zb_report_free(r);
            free(doc);
        }
        if (write(fd[1], &st, sizeof st) != sizeof st) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    int st = -1;
    if (read(fd[0], &st, sizeof st) != sizeof st) st = -1;
    close(fd[0]);
    int wst;
    struct rusage ru;
    if (wait4(pid, &wst, 0, &ru) < 0 || !WIFEXITED(wst) || WEXITSTATUS(wst)) return res;
    res.status = st;
    res.cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    res.rss_kb = ru.ru_maxrss;
    return res;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_scaling CONFIG_DIR [MAX_MB [CASE]]\n");
        return 2;
    }
    int max_mb = argc > 2 ? atoi(argv[2]) : 8;
    const char *only = argc > 3 ? argv[3] : NULL;
    char err[512];
    zb_rules *rules = zb_rules_load(argv[1], err, sizeof err);
    if (!rules) {
        fprintf(stderr, "rules: %s\n", err);
        return 2;
    }
    result base = run_child(rules, NULL, 0);
    printf("memory baseline (rules loaded, no extraction): %.1f MB peak RSS\n",
           (double)base.rss_kb / 1024);
    printf("%-24s %5s %-13s %8s %8s %9s\n", "case", "MB", "status", "cpu s", "MB/s", "+RSS MB");
    int flagged = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        const scase *c = &cases[i];
        if (only && !strstr(c->name, only)) continue;
        result first = {0}, last = {0};
        int mb_first = 0, mb_last = 0;
        for (int mb = 1; mb <= max_mb; mb *= 2) {
            result r = run_child(rules, c, (size_t)mb << 20);
            const char *name = r.status < 0 ? "crashed" : zb_status_name((zb_status)r.status);
            double rss = (double)(r.rss_kb - base.rss_kb) / 1024;
            printf("%-24s %5d %-13s %8.3f %8.1f %9.1f\n", c->name, mb, name, r.cpu_s,
                   r.cpu_s > 0 ? mb / r.cpu_s : 0, rss);
            fflush(stdout);
            if (!mb_first) first = r, mb_first = mb;
            last = r, mb_last = mb;
        }
        if (mb_last > mb_first && first.cpu_s > 0) {
            double size_ratio = (double)mb_last / mb_first;
            double tr = last.cpu_s / first.cpu_s;
            double mr = (double)(last.rss_kb - base.rss_kb) /
                        (double)(first.rss_kb - base.rss_kb > 0 ? first.rss_kb - base.rss_kb : 1);
            int super = tr > 1.6 * size_ratio && last.cpu_s > 0.05;
            flagged += super;
            printf("%-24s %dMB/%dMB: time x%.1f, memory x%.1f%s\n", c->name, mb_last, mb_first, tr,
                   mr, super ? "  <- SUPER-LINEAR" : "");
        }
    }
    printf("%d case(s) super-linear (time ratio over 1.6 x the size ratio)\n", flagged);
    zb_rules_free(rules);
    return 0;
}
