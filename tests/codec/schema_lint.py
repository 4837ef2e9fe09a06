#!/usr/bin/env python3
"""Checks the rules the schemas promise (issue 3, codec/README.md): a
namespace, a doc on every record and field, enums with a default symbol,
optional fields as ["null", T] with default null, defaults on arrays and maps,
logical types for dates and times. Also parses each with the Avro project's
Python library (Debian python3-avro), which validates defaults.
  schema_lint.py codec/schemas"""
import json
import os
import sys

import avro.schema

problems = []
checks = 0
logical = set()


def rule(ok, msg):
    global checks
    checks += 1
    if not ok:
        problems.append(msg)


def lint_type(t, where):
    if isinstance(t, list):
        rule("null" not in t or t[0] == "null", f"{where}: null must be the first branch")
        for b in t:
            lint_type(b, where)
        return
    if not isinstance(t, dict):
        return
    if "logicalType" in t:
        logical.add(t["logicalType"])
    kind = t["type"]
    if kind == "record":
        rule(bool(t.get("doc")), f"{where}: record {t['name']} has no doc")
        for f in t["fields"]:
            w = f"{where}.{f['name']}"
            rule(bool(f.get("doc")), f"{w}: no doc")
            ft = f["type"]
            rule(not isinstance(ft, list) or "null" not in ft or f.get("default", "x") is None,
                 f"{w}: optional field needs default null")
            rule(not isinstance(ft, dict) or ft.get("type") not in ("array", "map")
                 or "default" in f, f"{w}: arrays and maps need a default")
            lint_type(ft, w)
    elif kind == "enum":
        rule(t.get("default") in t["symbols"], f"{where}: enum {t['name']} needs a default symbol")
        rule(bool(t.get("doc")), f"{where}: enum {t['name']} has no doc")
    elif kind == "array":
        lint_type(t["items"], where + "[]")
    elif kind == "map":
        lint_type(t["values"], where + "{}")


def main():
    d = sys.argv[1]
    names = sorted(n for n in os.listdir(d) if n.endswith(".avsc"))
    for n in names:
        with open(os.path.join(d, n)) as f:
            text = f.read()
        s = json.loads(text)
        rule(s.get("namespace") == "cn.zhibiao.v1", f"{n}: namespace must be cn.zhibiao.v1")
        rule(s.get("name") + ".avsc" == n, f"{n}: file name must be the record name")
        lint_type(s, n[:-5])
        try:
            avro.schema.parse(text)
        except Exception as e:
            problems.append(f"{n}: python3-avro refuses it: {e}")
    for lt in ("date", "timestamp-millis"):
        rule(lt in logical, f"logical type {lt} unused")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    print(f"schema_lint: {checks - len(problems)} passed, {len(problems)} failed")
    return 1 if problems or len(names) != 4 else 0


if __name__ == "__main__":
    sys.exit(main())
