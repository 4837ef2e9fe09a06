"""reports.py - invented rule-of-law annual reports for the integration tests
and the benchmark. Every report is different (region, year, numbers, layout,
HTML or text, UTF-8 or GB18030), written in the style of the real ones so the
worker does real extraction work on them. The team's fixture reports under
tests/fixtures/ can be mixed in (fixture_files()).

Nothing here states what the extractor should find: tests compare the
worker's output with `zhibiao extract` on the same bytes, or count records."""

import glob
import html
import os
import random

# (province, city, county): real divisions, so the gazetteer has work to do
PLACES = [
    ("广东省", "深圳市", "南山区"),
    ("广东省", "广州市", "天河区"),
    ("浙江省", "杭州市", "西湖区"),
    ("浙江省", "宁波市", "鄞州区"),
    ("江苏省", "苏州市", "昆山市"),
    ("江苏省", "南京市", "江宁区"),
    ("山东省", "青岛市", "黄岛区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("湖南省", "长沙市", "岳麓区"),
    ("福建省", "厦门市", "思明区"),
    ("河南省", "郑州市", "金水区"),
    ("河北省", "石家庄市", "长安区"),
    ("安徽省", "合肥市", "蜀山区"),
    ("江西省", "南昌市", "青山湖区"),
    ("陕西省", "西安市", "雁塔区"),
    ("云南省", "昆明市", "五华区"),
    ("贵州省", "贵阳市", "南明区"),
    ("辽宁省", "沈阳市", "和平区"),
    ("吉林省", "长春市", "朝阳区"),
]

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1..99 in Chinese numerals (二十三), as reports write small counts."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    s = ("" if tens == 1 else CN_DIGITS[tens]) + "十"
    return s + (CN_DIGITS[ones] if ones else "")


FILLER = [
    "持续深化“放管服”改革，优化营商环境，推动政务服务标准化、规范化、便利化。",
    "坚持以人民为中心的发展思想，把法治政府建设纳入经济社会发展总体规划统筹推进。",
    "严格落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度。",
    "健全行政裁量权基准制度，规范行政处罚自由裁量权的行使，做到同案同罚、过罚相当。",
    "加强行政规范性文件制定和监督管理，严格执行合法性审核和集体讨论决定制度。",
    "深入开展“八五”普法，落实“谁执法谁普法”普法责任制，推动法治宣传进机关、进乡村、进社区、进学校、进企业、进单位。",
    "自觉接受人大监督、民主监督、司法监督和社会舆论监督，认真办理人大代表建议和政协委员提案。",
    "坚持和发展新时代“枫桥经验”，健全矛盾纠纷多元预防调处化解综合机制。",
    "推进公共法律服务体系建设，整合律师、公证、司法鉴定、仲裁、人民调解等法律服务资源。",
    "全面落实政府信息公开制度，依法及时回应社会关切，保障人民群众的知情权、参与权、表达权和监督权。",
    "强化行政执法监督，常态化开展行政执法案卷评查，对发现的问题督促整改到位。",
    "完善突发事件应对体系，依法做好疫情防控、安全生产、防灾减灾等工作。",
]


def _filler(rng, n):
    return "".join(rng.choice(FILLER) for _ in range(n))


def _paragraphs(rng, region, year):
    received = rng.randint(40, 900)
    accepted = rng.randint(int(received * 0.7), received)
    concluded = rng.randint(int(accepted * 0.8), accepted)
    corrected = rng.randint(1, max(2, concluded // 8))
    lit_received = rng.randint(20, 600)
    lit_concluded = rng.randint(int(lit_received * 0.6), lit_received)
    lost = rng.randint(0, max(1, lit_concluded // 10))
    rate = round(100.0 * lost / lit_concluded, 1) if lit_concluded else 0.0
    appear = rng.randint(80, 100)
    docs = rng.randint(5, 120)
    decisions = rng.randint(1, 30)
    advisers = rng.randint(3, 40)
    opinions = rng.randint(100, 3000)
    trained = rng.randint(200, 5000)
    fine_wan = round(rng.uniform(10, 9000), 2)
    events = rng.randint(10, 900)
    aid = rng.randint(50, 2500)
    mediation = rng.randint(300, 9000)
    study = rng.randint(2, 12)
    online = round(rng.uniform(85, 99.9), 1)
    cats = [
        ("一、主要工作成效", [
            _filler(rng, rng.randint(4, 12)),
            "（一）坚持依法决策。%s年，%s人民政府对%d个重大行政决策事项进行了合法性审查，"
            "审核行政规范性文件%d件，聘请法律顾问%d名，法律顾问提供法律意见%d件次。"
            % (year, region, decisions, docs, advisers, opinions),
            "（二）发挥行政复议化解行政争议主渠道作用。全年共收到行政复议申请%d件，依法受理%d件，"
            "审结%d件，其中纠错%d件。" % (received, accepted, concluded, corrected),
            "（三）规范行政应诉工作。全年新收一审行政诉讼案件%d件，审结%d件，败诉%d件，败诉率为%.1f%%，"
            "行政机关负责人出庭应诉率达%d%%。" % (lit_received, lit_concluded, lost, rate, appear),
            "（四）严格规范公正文明执法。组织执法人员培训%d人次，全年罚没款%s万元。"
            "政务服务事项全程网上可办率达到%.1f%%。" % (trained, fine_wan, online),
            "（五）深化法治宣传教育。开展普法宣传活动%d场次，办理法律援助案件%d件，"
            "人民调解组织调解矛盾纠纷%d件，调解成功率%d%%。"
            % (events, aid, mediation, rng.randint(95, 100)),
        ]),
        ("二、党政主要负责人履行推进法治建设第一责任人职责情况", [
            "区政府主要负责人认真履行推进法治建设第一责任人职责，召开常务会议专题学法%s次，"
            "研究部署法治政府建设重点任务。" % cn_number(study),
        ]),
        ("三、存在的问题和不足", [
            "一是部分行政执法人员依法行政意识有待提高；二是行政复议和应诉工作力量仍然薄弱。",
        ]),
        ("", [_filler(rng, rng.randint(4, 16)) for _ in range(rng.randint(1, 4))]),
        ("四、%d年工作思路" % (year + 1), [
            "下一步，%s将力争行政机关负责人出庭应诉率保持100%%，计划开展法治培训%d场。"
            % (region, rng.randint(5, 50)),
        ]),
    ]
    return cats


def make_report(i, rng=None):
    """Report number i: returns dict(url, content_type, charset, body, title)."""
    rng = rng or random.Random(i)
    prov, city, county = PLACES[i % len(PLACES)]
    year = 2019 + (i // len(PLACES)) % 6
    region = city + county
    title = "%s%s人民政府关于%d年法治政府建设情况的报告" % (city, county, year)
    pub = "%d-%02d-%02d" % (year + 1, rng.randint(1, 3), rng.randint(1, 28))
    cats = _paragraphs(rng, county, year)
    as_html = i % 3 == 0
    charset = "gb18030" if i % 7 == 3 else "utf-8"
    if as_html:
        parts = [
            "<!DOCTYPE html><html><head><meta charset=\"%s\"><title>%s</title>" % (charset, html.escape(title)),
            "<script>var x = '<p>不是正文</p>';</script><style>p{margin:0}</style></head><body>",
            "<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a></div>",
            "<h1>%s</h1><div class=\"info\">发布时间：%s 来源：%s司法局</div><div class=\"content\">"
            % (html.escape(title), pub, county),
            "<p>%d年，%s在市委、市政府的坚强领导下，深入学习贯彻习近平法治思想，全面推进依法行政。"
            "现将有关情况报告如下：</p>" % (year, region),
        ]
        for head, paras in cats:
            if head:
                parts.append("<p><strong>%s</strong></p>" % html.escape(head))
            parts.extend("<p>%s</p>" % html.escape(p) for p in paras)
        parts.append("<p style=\"text-align:right\">%s人民政府</p><p>%s</p></div></body></html>"
                     % (county, pub))
        text = "\n".join(parts)
        content_type = "text/html"
    else:
        lines = [title, "", "发布日期：%s" % pub, "",
                 "%d年，%s深入学习贯彻习近平法治思想，全面推进依法行政，现将有关情况报告如下：" % (year, region)]
        for head, paras in cats:
            if head:
                lines.append(head)
            lines.extend(paras)
        lines += ["", "%s人民政府" % county, pub]
        text = "\n".join(lines)
        content_type = "text/plain"
    body = text.encode(charset)
    url = "https://www.example.gov.cn/%s/zfxxgk/%d/t%08d.html" % (county, year + 1, i)
    return {"url": url, "content_type": content_type, "charset": charset, "body": body, "title": title}


def fixture_files(root):
    """The team's fixture reports (tests/fixtures/**) that are meant to be
    valid reports: names that say they are broken inputs are left out."""
    bad = ("empty", "binary", "truncated", "50mb", "huge", "invalid", "garbage", "bad", "not_a_report")
    out = []
    for ext in ("txt", "html", "htm"):
        for p in glob.glob(os.path.join(root, "tests", "fixtures", "**", "*." + ext), recursive=True):
            name = os.path.basename(p).lower()
            if any(b in name for b in bad) or os.path.getsize(p) > 4 * 1024 * 1024:
                continue
            out.append(p)
    return sorted(out)
