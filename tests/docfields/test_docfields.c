/* test_docfields - document fields, region gazetteer and sections on the
 * fixture reports in tests/fixtures/docfields (invented, realistic, already
 * normalized the way zb_text_decode delivers text: simplified, ASCII
 * punctuation, one paragraph per line).
 *   test_docfields CONFIG_DIR FIXTURE_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docfields.h"
#include "docfields_internal.h"
#include "sections.h"
#include "../check.h"

static const char *fixdir;
static zb_gazetteer *gz;
static zb_doc_cues *dcues;
static zb_section_cues *scues;

static int streq(const char *a, const char *b) { return a && b ? !strcmp(a, b) : a == b; }
static const char *show(const char *s) { return s ? s : "NULL"; }
#define CHECK_INT(got, want) CHECK((got) == (want), "got %d, want %d", (int)(got), (int)(want))

static char *load(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fixdir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) exit(2);
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

static void report_free(zb_report *r) {
    free(r->title);
    free(r->published_date);
    free(r->region.name);
    free(r->region.code);
    free(r->issuer.name);
    memset(r, 0, sizeof *r);
}

/* Runs docfields on a fixture and checks the fields (NULL / 0 = expect none). */
static void expect_doc(const char *file, const char *html_title, const char *meta_date,
                       const char *title, int year, const char *date, const char *region_name,
                       const char *code, zb_region_level level, const char *issuer,
                       zb_issuer_kind kind) {
    size_t len;
    char *s = load(file, &len), err[256];
    zb_report r = {0};
    int rc = zb_docfields_find(gz, dcues, s, len, html_title, meta_date, &r, err, sizeof err);
    fprintf(stderr, "# %s\n", file);
    CHECK_INT(rc, 0);
    CHECK_STR(r.title, title);
    CHECK_INT(r.report_year, year);
    CHECK_STR(r.published_date, date);
    CHECK_STR(r.region.name, region_name);
    CHECK_STR(r.region.code, code);
    CHECK_INT(r.region.level, level);
    CHECK_STR(r.issuer.name, issuer);
    CHECK_INT(r.issuer.kind, kind);
    report_free(&r);
    free(s);
}

static void test_documents(void) {
    /* county government page full of chrome: breadcrumbs, toolbar, footer */
    expect_doc("county_chrome.txt", NULL, NULL,
               "南京市鼓楼区人民政府关于2022年度法治政府建设情况的报告", 2022, "2023-02-10",
               "江苏省南京市鼓楼区", "320106", ZB_LEVEL_COUNTY, "南京市鼓楼区人民政府",
               ZB_ISSUER_GOVERNMENT);
    /* 鼓楼区 exists in four cities: 福州 / 福建 in the text decide; the links to
     * other governments above the title are neither region nor issuer */
    expect_doc("fuzhou_dept.txt", NULL, NULL, "鼓楼区司法局2021年法治政府建设年度报告", 2021, NULL,
               "福建省福州市鼓楼区", "350102", ZB_LEVEL_COUNTY, "鼓楼区司法局",
               ZB_ISSUER_DEPARTMENT);
    /* 朝阳区: 长春 vs 北京 */
    expect_doc("chaoyang_changchun.txt", NULL, NULL, "长春市朝阳区2019年度法治政府建设情况报告",
               2019, NULL, "吉林省长春市朝阳区", "220104", ZB_LEVEL_COUNTY, NULL,
               ZB_ISSUER_GOVERNMENT);
    expect_doc("chaoyang_beijing.txt", NULL, NULL,
               "北京市朝阳区人民政府2020年法治政府建设年度情况报告", 2020, NULL, "北京市朝阳区",
               "110105", ZB_LEVEL_COUNTY, "北京市朝阳区人民政府", ZB_ISSUER_GOVERNMENT);
    /* nothing tells which 鼓楼区: no region rather than a guess */
    expect_doc("gulou_ambiguous.txt", NULL, NULL, "鼓楼区2021年法治政府建设年度报告", 2021, NULL,
               NULL, NULL, ZB_LEVEL_UNKNOWN, NULL, ZB_ISSUER_GOVERNMENT);
    /* a city without counties (中山市) is also its own county in the table,
     * under one code: the region named is the city */
    expect_doc("city_no_county.txt", NULL, NULL, "中山市司法局2023年法治政府建设年度报告", 2023,
               "2024-02-20", "广东省中山市", "442000", ZB_LEVEL_CITY, "中山市司法局",
               ZB_ISSUER_DEPARTMENT);
    /* 嘉峪关市 has one 市辖区 of its own name under another code: the city */
    expect_doc("city_one_district.txt", NULL, NULL, "嘉峪关市司法局2023年法治政府建设年度报告",
               2023, "2024-03-01", "甘肃省嘉峪关市", "620200", ZB_LEVEL_CITY, "嘉峪关市司法局",
               ZB_ISSUER_DEPARTMENT);
    /* a title naming the whole chain of autonomous areas (province, prefecture,
     * city written one after another) is a title, not a menu of places */
    expect_doc("autonomous_chain.txt", NULL, NULL,
               "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市司法局2023年法治政府建设年度报告",
               2023, "2024-02-26", "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市", "653001",
               ZB_LEVEL_COUNTY, "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市司法局",
               ZB_ISSUER_DEPARTMENT);
    /* a county bureau's report (县委、县政府) naming its province and city more
     * often than its county, which it names once in full, in quotes */
    expect_doc("county_named_once.txt", NULL, NULL, "县司法局2023年法治政府建设年度报告", 2023,
               "2024-01-30", "江西省赣州市于都县", "360731", ZB_LEVEL_COUNTY, "于都县司法局",
               ZB_ISSUER_DEPARTMENT);
    /* the only year is the base of a comparison (较2022年): no report year */
    expect_doc("comparison_year.txt", NULL, NULL, NULL, 0, NULL, "山西省晋中市平遥县", "140728",
               ZB_LEVEL_COUNTY, NULL, ZB_ISSUER_GOVERNMENT);
    /* a town name shared by twelve counties (仁和镇) holds the short form of
     * one of them (仁和 of 仁和区): that names no county, the region stays null;
     * no issuer named, but 法治政府建设 twice: a government's */
    expect_doc("town_alias_shared.txt", NULL, NULL, "关于2024年度法治政府建设情况的报告", 2024,
               "2025-01-20", NULL, NULL, ZB_LEVEL_UNKNOWN, NULL, ZB_ISSUER_GOVERNMENT);
    /* 截至2019年底 is a point in time, not the end of a range (2018至2019年) */
    expect_doc("as_of_year.txt", NULL, NULL, "某县推进证明事项清理工作情况", 2019, NULL, NULL, NULL,
               ZB_LEVEL_UNKNOWN, NULL, ZB_ISSUER_GOVERNMENT);
    /* province report naming many of its cities and districts */
    expect_doc("province.txt", NULL, NULL, "广东省人民政府关于2021年法治政府建设情况的报告", 2021,
               NULL, "广东省", "440000", ZB_LEVEL_PROVINCE, "广东省人民政府", ZB_ISSUER_GOVERNMENT);
    /* city report naming its districts */
    expect_doc("city.txt", NULL, NULL, "杭州市2022年法治政府建设年度报告", 2022, NULL,
               "浙江省杭州市", "330100", ZB_LEVEL_CITY, NULL, ZB_ISSUER_GOVERNMENT);
    /* a city department takes its city's region */
    expect_doc("city_dept.txt", NULL, NULL, "杭州市公安局2022年度法治政府建设工作情况报告", 2022,
               "2023-01-18", "浙江省杭州市", "330100", ZB_LEVEL_CITY, "杭州市公安局",
               ZB_ISSUER_DEPARTMENT);
    /* no year in the title: the opening's 2021年底 (the range 2021-2025年 and
     * the 2022 plan heading do not count) */
    expect_doc("next_year_published.txt", NULL, NULL,
               "天桥区人民政府关于法治政府建设工作情况的报告", 2021, "2022-01-26",
               "山东省济南市天桥区", "370105", ZB_LEVEL_COUNTY, "天桥区人民政府",
               ZB_ISSUER_GOVERNMENT);
    /* 城区, 郊区, 老城区, 新城区, 城东区(域) and 长治(久安) are ordinary words
     * here, not divisions; the issuer is not named in the opening sentences */
    expect_doc("generic_words.txt", NULL, NULL, "2022年法治政府建设年度报告", 2022, NULL,
               "陕西省西安市蓝田县", "610122", ZB_LEVEL_COUNTY, NULL, ZB_ISSUER_GOVERNMENT);
    /* a town's report: the town is not in the gazetteer, its county is */
    expect_doc("town.txt", NULL, NULL, "城关镇2022年法治政府建设工作报告", 2022, NULL,
               "陕西省西安市蓝田县", "610122", ZB_LEVEL_COUNTY, "城关镇人民政府",
               ZB_ISSUER_GOVERNMENT);
    /* autonomous prefecture by its short name; 贵州省委 is its superior, not
     * the issuer */
    expect_doc("prefecture.txt", NULL, NULL, "黔东南州2021年法治政府建设情况报告", 2021, NULL,
               "贵州省黔东南苗族侗族自治州", "522600", ZB_LEVEL_CITY, NULL, ZB_ISSUER_GOVERNMENT);
    /* only the signature names the region and dates the page: the year is the
     * one before (一年来), the signature's year does not count as covered */
    expect_doc("signature_only.txt", NULL, NULL, "法治政府建设年度报告", 2021, "2022-02-25",
               "北京市海淀区", "110108", ZB_LEVEL_COUNTY, "海淀区人民政府", ZB_ISSUER_GOVERNMENT);
    /* the site's menus list every district and city: lists of names are
     * chrome, the report mentions its own county */
    expect_doc("menu_sidebar.txt", NULL, NULL, "淳安县2022年法治政府建设年度报告", 2022, NULL,
               "浙江省杭州市淳安县", "330127", ZB_LEVEL_COUNTY, NULL, ZB_ISSUER_GOVERNMENT);
    /* a line of links to other governments is not the opening paragraph: the
     * issuer is the 区司法局 of the first sentence */
    expect_doc("menu_links.txt", NULL, NULL, "2021年法治政府建设年度报告", 2021, NULL,
               "四川省成都市温江区", "510115", ZB_LEVEL_COUNTY, "温江区司法局",
               ZB_ISSUER_DEPARTMENT);
    /* the HTML <title> wins over text lines, its site suffix stripped; the
     * meta date is used when the page shows none */
    expect_doc(
        "chaoyang_beijing.txt", "朝阳区2020年法治政府建设年度报告_通知公告_北京市朝阳区人民政府",
        "2021-03-05 10:00:00", "朝阳区2020年法治政府建设年度报告", 2020, "2021-03-05",
        "北京市朝阳区", "110105", ZB_LEVEL_COUNTY, "北京市朝阳区人民政府", ZB_ISSUER_GOVERNMENT);
}

/* Runs docfields on a text given inline (normalized already). */
static void doc_of(const char *text, const char *published, zb_report *r) {
    char err[256];
    memset(r, 0, sizeof *r);
    if (published) {
        r->published_date = malloc(strlen(published) + 1);
        if (r->published_date) strcpy(r->published_date, published);
    }
    CHECK_INT(zb_docfields_find(gz, dcues, text, strlen(text), NULL, NULL, r, err, sizeof err), 0);
}

/* YYYY年以来 / 起 / 开始 and 自YYYY年 mark where a period starts, not the
 * year covered (R4). */
static void test_year_start_points(void) {
    static const struct {
        const char *text, *published;
        int year;
    } cases[] = {
        /* the start point is skipped; the next year of the opening counts */
        {"2020年以来,我县持续推进依法行政工作,各项任务稳步落实。2021年,全县共办理行政复议案件"
         "若干件,依法行政水平进一步提升。",
         NULL, 2021},
        /* an earlier year after a start point is a look back, not the year covered */
        {"2022年以来,我局围绕中心工作依法履职,多名干部获评2021年度优秀公务员。\n一、2022年度"
         "主要工作\n2022年,我局完成各项法治建设任务。",
         NULL, 2022},
        /* a press release that says 今年 and names only the start year */
        {"记者从市司法局获悉,2019年以来,全市人民调解组织持续壮大,今年以来共调处各类纠纷"
         "数万件,调解成功率保持高位。",
         NULL, 0},
        /* with a publication date the date decides */
        {"记者从市司法局获悉,2019年以来,全市人民调解组织持续壮大,今年以来共调处各类纠纷"
         "数万件,调解成功率保持高位。",
         "2021-12-20", 2021},
        /* 自…起 with a month: a rule's effective date is no covered year */
        {"自2018年7月起,我区全面推行行政执法公示制度。2019年,全区执法单位均已建立执法"
         "全过程记录制度,法治政府建设取得新进展。",
         NULL, 2019},
        /* a space between the digits and 年, as text taken from PDFs has */
        {"某县 2024 年度法治政府建设情况报告\n2024 年,全县坚持依法行政,统筹推进法治政府建设各项"
         "工作,取得新成效。",
         NULL, 2024},
        {"2023 年以来,我区持续深化依法行政。2024 年,全区法治政府建设取得新进展。", NULL, 2024},
        /* 月份 for 月: the start point is skipped as with 月 */
        {"2019年3月份以来,某区推行政府法律顾问制度,组建法律顾问团。截至2021年6月,法律顾问"
         "累计提供服务300余次。",
         "2021-10-20", 2021},
        /* a report that opens on its start point: 今年 is that year */
        {"2022年以来,在县委县政府的坚强领导下,我局深入推进依法行政。今年上半年,我局编制权责"
         "清单,今年共有5名同志取得行政执法证件。",
         NULL, 2022},
        /* only a start point and no 今年: the annual report's own year */
        {"从2023年开始,我镇把法治建设纳入年度考核,各村(社区)均配备了法律顾问,群众办事"
         "更加便利。",
         NULL, 2023},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        int y = zb_docfields_year(dcues, cases[k].text, strlen(cases[k].text), NULL,
                                  cases[k].published);
        CHECK(y == cases[k].year, "case %zu: got %d want %d", k, y, cases[k].year);
    }
}

/* The cue files a test copies into a directory of its own. */
static const char *const cue_files[] = {"chrome.tsv", "regions.issuers.tsv", "years.tsv"};

/* Writes dir to's file name: the one of dir from (none when alone is set),
 * then the line extra (NULL: none). 0, or -1 when it could not be copied.
 * The cue and gazetteer copies share it. */
static int copy_config_file(const char *from, const char *to, const char *name, const char *extra,
                            int alone) {
    char a[1024], b[1024], buf[65536];
    snprintf(a, sizeof a, "%s/%s", from, name);
    snprintf(b, sizeof b, "%s/%s", to, name);
    FILE *in = alone ? NULL : fopen(a, "rb"), *out = fopen(b, "wb");
    if ((!in && !alone) || !out) {
        if (in) fclose(in);
        if (out) fclose(out);
        return -1;
    }
    for (size_t n; in && (n = fread(buf, 1, sizeof buf, in)) > 0;)
        fwrite(buf, 1, n, out);
    if (extra) fprintf(out, "%s\n", extra);
    if (in) fclose(in);
    return fclose(out) ? -1 : 0;
}

/* Copies the cue files of config dir from into dir to, years.tsv with the
 * line extra appended (NULL: none; the whole file replaced when alone is
 * set). 0, or -1 when a file could not be copied. */
static int cue_dir(const char *from, const char *to, const char *extra, int alone) {
    for (size_t k = 0; k < sizeof cue_files / sizeof *cue_files; k++) {
        int years = k == 2;
        if (copy_config_file(from, to, cue_files[k], years ? extra : NULL, years && alone))
            return -1;
    }
    return 0;
}

/* The cues of config plus the line extra (in dir) are refused at load,
 * with years.tsv's line (where cue_dir puts extra) and the reason why. */
static void cue_refused(const char *config, const char *dir, const char *extra, const char *why) {
    char err[256] = "";
    zb_doc_cues *c = NULL;
    CHECK(!cue_dir(config, dir, extra, 0) && (c = zb_doc_cues_load(dir, err, sizeof err)) == NULL &&
              strstr(err, "years.tsv:") && strstr(err, why),
          "%s: %s", extra, err);
    zb_doc_cues_free(c);
}

/* Removes a directory cue_dir wrote. */
static void cue_dir_remove(const char *dir) {
    for (size_t k = 0; k < sizeof cue_files / sizeof *cue_files; k++) {
        char f[1024];
        snprintf(f, sizeof f, "%s/%s", dir, cue_files[k]);
        unlink(f);
    }
    rmdir(dir);
}

/* The words around a year are data (config/years.tsv): a cue added there
 * takes effect, and a bad line is refused with its file and line. */
static void test_year_cues_from_data(const char *config) {
    char dir[] = "/tmp/zb-yearcues-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    /* 对照2021年: with 对照 a comparison cue, 2021 is the base of one, and a
     * report published in March 2023 covers 2022 */
    const char *cmp =
        "对照2021年,全县行政复议案件数量有所增加,依法行政水平持续提升,法治政府建设取得新"
        "进展,各项工作稳步推进。";
    /* 2019到2023年: with 到 a range mark, 2023 ends a range, no year */
    const char *rng =
        "2019到2023年,全县法治政府建设稳步推进,行政执法规范化水平不断提高,群众满意度持续"
        "提升。";
    CHECK_INT(zb_docfields_year(dcues, cmp, strlen(cmp), NULL, "2023-03-01"), 2021);
    CHECK_INT(zb_docfields_year(dcues, rng, strlen(rng), NULL, NULL), 2023);
    const struct {
        const char *line;
        const char *text, *published;
        int year;
    } added[] = {{"compare\t对照", cmp, "2023-03-01", 2022}, {"range-before\t到", rng, NULL, 0}};
    for (size_t k = 0; k < sizeof added / sizeof *added; k++) {
        zb_doc_cues *c = NULL;
        CHECK(!cue_dir(config, dir, added[k].line, 0) &&
                  (c = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
              "cues with %s: %s", added[k].line, err);
        if (c)
            CHECK_INT(zb_docfields_year(c, added[k].text, strlen(added[k].text), NULL,
                                        added[k].published),
                      added[k].year);
        zb_doc_cues_free(c);
    }
    /* an unknown kind names the file and line */
    err[0] = '\0';
    CHECK(!cue_dir(config, dir, "ranges\t到", 1) &&
              zb_doc_cues_load(dir, err, sizeof err) == NULL && strstr(err, "years.tsv:1"),
          "bad years.tsv: %s", err);
    cue_dir_remove(dir);
}

/* The words around an issuer's name are data (config/regions.issuers.tsv:
 * under, place-word, name-stop, all-towns, level, level-lead, collective;
 * years.tsv: when): a cue added takes effect. */
static void test_issuer_cues_from_data(const char *config) {
    char dir[] = "/tmp/zb-issuercues-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
#define T_ISS "认真落实法治政府建设各项任务,依法行政水平稳步提升。行政复议和法治建设工作持续推进。"
    static const struct {
        const char *line, *text, *before, *after;
    } cases[] = {
        /* 统筹下 as an under cue: 区委 leads, the issuer is the body after */
        {"under\t统筹下", "2023年,在区委、区政府的统筹下,区司法局" T_ISS, "区委", "区司法局"},
        /* 农区 as a place word: its 区 is no bare self-reference */
        {"place-word\t农区", "2023年,农区司法局" T_ISS, "区司法局", NULL},
        /* 导 as a name stop: the town's name starts after it */
        {"name-stop\t导", "2023年,督导城关镇人民政府" T_ISS, "督导城关镇人民政府",
         "城关镇人民政府"},
        /* 街乡 as all towns: a collective, no issuer */
        {"all-towns\t街乡", "2023年,各街乡人民政府" T_ISS, "街乡人民政府", NULL},
        /* 屯 as a level char: 屯司法局 is a bare self-reference */
        {"level\t屯", "2023年,屯司法局" T_ISS, NULL, "屯司法局"},
        /* 该 as a level lead: 该区司法局 names no issuer */
        {"level-lead\t该", "2023年,该区司法局" T_ISS, "区司法局", NULL},
        /* 系统 as a collective: 区司法局系统 is the whole system */
        {"collective\t系统", "2023年,区司法局系统" T_ISS, "区司法局", NULL},
    };
    /* 上一年 as a when cue: the clause only says when, the subject of the
     * next (城关镇) makes the report a government's */
    const char *when = "上一年,城关镇" T_ISS;
    zb_report w;
    doc_of(when, NULL, &w);
    CHECK_INT(w.issuer.kind, ZB_ISSUER_UNKNOWN);
    report_free(&w);
    zb_doc_cues *wc = NULL;
    CHECK(!cue_dir(config, dir, "when\t上一年", 0) &&
              (wc = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
          "cues with when 上一年: %s", err);
    if (wc) {
        memset(&w, 0, sizeof w);
        CHECK_INT(zb_docfields_find(gz, wc, when, strlen(when), NULL, NULL, &w, err, sizeof err),
                  0);
        CHECK_INT(w.issuer.kind, ZB_ISSUER_GOVERNMENT);
        report_free(&w);
        zb_doc_cues_free(wc);
    }
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        zb_report r;
        doc_of(cases[k].text, NULL, &r);
        CHECK(streq(r.issuer.name, cases[k].before), "shipped cues: got %s for %s",
              show(r.issuer.name), cases[k].text);
        report_free(&r);
        zb_doc_cues *c = NULL;
        CHECK(!cue_dir(config, dir, cases[k].line, 0) &&
                  (c = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
              "cues with %s: %s", cases[k].line, err);
        if (!c) continue;
        memset(&r, 0, sizeof r);
        CHECK_INT(zb_docfields_find(gz, c, cases[k].text, strlen(cases[k].text), NULL, NULL, &r,
                                    err, sizeof err),
                  0);
        CHECK(streq(r.issuer.name, cases[k].after), "with %s: got %s", cases[k].line,
              show(r.issuer.name));
        report_free(&r);
        zb_doc_cues_free(c);
    }
    /* a level cue is one char: refused otherwise, with file and line */
    cue_refused(config, dir, "level\t地区", "level 地区 is not one Chinese character");
    cue_dir_remove(dir);
#undef T_ISS
}

/* The issuer kind of text with the cues of config plus the line extra
 * (in dir): -1 when they do not load. */
static int kind_with(const char *config, const char *dir, const char *extra, const char *text) {
    char err[256] = "";
    zb_doc_cues *c = NULL;
    CHECK(!cue_dir(config, dir, extra, 0) && (c = zb_doc_cues_load(dir, err, sizeof err)),
          "cues with %s: %s", extra, err);
    if (!c) return -1;
    zb_report r = {0};
    CHECK_INT(zb_docfields_find(gz, c, text, strlen(text), NULL, NULL, &r, err, sizeof err), 0);
    int kind = (int)r.issuer.kind;
    report_free(&r);
    zb_doc_cues_free(c);
    return kind;
}

/* How an opening that speaks of itself says who speaks is data
 * (regions.issuers.tsv: self, self-department, self-government,
 * self-town): a word added takes effect, and a word given two kinds is
 * refused with its file and line. */
static void test_self_cues_from_data(const char *config) {
    char dir[] = "/tmp/zb-selfcues-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
#define T_SELF "认真落实法治政府建设各项任务,依法行政水平稳步提升。行政复议和法治建设工作持续推进。"
    static const struct {
        const char *line, *text;
        zb_issuer_kind after;
    } cases[] = {
        /* 所 after 我: a department speaks (a 司法所) */
        {"self-department\t所", "2023年,我所" T_SELF, ZB_ISSUER_DEPARTMENT},
        /* 社区 after 本: a town-level government */
        {"self-town\t社区", "2023年,本社区" T_SELF, ZB_ISSUER_GOVERNMENT},
        /* 咱 as a self cue: 咱县 is the county speaking */
        {"self\t咱", "2023年,咱县" T_SELF, ZB_ISSUER_GOVERNMENT},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        zb_report r;
        doc_of(cases[k].text, NULL, &r);
        CHECK(r.issuer.kind == ZB_ISSUER_UNKNOWN, "shipped cues: kind %d for %s", r.issuer.kind,
              cases[k].text);
        report_free(&r);
        CHECK_INT(kind_with(config, dir, cases[k].line, cases[k].text), (int)cases[k].after);
    }
    /* selfref words: how a text with no issuer calls itself. 咱县 starts
     * with a char no shipped word starts with: the search looks for it
     * too (sixteen places a step, and in the last bytes) */
    static const char *const opening =
        "一年来,在上级的关心指导下,各项法治工作稳步推进,群众满意度持续提升。\n法治宣传";
    static const struct {
        const char *line, *word;
        zb_issuer_kind after;
    } words[] = {{"selfref-department\t我所", "我所", ZB_ISSUER_DEPARTMENT},
                 {"selfref-government\t咱县", "咱县", ZB_ISSUER_GOVERNMENT}};
    char text[512];
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        for (int tail = 0; tail < 2; tail++) {
            snprintf(text, sizeof text, "%s%s%s", opening, words[k].word,
                     tail ? "的工作得到上级肯定和群众好评。" : "");
            zb_report r;
            doc_of(text, NULL, &r);
            CHECK(r.issuer.kind == ZB_ISSUER_UNKNOWN, "shipped cues: kind %d for %s", r.issuer.kind,
                  text);
            report_free(&r);
            CHECK_INT(kind_with(config, dir, words[k].line, text), (int)words[k].after);
        }
    /* a self cue's subject speaks for a body above a town (我局, 咱局 with
     * 咱 added): the town the page's header names is not the report's */
    static const char *const header = "塘栖镇\n2023年,咱局坚持依法行政,扎实推进法治政府建设。";
    zb_report hr;
    doc_of(header, NULL, &hr);
    CHECK(streq(hr.region.code, "330113"), "shipped cues: region %s", show(hr.region.code));
    report_free(&hr);
    zb_doc_cues *sc = NULL;
    CHECK(!cue_dir(config, dir, "self\t咱", 0) && (sc = zb_doc_cues_load(dir, err, sizeof err)),
          "cues with self 咱: %s", err);
    if (sc) {
        hr = (zb_report){0};
        CHECK_INT(
            zb_docfields_find(gz, sc, header, strlen(header), NULL, NULL, &hr, err, sizeof err), 0);
        CHECK(hr.region.code == NULL && hr.issuer.kind == ZB_ISSUER_DEPARTMENT,
              "self 咱: region %s, kind %d", show(hr.region.code), hr.issuer.kind);
        report_free(&hr);
    }
    zb_doc_cues_free(sc);
    cue_refused(config, dir, "selfref-government\t我局",
                "我局 is both selfref-department and selfref-government");
    /* 镇 both a government's and a town's word: refused, with file and line */
    cue_refused(config, dir, "self-government\t镇", "镇 is both self-town and self-government");
    cue_dir_remove(dir);
#undef T_SELF
}

/* The gazetteer files a test copies into a directory of its own. */
static const char *const gz_files[] = {"regions.tsv", "regions.towns.tsv", "regions.generic.txt",
                                       "regions.context.tsv"};

/* Copies the gazetteer files of config dir from into dir to, with the line
 * extra appended to regions.context.tsv. 0, or -1. */
static int gz_dir(const char *from, const char *to, const char *extra) {
    for (size_t k = 0; k < sizeof gz_files / sizeof *gz_files; k++)
        if (copy_config_file(from, to, gz_files[k], k == 3 ? extra : NULL, 0)) return -1;
    return 0;
}

/* Removes a directory gz_dir (and maybe cue_dir) wrote. */
static void gz_dir_remove(const char *dir) {
    for (size_t k = 0; k < sizeof gz_files / sizeof *gz_files; k++) {
        char f[1024];
        snprintf(f, sizeof f, "%s/%s", dir, gz_files[k]);
        unlink(f);
    }
    cue_dir_remove(dir);
}

/* The region code zb_docfields_find gives text with gazetteer g and cues c. */
static void region_with(const zb_gazetteer *g, const zb_doc_cues *c, const char *text,
                        const char *code) {
    char err[256];
    zb_report r = {0};
    CHECK_INT(zb_docfields_find(g, c, text, strlen(text), NULL, NULL, &r, err, sizeof err), 0);
    CHECK(streq(r.region.code, code), "got %s, want %s", show(r.region.code), show(code));
    report_free(&r);
}

/* The words that keep a bureau's report with its own division are data: a
 * bureau speaking (bureau-self in regions.issuers.tsv: 我局) and the words
 * of a province speaking or named whole (province-self, province-all in
 * regions.context.tsv: 我省, 全省), which keep the province. A word added
 * takes effect; one given both province kinds is refused. */
static void test_bureau_words_from_data(const char *config) {
    char dir[] = "/tmp/zb-bureauwords-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
#define T_BUREAU(self, whole)                                                                                       \
    "一、2024年行政执法基本情况\n截至目前," self "严格参照《陕西省统计行政处罚裁量基准》执行," \
    "指导《临渭区统计局权责清单》编制。二是" whole "统计系统执法证考试全员合格。三是" self                          \
    "执法人员持有《陕西省行政执法证》。"
    const char *whole = T_BUREAU("我局", "全陕"), *office = T_BUREAU("我处", "本系统");
    /* shipped: 全陕 is no province word (the bureau's county), 我处 no bureau */
    region_with(gz, dcues, whole, "610502");
    region_with(gz, dcues, office, "610000");
    zb_gazetteer *g = NULL;
    CHECK(!gz_dir(config, dir, "province-all\t全陕") &&
              (g = zb_gazetteer_load(dir, err, sizeof err)) != NULL,
          "gazetteer with province-all 全陕: %s", err);
    if (g) region_with(g, dcues, whole, "610000");
    zb_gazetteer_free(g);
    zb_doc_cues *c = NULL;
    CHECK(!cue_dir(config, dir, "bureau-self\t我处", 0) &&
              (c = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
          "cues with bureau-self 我处: %s", err);
    if (c) region_with(gz, c, office, "610502");
    zb_doc_cues_free(c);
    err[0] = '\0';
    g = NULL;
    CHECK(!gz_dir(config, dir, "province-all\t我省") &&
              (g = zb_gazetteer_load(dir, err, sizeof err)) == NULL &&
              strstr(err, "regions.context.tsv:") &&
              strstr(err, "我省 is both province-self and province-all"),
          "a word of both province kinds: %s", err);
    zb_gazetteer_free(g);
    gz_dir_remove(dir);
#undef T_BUREAU
}

/* The last chars of township names are data (town-end in
 * regions.issuers.tsv): a town whose name ends otherwise is not looked up;
 * a town-end cue of more than one char is refused. */
static void test_town_end_from_data(const char *config) {
    char dir[] = "/tmp/zb-townend-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    const char *text = "2023年,塘栖镇坚持以习近平法治思想为指导,扎实推进法治政府建设,全镇法治"
                       "环境持续优化。";
    region_with(gz, dcues, text, "330113");
    /* the shipped cues without 镇: 塘栖镇 is no town the table is asked for */
    char a[1024], b[1024], line[512];
    snprintf(a, sizeof a, "%s/regions.issuers.tsv", config);
    snprintf(b, sizeof b, "%s/regions.issuers.tsv", dir);
    CHECK(!cue_dir(config, dir, NULL, 0), "copy");
    FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
    while (in && out && fgets(line, sizeof line, in))
        if (strcmp(line, "town-end\t镇\n")) fputs(line, out);
    if (in) fclose(in);
    if (out) fclose(out);
    zb_doc_cues *c = zb_doc_cues_load(dir, err, sizeof err);
    CHECK(c != NULL, "cues without town-end 镇: %s", err);
    if (c) region_with(gz, c, text, NULL);
    zb_doc_cues_free(c);
    cue_refused(config, dir, "town-end\t街道", "town-end 街道 is not one Chinese character");
    cue_dir_remove(dir);
}

/* The chars that make a county's short form a name or a word are data
 * (level-suffix, self-start in regions.context.tsv): a char added takes
 * effect; one of two chars is refused with its file and line. */
static void test_short_form_words_from_data(const char *config) {
    char dir[] = "/tmp/zb-shortform-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    /* 屏边 before 州: a bare short form with the shipped words */
    const char *text = "2023年,屏边州坚持依法行政,全县法治政府建设取得新成效。";
    region_with(gz, dcues, text, NULL);
    zb_gazetteer *g = NULL;
    CHECK(!gz_dir(config, dir, "level-suffix\t州") &&
              (g = zb_gazetteer_load(dir, err, sizeof err)) != NULL,
          "gazetteer with level-suffix 州: %s", err);
    if (g) region_with(g, dcues, text, "532523");
    zb_gazetteer_free(g);
    /* 屏 as a self start: 屏边县 is then read as a self-reference */
    const char *named = "2023年,屏边县坚持依法行政,全县法治政府建设取得新成效。";
    region_with(gz, dcues, named, "532523");
    g = NULL;
    CHECK(!gz_dir(config, dir, "self-start\t屏") &&
              (g = zb_gazetteer_load(dir, err, sizeof err)) != NULL,
          "gazetteer with self-start 屏: %s", err);
    if (g) region_with(g, dcues, named, NULL);
    zb_gazetteer_free(g);
    err[0] = '\0';
    g = NULL;
    CHECK(!gz_dir(config, dir, "level-suffix\t自治县") &&
              (g = zb_gazetteer_load(dir, err, sizeof err)) == NULL &&
              strstr(err, "regions.context.tsv:") &&
              strstr(err, "level-suffix 自治县 is not one Chinese character"),
          "a level-suffix of three chars: %s", err);
    zb_gazetteer_free(g);
    gz_dir_remove(dir);
}

/* The marks between an HTML title's parts are data (title-sep in
 * chrome.tsv): a mark added cuts the site's name off; one of spaces alone
 * is refused with its file and line. */
static void test_title_seps_from_data(const char *config) {
    char dir[] = "/tmp/zb-titlesep-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    const char *html = "某某区2023年法治政府建设年度报告·某某区人民政府网",
               *text = "2023年,全区坚持依法行政,各项工作取得新成效。";
    zb_report r = {0};
    CHECK_INT(zb_docfields_find(gz, dcues, text, strlen(text), html, NULL, &r, err, sizeof err), 0);
    CHECK_STR(r.title, html);
    report_free(&r);
    zb_doc_cues *c = NULL;
    CHECK(!cue_dir(config, dir, "title-sep\t·", 0) &&
              (c = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
          "cues with title-sep ·: %s", err);
    if (c) {
        CHECK_INT(zb_docfields_find(gz, c, text, strlen(text), html, NULL, &r, err, sizeof err), 0);
        CHECK_STR(r.title, "某某区2023年法治政府建设年度报告");
        report_free(&r);
    }
    zb_doc_cues_free(c);
    cue_refused(config, dir, "title-sep\t  ", "title-sep is only spaces");
    cue_dir_remove(dir);
}

/* The words of a site header's clock are data (chrome.tsv, clock): a line
 * of a date and a clock word added there dates no publication. */
static void test_clock_cues_from_data(const char *config) {
    char dir[] = "/tmp/zb-clockcues-XXXXXX", err[256] = "", out[11] = "";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    const char *page = "现在是2024年5月6日\n某某区2023年法治政府建设年度报告\n2023年,全区依法"
                       "行政水平稳步提升。";
    CHECK_INT(zb_docfields_published(dcues, page, strlen(page), out), 0);
    CHECK_STR(out, "2024-05-06");
    zb_doc_cues *c = NULL;
    CHECK(!cue_dir(config, dir, "clock\t现在", 0) &&
              (c = zb_doc_cues_load(dir, err, sizeof err)) != NULL,
          "cues with clock 现在: %s", err);
    if (c) CHECK(zb_docfields_published(c, page, strlen(page), out) != 0, "clock line dated");
    zb_doc_cues_free(c);
    cue_dir_remove(dir);
}

static void test_year_rules(void) {
    const char *t1 = "一年来,全县上下深入学习贯彻习近平法治思想,依法行政水平不断提高。";
    /* published in March: the year before; in December: its own year */
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), NULL, "2022-03-10"), 2021);
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), NULL, "2022-12-20"), 2022);
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), NULL, NULL), 0);
    /* a progress report: 今年以来 published from April on is about the year
     * under way; published in the first quarter, the year before */
    const char *t1b = "今年以来,区司法局深入学习贯彻习近平法治思想,依法行政水平不断提高。";
    CHECK_INT(zb_docfields_year(dcues, t1b, strlen(t1b), NULL, "2024-07-15"), 2024);
    CHECK_INT(zb_docfields_year(dcues, t1b, strlen(t1b), NULL, "2024-02-15"), 2023);
    /* years written in Chinese numerals, in the title or the opening; a
     * signature date so written is the publication date, not the year */
    const char *tc = "二〇二二年,全区深入推进依法行政。\n\n某某区人民政府\n二〇二三年三月一日";
    CHECK_INT(zb_docfields_year(dcues, tc, strlen(tc), NULL, NULL), 2022);
    CHECK_INT(
        zb_docfields_year(dcues, t1, strlen(t1), "关于二○二一年度法治政府建设情况的报告", NULL),
        2021);
    /* the opening names an earlier year in passing: the year that opens a
     * clause (2023年,…) is the one written about */
    const char *tl = "在巩固2022年全国法治政府建设示范创建成果的基础上,全区持续用力。2023年,全区"
                     "深入推进依法行政。";
    CHECK_INT(zb_docfields_year(dcues, tl, strlen(tl), NULL, NULL), 2023);
    /* a news item about a report opens on a meeting, not on its year: the
     * quoted report's year, not next year's plans */
    const char *tn = "2月3日,区长主持召开区政府常务会议,研究2026年度重点项目安排,听取《关于2025年度"
                     "法治政府建设工作情况的报告》起草情况的汇报。";
    CHECK_INT(zb_docfields_year(dcues, tn, strlen(tn), NULL, NULL), 2025);
    /* a report that opens on its year keeps it */
    const char *tn2 = "2023年,全区对照《2022年度法治政府建设情况报告》整改问题,深入推进依法行政。";
    CHECK_INT(zb_docfields_year(dcues, tn2, strlen(tn2), NULL, NULL), 2023);
    /* a year without 年 standing alone in a title; not a document number
     * or a range */
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), "某某县法治政府建设年度报告(2023)", NULL),
              2023);
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), "某某县2022法治政府建设工作总结", NULL),
              2022);
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1),
                                "关于印发某政发〔2023〕5号文件的法治政府建设报告", "2022-03-01"),
              2021);
    CHECK_INT(zb_docfields_year(dcues, t1, strlen(t1), "法治政府建设规划2021-2025", NULL), 0);
    const char *td = "二〇二一年以来,全区深入推进依法行政。";
    CHECK_INT(zb_docfields_year(dcues, td, strlen(td), NULL, "2023-02-01"), 2022);
    /* a bare 今年 may name a plan: no change */
    const char *t1c = "一年来,全县依法行政水平不断提高。今年,我们将继续推进法治政府建设。";
    CHECK_INT(zb_docfields_year(dcues, t1c, strlen(t1c), NULL, "2024-05-10"), 2023);
    const char *t2 = "根据《法治政府建设实施纲要(2021-2025年)》,现将有关情况报告如下:";
    CHECK_INT(zb_docfields_year(dcues, t2, strlen(t2), NULL, NULL),
              0); /* ranges and titles are not years */
    const char *t3 = "2022年以来,在市委的领导下,我区扎实推进法治政府建设。";
    CHECK_INT(zb_docfields_year(dcues, t3, strlen(t3), NULL, "2023-02-01"), 2022);
    CHECK_INT(zb_docfields_year(dcues, t3, strlen(t3), "2021年法治政府建设年度报告", "2022-03-01"),
              2021);
    /* a year after the publication cannot be the year covered: the mode of
     * the years up to it wins */
    const char *t4 = "2023年工作安排。\n全年办理案件。2021年全区行政复议案件。2021年底完成。";
    CHECK_INT(zb_docfields_year(dcues, t4, strlen(t4), NULL, "2022-04-01"), 2021);
    /* a yearbook page: its volume line (年鉴2020卷) records the year before;
     * the page date says nothing; a year the text names still wins */
    const char *t5 = "某某年鉴2020卷\n【依法行政】全区各级行政机关严格规范公正文明执法,"
                     "落实《纲要(2015-2020年)》。";
    CHECK_INT(zb_docfields_year(dcues, t5, strlen(t5), NULL, "2021-06-01"), 2019);
    CHECK_INT(zb_docfields_year(dcues, t5 + strlen("某某年鉴"), strlen(t5 + strlen("某某年鉴")),
                                NULL, NULL),
              2019);
    const char *t6 = "某某年鉴2020卷\n【依法行政】2019年,全区各级行政机关严格规范公正文明执法。";
    CHECK_INT(zb_docfields_year(dcues, t6, strlen(t6), NULL, NULL), 2019);
    /* a volume number inside a sentence or a case-file count is none */
    const char *t7 = "全年评查行政执法案卷2020卷,整改问题12个。";
    CHECK_INT(zb_docfields_year(dcues, t7, strlen(t7), NULL, NULL), 0);
    /* a page about a report quoted in its title (政策解读): the quoted
     * report's year, not the later dates of its drafting */
    const char *t8 = "一、起草过程\n区司法局于2024年1月10日形成初稿,2024年2月5日报送区委、"
                     "区政府审定。";
    CHECK_INT(zb_docfields_year(dcues, t8, strlen(t8),
                                "《某某区人民政府关于2023年法治政府建设情况的报告》解读",
                                "2024-03-01"),
              2023);
    /* a quoted plan or outline is not a report: its year does not count */
    CHECK_INT(zb_docfields_year(dcues, t8, strlen(t8),
                                "关于印发《2023年法治政府建设工作要点》的通知", NULL),
              2024);
}

static void test_published(void) {
    char d[11];
    const char *pc = "全年依法行政水平不断提高。\n\n某某县人民政府\n二〇二四年二月二十八日\n";
    CHECK_INT(zb_docfields_published(dcues, pc, strlen(pc), d), 0);
    CHECK_STR(d, "2024-02-28");
    const char *pc2 = "全年依法行政水平不断提高。\n二〇二四年十月\n";
    CHECK(zb_docfields_published(dcues, pc2, strlen(pc2), d) != 0, "a month is no date");
    const char *p1 = "首页 > 新闻\n来源: 区司法局 发布日期: 2021/3/9\n正文。";
    CHECK_INT(zb_docfields_published(dcues, p1, strlen(p1), d), 0);
    CHECK_STR(d, "2021-03-09");
    const char *p2 = "报告正文很长很长。\n某某县人民政府\n2022年3月15日";
    CHECK_INT(zb_docfields_published(dcues, p2, strlen(p2), d), 0);
    CHECK_STR(d, "2022-03-15");
    const char *p3 =
        "2022年3月15日,县政府召开常务会议,研究部署法治政府建设工作,会议强调要压实各方责任,"
        "确保各项任务落地见效,推动全县法治政府建设再上新台阶。";
    CHECK(zb_docfields_published(dcues, p3, strlen(p3), d) != 0, "a date in a sentence is not "
                                                                 "the publication date");
    const char *p5 = "今天是2024年5月6日 星期一\n很长的正文。\n某某县人民政府\n2024年3月1日";
    CHECK_INT(zb_docfields_published(dcues, p5, strlen(p5), d), 0);
    CHECK_STR(d, "2024-03-01"); /* the site's clock is not the publication date */
    /* a date line written day first, with its clock time */
    const char *p7 =
        "某市政府扩充法律顾问队伍\n28.02.2015  15:57\n为加快建设法治政府,市政府扩充法律顾问。";
    CHECK_INT(zb_docfields_published(dcues, p7, strlen(p7), d), 0);
    CHECK_STR(d, "2015-02-28");
    const char *p8 =
        "某市政府扩充法律顾问队伍\n1.2.2016.3 版\n为加快建设法治政府,市政府扩充法律顾问。";
    CHECK(zb_docfields_published(dcues, p8, strlen(p8), d) != 0, "a version number is no date");
    /* and then a year: 今年以来 in October speaks of that year */
    zb_report yr;
    doc_of("某市发挥政府法律顾问作用\n09.10.2016  01:32\n今年以来,市政府充分发挥政府法律顾问作用,"
           "提供合同审查意见15件次。",
           NULL, &yr);
    CHECK_INT(yr.report_year, 2016);
    report_free(&yr);
    const char *p4 = "发布时间: 2022-13-45";
    CHECK(zb_docfields_published(dcues, p4, strlen(p4), d) != 0, "invalid date accepted");
    /* the longest date (39 bytes) with 60 bytes more is still a date line;
     * one byte more is not */
    char p6[256];
    snprintf(p6, sizeof p6, "很长的正文。\n二〇二四年一十二月三十一日%60s\n", "");
    CHECK_INT(zb_docfields_published(dcues, p6, strlen(p6), d), 0);
    CHECK_STR(d, "2024-12-31");
    snprintf(p6, sizeof p6, "很长的正文。\n二〇二四年一十二月三十一日%61s\n", "");
    CHECK(zb_docfields_published(dcues, p6, strlen(p6), d) != 0, "a long line passed for a date");
}

/* ---- sections ---- */

static zb_section *find_sections(const char *file, char **s, size_t *len, size_t *n) {
    char err[256];
    zb_section *secs = NULL;
    *s = load(file, len);
    CHECK_INT(zb_sections_find(scues, *s, *len, &secs, n, err, sizeof err), 0);
    return secs;
}

static void expect_sec(const char *s, const zb_section *sec, int level, zb_section_kind kind,
                       const char *title, const char *marker) {
    CHECK_INT(sec->level, level);
    CHECK_INT(sec->kind, kind);
    CHECK_STR(sec->title, title);
    CHECK(!strncmp(s + sec->start, marker, strlen(marker)), "section %s does not start at %s",
          sec->title, marker);
}

static void test_sections_lines(void) {
    char *s;
    size_t len, n;
    zb_section *v = find_sections("county_chrome.txt", &s, &len, &n);
    CHECK_INT(n, 10);
    if (n == 10) {
        expect_sec(s, &v[0], 1, ZB_SEC_ACHIEVEMENTS, "2022年法治政府建设主要成效", "一、");
        expect_sec(s, &v[1], 2, ZB_SEC_ACHIEVEMENTS, "依法全面履行政府职能", "(一)");
        expect_sec(s, &v[3], 1, ZB_SEC_PROBLEMS, "存在的问题和不足", "二、");
        expect_sec(s, &v[4], 5, ZB_SEC_PROBLEMS, "基层执法力量仍然薄弱", "一是");
        expect_sec(s, &v[5], 5, ZB_SEC_PROBLEMS, "部分部门依法决策意识有待增强", "二是");
        expect_sec(s, &v[6], 1, ZB_SEC_LEADERSHIP,
                   "党政主要负责人履行推进法治建设第一责任人职责情况", "三、");
        expect_sec(s, &v[7], 1, ZB_SEC_PLAN, "2023年工作打算", "四、");
        /* a section ends where the next one of its level starts */
        CHECK_INT(v[0].end, v[3].start);
        CHECK_INT(v[1].end, v[2].start);
        CHECK_INT(v[2].end, v[3].start);
        CHECK_INT(v[7].end, len);
        const char *goal = strstr(s, "力争2023年底前");
        const char *fact = strstr(s, "99.1%");
        const char *lead = strstr(s, "带头学法");
        CHECK_INT(zb_section_at(v, n, (size_t)(goal - s)), ZB_SEC_PLAN);
        CHECK_INT(zb_section_at(v, n, (size_t)(fact - s)), ZB_SEC_ACHIEVEMENTS);
        CHECK_INT(zb_section_at(v, n, (size_t)(lead - s)), ZB_SEC_LEADERSHIP);
        CHECK_INT(zb_section_at(v, n, 10), ZB_SEC_OTHER); /* before the first heading */
    }
    zb_sections_free(v, n);
    free(s);
}

static void test_sections_inline(void) {
    /* the whole report on one line, as crawled pages often are */
    char *s;
    size_t len, n;
    zb_section *v = find_sections("inline_sections.txt", &s, &len, &n);
    CHECK_INT(n, 13);
    if (n == 13) {
        expect_sec(s, &v[0], 1, ZB_SEC_ACHIEVEMENTS, "2022年主要工作", "一、");
        expect_sec(s, &v[1], 2, ZB_SEC_ACHIEVEMENTS, "加强组织领导", "(一)");
        expect_sec(s, &v[2], 5, ZB_SEC_ACHIEVEMENTS, "健全机制", "一是");
        expect_sec(s, &v[3], 5, ZB_SEC_ACHIEVEMENTS, "压实责任", "二是");
        expect_sec(s, &v[4], 2, ZB_SEC_ACHIEVEMENTS, "规范执法行为", "(二)");
        expect_sec(s, &v[5], 3, ZB_SEC_ACHIEVEMENTS, "开展执法检查,检查率达95.5%", "1.");
        expect_sec(s, &v[6], 3, ZB_SEC_ACHIEVEMENTS, "推行执法公示", "2.");
        expect_sec(s, &v[7], 1, ZB_SEC_LEADERSHIP,
                   "党政主要负责人履行推进法治建设第一责任人职责情况", "二、");
        expect_sec(s, &v[8], 1, ZB_SEC_PROBLEMS, "存在问题", "三、");
        expect_sec(s, &v[10], 1, ZB_SEC_PLAN, "下一步工作思路", "四、");
        CHECK_INT(v[0].end, v[7].start);
        CHECK_INT(v[5].end, v[6].start);
        CHECK_INT(v[6].end, v[7].start); /* 2. ends at the next top-level heading */
    }
    zb_sections_free(v, n);
    free(s);
}

static void test_sections_nested(void) {
    char *s;
    size_t len, n;
    zb_section *v = find_sections("nested_styles.txt", &s, &len, &n);
    CHECK_INT(n, 10);
    if (n == 10) {
        expect_sec(s, &v[0], 1, ZB_SEC_ACHIEVEMENTS, "工作开展情况", "一、");
        expect_sec(s, &v[1], 2, ZB_SEC_ACHIEVEMENTS, "规范执法", "(一)");
        expect_sec(s, &v[2], 3, ZB_SEC_ACHIEVEMENTS, "开展培训", "1.");
        expect_sec(s, &v[3], 4, ZB_SEC_ACHIEVEMENTS, "培训执法人员320人次", "(1)");
        expect_sec(s, &v[4], 4, ZB_SEC_ACHIEVEMENTS, "开展案卷评查", "(2)");
        expect_sec(s, &v[5], 3, ZB_SEC_ACHIEVEMENTS, "推行公示", "2.");
        expect_sec(s, &v[6], 2, ZB_SEC_ACHIEVEMENTS, "化解争议", "(二)");
        /* no cue, before any problems/plan section: reports start with results */
        expect_sec(s, &v[7], 1, ZB_SEC_ACHIEVEMENTS, "其他工作", "二、");
        expect_sec(s, &v[8], 1, ZB_SEC_PLAN, "下一步打算", "三、");
        /* no cue after the plan: other */
        expect_sec(s, &v[9], 1, ZB_SEC_OTHER, "附件", "四、");
        CHECK_INT(v[3].end, v[4].start);
        CHECK_INT(v[4].end, v[5].start);
        CHECK_INT(v[2].end, v[5].start);
    }
    /* "1.5万件" in the preface is a number, not a heading 1. */
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(v[i].title, "5万件") != 0, "decimal taken as heading");
    zb_sections_free(v, n);
    free(s);
}

static void test_sections_odd(void) {
    /* 一. and ① headings; a missed number at a line start ((二) absent) */
    char *s;
    size_t len, n;
    zb_section *v = find_sections("odd_headings.txt", &s, &len, &n);
    CHECK_INT(n, 7);
    if (n == 7) {
        expect_sec(s, &v[0], 1, ZB_SEC_ACHIEVEMENTS, "2022年主要工作", "一.");
        expect_sec(s, &v[1], 4, ZB_SEC_ACHIEVEMENTS, "加强行政执法监督", "①");
        expect_sec(s, &v[2], 4, ZB_SEC_ACHIEVEMENTS, "推进普法宣传", "②");
        expect_sec(s, &v[3], 1, ZB_SEC_PROBLEMS, "存在的问题", "二、");
        expect_sec(s, &v[4], 1, ZB_SEC_PLAN, "下一步工作打算", "三、");
        expect_sec(s, &v[5], 2, ZB_SEC_PLAN, "完善制度", "(一)");
        expect_sec(s, &v[6], 2, ZB_SEC_PLAN, "强化保障", "(三)");
    }
    zb_sections_free(v, n);
    free(s);
}

static void test_sections_runon(void) {
    /* a sub-heading run into its parent's title, with no space or stop */
    char *s;
    size_t len, n;
    zb_section *v = find_sections("runon_headings.txt", &s, &len, &n);
    CHECK_INT(n, 4);
    if (n == 4) {
        expect_sec(s, &v[0], 1, ZB_SEC_ACHIEVEMENTS, "主要工作成效", "一、");
        expect_sec(s, &v[1], 2, ZB_SEC_ACHIEVEMENTS, "加强组织领导", "(一)");
        expect_sec(s, &v[2], 2, ZB_SEC_ACHIEVEMENTS, "规范执法行为", "(二)");
        expect_sec(s, &v[3], 1, ZB_SEC_PROBLEMS, "存在的问题", "二、");
    }
    zb_sections_free(v, n);
    free(s);
}

/* Inline headings at every alignment of the text (the heading scan reads
 * 16 bytes at a time): after a boundary (。 : space), run into the title
 * before them ((一) after 主要成效), and none after an ordinary char
 * (统一、进一步) or a comma. */
static void test_sections_alignment(void) {
    static const char *const pads[] = {"x", "法"};
    static const char body[] = "工作如下:一、主要成效(一)加强组织领导,统一部署进一步落实。"
                               "(二)规范执法,1.5万件。二、存在的问题 三、下一步打算";
    static const char *const want[] = {"一、", "(一)", "(二)", "二、", "三、"};
    for (size_t p = 0; p < 2; p++)
        for (size_t k = 0; k < 40; k++) {
            char t[512] = "";
            for (size_t i = 0; i < k; i++)
                strcat(t, pads[p]);
            strcat(t, body);
            char err[128];
            zb_section *v;
            size_t n;
            CHECK_INT(zb_sections_find(scues, t, strlen(t), &v, &n, err, sizeof err), 0);
            CHECK(n == 5, "pad %zu x %s: %zu sections, want 5", k, pads[p], n);
            for (size_t i = 0; i < n && n == 5; i++)
                CHECK(!strncmp(t + v[i].start, want[i], strlen(want[i])),
                      "pad %zu x %s: section %zu starts at %.12s", k, pads[p], i, t + v[i].start);
            zb_sections_free(v, n);
        }
}

/* Top-level sections whose numbering is off (a repeated 二、, a repeated
 * 一、, numbers skipped inline) are still found when their text names a
 * problems or plan section (R6); other out-of-order headings are not. */
static void test_sections_misnumbered(void) {
    static const struct {
        const char *text;
        int n; /* level-1 sections expected */
        zb_section_kind last;
        const char *last_title;
    } cases[] = {
        {"一、基本情况\n全年审查文件若干件。\n二、主要成效\n制度更加健全。\n二、下一步工作\n"
         "明年计划审查规范性文件12件。\n",
         3, ZB_SEC_PLAN, "下一步工作"},
        {"一、工作成效\n成效明显。\n二、主要举措\n措施有力。\n二、存在的不足\n基层力量薄弱。\n"
         "三、下一步打算\n继续加强。\n",
         4, ZB_SEC_PLAN, "下一步打算"},
        {"一、2023年主要工作\n完成各项任务。\n一、2024年工作计划\n拟开展培训20场。\n", 2,
         ZB_SEC_PLAN, "2024年工作计划"},
        /* inline, three numbers skipped */
        {"一、主要工作 全年办结案件30件,效果良好。五、下一步工作思路 深化执法监督。", 2,
         ZB_SEC_PLAN, "下一步工作思路"},
        {"一、推进情况\n工作有序。\n三、问题与不足\n仍有差距。\n", 2, ZB_SEC_PROBLEMS,
         "问题与不足"},
        /* far-off numerals: the heading's words decide */
        {"一、全年工作回顾\n完成审查任务。\n二、履职成效\n执法更加规范。\n六、工作中的短板和不足\n"
         "基层力量偏弱。\n九、明年工作打算\n拟培训执法人员300人次。\n",
         4, ZB_SEC_PLAN, "明年工作打算"},
        /* numbering starting over at 一、 for the plan */
        {"一、工作开展情况\n开展工作。\n二、取得的成效\n成效明显。\n三、创新亮点\n亮点突出。\n"
         "一、下一步工作安排\n计划培训8场。\n",
         4, ZB_SEC_PLAN, "下一步工作安排"},
        /* run into one line, numbers jumping */
        {"一、主要做法 全年共审查文件45件,成效良好。八、存在不足 基层执法人员偏少。十、工作打算 "
         "明年力争审查率100%。",
         3, ZB_SEC_PLAN, "工作打算"},
        /* a repeated heading that names no such section stays unrecognised */
        {"一、主要成效\n成效明显。\n二、加强队伍建设\n队伍稳定。\n二、强化执法监督\n监督有力。\n",
         2, ZB_SEC_ACHIEVEMENTS, "加强队伍建设"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char err[256];
        zb_section *v = NULL;
        size_t n = 0;
        const char *t = cases[k].text;
        CHECK_INT(zb_sections_find(scues, t, strlen(t), &v, &n, err, sizeof err), 0);
        int top = 0;
        const zb_section *last = NULL;
        for (size_t i = 0; i < n; i++)
            if (v[i].level == 1) top++, last = &v[i];
        CHECK(top == cases[k].n, "case %zu: %d level-1 sections, want %d", k, top, cases[k].n);
        CHECK(last && last->kind == cases[k].last && !strcmp(last->title, cases[k].last_title),
              "case %zu: last section %s kind %d", k, last ? last->title : "none",
              last ? (int)last->kind : -1);
        zb_sections_free(v, n);
    }
}

/* Problems and plan headings nested under the only top-level heading take
 * their own kind when they close it; one amid achievements does not. */
static void test_sections_closing(void) {
    static const struct {
        const char *text;
        zb_section_kind kinds[6];
    } cases[] = {
        {"一、2023年度依法行政推进情况\n(一)健全制度\n制定办法3件。\n(二)规范执法\n评查案卷50卷。\n"
         "(五)存在的问题\n部分单位重视不够。\n(六)下一步工作打算\n计划开展培训10场。\n",
         {ZB_SEC_ACHIEVEMENTS, ZB_SEC_ACHIEVEMENTS, ZB_SEC_ACHIEVEMENTS, ZB_SEC_PROBLEMS,
          ZB_SEC_PLAN}},
        /* a plan named amid other work is work done */
        {"一、主要工作\n(一)制定年度普法工作计划\n印发计划1份。\n(二)加强执法监督\n"
         "开展检查6次。\n",
         {ZB_SEC_ACHIEVEMENTS, ZB_SEC_ACHIEVEMENTS, ZB_SEC_ACHIEVEMENTS}},
        /* one heading naming both: its nested plan is the plan; the plan's
         * own nested headings stay plan */
        {"一、工作成效\n成效明显。\n二、存在问题及下一步打算\n(一)存在问题\n力量不足。\n"
         "(二)下一步打算\n1.完善制度\n拟出台办法2件。\n",
         {ZB_SEC_ACHIEVEMENTS, ZB_SEC_PROBLEMS, ZB_SEC_PROBLEMS, ZB_SEC_PLAN, ZB_SEC_PLAN}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char err[256];
        zb_section *v = NULL;
        size_t n = 0;
        const char *t = cases[k].text;
        CHECK_INT(zb_sections_find(scues, t, strlen(t), &v, &n, err, sizeof err), 0);
        size_t want = 0;
        while (want < 6 && cases[k].kinds[want])
            want++;
        CHECK(n == want, "case %zu: %zu sections, want %zu", k, n, want);
        for (size_t i = 0; i < n && i < want; i++)
            CHECK(v[i].kind == cases[k].kinds[i], "case %zu: section %zu (%s) kind %d, want %d", k,
                  i, v[i].title, (int)v[i].kind, (int)cases[k].kinds[i]);
        zb_sections_free(v, n);
    }
}

/* The issuer named as county + town (遂溪县河头镇人民政府) keeps the whole
 * county name (R5: the town's start used to be cut four characters back). */
static void test_issuer_town_names(void) {
    static const struct {
        const char *text, *issuer;
    } cases[] = {
        {"武隆区江口镇人民政府2023年法治政府建设年度报告\n2023年,江口镇在区委、区政府的领导下,"
         "认真落实法治政府建设各项任务,全镇依法行政水平稳步提升。",
         "武隆区江口镇人民政府"},
        {"宁都县梅江镇人民政府关于2022年度法治政府建设情况的报告\n2022年,梅江镇坚持依法行政,"
         "扎实推进法治建设各项工作,取得了较好成效。",
         "宁都县梅江镇人民政府"},
        {"遂川县草林乡人民政府2021年法治政府建设工作报告\n2021年,草林乡坚持依法行政,"
         "扎实推进法治建设各项工作,取得了较好成效。",
         "遂川县草林乡人民政府"},
        /* with the city before the county */
        {"铜仁市碧江区坝黄镇人民政府2024年法治政府建设年度报告\n2024年,坝黄镇认真落实法治"
         "政府建设各项任务,全镇依法行政水平稳步提升。",
         "铜仁市碧江区坝黄镇人民政府"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        zb_report r;
        doc_of(cases[k].text, NULL, &r);
        CHECK_STR(r.issuer.name, cases[k].issuer);
        CHECK_INT(r.issuer.kind, ZB_ISSUER_GOVERNMENT);
        report_free(&r);
    }
}

/* Region of an inline text: its code, or NULL. */
static void expect_region(const char *text, const char *code) {
    zb_report r;
    doc_of(text, NULL, &r);
    CHECK(streq(r.region.code, code), "got %s (%s), want %s for: %.60s", show(r.region.code),
          show(r.region.name), show(code), text);
    report_free(&r);
}

/* One-character-stem counties (范县, 献县, 任县, 威县, 单县, 滑县) inside
 * ordinary words are no mention; on their own they still count (R1). */
static void test_region_short_stems(void) {
    /* 示范县 is no 范县: the report's own county wins */
    expect_region("2022年,息烽县持续推进法治政府建设,成功创建全省法治政府建设示范县,全县依法行政"
                  "水平进一步提升。",
                  "520122");
    /* 贡献县域 is no 献县, even with 河北 (献县's province) in the text */
    expect_region("2023年,平山县坚持依法行政,为河北全面建设法治社会贡献县域力量,全县行政执法"
                  "质量稳步提高。",
                  "130131");
    /* 责任县 / 权威县 are no 任县 / 威县 */
    expect_region("2021年,临城县压实主体责任县乡联动,通过权威县级媒体公开执法信息,全县法治"
                  "政府建设取得新成效。",
                  "130522");
    /* 曾任县委书记 / 担任县政府… name no 任县, even before a body word */
    expect_region(
        "2022年,宁晋县坚持依法行政,邀请曾任县委书记的老同志讲授基层治理经验,组织担任县政府"
        "法律顾问的律师授课,全县法治建设成效明显。",
        "130528");
    /* only the word: no region rather than a guess */
    expect_region("2022年,我镇被评为法治政府建设示范县创建先进单位,全镇干部群众法治意识明显增强。",
                  NULL);
    /* a real one-character-stem county: at a clause start, before 人民政府,
     * after its city, and in the title */
    expect_region("2023年,单县坚持以法治思想为指导,扎实推进依法行政,全县法治建设成效明显。",
                  "371722");
    expect_region("今年以来,在市委的坚强领导下,滑县人民政府坚持依法行政,各项工作稳步推进,成效"
                  "明显。",
                  "410526");
    expect_region("近年来,中共滑县委员会高度重视法治建设,河南滑县各级机关依法行政水平持续提升。",
                  "410526");
    expect_region("近年来,保定市易县不断健全依法决策机制,持续规范行政执法行为,全县法治环境持续"
                  "改善。",
                  "130633");
    expect_region("献县2022年法治政府建设年度报告\n一年来,我县深入推进依法行政,各项工作取得新"
                  "进展,群众满意度持续提升。",
                  "130929");
}

/* A county's short form before a zone word (经济开发区, 高新区) names the
 * development zone that county holds: the zone's report is about the county.
 * Without the zone word the short form alone still says nothing. */
static void test_region_zones(void) {
    expect_region("2024年,武清经济开发区坚持依法行政,园区法治建设稳步推进,各项工作取得新成效。",
                  "120114");
    expect_region("2023年,萧山高新区管委会持续深化法治建设,园区营商环境不断优化。", "330109");
    expect_region("2024年,园区组织干部赴武清学习,全面推进依法行政,法治建设稳步推进。", NULL);
    /* a zone's department speaks as 全区/我区 of the zone: the city that
     * holds the zone is its area, not an unnamed county */
    expect_region("武汉经开区统计局关于2025年度法治政府建设情况的报告\n今年以来,区统计局紧紧围绕"
                  "全区中心工作,为我区高质量发展提供统计法治保障。全区统计执法稳步推进,以曲靖市"
                  "典型案例为反面教材。我区统计普法责任清单全面落实。",
                  "420100");
    /* a name that is also an ordinary word (新市区) counts as the name of a
     * government; one several divisions share (城区) still says nothing */
    expect_region("高新区(新市区)人民政府2024年法治政府建设工作报告\n2024年,区人民政府坚持依法"
                  "行政,全区法治建设稳步推进。",
                  "650104");
    expect_region("城区人民政府2024年法治政府建设工作报告\n2024年,区人民政府坚持依法行政。", NULL);
}

/* Place names inside a third party's name (律师事务所, 银行, 大学...) do not
 * set the region; a province is not reported for a text that speaks as a
 * county-level area (R2). */
static void test_region_third_parties(void) {
    /* a sub-bureau report naming no district: only its law firm's province */
    expect_region("2023年,我局认真落实区委、区政府部署,聘请浙江星辰律师事务所律师担任分局法律顾问,"
                  "全区自然资源执法工作有序开展,全区违法用地案件明显下降。",
                  NULL);
    /* lecturers from a university and a bank named after other places */
    expect_region("2022年,长寿区邀请四川大学法学院教授专题授课,与上海银行签订合作协议,全区法治"
                  "建设稳步推进。",
                  "500115");
    expect_region("2024年,我街道邀请湖南师范大学教授讲授民法典,组织干部旁听庭审,全街道干部法治"
                  "意识明显提升。",
                  NULL);
    /* the province named bare while the text speaks for a district */
    expect_region("2022年,全区上下认真贯彻落实法治政府建设部署,我区获评广东省法治宣传先进单位,"
                  "全区依法行政水平持续提升。",
                  NULL);
    /* the same when the text works under 区委、区政府 */
    expect_region("2023年,我局认真落实区委、区政府的部署要求,获评江西省国土资源系统先进单位。"
                  "在区委区政府的坚强领导下,各项工作稳步推进。",
                  NULL);
    /* a province report keeps its province: it speaks as 全省 */
    expect_region("2021年,全省各级政府坚持依法行政,江西省法治政府建设取得新成效,全省行政复议"
                  "案件办理质量稳步提升,全区县普法工作扎实开展。",
                  "360000");
}

/* A provincial report speaks as 我省 and names its cities and counties only
 * in passing; a city report may say 我省 too, but also speaks as 全市. */
static void test_region_province_self(void) {
    expect_region("2021年,我省坚持依法行政,省政府常务会议会前学法12次。虎林市被命名为全国法治政府"
                  "建设示范市,我省另确定了9个省级示范项目。",
                  "230000");
    expect_region("2021年,全市坚持依法行政,鸡西市在我省率先推行证明事项告知承诺制,成为我省首个"
                  "实现全覆盖的地级市。",
                  "230300");
    /* said once it may be a quotation of the province's plan */
    expect_region("2021年,虎林市获评示范市,按照我省部署推进法治政府建设。", "230381");
    /* a county's leadership (县委县政府) makes it the county's text */
    expect_region("2021年,在县委县政府领导下,虎林市落实我省部署,我省首批示范县名单公布。",
                  "230381");
    /* every occurrence counts, the text's first bytes included (count_word
     * searches for a word's last byte): 我省 first and last is said twice;
     * 县委县政府 as the last words still makes it the county's text */
    expect_region("我省坚持依法行政,虎林市被命名为全国法治政府建设示范市,示范项目覆盖我省",
                  "230000");
    expect_region("我省坚持依法行政,虎林市被命名为全国法治政府建设示范市,示范项目覆盖全省",
                  "230381");
    expect_region("2021年,虎林市落实我省部署,我省首批示范县名单公布,成绩归功于县委县政府",
                  "230381");
    /* a 厅 is a province's department: 我厅 said once speaks as the province
     * (the city is where it ran a pilot) */
    expect_region("2020年,我厅推进执法规范化,在鸡西市开展审批改革试点,鸡西市试点经验在全国推广。",
                  "230000");
    /* not when the text also speaks as a city: the city's report quotes it */
    expect_region("2020年,全市推进执法规范化,鸡西市落实我厅部署,鸡西市试点经验在全国推广。",
                  "230300");
}

/* A county's body that wrote the text (its court's white paper, printed in
 * the city's paper) is the text's area, though its name before 法院 counts
 * as a third party's and the city wins the scores (or nothing does). */
static void test_region_issuer_county(void) {
    expect_region(
        "《衡阳日报》基层法院发布白皮书\n5月8日,祁东县人民法院发布《2022年度行政案件司法审查"
        "报告》。据悉,这是衡阳市首家发布白皮书的基层法院。2022年,祁东县人民法院共受理行政"
        "诉讼案件50件。\n文章出处:《衡阳日报》第A5版",
        "430426");
    /* and when no area is found at all (我市 only) */
    expect_region("5月8日,祁东县人民法院发布《2022年度行政案件司法审查报告》。据悉,这是我市首家"
                  "发布白皮书的基层法院。2022年,祁东县人民法院共受理行政诉讼案件50件。",
                  "430426");
    /* the city's own bureau names a county's in passing: the city's text */
    expect_region("2022年,衡阳市司法局坚持依法行政,全市行政复议案件办理质量稳步提升,祁东县司法局"
                  "获评先进单位,全市法治政府建设取得新成效。",
                  "430400");
}

/* A provincial department's report that never names its province but cites
 * its files (皖依法办〔2022〕3号) and speaks as the province (我省 twice). */
static void test_region_docno(void) {
    expect_region("按照省依法行政领导小组办公室《关于报送2022年度法治政府建设情况的通知》(皖依法办"
                  "〔2022〕3号)要求,现将我局2022年度法治政府建设情况报告如下:我省市场主体总量持续"
                  "增长,全省企业开办时间压缩至1天,我省经验获通报表扬。",
                  "340000");
    /* a city's report citing its province's file: no province for it */
    expect_region("按照《关于报送2022年度法治政府建设情况的通知》(皖依法办〔2022〕3号)要求,现将"
                  "我局2022年度法治政府建设情况报告如下:全市市场主体总量持续增长,我市经验获我省"
                  "通报表扬,我省另有部署。",
                  NULL);
    /* files of two provinces: none */
    expect_region("按照《通知》(皖依法办〔2022〕3号)和《办法》(苏政发〔2021〕5号)要求,现将我局"
                  "2022年度工作报告如下:我省市场主体总量持续增长,我省经验获通报表扬。",
                  NULL);
    /* a bracketed year with no number after it is no file number */
    expect_region("按照皖依法办〔2022〕要求,现将我局2022年度工作报告如下:我省市场主体总量持续增长,"
                  "我省经验获通报表扬。",
                  NULL);
}

/* A city report names its counties as examples (以某区为例, 某县获表彰) and
 * speaks as 全市/我市; a county's own report speaks as 全区/我县 or works
 * under 县委县政府, and a county-level city (…市) says 全市 of itself. */
static void test_region_city_self(void) {
    expect_region("2023年,渭南市法律援助工作稳步推进。以临渭区为例,临渭区办理案件400件,华州区"
                  "办理案件300件。临渭区获评先进单位,全市法律援助覆盖面持续扩大,我市受援群众"
                  "满意度达98%。",
                  "610500");
    /* 全区 once: the district's own report */
    expect_region("2023年,渭南市部署法律援助工作。临渭区办理案件400件,临渭区获评先进单位,"
                  "全区受援群众满意度提升,在全市考核中名列前茅,全市第一。",
                  "610502");
    /* under 区委区政府: the district's text */
    expect_region("2023年,在区委区政府领导下,临渭区办理案件400件,临渭区获评先进单位,全市第一,"
                  "渭南市通报表扬,在全市推广。",
                  "610502");
    /* the city not named: nothing tells the county's report from the city's */
    expect_region("2023年,临渭区办理法律援助案件400件,临渭区获评先进单位,全市第一,全市推广。",
                  "610502");
    /* a county-level city speaks as 全市 of itself */
    expect_region("2023年,渭南市部署法律援助工作,韩城市办理案件400件,韩城市获评先进,全市受援"
                  "群众满意度提升,我市法律援助覆盖面持续扩大。",
                  "610581");
}

/* A city bureau's branch in a county is named with the county's short form
 * (某市生态环境局临渭分局): in the opening it is the report's issuer and
 * places it in that county; further down it is one branch a city's report
 * lists among others. */
static void test_region_branches(void) {
    zb_report r;
    doc_of("2024年,渭南市生态环境局临渭分局认真落实区委、区政府部署,持续推进生态环境依法行政,"
           "全年办理行政处罚案件12件。",
           NULL, &r);
    CHECK_STR(r.region.code, "610502");
    CHECK_STR(r.issuer.name, "临渭分局");
    CHECK_INT(r.issuer.kind, ZB_ISSUER_DEPARTMENT);
    report_free(&r);
    expect_region(
        "2024年,渭南市组织开展全市行政执法案卷评查,共评查案卷300卷。\n评查中,市生态环境局、"
        "渭南市自然资源局、市公安局临渭分局等部门案卷质量较好,渭南市通报表扬,全市推广。",
        "610500");
    /* the short form without a branch word still says nothing */
    expect_region("2024年,生态环境局赴临渭调研,认真落实部署,持续推进依法行政。", NULL);
}

/* A text that names no area at all is placed by the local paper it was
 * written for (来源:某某晚报, 《某某日报》); never over an area the text
 * names, never a city's paper for a text that speaks as a county. */
static void test_region_press(void) {
    expect_region(
        "我市法律援助惠及困难群众\n记者从市司法局获悉,去年我市共办理法律援助案件1200件。\n"
        "来源:渭南日报",
        "610500");
    expect_region("2023年,省农业农村厅深入推进依法行政,厅党组书记在《陕西日报》发表署名文章,"
                  "全年办理行政复议案件12件。",
                  "610000");
    /* the area the text names wins over its paper */
    expect_region("2023年,临渭区深入推进依法行政,区长在《陕西日报》发表署名文章,全区法治建设稳步"
                  "推进。",
                  "610502");
    /* a county's text in its city's paper: the county is not named, no region */
    expect_region("2023年,在县委县政府领导下,全县深入推进依法行政,经验做法被《渭南日报》刊发,"
                  "全县法治建设稳步推进。",
                  NULL);
    /* two papers of two areas: no region */
    expect_region("我市法律援助工作经验被《渭南日报》《宝鸡日报》先后报道,去年共办理案件1200件。",
                  NULL);
}

/* A text naming no area that lists three of one city's counties by their
 * short forms (临渭、华州、潼关执法大队) and speaks as a city is that city's. */
static void test_region_listed_counties(void) {
    expect_region("我市城市管理综合执法局成立于2004年,下设临渭、华州、潼关三个执法大队,我市城市管理"
                  "工作稳步推进。",
                  "610500");
    /* two short forms are too few: they may be words */
    expect_region("我市城市管理综合执法局下设临渭、华州两个执法大队,我市城市管理工作稳步推进。",
                  NULL);
    /* not said as a city */
    expect_region("局机关下设临渭、华州、潼关三个执法大队,城市管理工作稳步推进。", NULL);
}

/* A town name several counties share is placed by the level of the
 * leadership the report works under (县委、县政府: a county's town), when one
 * county of that level has a town of that name (三口镇: 灌南县 and 黄山区). */
static void test_region_town_levels(void) {
    expect_region(
        "三口镇2024年法治政府建设年度报告\n2024年,在县委、县政府的坚强领导下,三口镇坚持依法"
        "行政,全镇法治建设稳步推进。",
        "320724");
    expect_region("三口镇2024年法治政府建设年度报告\n2024年,在区委区政府的坚强领导下,三口镇坚持依法"
                  "行政,全镇法治建设稳步推进。",
                  "341003");
    /* no leadership named, or both kinds: no region */
    expect_region(
        "三口镇2024年法治政府建设年度报告\n2024年,三口镇坚持依法行政,全镇法治建设稳步推进。", NULL);
    expect_region("三口镇2024年法治政府建设年度报告\n2024年,三口镇落实县委县政府和区委区政府部署,"
                  "全镇法治建设稳步推进。",
                  NULL);
}

/* A work summary's heading (某局2023年第四季度工作总结) is its title, and
 * names the department that wrote it. */
static void test_title_summaries(void) {
    zb_report r;
    doc_of("司法局2023年第四季度工作总结\n(一)加强法治宣传。制作法治宣传资料,拍摄法治微电影5部,"
           "创建9个民主法治示范村。",
           NULL, &r);
    CHECK_STR(r.title, "司法局2023年第四季度工作总结");
    CHECK_INT(r.report_year, 2023);
    CHECK_INT(r.issuer.kind, ZB_ISSUER_DEPARTMENT);
    report_free(&r);
}

/* A bureau's report (我局) that names its province only through the rules
 * it applies and its own county only as a department's (某区统计局) is the
 * county's; a province's own report says 全省 or 我省. */
static void test_region_bureaus(void) {
    expect_region(
        "一、2024年行政执法基本情况\n截至目前,我局严格参照《陕西省统计行政处罚裁量基准》执行,"
        "通过门户网站公示《临渭区统计局权责清单》。二是我局在陕西省2024年执法证考试中全员"
        "合格。三是我局执法人员持有《陕西省行政执法证》。",
        "610502");
    expect_region(
        "一、2024年行政执法基本情况\n截至目前,我局严格参照《陕西省统计行政处罚裁量基准》执行,"
        "指导《临渭区统计局权责清单》编制。二是全省统计系统执法证考试全员合格。三是我局执法"
        "人员持有《陕西省行政执法证》。",
        "610000");
}

/* Town and street reports that never name their county are placed with
 * the county of their town when the town's name is unique nationally
 * (config/regions.towns.tsv); a shared name places nothing (R3). */
static void test_region_towns(void) {
    /* a Beijing 乡 is listed as its area office (南磨房地区) */
    expect_region("2023年,南磨房乡坚持以习近平法治思想为指导,扎实推进法治政府建设,全乡法治环境持续"
                  "优化。",
                  "110105");
    /* in the title */
    expect_region("同里镇2022年法治政府建设工作报告\n2022年,全镇在区委、区政府的坚强领导下,深入推进"
                  "依法行政,全镇法治建设取得新进展,群众满意度稳步提升。",
                  "320509");
    /* the opening's subject, after the leadership clauses */
    expect_region("2023年,在市委、市政府的正确领导下,横店镇紧紧围绕中心工作,持续推进基层依法治理,"
                  "全镇法治建设成效明显。",
                  "330783");
    /* a street by its short form (大观街 for 大观街道) */
    expect_region("2024年,大观街坚持以习近平法治思想为指导,扎实推进法治街道建设,辖区法治环境"
                  "持续优化。",
                  "530102");
    /* a name many counties share: no region */
    expect_region("2023年,新华街道坚持依法行政,全街道法治建设成效明显,群众法治意识不断增强。",
                  NULL);
    /* the page's metadata above the text names the town */
    expect_region("责任单位 千灯镇\n公开方式 主动公开\n\n2022年,我镇坚持依法行政,持续推进法治政府"
                  "建设,全镇干部法治意识明显增强,各项工作取得新进展。",
                  "320583");
    /* a city's report (我市) whose page metadata names a town: the city */
    expect_region("责任单位 千灯镇\n\n2022年,我市坚持依法行政,苏州市法治政府建设取得新成效,全市"
                  "干部法治意识明显增强。",
                  "320500");
    /* the city named agrees with the town: the town's county */
    expect_region("锦溪镇2023年法治政府建设年度报告\n2023年,全镇坚持依法行政,获评丽水市法治建设"
                  "示范镇,全镇法治建设水平稳步提升。",
                  "331181");
    /* a province the town does not lie in: neither is credible */
    expect_region("七宝镇2021年法治政府建设年度报告\n2021年,全镇坚持依法行政,组织干部赴浙江省学习"
                  "考察基层法治建设经验,全镇法治建设水平稳步提升。",
                  NULL);
    /* a shared name, but only one such street in the province the text
     * names: that one */
    expect_region("2023年,南湖街道深入学习贯彻习近平总书记考察浙江重要讲话精神,扎实推进基层依法"
                  "治理,全街道法治建设取得新成效。",
                  "330402");
    /* several in the named province: none */
    expect_region("2023年,新华街道认真落实广东省法治政府建设部署,扎实推进基层依法治理,全街道"
                  "法治建设取得新成效。",
                  NULL);
    /* a shared name placed by the one of its counties the page names: in
     * the publisher line above the text (blanked as chrome for scoring) */
    expect_region("发布机构 巫溪县大河乡人民政府\n\n大河乡2023年依法行政工作情况报告\n2023年,"
                  "大河乡围绕基层治理需要,规范乡村两级执法程序,群众办事更加顺畅。",
                  "500238");
    /* ... or in an addressee whose county name is itself shared (城中区:
     * 柳州 and 西宁); only 西宁's has a 人民街街道 */
    expect_region("城中区人民政府:\n今年以来,人民街街道聚焦群众身边的矛盾纠纷,完善社区调解"
                  "网络,基层依法治理水平稳步提升。",
                  "630103");
    /* two counties named (by short form) both have a town of that name:
     * none */
    expect_region("大河乡2023年依法行政工作情况报告\n2023年,大河乡组织干部分赴巫溪、叠彩两地"
                  "交流调解经验,规范乡村两级执法程序。",
                  NULL);
    /* a clause saying what the year is (2024年是…之年) frames the opening;
     * the subject follows it */
    expect_region("2024年是纲要实施承前启后的关键之年,横店镇在市委、市政府的领导下,持续推进基层依法"
                  "治理,全镇法治建设成效明显。",
                  "330783");
    /* a county report naming a town of another county keeps its county */
    expect_region("2022年,婺城区坚持依法行政,全区法治建设成效明显,组织干部赴横店镇学习基层治理"
                  "经验,全区行政执法水平稳步提升。",
                  "330702");
    int n;
    CHECK(zb_gazetteer_town(gz, "塘栖镇", strlen("塘栖镇"), &n) &&
              !strcmp(zb_gazetteer_town(gz, "塘栖镇", strlen("塘栖镇"), &n)->code, "330113") &&
              n == 1,
          "塘栖镇 is not in 临平区");
    CHECK(!zb_gazetteer_town(gz, "城关镇", strlen("城关镇"), &n) && n > 10, "城关镇 shared: %d", n);
    CHECK(!zb_gazetteer_town(gz, "不是镇名", strlen("不是镇名"), &n) && n == 0, "unknown town");
}

/* The issuer: superiors named in 按照/围绕/落实…部署/要求 clauses are not the
 * issuer, nor collectives (市政府部门); the kind follows the opening's
 * subject (R5). */
/* A page's index number (索引号) or a body's unified social credit code
 * names the division that published it: it settles a name several
 * divisions share and places a town report that names no county; a number
 * that is no division code changes nothing. */
static void test_region_index_codes(void) {
    const char *body =
        "市中区人力资源和社会保障局2021年度法治政府建设情况报告\n2021年,区人社局在区委、"
        "区政府正确领导下,深入推进依法行政,全区人社领域法治建设取得新成效。";
    char text[1024];
    expect_region(body, NULL); /* 市中区: 济南, 枣庄, 内江, 乐山 */
    snprintf(text, sizeof text, "索 引 号:370402/2022-00029\n%s", body);
    expect_region(text, "370402");
    snprintf(text, sizeof text, "[ 索引号 ] | 11511002MB1234567X/2022-00001 |\n%s", body);
    expect_region(text, "511002");
    snprintf(text, sizeof text, "索引号:000014349/2022-00029\n%s", body);
    expect_region(text, NULL);
    /* an organisation code (nine characters) is no division code, even
     * when its digits look like one */
    snprintf(text, sizeof text, "索引号:370402123/2022-00029\n%s", body);
    expect_region(text, NULL);
    /* the labels are tried in their file order (索引号 before 索引號), each
     * over the whole page: a later label's number counts only when no
     * earlier label has one, wherever they stand */
    snprintf(text, sizeof text, "索引號:511002/2022-00001\n%s\n索引号:370402/2022-00029", body);
    expect_region(text, "370402");
    snprintf(text, sizeof text, "索引號:511002/2022-00001\n%s\n索引号:000014349/2022-00029", body);
    expect_region(text, "511002");
    /* a town report that names no county */
    expect_region("索引号 11500230008689762A/2026-00004\n2025年,在县委、县政府的坚强领导下,乡党委、"
                  "政府深入学习贯彻习近平法治思想,全乡法治政府建设扎实推进。",
                  "500230");
}

/* The index number's labels are tried where the region scan found them
 * (zb_region_index_code_in), the same places the memchr passes of
 * zb_region_index_code try: spaces and ideographic spaces between the
 * label's chars, the label after a name, at every alignment, at the end of
 * the text, after words that start like a label (统一, 索引). */
static void test_region_index_places(void) {
    static const char *const labels[] = {
        "索引号", "索 引 号",         "索　引　号",       "索  引号",         "索 　引号",
        "索引號", "统一社会信用代码", "統一社會信用代碼", "统 一社会信用代码"};
    static const char *const before[] = {"", "\n", "北碚区", "统一部署,", "索引", "x", "事x"};
    char text[512];
    for (size_t l = 0; l < sizeof labels / sizeof *labels; l++)
        for (size_t b = 0; b < sizeof before / sizeof *before; b++)
            for (int end = 0; end < 2; end++) {
                int n =
                    snprintf(text, sizeof text, "2021年,全区深入推进依法行政。%s%s:%s", before[b],
                             labels[l], l >= 6 ? "11500230008689607X" : "370402/2022-00029");
                if (!end) snprintf(text + n, sizeof text - (size_t)n, "\n各项工作取得新成效。");
                size_t len = strlen(text);
                zb_region_scan sc;
                zb_region_scan_init(&sc);
                CHECK_INT(zb_region_scan_text(gz, text, len, &sc), 0);
                const zb_region *a = zb_region_index_code(gz, text, len),
                                *c = zb_region_index_code_in(gz, &sc, text, len);
                CHECK(a && c == a && !strcmp(a->code, l >= 6 ? "500230" : "370402"),
                      "%s after '%s' (end %d): %s / %s", labels[l], before[b], end,
                      a ? a->code : "NULL", c ? c->code : "NULL");
                zb_region_scan_free(&sc);
            }
}

/* The county-self and province-self words (区委区政府, 我省) are counted
 * from the places the scan records: every one, those inside a name too, and
 * none of a blanked line's, nor one the blanked bytes cut (as a pass over
 * the blanked text counts them). */
static void test_region_context_words(void) {
    const char *s = "2023年,江西省深入推进依法行政,江西省法治建设取得新成效。\n区委区政府 "
                    "区委、区政府\n各项工作稳步推进,县委县政府区委区政府。";
    size_t len = strlen(s);
    zb_region_scan sc;
    zb_region_scan_init(&sc);
    CHECK_INT(zb_region_scan_text(gz, s, len, &sc), 0);
    CHECK(sc.exact && sc.n_word == 4, "words %zu", sc.n_word);
    /* four county words: the text speaks for a county it does not name */
    CHECK(!zb_region_find_in(gz, &sc, s, len, NULL), "county words counted");
    zb_region_scan_free(&sc);
    /* blanked ranges: the whole second line, a cut into one word, two */
    size_t line = (size_t)(strchr(s, '\n') - s) + 1, line_end = (size_t)(strrchr(s, '\n') - s);
    const size_t blank[][2] = {{line, line_end},
                               {line + 3, line + 6},
                               {line, line + 3},
                               {line + 12, line_end},
                               {line_end - 3, len - 3}};
    for (size_t k = 0; k < sizeof blank / sizeof *blank; k++) {
        char t[512];
        memcpy(t, s, len + 1);
        memset(t + blank[k][0], ' ', blank[k][1] - blank[k][0]);
        zb_region_scan_init(&sc);
        CHECK_INT(zb_region_scan_text(gz, s, len, &sc), 0);
        zb_region_scan_blank(&sc, blank[k][0], blank[k][1]);
        zb_region_scan_compact(&sc);
        zb_region_scan fresh;
        zb_region_scan_init(&fresh);
        CHECK_INT(zb_region_scan_text(gz, t, len, &fresh), 0);
        CHECK(sc.n_word == fresh.n_word, "blank %zu: %zu words, fresh scan %zu", k, sc.n_word,
              fresh.n_word);
        const zb_region *a = zb_region_find_in(gz, &sc, t, len, NULL),
                        *b = zb_region_find(gz, t, len, NULL);
        CHECK(a == b, "blank %zu: %s, fresh scan %s", k, a ? a->code : "NULL",
              b ? b->code : "NULL");
        /* the level of the leadership the text works under, read the same way */
        const char *la = zb_region_county_self_level_in(gz, &sc, t, len),
                   *lb = zb_region_county_self_level(gz, t, len);
        CHECK(la == lb, "blank %zu: level %.3s, fresh %.3s", k, la ? la : "-", lb ? lb : "-");
        zb_region_scan_free(&fresh);
        zb_region_scan_free(&sc);
    }
    /* the second line blanked: two county words left, still a county's */
    char t[512];
    memcpy(t, s, len + 1);
    memset(t + line, ' ', line_end - line);
    const zb_region *r = zb_region_find(gz, t, len, NULL);
    CHECK(!r, "got %s", r ? r->code : "NULL");
    /* and with the third line's words gone too: the province's */
    memset(t + line_end + 1, ' ', len - line_end - 1);
    r = zb_region_find(gz, t, len, NULL);
    CHECK(r && !strcmp(r->code, "360000"), "got %s", r ? r->code : "NULL");
}

/* A postal address (地址:天津市和平区…) says where an office sits, not the
 * area a report is about. */
static void test_region_addresses(void) {
    expect_region("现将市人社局2021年法治政府建设情况报告予以公开。如有疑问,请与市人社局法规处联系"
                  "(地址:天津市和平区建设路18号;电话:022-12345678)。全市人社系统依法行政水平"
                  "持续提升。",
                  NULL);
    expect_region("2022年,静海区坚持依法行政,全区法治政府建设稳步推进。联系地址:天津市河西区"
                  "友谊路1号。",
                  "120118");
}

/* A county's short form with a level character is its name: an autonomous
 * county written short (屏边县, 石柱县委) or a county-level city since made
 * a district, under its former name (临安市). Bare short forms still count
 * only beside a full mention. */
static void test_region_short_with_level(void) {
    expect_region("2023年,屏边县坚持依法行政,全县法治政府建设取得新成效。", "532523");
    expect_region("2023年,在石柱县委、县政府的坚强领导下,县司法局扎实推进法治建设,全县依法行政水平"
                  "稳步提升。",
                  "500240");
    expect_region("2016年,临安市认真贯彻落实法治政府建设实施纲要,全市依法行政水平不断提高。",
                  "330112");
    expect_region("2023年,我县坚持依法行政,学习屏边经验,全县法治政府建设取得新成效。", NULL);
    /* 全州市县 is the whole prefecture's cities and counties, not 全州县 */
    expect_region("2023年,黔东南州推进依法行政,全州市县两级法治政府建设取得新成效,全州法治环境持续"
                  "优化。",
                  "522600");
}

/* A title taken from a page's metadata block loses its bullet and field
 * label (- 标 题:); a colon after a title word is part of the title. */
static void test_title_labels(void) {
    static const struct {
        const char *text, *title;
    } cases[] = {
        {"- 索 引 号:370402/2022-00029\n- 标 "
         "题:市中区人力资源和社会保障局2021年度法治政府建设情况报告\n"
         "2021年,区人社局坚持依法行政,全区人社领域法治建设取得新成效。",
         "市中区人力资源和社会保障局2021年度法治政府建设情况报告"},
        {"• 名称:某某县司法局2023年法治政府建设年度报告\n2023年,县司法局坚持依法行政,各项工作取得"
         "新成效。",
         "某某县司法局2023年法治政府建设年度报告"},
        {"某某县2023年法治政府建设年度报告\n2023年,我县坚持依法行政,各项工作取得新成效。",
         "某某县2023年法治政府建设年度报告"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        zb_report r;
        doc_of(cases[k].text, NULL, &r);
        CHECK(streq(r.title, cases[k].title), "case %zu: title %s", k, show(r.title));
        report_free(&r);
    }
}

static void test_issuer_subjects(void) {
    static const struct {
        const char *text, *issuer;
        zb_issuer_kind kind;
    } cases[] = {
        {"2023年,按照市委全面依法治市委员会的部署要求,我局扎实推进依法行政,各项工作取得新进展,"
         "全局干部法治意识明显增强。",
         NULL, ZB_ISSUER_DEPARTMENT},
        {"2022年,沙头角街道紧密围绕省委“十大工程”具体部署和市委工作要求,扎实推进法治建设,"
         "辖区法治环境持续优化。",
         NULL, ZB_ISSUER_GOVERNMENT},
        {"2021年,市政府部门及乡镇人民政府(街道办事处)向市司法局报送备案规范性文件40件,"
         "较上年有所增加。",
         "市司法局", ZB_ISSUER_DEPARTMENT},
        {"2023年,西津街道办事处深入学习贯彻习近平法治思想,全面落实法治政府建设各项任务,"
         "辖区法治环境持续优化。",
         "西津街道办事处", ZB_ISSUER_GOVERNMENT},
        {"七宝镇人民政府\n2023年法治政府建设情况\n2023年,全镇深入贯彻习近平法治思想,扎实推进"
         "依法行政,各项工作取得新成效。",
         "七宝镇人民政府", ZB_ISSUER_GOVERNMENT},
        /* a street's report: the district's committee named after the
         * tail of a superior clause is still a superior */
        {"2024年,西津街道紧扣市委工作要求及区委“三大行动”主线,扎实推进法治建设,辖区法治环境"
         "持续优化。",
         NULL, ZB_ISSUER_GOVERNMENT},
        /* a development zone's department */
        {"武清经开区统计局关于2024年度法治政府建设情况的报告\n今年以来,区统计局紧紧围绕全区中心"
         "工作,扎实推进统计法治建设,全年开展统计执法检查12次。",
         "武清经开区统计局", ZB_ISSUER_DEPARTMENT},
        /* after a long preamble, the body that reports follows 现将 */
        {"根据《中共中央国务院关于印发〈法治政府建设实施纲要(2021—2025年)〉的通知》(中发〔2021〕"
         "33号)、《中共中央办公厅国务院办公厅关于印发〈法治政府建设与责任落实督察工作规定〉的"
         "通知》(厅字〔2019〕28号)和《关于做好2025年度法治政府建设年度报告工作的通知》"
         "(某法办〔2025〕3号)的要求,对照《某省法治政府建设实施方案(2021—2025年)》的"
         "任务分工和年度工作要点逐项梳理总结。现将三口镇2025年法治政府建设情况报告如下:\n"
         "一、主要措施及成效",
         NULL, ZB_ISSUER_GOVERNMENT},
        /* a year run into the subject with no comma */
        {"2024年武清经济开发区在区委、区政府的正确领导下,坚持以习近平法治思想为指导,扎实推进"
         "法治政府建设各项工作。",
         NULL, ZB_ISSUER_GOVERNMENT},
        {"区人力社保局严格按照法治政府建设实施纲要要求,依法履行工作职责,不断提高法治水平。",
         "区人力社保局", ZB_ISSUER_DEPARTMENT},
        /* a legal aid centre, a justice system, a court: no government */
        {"2016年,渭南市法律援助中心超额完成全年办案任务,全年办理法律援助案件2400件。",
         "渭南市法律援助中心", ZB_ISSUER_DEPARTMENT},
        {"2023年,渭南市中级人民法院发布行政审判白皮书,全市法院共受理行政案件3000件。",
         "渭南市中级人民法院", ZB_ISSUER_DEPARTMENT},
        /* a national ministry names no region */
        {"2021年,司法部坚持以习近平法治思想为指导,扎实推进法治政府建设,全年审查规章草案20件。",
         "司法部", ZB_ISSUER_DEPARTMENT},
        {"2023年,国家市场监督管理总局深入推进依法行政,全年办理行政复议案件50件。",
         "国家市场监督管理总局", ZB_ISSUER_DEPARTMENT},
        /* a news item that names a ministry as its source, no subject */
        {"记者近日从自然资源部获悉,全国自然资源部门全年立案查处违法用地案件若干件,违法用地面积"
         "持续下降。",
         "自然资源部", ZB_ISSUER_DEPARTMENT},
        /* the departments of a trade are no ministry */
        {"2023年,司法部门深入推进公共法律服务体系建设,全年办理法律援助案件500件。", NULL,
         ZB_ISSUER_UNKNOWN},
        /* a province's department (…厅) */
        {"2023年,陕西省财政厅坚持依法理财,扎实推进财政法治建设,全年审查规范性文件8件。",
         "陕西省财政厅", ZB_ISSUER_DEPARTMENT},
        /* the agent of a passive honours the issuer; it is not the issuer */
        {"2024年,我局认真落实法治建设部署。2024年,分局被省自然资源厅评为法治建设先进单位,"
         "各项工作稳步推进。",
         NULL, ZB_ISSUER_DEPARTMENT},
        /* a yearbook entry's bracketed tag before the subject */
        {"【依法行政】2021年,长寿区认真执行行政应诉工作规则,规范行政应诉行为,自觉接受司法监督。",
         NULL, ZB_ISSUER_GOVERNMENT},
        /* the addressee line (区政府:) is not the issuer; the town is */
        {"区政府:\n根据区委、区政府的部署要求,千灯镇依法全面履行政府职能,扎实推进法治政府建设,"
         "现将有关情况报告如下。",
         NULL, ZB_ISSUER_GOVERNMENT},
        {"县人民政府:根据年度工作安排,县司法局认真履行职责,扎实推进法治政府建设各项工作,"
         "现将有关情况报告如下。",
         "县司法局", ZB_ISSUER_DEPARTMENT},
        /* a street's report (柯桥区 from its street): a bare 区委 is its superior */
        {"2024年,柯桥街道以区委“法治护航”行动为抓手,扎实推进法治建设,辖区法治环境持续优化。", NULL,
         ZB_ISSUER_GOVERNMENT},
        {"2023年,嘉定区法治政府建设工作取得显著成效,行政机关依法行政水平持续提高,人民群众"
         "获得感不断增强。",
         NULL, ZB_ISSUER_GOVERNMENT},
        /* department names of before the 2018 reorganisation, and variants */
        {"2017年,县环境保护局认真贯彻落实法治政府建设实施纲要,依法行政水平不断提高。",
         "县环境保护局", ZB_ISSUER_DEPARTMENT},
        {"2016年,市政府法制办公室坚持依法行政,扎实推进法治政府建设各项工作。", "市政府法制办公室",
         ZB_ISSUER_DEPARTMENT},
        /* a news headline above the text opening with a department named in
         * full: the department, not the 区政府 its opening names in passing */
        {"南岸区司法局三举措推进行政执法规范化\n日期:2024-12-31\n一是强化审核。完善审核制度(即区"
         "政府法律顾问、区司法局共同审核),列席区政府常务会议。二是突出重点,做好区政府规范性文件"
         "审查工作。",
         "南岸区司法局", ZB_ISSUER_DEPARTMENT},
        /* a site's banner naming a government is no headline of the item */
        {"南岸区人民政府门户网站首页\n2024年,我局认真落实法治政府建设部署,全年审查规范性文件8件。",
         NULL, ZB_ISSUER_DEPARTMENT},
        /* no subject at all (an excerpt starting mid-report) about what a
         * government reports on, said twice: a government's; once, unknown */
        {"一、工作开展情况\n(一)坚持党的领导。主要领导同志认真履行推进法治政府建设第一责任人职责,"
         "召开法治政府建设推进会议3次,研究部署相关工作。",
         NULL, ZB_ISSUER_GOVERNMENT},
        {"一、工作开展情况\n(一)坚持党的领导。主要领导同志认真履行推进法治政府建设第一责任人职责,"
         "召开推进会议3次,研究部署相关工作。",
         NULL, ZB_ISSUER_UNKNOWN},
        /* its short form is the office too, no 市政府 */
        {"2015年,市政府法制办开展行政执法证件清理工作,全年审查规范性文件12件。", "市政府法制办",
         ZB_ISSUER_DEPARTMENT},
        {"2025年,市人力资源社会保障局深入学习贯彻习近平法治思想,依法行政水平不断提高。",
         "市人力资源社会保障局", ZB_ISSUER_DEPARTMENT},
        /* Beijing's area offices are named like towns; 地区/园区/社区 are
         * words, not a bare 区 standing for the district */
        {"南磨房地区办事处2023年法治政府建设工作报告\n2023年,南磨房地区坚持依法行政,辖区法治环境"
         "持续优化。",
         "南磨房地区办事处", ZB_ISSUER_GOVERNMENT},
        {"2023年,北碚区某某园区管委会坚持依法行政,园区法治环境持续优化。", NULL,
         ZB_ISSUER_GOVERNMENT},
        /* the party committee's 中共 is not cut into the town's name */
        {"中共大马营镇委员会 大马营镇人民政府关于2025年法治政府建设情况的报告\n2025年,全镇深入推进"
         "依法行政,各项工作取得新成效。",
         "中共大马营镇委员会", ZB_ISSUER_GOVERNMENT},
        /* a salutation line of several bodies (市委、市政府:) addresses the
         * report to its superiors: not the issuer */
        {"市委、市政府:\n2025年,下蜀镇坚持以习近平法治思想为指导,扎实推进法治政府建设,"
         "现将本年度有关情况总结汇报如下:",
         NULL, ZB_ISSUER_GOVERNMENT},
        {"县委全面依法治县委员会:\n2023年,县司法局认真履行职责,扎实推进法治政府建设各项工作,"
         "现将有关情况报告如下。",
         "县司法局", ZB_ISSUER_DEPARTMENT},
        /* a circular's addressee line lists recipients (各…,县人民政府各部门:):
         * neither the issuer nor the opening; the department speaks after it */
        {"各乡镇人民政府、街道办事处,县人民政府各部门,各有关单位:\n2023年以来,县司法局围绕"
         "行政执法规范化开展专项检查,现将检查情况通报如下:",
         "县司法局", ZB_ISSUER_DEPARTMENT},
        /* no subject in the opening: a title starting with its town says a
         * government reports */
        {"横店镇2023年依法行政工作总结\n一年来,在上级的关心指导下,各项法治工作稳步推进,群众"
         "满意度持续提升。",
         NULL, ZB_ISSUER_GOVERNMENT},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        zb_report r;
        doc_of(cases[k].text, NULL, &r);
        CHECK(streq(r.issuer.name, cases[k].issuer) && r.issuer.kind == cases[k].kind,
              "case %zu: issuer %s kind %d, want %s %d", k, show(r.issuer.name), r.issuer.kind,
              show(cases[k].issuer), cases[k].kind);
        report_free(&r);
    }
}

/* A body inside 在…领导下 is not the issuer, one outside the clause is:
 * the clause's bounds (, ; : line end 。) are found at any distance and
 * alignment from the ending (the bounds are searched 16 bytes a step). */
static void test_issuer_clause_bounds(void) {
    static const char *const seps[] = {",", ";", ":", "。"};
    char pad[64], text[512];
    for (size_t k = 0; k < 40; k++) {
        memset(pad, 'x', k);
        pad[k] = '\0';
        zb_report r;
        /* the committee inside the clause, the issuer after it */
        snprintf(text, sizeof text, "2023年,在%s市委的领导下%s,区司法局推进依法行政,成效明显。",
                 pad, pad);
        doc_of(text, NULL, &r);
        CHECK(streq(r.issuer.name, "区司法局"), "pad %zu: issuer %s", k, show(r.issuer.name));
        report_free(&r);
        for (size_t j = 0; j < sizeof seps / sizeof *seps; j++) {
            /* 在 before the clause's start, or 领导下 after its end: the
             * committee is named on its own, the issuer */
            snprintf(text, sizeof text, "2023年,在上级部署%s%s市委领导下推进依法行政,成效明显。",
                     pad, seps[j]);
            doc_of(text, NULL, &r);
            CHECK(streq(r.issuer.name, "市委"), "pad %zu sep %s: issuer %s", k, seps[j],
                  show(r.issuer.name));
            report_free(&r);
            snprintf(text, sizeof text, "2023年,在市委推进%s%s领导下依法行政,成效明显。", pad,
                     seps[j]);
            doc_of(text, NULL, &r);
            CHECK(streq(r.issuer.name, "市委"), "pad %zu sep %s: issuer %s", k, seps[j],
                  show(r.issuer.name));
            report_free(&r);
        }
    }
}

static void test_classify(void) {
    static const struct {
        const char *title;
        zb_section_kind kind;
    } cases[] = {
        {"2023年度推进法治政府建设存在的不足", ZB_SEC_PROBLEMS},
        {"2024年度推进法治政府建设的主要安排", ZB_SEC_PLAN},
        {"2022年工作思路", ZB_SEC_PLAN},
        {"2023年工作重点", ZB_SEC_PLAN},
        {"聚焦工作重点,持续提升法治政府建设水平", ZB_SEC_OTHER}, /* 工作重点 only at the end */
        {"下一步计划", ZB_SEC_PLAN},
        {"党政主要负责人履行推进法治建设第一责任人职责情况", ZB_SEC_LEADERSHIP},
        {"推进法治政府建设的主要举措和成效", ZB_SEC_ACHIEVEMENTS},
        {"存在的主要问题", ZB_SEC_PROBLEMS},
        {"当前存在的困难", ZB_SEC_PROBLEMS},
        {"2022年重点工作", ZB_SEC_PLAN},
        {"今后工作打算", ZB_SEC_PLAN},
        /* cues after ASCII, 2- and 3-byte chars of other kinds, at every
         * alignment (the search steps over whole chars) */
        {"x存在的主要问题", ZB_SEC_PROBLEMS},
        {"xx存在的主要问题", ZB_SEC_PROBLEMS},
        {"é存在的主要问题", ZB_SEC_PROBLEMS},
        {"é—x下一步计划", ZB_SEC_PLAN},
        {"2024年 (二) 今后工作打算", ZB_SEC_PLAN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zb_section_kind k = zb_section_classify(scues, cases[i].title, strlen(cases[i].title));
        CHECK(k == cases[i].kind, "%s: got %d want %d", cases[i].title, k, cases[i].kind);
    }
}

static void test_gazetteer(void) {
    CHECK(zb_gazetteer_size(gz) > 3000, "only %zu divisions", zb_gazetteer_size(gz));
    const zb_region *r = zb_gazetteer_by_code(gz, "500109");
    CHECK(r && !strcmp(r->fullname, "重庆市北碚区") && r->level == ZB_LEVEL_COUNTY,
          "500109 is not 重庆市北碚区");
    const zb_region *p = zb_gazetteer_parent(gz, r);
    CHECK(p && !strcmp(p->code, "500000"), "北碚区's parent is not 重庆市");
    r = zb_gazetteer_by_code(gz, "450204");
    CHECK(r && !strcmp(r->fullname, "广西壮族自治区柳州市柳南区"), "450204");
    r = zb_gazetteer_by_code(gz, "440000");
    CHECK(r && r->level == ZB_LEVEL_PROVINCE && !zb_gazetteer_parent(gz, r), "440000");
    CHECK(zb_gazetteer_by_code(gz, "999999") == NULL, "unknown code found");
    /* every province, and cities with and without counties */
    CHECK(zb_gazetteer_by_code(gz, "650000") && zb_gazetteer_by_code(gz, "441900") &&
              zb_gazetteer_by_code(gz, "522600"),
          "新疆 / 东莞市 / 黔东南州 missing");
    const char *t = "黔东南州司法局";
    zb_region_mention m[4];
    size_t n = zb_region_mentions(gz, t, strlen(t), m, 4);
    CHECK(n == 1 && !strcmp(m[0].region->code, "522600") && m[0].alias && m[0].end == 12,
          "alias 黔东南州 not found");
}

/* The digit runs the region scan records are those of df_digits_find's pass
 * (docfields reads them instead of making that pass): runs at both ends,
 * after names and CJK chars, long ones, and more than the local array holds. */
static int same_digits(const char *s, size_t len) {
    zb_region_scan sc;
    df_digits d;
    zb_region_scan_init(&sc);
    int ok = !zb_region_scan_text(gz, s, len, &sc) && !df_digits_find(s, len, &d) && sc.exact &&
             sc.n_digit == d.n && !memcmp(sc.digit, d.v, d.n * sizeof *d.v);
    df_digits_free(&d);
    zb_region_scan_free(&sc);
    return ok;
}

static void test_scan_digits(void) {
    static const char *const texts[] = {"2023年北碚区受理12件,办结3456.7万元\n88",
                                        "7重庆市北碚区2024-03-15,第1/2页 12345678901 a9b0c 全区2件",
                                        "北碚区1",
                                        "1",
                                        "",
                                        "年12月3日:0\n\n00 0"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        CHECK(same_digits(texts[i], strlen(texts[i])), "digit runs differ: %s", texts[i]);
    char big[8192];
    size_t n = 0;
    for (int k = 0; n + 40 < sizeof big; k++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%s%d%s", k % 3 ? "件," : "北碚区", k * 7,
                              k % 5 ? "。" : "\n");
    CHECK(same_digits(big, n), "digit runs of a long text differ");
    /* a cut sequence: the scan is not exact, docfields makes its own pass */
    zb_region_scan sc;
    zb_region_scan_init(&sc);
    CHECK(!zb_region_scan_text(gz,
                               "\xe5\xb9"
                               "12\n2023",
                               8, &sc) &&
              !sc.exact,
          "a cut sequence passed for exact");
    zb_region_scan_free(&sc);
    char err[256];
    zb_report r = {0};
    const char *cut = "\xe5\xb9\n发布时间:2024-03-15\n北碚区2023年法治政府建设年度报告";
    CHECK_INT(zb_docfields_find(gz, dcues, cut, strlen(cut), NULL, NULL, &r, err, sizeof err), 0);
    CHECK_STR(r.published_date, "2024-03-15");
    CHECK_INT(r.report_year, 2023);
    report_free(&r);
}

/* A span's names and digit runs read off the page's scan
 * (zb_region_scan_sub, the title's when it is a line of the text) are those
 * a scan of the span alone finds, for every span between char starts of
 * these texts; where a name runs across an end it declines (and the span
 * is scanned). */
static void test_scan_sub(void) {
    static const char *const texts[] = {
        "北京市朝阳区2023年法治政府建设年度报告\n12北碚区司法局2024年3月5日",
        "全州县推进依法行政,我县12345件;北碚区、江北区 2022年 7", "x2023北京市朝阳区,43—é北碚区"};
    size_t spans = 0, taken = 0;
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        const char *s = texts[t];
        size_t len = strlen(s);
        zb_region_scan page, sub, alone;
        zb_region_scan_init(&page);
        zb_region_scan_init(&sub);
        zb_region_scan_init(&alone);
        CHECK_INT(zb_region_scan_text(gz, s, len, &page), 0);
        for (size_t a = 0; a <= len; a++)
            for (size_t b = a; b <= len; b++) {
                if ((a < len && ((unsigned char)s[a] & 0xC0) == 0x80) ||
                    (b < len && ((unsigned char)s[b] & 0xC0) == 0x80))
                    continue;
                spans++;
                if (zb_region_scan_sub(&page, s, a, b, &sub)) continue;
                taken++;
                CHECK_INT(zb_region_scan_text(gz, s + a, b - a, &alone), 0);
                int same =
                    sub.exact == alone.exact && sub.n == alone.n && sub.n_digit == alone.n_digit;
                for (size_t k = 0; same && k < sub.n; k++)
                    same = sub.v[k].start == alone.v[k].start && sub.v[k].end == alone.v[k].end &&
                           sub.v[k].lo == alone.v[k].lo && sub.v[k].hi == alone.v[k].hi;
                for (size_t k = 0; same && k < sub.n_digit; k++)
                    same = sub.digit[k] == alone.digit[k];
                CHECK(same, "text %zu [%zu, %zu): %zu names %zu runs, alone %zu %zu", t, a, b,
                      sub.n, sub.n_digit, alone.n, alone.n_digit);
            }
        zb_region_scan_free(&page);
        zb_region_scan_free(&sub);
        zb_region_scan_free(&alone);
    }
    CHECK(taken > spans / 2 && taken < spans, "%zu of %zu spans read off the scan", taken, spans);
}

static void test_bad_input(void) {
    char err[256];
    zb_report r = {0};
    CHECK_INT(zb_docfields_find(gz, dcues, "", 0, NULL, NULL, &r, err, sizeof err), 0);
    CHECK(!r.title && !r.region.code && r.report_year == 0, "fields from empty text");
    report_free(&r);
    /* binary-looking bytes and cut UTF-8 sequences: no crash, nothing found */
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(0x80 + (i * 37) % 0x7f);
    CHECK_INT(
        zb_docfields_find(gz, dcues, junk, sizeof junk, "\xe5\xb9", "20", &r, err, sizeof err), 0);
    report_free(&r);
    zb_section *v;
    size_t n;
    CHECK_INT(zb_sections_find(scues, junk, sizeof junk, &v, &n, err, sizeof err), 0);
    zb_sections_free(v, n);
    const char *cut = "一、\xe5";
    CHECK_INT(zb_sections_find(scues, cut, strlen(cut), &v, &n, err, sizeof err), 0);
    zb_sections_free(v, n);
    CHECK_INT(zb_section_at(NULL, 0, 5), ZB_SEC_OTHER);
}

static void test_loader_errors(const char *fixtures) {
    char err[256] = "", dir[1024];
    CHECK(zb_gazetteer_load("/nonexistent-dir", err, sizeof err) == NULL, "loaded nothing");
    CHECK(strstr(err, "regions") != NULL, "error does not name the file: %s", err);
    snprintf(dir, sizeof dir, "%s/badconfig", fixtures);
    err[0] = '\0';
    CHECK(zb_gazetteer_load(dir, err, sizeof err) == NULL, "bad regions.tsv accepted");
    CHECK(strstr(err, "regions.tsv:3") != NULL, "error does not give the line: %s", err);
    snprintf(dir, sizeof dir, "%s/badcontext", fixtures);
    err[0] = '\0';
    CHECK(zb_gazetteer_load(dir, err, sizeof err) == NULL, "bad regions.context.tsv accepted");
    CHECK(strstr(err, "regions.context.tsv:2") != NULL, "error does not give the line: %s", err);
    snprintf(dir, sizeof dir, "%s/badconfig", fixtures);
    err[0] = '\0';
    CHECK(zb_section_cues_load(dir, err, sizeof err) == NULL, "bad sections.tsv accepted");
    CHECK(strstr(err, "sections.tsv:2") != NULL, "error does not give the line: %s", err);
    err[0] = '\0';
    CHECK(zb_doc_cues_load(dir, err, sizeof err) == NULL, "bad chrome.tsv accepted");
    CHECK(strstr(err, "chrome.tsv:1") != NULL, "error does not give the line: %s", err);
}

/* No issuer and no subject anywhere: the kind comes from how the text
 * calls itself (我局, 本局: a department, wherever; 我县, 全县: a
 * government; 本市 is neither), in its first 2,400 bytes. The words are
 * found sixteen places a step: every alignment and the text's last bytes. */
static void test_issuer_selfref(void) {
    static const struct {
        const char *word;
        zb_issuer_kind kind;
    } words[] = {{"我局", ZB_ISSUER_DEPARTMENT}, {"本局", ZB_ISSUER_DEPARTMENT},
                 {"全县", ZB_ISSUER_GOVERNMENT}, {"我旗", ZB_ISSUER_GOVERNMENT},
                 {"本市", ZB_ISSUER_UNKNOWN},    {"我们", ZB_ISSUER_UNKNOWN}};
    static const char *const opening =
        "一年来,在上级的关心指导下,各项法治工作稳步推进,群众满意度持续提升。\n法治宣传";
    char text[4096];
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        for (size_t k = 0; k < 40; k++) {
            /* k bytes before the word (ASCII and CJK), then the end of the
             * text right after it or a little later */
            for (int tail = 0; tail < 2; tail++) {
                int n = snprintf(text, sizeof text, "%s", opening);
                for (size_t j = 0; j < k; j++)
                    n += snprintf(text + n, sizeof text - (size_t)n, "%s", j % 3 ? "x" : "事");
                snprintf(text + n, sizeof text - (size_t)n, "%s%s", words[w].word,
                         tail ? "的工作得到肯定。" : "");
                zb_report r;
                doc_of(text, NULL, &r);
                CHECK(!r.issuer.name && r.issuer.kind == words[w].kind,
                      "%s after %zu bytes (tail %d): issuer %s kind %d, want %d", words[w].word, k,
                      tail, show(r.issuer.name), r.issuer.kind, words[w].kind);
                report_free(&r);
            }
        }
    /* a department word after a government one wins; past 2,400 bytes
     * neither counts */
    zb_report r;
    snprintf(text, sizeof text, "%s全县工作中,我局的工作得到肯定。", opening);
    doc_of(text, NULL, &r);
    CHECK_INT(r.issuer.kind, ZB_ISSUER_DEPARTMENT);
    report_free(&r);
    int n = snprintf(text, sizeof text, "%s", opening);
    while (n < 2400)
        n += snprintf(text + n, sizeof text - (size_t)n, "xxxxxxxxxx");
    snprintf(text + n, sizeof text - (size_t)n, "我局的工作得到肯定。");
    doc_of(text, NULL, &r);
    CHECK_INT(r.issuer.kind, ZB_ISSUER_UNKNOWN);
    report_free(&r);
}

/* The issuer search answers once per distinct text: a last line with the
 * title's length but other bytes is searched on its own (北碚区司法局
 * signs a page whose title names no issuer), and the title repeated as
 * the last line gives the title's answer. */
static void test_issuer_searched_once(void) {
    static const char *const title = "2023年法治政府建设工作报告";
    static const char *const body = "2023年,全区坚持以习近平法治思想为指导,扎实推进法治政府建设,"
                                    "各项工作取得新成效。";
    char sig[128], text[1024];
    size_t n = strlen(title);
    snprintf(sig, sizeof sig, "北碚区司法局");
    while (strlen(sig) < n)
        strcat(sig, " ");
    CHECK_INT((int)strlen(sig), (int)n);
    snprintf(text, sizeof text, "%s\n%s\n%s", title, body, sig);
    zb_report r;
    doc_of(text, NULL, &r);
    CHECK_STR(r.issuer.name, "北碚区司法局");
    CHECK_INT(r.issuer.kind, ZB_ISSUER_DEPARTMENT);
    report_free(&r);
    /* the same lines with the signature's place taken by the title */
    snprintf(text, sizeof text, "%s\n%s\n%s", title, body, title);
    doc_of(text, NULL, &r);
    CHECK(!r.issuer.name, "issuer %s", show(r.issuer.name));
    CHECK_INT(r.issuer.kind, ZB_ISSUER_GOVERNMENT);
    report_free(&r);
}

/* A town in the page's header lines after ASCII, CJK and other multi-byte
 * chars, at every alignment, is found (the town filter steps over whole
 * chars): 千灯镇 places the report in its county. */
static void test_town_alignment(void) {
    static const char *const pads[] = {"x", "事", "—", "é", "2"};
    char text[512];
    for (size_t p = 0; p < sizeof pads / sizeof *pads; p++)
        for (size_t k = 0; k < 10; k++) {
            int n = snprintf(text, sizeof text, "责任单位 ");
            for (size_t j = 0; j < k; j++)
                n += snprintf(text + n, sizeof text - (size_t)n, "%s", pads[p]);
            snprintf(text + n, sizeof text - (size_t)n,
                     "千灯镇\n公开方式 主动公开\n\n2022年,我镇坚持依法行政,持续推进法治政府建设,"
                     "全镇干部法治意识明显增强,各项工作取得新进展。");
            zb_report r;
            doc_of(text, NULL, &r);
            CHECK(streq(r.region.code, "320583"), "pad %s x%zu: region %s", pads[p], k,
                  show(r.region.code));
            report_free(&r);
        }
}

/* Chrome lines found through the scan's marks and the cursors over the
 * page's ASCII cue bytes (>, ICP备) are those a search of each line finds:
 * several per line, none, cue bytes in plain text (3>2), a long line
 * (never chrome), in every order. */
static void test_chrome_ascii_lines(void) {
    static const char *const lines[] = {"首页 > 政务公开 > 法治政府建设",
                                        "3>2 的情况说明",
                                        "京ICP备05012345号",
                                        "ICP",
                                        "Internet Information",
                                        ">>更多",
                                        "全年各项工作取得新成效。",
                                        "",
                                        ">",
                                        "I>I>"};
    enum { N = sizeof lines / sizeof *lines };
    char text[2048], longl[300];
    memset(longl, 'x', 250);
    memcpy(longl + 100, ">>", 2);
    longl[250] = '\0';
    for (size_t r = 0; r < N + 1; r++) {
        size_t n = 0, at[N + 1], ln[N + 1];
        for (size_t j = 0; j <= N; j++) { /* the lines rotated by r, the long one among them */
            size_t x = (j + r) % (N + 1);
            const char *l = x == N ? longl : lines[x];
            at[j] = n, ln[j] = strlen(l);
            n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", l);
        }
        zb_region_scan sc;
        zb_region_scan_init(&sc);
        CHECK_INT(zb_region_scan_text(gz, text, n, &sc), 0);
        char *t = df_strip_chrome(gz, dcues, text, n, &sc);
        for (size_t j = 0; t && j <= N; j++) {
            int want =
                ln[j] < CHROME_LINE_MAX && df_has_cue(dcues, CUE_CHROME, text + at[j], ln[j]);
            int blank = ln[j] > 0;
            for (size_t b = 0; b < ln[j]; b++)
                blank &= t[at[j] + b] == ' ';
            CHECK(blank == want, "rotation %zu line %zu (%.20s): blanked %d, want %d", r, j,
                  text + at[j], blank, want);
        }
        free(t);
        zb_region_scan_free(&sc);
    }
}

/* The longest issuer ending at a place (government first, a department's
 * only when longer), by a walk over every ending: each configured ending
 * alone at the end of a text (fewer than eight bytes left, or more), and
 * followed by more text (法治政府建设: 政府 and not 政府办公室). */
static const doc_cue *ending_reference(const char *s, size_t len, size_t i) {
    const doc_cue *best[2] = {NULL, NULL};
    for (int k = CUE_GOV; k <= CUE_DEPT; k++)
        for (size_t j = dcues->lo[k]; j < dcues->hi[k]; j++) {
            const doc_cue *q = &dcues->cues[j];
            if (q->len <= len - i && !memcmp(s + i, q->s, q->len) &&
                (!best[k - CUE_GOV] || q->len > best[k - CUE_GOV]->len))
                best[k - CUE_GOV] = q;
        }
    return best[1] && (!best[0] || best[1]->len > best[0]->len) ? best[1] : best[0];
}

static void test_issuer_endings(void) {
    static const char *const after[] = {"", "建设工作", "办", "办公", "x", "公室"};
    char text[256];
    size_t tried = 0;
    for (int k = CUE_GOV; k <= CUE_DEPT; k++)
        for (size_t j = dcues->lo[k]; j < dcues->hi[k]; j++)
            for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
                snprintf(text, sizeof text, "县%s%s", dcues->cues[j].s, after[a]);
                size_t len = strlen(text);
                const doc_cue *got = df_issuer_ending(dcues, text, len, 3),
                              *want = ending_reference(text, len, 3);
                CHECK(got == want, "%s: %s, want %s", text, got ? got->s : "NULL",
                      want ? want->s : "NULL");
                tried++;
            }
    CHECK(tried >= 100, "only %zu endings tried", tried);
}

int main(int argc, char **argv) {
    if (argc != 3) return fprintf(stderr, "usage: test_docfields CONFIG_DIR FIXTURE_DIR\n"), 2;
    char err[256];
    fixdir = argv[2];
    gz = zb_gazetteer_load(argv[1], err, sizeof err);
    dcues = gz ? zb_doc_cues_load(argv[1], err, sizeof err) : NULL;
    scues = dcues ? zb_section_cues_load(argv[1], err, sizeof err) : NULL;
    if (!scues) return fprintf(stderr, "config: %s\n", err), 1;
    test_gazetteer();
    test_documents();
    test_year_rules();
    test_year_start_points();
    test_year_cues_from_data(argv[1]);
    test_issuer_cues_from_data(argv[1]);
    test_clock_cues_from_data(argv[1]);
    test_self_cues_from_data(argv[1]);
    test_bureau_words_from_data(argv[1]);
    test_town_end_from_data(argv[1]);
    test_short_form_words_from_data(argv[1]);
    test_title_seps_from_data(argv[1]);
    test_published();
    test_classify();
    test_sections_lines();
    test_sections_inline();
    test_sections_nested();
    test_sections_odd();
    test_sections_runon();
    test_sections_alignment();
    test_sections_misnumbered();
    test_sections_closing();
    test_issuer_town_names();
    test_region_short_stems();
    test_region_third_parties();
    test_region_province_self();
    test_region_issuer_county();
    test_region_docno();
    test_region_city_self();
    test_region_branches();
    test_region_press();
    test_region_listed_counties();
    test_region_town_levels();
    test_title_summaries();
    test_region_bureaus();
    test_region_towns();
    test_region_index_codes();
    test_region_index_places();
    test_region_context_words();
    test_region_addresses();
    test_region_short_with_level();
    test_title_labels();
    test_issuer_subjects();
    test_scan_digits();
    test_scan_sub();
    test_issuer_clause_bounds();
    test_issuer_selfref();
    test_issuer_endings();
    test_issuer_searched_once();
    test_town_alignment();
    test_bad_input();
    test_loader_errors(argv[2]);
    /* the same documents again with the chrome lines told from the region
     * scan's marks, as the engine links them (zb_rules_load): the same
     * fields either way */
    zb_gazetteer *g1 = gz;
    zb_doc_cues *d1 = dcues;
    gz = zb_gazetteer_load(argv[1], err, sizeof err);
    dcues = gz ? zb_doc_cues_load(argv[1], err, sizeof err) : NULL;
    CHECK(dcues && !zb_doc_cues_link(dcues, gz, err, sizeof err), "link: %s", err);
    CHECK(dcues && zb_gazetteer_marks_owner(gz) == dcues, "chrome cues not marked");
    if (dcues) {
        test_chrome_ascii_lines();
        test_documents();
        test_issuer_town_names();
        test_region_short_stems();
        test_region_third_parties();
        test_region_province_self();
        test_region_issuer_county();
        test_region_docno();
        test_region_zones();
        test_region_towns();
        test_region_addresses();
        test_title_labels();
        test_issuer_subjects();
    }
    zb_doc_cues_free(dcues);
    zb_gazetteer_free(gz);
    gz = g1;
    dcues = d1;
    zb_section_cues_free(scues);
    zb_doc_cues_free(dcues);
    zb_gazetteer_free(gz);
    return check_report("test_docfields");
}
