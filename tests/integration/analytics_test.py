"""analytics_test.py - the analytics side. An independent Python consumer
(confluent-kafka with its AvroDeserializer and the Schema Registry, fastavro
underneath) reads what the worker wrote to the indicators and facts topics
and must get the same values as `zhibiao extract --format json` on the same
input bytes: document fields, sections, indicators with evidence, facts,
warnings; and one IndicatorFact per indicator, keyed region.code|year|code."""

import datetime
import json
import os
import subprocess
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext

import itest
import reports
import zbkafka
from itest import log

# What both sides carry for one report (DESIGN.md: "The Avro records carry
# the same fields"); source differs by design (path vs topic/partition/offset).
DOC_FIELDS = ("title", "report_year", "published_date", "region", "issuer", "script",
              "sections", "indicators", "facts", "warnings")


def plain(v):
    """Avro values as JSON would write them."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def diff(a, b, path=""):
    """Differences between the Avro side (a) and the JSON side (b). Keys that
    only one side has are compared only when the other side holds a value,
    since optional Avro fields default to null where JSON omits them."""
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b:
                if a[k] not in (None, [], {}):
                    out.append("%s.%s: only in Avro (%r)" % (path, k, a[k]))
                continue
            if k not in a:
                if b[k] not in (None, [], {}):
                    out.append("%s.%s: only in JSON (%r)" % (path, k, b[k]))
                continue
            out += diff(a[k], b[k], "%s.%s" % (path, k))
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d items in Avro, %d in JSON" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, "%s[%d]" % (path, i))
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= 1e-9 * max(1, abs(b))):
            out.append("%s: %r != %r" % (path, a, b))
    elif a != b:
        out.append("%s: %r != %r" % (path, a, b))
    return out


def input_bytes(rec):
    """The body the worker received for a manifest entry, rebuilt."""
    if rec.get("file"):
        with open(rec["file"], "rb") as f:
            return f.read(), os.path.splitext(rec["file"])[1] or ".txt"
    r = reports.make_report(rec["index_report"])
    return r["body"], ".html" if r["content_type"] == "text/html" else ".txt"


def main():
    run = itest.Run("analytics", partitions=3)
    run.create_topics()
    n_gen = 30
    cmd, manifest = run.feed(n_gen, start=500, fmt="mix", fixtures=True)
    subprocess.run(cmd, check=True)
    sent = {}
    with open(manifest) as f:
        for line in f:
            r = json.loads(line)
            sent[(r["partition"], r["offset"])] = r
    # generated reports follow the fixtures in the feeder's order
    n_fix = sum(1 for r in sent.values() if r.get("file"))
    for r in sent.values():
        if not r.get("file"):
            r["index_report"] = 500 + r["index"] - n_fix
    log("fed %d fixture files and %d generated reports" % (n_fix, n_gen))

    w = itest.Worker(run.config("worker", http=True), "worker").start()
    try:
        itest.wait_until(lambda: run.lag() == 0 or not w.alive(), 300, 1.0, "the worker to drain")
    finally:
        rc, _ = w.term(60)
    if rc != 0:
        log("worker exit %s\n%s" % (rc, itest.tail(w.logs(), 40)))
        return 1

    reg = SchemaRegistryClient({"url": run.registry})
    ind_de, fact_de = AvroDeserializer(reg), AvroDeserializer(reg)
    ind_ctx = SerializationContext(run.indicators, MessageField.VALUE)
    fact_ctx = SerializationContext(run.facts, MessageField.VALUE)
    # the worker has exited: its transactions are closed
    records = [ind_de(m.value(), ind_ctx) for m in zbkafka.read_all(run.indicators, settled=True)]
    facts = [(m.key().decode(), fact_de(m.value(), fact_ctx)) for m in zbkafka.read_all(run.facts, settled=True)]
    letters = zbkafka.read_all(run.dlq, settled=True)
    log("read %d indicators records, %d facts, %d dead letters" % (len(records), len(facts), len(letters)))

    # zhibiao extract on the same bytes
    files, keys = [], []
    for key, rec in sorted(sent.items()):
        body, ext = input_bytes(rec)
        path = os.path.join(run.dir, "in-%d-%d%s" % (key[0], key[1], ext))
        with open(path, "wb") as f:
            f.write(body)
        files.append(path)
        keys.append(key)
    p = subprocess.run([itest.BIN, "extract", "--format", "json"] + files, capture_output=True,
                       env=itest.worker_env())
    lines = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines() if x.strip()]
    by_source = {d.get("source"): d for d in lines}
    if p.returncode not in (0, 1):
        log("zhibiao extract failed: %s" % p.stderr.decode()[-2000:])
        return 1

    by_origin = {(r["origin"]["partition"], r["origin"]["offset"]): r for r in records}
    bad, compared, n_ind = 0, 0, 0
    for key, path in zip(keys, files):
        want = by_source.get(path)
        got = by_origin.get(key)
        if want is None and got is None:
            continue  # both sides refused it (it went to the DLQ)
        if want is None or got is None:
            log("FAIL %s: extract %s, worker %s" % (path, "ok" if want else "failed", "ok" if got else "no record"))
            bad += 1
            continue
        compared += 1
        n_ind += len(got["indicators"])
        d = diff({k: plain(got.get(k)) for k in DOC_FIELDS}, {k: want.get(k) for k in DOC_FIELDS})
        if d:
            bad += 1
            log("FAIL %s differs:\n  %s" % (path, "\n  ".join(d[:10])))
        # one IndicatorFact per indicator, same values, keyed region.code|year|code
        mine = [(k, f) for k, f in facts if f["report_id"] == got["report_id"]]
        if len(mine) != len(got["indicators"]):
            bad += 1
            log("FAIL %s: %d facts for %d indicators" % (path, len(mine), len(got["indicators"])))
        for ind in got["indicators"]:
            match = [(k, f) for k, f in mine if f["code"] == ind["code"] and f["value"] == ind["value"]
                     and f["evidence"]["start"] == ind["evidence"]["start"]]
            region = got["region"]["code"] or ""
            year = "" if got["report_year"] is None else str(got["report_year"])
            if not match or match[0][0] != "%s|%s|%s" % (region, year, ind["code"]):
                bad += 1
                log("FAIL %s: no fact record for %s=%s keyed %s|%s|%s" % (path, ind["code"], ind["value"], region, year, ind["code"]))
    log("compared %d reports (%d indicators) between the analytics consumer and zhibiao extract: %d mismatches"
        % (compared, n_ind, bad))
    if compared < n_gen or n_ind == 0:
        log("FAIL too few reports compared (%d) or no indicators at all (%d)" % (compared, n_ind))
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
