"""poison.py - messages no worker can turn into a report, each with the DLQ
reason (error_code) the worker must give it. Shared by the poison test and
the DLQ replay test."""

import json
import os
import random
import struct

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

import reports

OTHER_SCHEMA = json.dumps({
    "type": "record", "name": "Weather", "namespace": "zb.test",
    "fields": [{"name": "city", "type": "string"}, {"name": "celsius", "type": "double"}]})


def poison_messages(registry_url, topic, big_mb=20, rng=None):
    """[(name, key, value, headers, expected error_code)]."""
    rng = rng or random.Random(7)
    out = []
    # binary garbage: NULs and control bytes, invalid as UTF-8 and as GB18030
    # text (not starting with 0x00, which would read as Confluent framing)
    junk = bytes([0xFF, 0xFE, 0x80, 0x00, 0x01, 0x02, 0x00, 0x1B]) + bytes(rng.randrange(256) for _ in range(4000))
    out.append(("invalid-bytes", b"poison-bytes", junk,
                [("content-type", b"text/plain"), ("source-url", b"https://x.example/junk")],
                "bad_encoding"))
    out.append(("empty", b"poison-empty", b"", [("source-url", b"https://x.example/empty")], "empty"))
    big = ("法治政府建设" * (big_mb * 1024 * 1024 // 18 + 1)).encode("utf-8")[: big_mb * 1024 * 1024]
    out.append(("20MB", b"poison-big", big, [("content-type", b"text/plain")], "too_large"))
    # a page with (almost) no Chinese text: a crawler that followed a wrong link
    not_report = (b"<html><head><title>Weather</title></head><body><h1>Weekend weather</h1>"
                  + b"<p>Sunny, 26 degrees, light south-east wind. Showers in the evening.</p>" * 20
                  + b"</body></html>")
    out.append(("not-a-report", b"poison-weather", not_report,
                [("content-type", b"text/html"), ("source-url", b"https://x.example/weather")],
                "not_a_report"))
    # wrong Avro 1: framed with the id of a schema that is not a RawReport
    reg = SchemaRegistryClient({"url": registry_url})
    other_id = reg.register_schema("zb-test-weather-value", Schema(OTHER_SCHEMA, "AVRO"))
    from fastavro import parse_schema, schemaless_writer
    import io
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(json.loads(OTHER_SCHEMA)), {"city": "深圳", "celsius": 26.5})
    out.append(("avro-other-schema", b"poison-avro1", b"\x00" + struct.pack(">I", other_id) + buf.getvalue(),
                [], "bad_avro"))
    # wrong Avro 2: the RawReport id but a body that is not a RawReport
    with open(os.path.join(os.environ["ZB_SRC"], "codec", "schemas", "RawReport.avsc")) as f:
        raw_id = reg.register_schema(topic + "-value", Schema(f.read(), "AVRO"))
    out.append(("avro-truncated", b"poison-avro2", b"\x00" + struct.pack(">I", raw_id) + b"\x02\x41",
                [], "bad_avro"))
    # a JSON envelope whose body is not a string
    out.append(("bad-envelope", b"poison-json", json.dumps({"url": "u", "body": 42}).encode(), [],
                "bad_envelope"))
    return out


def good_message(i, run_id):
    r = reports.make_report(100000 + i)
    url = r["url"] + "?run=" + run_id
    ct = "%s; charset=%s" % (r["content_type"], r["charset"])
    return url, r["body"], [("content-type", ct.encode()), ("source-url", url.encode())]
