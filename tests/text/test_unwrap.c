/* test_unwrap.c - hard-wrapped plain text joined back into paragraphs
 * (worker/extract/text_unwrap.c): invented texts, wrapped the way a PDF's
 * text layer is, and texts that must stay as they are. With file arguments
 * it prints the width each file is taken to be wrapped at (0: not wrapped),
 * a developer's check over a corpus. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "text.h"
#include "text_unwrap.h"

/* s unwrapped, with an identity offset map and the orig entries given. */
static char *unwrapped(const char *s, uint32_t **off_out, zb_text_orig *orig, size_t n_orig) {
    size_t len = strlen(s);
    char *t = malloc(len + 1);
    uint32_t *off = malloc((len + 1) * sizeof *off);
    if (!t || !off) abort();
    memcpy(t, s, len + 1);
    for (size_t i = 0; i <= len; i++)
        off[i] = (uint32_t)i;
    size_t n = zb_unwrap(t, len, off, orig, n_orig);
    CHECK(t[n] == '\0' && strlen(t) == n, "NUL-terminated at the new length");
    CHECK(off[n] == len, "off[len] is the input length");
    for (size_t i = 0; i < n; i++)
        CHECK((unsigned char)t[i] == (unsigned char)s[off[i]], "off maps byte %zu back", i);
    if (off_out)
        *off_out = off;
    else
        free(off);
    return t;
}

/* An invented county report, its lines broken at 36 characters. */
static const char *const WRAPPED = "某某县2024年法治政府建设年度报告\n"
                                   "一、主要举措和成效\n"
                                   "(一)规范行政决策。全年县政府法律顾问审查各类合同41份、会议\n"
                                   "纪要17件,出具法律意见书26份,有效防范了决策风险。县司法局审\n"
                                   "查备案行政规范性文件12件,组织开展规范性文件专项清理,废止文\n"
                                   "件5件,宣布失效文件3件,清理结果及时向社会公布,接受群众监督。\n"
                                   "(二)严格执法监督。全县持证执法人员共计826人,全年组织执法人\n"
                                   "员培训4期、参训320人次,评查行政执法案卷150卷,发现问题及时\n"
                                   "督促整改,执法规范化水平稳步提高,群众满意度持续提升,成效明显\n"
                                   "得到上级肯定。\n";

static void joins_wrapped_lines(void) {
    CHECK(zb_unwrap_width(WRAPPED, strlen(WRAPPED)) >= 60, "a wrapped text is found");
    char *t = unwrapped(WRAPPED, NULL, NULL, 0);
    /* a figure and its wording on one line again */
    CHECK(strstr(t, "会议纪要17件") != NULL, "会议\\n纪要 joined: %s", t);
    CHECK(strstr(t, "审查备案") != NULL, "审\\n查 joined");
    CHECK(strstr(t, "执法人员培训4期") != NULL, "执法人\\n员 joined");
    /* headings, a sentence's end and the title keep their line ends */
    CHECK(strstr(t, "年度报告\n一、主要举措和成效\n(一)") != NULL, "title and headings kept");
    CHECK(strstr(t, "接受群众监督。\n(二)") != NULL, "a line ending a sentence keeps its end");
    CHECK(strstr(t, "成效明显得到上级肯定。\n") != NULL, "the last full line joins its tail");
    free(t);
}

/* orig entries after a removed line end move back with their characters. */
static void moves_orig_entries(void) {
    const char *a = strstr(WRAPPED, "纪要"), *b = strstr(WRAPPED, "督促整改");
    zb_text_orig orig[3] = {{(uint32_t)(strstr(WRAPPED, "规范行政") - WRAPPED), 0x898F},
                            {(uint32_t)(a - WRAPPED), 0x7D00},
                            {(uint32_t)(b - WRAPPED), 0x7763}};
    uint32_t *off = NULL;
    char *t = unwrapped(WRAPPED, &off, orig, 3);
    CHECK(!memcmp(t + orig[0].at, "规范行政", 6), "an entry before any join stays");
    CHECK(!memcmp(t + orig[1].at, "纪要", 6), "an entry after one join moves back");
    CHECK(!memcmp(t + orig[2].at, "督促整改", 12), "an entry after several joins moves back");
    CHECK(off[orig[1].at] == (uint32_t)(a - WRAPPED), "its offset still maps to the input");
    free(off);
    free(t);
}

/* A report written one paragraph a line, and a short list of headings of
 * much the same length, are no wrapped text. */
static void leaves_other_texts(void) {
    const char *paragraphs =
        "某某区司法局2023年法治政府建设情况报告\n"
        "2023年,区司法局坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大"
        "精神,全面推进依法行政,各项工作取得新成效。现将有关情况报告如下。\n"
        "一、主要举措和成效\n"
        "全年审查规范性文件12件,备案审查镇街和部门规范性文件8件,办理行政复议案件36件,审结"
        "33件,行政机关负责人出庭应诉率达100%。组织执法人员培训4期,参训320人次。\n"
        "二、存在的问题\n"
        "一是法治宣传的针对性还不够强;二是基层执法队伍的专业化水平有待提高。\n";
    CHECK(zb_unwrap_width(paragraphs, strlen(paragraphs)) == 0, "paragraph lines: no width");
    char *t = unwrapped(paragraphs, NULL, NULL, 0);
    CHECK(!strcmp(t, paragraphs), "paragraph lines unchanged");
    free(t);
    const char *headings = "(一)加强组织领导,压实法治建设主体责任和工作机制\n"
                           "(二)完善制度体系,推进行政决策科学化和民主化\n"
                           "(三)规范执法行为,提升行政执法质量和执法效能\n"
                           "(四)强化监督制约,推动行政权力规范透明运行\n"
                           "(五)深化普法宣传,营造尊法学法守法用法氛围\n";
    CHECK(zb_unwrap_width(headings, strlen(headings)) == 0, "headings: no width");
    CHECK(zb_unwrap_width("", 0) == 0, "empty text");
    /* a table's rows (cells between |) keep their line ends, even in a
     * wrapped text */
    size_t n = strlen(WRAPPED);
    const char *rows = "| 行政复议案件受理情况统计表(件) | 收案 | 受理 | 审结 | 纠错 | 调解 |\n"
                       "| 二〇二四年度全县各行政机关合计 | 45 | 40 | 38 | 6 | 9 |\n";
    char *both = malloc(n + strlen(rows) + 1);
    if (!both) abort();
    memcpy(both, WRAPPED, n);
    strcpy(both + n, rows);
    char *u = unwrapped(both, NULL, NULL, 0);
    CHECK(strstr(u, rows) != NULL, "table rows kept: %s", u);
    free(u);
    free(both);
}

/* A text of n_full lines of k chars c (3 bytes each) then tail, then two
 * short lines; the caller frees it. */
static char *lines_of(size_t n_full, size_t k, const char *c, const char *tail) {
    size_t tl = strlen(tail), n = n_full * (3 * k + tl + 1) + 32;
    char *t = malloc(n), *p = t;
    if (!t) abort();
    for (size_t i = 0; i < n_full; i++) {
        for (size_t j = 0; j < k; j++, p += 3)
            memcpy(p, c, 3);
        memcpy(p, tail, tl);
        p += tl;
        *p++ = '\n';
    }
    strcpy(p, "治理。\n完。\n");
    return t;
}

/* The widths at either end of the range looked for (40 and 400 columns),
 * one past it, and lines of two widths with a gap between them: the width
 * histograms are read only over the widths the lines have, so their ends
 * must still count. */
static void widths_at_the_limits(void) {
    static const struct {
        size_t n_full, k;
        const char *tail;
        size_t want;
    } cases[] = {
        /* the width is where the window [w - 4, w] holding the most full
         * lines ends, the last such window: 4 past lines of one width */
        {6, 20, "", 44},       /* the narrowest full line, 40 columns */
        {6, 19, "", 0},        /* 38 columns: too narrow to be wrapped */
        {6, 200, "", 400},     /* the widest, 600 bytes a line (no window past 400) */
        {6, 201, "", 0},       /* 402 columns: wider than any width */
        {6, 47, "2024,", 104}, /* 100: ASCII 1 a byte, the narrowed comma 2 */
        {5, 399, "", 0},       /* 1197 bytes: lines of more than 800 bytes are wider */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = lines_of(cases[i].n_full, cases[i].k, "治", cases[i].tail);
        size_t w = zb_unwrap_width(t, strlen(t));
        CHECK(w == cases[i].want, "case %zu: width %zu, want %zu", i, w, cases[i].want);
        free(t);
    }
    /* five lines of 100 columns, two of 60: the window at 100 (ending at 104) */
    char *a = lines_of(5, 50, "治", ""), *b = lines_of(2, 30, "治", "");
    char *both = malloc(strlen(a) + strlen(b) + 1);
    if (!both) abort();
    strcpy(both, b);
    strcat(both, a);
    size_t w = zb_unwrap_width(both, strlen(both));
    CHECK(w == 104, "two widths: %zu, want 104", w);
    free(a);
    free(b);
    free(both);
}

/* Prints the width of each file (plain text as stored). */
static int widths(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) continue;
        static char buf[1 << 22];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        printf("%zu\t%s\n", zb_unwrap_width(buf, n), argv[i]);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) return widths(argc, argv);
    joins_wrapped_lines();
    moves_orig_entries();
    leaves_other_texts();
    widths_at_the_limits();
    return check_report("test_unwrap");
}
