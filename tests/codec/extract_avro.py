#!/usr/bin/env python3
"""End to end through the real extraction engine: for the team's extraction
fixtures (tests/fixtures/extract/*.txt|*.html), `zhibiao extract --format avro`
(an Avro container file written by zb_ocf) read with an independent library
gives the same values as `zhibiao extract --format json`.

  extract_avro.py --zhibiao build/.../zhibiao --lib fastavro|avro"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop import Fastavro, PyAvro, json_diff, schema_text, to_canon  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zhibiao", required=True)
    ap.add_argument("--lib", choices=["fastavro", "avro"], required=True)
    a = ap.parse_args()
    inputs = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "extract", "*.txt")) +
                    glob.glob(os.path.join(ROOT, "tests", "fixtures", "extract", "*.html")))
    if not inputs:
        # the fixtures are part of the repository: none found is a broken
        # checkout or path, not a pass
        print("FAIL: extract_avro: no fixtures under tests/fixtures/extract", file=sys.stderr)
        return 1
    passed = failed = 0
    text = schema_text("ReportIndicators")
    schema = json.loads(text)
    lib = (Fastavro if a.lib == "fastavro" else PyAvro)(text)
    with tempfile.TemporaryDirectory(prefix="zb_extract_avro_") as d:
        out = os.path.join(d, "reports.avro")
        js = subprocess.run([a.zhibiao, "extract", "--format", "json"] + inputs,
                            capture_output=True, text=True)
        with open(out, "wb") as f:
            av = subprocess.run([a.zhibiao, "extract", "--format", "avro"] + inputs, stdout=f,
                                stderr=subprocess.PIPE, text=True)
        if js.returncode != av.returncode:
            print(f"FAIL: exit codes differ: json {js.returncode}, avro {av.returncode}",
                  file=sys.stderr)
            failed += 1
        want = [json.loads(line) for line in js.stdout.splitlines() if line.strip()]
        got = [to_canon(schema, r) for r in lib.read_ocf(out)]
        if len(want) != len(got) or not want:
            print(f"FAIL: {len(want)} JSON lines, {len(got)} Avro records", file=sys.stderr)
            failed += 1
        for j, g in zip(want, got):
            diff = json_diff(j, g)
            if diff:
                failed += 1
                print(f"FAIL: {j.get('source')}: {diff}", file=sys.stderr)
            else:
                passed += 1
    print(f"extract_avro ({a.lib}): {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
