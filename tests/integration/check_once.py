"""check_once.py - the exactly-once check, from the analytics side: an
independent read_committed consumer (Python confluent-kafka) reads the whole
indicators topic, decodes every record with confluent-kafka's AvroDeserializer
through the Schema Registry, and matches the records to the feeder's manifest
by the input (topic, partition, offset) each record names in its origin.

  check_once.py --manifest M [--manifest M2 ...] --input-topic T --indicators-topic O
                --registry URL [--expect-dlq N --dlq-topic D]

Passes when every input message has exactly one indicators record (none lost,
none duplicated), no record names an input that was not sent, each record's
key is its report id, and the records keep the input's order (in each output
partition, the records from one input partition name increasing offsets: the
worker processes messages in parallel but must produce them in order).
Prints the counts either way."""

import argparse
import collections
import json
import sys
import time

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext

import zbkafka


def load_manifest(paths):
    sent = {}
    for p in paths:
        with open(p) as f:
            for line in f:
                r = json.loads(line)
                sent[(r["partition"], r["offset"])] = r
    return sent


def decode_all(topic, registry_url, max_s):
    deser = AvroDeserializer(SchemaRegistryClient({"url": registry_url}))
    ctx = SerializationContext(topic, MessageField.VALUE)
    out = []
    t0 = time.time()
    msgs = zbkafka.read_all(topic, idle_s=3.0, max_s=max_s, settled=True)
    t1 = time.time()
    for m in msgs:
        out.append((m, deser(m.value(), ctx)))
    print("  %s: %d records read in %.1fs, decoded in %.1fs" % (topic, len(out), t1 - t0, time.time() - t1))
    return out


def check_facts(args, records):
    """The facts topic holds exactly one IndicatorFact per indicator of every
    report record read: none lost, none duplicated (same report, code and
    evidence span)."""
    want = collections.Counter()
    for _m, rec in records:
        for ind in rec["indicators"]:
            want[(rec["report_id"], ind["code"], ind["evidence"]["start"])] += 1
    got = collections.Counter()
    for _m, f in decode_all(args.facts_topic, args.registry, args.max_seconds):
        got[(f["report_id"], f["code"], f["evidence"]["start"])] += 1
    lost = sum((want - got).values())
    extra = sum((got - want).values())
    print("facts check: %d indicators in the report records, %d IndicatorFact records, "
          "%d missing, %d extra or duplicated" % (sum(want.values()), sum(got.values()), lost, extra))
    return lost + extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", action="append", required=True)
    ap.add_argument("--input-topic", required=True)
    ap.add_argument("--indicators-topic", required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--facts-topic", help="also check one IndicatorFact per indicator, once")
    ap.add_argument("--empty-dlq", help="a DLQ topic that must hold nothing (all inputs are good)")
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args()

    sent = load_manifest(args.manifest)
    records = decode_all(args.indicators_topic, args.registry, args.max_seconds)
    seen = collections.Counter()
    unexpected, bad_key = [], []
    for m, rec in records:
        o = rec["origin"]
        where = (o.get("partition"), o.get("offset"))
        if o.get("topic") != args.input_topic or where not in sent:
            unexpected.append((o.get("topic"), where))
            continue
        seen[where] += 1
        if m.key() is None or m.key().decode() != rec["report_id"]:
            bad_key.append(where)
        if rec["origin"].get("source_url") != sent[where]["url"]:
            bad_key.append(("url", where))
    last, disorder = {}, []
    for m, rec in records:
        o = rec["origin"]
        lane = (m.partition(), o.get("partition"))
        if lane in last and o.get("offset") <= last[lane]:
            disorder.append((lane, last[lane], o.get("offset")))
        last[lane] = o.get("offset")
    missing = [w for w in sent if seen[w] == 0]
    dups = {w: n for w, n in seen.items() if n > 1}
    print("exactly-once check: %d inputs, %d indicators records read (read_committed), "
          "%d matched once, %d missing, %d duplicated, %d unexpected, %d key/url mismatches"
          % (len(sent), len(records), sum(1 for n in seen.values() if n == 1), len(missing),
             len(dups), len(unexpected), len(bad_key)))
    if missing:
        print("  missing (partition, offset), first 10: %s" % sorted(missing)[:10])
    if dups:
        print("  duplicated, first 10: %s" % sorted(dups.items())[:10])
    if unexpected:
        print("  unexpected, first 10: %s" % unexpected[:10])
    if bad_key:
        print("  key/url mismatches, first 10: %s" % bad_key[:10])
    print("order check: %d (output partition, input partition) lanes, %d records out of order"
          % (len(last), len(disorder)))
    if disorder:
        print("  out of order ((out, in), previous offset, offset), first 10: %s" % disorder[:10])
    fact_problems = check_facts(args, records) if args.facts_topic else 0
    if args.empty_dlq:
        letters = zbkafka.read_all(args.empty_dlq, idle_s=1.0, isolation="read_uncommitted", settled=True)
        print("DLQ check: %d dead letters (none expected, aborted ones included)" % len(letters))
        fact_problems += len(letters)
    ok = (not missing and not dups and not unexpected and not bad_key and not disorder
          and len(sent) > 0 and not fact_problems)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
