#!/usr/bin/env python3
"""Checks the Schema Registry stand-in with the REAL client: Confluent's own
Python SchemaRegistryClient (confluent-kafka from PyPI) drives it and must see
the answers, status codes and error codes the real registry gives.

Run by ctest as: with_standin.sh VENV_PYTHON PORT VENV_PYTHON check_standin.py
(ZB_SR_URL set by with_standin.sh)."""
import json
import os
import sys

import httpx
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

URL = os.environ["ZB_SR_URL"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "codec", "schemas")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def expect_error(fn, status, code, what):
    try:
        fn()
    except SchemaRegistryError as e:
        check(e.http_status_code == status and e.error_code == code,
              f"{what}: got HTTP {e.http_status_code} code {e.error_code}, "
              f"want {status}/{code}")
        return
    check(False, f"{what}: no error raised")


def avsc(name):
    with open(os.path.join(SCHEMAS, name + ".avsc")) as f:
        return f.read()


def record(fields):
    return json.dumps({"type": "record", "name": "T", "namespace": "zb.test", "fields": fields})


def main():
    c = SchemaRegistryClient({"url": URL})
    subj = "reports.indicators-value"

    # register: ids, idempotence, versions
    sid = c.register_schema(subj, Schema(avsc("ReportIndicators"), "AVRO"))
    check(isinstance(sid, int) and sid > 0, "register returns an id")
    check(c.register_schema(subj, Schema(avsc("ReportIndicators"), "AVRO")) == sid,
          "registering the same schema again returns the same id")
    fresh = SchemaRegistryClient({"url": URL})  # no client-side cache
    check(fresh.register_schema(subj, Schema(avsc("ReportIndicators"), "AVRO")) == sid,
          "same id from a fresh client (server-side idempotence)")
    got = fresh.get_schema(sid)
    check(json.loads(got.schema_str) == json.loads(avsc("ReportIndicators")),
          "get_schema returns the registered schema")
    check(got.schema_type == "AVRO", "schema type AVRO")
    latest = fresh.get_latest_version(subj)
    check(latest.schema_id == sid and latest.version == 1 and latest.subject == subj,
          "get_latest_version: id, version 1, subject")
    check(fresh.get_version(subj, 1).schema_id == sid, "get_version 1")
    check(subj in fresh.get_subjects(), "get_subjects lists the subject")
    check(fresh.get_versions(subj) == [1], "get_versions")
    reg = fresh.lookup_schema(subj, Schema(avsc("ReportIndicators"), "AVRO"))
    check(reg.schema_id == sid and reg.version == 1, "lookup_schema finds it")

    # a second subject with the same schema shares the id (global ids)
    check(fresh.register_schema("other-value", Schema(avsc("ReportIndicators"), "AVRO")) == sid,
          "same schema under another subject: same id")

    # evolution: BACKWARD by default
    v1 = record([{"name": "a", "type": "string"}])
    v2 = record([{"name": "a", "type": "string"},
                 {"name": "b", "type": ["null", "int"], "default": None}])
    bad = record([{"name": "a", "type": "string"}, {"name": "c", "type": "int"}])
    s1 = c.register_schema("evo-value", Schema(v1, "AVRO"))
    check(c.test_compatibility("evo-value", Schema(v2, "AVRO")) is True,
          "adding an optional field is BACKWARD compatible")
    check(c.test_compatibility("evo-value", Schema(bad, "AVRO")) is False,
          "adding a required field is not BACKWARD compatible")
    s2 = c.register_schema("evo-value", Schema(v2, "AVRO"))
    check(s2 != s1 and fresh.get_latest_version("evo-value").version == 2, "v2 registered")
    expect_error(lambda: c.register_schema("evo-value", Schema(bad, "AVRO")), 409, 409,
                 "incompatible schema rejected")
    check(c.get_compatibility() == "BACKWARD", "global compatibility level BACKWARD")
    c.set_compatibility("evo-value", "NONE")
    check(c.get_compatibility("evo-value") == "NONE", "subject level set to NONE")
    check(isinstance(c.register_schema("evo-value", Schema(bad, "AVRO")), int),
          "with NONE, anything registers")

    # error codes
    expect_error(lambda: fresh.get_schema(99999), 404, 40403, "unknown schema id")
    expect_error(lambda: fresh.get_latest_version("no-such-subject"), 404, 40401,
                 "unknown subject")
    expect_error(lambda: fresh.get_version(subj, 42), 404, 40402, "unknown version")
    expect_error(lambda: c.register_schema("x-value", Schema('{"type": "recrd"}', "AVRO")),
                 422, 42201, "invalid schema")
    expect_error(lambda: fresh.lookup_schema(subj, Schema(v1, "AVRO")), 404, 40403,
                 "lookup of a schema not under the subject")

    # delete
    versions = c.delete_subject("other-value")
    check(versions == [1], "delete_subject returns the versions")
    expect_error(lambda: fresh.get_latest_version("other-value"), 404, 40401,
                 "deleted subject is gone")

    # the serde path analytics consumers use: AvroSerializer registers (auto),
    # AvroDeserializer fetches the writer schema by id
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
    ctx = SerializationContext("reports.raw", MessageField.VALUE)
    ser = AvroSerializer(SchemaRegistryClient({"url": URL}), avsc("RawReport"))
    import datetime as dt
    rec = {"url": "http://a.gov.cn/1", "fetched_at": dt.datetime(2024, 2, 29, tzinfo=dt.timezone.utc),
           "content_type": None, "charset": "utf-8", "body": b"\x00\xff", "title": None,
           "metadata": {"k": "v"}}
    data = ser(rec, ctx)
    check(data[0] == 0 and len(data) > 5, "AvroSerializer output is Confluent-framed")
    rid = int.from_bytes(data[1:5], "big")
    check(fresh.get_latest_version("reports.raw-value").schema_id == rid,
          "AvroSerializer registered under the topic strategy subject")
    back = AvroDeserializer(SchemaRegistryClient({"url": URL}))(data, ctx)
    check(back == rec, "AvroDeserializer reads it back through the stand-in")

    # raw HTTP details clients rely on
    r = httpx.get(URL + "/schemas/ids/99999")
    check(r.status_code == 404 and r.json()["error_code"] == 40403 and
          r.headers["content-type"].startswith("application/vnd.schemaregistry"),
          "404 body and content type")
    print(f"check_standin: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
