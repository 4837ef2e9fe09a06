"""poison_test.py - poison messages (invalid bytes, empty, 20 MB, not a
report, wrong Avro, bad JSON envelope) end in the DLQ with the right reason,
the original bytes and headers, while good reports around them - on the same
partition, so a stuck message would block them - each get their indicators
record exactly once."""

import json
import os
import sys
import uuid

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext

import itest
import poison
import zbkafka
from itest import log


def publish(run, items):
    """items: [(kind, key, value, headers, expect)] -> list of dicts with offsets."""
    p = zbkafka.producer({"linger.ms": 0})
    sent = []

    def cb(rec):
        def f(err, msg):
            if err:
                raise SystemExit("publish failed: %s" % err)
            rec.update(partition=msg.partition(), offset=msg.offset())
        return f

    for kind, key, value, headers, expect in items:
        rec = {"kind": kind, "key": key, "value": value, "headers": headers, "expect": expect}
        p.produce(run.raw, key=key, value=value, headers=headers, partition=0, on_delivery=cb(rec))
        p.flush(60)  # one at a time: the order on the partition is the order here
        sent.append(rec)
    return sent


def read_dlq(run):
    deser = AvroDeserializer(SchemaRegistryClient({"url": run.registry}))
    ctx = SerializationContext(run.dlq, MessageField.VALUE)
    # called once the worker has exited: its transactions are closed
    msgs = zbkafka.read_all(run.dlq, max_bytes=40 * 1024 * 1024, settled=True)
    return [(m, deser(m.value(), ctx)) for m in msgs]


def check_dlq(sent, letters):
    bad = 0
    by_origin = {}
    for m, d in letters:
        by_origin.setdefault((d["partition"], d["offset"]), []).append((m, d))
    for rec in sent:
        got = by_origin.get((rec["partition"], rec["offset"]), [])
        if rec["expect"] is None:
            if got:
                log("FAIL good report at offset %d went to the DLQ: %s" % (rec["offset"], got[0][1]["error_code"]))
                bad += 1
            continue
        if len(got) != 1:
            log("FAIL %s: %d DLQ records, expected 1" % (rec["kind"], len(got)))
            bad += 1
            continue
        m, d = got[0]
        problems = []
        if d["error_code"] != rec["expect"]:
            problems.append("reason %s, expected %s (%s)" % (d["error_code"], rec["expect"], d["error_message"]))
        value = d["value"] or b""
        if rec["expect"] == "too_large":
            if not (0 < len(value) < len(rec["value"]) and rec["value"].startswith(value)):
                problems.append("too-large value is not a head of the original (%d bytes)" % len(value))
        elif value != rec["value"]:
            problems.append("value differs from the original (%d vs %d bytes)" % (len(value), len(rec["value"])))
        if (d["key"] or None) != rec["key"]:
            problems.append("key %r, expected %r" % (d["key"], rec["key"]))
        hdrs = [(h["name"], h["value"]) for h in d["headers"]]
        if hdrs != list(rec["headers"]):
            problems.append("headers %r, expected %r" % (hdrs, rec["headers"]))
        if not d["error_message"] or d["stage"] not in ("decode", "extract"):
            problems.append("stage %s / message %r" % (d["stage"], d["error_message"]))
        kafka_hdrs = dict(m.headers() or [])
        if kafka_hdrs.get("zb.reason", b"").decode() != d["error_code"]:
            problems.append("zb.reason header %r" % kafka_hdrs.get("zb.reason"))
        status = "ok" if not problems else "FAIL " + "; ".join(problems)
        log("%-18s -> DLQ %-13s stage=%-7s %8d bytes kept  %s" % (rec["kind"], d["error_code"], d["stage"], len(value), status))
        bad += bool(problems)
    if len(letters) != sum(1 for r in sent if r["expect"]):
        log("FAIL %d DLQ records for %d poison messages" % (len(letters), sum(1 for r in sent if r["expect"])))
        bad += 1
    return bad


def main():
    run = itest.Run("poison", partitions=1)
    run.create_topics()
    items, n = [], 0
    for kind, key, value, headers, expect in poison.poison_messages(run.registry, run.raw):
        for _ in range(3):
            url, body, hdrs = poison.good_message(n, run.id)
            items.append(("good", url.encode(), body, hdrs, None))
            n += 1
        items.append((kind, key, value, headers, expect))
    for _ in range(3):
        url, body, hdrs = poison.good_message(n, run.id)
        items.append(("good", url.encode(), body, hdrs, None))
        n += 1
    sent = publish(run, items)
    log("published %d good reports and %d poison messages on one partition" % (n, len(items) - n))

    manifest = os.path.join(run.dir, "good.jsonl")
    with open(manifest, "w") as f:
        for r in sent:
            if r["expect"] is None:
                f.write(json.dumps({"partition": r["partition"], "offset": r["offset"],
                                    "url": r["key"].decode()}) + "\n")

    w = itest.Worker(run.config("worker", http=True), "worker").start()
    try:
        itest.wait_until(lambda: run.lag() == 0 or not w.alive(), 300, 1.0, "the worker to drain")
    finally:
        rc, secs = w.term(60)
    log("worker: SIGTERM -> exit %s in %.1fs" % (rc, secs))
    if rc != 0:
        log(itest.tail(w.logs(), 40))
        return 1
    bad = check_dlq(sent, read_dlq(run))
    once = run.check_once([manifest])
    return 1 if bad or once else 0


if __name__ == "__main__":
    sys.exit(main())
