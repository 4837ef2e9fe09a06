#!/usr/bin/env python3
"""Schema evolution within the rules the registry enforces (BACKWARD).

Runs with the registry stand-in at $ZB_SR_URL (with_standin.sh) and the venv
python (fastavro, confluent-kafka's SchemaRegistryClient):

  evolution.py --tool build/.../codec_interop

The previous version of a schema (v0) is the current one without the optional
fields added since (they all have defaults, which is what makes the change
compatible). Checks:
  1. register v0 then the current schema under one subject: accepted (BACKWARD);
     an incompatible change (a field's type changed, a required field added)
     is refused with 409 and reported incompatible.
  2. old writer, new reader: fastavro writes v0 records framed with v0's id;
     zhibiao decodes them through the registry (writer schema by id, Avro
     resolution) and gets the defaults for the missing fields.
  3. new writer, old reader: records zhibiao wrote with the current schema are
     read by fastavro with v0 as the reader schema.
  4. a newer crawler: RawReport v2 (an extra optional field) registered and
     written by fastavro; zhibiao, still on the current schema, reads it.
"""
import argparse
import copy
import io
import json
import os
import struct
import subprocess
import sys
import tempfile

import fastavro
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop  # noqa: E402  (check() counts in interop.passed / interop.failed)
from interop import check, from_canon, read_framed, schema_text, to_canon  # noqa: E402

# Fields treated as "added after v0" (all optional, with defaults).
ADDED = {"ReportIndicators": ["encoding", "content_type", "warnings"],
         "RawReport": ["title", "metadata"]}


def without(schema, names):
    s = copy.deepcopy(schema)
    s["fields"] = [f for f in s["fields"] if f["name"] not in names]
    return s


def defaults_for(schema, names):
    return {f["name"]: f["default"] for f in schema["fields"] if f["name"] in names}


def framed(schema_id, body):
    return b"\0" + struct.pack(">I", schema_id) + body


def write_framed(path, frames):
    with open(path, "wb") as f:
        for fr in frames:
            f.write(struct.pack(">I", len(fr)) + fr)


def dump(tool, kind, path):
    out = subprocess.run([tool, "dump-registry", kind, path], capture_output=True, text=True)
    if out.returncode:
        print(out.stderr, file=sys.stderr)
        return None
    return [json.loads(line) for line in out.stdout.splitlines()]


def old_writer_new_reader(sr, tool, d, kind, want):
    cur = json.loads(schema_text(kind))
    v0 = without(cur, ADDED[kind])
    subject = f"evo.{kind}-value"
    id0 = sr.register_schema(subject, Schema(json.dumps(v0), "AVRO"))
    check(sr.test_compatibility(subject, Schema(schema_text(kind), "AVRO")),
          f"{kind}: current is BACKWARD compatible with v0")
    id1 = sr.register_schema(subject, Schema(schema_text(kind), "AVRO"))
    check(id1 != id0 and sr.get_latest_version(subject).version == 2,
          f"{kind}: v0 then current registered as versions 1, 2")
    p0 = fastavro.parse_schema(v0)
    frames = []
    for w in want:
        rec = from_canon(v0, {k: v for k, v in w.items() if k not in ADDED[kind]})
        b = io.BytesIO()
        fastavro.schemaless_writer(b, p0, rec)
        frames.append(framed(id0, b.getvalue()))
    path = os.path.join(d, f"v0_{kind}.framed")
    write_framed(path, frames)
    got = dump(tool, kind, path)
    expect = [dict(w, **defaults_for(cur, ADDED[kind])) for w in want]
    check(got == expect, f"{kind}: zhibiao (current) reads v0 data with defaults filled")
    return v0


def new_writer_old_reader(d, kind, v0, want):
    cur = json.loads(schema_text(kind))
    pc, p0 = fastavro.parse_schema(cur), fastavro.parse_schema(v0)
    got = [to_canon(v0, fastavro.schemaless_reader(io.BytesIO(f[5:]), pc, p0))
           for f in read_framed(os.path.join(d, kind + ".framed"))]
    expect = [{k: v for k, v in w.items() if k not in ADDED[kind]} for w in want]
    check(got == expect, f"{kind}: a v0 reader reads what zhibiao wrote (current)")


def incompatible(sr, kind):
    cur = json.loads(schema_text(kind))
    subject = f"evo.{kind}-value"
    changed = copy.deepcopy(cur)
    for f in changed["fields"]:
        if f["name"] in ("report_year", "fetched_at"):
            f["type"] = "string"
    added = copy.deepcopy(cur)
    added["fields"].append({"name": "must_have", "type": "int", "doc": "no default"})
    for bad, what in ((changed, "type change"), (added, "required field added")):
        check(sr.test_compatibility(subject, Schema(json.dumps(bad), "AVRO")) is False,
              f"{kind}: {what} reported incompatible")
        try:
            sr.register_schema(subject, Schema(json.dumps(bad), "AVRO"))
            check(False, f"{kind}: {what} registered")
        except SchemaRegistryError as e:
            check(e.http_status_code == 409, f"{kind}: {what} refused with 409")


def newer_crawler(sr, tool, d, want):
    cur = json.loads(schema_text("RawReport"))
    v2 = copy.deepcopy(cur)
    v2["fields"].append({"name": "language", "type": ["null", "string"], "default": None,
                         "doc": "added by a newer crawler"})
    subject = "evo.crawler-value"
    sr.register_schema(subject, Schema(schema_text("RawReport"), "AVRO"))
    id2 = sr.register_schema(subject, Schema(json.dumps(v2), "AVRO"))
    p2 = fastavro.parse_schema(v2)
    frames = []
    for w in want:
        b = io.BytesIO()
        fastavro.schemaless_writer(b, p2, from_canon(v2, dict(w, language="zh-Hans")))
        frames.append(framed(id2, b.getvalue()))
    path = os.path.join(d, "v2_RawReport.framed")
    write_framed(path, frames)
    check(dump(tool, "RawReport", path) == want,
          "RawReport: zhibiao reads a newer crawler's records (extra field ignored)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    a = ap.parse_args()
    sr = SchemaRegistryClient({"url": os.environ["ZB_SR_URL"]})
    with tempfile.TemporaryDirectory(prefix="zb_evo_") as d:
        subprocess.run([a.tool, "write", d], check=True)
        for kind in ADDED:
            with open(os.path.join(d, kind + ".expected.jsonl")) as f:
                want = [json.loads(line) for line in f]
            v0 = old_writer_new_reader(sr, a.tool, d, kind, want)
            new_writer_old_reader(d, kind, v0, want)
            incompatible(sr, kind)
            if kind == "RawReport":
                newer_crawler(sr, a.tool, d, want)
    print(f"evolution: {interop.passed} passed, {interop.failed} failed")
    return 1 if interop.failed else 0


if __name__ == "__main__":
    sys.exit(main())
