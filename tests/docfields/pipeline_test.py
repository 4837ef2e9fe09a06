#!/usr/bin/env python3
"""Document fields through the whole engine: `zhibiao extract --format json` on
HTML pages full of chrome (a district bureau's, a street office's) and on a
GB18030 file in traditional script (tests/fixtures/docfields). Checks the fields and that section offsets point
at the headings in the input bytes as received.

    pipeline_test.py ZHIBIAO FIXTURE_DIR
"""
import json
import subprocess
import sys

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def extract(zhibiao, path):
    out = subprocess.run([zhibiao, "extract", "--format", "json", path],
                         check=True, capture_output=True).stdout
    lines = out.decode("utf-8").splitlines()
    check(len(lines) == 1, f"{path}: one JSON line, got {len(lines)}")
    return json.loads(lines[0])


def expect(doc, **want):
    for key, value in want.items():
        got = doc
        for part in key.split("__"):
            got = got.get(part) if isinstance(got, dict) else None
        check(got == value, f"{doc['source']}: {key} = {got!r}, want {value!r}")


def heading_at(raw, encoding, sec, marker):
    text = raw[sec["start"]:sec["start"] + 12].decode(encoding, "replace")
    check(text.startswith(marker), f"section {sec['title']} starts at {text!r}, not {marker}")


def main():
    zhibiao, fixtures = sys.argv[1], sys.argv[2]

    page = f"{fixtures}/dept_page.html"
    doc = extract(zhibiao, page)
    expect(doc, title="鼓楼区司法局2022年度法治政府建设工作情况报告", report_year=2022,
           published_date="2023-03-02", region__name="河南省开封市鼓楼区",
           region__code="410204", region__level="county", issuer__name="鼓楼区司法局",
           issuer__kind="department")
    top = [s for s in doc["sections"] if s["title"] in ("主要工作及成效", "存在的不足", "2023年工作计划")]
    check([s["kind"] for s in top] == ["achievements", "problems", "plan"],
          f"top-level kinds {[s['kind'] for s in top]}")
    raw = open(page, "rb").read()
    for sec, marker in zip(top, ["一、", "二、", "三、"]):
        heading_at(raw, "utf-8", sec, marker)

    # a town's page naming no county: the unified social credit code in its
    # index number places it (龙泉镇 is a town in 16 counties); the contact
    # address names another district; the salutation line is no issuer
    doc = extract(zhibiao, f"{fixtures}/town_index_page.html")
    expect(doc, title="龙泉镇2024年度法治政府建设情况报告", report_year=2024,
           published_date="2025-02-20", region__code="511381", region__name="四川省南充市阆中市",
           region__level="county", issuer__name="龙泉镇人民政府", issuer__kind="government")

    gb = f"{fixtures}/fuzhou_dept_trad.gb18030.txt"
    doc = extract(zhibiao, gb)
    expect(doc, report_year=2021, region__code="350102", region__name="福建省福州市鼓楼区",
           issuer__kind="department", issuer__name="鼓楼区司法局", script="traditional")
    raw = open(gb, "rb").read()
    kinds = [s["kind"] for s in doc["sections"] if s["title"] in ("主要工作和成效", "存在不足", "下一步工作计划")]
    check(kinds == ["achievements", "problems", "plan"], f"gb18030 kinds {kinds}")
    for sec in doc["sections"]:
        if sec["title"] == "存在不足":
            heading_at(raw, "gb18030", sec, "二、")

    # a street office's page that never names its district (R3: the street's
    # county from regions.towns.tsv), opening with a start-point year (R4),
    # a superior in an 按照…部署要求 clause and a law firm's province (R2, R5),
    # and a repeated 二、 before the plan (R6)
    page = f"{fixtures}/street_page.html"
    doc = extract(zhibiao, page)
    expect(doc, title="2023年度法治政府建设工作报告", report_year=2023,
           published_date="2024-01-22", region__name="浙江省绍兴市柯桥区",
           region__code="330603", region__level="county", issuer__name=None,
           issuer__kind="government")
    top = [s for s in doc["sections"] if s["level"] == 1]
    check([(s["title"], s["kind"]) for s in top] ==
          [("主要工作及成效", "achievements"), ("存在的不足", "problems"),
           ("2024年工作打算", "plan")], f"street page top-level sections {top}")
    raw = open(page, "rb").read()
    for sec, marker in zip(top, ["一、", "二、", "二、"]):
        heading_at(raw, "utf-8", sec, marker)

    print(f"{0 if failures else 1} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
