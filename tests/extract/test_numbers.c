/* test_numbers.c - the quantity scanner (worker/extract/numbers.c): numerals,
 * multipliers, approximations, units, and every shape that is not a level. */
#include <math.h>
#include <string.h>

#include "../check.h"
#include "numbers.h"

/* The scanner's words, this test's own (the engine loads them from
 * config/indicators.tsv: @unit, @change-word, @change-glue, @approx-*; test_indicators
 * and test_extract run the shipped ones). */
static const char *const UNITS[] = {
    "个百分点", "个工作日", "个月", "个小时", "个季度", "个年度", "百分点", "人次", "件次",
    "场次",     "户次",     "家次", "批次",   "课时",   "平方米", "公里",   "小时", "件",
    "名",       "人",       "项",   "次",     "场",     "份",     "卷",     "宗",   "本",
    "个",       "户",       "家",   "条",     "期",     "所",     "篇",     "起",   "位",
    "支",       "批",       "类",   "套",     "台",     "处",     "座",     "天",   "轮",
    "张",       "册",       "部",   "间",     "辆",     "吨",     "亩",     "例",   "笔",
    "单",       "封",       "堂",   "节",     "门",     "组",     "队"};
static const char *const CHANGE[] = {"增长", "下降", "提高", "提升", "增加", "减少", "降低", "上升",
                                     "压减", "精简", "压缩", "缩短", "缩减", "减",   "降",   "增",
                                     "增幅", "降幅", "增速", "同比", "环比", "回落", "攀升", "翻"};
static const char *const GLUE[] = {"了", "达", "约"};
static const char *const AT_LEAST[] = {"不少于", "不低于", "超过", "不下",
                                       "不止",   "超",     "至少", "逾"};
static const char *const ABOUT[] = {"大约为", "约为", "约有", "约计", "约达",
                                    "大约",   "将近", "约",   "近"};
static const char *const AT_MOST[] = {"不超过", "不高于", "不到", "不足", "最多"};
static const char *const AFTER_LEAST[] = {"以上", "之多"}, *const AFTER_ABOUT[] = {"左右"},
                         *const AFTER_MOST[] = {"以内", "以下"};
static const zb_number_words WORDS = {UNITS,
                                      sizeof UNITS / sizeof *UNITS,
                                      CHANGE,
                                      sizeof CHANGE / sizeof *CHANGE,
                                      GLUE,
                                      sizeof GLUE / sizeof *GLUE,
                                      {AT_LEAST, ABOUT, AT_MOST},
                                      {sizeof AT_LEAST / sizeof *AT_LEAST,
                                       sizeof ABOUT / sizeof *ABOUT,
                                       sizeof AT_MOST / sizeof *AT_MOST},
                                      {AFTER_LEAST, AFTER_ABOUT, AFTER_MOST},
                                      {2, 1, 2}};

static zb_units *U; /* WORDS' table, built in main */

static zb_units *units_with(const char *const *extra, size_t n) {
    char err[200];
    zb_units *u = zb_units_new(&WORDS, extra, n, err, sizeof err);
    CHECK(u != NULL, "units: %s", err);
    return u;
}

static int scan_next(const char *s, size_t len, size_t *pos, zb_quantity *q) {
    return zb_number_next_in(s, len, pos, q, U);
}

/* The first quantity (not rejected) in s; returns 0 when there is none. */
static int first_q(const char *s, zb_quantity *out) {
    size_t pos = 0, len = strlen(s);
    zb_quantity q;
    while (scan_next(s, len, &pos, &q)) {
        if (!q.reject) {
            *out = q;
            return 1;
        }
    }
    return 0;
}

/* Number of quantities (not rejected) in s. */
static int count_q(const char *s) {
    size_t pos = 0, len = strlen(s);
    zb_quantity q;
    int n = 0;
    while (scan_next(s, len, &pos, &q))
        n += q.reject == NULL;
    return n;
}

/* Reason the first numeral of s is rejected ("" when it is a quantity). */
static const char *first_reason(const char *s) {
    size_t pos = 0;
    zb_quantity q;
    if (!scan_next(s, strlen(s), &pos, &q)) return "none";
    return q.reject ? q.reject : "";
}

static void expect(const char *s, double v, const char *unit, zb_approx a, zb_qkind k) {
    zb_quantity q;
    int ok = first_q(s, &q);
    CHECK(ok, "no quantity in %s", s);
    if (!ok) return;
    CHECK(fabs(q.value - v) < 1e-9 * (fabs(v) + 1), "%s: value %.15g, want %.15g", s, q.value, v);
    CHECK(!strcmp(q.unit, unit), "%s: unit '%s', want '%s'", s, q.unit, unit);
    CHECK(q.approx == a, "%s: approx %d, want %d", s, q.approx, a);
    CHECK(q.kind == k, "%s: kind %d, want %d", s, q.kind, k);
}

static void expect_reject(const char *s, const char *reason) {
    const char *r = first_reason(s);
    CHECK(!strcmp(r, reason), "%s: reason '%s', want '%s'", s, r, reason);
}

static void arabic(void) {
    expect("审核文件10件", 10, "件", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("共计1,234件", 1234, "件", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("涉及12,345,678元", 12345678, "元", ZB_APPROX_EXACT, ZB_QK_MONEY);
    expect("持证率达90.11%", 90.11, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    expect("解答咨询 5643人次", 5643, "人次", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("提供意见3990件(次)", 3990, "件次", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("评查案卷12卷(宗)", 12, "卷", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("场次合计45场次", 45, "场次", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("为期3个月", 3, "个月", ZB_APPROX_EXACT, ZB_QK_COUNT); /* a duration, not 3个 */
    expect("压缩至5个工作日", 5, "个工作日", ZB_APPROX_EXACT, ZB_QK_COUNT);
}

static void multipliers(void) {
    expect("办件2.6万件", 26000, "件", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("市场主体18.5万户", 185000, "户", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("挽回80.95万元", 809500, "元", ZB_APPROX_EXACT, ZB_QK_MONEY);
    expect("罚没1.2亿元", 120000000, "元", ZB_APPROX_EXACT, ZB_QK_MONEY);
    expect("发放资料80万余份", 800000, "份", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("服务3千余人", 3000, "人", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("罚款三十五万元", 350000, "元", ZB_APPROX_EXACT, ZB_QK_MONEY);
    zb_quantity q;
    CHECK(first_q("挽回80.95万元", &q) && q.value == 809500.0, "exact 809500: %.17g", q.value);
    CHECK(first_q("罚没4.35亿元", &q) && q.value == 435000000.0, "exact: %.17g", q.value);
    CHECK(first_q("罚款0.07万元", &q) && q.value == 700.0, "exact 700: %.17g", q.value);
}

static void chinese(void) {
    expect("审核文件二十三件", 23, "件", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("培训两千三百人次", 2300, "人次", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("受理一百零五件", 105, "件", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("学法十余次", 10, "次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("聘请十二名顾问", 12, "名", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("聘请两名调解员", 2, "名", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("达到百分之九十", 90, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    expect("达到百分之98.5", 98.5, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    /* 超/不下/不止 before the number: at least */
    expect("发放宣传资料超10万份", 100000, "份", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("审查合同不下300份", 300, "份", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("受益群众不止5000人次", 5000, "人次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    /* 百分之百 is 100%; 点 writes the decimals of a Chinese numeral */
    expect("出庭应诉率达到百分之百", 100, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    expect("纠错率为百分之十二点五", 12.5, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    expect("持证率为百分之九十七点零五", 97.05, "%", ZB_APPROX_EXACT, ZB_QK_RATE);
    expect("开展三百余场", 300, "场", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("开展活动百余场", 100, "场", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("培训千余人次", 1000, "人次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("发放资料万余份", 10000, "份", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    CHECK(count_q("千家万户、百官街道") == 0, "bare 千/万/百 are words");
    /* a bare 百/千/万 after 近, 逾, 上 is a round number */
    expect("取消证明事项近百项", 100, "项", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect("开展活动近万场次", 10000, "场次", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect("逾千名干部参加", 1000, "名", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("受众上万人次", 10000, "人次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("惠及近千万人", 1e7, "人", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    CHECK(count_q("附近万达广场，最近百日") == 0, "附近/最近 are no approximation");
    double v;
    int cn;
    CHECK(zb_numeral_parse("一千零二十", strlen("一千零二十"), 0, &v, &cn) && v == 1020 && cn,
          "一千零二十 -> %g", v);
    CHECK(zb_numeral_parse("十", 3, 0, &v, &cn) == 3 && v == 10, "十 -> %g", v);
    CHECK(zb_numeral_parse("百官", 6, 0, &v, &cn) == 0, "百官 is not a number");
}

static void approximations(void) {
    expect("清理600余件", 600, "件", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("培训300多人次", 300, "人次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("受理100件以上", 100, "件", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("超过50场", 50, "场", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
    expect("接待约400人次", 400, "人次", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect("累计近2000份", 2000, "份", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect("共30件左右", 30, "件", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect("不到5件", 5, "件", ZB_APPROX_AT_MOST, ZB_QK_COUNT);
    expect("不足10%", 10, "%", ZB_APPROX_AT_MOST, ZB_QK_RATE);
    expect("控制在3件以内", 3, "件", ZB_APPROX_AT_MOST, ZB_QK_COUNT);
    expect("不超过8件", 8, "件", ZB_APPROX_AT_MOST, ZB_QK_COUNT);
    expect("不少于3000人次", 3000, "人次", ZB_APPROX_AT_LEAST, ZB_QK_COUNT);
}

static void not_levels(void) {
    expect_reject("2021年法治政府建设", "year");
    expect_reject("2021 年度", "year");
    expect_reject("3月29日召开", "date");
    expect_reject("2021-03-29 15:41", "date");
    expect_reject("全市排名第一", "ordinal");
    expect_reject("第一批示范区", "ordinal");
    expect_reject("第12次会议", "ordinal");
    expect_reject("十二届六次全会", "no_unit");
    expect_reject("六次全会", ""); /* without 届 it is a count */
    CHECK(count_q("十二届六次全会") == 0, "十二届六次全会 has no quantity");
    CHECK(count_q("“八五”普法规划") == 0, "八五 in quotes");
    expect_reject("八五普法", "malformed");
    expect_reject("十四五规划", "malformed");
    CHECK(count_q("“1310”具体部署") == 0, "1310 quoted");
    expect_reject("6+X服务模式", "plan_name");
    expect_reject("1+1+1机制", "plan_name");
    CHECK(count_q("建立“1+6+N”体系和3+2模式") == 0, "plans with +");
    expect_reject("12345热线", "no_unit");
    CHECK(count_q("分派12345政府热线案件35件") == 1, "only 35件 is a quantity");
    CHECK(count_q("渝府发〔2019〕28号") == 0, "document number");
    CHECK(count_q("《关于印发2021年3项重点工作的通知》") == 0, "title in 《》");
    CHECK(count_q("推行“三项制度”") == 0, "quoted name with a Chinese numeral");
    expect_reject("高效办成一件事", "one");
    expect_reject("同比增长17.1%", "change");
    expect_reject("下降7.01个百分点", "change");
    expect_reject("时限压减62.5%", "change");
    expect_reject("跑腿次数减少50.1%", "change");
    expect_reject("效率提高了30%", "change");
    expect_reject("较上年增加5件", "change");
    expect_reject("下降45.2%", "change");
    expect("办结率提高到98%", 98, "%", ZB_APPROX_EXACT, ZB_QK_RATE); /* a level */
    /* the end point of a change is a level, the amount of it is not */
    expect("审批环节精简为4个", 4, "个", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect("办理时限压缩为3个工作日", 3, "个工作日", ZB_APPROX_EXACT, ZB_QK_COUNT);
    expect_reject("案件量下降了12件", "change");
    expect("纠错率约为24%", 24, "%", ZB_APPROX_ABOUT, ZB_QK_RATE);
    expect("约有600人参加", 600, "人", ZB_APPROX_ABOUT, ZB_QK_COUNT);
    expect_reject("一是加强领导", "enumeration");
    expect_reject("G20峰会", "code");
}

static void shares(void) {
    zb_quantity q;
    CHECK(first_q("占2024年败诉案件数的65.2%", &q) && (q.flags & ZB_QF_SHARE), "share flagged");
    CHECK(first_q("占比为35%", &q) && (q.flags & ZB_QF_SHARE), "占比 flagged");
    CHECK(first_q("败诉率为8.1%", &q) && !(q.flags & ZB_QF_SHARE), "a named rate is no share");
}

static void spans(void) {
    const char *s = "共受理约400人次以上";
    zb_quantity q;
    CHECK(first_q(s, &q), "quantity");
    CHECK(q.start == strlen("共受理"), "start at the approximation word: %zu", q.start);
    CHECK(q.num_start == strlen("共受理约"), "num_start %zu", q.num_start);
    CHECK(q.end == strlen(s), "end after 以上: %zu", q.end);
    /* never reads past len */
    char buf[8] = {'1', '2', (char)0xE4, (char)0xBB, 0, 0, 0, 0};
    size_t pos = 0;
    CHECK(scan_next(buf, 3, &pos, &q) && q.reject, "truncated unit");
}

/* A unit is NUL-padded to the end of its array (numbers.h): the indicator
 * layer compares two units as arrays. Also where a second unit in brackets
 * folds into the first (件(次) -> 件次) and for a rate or money. */
static void padded_units(void) {
    static const char *const texts[] = {"受理120件(次)", "办理300件", "出庭率达100%",
                                        "罚没款25万元", "培训1.5万人次"};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        zb_quantity q;
        memset(&q, 0x5A, sizeof q); /* anything the scanner leaves is seen */
        size_t pos = 0, len = strlen(texts[k]);
        CHECK(scan_next(texts[k], len, &pos, &q) && !q.reject, "%s: a quantity", texts[k]);
        size_t n = strlen(q.unit), bad = 0;
        for (size_t i = n; i < sizeof q.unit; i++)
            bad += q.unit[i] != 0;
        CHECK(n > 0 && !bad, "%s: unit '%s' padded (%zu bytes not NUL)", texts[k], q.unit, bad);
    }
    zb_quantity q;
    CHECK(first_q("受理120件(次)", &q) && !strcmp(q.unit, "件次"), "件(次): %s", q.unit);
}

/* The quantities of s through zb_number_next_stops (the stops listed here
 * as the indicator layer lists them) are those zb_number_next_in finds, less
 * the rejected ones: "value unit [start,end);" each. */
static void through_stops(const char *s, const zb_units *u, char *out, size_t cap) {
    size_t len = strlen(s), stops[256], n = 0, pos = 0, k = 0, o = 0;
    for (size_t i = 0; i < len && n < 256;) {
        unsigned char c = (unsigned char)s[i];
        size_t cl = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = c;
        if (cl == 3)
            cp = (c & 0x0Fu) << 12 | ((unsigned char)s[i + 1] & 0x3Fu) << 6 |
                 ((unsigned char)s[i + 2] & 0x3Fu);
        if (zb_number_stop(cp)) stops[n++] = i;
        i += cl;
    }
    zb_quantity q;
    out[0] = '\0';
    while (zb_number_next_stops(s, len, &pos, &q, u, stops, n, &k)) {
        CHECK(!q.reject, "%s: a rejected numeral returned (%s)", s, q.reject);
        o += (size_t)snprintf(out + o, cap - o, "%g %s [%zu,%zu) a%d k%d f%u;", q.value, q.unit,
                              q.start, q.end, (int)q.approx, (int)q.kind, (unsigned)q.flags);
    }
}

static void through_next(const char *s, const zb_units *u, char *out, size_t cap) {
    size_t len = strlen(s), pos = 0, o = 0;
    zb_quantity q;
    out[0] = '\0';
    while (zb_number_next_in(s, len, &pos, &q, u))
        if (!q.reject)
            o += (size_t)snprintf(out + o, cap - o, "%g %s [%zu,%zu) a%d k%d f%u;", q.value, q.unit,
                                  q.start, q.end, (int)q.approx, (int)q.kind, (unsigned)q.flags);
}

/* Years and dates are stepped over by zb_number_next_stops without being
 * described; where they end must not change what comes after them, also
 * when a unit opens with 年 (a rule's own unit). */
static void years_and_dates(void) {
    static const char *const texts[] = {"2023年受理案件120件,2023年12月31日前办结98件。",
                                        "2023 年共5件,12 月 3 日2件",
                                        "3千年以前有2件",
                                        "第3号文件1份,2022年度4项",
                                        "12345678901234567年5件",
                                        "123456789012345年5件",
                                        "1234567890123456年5件",
                                        "共5年二十件。",
                                        "1,200年3件,2.5年4件",
                                        "20年20件"};
    static const char *const extra[] = {"年二"};
    zb_units *plain = units_with(NULL, 0), *more = units_with(extra, 1);
    CHECK(plain && more, "units");
    for (size_t t = 0; t < sizeof texts / sizeof *texts && plain && more; t++) {
        char a[1024], b[1024];
        through_stops(texts[t], plain, a, sizeof a);
        through_next(texts[t], plain, b, sizeof b);
        CHECK(!strcmp(a, b), "%s\n   stops: %s\n   next:  %s", texts[t], a, b);
        through_stops(texts[t], more, a, sizeof a);
        through_next(texts[t], more, b, sizeof b);
        CHECK(!strcmp(a, b), "%s (unit 年二)\n   stops: %s\n   next:  %s", texts[t], a, b);
    }
    char a[256];
    if (more) through_stops("共5年二十件。", more, a, sizeof a);
    CHECK(more && !strncmp(a, "10 件 [10,16) ", strlen("10 件 [10,16) ")),
          "5年二 is a year with its unit: %s", a);
    zb_units_free(plain);
    zb_units_free(more);
}

/* The stops scan reads a numeral's tail (unit, 余, 左右) before the words in
 * front of it, and stops there when no unit follows: the quantities it
 * returns are still those zb_number_next_in describes, with the same
 * approximation when both sides name one (近600余件: the tail's), and the
 * numerals with no unit (一是, 进一步, 第三) are passed as before. */
static void tail_first(void) {
    static const char *const texts[] = {
        "近600余件,约120件左右,共计2万余件,达到100%以上",
        "一是审核文件十二件,二是进一步清理三十余份,上万人次参加",
        "百分之九十的案件,百分之十二点五,百分之百办结,提高3个百分点",
        "办理一件事,一次办好,第三批5项,不少于20场次,30个以上",
        "累计受理1,200件(次),超过五千元,罚款3.5万元,2亿元",
        "三是约 15 件 左右;四是50多人,12.5%,近九成"};
    zb_units *u = units_with(NULL, 0);
    CHECK(u != NULL, "units");
    for (size_t t = 0; u && t < sizeof texts / sizeof *texts; t++) {
        char a[2048], b[2048];
        through_stops(texts[t], u, a, sizeof a);
        through_next(texts[t], u, b, sizeof b);
        CHECK(!strcmp(a, b), "%s\n   stops: %s\n   next:  %s", texts[t], a, b);
    }
    char a[512];
    if (u) through_stops("近600余件,约120件", u, a, sizeof a);
    CHECK(u && strstr(a, "600 件 [0,12) a1 ") && strstr(a, "120 件 [13,22) a2 "),
          "近600余件 at least (the tail's), 约120件 about: %s", a);
    zb_units_free(u);
}

/* The words are data: a change word or a glue word added takes effect, and
 * lists the table cannot hold are refused with a reason (a bit per change
 * word: at most ZB_CHANGE_WORDS_MAX; a word must fit a unit). */
static void words_from_data(void) {
    static const char *const change[] = {"缩小"}, *const glue[] = {"为"}, *const unit[] = {"株"};
    static const char *const about[] = {"差不多"};
    static const char *const after[] = {"开外"};
    zb_number_words w = {
        unit,     1, change, 1, glue, 1, {NULL, about, NULL}, {0, 1, 0}, {after, NULL, NULL},
        {1, 0, 0}};
    char err[200];
    zb_units *u = zb_units_new(&w, NULL, 0, err, sizeof err);
    CHECK(u != NULL, "small lists: %s", err);
    /* first_reason with WORDS and the rules' unit 株, then with w alone */
    static const char *const zhu[] = {"株"};
    zb_units *plain = units_with(zhu, 1);
    static const struct {
        const char *text, *before, *after;
    } cases[] = {{"差距缩小12株", "", "change"},
                 {"差距缩小为12株", "", "change"},
                 {"同比增长12件", "change", "no_unit"},
                 {"同比增长为12株", "", ""}};
    zb_units *keep = U;
    for (size_t k = 0; u && plain && k < sizeof cases / sizeof *cases; k++) {
        U = plain;
        const char *before = first_reason(cases[k].text);
        U = u;
        const char *after = first_reason(cases[k].text);
        CHECK(!strcmp(before, cases[k].before), "%s: %s", cases[k].text, before);
        CHECK(!strcmp(after, cases[k].after), "%s with the small lists: %s", cases[k].text, after);
    }
    /* 差不多15株: about once 差不多 is an @approx-about word; 约 no longer */
    zb_quantity q;
    U = plain;
    CHECK(first_q("差不多15株", &q) && q.approx == ZB_APPROX_EXACT, "exact with WORDS");
    CHECK(first_q("约15株", &q) && q.approx == ZB_APPROX_ABOUT, "约 about with WORDS");
    U = u;
    CHECK(first_q("差不多15株", &q) && q.approx == ZB_APPROX_ABOUT, "差不多 about");
    CHECK(first_q("约15株", &q) && q.approx == ZB_APPROX_EXACT, "约 no word of w");
    /* 15株开外: at least once 开外 is an @approx-after-at-least word */
    CHECK(first_q("15株开外", &q) && q.approx == ZB_APPROX_AT_LEAST, "开外 at least");
    CHECK(first_q("15株以上", &q) && q.approx == ZB_APPROX_EXACT, "以上 no word of w");
    U = keep;
    zb_units_free(plain);
    zb_units_free(u);
    const char *many[ZB_CHANGE_WORDS_MAX + 1];
    for (size_t k = 0; k <= ZB_CHANGE_WORDS_MAX; k++)
        many[k] = CHANGE[k % (sizeof CHANGE / sizeof *CHANGE)];
    static const char *const long_unit[] = {"一二三四五六七八"}, *const empty[] = {""};
    /* each case is the good lists with one of them broken */
    zb_number_words bad[6];
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        bad[k] = (zb_number_words){.units = UNITS,
                                   .n_units = 1,
                                   .change = CHANGE,
                                   .n_change = 1,
                                   .glue = GLUE,
                                   .n_glue = 1};
    bad[0].change = many, bad[0].n_change = ZB_CHANGE_WORDS_MAX + 1;
    bad[1].glue = many, bad[1].n_glue = ZB_CHANGE_GLUE_MAX + 1;
    bad[2].units = long_unit;
    bad[3].change = empty;
    bad[4].approx[0] = many, bad[4].n_approx[0] = ZB_APPROX_WORDS_MAX + 1;
    bad[5].approx_after[0] = many, bad[5].n_approx_after[0] = 9;
    const char *why[] = {
        "change words: 33, at most 32",          "change glue words: 9, at most 8",
        "units: a word must have 1 to 23 bytes", "change words: a word must",
        "approximation words: 33, at most 32",   "approximation words after a unit: 9, at most 8"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        err[0] = '\0';
        zb_units *b = zb_units_new(&bad[k], NULL, 0, err, sizeof err);
        CHECK(!b && strstr(err, why[k]), "list %zu: %s", k, err);
        zb_units_free(b);
    }
}

int main(void) {
    U = units_with(NULL, 0);
    if (!U) return check_report("test_numbers");
    words_from_data();
    tail_first();
    years_and_dates();
    padded_units();
    arabic();
    multipliers();
    chinese();
    approximations();
    not_levels();
    shares();
    spans();
    zb_units_free(U);
    return check_report("test_numbers");
}
