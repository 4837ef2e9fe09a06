#!/usr/bin/env python3
"""Interoperability of zhibiao's Avro with an independent implementation.

  interop.py --lib fastavro --tool build/.../codec_interop   (venv python)
  interop.py --lib avro     --tool build/.../codec_interop   (/usr/bin/python3,
                                                              Debian python3-avro)

1. The C tool writes every record kind as an Avro container file (zb_ocf) and
   as Confluent-framed records, plus the expected values (canonical JSON built
   from the C structs). The Python library reads both; the values must equal
   the expected ones.
2. The Python library writes the expected values as a container file and as
   framed records; the C tool decodes them with zhibiao's decoders; the values
   must again equal the expected ones.

Canonical JSON (tests/codec/canon.h): the record's fields, enums as symbols,
dates "YYYY-MM-DD", timestamps in ms, bytes as hex, doubles exact."""
import argparse
import datetime as dt
import io
import json
import os
import struct
import subprocess
import sys
import tempfile

KINDS = ["ReportIndicators", "IndicatorFact", "RawReport", "DeadLetter"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "codec", "schemas")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def schema_text(kind):
    with open(os.path.join(SCHEMAS, kind + ".avsc")) as f:
        return f.read()


# ---- canonical form <-> library values ---------------------------------------

def logical_of(t):
    """The logicalType of a field type, or of the non-null branch of a union."""
    if isinstance(t, list):
        for b in t:
            if b != "null":
                return logical_of(b)
    return t.get("logicalType") if isinstance(t, dict) else None


def walk(schema, value, fn, names):
    """Applies fn(leaf_type, value) through records, arrays, maps and unions."""
    if isinstance(schema, str) and schema in names:
        schema = names[schema]
    if isinstance(schema, list):
        if value is None:
            return None
        branch = next(b for b in schema if b != "null")
        return walk(branch, value, fn, names)
    if isinstance(schema, dict):
        t = schema["type"]
        if t == "record":
            names[schema["name"]] = schema
            return {f["name"]: walk(f["type"], value[f["name"]], fn, names)
                    for f in schema["fields"]}
        if t == "enum":
            names[schema["name"]] = schema
            return value
        if t == "array":
            return [walk(schema["items"], v, fn, names) for v in value]
        if t == "map":
            return {k: walk(schema["values"], v, fn, names) for k, v in value.items()}
    return fn(schema, value)


def to_canon(schema, value):
    def leaf(t, v):
        lt = logical_of(t)
        if isinstance(v, dt.datetime):
            return (v - EPOCH) // dt.timedelta(milliseconds=1)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, (bytes, bytearray)):
            return bytes(v).hex()
        if lt == "date" and isinstance(v, int):  # a library without logical types
            return (dt.date(1970, 1, 1) + dt.timedelta(days=v)).isoformat()
        return v
    return walk(schema, value, leaf, {})


def from_canon(schema, value):
    def leaf(t, v):
        lt = logical_of(t)
        if lt == "timestamp-millis":
            return EPOCH + dt.timedelta(milliseconds=v)
        if lt == "date":
            return dt.date.fromisoformat(v)
        base = t if isinstance(t, str) else t.get("type")
        if base == "bytes":
            return bytes.fromhex(v)
        return v
    return walk(schema, value, leaf, {})


# ---- the two libraries -------------------------------------------------------------

class Fastavro:
    def __init__(self, text):
        import fastavro
        self.fa = fastavro
        self.schema = fastavro.parse_schema(json.loads(text))

    def read_ocf(self, path):
        with open(path, "rb") as f:
            return list(self.fa.reader(f))

    def read_body(self, body):
        return self.fa.schemaless_reader(io.BytesIO(body), self.schema)

    def write_ocf(self, path, records):
        with open(path, "wb") as f:
            self.fa.writer(f, self.schema, records, codec="deflate")

    def write_body(self, rec):
        b = io.BytesIO()
        self.fa.schemaless_writer(b, self.schema, rec)
        return b.getvalue()


class PyAvro:
    def __init__(self, text):
        import avro.datafile
        import avro.io
        import avro.schema
        self.av = avro
        self.schema = avro.schema.parse(text)

    def read_ocf(self, path):
        with open(path, "rb") as f:
            with self.av.datafile.DataFileReader(f, self.av.io.DatumReader()) as r:
                return list(r)

    def read_body(self, body):
        dec = self.av.io.BinaryDecoder(io.BytesIO(body))
        return self.av.io.DatumReader(self.schema, self.schema).read(dec)

    def write_ocf(self, path, records):
        with open(path, "wb") as f:
            w = self.av.datafile.DataFileWriter(f, self.av.io.DatumWriter(), self.schema,
                                                codec="deflate")
            for r in records:
                w.append(r)
            w.close()

    def write_body(self, rec):
        b = io.BytesIO()
        self.av.io.DatumWriter(self.schema).write(rec, self.av.io.BinaryEncoder(b))
        return b.getvalue()


def read_framed(path):
    out = []
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i < len(data):
        (n,) = struct.unpack(">I", data[i:i + 4])
        out.append(data[i + 4:i + 4 + n])
        i += 4 + n
    return out


def first_diff(a, b, path="$"):
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: missing on one side"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def compare(got, want, what):
    check(len(got) == len(want), f"{what}: {len(got)} records, want {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        d = first_diff(g, w)
        check(d is None, f"{what} record {i}: {d}")


def close_number(a, b):
    """zhibiao extract prints numbers with 15 significant digits."""
    return a == b or abs(a - b) <= 1e-14 * max(abs(a), abs(b))


def json_diff(j, a, path="$"):
    """First difference between extract JSON j and Avro values a, on j's keys."""
    if isinstance(j, dict):
        if not isinstance(a, dict):
            return f"{path}: not a record in Avro"
        for k in j:
            if k not in a:
                return f"{path}.{k}: in the JSON, not in the Avro record"
            d = json_diff(j[k], a[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(j, list):
        if not isinstance(a, list) or len(a) != len(j):
            return f"{path}: list lengths differ"
        for i, (x, y) in enumerate(zip(j, a)):
            d = json_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(j, float) or isinstance(a, float):
        ok = isinstance(j, (int, float)) and isinstance(a, (int, float)) and close_number(j, a)
        return None if ok else f"{path}: {j!r} != {a!r}"
    return None if j == a else f"{path}: {j!r} != {a!r}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", choices=["fastavro", "avro"], required=True)
    ap.add_argument("--tool", required=True)
    a = ap.parse_args()
    lib_class = Fastavro if a.lib == "fastavro" else PyAvro
    with tempfile.TemporaryDirectory(prefix="zb_interop_") as d:
        subprocess.run([a.tool, "write", d], check=True)
        for kind in KINDS:
            text = schema_text(kind)
            sj = json.loads(text)
            lib = lib_class(text)
            with open(os.path.join(d, kind + ".expected.jsonl")) as f:
                want = [json.loads(line) for line in f]
            check(len(want) > 0, f"{kind}: expected records")
            # 1. what zhibiao wrote, read by the library
            got = [to_canon(sj, r) for r in lib.read_ocf(os.path.join(d, kind + ".avro"))]
            compare(got, want, f"{a.lib} reads zhibiao's {kind}.avro")
            frames = read_framed(os.path.join(d, kind + ".framed"))
            check(all(f[0] == 0 and len(f) > 5 for f in frames), f"{kind}: Confluent magic byte")
            got = [to_canon(sj, lib.read_body(f[5:])) for f in frames]
            compare(got, want, f"{a.lib} reads zhibiao's framed {kind}")
            if kind == "ReportIndicators":
                # the same values as `zhibiao extract --format json` (zb_report_json)
                with open(os.path.join(d, kind + ".extract.jsonl")) as f:
                    ext = [json.loads(line) for line in f]
                check(len(ext) == len(got), "extract JSON: one line per report")
                for i, (j, g) in enumerate(zip(ext, got)):
                    diff = json_diff(j, g)
                    check(diff is None, f"{a.lib} value != extract JSON, report {i}: {diff}")
            # 2. what the library wrote, read by zhibiao
            recs = [from_canon(sj, w) for w in want]
            ocf = os.path.join(d, "py_" + kind + ".avro")
            lib.write_ocf(ocf, recs)
            framed = os.path.join(d, "py_" + kind + ".framed")
            with open(framed, "wb") as f:
                for r in recs:
                    body = b"\0" + struct.pack(">I", 1) + lib.write_body(r)
                    f.write(struct.pack(">I", len(body)) + body)
            for path in (ocf, framed):
                out = subprocess.run([a.tool, "dump", kind, path], check=True,
                                     capture_output=True, text=True).stdout
                got = [json.loads(line) for line in out.splitlines()]
                compare(got, want, f"zhibiao reads {a.lib}'s {os.path.basename(path)}")
    print(f"interop ({a.lib}): {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
